package council

import (
	"math"
	"sort"
	"strconv"

	"commune"
	"commune/cycle"
	"commune/ledger"
)

// Proposal kinds of the planning cycle and the labour-time accounts.
const (
	ProposalPlanPeriod   = "plan_period"    // federated council: open a plan period (Cycle.Name, Start, End)
	ProposalNeeds        = "plan_needs"     // neighbourhood council: adopt its needs for a period (Cycle.Period, Needs)
	ProposalProcesses    = "plan_processes" // workplace council: publish processes and hours offered (Cycle.Period, Processes, Hours)
	ProposalPlanAdoption = "plan_adoption"  // federated council: choose among the period's variants by ranked vote (Cycle.Period)
	ProposalDeductions   = "deductions"     // top federated council: the deductions from every confirmed hour (Cycle.Rates)
	ProposalFreeGoods    = "free_goods"     // top federated council: the products handed out free (Cycle.Products)
)

// Tolerances of the cycle, stated once so that live checks and replays agree.
const (
	// SolverTol is the relative tolerance the variants are computed with.
	SolverTol = 1e-7
	// VariantTol is how far a recorded variant's figures may be from the
	// figures recomputed on replay (relative, or absolute below 1).
	VariantTol = 1e-6
	// ReconcileTol is the relative difference below which reconciliation
	// does not flag a line (goods in transit, rounding).
	ReconcileTol = 0.01
)

// CycleMotion is the part of a motion the planning cycle and the accounts
// use; which fields a kind carries is listed with the kinds.
type CycleMotion struct {
	Period    ID            `json:"period,omitempty"`
	Name      string        `json:"name,omitempty"`
	Start     int64         `json:"start,omitempty"`
	End       int64         `json:"end,omitempty"`
	Needs     []NeedLine    `json:"needs,omitempty"`
	Processes []ProcessLine `json:"processes,omitempty"`
	Hours     float64       `json:"hours,omitempty"`
	Rates     []FundRate    `json:"rates,omitempty"`
	Products  []string      `json:"products,omitempty"`
}

// NeedLine is one need a neighbourhood council adopts: a quantity of a
// product at a priority (1 is the most urgent).
type NeedLine struct {
	Product  string  `json:"product"`
	Quantity float64 `json:"quantity"`
	Priority int     `json:"priority"`
}

// ProcessLine is one technique a workplace council publishes: per unit of
// activity, Output units of Product from Labour hours and Uses; at most
// Capacity units of activity (0: no limit but the hours offered).
type ProcessLine struct {
	ID       string      `json:"id"`
	Product  string      `json:"product"`
	Output   float64     `json:"output"`
	Labour   float64     `json:"labour"`
	Capacity float64     `json:"capacity,omitempty"`
	Uses     []cycle.Use `json:"uses,omitempty"`
}

// FundRate is one deduction: PerMille thousandths of every confirmed hour
// go to the fund named Fund (created by the decision if new).
type FundRate struct {
	Fund     string `json:"fund"`
	PerMille int64  `json:"per_mille"`
}

// Period statuses.
const (
	PeriodOpen    = "open"
	PeriodAdopted = "adopted"
)

type period struct {
	id, council ID
	name        string
	start, end  int64
	created     int64
	status      string
	needs       map[ID][]NeedLine    // neighbourhood -> needs adopted
	procs       map[ID][]ProcessLine // workplace -> processes published
	hours       map[ID]float64       // workplace -> hours offered
	variants    []ID                 // the latest computed variants: the alternatives
	adopted     ID                   // the variant adopted
	targets     map[ID][]cycle.Target
	allocs      map[ID][]cycle.Allocation
	values      map[string]float64 // labour value per unit in the adopted variant
}

type variant struct {
	id, period ID
	computed   int64
	by         ID
	v          cycle.Variant
}

type lineKey struct {
	period, workplace ID
	product           string
}

// planLine is the running totals of one (period, workplace, product).
type planLine struct {
	target, produced, received float64
}

type planReport struct {
	id, period    ID
	kind          string // output, receipt
	council, from ID
	product       string
	quantity      float64
	member        ID
	at            int64
}

type fund struct {
	id       ID
	name     string
	perMille int64
	created  int64
}

type hoursReport struct {
	id, workplace, member ID
	minutes               int64
	ref, key, status      string
	confirmedBy           ID
	reported, confirmed   int64
}

type drawing struct {
	id, period, point, member ID
	product                   string
	quantity                  float64
	minutes                   int64
	free                      bool
	by                        ID
	at                        int64
	key                       string
}

// cycleState is the planning cycle's and the accounts' part of State.
type cycleState struct {
	periods   map[ID]*period
	variants  map[ID]*variant
	lines     map[lineKey]*planLine
	products  map[string]ID // product name -> line number, for table keys
	names     []string      // line number - 1 -> product name
	reports   map[ID]*planReport
	book      *ledger.Book
	funds     map[ID]*fund
	fundNames map[string]ID
	free      map[string]bool
	hours     map[ID]*hoursReport
	draws     map[ID]*drawing
	keys      map[string]string        // idempotency key -> fingerprint of the act
	byCouncil map[ledger.TransferID]ID // transfer -> council that recorded it
	checked   ledger.Batch             // the batch the last validate checked, for its apply
}

func newCycleState() *cycleState {
	return &cycleState{
		periods: map[ID]*period{}, variants: map[ID]*variant{}, lines: map[lineKey]*planLine{},
		products: map[string]ID{}, reports: map[ID]*planReport{}, book: ledger.New(nil),
		funds: map[ID]*fund{}, fundNames: map[string]ID{}, free: map[string]bool{},
		hours: map[ID]*hoursReport{}, draws: map[ID]*drawing{}, keys: map[string]string{},
		byCouncil: map[ledger.TransferID]ID{},
	}
}

func (s *State) period(id ID) (*period, error) {
	p := s.cyc.periods[id]
	if p == nil {
		return nil, errf(commune.ENOTFOUND, "period", "no plan period %d", id)
	}
	return p, nil
}

// productNo interns a product name as a small number for table keys.
func (s *State) productNo(name string) ID {
	if n, ok := s.cyc.products[name]; ok {
		return n
	}
	n := ID(len(s.cyc.products) + 1)
	s.cyc.products[name] = n
	s.cyc.names = append(s.cyc.names, name)
	return n
}

func finitePos(field string, x float64, zeroOK bool) error {
	if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || (!zeroOK && x == 0) {
		return errf(commune.EINVALID, "bad_"+field, "%s must be a finite positive number, not %g", field, x)
	}
	return nil
}

// checkCycleMotion validates the motion of a cycle or accounts proposal
// in council c; it reports handled false for other kinds.
func (s *State) checkCycleMotion(c *council, kind string, mo Motion) (handled bool, err error) {
	bad := func(format string, args ...any) error { return errf(commune.EINVALID, "bad_motion", format, args...) }
	cm := mo.Cycle
	want := CycleMotion{}
	switch kind {
	case ProposalPlanPeriod, ProposalNeeds, ProposalProcesses, ProposalPlanAdoption, ProposalDeductions, ProposalFreeGoods:
	default:
		return false, nil
	}
	if cm == nil {
		return true, bad("a %s proposal carries a cycle motion", kind)
	}
	switch kind {
	case ProposalPlanPeriod:
		if !c.federated() {
			return true, bad("only a federated council opens plan periods")
		}
		if err := checkText("name", cm.Name, 1, 200); err != nil {
			return true, err
		}
		if cm.Start <= 0 || cm.End <= cm.Start {
			return true, bad("a period ends after it starts")
		}
		want = CycleMotion{Name: cm.Name, Start: cm.Start, End: cm.End}
	case ProposalNeeds, ProposalProcesses, ProposalPlanAdoption:
		p, err := s.period(cm.Period)
		if err != nil {
			return true, err
		}
		if p.status != PeriodOpen {
			return true, errf(commune.ECONFLICT, "period_adopted", "period %d's plan is adopted", p.id)
		}
		switch kind {
		case ProposalNeeds:
			if c.kind != KindNeighbourhood {
				return true, bad("needs are adopted by neighbourhood councils")
			}
			if err := s.checkConstituent(c, p); err != nil {
				return true, err
			}
			if err := checkNeeds(cm.Needs); err != nil {
				return true, err
			}
			want = CycleMotion{Period: p.id, Needs: cm.Needs}
		case ProposalProcesses:
			if c.kind != KindWorkplace {
				return true, bad("processes are published by workplace councils")
			}
			if err := s.checkConstituent(c, p); err != nil {
				return true, err
			}
			if err := checkProcesses(cm.Processes, cm.Hours); err != nil {
				return true, err
			}
			want = CycleMotion{Period: p.id, Processes: cm.Processes, Hours: cm.Hours}
		case ProposalPlanAdoption:
			if p.council != c.id {
				return true, bad("period %d belongs to council %d", p.id, p.council)
			}
			if len(p.variants) == 0 {
				return true, errf(commune.ECONFLICT, "no_variants", "period %d has no variants computed", p.id)
			}
			want = CycleMotion{Period: p.id}
		}
	case ProposalDeductions, ProposalFreeGoods:
		if !c.federated() || len(c.parents) > 0 {
			return true, bad("only a top federated council decides %s", kind)
		}
		if kind == ProposalDeductions {
			if err := checkRates(cm.Rates); err != nil {
				return true, err
			}
			want = CycleMotion{Rates: cm.Rates}
		} else {
			seen := map[string]bool{}
			for _, pr := range cm.Products {
				if err := checkText("product", pr, 1, 100); err != nil {
					return true, err
				}
				if seen[pr] {
					return true, bad("product %q named twice", pr)
				}
				seen[pr] = true
			}
			want = CycleMotion{Products: cm.Products}
		}
	}
	if jsonText(want) != jsonText(*cm) || !sameMotion(Motion{}, Motion{Statutes: mo.Statutes, Name: mo.Name, Federation: mo.Federation,
		Member: mo.Member, Target: mo.Target, Choice: mo.Choice, Option: mo.Option}) {
		return true, bad("the motion carries fields its kind does not use")
	}
	return true, nil
}

func (s *State) checkConstituent(c *council, p *period) error {
	if _, ok := s.councils[p.council].constituents[c.id]; !ok {
		return errf(commune.EFORBIDDEN, "not_constituent", "council %d does not belong to council %d", c.id, p.council)
	}
	return nil
}

func checkNeeds(needs []NeedLine) error {
	if len(needs) == 0 || len(needs) > 1000 {
		return errf(commune.EINVALID, "bad_needs", "between 1 and 1000 needs")
	}
	for _, n := range needs {
		if err := checkText("product", n.Product, 1, 100); err != nil {
			return err
		}
		if err := finitePos("quantity", n.Quantity, false); err != nil {
			return err
		}
		if n.Priority < 1 || n.Priority > 9 {
			return errf(commune.EINVALID, "bad_priority", "priorities run from 1 (most urgent) to 9")
		}
	}
	return nil
}

func checkProcesses(ps []ProcessLine, hours float64) error {
	if len(ps) == 0 || len(ps) > 1000 {
		return errf(commune.EINVALID, "bad_processes", "between 1 and 1000 processes")
	}
	if err := finitePos("hours", hours, true); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, p := range ps {
		if err := checkText("process", p.ID, 1, 100); err != nil {
			return err
		}
		if seen[p.ID] {
			return errf(commune.EINVALID, "bad_processes", "process %q named twice", p.ID)
		}
		seen[p.ID] = true
		if err := checkText("product", p.Product, 1, 100); err != nil {
			return err
		}
		if err := finitePos("output", p.Output, false); err != nil {
			return err
		}
		if err := finitePos("labour", p.Labour, true); err != nil {
			return err
		}
		if err := finitePos("capacity", p.Capacity, true); err != nil {
			return err
		}
		for _, u := range p.Uses {
			if err := checkText("item", u.Item, 1, 100); err != nil {
				return err
			}
			if err := finitePos("quantity", u.Quantity, true); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkRates(rates []FundRate) error {
	seen := map[string]bool{}
	var total int64
	for _, r := range rates {
		if err := checkText("fund", r.Fund, 1, 100); err != nil {
			return err
		}
		if seen[r.Fund] {
			return errf(commune.EINVALID, "duplicate_fund", "fund %q named twice", r.Fund)
		}
		seen[r.Fund] = true
		if r.PerMille < 0 || r.PerMille > 1000 {
			return errf(commune.EINVALID, "bad_rate", "a deduction is between 0 and 1000 per mille")
		}
		total += r.PerMille
	}
	if total > 1000 {
		return errf(commune.EINVALID, "deductions_exceed_whole", "deductions add up to more than the whole hour")
	}
	return nil
}

// cycleEffectIDs lists the ids a passed cycle proposal creates; it mirrors
// cycleTakeEffect.
func (s *State) cycleEffectIDs(p *proposal, last ID) []ID {
	switch p.kind {
	case ProposalPlanPeriod:
		return []ID{last + 1}
	case ProposalDeductions:
		var out []ID
		for _, r := range p.motion.Cycle.Rates {
			if _, ok := s.cyc.fundNames[r.Fund]; !ok {
				out = append(out, last+ID(len(out)+1))
			}
		}
		return out
	}
	return nil
}

// cycleTakeEffect carries out a passed cycle or accounts proposal.
func (s *State) cycleTakeEffect(p *proposal, c *council, at int64) {
	cm := p.motion.Cycle
	switch p.kind {
	case ProposalPlanPeriod:
		pd := &period{id: s.alloc(), council: c.id, name: cm.Name, start: cm.Start, end: cm.End, created: at,
			status: PeriodOpen, needs: map[ID][]NeedLine{}, procs: map[ID][]ProcessLine{}, hours: map[ID]float64{}}
		s.cyc.periods[pd.id] = pd
		s.touch(tPlanPeriods, pd.id, 0, 0)
	case ProposalNeeds:
		pd := s.cyc.periods[cm.Period]
		if pd.status != PeriodOpen {
			return
		}
		for i := range pd.needs[c.id] {
			s.touch(tPlanNeeds, pd.id, c.id, ID(i+1))
		}
		pd.needs[c.id] = cm.Needs
		for i := range cm.Needs {
			s.touch(tPlanNeeds, pd.id, c.id, ID(i+1))
		}
	case ProposalProcesses:
		pd := s.cyc.periods[cm.Period]
		if pd.status != PeriodOpen {
			return
		}
		for i := range pd.procs[c.id] {
			s.touch(tPlanProcesses, pd.id, c.id, ID(i+1))
		}
		pd.procs[c.id] = cm.Processes
		pd.hours[c.id] = cm.Hours
		for i := range cm.Processes {
			s.touch(tPlanProcesses, pd.id, c.id, ID(i+1))
		}
		s.touch(tPlanOffers, pd.id, c.id, 0)
	case ProposalPlanAdoption:
		pd := s.cyc.periods[cm.Period]
		v := s.cyc.variants[p.winner]
		if pd.status != PeriodOpen || v == nil || v.period != pd.id {
			return
		}
		s.adopt(pd, v, at)
	case ProposalDeductions:
		rates := make([]ledger.Rate, 0, len(cm.Rates))
		for _, r := range cm.Rates {
			id, ok := s.cyc.fundNames[r.Fund]
			if !ok {
				id = s.alloc()
				s.cyc.funds[id] = &fund{id: id, name: r.Fund, created: at}
				s.cyc.fundNames[r.Fund] = id
				s.openAccount(id, ledger.Fund, r.Fund, at)
			}
			rates = append(rates, ledger.Rate{Fund: ledger.AccountID(id), PerMille: r.PerMille})
		}
		for _, f := range s.cyc.funds {
			f.perMille = 0
			s.touch(tFunds, f.id, 0, 0)
		}
		for _, r := range cm.Rates {
			s.cyc.funds[s.cyc.fundNames[r.Fund]].perMille = r.PerMille
		}
		s.ledgerInternal(at, "deductions:"+strconv.FormatInt(int64(p.id), 10), ledger.SetDeductions{Rates: rates})
	case ProposalFreeGoods:
		for pr := range s.cyc.free {
			s.touch(tFreeGoods, s.productNo(pr), 0, 0)
		}
		s.cyc.free = map[string]bool{}
		for _, pr := range cm.Products {
			s.cyc.free[pr] = true
			s.touch(tFreeGoods, s.productNo(pr), 0, 0)
		}
	}
}

// adopt makes v the period's plan: its targets and allocations become
// derived tables and its labour values price the goods drawn.
func (s *State) adopt(pd *period, v *variant, at int64) {
	pd.status, pd.adopted = PeriodAdopted, v.id
	pd.targets, pd.allocs, pd.values = map[ID][]cycle.Target{}, map[ID][]cycle.Allocation{}, map[string]float64{}
	for _, t := range v.v.Targets {
		w := ID(t.Workplace)
		pd.targets[w] = append(pd.targets[w], t)
		s.touch(tPlanTargets, pd.id, w, ID(len(pd.targets[w])))
		s.line(pd.id, w, t.Product).target += t.Quantity
	}
	for _, a := range v.v.Allocations {
		c := ID(a.Council)
		pd.allocs[c] = append(pd.allocs[c], a)
		s.touch(tPlanAllocations, pd.id, c, ID(len(pd.allocs[c])))
	}
	for _, pl := range v.v.Products {
		pd.values[pl.Product] = pl.Value
	}
	s.touch(tPlanPeriods, pd.id, 0, 0)
}

// line returns the running totals of (period, workplace, product) and
// marks its flags row as changed.
func (s *State) line(pd, w ID, product string) *planLine {
	k := lineKey{pd, w, product}
	l := s.cyc.lines[k]
	if l == nil {
		l = &planLine{}
		s.cyc.lines[k] = l
	}
	s.touch(tPlanFlags, pd, w, s.productNo(product))
	return l
}

// reconcileLine computes the flags of one line with cycle.Reconcile.
func reconcileLine(k lineKey, l *planLine) cycle.Line {
	w := cycle.CouncilID(k.workplace)
	var targets []cycle.Target
	if l.target != 0 {
		targets = []cycle.Target{{Workplace: w, Product: k.product, Quantity: l.target}}
	}
	rec := cycle.Reconcile(targets,
		[]cycle.OutputReport{{Workplace: w, Product: k.product, Quantity: l.produced}},
		[]cycle.ReceiptReport{{From: w, Product: k.product, Quantity: l.received}}, ReconcileTol)
	return rec.Lines[0]
}

// submissions gathers a period's submissions in a fixed order.
func (s *State) submissions(pd *period) cycle.Submissions {
	var sub cycle.Submissions
	for _, c := range sortedIDs(pd.needs) {
		for _, n := range pd.needs[c] {
			sub.Needs = append(sub.Needs, cycle.Need{Council: cycle.CouncilID(c), Product: n.Product, Quantity: n.Quantity, Priority: n.Priority})
		}
	}
	for _, w := range sortedIDs(pd.procs) {
		for _, p := range pd.procs[w] {
			sub.Processes = append(sub.Processes, cycle.Process{Workplace: cycle.CouncilID(w), ID: p.ID, Product: p.Product,
				Output: p.Output, Labour: p.Labour, Capacity: p.Capacity, Uses: p.Uses})
		}
		sub.Offers = append(sub.Offers, cycle.Offer{Workplace: cycle.CouncilID(w), Hours: pd.hours[w]})
	}
	return sub
}

// sortedStrings returns the keys of m, sorted.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
