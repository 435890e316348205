package store_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune/council"
	"commune/store"
)

func FuzzParsePHC(f *testing.F) {
	good, err := store.HashPassword("correct horse battery")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA")
	f.Add("$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")
	f.Add("$argon2id$v=19$m=99999999999,t=2,p=1$c2FsdA$aGFzaA")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := store.ParsePHC(s)
		if err != nil {
			return
		}
		// Whatever parses stays within bounds that keep verification cheap
		// enough to survive, and verifying never panics.
		if p.Memory == 0 || p.Memory > 1<<21 || p.Time == 0 || p.Time > 64 || p.Threads == 0 || len(p.Salt) < 8 || len(p.Key) < 16 {
			t.Fatalf("ParsePHC(%q) = %+v: out of bounds", s, p)
		}
		if p.Memory <= 64*1024 && p.Time <= 4 {
			if _, err := store.VerifyPassword(s, "x"); err != nil {
				t.Fatalf("VerifyPassword after ParsePHC succeeded: %v", err)
			}
		}
	})
}

func TestPasswordRoundTrip(t *testing.T) {
	h1, err := store.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := store.HashPassword("correct horse battery")
	if h1 == h2 {
		t.Error("two hashes of one password are equal: no random salt")
	}
	tests := []struct {
		hash, password string
		want           bool
	}{
		{h1, "correct horse battery", true},
		{h2, "correct horse battery", true},
		{h1, "correct horse batter", false},
		{h1, "", false},
	}
	for _, tt := range tests {
		got, err := store.VerifyPassword(tt.hash, tt.password)
		if err != nil || got != tt.want {
			t.Errorf("VerifyPassword(%q) = %v, %v, want %v", tt.password, got, err, tt.want)
		}
	}
	if _, err := store.VerifyPassword("$argon2id$nonsense", "x"); err == nil {
		t.Error("VerifyPassword of a malformed hash succeeded")
	}
}

var membersSpec = council.Table{Name: "members", Columns: []council.Column{{Name: "id", Type: "INTEGER"}, {Name: "name", Type: "TEXT"}, {Name: "joined", Type: "INTEGER"}}, Key: 1}

func TestDecodeTable(t *testing.T) {
	tests := []struct {
		name, in string
		size     int64
		rows     [][]any
		err      string
	}{
		{"web's shape", `{"table":"members","columns":[{"Name":"id","Type":"INTEGER"},{"Name":"name","Type":"TEXT"},{"Name":"joined","Type":"INTEGER"}],"rows":[[1,"ann",5],[2,"bo",9007199254740993]],"size":7}`,
			7, [][]any{{int64(1), "ann", int64(5)}, {int64(2), "bo", int64(9007199254740993)}}, ""},
		{"size first, no rows", `{"size":0,"rows":[]}`, 0, nil, ""},
		{"other table", `{"table":"votes","rows":[],"size":1}`, 0, nil, "want"},
		{"wrong column", `{"columns":[{"name":"id","type":"TEXT"},{"name":"name","type":"TEXT"},{"name":"joined","type":"INTEGER"}],"rows":[],"size":1}`, 0, nil, "column 0"},
		{"float", `{"rows":[[1.5,"a",1]],"size":1}`, 0, nil, "int64"},
		{"string for int", `{"rows":[["1","a",1]],"size":1}`, 0, nil, "not an integer"},
		{"short row", `{"rows":[[1,"a"]],"size":1}`, 0, nil, "2 values"},
		{"no size", `{"rows":[]}`, 0, nil, "required"},
		{"negative size", `{"rows":[],"size":-1}`, 0, nil, "size"},
		{"unknown member", `{"rows":[],"size":1,"extra":1}`, 0, nil, "unknown"},
		{"twice", `{"rows":[],"rows":[],"size":1}`, 0, nil, "twice"},
		{"trailing", `{"rows":[],"size":1} {}`, 0, nil, "after"},
		{"cut short", `{"rows":[[1,"a",1],`, 0, nil, "EOF"},
	}
	for _, tt := range tests {
		var rows [][]any
		size, err := store.DecodeTable(strings.NewReader(tt.in), membersSpec, func(r []any) error {
			rows = append(rows, r)
			return nil
		})
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want one with %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if size != tt.size {
			t.Errorf("%s: size %d, want %d", tt.name, size, tt.size)
		}
		if diff := cmp.Diff(tt.rows, rows); diff != "" {
			t.Errorf("%s: rows (-want +got):\n%s", tt.name, diff)
		}
	}
	stop := errors.New("stop")
	if _, err := store.DecodeTable(strings.NewReader(`{"rows":[[1,"a",1]],"size":1}`), membersSpec, func([]any) error { return stop }); err != stop {
		t.Errorf("fn's error: %v, want it returned as is", err)
	}
}

func FuzzDecodeTable(f *testing.F) {
	f.Add([]byte(`{"table":"members","columns":[{"name":"id","type":"INTEGER"},{"name":"name","type":"TEXT"},{"name":"joined","type":"INTEGER"}],"rows":[[1,"ann",5]],"size":7}`))
	f.Add([]byte(`{"rows":[],"size":0}`))
	f.Add([]byte(`{"rows":[[1e3,"a",1]],"size":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = store.DecodeTable(bytes.NewReader(b), membersSpec, func(r []any) error {
			if len(r) != 3 {
				t.Fatalf("row of %d values passed to fn", len(r))
			}
			if _, ok := r[0].(int64); !ok {
				t.Fatalf("INTEGER column holds %T", r[0])
			}
			if _, ok := r[1].(string); !ok {
				t.Fatalf("TEXT column holds %T", r[1])
			}
			return nil
		})
	})
}

func FuzzDecodeEntriesPage(f *testing.F) {
	f.Add([]byte(`{"from":0,"to":1,"size":1,"entries":[{"index":0,"time":5,"actor":"server","kind":"x.y","body":"e30="}]}`))
	f.Add([]byte(`{"size":0,"entries":[]}`))
	f.Add([]byte(`{"size":-1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := store.DecodeEntriesPage(bytes.NewReader(b))
		if err != nil {
			return
		}
		if p.Size < 0 {
			t.Fatalf("negative size %d accepted", p.Size)
		}
		for _, j := range p.Entries {
			_, _ = j.Entry() // validation must not panic
		}
	})
}
