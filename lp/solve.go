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
	defer s.pool.stop()
	if st.Keep {
		defer s.sc.keep(p.A)
	}
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
	solve := s.solveHalpern
	if st.Method == Adaptive {
		solve = s.solve
	}
	res, err := solve()
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
	sc     *scaled
	run    runner // for the passes of an evaluation
	pool   *pool  // for the passes of an iteration, one goroutine per part of k
	m, n   int
	k      *colMatrix // scaled A
	c, b   []float64  // scaled c, b
	l, u   []float64  // scaled bounds
	eq     []bool
	dr, dc []float64 // x = dc∘x̃, y = dr∘ỹ

	normB, normC float64 // ℓ2 norms of the unscaled b and c

	cur, trial, avg, start iterate
	sumX, sumY             []float64
	weightSum              float64
	// yWeight is the weight of cur.y not yet added to sumY: the next
	// dual step adds it as it reads cur.y (see step).
	yWeight float64
	// pending says that trial.x and trial.kx already hold the primal step
	// from cur with step size pendingEta, of squared length pendingDx2,
	// made in the same pass as cur.kty (see step).
	pending                bool
	pendingEta, pendingDx2 float64

	x, y []float64 // = cur.x, cur.y (for the warm start)
	out  iterate   // the iterate returned

	tmpM, tmpN []float64

	// The passes of an iteration: colFn runs k.colPass with cargs on one
	// part, rowFn the dual step (or only the completion of K·x) on the
	// rows of one part. Made once, so that running them does not allocate.
	cargs        colArgs
	rargs        rowArgs
	colFn, rowFn func(int)
	// The same for the Halpern method (see solveHalpern).
	hcargs         hcolArgs
	hrargs         hrowArgs
	hcolFn, hrowFn func(int)
}

// rowArgs are the vectors and scalars of a pass over the rows: complete
// KX (the remote sums of the column pass before), then, if Step, the dual
// step TY = proj(Y + Sigma·(b − 2·KX + KXOld)) and, if W ≠ 0,
// SumY += W·Y. The part's sums[1] gets ‖TY − Y‖², sums[2]
// (TY − Y)ᵀ(KX − KXOld).
type rowArgs struct {
	Step             bool
	KX, KXOld, Y, TY []float64
	SumY             []float64
	Sigma, W         float64
}

// scaled is the solver's copy of A: the scaling and the scaled matrix.
type scaled struct {
	ruiz    int
	pc      bool
	threads int
	dr, dc  []float64
	k       *colMatrix
	norm    float64 // ‖k‖₂, once estimated
}

// scale returns a's scaled copy for the settings: the one a previous
// Solve kept, if it was made with the same settings (and takes it, so that
// a concurrent Solve makes its own), or a new one.
func scale(a *Matrix, st Settings) *scaled {
	ruiz, pc := max(st.RuizIter, 0), !st.NoPockChambolle
	a.mu.Lock()
	sc := a.kept
	a.kept = nil
	a.mu.Unlock()
	if sc != nil && sc.ruiz == ruiz && sc.pc == pc && sc.threads == st.Threads {
		return sc
	}
	_, n := a.Dims()
	dr, dc := equilibrate(a, ruiz, pc)
	// Scale the transpose in place: it is the solver's own copy.
	kt := a.T()
	for j := 0; j < n; j++ {
		for q := kt.rowPtr[j]; q < kt.rowPtr[j+1]; q++ {
			kt.val[q] *= dr[kt.colIdx[q]] * dc[j]
		}
	}
	return &scaled{ruiz: ruiz, pc: pc, threads: st.Threads, dr: dr, dc: dc, k: newColMatrix(kt, st.Threads)}
}

// keep leaves sc with a for the next Solve.
func (sc *scaled) keep(a *Matrix) {
	a.mu.Lock()
	a.kept = sc
	a.mu.Unlock()
}

func newSolver(p *Problem, lower, upper []float64, st Settings) *solver {
	m, n := p.A.Dims()
	sc := scale(p.A, st)
	dr, dc := sc.dr, sc.dc
	s := &solver{set: st, run: runner{st.Threads}, m: m, n: n, dr: dr, dc: dc, sc: sc}
	s.usePasses(sc.k)
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
	s.cur, s.trial, s.start = newIterate(m, n), newIterate(m, n), newIterate(m, n)
	s.out = newIterate(m, n)
	if st.Method == Adaptive {
		// The running average, which the Halpern method does without.
		s.avg = newIterate(m, n)
		s.sumX, s.sumY = make([]float64, n), make([]float64, m)
	}
	s.tmpM, s.tmpN = make([]float64, m), make([]float64, n)
	s.x, s.y = s.cur.x, s.cur.y
	return s
}

// usePasses makes k the solver's matrix, with a pool of one goroutine per
// part and the functions that run the passes of an iteration on them.
func (s *solver) usePasses(k *colMatrix) {
	s.k = k
	s.pool = newPool(len(k.parts))
	s.colFn = func(k int) { s.k.colPass(k, &s.cargs) }
	s.rowFn = s.rowPass
	s.hcolFn = func(k int) { s.k.halpernPass(k, &s.hcargs) }
	s.hrowFn = s.halpernRows
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
	s.mul(it.kx, it.x)
	s.mulT(it.kty, it.y)
}

// mul sets dst = K·x.
func (s *solver) mul(dst, x []float64) {
	s.cargs = colArgs{Scatter: true, X: x, KX: dst}
	s.pool.run(s.colFn)
	s.rargs = rowArgs{KX: dst}
	s.pool.run(s.rowFn)
}

// mulT sets dst = Kᵀ·y.
func (s *solver) mulT(dst, y []float64) {
	s.cargs = colArgs{Gather: true, Y: y, KTy: dst}
	s.pool.run(s.colFn)
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
		// The step fuses the next one's primal half into its own last
		// pass, unless an evaluation (which may restart) comes between.
		fuse := (iters+1)%s.set.EvalEvery != 0 && iters+1 < s.set.MaxIter
		eta = s.step(eta, omega, &attempts, fuse)
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
		if err := s.certificates(s.cur.x, s.cur.y, s.start.x, s.start.y); err != nil {
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
