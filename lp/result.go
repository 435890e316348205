package lp

import (
	"context"
	"errors"
	"fmt"
)

// Errors returned by Solve. They are wrapped; test with errors.Is.
var (
	// ErrInfeasible means the constraints admit no point: Solve found a
	// Farkas certificate (a ray of the dual).
	ErrInfeasible = errors.New("problem is infeasible")
	// ErrUnbounded means the objective decreases without limit: Solve found
	// a primal ray (the dual is infeasible).
	ErrUnbounded = errors.New("problem is unbounded")
	// ErrIterationLimit means Solve stopped at Settings.MaxIter before the
	// tolerances were met; the best iterate is still returned.
	ErrIterationLimit = errors.New("iteration limit reached")
	// ErrNumerical means the iterates stopped being finite numbers.
	ErrNumerical = errors.New("numerical failure")
)

// Result describes what Solve reached, measured on the unscaled problem.
type Result struct {
	Iterations int // PDHG iterations (accepted steps)
	Attempts   int // step attempts, including rejected step sizes (Adaptive)
	Restarts   int // restarts (to the average or current iterate, or a new anchor)

	PrimalObjective float64 // cᵀx
	DualObjective   float64 // bᵀy plus the bound terms of the reduced costs

	// RelPrimalResidual is ‖violation of Ax=b / Ax≥b‖₂ / (1 + ‖b‖₂).
	RelPrimalResidual float64
	// RelDualResidual is ‖c − Aᵀy − λ‖₂ / (1 + ‖c‖₂), with λ the reduced
	// costs allowed by the bounds.
	RelDualResidual float64
	// RelGap is |cᵀx − dual objective| / (1 + |cᵀx| + |dual objective|).
	RelGap float64

	// PrimalWeight is the final primal weight ω (step ratio σ/τ = ω²).
	PrimalWeight float64
}

// String formats r for a summary line.
func (r Result) String() string {
	return fmt.Sprintf("iterations %d, restarts %d, objective %.10g, rel. primal residual %.2e, rel. dual residual %.2e, rel. gap %.2e",
		r.Iterations, r.Restarts, r.PrimalObjective, r.RelPrimalResidual, r.RelDualResidual, r.RelGap)
}

// Method selects the variant of PDHG that Solve runs.
type Method int

const (
	// Halpern is restarted reflected Halpern PDHG (Lu and Yang 2024, as in
	// cuPDLPx 2025): a constant step of 0.99/‖K‖₂ (‖K‖₂ by power
	// iteration), each iterate pulled towards the epoch's anchor with
	// weight 1/(k+2), restarts on the fixed-point residual, and a PID
	// controller for the primal weight. On the programmes of plan.Balance
	// it takes about 40 % fewer iterations than Adaptive, and each is
	// cheaper: no running averages and no normalised duality gap.
	Halpern Method = iota
	// Adaptive is restarted average PDHG as in PDLP (Applegate et al.
	// 2021): adaptive step sizes, restarts to the average or the current
	// iterate on the normalised duality gap, smoothed primal weight.
	Adaptive
)

// String returns the method's name: "halpern" or "adaptive".
func (m Method) String() string {
	switch m {
	case Halpern:
		return "halpern"
	case Adaptive:
		return "adaptive"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// ParseMethod returns the method with the given name (see Method.String).
func ParseMethod(name string) (Method, error) {
	for _, m := range []Method{Halpern, Adaptive} {
		if name == m.String() {
			return m, nil
		}
	}
	return 0, fmt.Errorf("lp: method %q: want halpern or adaptive", name)
}

// Settings tune Solve. The zero value gives the defaults.
type Settings struct {
	// Tol is the relative tolerance on the primal residual, dual residual
	// and gap (default 1e-6).
	Tol float64
	// MaxIter caps the iterations (default 200000).
	MaxIter int
	// RuizIter is the number of Ruiz equilibration passes (default 10;
	// negative disables).
	RuizIter int
	// NoPockChambolle disables the Pock–Chambolle (α=1) scaling after Ruiz.
	NoPockChambolle bool
	// NoRestarts disables adaptive restarts (for comparison).
	NoRestarts bool
	// NoPrimalWeight keeps the primal weight at its initial value.
	NoPrimalWeight bool
	// PrimalWeight is the initial primal weight ω; 0 means ‖c‖₂/‖b‖₂ of the
	// scaled problem, as in PDLP. Pass Result.PrimalWeight of a related
	// problem along with a warm start.
	PrimalWeight float64
	// WarmStart makes Solve start from the x and y passed in instead of 0.
	WarmStart bool
	// Keep leaves the scaled copy of A that Solve makes (the equilibration
	// and the solver's layout of the matrix, as large as A itself)
	// attached to A, so that the next Solve with the same matrix and
	// settings, another programme of a sequence, skips making it. The
	// memory is held until that Solve, or until A is unreachable.
	Keep bool
	// Method is the PDHG variant (default Halpern).
	Method Method
	// Threads is the number of goroutines for products and vector passes on
	// large problems (default GOMAXPROCS).
	Threads int
	// EvalEvery is the number of iterations between evaluations of the
	// termination and restart criteria (default 64).
	EvalEvery int
	// Progress, if set, is called at each evaluation with the current figures.
	Progress func(Result)
	// Context, if set, is checked at each evaluation: when it is done,
	// Solve stops with its error (and the best iterate so far).
	Context context.Context
}

func (s *Settings) defaults() Settings {
	var d Settings
	if s != nil {
		d = *s
	}
	if d.Tol <= 0 {
		d.Tol = 1e-6
	}
	if d.MaxIter <= 0 {
		d.MaxIter = 200000
	}
	if d.RuizIter == 0 {
		d.RuizIter = 10
	}
	if d.EvalEvery <= 0 {
		d.EvalEvery = 64
	}
	return d
}
