package record

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestProofJSONRoundTrip sends proofs through their JSON shapes, as the
// server and the `audit URL` client do, and verifies them at the far end.
func TestProofJSONRoundTrip(t *testing.T) {
	es := sampleEntries(21)
	m, c := logOf(t, es)
	for i := range es {
		p, err := InclusionProof(int64(i), c.Size, m)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(NewInclusionJSON(int64(i), c.Size, es[i].LeafHash(), p))
		if err != nil {
			t.Fatal(err)
		}
		var j InclusionJSON
		if err := json.Unmarshal(b, &j); err != nil {
			t.Fatal(err)
		}
		if err := j.Verify(c, es[i]); err != nil {
			t.Errorf("entry %d: %v", i, err)
		}
		if err := j.Verify(c, es[(i+1)%len(es)]); err == nil {
			t.Errorf("entry %d: proof verified another entry", i)
		}
		other := es[i]
		other.Body = []byte(`{"forged":true}`)
		if err := j.Verify(c, other); err == nil {
			t.Errorf("entry %d: proof verified a changed entry", i)
		}
		smaller := Checkpoint{Origin: c.Origin, Size: c.Size - 1, Hash: c.Hash}
		if err := j.Verify(smaller, es[i]); err == nil {
			t.Errorf("entry %d: proof verified against a checkpoint of another size", i)
		}
	}
	oldRoot, err := TreeHash(8, m)
	if err != nil {
		t.Fatal(err)
	}
	older := Checkpoint{Origin: c.Origin, Size: 8, Hash: oldRoot}
	p, err := ConsistencyProof(8, c.Size, m)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(NewConsistencyJSON(8, c.Size, p))
	if err != nil {
		t.Fatal(err)
	}
	var j ConsistencyJSON
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	if err := j.Verify(older, c); err != nil {
		t.Error(err)
	}
	forged := older
	forged.Hash[0] ^= 1
	if err := j.Verify(forged, c); err == nil {
		t.Error("consistency verified from a forged older root")
	}
	if err := j.Verify(c, older); err == nil {
		t.Error("consistency verified with swapped checkpoints")
	}
}

func TestProofJSONShape(t *testing.T) {
	b, err := json.Marshal(NewConsistencyJSON(0, 3, nil))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"old_size":0,"new_size":3,"proof":[]}`; got != want {
		t.Errorf("ConsistencyJSON = %s, want %s", got, want)
	}
	b, err = json.Marshal(NewInclusionJSON(0, 1, EmptyHash, nil))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"index":0,"size":1,"leaf":"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=","proof":[]}`; got != want {
		t.Errorf("InclusionJSON = %s, want %s", got, want)
	}
}

func TestEntryJSONRoundTrip(t *testing.T) {
	want := Entry{Index: 4, Time: 17, Actor: "member:3", Kind: "vote.cast", Body: []byte(`{"x":"<&>"}`)}
	b, err := json.Marshal(NewEntryJSON(want))
	if err != nil {
		t.Fatal(err)
	}
	var j EntryJSON
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	got, err := j.Entry()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := (EntryJSON{Index: -1, Actor: "server", Kind: "k"}).Entry(); err == nil {
		t.Error("EntryJSON with a negative index accepted")
	}
}

func TestParseHashRejects(t *testing.T) {
	for _, s := range []string{"", "AAAA", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=",
		"47DEQpj8HBSa+/TImW+5JCeuQeRk\nm5NMpJWZG3hSuFU="} {
		if _, err := ParseHash(s); err == nil {
			t.Errorf("ParseHash(%q) succeeded", s)
		}
	}
}

func FuzzInclusionJSON(f *testing.F) {
	f.Add([]byte(`{"index":0,"size":1,"leaf":"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=","proof":[]}`))
	f.Add([]byte(`{"index":3,"size":2,"leaf":"x","proof":["47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="]}`))
	e := Entry{Index: 0, Time: 1, Actor: "server", Kind: "k", Body: []byte("{}")}
	c := Checkpoint{Origin: "fuzz.example/log", Size: 1, Hash: e.LeafHash()}
	f.Fuzz(func(t *testing.T, b []byte) {
		var j InclusionJSON
		if json.Unmarshal(b, &j) != nil {
			return
		}
		leaf, p, err := j.Parse()
		if err != nil {
			return
		}
		again := NewInclusionJSON(j.Index, j.Size, leaf, p)
		if diff := cmp.Diff(j, again, cmp.Comparer(func(a, b []string) bool { return len(a) == len(b) && (len(a) == 0 || cmp.Equal(a, b)) })); diff != "" {
			t.Fatalf("parse and re-encode differ (-in +out):\n%s", diff)
		}
		// Must not panic, whatever the sizes and index.
		// Must not panic, whatever the sizes and index; only the one true
		// proof (of entry 0 in the tree of 1) verifies.
		if j.Verify(c, e) == nil && (j.Index != 0 || j.Size != 1 || len(p) != 0) {
			t.Fatalf("verified %+v", j)
		}
	})
}
