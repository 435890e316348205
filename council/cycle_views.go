package council

import (
	"sort"

	"commune/cycle"
	"commune/ledger"
)

// PeriodView is a plan period as the API and pages show it.
type PeriodView struct {
	ID       ID     `json:"id"`
	Council  ID     `json:"council"`
	Name     string `json:"name"`
	Start    int64  `json:"start"`
	End      int64  `json:"end"`
	Created  int64  `json:"created"`
	Status   string `json:"status"`   // open, adopted
	Variants []ID   `json:"variants"` // the latest computed variants
	Adopted  ID     `json:"adopted,omitempty"`
}

// VariantView is a computed plan variant.
type VariantView struct {
	ID       ID            `json:"id"`
	Period   ID            `json:"period"`
	Computed int64         `json:"computed"`
	By       ID            `json:"by"`
	Figures  cycle.Variant `json:"figures"`
}

// PlanReportView is a report of output or receipt.
type PlanReportView struct {
	ID       ID      `json:"id"`
	Period   ID      `json:"period"`
	Kind     string  `json:"kind"` // output, receipt
	Council  ID      `json:"council"`
	From     ID      `json:"from"`
	Product  string  `json:"product"`
	Quantity float64 `json:"quantity"`
	Member   ID      `json:"member"`
	At       int64   `json:"at"`
}

// FundView is a fund with its deduction rate and balance.
type FundView struct {
	ID       ID     `json:"id"`
	Name     string `json:"name"`
	PerMille int64  `json:"per_mille"`
	Balance  int64  `json:"balance"`
	Created  int64  `json:"created"`
}

// HoursView is an hours report.
type HoursView struct {
	ID          ID     `json:"id"`
	Workplace   ID     `json:"workplace"`
	Member      ID     `json:"member"`
	Minutes     int64  `json:"minutes"`
	Ref         string `json:"ref,omitempty"`
	Status      string `json:"status"` // reported, confirmed
	ConfirmedBy ID     `json:"confirmed_by,omitempty"`
	Reported    int64  `json:"reported"`
	Confirmed   int64  `json:"confirmed,omitempty"`
}

// DrawView is goods handed out at a distribution point.
type DrawView struct {
	ID       ID      `json:"id"`
	Period   ID      `json:"period"`
	Point    ID      `json:"point"`
	Member   ID      `json:"member"`
	Product  string  `json:"product"`
	Quantity float64 `json:"quantity"`
	Free     bool    `json:"free"`
	Minutes  int64   `json:"minutes"`
	By       ID      `json:"by"`
	At       int64   `json:"at"`
}

func (p *period) view() PeriodView {
	return PeriodView{ID: p.id, Council: p.council, Name: p.name, Start: p.start, End: p.end, Created: p.created,
		Status: p.status, Variants: append([]ID{}, p.variants...), Adopted: p.adopted}
}

// Period returns a plan period.
func (s *State) Period(id ID) (PeriodView, bool) {
	p := s.cyc.periods[id]
	if p == nil {
		return PeriodView{}, false
	}
	return p.view(), true
}

// Periods returns a federated council's plan periods (0: every council's), oldest first.
func (s *State) Periods(council ID) []PeriodView {
	out := []PeriodView{}
	for _, id := range sortedIDs(s.cyc.periods) {
		if p := s.cyc.periods[id]; council == 0 || p.council == council {
			out = append(out, p.view())
		}
	}
	return out
}

// Submissions returns what the councils submitted for a period, in the
// order the engine receives them.
func (s *State) Submissions(period ID) (cycle.Submissions, bool) {
	p := s.cyc.periods[period]
	if p == nil {
		return cycle.Submissions{}, false
	}
	return s.submissions(p), true
}

// Variants returns a period's computed variants (every computation, oldest first).
func (s *State) Variants(period ID) []VariantView {
	out := []VariantView{}
	for _, id := range sortedIDs(s.cyc.variants) {
		if v := s.cyc.variants[id]; v.period == period {
			out = append(out, VariantView{ID: v.id, Period: v.period, Computed: v.computed, By: v.by, Figures: v.v})
		}
	}
	return out
}

// AdoptedPlan returns the variant adopted for a period.
func (s *State) AdoptedPlan(period ID) (VariantView, bool) {
	p := s.cyc.periods[period]
	if p == nil || p.adopted == 0 {
		return VariantView{}, false
	}
	v := s.cyc.variants[p.adopted]
	return VariantView{ID: v.id, Period: v.period, Computed: v.computed, By: v.by, Figures: v.v}, true
}

// Targets returns the adopted plan's targets of a workplace (0: all).
func (s *State) Targets(period, workplace ID) []cycle.Target {
	out := []cycle.Target{}
	if p := s.cyc.periods[period]; p != nil {
		for _, w := range sortedIDs(p.targets) {
			if workplace == 0 || w == workplace {
				out = append(out, p.targets[w]...)
			}
		}
	}
	return out
}

// Allocations returns the adopted plan's allocations to a council (0: all).
func (s *State) Allocations(period, council ID) []cycle.Allocation {
	out := []cycle.Allocation{}
	if p := s.cyc.periods[period]; p != nil {
		for _, c := range sortedIDs(p.allocs) {
			if council == 0 || c == council {
				out = append(out, p.allocs[c]...)
			}
		}
	}
	return out
}

// PlanReports returns a period's reports of output and receipts, in order.
func (s *State) PlanReports(period ID) []PlanReportView {
	out := []PlanReportView{}
	for _, id := range sortedIDs(s.cyc.reports) {
		if r := s.cyc.reports[id]; r.period == period {
			out = append(out, PlanReportView{ID: r.id, Period: r.period, Kind: r.kind, Council: r.council, From: r.from,
				Product: r.product, Quantity: r.quantity, Member: r.member, At: r.at})
		}
	}
	return out
}

// Reconciliation returns a period's reconciliation lines for a workplace
// (0: all), each with its flags, computed by cycle.Reconcile from the
// targets and the reports.
func (s *State) Reconciliation(period, workplace ID) []cycle.Line {
	out := []cycle.Line{}
	for k, l := range s.cyc.lines {
		if k.period == period && (workplace == 0 || k.workplace == workplace) {
			out = append(out, reconcileLine(k, l))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Workplace != out[j].Workplace {
			return out[i].Workplace < out[j].Workplace
		}
		return out[i].Product < out[j].Product
	})
	return out
}

// Flags returns only the flagged lines of Reconciliation.
func (s *State) Flags(period, workplace ID) []cycle.Line {
	out := []cycle.Line{}
	for _, l := range s.Reconciliation(period, workplace) {
		if len(l.Flags) > 0 {
			out = append(out, l)
		}
	}
	return out
}

// Account returns the labour-time account of a member, workplace or fund.
func (s *State) Account(id ID) (ledger.Account, bool) {
	return s.cyc.book.Account(ledger.AccountID(id))
}

// AccountTransfers returns the transfers that debit or credit an account, oldest first.
func (s *State) AccountTransfers(id ID) []ledger.Transfer {
	out := []ledger.Transfer{}
	a := ledger.AccountID(id)
	for _, tr := range s.cyc.book.Transfers(1, 0) {
		if tr.Debit == a || tr.Credit == a {
			out = append(out, tr)
		}
	}
	return out
}

// Funds returns the funds the federation voted, with their rates and balances.
func (s *State) Funds() []FundView {
	out := []FundView{}
	for _, id := range sortedIDs(s.cyc.funds) {
		f := s.cyc.funds[id]
		a, _ := s.cyc.book.Account(ledger.AccountID(id))
		out = append(out, FundView{ID: f.id, Name: f.name, PerMille: f.perMille, Balance: a.Balance(), Created: f.created})
	}
	return out
}

// FreeGoods returns the products handed out free, sorted.
func (s *State) FreeGoods() []string { return sortedKeys(s.cyc.free) }

// HoursReports returns the hours reports of a workplace (0: all), oldest first.
func (s *State) HoursReports(workplace ID) []HoursView {
	out := []HoursView{}
	for _, id := range sortedIDs(s.cyc.hours) {
		r := s.cyc.hours[id]
		if workplace == 0 || r.workplace == workplace {
			out = append(out, HoursView{ID: r.id, Workplace: r.workplace, Member: r.member, Minutes: r.minutes, Ref: r.ref,
				Status: r.status, ConfirmedBy: r.confirmedBy, Reported: r.reported, Confirmed: r.confirmed})
		}
	}
	return out
}

// Draws returns the goods drawn by a member (0: by everyone), oldest first.
func (s *State) Draws(member ID) []DrawView {
	out := []DrawView{}
	for _, id := range sortedIDs(s.cyc.draws) {
		d := s.cyc.draws[id]
		if member == 0 || d.member == member {
			out = append(out, DrawView{ID: d.id, Period: d.period, Point: d.point, Member: d.member, Product: d.product,
				Quantity: d.quantity, Free: d.free, Minutes: d.minutes, By: d.by, At: d.at})
		}
	}
	return out
}

// CheckLedger verifies the labour-time accounts' invariants (see ledger.Book.Check).
func (s *State) CheckLedger() error { return s.cyc.book.Check() }
