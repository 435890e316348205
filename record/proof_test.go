package record

import (
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

// flip returns a copy of p with one bit of hash i changed.
func flip(p []tlog.Hash, i int) []tlog.Hash {
	q := append([]tlog.Hash(nil), p...)
	q[i][0] ^= 0x10
	return q
}

// TestInclusionEverySize proves and verifies every entry of every tree of
// 1..70 entries, and checks that wrong inputs fail.
func TestInclusionEverySize(t *testing.T) {
	leaves := encodeAll(sampleEntries(70))
	m := treeOf(t, leaves)
	for size := int64(1); size <= 70; size++ {
		root, err := TreeHash(size, m)
		if err != nil {
			t.Fatal(err)
		}
		for i := int64(0); i < size; i++ {
			p, err := InclusionProof(i, size, m)
			if err != nil {
				t.Fatalf("InclusionProof(%d, %d): %v", i, size, err)
			}
			if err := VerifyInclusion(p, size, root, i, leaves[i]); err != nil {
				t.Fatalf("VerifyInclusion(%d, %d): %v", i, size, err)
			}
			other := leaves[(i+1)%70]
			bad := map[string]error{
				"other leaf":   VerifyInclusion(p, size, root, i, other),
				"other root":   VerifyInclusion(p, size, EmptyHash, i, leaves[i]),
				"index+1":      VerifyInclusion(p, size, root, i+1, leaves[i]),
				"size*2":       VerifyInclusion(p, 2*size, root, i, leaves[i]),
				"extra hash":   VerifyInclusion(append(append(tlog.RecordProof{}, p...), root), size, root, i, leaves[i]),
				"negative idx": VerifyInclusion(p, size, root, -1, leaves[i]),
			}
			if i > 0 {
				bad["index-1"] = VerifyInclusion(p, size, root, i-1, leaves[i])
			}
			if len(p) > 0 {
				bad["dropped hash"] = VerifyInclusion(p[:len(p)-1], size, root, i, leaves[i])
				for k := range p {
					if VerifyInclusion(flip(p, k), size, root, i, leaves[i]) == nil {
						t.Errorf("size %d index %d: proof with hash %d flipped verified", size, i, k)
					}
				}
			}
			for name, err := range bad {
				if err == nil {
					t.Errorf("size %d index %d: %s verified", size, i, name)
				}
			}
		}
	}
}

// TestConsistencyEverySize proves and verifies consistency between every
// pair of tree sizes 0..70, and checks that wrong inputs fail.
func TestConsistencyEverySize(t *testing.T) {
	leaves := encodeAll(sampleEntries(70))
	m := treeOf(t, leaves)
	roots := make([]tlog.Hash, 71)
	for n := range roots {
		var err error
		if roots[n], err = TreeHash(int64(n), m); err != nil {
			t.Fatal(err)
		}
	}
	for newSize := int64(0); newSize <= 70; newSize++ {
		for oldSize := int64(0); oldSize <= newSize; oldSize++ {
			p, err := ConsistencyProof(oldSize, newSize, m)
			if err != nil {
				t.Fatalf("ConsistencyProof(%d, %d): %v", oldSize, newSize, err)
			}
			oldRoot, newRoot := roots[oldSize], roots[newSize]
			if err := VerifyConsistency(p, oldSize, newSize, oldRoot, newRoot); err != nil {
				t.Fatalf("VerifyConsistency(%d, %d): %v", oldSize, newSize, err)
			}
			if oldSize == newSize && oldSize > 0 {
				if VerifyConsistency(p, oldSize, newSize, oldRoot, roots[0]) == nil {
					t.Errorf("equal sizes %d with different roots verified", oldSize)
				}
				continue
			}
			// Every tree extends the empty tree, whatever its root.
			if oldSize > 0 {
				if VerifyConsistency(p, oldSize, newSize, oldRoot, roots[newSize-1]) == nil {
					t.Errorf("%d→%d: wrong new root verified", oldSize, newSize)
				}
				if VerifyConsistency(p, oldSize, newSize, roots[oldSize-1], newRoot) == nil {
					t.Errorf("%d→%d: wrong old root verified", oldSize, newSize)
				}
				for k := range p {
					if VerifyConsistency(flip(p, k), oldSize, newSize, oldRoot, newRoot) == nil {
						t.Errorf("%d→%d: proof with hash %d flipped verified", oldSize, newSize, k)
					}
				}
				if len(p) > 0 && VerifyConsistency(p[:len(p)-1], oldSize, newSize, oldRoot, newRoot) == nil {
					t.Errorf("%d→%d: truncated proof verified", oldSize, newSize)
				}
			} else if VerifyConsistency(tlog.TreeProof{EmptyHash}, 0, newSize, oldRoot, newRoot) == nil {
				t.Errorf("0→%d: non-empty proof verified", newSize)
			}
		}
	}
}

func TestProofRangeErrors(t *testing.T) {
	m := treeOf(t, encodeAll(sampleEntries(5)))
	for _, tc := range []struct{ index, size int64 }{{-1, 5}, {5, 5}, {0, 0}, {7, 5}} {
		if _, err := InclusionProof(tc.index, tc.size, m); err == nil {
			t.Errorf("InclusionProof(%d, %d) succeeded", tc.index, tc.size)
		}
	}
	for _, tc := range []struct{ old, new int64 }{{-1, 5}, {6, 5}, {3, 2}} {
		if _, err := ConsistencyProof(tc.old, tc.new, m); err == nil {
			t.Errorf("ConsistencyProof(%d, %d) succeeded", tc.old, tc.new)
		}
		if err := VerifyConsistency(nil, tc.old, tc.new, EmptyHash, EmptyHash); err == nil {
			t.Errorf("VerifyConsistency(%d, %d) succeeded", tc.old, tc.new)
		}
	}
	// A tree larger than what is stored cannot be proven.
	if _, err := InclusionProof(0, 9, m); err == nil {
		t.Error("InclusionProof in an unstored tree succeeded")
	}
}
