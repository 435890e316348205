package council

import (
	"fmt"

	"commune/cycle"
)

// Doer performs acts and moves a clock: the Fixture in memory, or a store
// in tests and demos that run the same script on a real record.
type Doer interface {
	// Do checks an act by an actor at the current time and records its events.
	Do(by Actor, act Act) ([]Event, error)
	// Advance moves the clock forward by d, recording what falls due.
	Advance(d int64) error
	// View reads the current state.
	View(fn func(*State))
}

// View implements Doer.
func (f *Fixture) View(fn func(*State)) { fn(f.S) }

// CycleRun is what RunCycle did, for the caller to check and show.
type CycleRun struct {
	Period        ID
	Variants      []ID
	Adopted       ID
	Hours         ID     // Ben's hours report, confirmed by Ada
	Draw          ID     // bread drawn by Ben at Rue Neuve
	Free          ID     // pamphlets handed to Ben free
	Exaggerated   ID     // the print shop's exaggerated output report
	ConfirmKey    string // idempotency key of the confirmation
	DrawKey       string // idempotency key of the bread drawing
	BenMinutes    int64  // Ben's minutes confirmed
	BreadQuantity float64
}

// RunCycle runs a whole planning cycle on the fixture federation (whose
// member ids and councils are given by fx) through d: District 1 opens a
// period, votes deductions and free goods; Rue Neuve adopts its needs; the
// bakery and the print shop publish processes and hours; a delegate has two
// variants computed; the district adopts one by ranked vote; outputs and
// receipts are reported, the print shop's exaggerated; Ben's hours are
// confirmed by Ada; Ben draws bread and is handed pamphlets free.
func RunCycle(d Doer, fx *Fixture) (CycleRun, error) {
	var run CycleRun
	m := fx.Member
	as := func(name string, act Act) ([]Event, error) {
		evs, err := d.Do(MemberActor(m[name]), act)
		if err != nil {
			return nil, fmt.Errorf("%s: %T: %w", name, act, err)
		}
		return evs, nil
	}
	propose := func(name string, c ID, kind, title string, cm CycleMotion) (ID, error) {
		evs, err := as(name, Propose{Council: c, Kind: kind, Title: title, Motion: Motion{Cycle: &cm}})
		if err != nil {
			return 0, err
		}
		return evs[0].(ProposalMade).Proposal, nil
	}
	// decide votes yes on every proposal by the voters, after discussion,
	// and waits for the votes to close.
	period := fx.Period()
	decide := func(props []ID, voters map[ID][]string) error {
		if err := d.Advance(period); err != nil {
			return err
		}
		for _, p := range props {
			for _, v := range voters[p] {
				if _, err := as(v, Vote{Question: p, Choice: Yes}); err != nil {
					return err
				}
			}
		}
		if err := d.Advance(period); err != nil {
			return err
		}
		var err error
		d.View(func(s *State) {
			for _, p := range props {
				if pv, _ := s.Proposal(p); pv.Status != StatusPassed {
					err = fmt.Errorf("proposal %d (%s): %s", p, pv.Kind, pv.Status)
					return
				}
			}
		})
		return err
	}
	district := []string{"Ada", "Eve", "Hana"}

	// The district opens the period and votes deductions and free goods.
	start := fx.Now + 10*Day
	pp, err := propose("Ada", fx.District, ProposalPlanPeriod, "Spring plan", CycleMotion{Name: "Spring", Start: start, End: start + 90*Day})
	if err != nil {
		return run, err
	}
	dd, err := propose("Eve", fx.District, ProposalDeductions, "Deductions", CycleMotion{Rates: []FundRate{
		{Fund: "replacement", PerMille: 100}, {Fund: "common needs", PerMille: 150}}})
	if err != nil {
		return run, err
	}
	fg, err := propose("Hana", fx.District, ProposalFreeGoods, "Free pamphlets", CycleMotion{Products: []string{"pamphlets"}})
	if err != nil {
		return run, err
	}
	if err := decide([]ID{pp, dd, fg}, map[ID][]string{pp: district, dd: district, fg: district}); err != nil {
		return run, err
	}
	d.View(func(s *State) {
		if ps := s.Periods(fx.District); len(ps) == 1 {
			run.Period = ps[0].ID
		}
	})
	if run.Period == 0 {
		return run, fmt.Errorf("no period opened")
	}

	// Needs and processes, each by its council's decision.
	nd, err := propose("Cleo", fx.RueNeuve, ProposalNeeds, "Our needs", CycleMotion{Period: run.Period, Needs: []NeedLine{
		{Product: "bread", Quantity: 100, Priority: 1}, {Product: "pamphlets", Quantity: 20, Priority: 2}}})
	if err != nil {
		return run, err
	}
	bk, err := propose("Ada", fx.Bakery, ProposalProcesses, "Bakery processes", CycleMotion{Period: run.Period, Processes: []ProcessLine{
		{ID: "mill", Product: "flour", Output: 1, Labour: 0.5},
		{ID: "oven", Product: "bread", Output: 2, Labour: 1, Uses: []cycle.Use{{Item: "flour", Quantity: 1}}},
	}, Hours: 200})
	if err != nil {
		return run, err
	}
	pr, err := propose("Dan", fx.PrintShop, ProposalProcesses, "Print shop processes", CycleMotion{Period: run.Period, Processes: []ProcessLine{
		{ID: "press", Product: "pamphlets", Output: 10, Labour: 1},
	}, Hours: 50})
	if err != nil {
		return run, err
	}
	if err := decide([]ID{nd, bk, pr}, map[ID][]string{nd: {"Cleo", "Eve", "Finn"}, bk: {"Ada", "Ben", "Cleo"}, pr: {"Dan", "Hana", "Ivan"}}); err != nil {
		return run, err
	}

	// A delegate asks for two variants; the district ranks them.
	evs, err := as("Eve", ComputeVariants{Period: run.Period, Specs: []cycle.VariantSpec{
		{Name: "as offered", LabourScale: 1}, {Name: "shorter week", LabourScale: 0.3}}})
	if err != nil {
		return run, err
	}
	run.Variants = evs[0].(VariantsComputed).Variants
	ad, err := propose("Hana", fx.District, ProposalPlanAdoption, "Adopt the spring plan", CycleMotion{Period: run.Period})
	if err != nil {
		return run, err
	}
	if err := d.Advance(period); err != nil {
		return run, err
	}
	v1, v2 := run.Variants[0], run.Variants[1]
	for name, r := range map[string][][]ID{"Ada": {{v1}, {v2}}, "Eve": {{v1}}, "Hana": {{v2}, {v1}}} {
		if _, err := as(name, Vote{Question: ad, Ranking: r}); err != nil {
			return run, err
		}
	}
	if err := d.Advance(period); err != nil {
		return run, err
	}
	d.View(func(s *State) {
		p, _ := s.Period(run.Period)
		run.Adopted = p.Adopted
	})
	if run.Adopted != v1 {
		return run, fmt.Errorf("adopted variant %d, want %d", run.Adopted, v1)
	}

	// Reports during the period: the print shop exaggerates its output.
	reports := []struct {
		name string
		act  Act
	}{
		{"Ben", ReportOutput{Period: run.Period, Workplace: fx.Bakery, Product: "bread", Quantity: 100}},
		{"Ben", ReportOutput{Period: run.Period, Workplace: fx.Bakery, Product: "flour", Quantity: 50}},
		{"Cleo", ReportReceipt{Period: run.Period, Receiver: fx.Bakery, From: fx.Bakery, Product: "flour", Quantity: 50}},
		{"Finn", ReportReceipt{Period: run.Period, Receiver: fx.RueNeuve, From: fx.Bakery, Product: "bread", Quantity: 99.5}},
		{"Hana", ReportOutput{Period: run.Period, Workplace: fx.PrintShop, Product: "pamphlets", Quantity: 40}},
		{"Gus", ReportReceipt{Period: run.Period, Receiver: fx.RueNeuve, From: fx.PrintShop, Product: "pamphlets", Quantity: 20}},
	}
	for _, r := range reports {
		evs, err := as(r.name, r.act)
		if err != nil {
			return run, err
		}
		if o, ok := evs[0].(OutputReported); ok && o.Workplace == fx.PrintShop {
			run.Exaggerated = o.Report
		}
	}

	// Ben's day at the bakery, confirmed by Ada: certificates less deductions.
	run.BenMinutes = 8 * 60
	evs, err = as("Ben", ReportHours{Workplace: fx.Bakery, Minutes: run.BenMinutes, Ref: "Monday", Key: "ben-monday"})
	if err != nil {
		return run, err
	}
	run.Hours = evs[0].(HoursReported).Report
	run.ConfirmKey = "ada-confirms-ben-monday"
	if _, err := as("Ada", ConfirmHours{Report: run.Hours, Key: run.ConfirmKey}); err != nil {
		return run, err
	}

	// Ben draws bread at Rue Neuve, recorded by Cleo, and is handed pamphlets free.
	run.DrawKey, run.BreadQuantity = "rue-neuve-ben-bread-1", 2
	evs, err = as("Cleo", DrawGoods{Period: run.Period, Point: fx.RueNeuve, Member: m["Ben"], Product: "bread", Quantity: run.BreadQuantity, Key: run.DrawKey})
	if err != nil {
		return run, err
	}
	run.Draw = evs[0].(GoodsDrawn).Draw
	evs, err = as("Gus", DrawGoods{Period: run.Period, Point: fx.RueNeuve, Member: m["Ben"], Product: "pamphlets", Quantity: 3, Key: "rue-neuve-ben-pamphlets-1"})
	if err != nil {
		return run, err
	}
	run.Free = evs[0].(GoodsDrawn).Draw
	return run, nil
}
