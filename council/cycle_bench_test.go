package council_test

import (
	"context"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"commune/council"
	"commune/store"
)

// BenchmarkLedgerThroughStore measures durable ledger entries per second
// through store.Service on a real SQLite file: concurrent callers each
// report a member's hours and have another member confirm them (two
// entries; the confirmation makes three transfers: the certificate and two
// deductions). Group commit batches what queues while a commit is on disk.
//
//	go test -run '^$' -bench LedgerThroughStore -benchtime 20000x ./council/
func BenchmarkLedgerThroughStore(b *testing.B) {
	f, err := council.NewFixture()
	if err != nil {
		b.Fatal(err)
	}
	r := newStoreRun(b, f, store.Options{})
	r.clock.Store(f.Now)
	if _, err := council.RunCycle(r, f); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	worker, confirmer := council.MemberActor(f.Member["Ben"]), council.MemberActor(f.Member["Ada"])
	size0 := r.svc.Size()
	var transfers0 int
	r.View(func(s *council.State) { transfers0 = len(s.Rows("transfers")) })
	var next atomic.Int64
	b.SetParallelism(512) // 1024 callers at once on 2 cores
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			key := strconv.FormatInt(next.Add(1), 10)
			rc, err := r.svc.Do(ctx, worker, council.ReportHours{Workplace: f.Bakery, Minutes: 60, Key: "h" + key})
			if err != nil {
				b.Error(err)
				return
			}
			report := rc.Events[0].(council.HoursReported).Report
			if _, err := r.svc.Do(ctx, confirmer, council.ConfirmHours{Report: report, Key: "c" + key}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	elapsed, cpu := time.Since(start).Seconds(), cpuTime()-cpu0
	b.StopTimer()
	var transfers int
	r.View(func(s *council.State) { transfers = len(s.Rows("transfers")) - transfers0 })
	entries := r.svc.Size() - size0
	b.ReportMetric(float64(entries)/elapsed, "entries/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(entries), "cpu-µs/entry")
	b.ReportMetric(float64(transfers)/elapsed, "transfers/s")
	rep := r.audit()
	b.ReportMetric(rep.EntriesPerSecond(), "audit-entries/s")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
