package record

import (
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"commune"
)

// InclusionProof returns the RFC 6962 audit path proving that the entry at
// index is in the tree of the first size entries. Hashes run from the
// leaf's sibling up to the root's child, as in RFC 6962.
func InclusionProof(index, size int64, r tlog.HashReader) (tlog.RecordProof, error) {
	if index < 0 || index >= size {
		return nil, commune.Errorf(commune.EINVALID, "bad_range", "no entry %d in a tree of %d entries", index, size)
	}
	p, err := tlog.ProveRecord(size, index, r)
	if err != nil {
		return nil, fmt.Errorf("inclusion proof: %w", err)
	}
	return p, nil
}

// ConsistencyProof returns the RFC 6962 proof that the tree of newSize
// entries extends the tree of oldSize entries. It is empty when oldSize is
// 0 or equals newSize: those trees are consistent by definition.
func ConsistencyProof(oldSize, newSize int64, r tlog.HashReader) (tlog.TreeProof, error) {
	if oldSize < 0 || oldSize > newSize {
		return nil, commune.Errorf(commune.EINVALID, "bad_range", "no consistency proof from %d to %d entries", oldSize, newSize)
	}
	if oldSize == 0 || oldSize == newSize {
		return tlog.TreeProof{}, nil
	}
	p, err := tlog.ProveTree(newSize, oldSize, r)
	if err != nil {
		return nil, fmt.Errorf("consistency proof: %w", err)
	}
	return p, nil
}

// VerifyInclusion checks that proof shows leaf (a canonical entry encoding)
// at index in the tree of size entries whose root is root.
func VerifyInclusion(proof tlog.RecordProof, size int64, root tlog.Hash, index int64, leaf []byte) error {
	return VerifyInclusionHash(proof, size, root, index, tlog.RecordHash(leaf))
}

// VerifyInclusionHash is VerifyInclusion given the leaf's hash.
func VerifyInclusionHash(proof tlog.RecordProof, size int64, root tlog.Hash, index int64, leafHash tlog.Hash) error {
	if index < 0 || index >= size {
		return proofErrorf("no entry %d in a tree of %d entries", index, size)
	}
	if err := tlog.CheckRecord(proof, size, root, index, leafHash); err != nil {
		return proofErrorf("entry %d is not proven in the tree of %d entries: %v", index, size, err)
	}
	return nil
}

// VerifyConsistency checks that proof shows the tree of newSize entries
// with root newRoot extending the tree of oldSize entries with root
// oldRoot: no entry of the old tree was changed or removed.
func VerifyConsistency(proof tlog.TreeProof, oldSize, newSize int64, oldRoot, newRoot tlog.Hash) error {
	switch {
	case oldSize < 0 || oldSize > newSize:
		return proofErrorf("no consistency from %d to %d entries", oldSize, newSize)
	case oldSize == 0:
		// Every tree extends the empty one, whose root is fixed.
		if len(proof) != 0 || oldRoot != EmptyHash {
			return proofErrorf("bad consistency proof from the empty tree")
		}
		return nil
	case oldSize == newSize:
		if len(proof) != 0 || oldRoot != newRoot {
			return proofErrorf("trees of %d entries have different roots", oldSize)
		}
		return nil
	}
	if err := tlog.CheckTree(proof, newSize, newRoot, oldSize, oldRoot); err != nil {
		return proofErrorf("tree of %d entries does not extend the tree of %d: %v", newSize, oldSize, err)
	}
	return nil
}

// proofErrorf returns an EINVALID domain error for a proof that fails.
func proofErrorf(format string, args ...any) error {
	return commune.Errorf(commune.EINVALID, "bad_proof", format, args...)
}
