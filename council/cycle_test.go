package council

import (
	"encoding/json"
	"math"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune"
	"commune/cycle"
	"commune/ledger"
)

func init() {
	flows["PlanCycle"] = flowPlanCycle
	flows["LedgerRefusals"] = flowLedgerRefusals
}

func TestPlanCycle(t *testing.T) { flowPlanCycle(t, fixture(t)) }

func runCycle(t *testing.T, f *Fixture) CycleRun {
	t.Helper()
	run, err := RunCycle(f, f)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func flowPlanCycle(t *testing.T, f *Fixture) {
	run := runCycle(t, f)
	s := f.S
	checkCycleOutcome(t, s, f, run)
}

// checkCycleOutcome checks the figures a RunCycle leaves, against the
// economics of the fixture: flour takes 0.5 h, bread 1 h per 2 loaves and a
// unit of flour each, so a loaf's labour value is 0.75 h.
func checkCycleOutcome(t *testing.T, s *State, f *Fixture, run CycleRun) {
	t.Helper()
	plan, ok := s.AdoptedPlan(run.Period)
	if !ok || plan.Figures.Spec.Name != "as offered" {
		t.Fatalf("adopted plan: %+v %v", plan.Figures.Spec, ok)
	}
	values := map[string]float64{}
	for _, p := range plan.Figures.Products {
		values[p.Product] = p.Value
	}
	for product, want := range map[string]float64{"bread": 0.75, "flour": 0.5, "pamphlets": 0.1} {
		if math.Abs(values[product]-want) > 1e-4 {
			t.Errorf("value of %s: got %g, want %g", product, values[product], want)
		}
	}
	// The shorter week cannot bake all the bread: 30% of 200 h is 60 h, a
	// loaf needs 0.75 h, so 80 of 100 loaves.
	vs := s.Variants(run.Period)
	if len(vs) != 2 || math.Abs(vs[1].Figures.Levels[0].Fulfilment-0.8) > 1e-4 {
		t.Errorf("shorter week: %+v", vs[1].Figures.Levels)
	}
	got := map[string]float64{}
	for _, tg := range s.Targets(run.Period, 0) {
		got[tg.Product] += tg.Quantity
	}
	want := map[string]float64{"bread": 100, "flour": 50, "pamphlets": 20}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-3 })); diff != "" {
		t.Errorf("targets (-want +got):\n%s", diff)
	}
	var alloc float64
	for _, a := range s.Allocations(run.Period, f.RueNeuve) {
		if a.Product == "bread" {
			alloc += a.Quantity
		}
	}
	if math.Abs(alloc-100) > 1e-3 {
		t.Errorf("bread allocated to Rue Neuve: %g", alloc)
	}
	// Only the print shop's exaggerated report is flagged; the bakery's
	// half-loaf difference is within the tolerance.
	flags := s.Flags(run.Period, 0)
	if len(flags) != 1 || cycle.CouncilID(f.PrintShop) != flags[0].Workplace ||
		!cmp.Equal(flags[0].Flags, []cycle.FlagKind{cycle.Unreceived}) {
		t.Errorf("flags: %+v", flags)
	}
	if len(s.Flags(run.Period, f.Bakery)) != 0 || len(s.Reconciliation(run.Period, f.Bakery)) != 2 {
		t.Errorf("bakery: %+v", s.Reconciliation(run.Period, f.Bakery))
	}
	// 480 minutes less 10% and 15%: 360 to Ben; bread 2 × 0.75 h = 90 minutes.
	ben, _ := s.Account(f.Member["Ben"])
	if ben.Credits != 360 || ben.Debits != 90 || ben.Balance() != 270 {
		t.Errorf("Ben's account: %+v", ben)
	}
	bakery, _ := s.Account(f.Bakery)
	if bakery.Balance() != -480 {
		t.Errorf("bakery's account: %+v", bakery)
	}
	funds := map[string]int64{}
	for _, fd := range s.Funds() {
		funds[fd.Name] = fd.Balance
	}
	if diff := cmp.Diff(map[string]int64{"replacement": 48, "common needs": 72}, funds); diff != "" {
		t.Errorf("funds (-want +got):\n%s", diff)
	}
	draws := s.Draws(f.Member["Ben"])
	if len(draws) != 2 || draws[0].Minutes != 90 || !draws[1].Free || draws[1].Minutes != 0 {
		t.Errorf("draws: %+v", draws)
	}
	if n := len(s.AccountTransfers(f.Member["Ben"])); n != 2 {
		t.Errorf("Ben has %d transfers, want certificate and draw", n)
	}
	if err := s.CheckLedger(); err != nil {
		t.Error(err)
	}
}

func flowLedgerRefusals(t *testing.T, f *Fixture) {
	run := runCycle(t, f)
	ben, ada, cleo := f.id("Ben"), f.id("Ada"), f.id("Cleo")
	report := must(t, f, "Ben", ReportHours{Workplace: f.Bakery, Minutes: 60, Key: "ben-tuesday"})[0].(HoursReported).Report

	refused(t, f, ben, ConfirmHours{Report: report, Key: "ben-self"}, commune.EFORBIDDEN, "own_hours")
	refused(t, f, f.id("Eve"), ConfirmHours{Report: report, Key: "eve-outsider"}, commune.EFORBIDDEN, "not_member")
	refused(t, f, ben, ReportHours{Workplace: f.Bakery, Minutes: -30, Key: "ben-negative"}, commune.EINVALID, "not_positive")
	refused(t, f, ben, ReportHours{Workplace: f.Bakery, Minutes: 0, Key: "ben-zero"}, commune.EINVALID, "not_positive")
	var frac ReportHours
	if err := json.Unmarshal([]byte(`{"workplace":1,"minutes":1.5,"key":"k"}`), &frac); err == nil {
		t.Error("fractional minutes decoded")
	}
	refused(t, f, cleo, DrawGoods{Period: run.Period, Point: f.RueNeuve, Member: f.Member["Ben"], Product: "bread", Quantity: 1000, Key: "too-much"},
		commune.ECONFLICT, "insufficient_balance")
	refused(t, f, cleo, DrawGoods{Period: run.Period, Point: f.RueNeuve, Member: f.Member["Ben"], Product: "bread", Quantity: -1, Key: "negative"},
		commune.EINVALID, "bad_quantity")
	refused(t, f, cleo, DrawGoods{Period: run.Period, Point: f.RueNeuve, Member: f.Member["Ben"], Product: "cake", Quantity: 1, Key: "cake"},
		commune.ENOTFOUND, "not_in_plan")
	refused(t, f, ada, DrawGoods{Period: run.Period, Point: f.RueNeuve, Member: f.Member["Ben"], Product: "bread", Quantity: 1, Key: "ada-not-there"},
		commune.EFORBIDDEN, "not_member")
	// A key reused with other fields is refused; with the same fields it is
	// a retry that records nothing.
	refused(t, f, ben, ReportHours{Workplace: f.Bakery, Minutes: 61, Key: "ben-tuesday"}, commune.ECONFLICT, "key_reused")
	refused(t, f, cleo, DrawGoods{Period: run.Period, Point: f.RueNeuve, Member: f.Member["Ben"], Product: "bread", Quantity: 1, Key: run.DrawKey},
		commune.ECONFLICT, "key_reused")
	n := len(f.Log)
	if evs, err := f.Do(ben, ReportHours{Workplace: f.Bakery, Minutes: 60, Key: "ben-tuesday"}); err != nil || len(evs) != 0 || len(f.Log) != n {
		t.Fatalf("retry: %v %v", evs, err)
	}
	// No act moves certificates between members, and the allowed pairs
	// refuse it whatever the code.
	for name := range Acts() {
		if name == "transfer" || name == "give" || name == "send" {
			t.Errorf("act %s exists", name)
		}
	}
	for _, code := range []ledger.Code{ledger.CodeCertificate, ledger.CodeDeduction, ledger.CodeDraw, ledger.CodeFundSpend,
		ledger.CodeSupport, ledger.CodeExpiry, ledger.CodeCorrection} {
		if ledger.Allowed(code, ledger.Member, ledger.Member) {
			t.Errorf("%s between members allowed", code)
		}
	}
	// A forged confirmation declaring more certificates, or fewer
	// deductions, is refused by Apply.
	good, err := ConfirmHours{Report: report, Key: "ada-tuesday"}.Check(f.S, ada, f.Now)
	if err != nil {
		t.Fatal(err)
	}
	for _, forge := range []func(*HoursConfirmed){
		func(e *HoursConfirmed) { e.Net++ },
		func(e *HoursConfirmed) { e.Net, e.Deducted = e.Net+e.Deducted, 0 },
		func(e *HoursConfirmed) { e.First++ },
	} {
		forged := good[0].(HoursConfirmed)
		forge(&forged)
		if err := f.S.Apply(f.Now, ada, forged); commune.ErrorReason(err) != "figures_differ" {
			t.Fatalf("forged confirmation %+v: %v", forged, err)
		}
	}
	// A forged variant is refused too.
	vs := f.S.Variants(run.Period)
	vc := VariantsComputed{Period: run.Period, Variants: []ID{f.S.next(1)}, Figures: []cycle.Variant{vs[0].Figures}}
	vc.Figures[0].Labour *= 1.01
	if err := f.S.Apply(f.Now, f.id("Eve"), vc); err == nil {
		t.Fatal("forged variants applied")
	}
	// Entries are never edited: a correction reverses the draw by reference.
	tr := f.S.AccountTransfers(f.Member["Ben"])
	drawTr := tr[len(tr)-1]
	refused(t, f, ada, CorrectTransfer{Transfer: drawTr.ID, Key: "ada-corrects"}, commune.EFORBIDDEN, "not_member")
	must(t, f, "Gus", CorrectTransfer{Transfer: drawTr.ID, Ref: "wrong member", Key: "gus-corrects"})
	refused(t, f, f.id("Gus"), CorrectTransfer{Transfer: drawTr.ID, Key: "gus-again"}, commune.ECONFLICT, "already_corrected")
	if a, _ := f.S.Account(f.Member["Ben"]); a.Balance() != 360 {
		t.Errorf("Ben after the correction: %+v", a)
	}
	must(t, f, "Ada", ConfirmHours{Report: report, Key: "ada-tuesday"})
	refused(t, f, ada, ConfirmHours{Report: report, Key: "ada-tuesday-2"}, commune.ECONFLICT, "already_confirmed")
	if err := f.S.CheckLedger(); err != nil {
		t.Error(err)
	}
}

// cycleActs fills the cycle's and the accounts' acts for the operator test.
func cycleActs(t *testing.T, f *Fixture) map[string]Act {
	return map[string]Act{
		"compute_variants":    ComputeVariants{Period: 1, Specs: []cycle.VariantSpec{{Name: "a", LabourScale: 1}}},
		"report_output":       ReportOutput{Period: 1, Workplace: f.Bakery, Product: "bread", Quantity: 1},
		"report_receipt":      ReportReceipt{Period: 1, Receiver: f.RueNeuve, From: f.Bakery, Product: "bread", Quantity: 1},
		"report_hours":        ReportHours{Workplace: f.Bakery, Minutes: 60, Key: "op-1"},
		"confirm_hours":       ConfirmHours{Report: 1, Key: "op-2"},
		"draw_goods":          DrawGoods{Period: 1, Point: f.RueNeuve, Member: f.Member["Ben"], Product: "bread", Quantity: 1, Key: "op-3"},
		"correct_transfer":    CorrectTransfer{Transfer: 1, Key: "op-4"},
		"spend_fund":          SpendFund{Fund: 1, Minutes: 1, Decision: 1, Key: "op-5"},
		"support":             GrantSupport{Fund: 1, Member: f.Member["Ben"], Minutes: 1, Decision: 1, Key: "op-6"},
		"expire_certificates": ExpireCertificates{Key: "op-7"},
	}
}

func TestLedgerRefusals(t *testing.T) { flowLedgerRefusals(t, fixture(t)) }

// BenchmarkLedgerInMemory measures checking and applying an hours report
// and its confirmation on the state alone (no store): the domain's share
// of the cost of a durable ledger entry.
func BenchmarkLedgerInMemory(b *testing.B) {
	f, err := NewFixture()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := RunCycle(f, f); err != nil {
		b.Fatal(err)
	}
	f.S.TrackChanges(true)
	ben, ada := f.id("Ben"), f.id("Ada")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		key := strconv.Itoa(i)
		evs, err := f.Do(ben, ReportHours{Workplace: f.Bakery, Minutes: 60, Key: "h" + key})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.Do(ada, ConfirmHours{Report: evs[0].(HoursReported).Report, Key: "c" + key}); err != nil {
			b.Fatal(err)
		}
		f.S.TakeChanges()
	}
}

// FuzzCycleEvents decodes and applies the cycle's and the accounts' events
// to a state in the middle of a cycle: a decodable event never panics, and
// a refused one leaves the accounts and flags as they were.
func FuzzCycleEvents(f *testing.F) {
	fx, err := NewFixture()
	if err != nil {
		f.Fatal(err)
	}
	n := len(fx.Log)
	if _, err := RunCycle(fx, fx); err != nil {
		f.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range fx.Log[n:] {
		body, _ := EncodeEvent(r.Event)
		if k := r.Event.Kind(); !seen[k] {
			seen[k] = true
			f.Add(k, string(body))
		}
	}
	f.Add("ledger.goods_drawn", `{"draw":1,"period":1,"point":5,"member":2,"product":"bread","quantity":1e300,"free":false,"minutes":1,"key":"k"}`)
	f.Add("ledger.hours_reported", `{"report":1,"workplace":2,"minutes":-1,"key":""}`)
	f.Fuzz(func(t *testing.T, kind, body string) {
		ev, err := DecodeEvent(kind, []byte(body))
		if err != nil {
			return
		}
		g, err := NewFixture()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := RunCycle(g, g); err != nil {
			t.Fatal(err)
		}
		for _, by := range []Actor{MemberActor(2), MemberActor(11), Server, {Operator: "x"}} {
			accounts, flags := g.S.Rows("accounts"), g.S.Rows("plan_flags")
			if err := g.S.Apply(g.Now+Day, by, ev); err != nil {
				if diff := cmp.Diff(accounts, g.S.Rows("accounts")); diff != "" {
					t.Fatalf("refused event changed accounts:\n%s", diff)
				}
				if diff := cmp.Diff(flags, g.S.Rows("plan_flags")); diff != "" {
					t.Fatalf("refused event changed flags:\n%s", diff)
				}
			}
			if err := g.S.CheckLedger(); err != nil {
				t.Fatal(err)
			}
		}
	})
}
