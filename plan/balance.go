package plan

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"

	"commune"
	"commune/lp"
)

// BalanceOptions tune Balance. The zero value gives the defaults.
type BalanceOptions struct {
	// Tol is the relative tolerance of each linear programme: primal
	// residual, dual residual and duality gap (default 1e-6).
	Tol float64
	// MaxIter caps the PDHG iterations of each programme (default 200000).
	MaxIter int
	// Threads is the number of goroutines of the solver (default GOMAXPROCS).
	Threads int
	// Method is the solver's variant of PDHG (default lp.Halpern).
	Method lp.Method
	// Progress, if set, is called at each evaluation of the solver with the
	// stage's name ("priority 1", …, "labour").
	Progress func(stage string, r lp.Result)
	// Context, if set, stops Balance with its error when done.
	Context context.Context
}

// Level is the outcome of one priority level: the common proportion of its
// needs that the plan meets.
type Level struct {
	Priority   int     // 1 is the most urgent
	Needs      int     // number of products with a need at this priority
	Fulfilment float64 // the largest common proportion met, at most 1
}

// Stage reports one linear programme of the sequence.
type Stage struct {
	Name   string // "priority 1", …, "labour"
	Result lp.Result
	// Converged is false when the solver stopped at its iteration limit:
	// the plan is still feasible (it is repaired), but this programme's
	// objective is only as good as Result's gap says.
	Converged bool
	// InFull says that the programme was solved without the solver: a
	// repair of the plan so far (see Balance) met every need of the level
	// in full, which is the programme's bound, so Result is exact (no
	// iterations, residuals and gap 0).
	InFull bool
}

// BalancedPlan is the result of Balance.
type BalancedPlan struct {
	Activity []float64 // per process: units of activity
	Gross    []float64 // per product: units made, Σ output × activity
	Net      []float64 // per product: made minus used up by the processes
	Need     []float64 // per product: the final need (0 if none)
	// Fulfilment is Net/Need per product, NaN where there is no need.
	Fulfilment []float64
	Used       []float64 // per resource: units used
	// ShadowPrice per resource, in hours of labour per unit: the labour the
	// least-labour plan would save with one more unit of the resource
	// (from the dual of the least-labour programme; 0 when there is no
	// labour to minimise). Labour itself is the unit, 1.
	ShadowPrice []float64
	Labour      float64 // hours of labour the plan uses
	Levels      []Level // one per priority, most urgent first
	// Held is the proportion each level was held at in the programmes
	// after its own (see Programme).
	Held   []float64
	Stages []Stage // the programmes solved, in order
}

// Balance computes Kantorovich's plan ray by priority for t: the largest
// common proportion θ₁ ≤ 1 of the priority-1 needs that can be met within
// the resources and capacities; holding that, the largest θ₂ for
// priority 2; and so on; then, among the plans meeting all those
// proportions, the one that uses the least labour (the resource
// LabourID). It is a sequence of linear programmes, one per priority level
// and a last one for labour, each solved by restarted PDHG (package lp)
// and started from the previous one's solution:
//
//	maximise θ_k  subject to  Σ_p (out_ip − use_ip)·a_p ≥ θ_level(i)·need_i  (every product i)
//	                          Σ_p use_rp·a_p ≤ available_r                  (every limited resource r)
//	                          0 ≤ a_p ≤ capacity_p,  θ_j fixed for j < k, 0 for j > k.
//
// A first-order solver meets the constraints only to its tolerance, and a
// proportion held exactly at its maximum leaves the next programme without
// interior (which slows PDHG badly), so each proportion θ_k < 1 is held at
// (1 − slack)·θ_k with slack = 2·Tol, after a repair has shown that value
// feasible; a proportion within the slack of 1 is held at 1 when the repair
// shows that feasible. The plan returned is repaired the same way, to be
// feasible to rounding: activity is added where a product's net output
// fell short by the solver's tolerance, and the whole plan is scaled down
// where a resource would be overdrawn.
//
// Before a priority programme is solved, the plan so far is repaired to
// meet every need of the level in full; when that repaired plan stays
// within every resource and capacity, it solves the programme exactly
// (θ_k = 1 is the programme's bound), and the solver is not run: this is
// how the urgent levels of an economy that can meet them cost no
// iterations.
//
// A programme that reaches BalanceOptions.MaxIter does not fail the plan:
// its Stage says so, and the plan is feasible but its proportions or
// labour only as good as the reported gap.
func Balance(t *Techniques, opt *BalanceOptions) (*BalancedPlan, error) {
	var o BalanceOptions
	if opt != nil {
		o = *opt
	}
	if o.Tol <= 0 {
		o.Tol = 1e-6
	}
	bp := newBalanceProblem(t)
	nProc := len(t.Processes)
	x := make([]float64, bp.cols)
	y := make([]float64, bp.rows)
	plan := &BalancedPlan{}
	theta := make([]float64, len(bp.levels)) // fixed proportions so far
	v := bp.labourValues()                   // for the solver's starts and the repairs
	bp.orderProducers(v)
	settings := func(stage string) *lp.Settings {
		// Keep: every programme has the same matrix, so the solver's
		// scaled copy of it is made once.
		s := &lp.Settings{Tol: o.Tol, MaxIter: o.MaxIter, Threads: o.Threads, Method: o.Method, WarmStart: true, Context: o.Context, Keep: true}
		if o.Progress != nil {
			s.Progress = func(r lp.Result) { o.Progress(stage, r) }
		}
		return s
	}
	for k := range bp.levels {
		name := fmt.Sprintf("priority %d", bp.levels[k].Priority)
		if bp.meetInFull(x[:nProc], theta, k) {
			// Exact: the plan meets the bound θ_k = 1, and y = 0 with the
			// bound's multiplier proves it best.
			x[nProc+k] = 1
			res := lp.Result{PrimalObjective: -1, DualObjective: -1}
			plan.Stages = append(plan.Stages, Stage{Name: name, Result: res, Converged: true, InFull: true})
			continue
		}
		before := append([]float64(nil), x[:nProc]...) // holds theta, nothing of level k
		bp.dualStart(y, v, k)
		x[nProc+k] = bp.primalStart(x[:nProc], theta, v, k)
		res, err := lp.Solve(x, y, bp.stage(k, theta), settings(name))
		plan.Stages = append(plan.Stages, Stage{Name: name, Result: res, Converged: err == nil})
		if err != nil && !errors.Is(err, lp.ErrIterationLimit) {
			return nil, stageError(name, err)
		}
		theta[k] = bp.hold(x[:nProc], before, theta, k, x[nProc+k], o.Tol)
	}
	lab := t.Resource(LabourID)
	var held []float64 // the plan that holds theta, before the least-labour programme
	if p := bp.stage(len(bp.levels), theta); lab >= 0 && anyNonZero(p.C) {
		held = append([]float64(nil), x[:nProc]...)
		bp.dualStart(y, v, len(bp.levels))
		res, err := lp.Solve(x, y, p, settings("labour"))
		plan.Stages = append(plan.Stages, Stage{Name: "labour", Result: res, Converged: err == nil})
		if err != nil && !errors.Is(err, lp.ErrIterationLimit) {
			return nil, stageError("labour", err)
		}
	}
	least := append([]float64(nil), x[:nProc]...)
	if s := bp.repair(x[:nProc], theta); s < 1 && !bp.blend(x[:nProc], held, least, theta, 1-s) {
		for j := range theta {
			theta[j] *= s
		}
	}
	plan.Activity = append([]float64(nil), x[:nProc]...)
	plan.Gross, plan.Net, plan.Used = bp.flows(plan.Activity)
	plan.Need = t.Need()
	plan.Fulfilment = make([]float64, len(t.Products))
	for i := range plan.Fulfilment {
		plan.Fulfilment[i] = math.NaN()
		if plan.Need[i] > 0 {
			plan.Fulfilment[i] = plan.Net[i] / plan.Need[i]
		}
	}
	plan.Held = append([]float64(nil), theta...)
	for k, lv := range bp.levels {
		plan.Levels = append(plan.Levels, Level{Priority: lv.Priority, Needs: lv.Needs, Fulfilment: theta[k]})
	}
	plan.ShadowPrice = make([]float64, len(t.Resources))
	if n := len(plan.Stages); n > 0 && plan.Stages[n-1].Name == "labour" {
		for r, row := range bp.resourceRow {
			if row >= 0 {
				plan.ShadowPrice[r] = y[row]
			}
		}
	}
	if lab >= 0 {
		plan.ShadowPrice[lab] = 1
		plan.Labour = plan.Used[lab]
	}
	return plan, nil
}

// StageError is a programme of Balance that the solver could not finish.
// It unwraps both to the solver's error (lp.ErrInfeasible, …) and to a
// *commune.Error with code EINVALID and reason "infeasible", "unbounded" or
// "not_converged".
type StageError struct {
	Stage string // "priority 1", …, "labour"
	Err   error
}

// Error implements error.
func (e *StageError) Error() string { return fmt.Sprintf("balance: %s: %v", e.Stage, e.Err) }

// Unwrap returns the solver's error and the domain error.
func (e *StageError) Unwrap() []error {
	reason := "not_converged"
	switch {
	case errors.Is(e.Err, lp.ErrInfeasible):
		reason = "infeasible"
	case errors.Is(e.Err, lp.ErrUnbounded):
		reason = "unbounded"
	}
	return []error{e.Err, commune.Errorf(commune.EINVALID, reason, "%s", e.Error())}
}

func stageError(stage string, err error) error { return &StageError{Stage: stage, Err: err} }

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

func anyNonZero(v []float64) bool {
	for _, x := range v {
		if x != 0 {
			return true
		}
	}
	return false
}

// priorityLevels returns the distinct priorities of the needs, most urgent
// first, with the number of needs at each.
func priorityLevels(needs []Need) []Level {
	count := map[int]int{}
	for _, nd := range needs {
		if nd.Quantity > 0 {
			count[nd.Priority]++
		}
	}
	var lv []Level
	for p, c := range count {
		lv = append(lv, Level{Priority: p, Needs: c})
	}
	sort.Slice(lv, func(i, j int) bool { return lv[i].Priority < lv[j].Priority })
	return lv
}

// Programme returns linear programme k of Balance for t, as Balance solves
// it (for benchmarks against other solvers): for k below the number of
// priority levels, maximising (as minimising −θ_k) the proportion of level
// k with the earlier levels held at held[j]; for k equal to it, the
// least-labour programme with every level held. Columns are the processes
// then one proportion per level; rows the products then the limited
// resources.
func (t *Techniques) Programme(k int, held []float64) *lp.Problem {
	bp := newBalanceProblem(t)
	if k < 0 || k > len(bp.levels) || len(held) != len(bp.levels) {
		panic(fmt.Sprintf("plan: programme %d of %d levels, %d held", k, len(bp.levels), len(held)))
	}
	return bp.stage(k, held)
}
