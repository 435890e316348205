package web

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune/council"
	"commune/cycle"
	"commune/store"
)

// cycleRun is a whole planning cycle run over HTTP on the test federation:
// A is the workplace (a bakery), B the neighbourhood, F the district.
type cycleRun struct {
	*federation
	period, adopted council.ID
	variants        []council.ID
	hours           council.ID // Ben's hours report, confirmed by Rosa
	confirm         actResponse
	draw            actResponse
}

// decide has voters vote yes on proposals after discussion and waits for
// the votes to close; each must pass.
func (f *federation) decide(props []council.ID, voters [][]member, st council.Statutes) {
	f.t.Helper()
	f.tick(st.Discussion + council.Second)
	for i, p := range props {
		for _, m := range voters[i] {
			f.vote(p, m, "yes")
		}
	}
	f.tick(st.Voting)
	for _, p := range props {
		if got := f.closed(p); !got.Passed {
			f.t.Fatalf("proposal %d did not pass: %+v", p, got)
		}
	}
}

func (f *federation) propose(c council.ID, m member, kind, title string, cm council.CycleMotion) council.ID {
	f.t.Helper()
	return f.proposal(f.act("POST", fmt.Sprintf("/api/v1/councils/%d/proposals", c), m,
		map[string]any{"kind": kind, "title": title, "motion": map[string]any{"cycle": cm}}))
}

func runCycleHTTP(t *testing.T) *cycleRun {
	f := &cycleRun{federation: newFederation(t)}
	delegates := []member{f.ana, f.dan}

	// The district opens a period and votes deductions and free goods.
	start := f.clock.now() + 10*council.Day
	pp := f.propose(f.F, f.ana, council.ProposalPlanPeriod, "Spring plan", council.CycleMotion{Name: "Spring", Start: start, End: start + 90*council.Day})
	dd := f.propose(f.F, f.dan, council.ProposalDeductions, "Deductions", council.CycleMotion{Rates: []council.FundRate{
		{Fund: "replacement", PerMille: 100}, {Fund: "common needs", PerMille: 150}}})
	fg := f.propose(f.F, f.dan, council.ProposalFreeGoods, "Free pamphlets", council.CycleMotion{Products: []string{"pamphlets"}})
	f.decide([]council.ID{pp, dd, fg}, [][]member{delegates, delegates, delegates}, council.DefaultStatutes())
	var periods periodList
	f.ok("GET", fmt.Sprintf("/api/v1/periods?council=%d", f.F), member{}, nil, &periods)
	if len(periods.Periods) != 1 {
		t.Fatalf("periods of the district: %+v", periods)
	}
	f.period = periods.Periods[0].ID

	// The neighbourhood adopts its needs, the bakery its processes.
	nd := f.propose(f.B, f.carla, council.ProposalNeeds, "Our needs", council.CycleMotion{Period: f.period, Needs: []council.NeedLine{
		{Product: "bread", Quantity: 100, Priority: 1}, {Product: "pamphlets", Quantity: 20, Priority: 2}}})
	bk := f.propose(f.A, f.rosa, council.ProposalProcesses, "Bakery", council.CycleMotion{Period: f.period, Processes: []council.ProcessLine{
		{ID: "mill", Product: "flour", Output: 1, Labour: 0.5},
		{ID: "oven", Product: "bread", Output: 2, Labour: 1, Uses: []cycle.Use{{Item: "flour", Quantity: 1}}},
		{ID: "press", Product: "pamphlets", Output: 10, Labour: 1},
	}, Hours: 200})
	f.decide([]council.ID{nd, bk}, [][]member{{f.carla, f.dan, f.eve}, {f.rosa, f.ana, f.ben}}, shortStatutes())

	// A delegate has two variants computed; the delegates rank them.
	rc := f.act("POST", fmt.Sprintf("/api/v1/periods/%d/variants", f.period), f.ana, map[string]any{
		"specs": []cycle.VariantSpec{{Name: "as offered", LabourScale: 1}, {Name: "shorter week", LabourScale: 0.5}}})
	var p periodPage
	f.ok("GET", fmt.Sprintf("/api/v1/periods/%d", f.period), member{}, nil, &p)
	f.variants = p.Variants
	if len(f.variants) != 2 || len(p.Computed) != 2 || p.Computed[0].Figures.Labour <= 0 {
		t.Fatalf("after computing (%+v): period %+v", rc, p.PeriodView)
	}
	ad := f.propose(f.F, f.dan, council.ProposalPlanAdoption, "Adopt the spring plan", council.CycleMotion{Period: f.period})
	f.tick(3 * council.Day)
	for _, m := range delegates {
		f.act("POST", fmt.Sprintf("/api/v1/proposals/%d/votes", ad), m, map[string]any{"ranking": [][]council.ID{{f.variants[0]}, {f.variants[1]}}})
	}
	f.tick(4 * council.Day)
	f.ok("GET", fmt.Sprintf("/api/v1/periods/%d", f.period), member{}, nil, &p)
	if p.Status != council.PeriodAdopted || p.Adopted != f.variants[0] || p.AdoptedPlan == nil || len(p.Targets) == 0 || len(p.Allocations) == 0 {
		t.Fatalf("after the adoption vote: %+v", p)
	}
	f.adopted = p.Adopted

	// Reports: the bakery's bread output is exaggerated.
	per := fmt.Sprintf("/api/v1/periods/%d", f.period)
	f.act("POST", per+"/outputs", f.ben, map[string]any{"workplace": f.A, "product": "bread", "quantity": 160})
	f.act("POST", per+"/outputs", f.ben, map[string]any{"workplace": f.A, "product": "flour", "quantity": 50})
	f.act("POST", per+"/outputs", f.ana, map[string]any{"workplace": f.A, "product": "pamphlets", "quantity": 20})
	f.act("POST", per+"/receipts", f.rosa, map[string]any{"receiver": f.A, "from": f.A, "product": "flour", "quantity": 50})
	f.act("POST", per+"/receipts", f.eve, map[string]any{"receiver": f.B, "from": f.A, "product": "bread", "quantity": 100})
	f.act("POST", per+"/receipts", f.eve, map[string]any{"receiver": f.B, "from": f.A, "product": "pamphlets", "quantity": 20})

	// Ben's day, confirmed by Rosa; Ben draws bread and is handed pamphlets.
	rc = f.act("POST", "/api/v1/hours", f.ben, map[string]any{"workplace": f.A, "minutes": 480, "ref": "Monday", "key": "ben-monday"})
	f.hours = f.created(rc, "ledger.hours_reported", "report")
	f.confirm = f.act("POST", fmt.Sprintf("/api/v1/hours/%d/confirmation", f.hours), f.rosa, map[string]any{"key": "rosa-confirms-ben"})
	f.draw = f.act("POST", per+"/draws", f.dan, map[string]any{"point": f.B, "member": f.ben.ID, "product": "bread", "quantity": 2, "key": "b-ben-bread"})
	f.act("POST", per+"/draws", f.eve, map[string]any{"point": f.B, "member": f.ben.ID, "product": "pamphlets", "quantity": 3, "key": "b-ben-pamphlets"})
	return f
}

func TestCycleOverHTTP(t *testing.T) {
	f := runCycleHTTP(t)

	// The reconciliation flags the exaggerated bread, on the period and on
	// the workplace's page.
	var wp workplacePlan
	f.ok("GET", fmt.Sprintf("/api/v1/periods/%d/workplaces/%d", f.period, f.A), member{}, nil, &wp)
	var flagged []string
	for _, l := range wp.Flags {
		for _, k := range l.Flags {
			flagged = append(flagged, l.Product+" "+string(k))
		}
	}
	if diff := cmp.Diff([]string{"bread " + string(cycle.Unreceived)}, flagged); diff != "" {
		t.Errorf("flags (-want +got):\n%s", diff)
	}
	if len(wp.Targets) == 0 {
		t.Errorf("workplace %d has no targets", f.A)
	}

	// Ben's account: 480 minutes less 25 % deductions, less the bread at
	// its labour value; the pamphlets were free.
	var acc accountPage
	f.ok("GET", fmt.Sprintf("/api/v1/accounts/%d", f.ben.ID), member{}, nil, &acc)
	var drawn int64
	var free int
	for _, d := range acc.Draws {
		if d.Free {
			free++
		} else {
			drawn += d.Minutes
		}
	}
	if drawn <= 0 || free != 1 {
		t.Fatalf("Ben's draws: %+v", acc.Draws)
	}
	if got, want := acc.Balance, int64(480-48-72)-drawn; got != want {
		t.Errorf("Ben's balance = %d, want %d", got, want)
	}
	if len(acc.Transfers) != 2 {
		t.Errorf("Ben's transfers: %+v, want a certificate and a draw", acc.Transfers)
	}
	var funds fundsPage
	f.ok("GET", "/api/v1/funds", member{}, nil, &funds)
	got := map[string]int64{}
	for _, fd := range funds.Funds {
		got[fd.Name] = fd.Balance
	}
	if diff := cmp.Diff(map[string]int64{"replacement": 48, "common needs": 72}, got); diff != "" {
		t.Errorf("fund balances (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"pamphlets"}, funds.FreeGoods); diff != "" {
		t.Errorf("free goods (-want +got):\n%s", diff)
	}
	var hl hoursList
	f.ok("GET", fmt.Sprintf("/api/v1/hours?workplace=%d", f.A), member{}, nil, &hl)
	if len(hl.Hours) != 1 || hl.Hours[0].Status != "confirmed" || hl.Hours[0].ConfirmedBy != f.rosa.ID {
		t.Errorf("hours of the bakery: %+v", hl.Hours)
	}

	// A retry with the same key and fields is a 200 with the original entry.
	before := f.svc.Size()
	var again actResponse
	status, _ := f.call("POST", fmt.Sprintf("/api/v1/hours/%d/confirmation", f.hours), f.rosa.Token, map[string]any{"key": "rosa-confirms-ben"})
	f.ok("POST", fmt.Sprintf("/api/v1/periods/%d/draws", f.period), f.dan, map[string]any{"point": f.B, "member": f.ben.ID, "product": "bread", "quantity": 2, "key": "b-ben-bread"}, &again)
	if status != 200 || f.svc.Size() != before {
		t.Errorf("retried confirmation: status %d, record %d → %d", status, before, f.svc.Size())
	}
	if diff := cmp.Diff(f.draw.Entries, again.Entries); diff != "" || len(again.Events) != 1 || string(again.Events[0].Body) != string(f.draw.Events[0].Body) {
		t.Errorf("retried draw answered %+v, want the original %+v", again, f.draw)
	}
	f.ok("GET", fmt.Sprintf("/api/v1/accounts/%d", f.ben.ID), member{}, nil, &acc)
	if len(acc.Draws) != 2 {
		t.Errorf("after retries Ben has %d draws, want 2", len(acc.Draws))
	}

	// The draw was a mistake: a member of the distribution point reverses
	// it, once; Ben's certificates come back.
	var bread struct {
		Transfer int64 `json:"transfer"`
	}
	if err := json.Unmarshal(f.draw.Events[0].Body, &bread); err != nil || bread.Transfer == 0 {
		t.Fatalf("draw event %s: %v", f.draw.Events[0].Body, err)
	}
	f.act("POST", "/api/v1/corrections", f.eve, map[string]any{"transfer": bread.Transfer, "ref": "handed back", "key": "eve-corrects-draw"})
	f.refused("POST", "/api/v1/corrections", f.dan, map[string]any{"transfer": bread.Transfer, "key": "dan-corrects-draw"}, 409, "conflict", "")
	f.refused("POST", "/api/v1/corrections", f.ben, map[string]any{"transfer": bread.Transfer, "key": "ben-corrects-draw"}, 403, "forbidden", "")
	f.ok("GET", fmt.Sprintf("/api/v1/accounts/%d", f.ben.ID), member{}, nil, &acc)
	if acc.Balance != 480-48-72 {
		t.Errorf("after the correction Ben's balance = %d, want %d", acc.Balance, 480-48-72)
	}
	auditPasses(t, f.harness)
}

func TestCycleRefusals(t *testing.T) {
	f := runCycleHTTP(t)
	per := fmt.Sprintf("/api/v1/periods/%d", f.period)
	for _, tc := range []struct {
		name, method, path string
		by                 member
		body               any
		status             int
		code, reason       string
	}{
		{"negative minutes", "POST", "/api/v1/hours", f.ben, map[string]any{"workplace": f.A, "minutes": -60, "key": "neg"}, 400, "invalid", ""},
		{"fractional minutes", "POST", "/api/v1/hours", f.ben, `{"workplace": ` + fmt.Sprint(f.A) + `, "minutes": 7.5, "key": "frac"}`, 400, "invalid", ""},
		{"no key", "POST", "/api/v1/hours", f.ben, map[string]any{"workplace": f.A, "minutes": 60}, 400, "invalid", ""},
		{"beyond balance", "POST", per + "/draws", f.dan, map[string]any{"point": f.B, "member": f.ben.ID, "product": "bread", "quantity": 1000, "key": "too-much"}, 409, "conflict", ""},
		{"key reused with other fields", "POST", per + "/draws", f.dan, map[string]any{"point": f.B, "member": f.ben.ID, "product": "bread", "quantity": 3, "key": "b-ben-bread"}, 409, "conflict", "key_reused"},
		{"no such period", "POST", "/api/v1/periods/999999/outputs", f.ben, map[string]any{"workplace": f.A, "product": "bread", "quantity": 1}, 404, "not_found", ""},
		{"negative output", "POST", per + "/outputs", f.ben, map[string]any{"workplace": f.A, "product": "bread", "quantity": -1}, 422, "invalid", "bad_quantity"},
		{"output of another council", "POST", per + "/outputs", f.eve, map[string]any{"workplace": f.A, "product": "bread", "quantity": 1}, 403, "forbidden", ""},
		{"variants after adoption", "POST", per + "/variants", f.ana, map[string]any{"specs": []cycle.VariantSpec{{Name: "late", LabourScale: 1}}}, 409, "conflict", ""},
		{"period differs from path", "POST", per + "/outputs", f.ben, map[string]any{"period": f.period + 1, "workplace": f.A, "product": "bread", "quantity": 1}, 400, "invalid", ""},
		{"unknown field", "POST", "/api/v1/hours", f.ben, map[string]any{"workplace": f.A, "minutes": 60, "key": "x", "member": f.rosa.ID}, 400, "invalid", ""},
		{"no token", "POST", "/api/v1/hours", member{}, map[string]any{"workplace": f.A, "minutes": 60, "key": "anon"}, 401, "unauthorized", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f.t = t
			f.refused(tc.method, tc.path, tc.by, tc.body, tc.status, tc.code, tc.reason)
		})
	}

	// Nobody confirms their own hours.
	t.Run("own hours", func(t *testing.T) {
		f.t = t
		rc := f.act("POST", "/api/v1/hours", f.ana, map[string]any{"workplace": f.A, "minutes": 60, "key": "ana-tuesday"})
		id := f.created(rc, "ledger.hours_reported", "report")
		f.refused("POST", fmt.Sprintf("/api/v1/hours/%d/confirmation", id), f.ana, map[string]any{"key": "ana-confirms-ana"}, 403, "forbidden", "")
	})
	f.t = t
	for _, path := range []string{"/api/v1/periods/999999", fmt.Sprintf("/api/v1/accounts/%d", 999999), fmt.Sprintf("%s/workplaces/%d", per, f.B)} {
		if status, body := f.call("GET", path, "", nil); status != 404 {
			t.Errorf("GET %s: %d %s, want 404", path, status, body)
		}
	}
	var acc accountPage
	f.ok("GET", fmt.Sprintf("/api/v1/accounts/%d", f.ben.ID), member{}, nil, &acc)
	if acc.Balance < 0 || len(acc.Draws) != 2 {
		t.Errorf("after the refusals Ben's account is %+v", acc)
	}
	auditPasses(t, f.harness)
}

// auditPasses replays the harness's record and checks the ledger invariants.
func auditPasses(t *testing.T, h *harness) {
	t.Helper()
	h.tick(council.Second) // a commit signs a fresh checkpoint
	if _, err := store.Audit(context.Background(), h.backend, h.svc.VerifierKey()); err != nil {
		t.Fatalf("audit: %v", err)
	}
	var err error
	h.svc.View(func(st *council.State) { err = st.CheckLedger() })
	if err != nil {
		t.Fatalf("ledger invariants: %v", err)
	}
}
