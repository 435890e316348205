package record

import (
	"fmt"
	"math/bits"

	"golang.org/x/mod/sumdb/tlog"
)

// EmptyHash is the RFC 6962 root of the empty tree: SHA-256 of no bytes.
var EmptyHash = tlog.Hash{
	0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14,
	0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
	0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c,
	0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
}

// IndexedHash is one stored tree hash with its tlog stored-hash index (see
// tlog.StoredHashIndex): the unit the store persists and a HashReader reads.
type IndexedHash struct {
	Index int64
	Hash  tlog.Hash
}

// AppendHashes returns every stored hash that appending leaves (canonical
// entry encodings) at positions n, n+1, ... creates, in increasing Index
// order: exactly the indexes tlog.StoredHashCount(n) up to
// tlog.StoredHashCount(n+len(leaves))-1. The store writes them in the same
// transaction as the entries.
//
// r must hold the hashes of the tree of size n. AppendHashes reads them with
// a single ReadHashes call (only the at most log₂ n roots of the complete
// subtrees left of n are ever needed), so a database-backed reader costs one
// query per batch, not one per entry.
func AppendHashes(n int64, leaves [][]byte, r tlog.HashReader) ([]IndexedHash, error) {
	if n < 0 {
		return nil, fmt.Errorf("append hashes: negative tree size %d", n)
	}
	if len(leaves) == 0 {
		return nil, nil
	}
	ov, err := newOverlay(n, r)
	if err != nil {
		return nil, fmt.Errorf("append hashes: %w", err)
	}
	for i, leaf := range leaves {
		hs, err := tlog.StoredHashes(n+int64(i), leaf, ov)
		if err != nil {
			return nil, fmt.Errorf("append hashes: leaf %d: %w", n+int64(i), err)
		}
		ov.fresh = append(ov.fresh, hs...)
	}
	out := make([]IndexedHash, len(ov.fresh))
	for i, h := range ov.fresh {
		out[i] = IndexedHash{Index: ov.base + int64(i), Hash: h}
	}
	return out, nil
}

// TreeHash returns the RFC 6962 root of the first n leaves, reading stored
// hashes from r. The root of the empty tree is EmptyHash.
func TreeHash(n int64, r tlog.HashReader) (tlog.Hash, error) {
	if n < 0 {
		return tlog.Hash{}, fmt.Errorf("tree hash: negative tree size %d", n)
	}
	h, err := tlog.TreeHash(n, r)
	if err != nil {
		return tlog.Hash{}, fmt.Errorf("tree hash: %w", err)
	}
	return h, nil
}

// frontier returns the stored indexes of the roots of the maximal complete
// subtrees that make up the first n leaves, left to right. They are the
// only old hashes that appending after position n reads.
func frontier(n int64) []int64 {
	var idx []int64
	var start int64
	for level := 63 - bits.LeadingZeros64(uint64(n)); level >= 0; level-- {
		if n&(1<<level) == 0 {
			continue
		}
		idx = append(idx, tlog.StoredHashIndex(level, start>>level))
		start += 1 << level
	}
	return idx
}

// overlay is a HashReader over the frontier of an existing tree of size n
// (read once from the caller's reader) and the hashes created since.
type overlay struct {
	base  int64               // stored index of the first fresh hash
	old   map[int64]tlog.Hash // frontier hashes of the tree of size n
	fresh []tlog.Hash         // hashes created by this append, from base on
}

// newOverlay reads the frontier of the tree of size n from r.
func newOverlay(n int64, r tlog.HashReader) (*overlay, error) {
	ov := &overlay{base: tlog.StoredHashCount(n)}
	idx := frontier(n)
	if len(idx) == 0 {
		return ov, nil
	}
	hs, err := r.ReadHashes(idx)
	if err != nil {
		return nil, fmt.Errorf("read frontier: %w", err)
	}
	if len(hs) != len(idx) {
		return nil, fmt.Errorf("read frontier: %d hashes for %d indexes", len(hs), len(idx))
	}
	ov.old = make(map[int64]tlog.Hash, len(idx))
	for i, x := range idx {
		ov.old[x] = hs[i]
	}
	return ov, nil
}

// ReadHashes implements tlog.HashReader.
func (ov *overlay) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x >= ov.base && x-ov.base < int64(len(ov.fresh)) {
			out[i] = ov.fresh[x-ov.base]
			continue
		}
		h, ok := ov.old[x]
		if !ok {
			// Unreachable unless tlog's access pattern changes: say so
			// rather than hash a zero value into the tree.
			return nil, fmt.Errorf("stored hash %d outside the frontier", x)
		}
		out[i] = h
	}
	return out, nil
}
