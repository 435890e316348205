package record

import (
	"crypto/sha256"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/mod/sumdb/tlog"
)

// vectors is testdata/rfc6962.json: the RFC 6962 reference tree.
type vectors struct {
	EmptyTree  string `json:"empty_tree"`
	LeafHashes []struct {
		Data string `json:"data"`
		Hash string `json:"hash"`
	} `json:"leaf_hashes"`
	Leaves    []string `json:"leaves"`
	Roots     []string `json:"roots"`
	Inclusion []struct {
		Index int64    `json:"index"`
		Size  int64    `json:"size"`
		Proof []string `json:"proof"`
	} `json:"inclusion"`
	Consistency []struct {
		Old   int64    `json:"old"`
		New   int64    `json:"new"`
		Proof []string `json:"proof"`
	} `json:"consistency"`
}

func loadVectors(t *testing.T) (vectors, [][]byte) {
	t.Helper()
	b, err := os.ReadFile("testdata/rfc6962.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vectors
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("testdata/rfc6962.json: %v", err)
	}
	leaves := make([][]byte, len(v.Leaves))
	for i, s := range v.Leaves {
		leaves[i] = mustHex(t, s)
	}
	return v, leaves
}

func TestEmptyTreeHash(t *testing.T) {
	v, _ := loadVectors(t)
	want := hexHash(t, v.EmptyTree)
	if EmptyHash != want {
		t.Errorf("EmptyHash = %x, want %x", EmptyHash, want)
	}
	got, err := TreeHash(0, new(MemoryHashes))
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("TreeHash(0) = %x, want %x", got, want)
	}
}

func TestLeafHashVectors(t *testing.T) {
	v, _ := loadVectors(t)
	for _, tc := range v.LeafHashes {
		if got, want := tlog.RecordHash(mustHex(t, tc.Data)), hexHash(t, tc.Hash); got != want {
			t.Errorf("leaf hash of %q = %x, want %x", tc.Data, got, want)
		}
	}
}

func TestRootVectors(t *testing.T) {
	v, leaves := loadVectors(t)
	m := treeOf(t, leaves)
	for size := int64(1); size <= int64(len(leaves)); size++ {
		got, err := TreeHash(size, m)
		if err != nil {
			t.Fatal(err)
		}
		if want := hexHash(t, v.Roots[size-1]); got != want {
			t.Errorf("root of %d leaves = %x, want %x", size, got, want)
		}
	}
}

func TestInclusionVectors(t *testing.T) {
	v, leaves := loadVectors(t)
	m := treeOf(t, leaves)
	for _, tc := range v.Inclusion {
		got, err := InclusionProof(tc.Index, tc.Size, m)
		if err != nil {
			t.Fatalf("InclusionProof(%d, %d): %v", tc.Index, tc.Size, err)
		}
		want := tlog.RecordProof(hexHashes(t, tc.Proof))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("InclusionProof(%d, %d) (-want +got):\n%s", tc.Index, tc.Size, diff)
		}
		root := hexHash(t, v.Roots[tc.Size-1])
		if err := VerifyInclusion(want, tc.Size, root, tc.Index, leaves[tc.Index]); err != nil {
			t.Errorf("VerifyInclusion(%d, %d): %v", tc.Index, tc.Size, err)
		}
		if err := VerifyInclusion(want, tc.Size, root, tc.Index, []byte("WrongLeaf")); err == nil {
			t.Errorf("VerifyInclusion(%d, %d) accepted a wrong leaf", tc.Index, tc.Size)
		}
	}
}

func TestConsistencyVectors(t *testing.T) {
	v, leaves := loadVectors(t)
	m := treeOf(t, leaves)
	for _, tc := range v.Consistency {
		got, err := ConsistencyProof(tc.Old, tc.New, m)
		if err != nil {
			t.Fatalf("ConsistencyProof(%d, %d): %v", tc.Old, tc.New, err)
		}
		want := tlog.TreeProof(hexHashes(t, tc.Proof))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ConsistencyProof(%d, %d) (-want +got):\n%s", tc.Old, tc.New, diff)
		}
		oldRoot, newRoot := hexHash(t, v.Roots[tc.Old-1]), hexHash(t, v.Roots[tc.New-1])
		if err := VerifyConsistency(want, tc.Old, tc.New, oldRoot, newRoot); err != nil {
			t.Errorf("VerifyConsistency(%d, %d): %v", tc.Old, tc.New, err)
		}
	}
}

// referenceRoot is RFC 6962's MTH written out directly from section 2.1,
// independent of tlog, to check TreeHash on sizes the vectors lack.
func referenceRoot(leaves [][]byte) tlog.Hash {
	switch n := len(leaves); n {
	case 0:
		return sha256.Sum256(nil)
	case 1:
		return sha256.Sum256(append([]byte{0}, leaves[0]...))
	default:
		k := 1
		for k*2 < n {
			k *= 2
		}
		l, r := referenceRoot(leaves[:k]), referenceRoot(leaves[k:])
		return sha256.Sum256(append(append([]byte{1}, l[:]...), r[:]...))
	}
}

func TestTreeHashMatchesReference(t *testing.T) {
	leaves := encodeAll(sampleEntries(70))
	m := treeOf(t, leaves)
	for size := 0; size <= len(leaves); size++ {
		got, err := TreeHash(int64(size), m)
		if err != nil {
			t.Fatal(err)
		}
		if want := referenceRoot(leaves[:size]); got != want {
			t.Errorf("TreeHash(%d) = %x, want %x", size, got, want)
		}
	}
}

// countingReader counts ReadHashes calls on the hashes it wraps.
type countingReader struct {
	r     tlog.HashReader
	calls int
}

func (c *countingReader) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	c.calls++
	return c.r.ReadHashes(idx)
}

// TestAppendHashesBatches appends the same leaves in batches of every size
// and checks the stored hashes equal those of one-at-a-time appends, that
// they are contiguous, and that each batch reads the old tree at most once.
func TestAppendHashesBatches(t *testing.T) {
	leaves := encodeAll(sampleEntries(70))
	var want []IndexedHash
	var single MemoryHashes
	for _, l := range leaves {
		hs, err := single.Append(l)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, hs...)
	}
	if got := int64(len(want)); got != tlog.StoredHashCount(70) {
		t.Fatalf("%d stored hashes, want %d", got, tlog.StoredHashCount(70))
	}
	for batch := 1; batch <= 70; batch++ {
		var m MemoryHashes
		var got []IndexedHash
		for start := 0; start < len(leaves); start += batch {
			end := min(start+batch, len(leaves))
			cr := &countingReader{r: &m}
			hs, err := AppendHashes(int64(start), leaves[start:end], cr)
			if err != nil {
				t.Fatalf("batch %d at %d: %v", batch, start, err)
			}
			if cr.calls > 1 {
				t.Errorf("batch %d at %d: %d reads of the old tree, want at most 1", batch, start, cr.calls)
			}
			if err := m.Store(hs); err != nil {
				t.Fatalf("batch %d at %d: %v", batch, start, err)
			}
			got = append(got, hs...)
		}
		if !slices.Equal(want, got) { // cmp.Diff only on failure: it is slow
			t.Fatalf("batches of %d (-want +got):\n%s", batch, cmp.Diff(want, got))
		}
		if m.Size() != 70 {
			t.Errorf("batches of %d: Size() = %d, want 70", batch, m.Size())
		}
	}
}

func TestAppendHashesErrors(t *testing.T) {
	leaves := encodeAll(sampleEntries(4))
	m := treeOf(t, leaves[:3])
	if _, err := AppendHashes(-1, leaves, m); err == nil {
		t.Error("AppendHashes(-1) succeeded")
	}
	// A tree of size 5 needs hashes m does not have.
	if _, err := AppendHashes(5, leaves[3:], m); err == nil {
		t.Error("AppendHashes past the stored tree succeeded")
	}
	if hs, err := AppendHashes(3, nil, m); err != nil || hs != nil {
		t.Errorf("AppendHashes of nothing = %v, %v; want nil, nil", hs, err)
	}
}

func TestMemoryHashesStoreRejectsGaps(t *testing.T) {
	leaves := encodeAll(sampleEntries(6))
	m := treeOf(t, leaves[:3])
	hs, err := AppendHashes(3, leaves[3:], m)
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]IndexedHash{
		"skips the first": hs[1:],
		"stops mid-leaf":  hs[:len(hs)-1],
		"repeats":         append([]IndexedHash{hs[0]}, hs...),
	} {
		if err := m.Store(bad); err == nil {
			t.Errorf("Store(%s) succeeded", name)
		}
	}
	if m.Size() != 3 {
		t.Fatalf("after rejected stores Size() = %d, want 3", m.Size())
	}
	if err := m.Store(hs); err != nil {
		t.Fatal(err)
	}
	if m.Size() != 6 {
		t.Errorf("Size() = %d, want 6", m.Size())
	}
	if _, err := m.ReadHashes([]int64{tlog.StoredHashCount(6)}); err == nil {
		t.Error("ReadHashes past the end succeeded")
	}
}

// TestMemoryHashesConcurrentReads has readers prove entries while one
// writer appends, as the Service's cache is used (run with -race).
func TestMemoryHashesConcurrentReads(t *testing.T) {
	leaves := encodeAll(sampleEntries(300))
	var m MemoryHashes
	if _, err := m.Append(leaves[0]); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 2)
	for range 2 {
		go func() {
			for i := 0; i < 200; i++ {
				size := m.Size()
				root, err := TreeHash(size, &m)
				if err != nil {
					done <- err
					return
				}
				idx := int64(i) % size
				p, err := InclusionProof(idx, size, &m)
				if err != nil {
					done <- err
					return
				}
				if err := VerifyInclusion(p, size, root, idx, leaves[idx]); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for _, l := range leaves[1:] {
		if _, err := m.Append(l); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
