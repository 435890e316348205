package council

import (
	"fmt"
	"math"

	"commune"
	"commune/cycle"
)

// VariantsComputed records plan variants computed by the server with
// cycle.ComputeSerial from the period's submissions on the record. Apply
// computes them again and refuses figures that differ by more than
// VariantTol; the ids of the variants become the alternatives of the
// period's plan_adoption proposals.
type VariantsComputed struct {
	Period   ID              `json:"period"`
	Variants []ID            `json:"variants"`
	Figures  []cycle.Variant `json:"figures"`
}

// OutputReported is a workplace member's report of output made in a period.
type OutputReported struct {
	Report    ID      `json:"report"`
	Period    ID      `json:"period"`
	Workplace ID      `json:"workplace"`
	Product   string  `json:"product"`
	Quantity  float64 `json:"quantity"`
}

// ReceiptReported is a receiving council member's report of goods received
// from a workplace in a period.
type ReceiptReported struct {
	Report   ID      `json:"report"`
	Period   ID      `json:"period"`
	Receiver ID      `json:"receiver"`
	From     ID      `json:"from"`
	Product  string  `json:"product"`
	Quantity float64 `json:"quantity"`
}

// Kinds of the cycle's events.
func (VariantsComputed) Kind() string { return "plan.variants_computed" }
func (OutputReported) Kind() string   { return "plan.output_reported" }
func (ReceiptReported) Kind() string  { return "plan.receipt_reported" }

// ComputeVariants asks the server to compute plan variants for a period
// from the submissions on the record; any delegate of the period's
// federated council may. Specs name each variant and its labour scale.
type ComputeVariants struct {
	Period ID                  `json:"period"`
	Specs  []cycle.VariantSpec `json:"specs"`
}

// Check implements Act.
func (a ComputeVariants) Check(s *State, by Actor, now int64) ([]Event, error) {
	if err := s.canCompute(a.Period, a.Specs, by); err != nil {
		return nil, err
	}
	vs, err := cycle.ComputeSerial(s.submissions(s.cyc.periods[a.Period]), a.Specs, SolverTol)
	if err != nil {
		return nil, errf(commune.EINVALID, "plan_infeasible", "computing variants: %v", err)
	}
	ev := VariantsComputed{Period: a.Period, Figures: vs}
	for i := range vs {
		ev.Variants = append(ev.Variants, s.next(i+1))
	}
	return checkFirst(s, by, now, ev)
}

func (s *State) canCompute(pid ID, specs []cycle.VariantSpec, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	pd, err := s.period(pid)
	if err != nil {
		return err
	}
	if _, err := s.electorWeight(s.councils[pd.council], m, QProposal); err != nil {
		return err
	}
	if pd.status != PeriodOpen {
		return errf(commune.ECONFLICT, "period_adopted", "period %d's plan is adopted", pd.id)
	}
	if len(specs) == 0 || len(specs) > 8 {
		return errf(commune.EINVALID, "bad_specs", "ask for 1 to 8 variants")
	}
	seen := map[string]bool{}
	for _, sp := range specs {
		if err := checkText("name", sp.Name, 1, 100); err != nil {
			return err
		}
		if seen[sp.Name] {
			return errf(commune.EINVALID, "bad_specs", "variant %q named twice", sp.Name)
		}
		seen[sp.Name] = true
		if math.IsNaN(sp.LabourScale) || sp.LabourScale <= 0 || sp.LabourScale > 2 {
			return errf(commune.EINVALID, "bad_specs", "a labour scale is in (0, 2]")
		}
	}
	if len(pd.needs) == 0 || len(pd.procs) == 0 {
		return errf(commune.ECONFLICT, "no_submissions", "period %d has no needs or no processes yet", pd.id)
	}
	return nil
}

func (e VariantsComputed) validate(s *State, at int64, by Actor) error {
	specs := make([]cycle.VariantSpec, len(e.Figures))
	for i, v := range e.Figures {
		specs[i] = v.Spec
	}
	if err := s.canCompute(e.Period, specs, by); err != nil {
		return err
	}
	if len(e.Variants) != len(e.Figures) {
		return errf(commune.EINVALID, "bad_id", "%d ids for %d variants", len(e.Variants), len(e.Figures))
	}
	for i, id := range e.Variants {
		if err := s.wantID(id, i+1); err != nil {
			return err
		}
	}
	vs, err := cycle.ComputeSerial(s.submissions(s.cyc.periods[e.Period]), specs, SolverTol)
	if err != nil {
		return errf(commune.EINVALID, "plan_infeasible", "computing variants: %v", err)
	}
	return closeVariants(e.Figures, vs)
}

func (e VariantsComputed) apply(s *State, at int64, by Actor) {
	pd := s.cyc.periods[e.Period]
	pd.variants = nil
	for _, v := range e.Figures {
		id := s.alloc()
		s.cyc.variants[id] = &variant{id: id, period: pd.id, computed: at, by: by.Member, v: v}
		pd.variants = append(pd.variants, id)
		s.touch(tPlanVariants, id, 0, 0)
	}
	s.touch(tPlanPeriods, pd.id, 0, 0)
}

// closeVariants compares declared figures with computed ones within VariantTol.
func closeVariants(got, want []cycle.Variant) error {
	differ := func(what string, a, b float64) error {
		if math.Abs(a-b) <= VariantTol*math.Max(1, math.Max(math.Abs(a), math.Abs(b))) {
			return nil
		}
		return errf(commune.EINVALID, "figures_differ", "%s: declared %g, computed %g", what, a, b)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Spec != w.Spec || len(g.Levels) != len(w.Levels) || len(g.Products) != len(w.Products) ||
			len(g.Resources) != len(w.Resources) || len(g.Targets) != len(w.Targets) || len(g.Allocations) != len(w.Allocations) {
			return errf(commune.EINVALID, "figures_differ", "variant %d: declared lines differ from the computed ones", i)
		}
		nums := []func() error{func() error { return differ("labour", g.Labour, w.Labour) }}
		for j := range w.Levels {
			if g.Levels[j].Priority != w.Levels[j].Priority {
				return errf(commune.EINVALID, "figures_differ", "variant %d: levels differ", i)
			}
			nums = append(nums, func() error { return differ("fulfilment", g.Levels[j].Fulfilment, w.Levels[j].Fulfilment) })
		}
		for j := range w.Products {
			a, b := g.Products[j], w.Products[j]
			if a.Product != b.Product {
				return errf(commune.EINVALID, "figures_differ", "variant %d: products differ", i)
			}
			for _, p := range [][3]any{{"gross", a.Gross, b.Gross}, {"net", a.Net, b.Net}, {"need", a.Need, b.Need},
				{"fulfilment", a.Fulfilment, b.Fulfilment}, {"value", a.Value, b.Value}} {
				nums = append(nums, func() error { return differ(b.Product+" "+p[0].(string), p[1].(float64), p[2].(float64)) })
			}
		}
		for j := range w.Resources {
			a, b := g.Resources[j], w.Resources[j]
			if a.Resource != b.Resource {
				return errf(commune.EINVALID, "figures_differ", "variant %d: resources differ", i)
			}
			nums = append(nums, func() error { return differ(b.Resource+" used", a.Used, b.Used) },
				func() error { return differ(b.Resource+" available", a.Available, b.Available) },
				func() error { return differ(b.Resource+" shadow price", a.ShadowPrice, b.ShadowPrice) })
		}
		for j := range w.Targets {
			a, b := g.Targets[j], w.Targets[j]
			if a.Workplace != b.Workplace || a.Process != b.Process || a.Product != b.Product {
				return errf(commune.EINVALID, "figures_differ", "variant %d: targets differ", i)
			}
			nums = append(nums, func() error { return differ(b.Process+" quantity", a.Quantity, b.Quantity) },
				func() error { return differ(b.Process+" hours", a.Hours, b.Hours) })
		}
		for j := range w.Allocations {
			a, b := g.Allocations[j], w.Allocations[j]
			if a.Council != b.Council || a.Product != b.Product || a.Priority != b.Priority {
				return errf(commune.EINVALID, "figures_differ", "variant %d: allocations differ", i)
			}
			nums = append(nums, func() error {
				return differ(fmt.Sprintf("allocation %d %s", b.Council, b.Product), a.Quantity, b.Quantity)
			})
		}
		for _, f := range nums {
			if err := f(); err != nil {
				return err
			}
		}
	}
	return nil
}

// ReportOutput reports output made by a workplace in an adopted period; any
// member of the workplace council may.
type ReportOutput struct {
	Period    ID      `json:"period"`
	Workplace ID      `json:"workplace"`
	Product   string  `json:"product"`
	Quantity  float64 `json:"quantity"`
}

// Check implements Act.
func (a ReportOutput) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, OutputReported{Report: s.next(1), Period: a.Period, Workplace: a.Workplace, Product: a.Product, Quantity: a.Quantity})
}

// ReportReceipt reports goods a council received from a workplace in an
// adopted period; any member of the receiving council may.
type ReportReceipt struct {
	Period   ID      `json:"period"`
	Receiver ID      `json:"receiver"`
	From     ID      `json:"from"`
	Product  string  `json:"product"`
	Quantity float64 `json:"quantity"`
}

// Check implements Act.
func (a ReportReceipt) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, ReceiptReported{Report: s.next(1), Period: a.Period, Receiver: a.Receiver, From: a.From, Product: a.Product, Quantity: a.Quantity})
}

// checkReport validates the common part of output and receipt reports.
func (s *State) checkReport(by Actor, pid, reporter, workplace ID, product string, qty float64) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	pd, err := s.period(pid)
	if err != nil {
		return err
	}
	if pd.status != PeriodAdopted {
		return errf(commune.ECONFLICT, "period_open", "period %d has no adopted plan yet", pd.id)
	}
	c, err := s.council(reporter)
	if err != nil {
		return err
	}
	if _, ok := c.members[m.id]; !ok {
		return errf(commune.EFORBIDDEN, "not_member", "member %d is not a member of council %d", m.id, c.id)
	}
	w, err := s.council(workplace)
	if err != nil {
		return err
	}
	if w.kind != KindWorkplace {
		return errf(commune.EINVALID, "not_workplace", "council %d is not a workplace council", w.id)
	}
	if err := checkText("product", product, 1, 100); err != nil {
		return err
	}
	return finitePos("quantity", qty, false)
}

func (e OutputReported) validate(s *State, at int64, by Actor) error {
	if err := s.checkReport(by, e.Period, e.Workplace, e.Workplace, e.Product, e.Quantity); err != nil {
		return err
	}
	return s.wantID(e.Report, 1)
}

func (e OutputReported) apply(s *State, at int64, by Actor) {
	r := &planReport{id: s.alloc(), period: e.Period, kind: "output", council: e.Workplace, from: e.Workplace,
		product: e.Product, quantity: e.Quantity, member: by.Member, at: at}
	s.cyc.reports[r.id] = r
	s.line(e.Period, e.Workplace, e.Product).produced += e.Quantity
	s.touch(tPlanReports, r.id, 0, 0)
}

func (e ReceiptReported) validate(s *State, at int64, by Actor) error {
	if err := s.checkReport(by, e.Period, e.Receiver, e.From, e.Product, e.Quantity); err != nil {
		return err
	}
	return s.wantID(e.Report, 1)
}

func (e ReceiptReported) apply(s *State, at int64, by Actor) {
	r := &planReport{id: s.alloc(), period: e.Period, kind: "receipt", council: e.Receiver, from: e.From,
		product: e.Product, quantity: e.Quantity, member: by.Member, at: at}
	s.cyc.reports[r.id] = r
	s.line(e.Period, e.From, e.Product).received += e.Quantity
	s.touch(tPlanReports, r.id, 0, 0)
}
