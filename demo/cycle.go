package demo

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"commune/council"
	"commune/cycle"
	"commune/store"
)

// CycleSpan is how much of SmallSpan the planning cycle takes: three
// rounds of discussion and voting (the period and the federation's
// deductions; needs and processes; the adoption of a variant).
const CycleSpan = 3 * (discussion + voting)

// The small demo's plan, in labour time: the Bakery mills flour and bakes
// bread, the Tram Depot prints tram passes (handed out free); Northside
// and Riverside adopt their needs.
var (
	demoRates = []council.FundRate{{Fund: "replacement of means of production", PerMille: 100},
		{Fund: "common needs", PerMille: 150}, {Fund: "support for those unable to work", PerMille: 50}}
	demoFree   = "tram passes"
	demoBakery = []council.ProcessLine{{ID: "mill", Product: "flour", Output: 1, Labour: 0.5},
		{ID: "oven", Product: "bread", Output: 2, Labour: 1, Uses: []cycle.Use{{Item: "flour", Quantity: 1}}}}
	demoDepot     = []council.ProcessLine{{ID: "print", Product: demoFree, Output: 10, Labour: 1}}
	demoNorthside = []council.NeedLine{{Product: "bread", Quantity: 300, Priority: 1}, {Product: demoFree, Quantity: 40, Priority: 2}}
	demoRiverside = []council.NeedLine{{Product: "bread", Quantity: 200, Priority: 1}, {Product: demoFree, Quantity: 30, Priority: 2}}
	demoVariants  = []cycle.VariantSpec{{Name: "as offered", LabourScale: 1}, {Name: "shorter week", LabourScale: 0.6}}
)

// Demo day's figures: a day's work, the bread each drew, the exaggeration.
const (
	demoDay   = 8 * 60 // minutes
	demoBread = 3      // loaves
	demoBoast = 1.7    // the Tram Depot's output report, times its target
)

// planCycle runs a whole planning cycle in the North District: a period
// opened, the congress's deductions and free goods voted, needs and
// processes adopted, two variants computed and one adopted by the
// delegates' ranked vote; the targets met and reported (the Tram Depot's
// output exaggerated, and flagged), everyone's day of work confirmed by a
// workmate with deductions, bread drawn and tram passes handed out free.
func (s *small) planCycle() error {
	north, region := s.d.District, s.d.Region
	dels, _ := s.delegates(north)
	rdels, _ := s.delegates(region)
	bakery, depot := s.council[smallWork[0]], s.council[smallWork[1]]
	northside, riverside := s.council[smallHood[0]], s.council[smallHood[1]]
	cyc := func(by, c council.ID, kind, title, text string, cm council.CycleMotion) (council.ID, error) {
		return s.propose(by, council.Propose{Council: c, Kind: kind, Title: title, Text: text, Motion: council.Motion{Cycle: &cm}})
	}

	// 1. The district opens the period; the congress votes the deductions
	// and the free goods.
	start := s.clock.Now() + 2*(discussion+voting)
	pp, err := cyc(dels[0], north, council.ProposalPlanPeriod, "Plan the spring", "Plan the district's production for the spring quarter.",
		council.CycleMotion{Name: "Spring", Start: start, End: start + 91*council.Day})
	if err != nil {
		return err
	}
	dd, err := cyc(rdels[0], region, council.ProposalDeductions, "Deductions from every hour",
		"Set aside 10 % for replacing machines, 15 % for schools and health, 5 % for those unable to work.", council.CycleMotion{Rates: demoRates})
	if err != nil {
		return err
	}
	fg, err := cyc(rdels[1], region, council.ProposalFreeGoods, "Free tram passes", "Tram passes are handed out free.",
		council.CycleMotion{Products: []string{demoFree}})
	if err != nil {
		return err
	}
	if err := s.advance(discussion); err != nil {
		return err
	}
	for _, v := range []struct {
		q      council.ID
		voters []council.ID
	}{{pp, dels}, {dd, rdels}, {fg, rdels}} {
		if err := s.voteAll(v.q, v.voters, council.Yes, false); err != nil {
			return err
		}
	}
	if err := s.advance(voting); err != nil {
		return err
	}
	s.t.View(func(st *council.State) {
		if ps := st.Periods(north); len(ps) > 0 {
			s.d.Period = ps[len(ps)-1].ID
		}
	})
	if s.d.Period == 0 {
		return fmt.Errorf("demo: the district opened no plan period")
	}

	// 2. Needs and processes, each by its council's decision (the Bakery's
	// quicker statutes: one day of discussion, one of voting).
	subs := []struct {
		c     council.ID
		kind  string
		title string
		cm    council.CycleMotion
	}{
		{northside, council.ProposalNeeds, "Our needs for the spring", council.CycleMotion{Period: s.d.Period, Needs: demoNorthside}},
		{riverside, council.ProposalNeeds, "Our needs for the spring", council.CycleMotion{Period: s.d.Period, Needs: demoRiverside}},
		{bakery, council.ProposalProcesses, "What we can bake", council.CycleMotion{Period: s.d.Period, Processes: demoBakery, Hours: 600}},
		{depot, council.ProposalProcesses, "What the depot's print shop can make", council.CycleMotion{Period: s.d.Period, Processes: demoDepot, Hours: 100}},
	}
	props := make([]council.ID, len(subs))
	for i, sb := range subs {
		if props[i], err = cyc(s.members[sb.c][0], sb.c, sb.kind, sb.title, "", sb.cm); err != nil {
			return err
		}
	}
	if err := s.advance(council.Day); err != nil {
		return err
	}
	if err := s.voteAll(props[2], s.members[bakery], council.Yes, false); err != nil {
		return err
	}
	if err := s.advance(discussion - council.Day); err != nil {
		return err
	}
	for i, sb := range subs {
		if sb.c != bakery {
			if err := s.voteAll(props[i], s.members[sb.c], council.Yes, true); err != nil {
				return err
			}
		}
	}
	if err := s.advance(voting); err != nil {
		return err
	}

	// 3. A delegate has two variants computed; the delegates rank them.
	evs, err := s.do(as(dels[1]), council.ComputeVariants{Period: s.d.Period, Specs: demoVariants})
	if err != nil {
		return err
	}
	vc, _ := eventOf[council.VariantsComputed](evs)
	if len(vc.Variants) != 2 {
		return fmt.Errorf("demo: %d variants computed, want 2", len(vc.Variants))
	}
	ad, err := cyc(dels[0], north, council.ProposalPlanAdoption, "Adopt the spring plan",
		"Rank the variants: the plan as offered, or a shorter week with less bread.", council.CycleMotion{Period: s.d.Period})
	if err != nil {
		return err
	}
	if err := s.advance(discussion); err != nil {
		return err
	}
	var items []store.Item
	for i, d := range dels {
		r := [][]council.ID{{vc.Variants[0]}, {vc.Variants[1]}}
		if i == len(dels)-1 && i > 1 {
			r = [][]council.ID{{vc.Variants[1]}, {vc.Variants[0]}}
		}
		items = append(items, store.Item{Actor: as(d), Act: council.Vote{Question: ad, Ranking: r}})
	}
	if _, err := s.many(items); err != nil {
		return err
	}
	if err := s.advance(voting); err != nil {
		return err
	}
	var targets []cycle.Target
	var allocs []cycle.Allocation
	s.t.View(func(st *council.State) {
		p, _ := st.Period(s.d.Period)
		s.d.Variant = p.Adopted
		if v, ok := st.AdoptedPlan(s.d.Period); ok {
			s.d.VariantName = v.Figures.Spec.Name
		}
		targets, allocs = st.Targets(s.d.Period, 0), st.Allocations(s.d.Period, 0)
	})
	if s.d.Variant != vc.Variants[0] {
		return fmt.Errorf("demo: variant %d adopted, want %d", s.d.Variant, vc.Variants[0])
	}
	return s.planReports(targets, allocs)
}

// planReports reports the period's outputs (the Tram Depot's exaggerated)
// and receipts, hours worked and confirmed, and goods drawn.
func (s *small) planReports(targets []cycle.Target, allocs []cycle.Allocation) error {
	bakery, depot := s.council[smallWork[0]], s.council[smallWork[1]]
	northside := s.council[smallHood[0]]
	maker := map[string]council.ID{}
	made := map[string]float64{}
	for _, t := range targets {
		maker[t.Product] = council.ID(t.Workplace)
		made[t.Product] += t.Quantity
	}
	var items []store.Item
	for _, p := range slices.Sorted(maps.Keys(made)) {
		w := maker[p]
		q := made[p]
		if w == depot {
			q = math.Round(q * demoBoast)
		}
		items = append(items, store.Item{Actor: as(s.members[w][1]), Act: council.ReportOutput{Period: s.d.Period, Workplace: w, Product: p, Quantity: q}})
	}
	allocated := map[string]float64{}
	for _, a := range allocs {
		c := council.ID(a.Council)
		allocated[a.Product] += a.Quantity
		items = append(items, store.Item{Actor: as(s.members[c][1]), Act: council.ReportReceipt{Period: s.d.Period, Receiver: c, From: maker[a.Product], Product: a.Product, Quantity: a.Quantity}})
	}
	for _, p := range slices.Sorted(maps.Keys(made)) {
		if rest := made[p] - allocated[p]; rest > 1e-9 { // used up in production: flour at the Bakery
			items = append(items, store.Item{Actor: as(s.members[bakery][2]), Act: council.ReportReceipt{Period: s.d.Period, Receiver: bakery, From: maker[p], Product: p, Quantity: rest}})
		}
	}
	rs, err := s.many(items)
	if err != nil {
		return err
	}
	for _, evs := range rs {
		if o, ok := eventOf[council.OutputReported](evs); ok && o.Workplace == depot {
			s.d.Exaggerated, s.d.Flagged = o.Report, depot
		}
	}

	// A day of everyone's work at the Bakery and the Tram Depot, each
	// confirmed by the next workmate.
	items = items[:0]
	for _, w := range []council.ID{bakery, depot} {
		for _, m := range s.members[w] {
			items = append(items, store.Item{Actor: as(m), Act: council.ReportHours{Workplace: w, Minutes: demoDay, Ref: "first day of spring",
				Key: fmt.Sprintf("demo-hours-%d-%d", w, m)}})
		}
	}
	rs, err = s.many(items)
	if err != nil {
		return err
	}
	var confirm []store.Item
	for i, evs := range rs {
		hr, _ := eventOf[council.HoursReported](evs)
		ms := s.members[hr.Workplace]
		var by council.ID
		for j, m := range ms {
			if m == items[i].Actor.Member {
				by = ms[(j+1)%len(ms)]
			}
		}
		confirm = append(confirm, store.Item{Actor: as(by), Act: council.ConfirmHours{Report: hr.Report, Key: fmt.Sprintf("demo-confirm-%d", hr.Report)}})
	}
	if _, err := s.many(confirm); err != nil {
		return err
	}

	// Northside's distribution point: bread for those who earned
	// certificates, a tram pass for everyone.
	clerk := s.members[northside][0]
	items = items[:0]
	for _, m := range s.members[northside] {
		if contains(s.members[bakery], m) || contains(s.members[depot], m) {
			items = append(items, store.Item{Actor: as(clerk), Act: council.DrawGoods{Period: s.d.Period, Point: northside, Member: m,
				Product: "bread", Quantity: demoBread, Key: fmt.Sprintf("demo-bread-%d", m)}})
		}
		items = append(items, store.Item{Actor: as(clerk), Act: council.DrawGoods{Period: s.d.Period, Point: northside, Member: m,
			Product: demoFree, Quantity: 1, Key: fmt.Sprintf("demo-pass-%d", m)}})
	}
	_, err = s.many(items)
	return err
}
