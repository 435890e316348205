package record

import (
	"bytes"
	"crypto/sha256"
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune"
)

// TestEncodeKnownAnswer pins the byte layout documented in docs/record.md.
func TestEncodeKnownAnswer(t *testing.T) {
	e := Entry{Index: 258, Time: -2, Actor: "server", Kind: "k", Body: []byte(`{}`)}
	want := mustHex(t, ""+
		"01"+ // version
		"0000000000000102"+ // index 258
		"fffffffffffffffe"+ // time -2
		"00000006"+"736572766572"+ // "server"
		"00000001"+"6b"+ // "k"
		"00000002"+"7b7d") // "{}"
	if got := e.Encode(); !bytes.Equal(got, want) {
		t.Errorf("Encode() = %x, want %x", got, want)
	}
	if got := e.EncodedLen(); got != len(want) {
		t.Errorf("EncodedLen() = %d, want %d", got, len(want))
	}
	if got, wantHash := e.LeafHash(), sha256.Sum256(append([]byte{0}, want...)); got != wantHash {
		t.Errorf("LeafHash() = %x, want %x", got, wantHash)
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	tests := append(sampleEntries(5),
		Entry{Index: 0, Time: 0, Actor: "server", Kind: "term.ended", Body: []byte{}},
		Entry{Index: 1<<63 - 1, Time: -1 << 63, Actor: "operator:Ada Lovelace", Kind: "member.admitted", Body: []byte(`{"name":"Zoë <&>"}`)},
		Entry{Index: 9, Time: 1, Actor: "member:12", Kind: "vote.cast", Body: []byte{0, 1, 2, 0xff}},
	)
	for _, want := range tests {
		b := want.Encode()
		got, err := DecodeEntry(b)
		if err != nil {
			t.Fatalf("DecodeEntry(Encode(%+v)): %v", want, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
		if again := got.Encode(); !bytes.Equal(again, b) {
			t.Errorf("re-encoding differs: %x, want %x", again, b)
		}
	}
}

// TestEncodingUnambiguous checks that moving bytes between fields changes
// the encoding, the property a plain concatenation would lack.
func TestEncodingUnambiguous(t *testing.T) {
	es := []Entry{
		{Actor: "member:1", Kind: "ab", Body: []byte("c")},
		{Actor: "member:1a", Kind: "b", Body: []byte("c")},
		{Actor: "member:1", Kind: "a", Body: []byte("bc")},
		{Actor: "member:1", Kind: "abc", Body: []byte{}},
	}
	seen := map[string]int{}
	for i, e := range es {
		k := string(e.Encode())
		if j, ok := seen[k]; ok {
			t.Errorf("entries %d and %d share an encoding", j, i)
		}
		seen[k] = i
	}
}

func TestDecodeEntryRejects(t *testing.T) {
	valid := Entry{Index: 3, Time: 7, Actor: "member:1", Kind: "vote.cast", Body: []byte(`{}`)}.Encode()
	with := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), valid...)) }
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"short", valid[:10]},
		{"version 0", with(func(b []byte) []byte { b[0] = 0; return b })},
		{"version 2", with(func(b []byte) []byte { b[0] = 2; return b })},
		{"trailing byte", append(append([]byte(nil), valid...), 0)},
		{"truncated body", valid[:len(valid)-1]},
		{"actor length too long", with(func(b []byte) []byte { b[20] = 200; return b })},
		{"huge actor length", with(func(b []byte) []byte { b[17] = 0xff; return b })},
		{"negative index", Entry{Index: -1, Actor: "server", Kind: "k"}.Encode()},
		{"empty actor", Entry{Kind: "k"}.Encode()},
		{"empty kind", Entry{Actor: "server"}.Encode()},
		{"newline in actor", Entry{Actor: "server\n", Kind: "k"}.Encode()},
		{"control in kind", Entry{Actor: "server", Kind: "a\x00b"}.Encode()},
		{"invalid UTF-8", Entry{Actor: "server", Kind: "\xff"}.Encode()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeEntry(tc.in)
			if err == nil {
				t.Fatalf("DecodeEntry(%x) succeeded", tc.in)
			}
			if got := commune.ErrorCode(err); got != commune.EINVALID {
				t.Errorf("error code %q, want %q (%v)", got, commune.EINVALID, err)
			}
		})
	}
}

func FuzzDecodeEntry(f *testing.F) {
	for _, e := range sampleEntries(3) {
		f.Add(e.Encode())
	}
	f.Add(Entry{Actor: "server", Kind: "k", Body: []byte{}}.Encode())
	f.Add([]byte{})
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := DecodeEntry(b)
		if err != nil {
			if commune.ErrorCode(err) != commune.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if got := e.Encode(); !bytes.Equal(got, b) {
			t.Fatalf("decoded %x, re-encoded %x", b, got)
		}
		if err := e.Validate(); err != nil {
			t.Fatalf("decoded an invalid entry: %v", err)
		}
	})
}
