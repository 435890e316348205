package record

import (
	"encoding/base64"

	"golang.org/x/mod/sumdb/tlog"

	"commune"
)

// The types in this file are the JSON shapes of the record in the API, so
// that the server (package web) and its clients (the `commune audit URL`
// command, outside auditors) agree on them. Hashes are standard base64 of
// 32 bytes, as in checkpoints.

// EntryJSON is an Entry as the API serves it. Body is base64 (the exact
// bytes that are hashed; re-encoding JSON could change them).
type EntryJSON struct {
	Index int64  `json:"index"`
	Time  int64  `json:"time"`
	Actor string `json:"actor"`
	Kind  string `json:"kind"`
	Body  []byte `json:"body"`
}

// NewEntryJSON returns e's API shape.
func NewEntryJSON(e Entry) EntryJSON {
	return EntryJSON{Index: e.Index, Time: e.Time, Actor: e.Actor, Kind: e.Kind, Body: e.Body}
}

// Entry returns the entry j describes, validated.
func (j EntryJSON) Entry() (Entry, error) {
	e := Entry{Index: j.Index, Time: j.Time, Actor: j.Actor, Kind: j.Kind, Body: j.Body}
	if e.Body == nil {
		e.Body = []byte{}
	}
	if err := e.Validate(); err != nil {
		return Entry{}, err
	}
	return e, nil
}

// InclusionJSON is an inclusion proof as the API serves it: the entry at
// Index, whose leaf hash is Leaf, is in the tree of Size entries. Proof
// lists the audit path, leaf side first.
type InclusionJSON struct {
	Index int64    `json:"index"`
	Size  int64    `json:"size"`
	Leaf  string   `json:"leaf"`
	Proof []string `json:"proof"`
}

// NewInclusionJSON returns the API shape of an inclusion proof.
func NewInclusionJSON(index, size int64, leaf tlog.Hash, p tlog.RecordProof) InclusionJSON {
	return InclusionJSON{Index: index, Size: size, Leaf: leaf.String(), Proof: hashStrings(p)}
}

// Parse decodes the leaf hash and the proof.
func (j InclusionJSON) Parse() (leaf tlog.Hash, p tlog.RecordProof, err error) {
	if leaf, err = ParseHash(j.Leaf); err != nil {
		return tlog.Hash{}, nil, err
	}
	if p, err = parseHashes(j.Proof); err != nil {
		return tlog.Hash{}, nil, err
	}
	return leaf, p, nil
}

// Verify checks that j proves e in the tree of checkpoint c, which the
// client opened with the log's key: never trust a root on the server's word
// alone. j must be a proof at c's size.
func (j InclusionJSON) Verify(c Checkpoint, e Entry) error {
	leaf, p, err := j.Parse()
	if err != nil {
		return err
	}
	if j.Size != c.Size {
		return proofErrorf("proof is for a tree of %d entries, the checkpoint has %d", j.Size, c.Size)
	}
	if e.Index != j.Index {
		return proofErrorf("proof is for entry %d, not entry %d", j.Index, e.Index)
	}
	if lh := e.LeafHash(); lh != leaf {
		return proofErrorf("entry %d hashes to %v, the proof names leaf %v", e.Index, lh, leaf)
	}
	return VerifyInclusionHash(p, j.Size, c.Hash, j.Index, leaf)
}

// ConsistencyJSON is a consistency proof as the API serves it: the tree of
// New entries extends the tree of Old entries.
type ConsistencyJSON struct {
	Old   int64    `json:"old_size"`
	New   int64    `json:"new_size"`
	Proof []string `json:"proof"`
}

// NewConsistencyJSON returns the API shape of a consistency proof.
func NewConsistencyJSON(oldSize, newSize int64, p tlog.TreeProof) ConsistencyJSON {
	return ConsistencyJSON{Old: oldSize, New: newSize, Proof: hashStrings(p)}
}

// Parse decodes the proof.
func (j ConsistencyJSON) Parse() (tlog.TreeProof, error) {
	return parseHashes(j.Proof)
}

// Verify checks that j proves checkpoint newer extends checkpoint older:
// the record of older was only appended to.
func (j ConsistencyJSON) Verify(older, newer Checkpoint) error {
	p, err := j.Parse()
	if err != nil {
		return err
	}
	if j.Old != older.Size || j.New != newer.Size {
		return proofErrorf("proof is from %d to %d entries, the checkpoints have %d and %d", j.Old, j.New, older.Size, newer.Size)
	}
	return VerifyConsistency(p, j.Old, j.New, older.Hash, newer.Hash)
}

// hashStrings encodes hashes as base64 strings; never nil, so JSON shows [].
func hashStrings(hs []tlog.Hash) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.String()
	}
	return out
}

// parseHashes decodes base64 hashes strictly.
func parseHashes(ss []string) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(ss))
	for i, s := range ss {
		h, err := ParseHash(s)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

// ParseHash decodes one hash: canonical standard base64 of exactly 32
// bytes. Unlike tlog.ParseHash it rejects embedded newlines, so every hash
// has exactly one spelling.
func ParseHash(s string) (tlog.Hash, error) {
	var h tlog.Hash
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != tlog.HashSize || base64.StdEncoding.EncodeToString(b) != s {
		return h, commune.Errorf(commune.EINVALID, "bad_hash", "%q is not a base64 hash of %d bytes", s, tlog.HashSize)
	}
	copy(h[:], b)
	return h, nil
}
