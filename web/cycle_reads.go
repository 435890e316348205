package web

import (
	"net/http"

	"commune"
	"commune/council"
	"commune/cycle"
	"commune/ledger"
)

// The planning cycle's and the accounts' reads are public, like votes:
// periods with every figure, a workplace's targets and flags, every
// account's balance and transfers, the funds and the free goods.

// periodList is a federated council's plan periods (or every council's).
type periodList struct {
	Periods []council.PeriodView `json:"periods"`
}

func (s *Server) getPeriods(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	c, err := queryInt(r, "council", 0)
	if err != nil {
		return err
	}
	var out periodList
	s.svc.View(func(st *council.State) { out.Periods = st.Periods(council.ID(c)) })
	writeJSON(w, http.StatusOK, out)
	return nil
}

// periodPage is a plan period with everything the record says of it: the
// submissions, every computed variant with its figures, the adopted plan,
// its targets and allocations, the reports and the reconciliation with
// its flags.
type periodPage struct {
	council.PeriodView
	Submissions    cycle.Submissions        `json:"submissions"`
	Computed       []council.VariantView    `json:"computed"`
	AdoptedPlan    *council.VariantView     `json:"adopted_plan,omitempty"`
	Targets        []cycle.Target           `json:"targets"`
	Allocations    []cycle.Allocation       `json:"allocations"`
	Reports        []council.PlanReportView `json:"reports"`
	Reconciliation []cycle.Line             `json:"reconciliation"`
	Flags          []cycle.Line             `json:"flags"`
}

func (s *Server) getPeriod(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var p periodPage
	var ok bool
	s.svc.View(func(st *council.State) {
		if p.PeriodView, ok = st.Period(id); !ok {
			return
		}
		p.Submissions, _ = st.Submissions(id)
		p.Computed = st.Variants(id)
		if v, ok := st.AdoptedPlan(id); ok {
			p.AdoptedPlan = &v
		}
		p.Targets = st.Targets(id, 0)
		p.Allocations = st.Allocations(id, 0)
		p.Reports = st.PlanReports(id)
		p.Reconciliation = st.Reconciliation(id, 0)
		p.Flags = st.Flags(id, 0)
	})
	if !ok {
		return commune.Errorf(commune.ENOTFOUND, "period", "no plan period %d", id)
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// workplacePlan is one workplace's part of a period: its targets, its
// reconciliation lines and those of them flagged.
type workplacePlan struct {
	Period         council.ID     `json:"period"`
	Workplace      council.ID     `json:"workplace"`
	Targets        []cycle.Target `json:"targets"`
	Reconciliation []cycle.Line   `json:"reconciliation"`
	Flags          []cycle.Line   `json:"flags"`
}

func (s *Server) getWorkplacePlan(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	wid, err := pathID(r, "workplace")
	if err != nil {
		return err
	}
	out := workplacePlan{Period: id, Workplace: wid}
	var okP, okW bool
	s.svc.View(func(st *council.State) {
		_, okP = st.Period(id)
		var c council.CouncilView
		c, okW = st.Council(wid)
		okW = okW && c.Kind == council.KindWorkplace
		out.Targets = st.Targets(id, wid)
		out.Reconciliation = st.Reconciliation(id, wid)
		out.Flags = st.Flags(id, wid)
	})
	switch {
	case !okP:
		return commune.Errorf(commune.ENOTFOUND, "period", "no plan period %d", id)
	case !okW:
		return commune.Errorf(commune.ENOTFOUND, "workplace", "no workplace council %d", wid)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// accountPage is a labour-time account (a member's, a workplace's or a
// fund's) with its balance and every transfer that moved it; for a member,
// also the goods they drew. Balances and transfers are public like votes.
type accountPage struct {
	ledger.Account
	Balance   int64              `json:"balance"`
	Transfers []ledger.Transfer  `json:"transfers"`
	Draws     []council.DrawView `json:"draws,omitempty"`
}

func (s *Server) getAccount(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var p accountPage
	var ok bool
	s.svc.View(func(st *council.State) {
		if p.Account, ok = st.Account(id); !ok {
			return
		}
		p.Balance = p.Account.Balance()
		p.Transfers = st.AccountTransfers(id)
		if p.Kind == ledger.Member {
			p.Draws = st.Draws(id)
		}
	})
	if !ok {
		return commune.Errorf(commune.ENOTFOUND, "account", "no account %d", id)
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// fundsPage is the funds the federation voted, with their rates and
// balances, and the goods it hands out free.
type fundsPage struct {
	Funds     []council.FundView `json:"funds"`
	FreeGoods []string           `json:"free_goods"`
}

func (s *Server) getFunds(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	var out fundsPage
	s.svc.View(func(st *council.State) {
		out.Funds = st.Funds()
		out.FreeGoods = st.FreeGoods()
	})
	writeJSON(w, http.StatusOK, out)
	return nil
}

// hoursList is the hours reports of a workplace (or of all), so that its
// members see what is waiting for confirmation.
type hoursList struct {
	Hours []council.HoursView `json:"hours"`
}

func (s *Server) getHours(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	wp, err := queryInt(r, "workplace", 0)
	if err != nil {
		return err
	}
	var out hoursList
	s.svc.View(func(st *council.State) { out.Hours = st.HoursReports(council.ID(wp)) })
	writeJSON(w, http.StatusOK, out)
	return nil
}
