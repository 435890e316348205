package record

import (
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

// Verifier recomputes the tree of a record from its entries, for the
// audit: Add every entry in order, then CompareStored against the stored
// hashes (which names the first entry whose hash differs) and Check each
// signed checkpoint. The zero value is ready to use.
type Verifier struct {
	tree     MemoryHashes
	lastTime int64
	buf      []byte // reused encoding buffer
}

// NewVerifier returns an empty Verifier.
func NewVerifier() *Verifier { return new(Verifier) }

// Add hashes the next entry into the tree. It fails, naming the entry,
// unless e.Index is the next index, e.Time is not before the previous
// entry's, and e is valid.
func (v *Verifier) Add(e Entry) error {
	n := v.tree.size
	if e.Index != n {
		return mismatch(n, "entry at position %d has index %d", n, e.Index)
	}
	if n > 0 && e.Time < v.lastTime {
		return mismatch(n, "time %d is before the previous entry's %d", e.Time, v.lastTime)
	}
	if err := e.Validate(); err != nil {
		return &VerifyError{Index: n, Err: err}
	}
	v.buf = e.AppendEncoding(v.buf[:0])
	if err := v.tree.appendLeafHash(tlog.RecordHash(v.buf)); err != nil {
		return &VerifyError{Index: n, Err: err}
	}
	v.lastTime = e.Time
	return nil
}

// Size returns the number of entries added.
func (v *Verifier) Size() int64 { return v.tree.size }

// Hashes returns the recomputed tree, to compute roots and proofs from.
func (v *Verifier) Hashes() tlog.HashReader { return &v.tree }

// TreeHash returns the recomputed root of the first size entries.
func (v *Verifier) TreeHash(size int64) (tlog.Hash, error) {
	if size < 0 || size > v.tree.size {
		return tlog.Hash{}, fmt.Errorf("verifier: no tree of %d entries (have %d)", size, v.tree.size)
	}
	return TreeHash(size, &v.tree)
}

// Check compares the checkpoint with the recomputed tree of its size. The
// record may have grown past the checkpoint; it may not be shorter.
func (v *Verifier) Check(c Checkpoint) error {
	n := v.tree.size
	if c.Size > n {
		return mismatch(n, "checkpoint covers %d entries, the record has only %d", c.Size, n)
	}
	root, err := v.TreeHash(c.Size)
	if err != nil {
		return err
	}
	if root != c.Hash {
		return &VerifyError{Index: -1, Err: mismatchErr(
			"root of the first %d entries is %v, the signed checkpoint says %v", c.Size, root, c.Hash)}
	}
	return nil
}

// compareBatch is how many stored hashes CompareStored reads at once.
const compareBatch = 4096

// CompareStored compares every stored hash of the recomputed tree with the
// one r holds (the store's). It returns -1 and nil when all agree. When
// one differs it returns the first entry it implicates and a *VerifyError:
// for a leaf hash, that entry; for an interior hash over leaves that all
// agree (the stored hashes were rewritten), the first entry under it.
// Stored indexes grow with entry index, so the first differing hash is the
// earliest damage.
func (v *Verifier) CompareStored(r tlog.HashReader) (firstBad int64, err error) {
	total := int64(len(v.tree.hashes))
	idx := make([]int64, 0, compareBatch)
	for start := int64(0); start < total; start += compareBatch {
		idx = idx[:0]
		for x := start; x < total && x < start+compareBatch; x++ {
			idx = append(idx, x)
		}
		got, err := r.ReadHashes(idx)
		if err != nil {
			return -1, fmt.Errorf("compare stored hashes: %w", err)
		}
		if len(got) != len(idx) {
			return -1, fmt.Errorf("compare stored hashes: %d hashes for %d indexes", len(got), len(idx))
		}
		for i, x := range idx {
			if got[i] == v.tree.hashes[x] {
				continue
			}
			level, k := tlog.SplitStoredHashIndex(x)
			first := k << level
			if level == 0 {
				return first, mismatch(first, "stored leaf hash %v, the entry hashes to %v", got[i], v.tree.hashes[x])
			}
			last := (k+1)<<level - 1
			return first, mismatch(first, "stored hash of entries %d..%d is %v, recomputed %v", first, last, got[i], v.tree.hashes[x])
		}
	}
	return -1, nil
}
