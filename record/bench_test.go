package record

import (
	"testing"
)

// BenchmarkAppendHashes measures the store's hashing work per entry, in
// group-commit batches of 64 entries (encoding included).
func BenchmarkAppendHashes(b *testing.B) {
	const batch = 64
	es := sampleEntries(batch)
	var m MemoryHashes
	leaves := make([][]byte, batch)
	n := 0
	for b.Loop() {
		for i := range es {
			es[i].Index = m.Size() + int64(i)
			leaves[i] = es[i].Encode()
		}
		hs, err := AppendHashes(m.Size(), leaves, &m)
		if err != nil {
			b.Fatal(err)
		}
		if err := m.Store(hs); err != nil {
			b.Fatal(err)
		}
		n += batch
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "entries/s")
}

// BenchmarkVerifier measures the audit's tree replay: Add per entry, then
// CompareStored and Check at the end (goal: far above 100,000 entries/s).
func BenchmarkVerifier(b *testing.B) {
	const size = 100_000
	es := sampleEntries(size)
	stored := treeOf(b, encodeAll(es))
	root, err := TreeHash(size, stored)
	if err != nil {
		b.Fatal(err)
	}
	c := Checkpoint{Origin: "bench.example/log", Size: size, Hash: root}
	n := 0
	for b.Loop() {
		v := NewVerifier()
		for _, e := range es {
			if err := v.Add(e); err != nil {
				b.Fatal(err)
			}
		}
		if bad, err := v.CompareStored(stored); err != nil {
			b.Fatal(bad, err)
		}
		if err := v.Check(c); err != nil {
			b.Fatal(err)
		}
		n += size
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "entries/s")
}
