package record

import (
	"encoding/hex"
	"fmt"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

// sampleEntries returns n entries shaped like real ones (votes cast by
// members), with times that never decrease.
func sampleEntries(n int) []Entry {
	es := make([]Entry, n)
	for i := range es {
		es[i] = Entry{
			Index: int64(i),
			Time:  1_780_000_000_000_000 + int64(i/3)*1000,
			Actor: fmt.Sprintf("member:%d", 1+i%97),
			Kind:  "vote.cast",
			Body:  fmt.Appendf(nil, `{"proposal":%d,"member":%d,"choice":"yes"}`, 1+i%13, 1+i%97),
		}
	}
	return es
}

// encodeAll returns the canonical encodings of es.
func encodeAll(es []Entry) [][]byte {
	out := make([][]byte, len(es))
	for i, e := range es {
		out[i] = e.Encode()
	}
	return out
}

// treeOf returns a MemoryHashes holding the tree of leaves.
func treeOf(t testing.TB, leaves [][]byte) *MemoryHashes {
	t.Helper()
	m := new(MemoryHashes)
	if _, err := m.Append(leaves...); err != nil {
		t.Fatal(err)
	}
	return m
}

// mustHex decodes a hex string or fails the test.
func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("hex %q: %v", s, err)
	}
	return b
}

// hexHash decodes a hex hash or fails the test.
func hexHash(t testing.TB, s string) tlog.Hash {
	t.Helper()
	var h tlog.Hash
	b := mustHex(t, s)
	if len(b) != tlog.HashSize {
		t.Fatalf("hash %q has %d bytes", s, len(b))
	}
	copy(h[:], b)
	return h
}

// hexHashes decodes a list of hex hashes.
func hexHashes(t testing.TB, ss []string) []tlog.Hash {
	out := make([]tlog.Hash, len(ss))
	for i, s := range ss {
		out[i] = hexHash(t, s)
	}
	return out
}
