package record

import (
	"fmt"
	"sync"

	"golang.org/x/mod/sumdb/tlog"
)

// MemoryHashes is a growable in-memory tlog.HashReader: the stored hashes
// of a tree, by stored index. Tests and the audit's replay use it as their
// tree; the store's Service keeps one as a write-through cache so appends
// and proofs do not read the database. The zero value is an empty tree.
// It is safe for concurrent use: one writer, many readers.
type MemoryHashes struct {
	mu     sync.RWMutex
	hashes []tlog.Hash
	size   int64 // leaves
}

// Size returns the number of leaves in the tree.
func (m *MemoryHashes) Size() int64 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.size
}

// ReadHashes implements tlog.HashReader.
func (m *MemoryHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(m.hashes)) {
			return nil, fmt.Errorf("memory hashes: index %d not stored (have %d)", x, len(m.hashes))
		}
		out[i] = m.hashes[x]
	}
	return out, nil
}

// Store adds hashes that AppendHashes returned for this tree. They must
// continue the stored sequence exactly and complete whole leaves, so a
// failed or reordered write cannot leave a gap.
func (m *MemoryHashes) Store(hs []IndexedHash) error {
	if len(hs) == 0 {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	next := int64(len(m.hashes))
	leaves := int64(0)
	for i, h := range hs {
		if h.Index != next+int64(i) {
			return fmt.Errorf("memory hashes: hash %d has index %d, want %d", i, h.Index, next+int64(i))
		}
		if level, _ := tlog.SplitStoredHashIndex(h.Index); level == 0 {
			leaves++
		}
	}
	if want := tlog.StoredHashCount(m.size + leaves); next+int64(len(hs)) != want {
		return fmt.Errorf("memory hashes: %d hashes do not complete %d leaves", len(hs), leaves)
	}
	for _, h := range hs {
		m.hashes = append(m.hashes, h.Hash)
	}
	m.size += leaves
	return nil
}

// Append hashes leaves (canonical entry encodings) onto the tree, stores the
// new hashes and returns them.
func (m *MemoryHashes) Append(leaves ...[]byte) ([]IndexedHash, error) {
	// Size and Store each lock; a concurrent second writer would be a
	// caller bug that Store's index check reports.
	hs, err := AppendHashes(m.Size(), leaves, m)
	if err != nil {
		return nil, err
	}
	if err := m.Store(hs); err != nil {
		return nil, err
	}
	return hs, nil
}

// appendLeafHash adds one leaf by its hash: the Verifier's hot path, which
// needs none of AppendHashes' batch bookkeeping. The caller is the only
// writer.
func (m *MemoryHashes) appendLeafHash(h tlog.Hash) error {
	hs, err := tlog.StoredHashesForRecordHash(m.size, h, m)
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.hashes = append(m.hashes, hs...)
	m.size++
	m.mu.Unlock()
	return nil
}
