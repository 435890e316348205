package lp

import (
	"fmt"
	"math"
)

// Parameters of the Halpern method (cuPDLPx, Lu, Peng and Yang 2025): the
// step is this fraction of 1/‖K‖₂; the primal weight follows a PID
// controller on the log-ratio of the primal and dual distances moved in an
// epoch, with these gains and this discount of the integral term.
const (
	stepFraction   = 0.99
	pidP, pidI     = 0.99, 0.01
	pidDiscount    = 0.3
	reflection     = 1.0 // γ: 1 is the fully reflected step 2T − I, ½ plain Halpern
	normIterations = 100
	normTol        = 1e-4
)

// normEstimate returns ‖K‖₂, estimated by power iteration on KᵀK, and
// keeps it with the scaled matrix for the next Solve of a sequence.
func (s *solver) normEstimate() float64 {
	if s.sc.norm > 0 {
		return s.sc.norm
	}
	v, kv := s.tmpN, s.tmpM
	for j := range v {
		// Deterministic and not orthogonal to the top singular vector
		// of a non-negative or mixed-sign matrix in practice.
		v[j] = 1 + 0.5*math.Sin(float64(j))
	}
	// The estimates rise towards ‖K‖₂ geometrically, slowly when the top
	// singular values are close, so a small change does not mean a small
	// error: the error left is extrapolated from the ratio of the last two
	// changes (Aitken) and added, which errs on the side of a shorter step.
	est, change := 0.0, 0.0
	for it := 0; it < normIterations; it++ {
		nv := norm2(v)
		if nv == 0 {
			break
		}
		for j := range v {
			v[j] /= nv
		}
		s.mul(kv, v)
		s.mulT(v, kv)
		next := math.Sqrt(norm2(v))
		prevChange := change
		change = next - est
		est = next
		if it < 2 || change > normTol*est {
			continue
		}
		if rho := change / prevChange; rho > 0 && rho < 1 {
			est += change * rho / (1 - rho)
		}
		break
	}
	if est == 0 || math.IsNaN(est) {
		est = 1
	}
	s.sc.norm = est
	return est
}

// solveHalpern is the main loop of restarted reflected Halpern PDHG
// (r²HPDHG: Lu and Yang 2024; cuPDLPx 2025). With T the PDHG step at the
// constant step size η = 0.99/‖K‖₂ and an anchor z⁰, each iteration moves
// to
//
//	z ← (k+1)/(k+2) · (2γ·T(z) + (1−2γ)·z) + 1/(k+2) · z⁰,
//
// whose fixed-point residual ‖z − T(z)‖ falls as O(1/k). Every EvalEvery
// iterations it measures the PDHG output T(z) and restarts (anchor, z ←
// T(z)) when that residual has fallen enough since the anchor's, or has
// stopped falling, or the epoch is long, updating the primal weight.
//
// Vectors: cur.x, cur.y, cur.kx are z and K·z; trial.x, trial.y, trial.kx
// the PDHG output T(z); start the anchor; cur.kty gets Kᵀ·ŷ at
// evaluations.
func (s *solver) solveHalpern() (Result, error) {
	cur, tr, z0 := &s.cur, &s.trial, &s.start
	s.mul(cur.kx, cur.x)
	copy(z0.x, cur.x)
	copy(z0.y, cur.y)
	copy(z0.kx, cur.kx)
	omega := 1.0
	if s.set.PrimalWeight > 0 {
		omega = s.set.PrimalWeight
	} else if nc, nb := norm2(s.c), norm2(s.b); nc > 1e-10 && nb > 1e-10 {
		omega = nc / nb
	}
	eta := stepFraction / s.normEstimate()
	bounds := partBounds(s.k, s.l, s.u)
	var res Result
	iters, restarts, k := 0, 0, 0
	r0, rPrev := math.Inf(1), math.Inf(1)
	var integral float64
	for {
		tau, sigma := eta/omega, eta*omega
		iters++
		eval := iters%s.set.EvalEvery == 0 || iters >= s.set.MaxIter
		a := float64(k+1) / float64(k+2)
		a1, a2, b := 2*reflection*a, (1-2*reflection)*a, 1/float64(k+2)
		s.hcargs = hcolArgs{Y: cur.y, X: cur.x, XH: tr.x, X0: z0.x, C: s.c, Tau: tau, KX: tr.kx, Bounds: bounds,
			Update: !eval, A1: a1, A2: a2, B: b}
		s.pool.run(s.hcolFn)
		dx2 := s.partSum(0)
		s.hrargs = hrowArgs{KXH: tr.kx, KX: cur.kx, KX0: z0.kx, Y: cur.y, Y0: z0.y, YH: tr.y,
			Sigma: sigma, Update: !eval, A1: a1, A2: a2, B: b}
		s.pool.run(s.hrowFn)
		dy2, inter := s.partSum(1), s.partSum(2)
		// ‖z − T(z)‖ in the norm of PDHG, whose metric is
		// [I/τ Kᵀ; K I/σ].
		r := math.Sqrt(math.Max(0, dx2/tau+dy2/sigma+2*inter))
		if k == 0 {
			r0 = r
		}
		if !eval {
			k++
			continue
		}

		s.mulT(cur.kty, tr.y)
		out := iterate{x: tr.x, y: tr.y, kx: tr.kx, kty: cur.kty}
		res = s.measure(out)
		res.Iterations, res.Attempts, res.Restarts, res.PrimalWeight = iters, iters, restarts, omega
		if s.set.Progress != nil {
			s.set.Progress(res)
		}
		finish := func(err error) (Result, error) {
			s.out.copyFrom(out)
			return res, err
		}
		switch {
		case math.IsNaN(res.PrimalObjective) || math.IsNaN(res.DualObjective) || math.IsInf(res.PrimalObjective, 0):
			return finish(fmt.Errorf("lp: after %d iterations: %w", iters, ErrNumerical))
		case score(res) <= s.set.Tol:
			return finish(nil)
		}
		if err := s.certificates(tr.x, tr.y, z0.x, z0.y); err != nil {
			return finish(fmt.Errorf("lp: after %d iterations: %w", iters, err))
		}
		if ctx := s.set.Context; ctx != nil && ctx.Err() != nil {
			return finish(fmt.Errorf("lp: after %d iterations: %w", iters, ctx.Err()))
		}
		if iters >= s.set.MaxIter {
			return finish(fmt.Errorf("lp: %d iterations, %s: %w", iters, res, ErrIterationLimit))
		}
		restart := !s.set.NoRestarts && (r <= betaSufficient*r0 ||
			(r <= betaNecessary*r0 && r > rPrev) ||
			float64(k) >= betaArtificial*float64(iters))
		if debugRestart {
			fmt.Printf("it %d k %d r %.3e r0 %.3e prev %.3e omega %.3e eta %.3e score %.2e\n", iters, k, r, r0, rPrev, omega, eta, score(res))
		}
		rPrev = r
		if !restart {
			// The Halpern step the passes did not make.
			s.run.do(s.n, func(_, lo, hi int) {
				for j := lo; j < hi; j++ {
					cur.x[j] = a1*tr.x[j] + a2*cur.x[j] + b*z0.x[j]
				}
			})
			s.run.do(s.m, func(_, lo, hi int) {
				for i := lo; i < hi; i++ {
					cur.y[i] = a1*tr.y[i] + a2*cur.y[i] + b*z0.y[i]
					cur.kx[i] = a1*tr.kx[i] + a2*cur.kx[i] + b*z0.kx[i]
				}
			})
			k++
			continue
		}
		if !s.set.NoPrimalWeight {
			dx, dy := dist2(tr.x, z0.x), dist2(tr.y, z0.y)
			if dx > 1e-16 && dy > 1e-16 && dx < 1e12 && dy < 1e12 {
				// e > 0: the primal moved further, in the ω-norm, than the
				// dual; a smaller ω lengthens its steps (τ = η/ω).
				e := math.Log(omega * dx / dy)
				integral = pidDiscount*integral + e
				omega = math.Exp(math.Log(omega) - (pidP*e + pidI*integral))
			}
		}
		// Restart at T(z): it becomes both the iterate and the anchor.
		copy(cur.x, tr.x)
		copy(z0.x, tr.x)
		copy(cur.y, tr.y)
		copy(z0.y, tr.y)
		copy(cur.kx, tr.kx)
		copy(z0.kx, tr.kx)
		restarts++
		k = 0
		r0, rPrev = math.Inf(1), math.Inf(1)
	}
}
