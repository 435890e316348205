package web

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"commune"
	"commune/council"

	"github.com/google/go-cmp/cmp"
)

// sample is a request type standing in for any act body.
type sample struct {
	Name    string   `json:"name"`
	Council int64    `json:"council"`
	Ranks   [][]int  `json:"ranks,omitempty"`
	Tags    []string `json:"tags,omitempty"`
}

func TestDecodeRequest(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		want       sample
		wantReason string // "" for success
	}{
		{"object", `{"name":"Ada","council":3}`, sample{Name: "Ada", Council: 3}, ""},
		{"empty body is {}", ``, sample{}, ""},
		{"whitespace body is {}", " \n\t", sample{}, ""},
		{"nested", `{"ranks":[[1,2],[3]]}`, sample{Ranks: [][]int{{1, 2}, {3}}}, ""},
		{"unknown field", `{"name":"Ada","admin":true}`, sample{}, reasonUnknownField},
		{"trailing object", `{"name":"Ada"}{"name":"Bob"}`, sample{}, reasonTrailing},
		{"trailing garbage", `{"name":"Ada"} x`, sample{}, reasonTrailing},
		{"truncated", `{"name":"Ada"`, sample{}, reasonMalformed},
		{"syntax", `{"name":Ada}`, sample{}, reasonMalformed},
		{"wrong type", `{"council":"three"}`, sample{}, reasonBadType},
		{"array body", `[1,2]`, sample{}, reasonNotObject},
		{"null body", `null`, sample{}, reasonNotObject},
		{"string body", `"x"`, sample{}, reasonNotObject},
		{"too large", `{"name":"` + strings.Repeat("a", maxBodyBytes) + `"}`, sample{}, reasonTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got sample
			err := decodeRequest(strings.NewReader(tt.body), maxBodyBytes, &got)
			if tt.wantReason == "" {
				if err != nil {
					t.Fatalf("decodeRequest: %v", err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("decoded (-want +got):\n%s", diff)
				}
				return
			}
			if got, want := commune.ErrorCode(err), commune.EINVALID; got != want {
				t.Fatalf("code = %q, want %q (err %v)", got, want, err)
			}
			if got := commune.ErrorReason(err); got != tt.wantReason {
				t.Errorf("reason = %q, want %q (err %v)", got, tt.wantReason, err)
			}
			if commune.ErrorMessage(err) == "" {
				t.Errorf("empty message")
			}
		})
	}
}

// FuzzDecodeRequest checks the decoding of API bodies into the request
// types the routes use (a council act, a vote, a proposal, sign-in): any
// body either decodes into a value that re-encodes and decodes to itself
// with no field the type lacks, or is refused with an EINVALID error of a
// request reason. It never panics.
func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{
		``, `{}`, `{"name":"Ada","council":3}`, `{"ranks":[[1,2],[3]]}`,
		`{"name":"Ada"}{}`, `{"x":1}`, `[`, `{"council":1e400}`, `{"name":"\ud800"}`,
		`{"Name":"case"}`, `{"tags":null}`, `{"name":"a","name":"b"}`,
		`{"choice":"yes"}`, `{"ranking":[[4],[2,3]]}`, `{"question":-1}`, `{"question":9223372036854775808}`,
		`{"kind":"mandate","title":"t","motion":{"target":4,"choice":"no"}}`,
		`{"motion":{"statutes":{"quorum":200}}}`, `{"member":"Ada","password":"secret-secret"}`,
		`{"code":"0123456789abcdef","name":"Ana","password":"long-enough"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzInto[sample](t, body)
		fuzzInto[council.Vote](t, body)
		fuzzInto[council.Propose](t, body)
		fuzzInto[council.OpenRecall](t, body)
		fuzzInto[statutesRequest](t, body)
		fuzzInto[signInRequest](t, body)
		fuzzInto[acceptRequest](t, body)
	})
}

// fuzzInto checks decodeRequest's contract for one request type.
func fuzzInto[T any](t *testing.T, body []byte) {
	var got T
	err := decodeRequest(bytes.NewReader(body), 4096, &got)
	if err != nil {
		if commune.ErrorCode(err) != commune.EINVALID || !requestReasons[commune.ErrorReason(err)] || commune.ErrorMessage(err) == "" {
			t.Fatalf("%T: error %v: want EINVALID with a request reason and a message", got, err)
		}
		return
	}
	if len(body) > 4096 {
		t.Fatalf("%T: accepted a body of %d bytes over the limit", got, len(body))
	}
	// What was accepted re-encodes and decodes to the same value.
	enc, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var again T
	if err := decodeRequest(bytes.NewReader(enc), 1<<20, &again); err != nil {
		t.Fatalf("%T: re-decoding %s: %v", got, enc, err)
	}
	if diff := cmp.Diff(got, again); diff != "" {
		t.Fatalf("%T: round trip (-first +second):\n%s", got, diff)
	}
	// Every key of the accepted object is a field of T (JSON names match
	// case-insensitively, as encoding/json does).
	var keys map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimSpace(body), &keys) == nil {
		known := map[string]bool{}
		for _, f := range reflect.VisibleFields(reflect.TypeFor[T]()) {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			known[strings.ToLower(name)] = true
		}
		for k := range keys {
			if !known[strings.ToLower(k)] {
				t.Fatalf("%T: accepted unknown field %q", got, k)
			}
		}
	}
}
