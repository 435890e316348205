package demo

import (
	"context"
	"testing"
)

// BenchmarkLarge builds a 100,000-member federation on a bare state:
// the domain's share of `commune demo --members N` (the rest is SQLite).
func BenchmarkLarge(b *testing.B) {
	const n = 100_000
	for b.Loop() {
		tg, clock := newStateTarget(LargeSpan)
		if _, err := Large(context.Background(), tg, clock, n, 1, nil); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(tg.Entries), "entries")
	}
}
