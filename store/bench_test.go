package store_test

import (
	"context"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"commune/store"
)

// BenchmarkDo measures durable acts per second through Service.Do: 256
// members vote concurrently (each toggling yes/no, so every act is a new
// entry) on a real SQLite file with synchronous=FULL; group commit batches
// what queues while a commit is on disk.
//
//	go test -run '^$' -bench BenchmarkDo -benchtime 20000x ./store/
func BenchmarkDo(b *testing.B) {
	const voters = 256
	f := newFixture(b, voters, store.Options{})
	ctx := context.Background()
	if _, err := f.svc.Do(ctx, member(f.members[0]), vote(f.question, "no")); err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	b.SetParallelism(voters / 2) // voters/2 × GOMAXPROCS(2) callers at once
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		m := f.members[next.Add(1)%voters]
		choices := [2]string{"yes", "no"}
		for i := 0; pb.Next(); i++ {
			if _, err := f.svc.Do(ctx, member(m), vote(f.question, choices[i%2])); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "acts/s")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/act")
}

// cpuTime is the CPU time (user and system) the process has used: with
// other work on the machine, wall-clock rates vary; this does much less.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkAudit measures the audit's replay rate over a record of votes:
// read every entry, hash it into the tree, compare every stored hash,
// decode and apply it to a fresh state, and compare the derived tables.
//
//	go test -run '^$' -bench BenchmarkAudit -benchtime 3x ./store/
func BenchmarkAudit(b *testing.B) {
	const voters, rounds = 500, 200 // 100,000 vote entries
	f := newFixture(b, voters, store.Options{})
	ctx := context.Background()
	choices := [2]string{"yes", "no"}
	for r := 0; r < rounds; r++ {
		items := make([]store.Item, voters)
		for i, m := range f.members {
			items[i] = store.Item{Actor: member(m), Act: vote(f.question, choices[(r+1)%2])}
		}
		if _, err := f.svc.DoMany(ctx, items); err != nil {
			b.Fatal(err)
		}
	}
	size := f.svc.Size()
	vkey := f.svc.VerifierKey()
	b.ResetTimer()
	cpu0 := cpuTime()
	var elapsed time.Duration
	for i := 0; i < b.N; i++ {
		rep, err := store.Audit(ctx, f.backend, vkey)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Entries != size {
			b.Fatalf("audited %d entries, want %d", rep.Entries, size)
		}
		elapsed += rep.Elapsed
	}
	b.ReportMetric(float64(size)*float64(b.N)/elapsed.Seconds(), "entries/s")
	b.ReportMetric(float64(size), "entries")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(size)/float64(b.N), "cpu-µs/entry")
}
