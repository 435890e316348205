package lp

import (
	"fmt"
	"math"
	"os"
	"runtime"
)

// Restart parameters from the PDLP paper (section 3.2): restart when the
// normalised duality gap has fallen by the sufficient factor, or by the
// necessary factor and stopped falling, or when the restart period has grown
// past the artificial fraction of all iterations so far.
var debugRestart = os.Getenv("LPDEBUG") != ""

const (
	betaSufficient = 0.2
	betaNecessary  = 0.8
	betaArtificial = 0.36
	// primalWeightSmoothing is θ in ω ← exp(θ·log(Δy/Δx) + (1−θ)·log ω).
	primalWeightSmoothing = 0.5
	// epsInfeasible is the relative tolerance on infeasibility certificates.
	epsInfeasible = 1e-8
)

// Solve solves p by restarted PDHG. On return x (length n) holds the primal
// solution and y (length m) the dual one: y ≥ 0 on inequality rows, and yᵢ
// is the rate at which the optimal objective grows with bᵢ. With
// Settings.WarmStart, x and y are also the starting point. set may be nil.
//
// The error is nil when the relative primal residual, dual residual and gap
// are all within Settings.Tol; otherwise it wraps ErrInfeasible,
// ErrUnbounded, ErrIterationLimit or ErrNumerical, and x, y hold the best
// iterate found. Solve panics if the shapes of p, x and y disagree.
func Solve(x, y []float64, p *Problem, set *Settings) (Result, error) {
	m, n, lower, upper := p.check()
	if len(x) != n || len(y) != m {
		panic(fmt.Sprintf("lp: len(x), len(y) = %d, %d, want %d, %d", len(x), len(y), n, m))
	}
	st := set.defaults()
	if st.Threads <= 0 {
		st.Threads = runtime.GOMAXPROCS(0)
	}
	for j := 0; j < n; j++ {
		if lower[j] > upper[j] {
			return Result{}, fmt.Errorf("lp: variable %d has lower bound %g above upper bound %g: %w", j, lower[j], upper[j], ErrInfeasible)
		}
	}
	s := newSolver(p, lower, upper, st)
	if st.WarmStart {
		for j := range x {
			s.x[j] = clamp(x[j]/s.dc[j], s.l[j], s.u[j])
		}
		for i := range y {
			v := y[i] / s.dr[i]
			if !s.eq[i] {
				v = math.Max(v, 0)
			}
			s.y[i] = v
		}
	} else {
		for j := range s.x {
			s.x[j] = clamp(0, s.l[j], s.u[j])
		}
	}
	res, err := s.solve()
	for j := range x {
		x[j] = s.out.x[j] * s.dc[j]
	}
	for i := range y {
		y[i] = s.out.y[i] * s.dr[i]
	}
	return res, err
}

// iterate is a primal-dual point with the products that the solver keeps
// alongside it, all in the scaled problem.
type iterate struct {
	x, y, kx, kty []float64
}

func newIterate(m, n int) iterate {
	return iterate{x: make([]float64, n), y: make([]float64, m), kx: make([]float64, m), kty: make([]float64, n)}
}

func (it *iterate) copyFrom(o iterate) {
	copy(it.x, o.x)
	copy(it.y, o.y)
	copy(it.kx, o.kx)
	copy(it.kty, o.kty)
}

// solver holds the scaled problem and the iterates of one Solve.
type solver struct {
	set    Settings
	pool   runner
	m, n   int
	k, kt  *Matrix   // scaled A and its transpose
	c, b   []float64 // scaled c, b
	l, u   []float64 // scaled bounds
	eq     []bool
	dr, dc []float64 // x = dc∘x̃, y = dr∘ỹ

	normB, normC float64 // ℓ2 norms of the unscaled b and c

	cur, trial, avg, start    iterate
	sumX, sumY, sumKx, sumKty []float64
	weightSum                 float64

	x, y []float64 // = cur.x, cur.y (for the warm start)
	out  iterate   // the iterate returned

	tmpM, tmpN []float64
	parts      []float64 // per-goroutine partial sums of step
}

func newSolver(p *Problem, lower, upper []float64, st Settings) *solver {
	m, n := p.A.Dims()
	dr, dc := equilibrate(p.A, max(st.RuizIter, 0), !st.NoPockChambolle)
	s := &solver{set: st, pool: runner{st.Threads}, m: m, n: n, dr: dr, dc: dc}
	s.k = p.A.scaled(dr, dc)
	s.kt = s.k.T()
	s.c, s.l, s.u = make([]float64, n), make([]float64, n), make([]float64, n)
	for j := 0; j < n; j++ {
		s.c[j] = p.C[j] * dc[j]
		s.l[j] = lower[j] / dc[j]
		s.u[j] = upper[j] / dc[j]
		s.normC += p.C[j] * p.C[j]
	}
	s.b, s.eq = make([]float64, m), make([]bool, m)
	for i := 0; i < m; i++ {
		s.b[i] = p.B[i] * dr[i]
		s.eq[i] = p.isEq(i)
		s.normB += p.B[i] * p.B[i]
	}
	s.normB, s.normC = math.Sqrt(s.normB), math.Sqrt(s.normC)
	s.cur, s.trial, s.avg, s.start = newIterate(m, n), newIterate(m, n), newIterate(m, n), newIterate(m, n)
	s.out = newIterate(m, n)
	s.sumX, s.sumKty = make([]float64, n), make([]float64, n)
	s.sumY, s.sumKx = make([]float64, m), make([]float64, m)
	s.tmpM, s.tmpN = make([]float64, m), make([]float64, n)
	s.parts = make([]float64, 3*max(st.Threads, 1))
	s.x, s.y = s.cur.x, s.cur.y
	return s
}

func clamp(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// products recomputes K·x and Kᵀ·y of it.
func (s *solver) products(it iterate) {
	s.pool.mul(s.k, it.kx, it.x)
	s.pool.mul(s.kt, it.kty, it.y)
}

// solve is the main loop: PDHG steps with adaptive step sizes, and every
// EvalEvery steps the termination, infeasibility and restart checks.
func (s *solver) solve() (Result, error) {
	s.products(s.cur)
	s.start.copyFrom(s.cur)
	omega := 1.0
	if s.set.PrimalWeight > 0 {
		omega = s.set.PrimalWeight
	} else if nc, nb := norm2(s.c), norm2(s.b); nc > 1e-10 && nb > 1e-10 {
		omega = nc / nb
	}
	eta := 1.0
	if a := s.k.maxAbs(); a > 0 {
		eta = 1 / a
	}
	var res Result
	attempts, iters, restarts := 0, 0, 0
	sinceRestart := 0
	lastRestartGap, prevCandidateGap := math.Inf(1), math.Inf(1)
	s.resetAverage()
	for {
		eta = s.step(eta, omega, &attempts)
		iters++
		sinceRestart++
		if iters%s.set.EvalEvery != 0 && iters < s.set.MaxIter {
			continue
		}
		s.average()
		rc := s.measure(s.cur)
		ra := s.measure(s.avg)
		for _, r := range []*Result{&rc, &ra} {
			r.Iterations, r.Attempts, r.Restarts, r.PrimalWeight = iters, attempts, restarts, omega
		}
		res = rc
		best := s.cur
		if score(ra) < score(rc) {
			res, best = ra, s.avg
		}
		if s.set.Progress != nil {
			s.set.Progress(res)
		}
		if math.IsNaN(res.PrimalObjective) || math.IsNaN(res.DualObjective) || math.IsInf(res.PrimalObjective, 0) {
			s.out.copyFrom(best)
			return res, fmt.Errorf("lp: after %d iterations: %w", iters, ErrNumerical)
		}
		if score(res) <= s.set.Tol {
			s.out.copyFrom(best)
			return res, nil
		}
		if err := s.certificates(); err != nil {
			s.out.copyFrom(best)
			return res, fmt.Errorf("lp: after %d iterations: %w", iters, err)
		}
		if ctx := s.set.Context; ctx != nil && ctx.Err() != nil {
			s.out.copyFrom(best)
			return res, fmt.Errorf("lp: after %d iterations: %w", iters, ctx.Err())
		}
		if iters >= s.set.MaxIter {
			s.out.copyFrom(best)
			return res, fmt.Errorf("lp: %d iterations, %s: %w", iters, res, ErrIterationLimit)
		}
		if s.set.NoRestarts {
			continue
		}
		gc := s.normalisedGap(s.cur, omega)
		ga := s.normalisedGap(s.avg, omega)
		gap := math.Min(gc, ga)
		if debugRestart {
			fmt.Printf("it %d since %d gc %.3e ga %.3e last %.3e prev %.3e omega %.3e eta %.3e score %.2e\n", iters, sinceRestart, gc, ga, lastRestartGap, prevCandidateGap, omega, eta, score(res))
		}
		restart := gap <= betaSufficient*lastRestartGap ||
			(gap <= betaNecessary*lastRestartGap && gap > prevCandidateGap) ||
			float64(sinceRestart) >= betaArtificial*float64(iters)
		if !restart {
			prevCandidateGap = gap
			continue
		}
		if ga < gc {
			s.cur.copyFrom(s.avg)
			s.products(s.cur) // exact products instead of averaged ones
		}
		if !s.set.NoPrimalWeight {
			dx, dy := dist2(s.cur.x, s.start.x), dist2(s.cur.y, s.start.y)
			if dx > 1e-10 && dy > 1e-10 {
				omega = math.Exp(primalWeightSmoothing*math.Log(dy/dx) + (1-primalWeightSmoothing)*math.Log(omega))
			}
		}
		s.start.copyFrom(s.cur)
		s.resetAverage()
		restarts++
		sinceRestart = 0
		lastRestartGap, prevCandidateGap = gap, math.Inf(1)
	}
}

// score is the largest of the three relative measures.
func score(r Result) float64 {
	return math.Max(r.RelPrimalResidual, math.Max(r.RelDualResidual, r.RelGap))
}

func norm2(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

func dist2(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return math.Sqrt(s)
}
