package demo

import (
	"context"
	"testing"
)

// BenchmarkSmall builds the small demo, planning cycle included, on a bare
// state: the domain's share of `commune demo` (the rest is SQLite and the
// passwords' argon2id).
func BenchmarkSmall(b *testing.B) {
	for b.Loop() {
		tg, clock := newStateTarget(SmallSpan)
		if _, err := Small(context.Background(), tg, clock); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(tg.Entries), "entries")
	}
}
