package store

import (
	"context"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"commune"
	"commune/council"
	"commune/record"
)

// Entries calls fn for the committed entries with from <= Index < to (to
// is clamped to the record's size), in order.
func (s *Service) Entries(ctx context.Context, from, to int64, fn func(record.Entry) error) error {
	if from < 0 || to < from {
		return commune.Errorf(commune.EINVALID, "bad_range", "entries from %d to %d: not a range", from, to)
	}
	if size := s.Size(); to > size {
		to = size
	}
	if from >= to {
		return nil
	}
	return s.backend.Entries(ctx, from, to, fn)
}

// Entry returns the committed entry at index, or ENOTFOUND.
func (s *Service) Entry(ctx context.Context, index int64) (record.Entry, error) {
	if index < 0 || index >= s.Size() {
		return record.Entry{}, commune.Errorf(commune.ENOTFOUND, "no_entry", "no entry %d on the record", index)
	}
	var out record.Entry
	err := s.backend.Entries(ctx, index, index+1, func(e record.Entry) error { out = e; return nil })
	if err != nil {
		return record.Entry{}, err
	}
	return out, nil
}

// checkSize validates a tree size given by a client.
func (s *Service) checkSize(size int64) error {
	if n := s.Size(); size < 1 || size > n {
		return commune.Errorf(commune.EINVALID, "bad_size", "tree size %d: the record has %d entries", size, n)
	}
	return nil
}

// InclusionProof proves that the entry at index is in the tree of size
// entries (size 0 means the current size).
func (s *Service) InclusionProof(ctx context.Context, index, size int64) (tlog.RecordProof, error) {
	if size == 0 {
		size = s.Size()
	}
	if err := s.checkSize(size); err != nil {
		return nil, err
	}
	if index < 0 || index >= size {
		return nil, commune.Errorf(commune.EINVALID, "bad_index", "entry %d is not in a tree of %d entries", index, size)
	}
	p, err := record.InclusionProof(index, size, s.backend)
	if err != nil {
		return nil, fmt.Errorf("inclusion proof: %w", err)
	}
	return p, nil
}

// ConsistencyProof proves that the tree of oldSize entries is a prefix of
// the tree of newSize entries (newSize 0 means the current size).
func (s *Service) ConsistencyProof(ctx context.Context, oldSize, newSize int64) (tlog.TreeProof, error) {
	if newSize == 0 {
		newSize = s.Size()
	}
	if err := s.checkSize(newSize); err != nil {
		return nil, err
	}
	if oldSize < 1 || oldSize > newSize {
		return nil, commune.Errorf(commune.EINVALID, "bad_size", "old tree size %d is not in 1..%d", oldSize, newSize)
	}
	p, err := record.ConsistencyProof(oldSize, newSize, s.backend)
	if err != nil {
		return nil, fmt.Errorf("consistency proof: %w", err)
	}
	return p, nil
}

// TreeHash returns the root of the tree of the first size entries.
func (s *Service) TreeHash(size int64) (tlog.Hash, error) {
	if size != 0 {
		if err := s.checkSize(size); err != nil {
			return tlog.Hash{}, err
		}
	}
	return record.TreeHash(size, s.backend)
}

// Table streams the stored rows of a derived table, sorted by key, and
// returns the record size they reflect.
func (s *Service) Table(ctx context.Context, name string, fn func(row []any) error) (size int64, err error) {
	if _, ok := TableSpec(name); !ok {
		return 0, commune.Errorf(commune.ENOTFOUND, "unknown_table", "no derived table %q", name)
	}
	return s.backend.Rows(ctx, name, fn)
}

// TableSpec returns the specification of a derived table.
func TableSpec(name string) (council.Table, bool) {
	for _, t := range council.Tables() {
		if t.Name == name {
			return t, true
		}
	}
	return council.Table{}, false
}
