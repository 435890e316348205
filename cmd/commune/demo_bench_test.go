package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"commune/demo"
	"commune/store"
)

// BenchmarkDemoMembers builds a generated federation of 50,000 members
// into a real data directory, as `commune demo --members 50000` does, and
// reports entries per second of the whole build (domain, record, SQLite).
func BenchmarkDemoMembers(b *testing.B) {
	const n = 50_000
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "data")
		clock := demo.NewClock(time.Now().UnixMicro() - demo.LargeSpan)
		d, err := openData(context.Background(), dir, store.Options{Clock: clock.Now, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		built, err := buildDemo(context.Background(), d.svc, clock, n, 1, io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(built.Entries)/time.Since(start).Seconds(), "entries/s")
		d.Close()
	}
}
