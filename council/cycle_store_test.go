package council_test

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"

	"commune"
	"commune/council"
	"commune/sqlite"
	"commune/store"
)

// recorded is an act that puts a fixture's recorded event on a store's
// record: Apply checks it there as it checks any entry. Events the clock
// makes due are left to the store, which records them itself.
type recorded struct{ ev council.Event }

func (r recorded) Check(s *council.State, by council.Actor, now int64) ([]council.Event, error) {
	if r.ev == nil {
		return nil, nil
	}
	return []council.Event{r.ev}, nil
}

// storeRun is a store.Service on a fresh SQLite directory with an explicit
// clock: a council.Doer for RunCycle.
type storeRun struct {
	t       testing.TB
	backend *sqlite.Backend
	svc     *store.Service
	clock   atomic.Int64
}

func newStoreRun(t testing.TB, f *council.Fixture, opt store.Options) *storeRun {
	t.Helper()
	b, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r := &storeRun{t: t, backend: b}
	r.clock.Store(council.FixtureStart)
	opt.Tick, opt.Clock, opt.Logger = -1, r.clock.Load, slog.New(slog.DiscardHandler)
	if r.svc, err = store.Open(context.Background(), b, opt); err != nil {
		b.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := r.svc.Close(); err != nil {
			t.Error(err)
		}
		if err := b.Close(); err != nil {
			t.Error(err)
		}
	})
	// The fixture federation, as recorded in memory, onto the store.
	for i, rec := range f.Log {
		if rec.By.Server {
			switch rec.Event.(type) {
			case council.Founded, council.InvitationAccepted:
			default:
				continue // due: the store records it from its clock
			}
		}
		r.clock.Store(rec.At)
		if _, err := r.svc.Do(context.Background(), rec.By, recorded{rec.Event}); err != nil {
			t.Fatalf("fixture entry %d %s: %v", i, rec.Event.Kind(), err)
		}
	}
	return r
}

// Do implements council.Doer.
func (r *storeRun) Do(by council.Actor, act council.Act) ([]council.Event, error) {
	rc, err := r.svc.Do(context.Background(), by, act)
	return rc.Events, err
}

// Advance implements council.Doer: an empty act makes the store record
// what falls due.
func (r *storeRun) Advance(d int64) error {
	r.clock.Add(d)
	_, err := r.svc.Do(context.Background(), council.Server, recorded{})
	return err
}

// View implements council.Doer.
func (r *storeRun) View(fn func(*council.State)) { r.svc.View(fn) }

func (r *storeRun) audit() store.Report {
	r.t.Helper()
	rep, err := store.Audit(context.Background(), r.backend, r.svc.VerifierKey())
	if err != nil {
		r.t.Fatalf("audit: %v", err)
	}
	return rep
}

// The whole cycle through store.Service on a real SQLite file: every
// submission, variant, vote, report and ledger movement is an entry, and
// the audit replays them all and compares every derived table.
func TestPlanCycleThroughStore(t *testing.T) {
	f, err := council.NewFixture()
	if err != nil {
		t.Fatal(err)
	}
	r := newStoreRun(t, f, store.Options{})
	r.clock.Store(f.Now)
	run, err := council.RunCycle(r, f)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rows := func(table string) int {
		n := 0
		if _, err := r.svc.Table(ctx, table, func([]any) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for table, min := range map[string]int{"plan_periods": 1, "plan_needs": 2, "plan_processes": 3, "plan_variants": 2,
		"plan_targets": 3, "plan_allocations": 2, "plan_reports": 6, "plan_flags": 3, "accounts": 15, "transfers": 4,
		"funds": 2, "hours_reports": 1, "goods_drawn": 2, "free_goods": 1} {
		if n := rows(table); n < min {
			t.Errorf("table %s: %d rows in the store, want at least %d", table, n, min)
		}
	}
	var flagged []any
	if _, err := r.svc.Table(ctx, "plan_flags", func(row []any) error {
		if row[7] != "" {
			flagged = append(flagged, row[1], row[3], row[7])
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(flagged) != 3 || flagged[0] != int64(f.PrintShop) || flagged[1] != "pamphlets" || flagged[2] != "unreceived_output" {
		t.Errorf("flags in the store: %v", flagged)
	}
	var ben int64 = -1
	r.View(func(s *council.State) {
		a, _ := s.Account(f.Member["Ben"])
		ben = a.Balance()
		if err := s.CheckLedger(); err != nil {
			t.Error(err)
		}
	})
	if ben != 270 {
		t.Errorf("Ben's balance: %d, want 480 - 48 - 72 - 90", ben)
	}
	// Ben reports another day, not yet confirmed.
	benA, cleo, ada := council.MemberActor(f.Member["Ben"]), council.MemberActor(f.Member["Cleo"]), council.MemberActor(f.Member["Ada"])
	rc, err := r.svc.Do(ctx, benA, council.ReportHours{Workplace: f.Bakery, Minutes: 300, Key: "ben-tuesday"})
	if err != nil {
		t.Fatal(err)
	}
	tuesday := rc.Events[0].(council.HoursReported).Report
	size := r.svc.Size()

	// Refused, with nothing written.
	var forged council.HoursConfirmed
	r.View(func(s *council.State) {
		evs, err := council.ConfirmHours{Report: tuesday, Key: "ada-tuesday"}.Check(s, ada, r.clock.Load())
		if err != nil {
			t.Fatal(err)
		}
		forged = evs[0].(council.HoursConfirmed)
	})
	forged.Net += forged.Deducted // certificates without the voted deductions
	forged.Deducted = 0
	for _, c := range []struct {
		name         string
		by           council.Actor
		act          council.Act
		code, reason string
	}{
		{"negative minutes", benA, council.ReportHours{Workplace: f.Bakery, Minutes: -60, Key: "neg"}, commune.EINVALID, "not_positive"},
		{"beyond the balance", cleo, council.DrawGoods{Period: run.Period, Point: f.RueNeuve, Member: f.Member["Ben"], Product: "bread", Quantity: 500, Key: "big"},
			commune.ECONFLICT, "insufficient_balance"},
		{"key reused", cleo, council.DrawGoods{Period: run.Period, Point: f.RueNeuve, Member: f.Member["Ben"], Product: "bread", Quantity: 1, Key: run.DrawKey},
			commune.ECONFLICT, "key_reused"},
		{"own hours", benA, council.ConfirmHours{Report: tuesday, Key: "self"}, commune.EFORBIDDEN, "own_hours"},
		{"certificates without deductions", ada, recorded{forged}, commune.EINVALID, "figures_differ"},
	} {
		_, err := r.svc.Do(ctx, c.by, c.act)
		if commune.ErrorCode(err) != c.code || commune.ErrorReason(err) != c.reason {
			t.Errorf("%s: %v, want %s/%s", c.name, err, c.code, c.reason)
		}
	}
	// A retry with the same key and fields writes nothing either.
	rc, err = r.svc.Do(ctx, cleo, council.DrawGoods{Period: run.Period, Point: f.RueNeuve, Member: f.Member["Ben"], Product: "bread", Quantity: run.BreadQuantity, Key: run.DrawKey})
	if err != nil || len(rc.Entries) != 0 {
		t.Errorf("retry: %v %v", rc.Entries, err)
	}
	if got := r.svc.Size(); got != size {
		t.Fatalf("refusals wrote %d entries", got-size)
	}
	rep := r.audit()
	if rep.Entries != size {
		t.Errorf("audit replayed %d entries, want %d", rep.Entries, size)
	}
	t.Logf("record: %d entries, %d rows audited in %v", rep.Entries, rep.Rows, rep.Elapsed)

	// Reopening replays the record into the same state.
	var before, after [][]any
	r.View(func(s *council.State) { before = s.Rows("transfers") })
	if err := r.svc.Close(); err != nil {
		t.Fatal(err)
	}
	if r.svc, err = store.Open(ctx, r.backend, store.Options{Tick: -1, Clock: r.clock.Load, Logger: slog.New(slog.DiscardHandler)}); err != nil {
		t.Fatal(err)
	}
	r.View(func(s *council.State) { after = s.Rows("transfers") })
	if len(before) == 0 || len(before) != len(after) {
		t.Fatalf("transfers before %d, after reopening %d", len(before), len(after))
	}
	for i := range before {
		for j := range before[i] {
			if before[i][j] != after[i][j] {
				t.Fatalf("transfer row %d differs after replay: %v vs %v", i, before[i], after[i])
			}
		}
	}
	var e *store.Discrepancy
	if _, err := store.Audit(ctx, r.backend, r.svc.VerifierKey()); errors.As(err, &e) || err != nil {
		t.Fatalf("audit after reopening: %v", err)
	}
}
