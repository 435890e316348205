package lp

import "math"

// step makes one PDHG step from s.cur with the adaptive step-size rule of
// PDLP: try step η; accept it if η ≤ ‖Δz‖²_ω / (2|ΔyᵀKΔx|), the local
// bound on the inverse Lipschitz constant; in any case move η towards that
// bound. It returns the step size for the next iteration and adds the
// accepted iterate to the running average with weight η.
//
// An iteration is two passes: one over the columns of K (the primal step
// and K·x of it) and one over the rows (the dual step). Kᵀ·y of the
// accepted dual point needs a third, over the columns again, unless fuse:
// then that pass also makes the next iteration's primal step and its K·x,
// with the step size this one returns (if the next iteration rejects that
// step size, it makes the primal step again).
func (s *solver) step(eta, omega float64, attempts *int, fuse bool) float64 {
	for {
		cur, tr := s.cur, s.trial
		tau, sigma := eta/omega, eta*omega
		var dx2 float64
		if s.pending && s.pendingEta == eta {
			dx2 = s.pendingDx2
		} else {
			s.cargs = colArgs{Step: true, Scatter: true, X: cur.x, KTy: cur.kty,
				C: s.c, L: s.l, U: s.u, XN: tr.x, Tau: tau, KX: tr.kx}
			s.pool.run(s.colFn)
			dx2 = s.partSum(0)
		}
		s.pending = false
		s.rargs = rowArgs{Step: true, KX: tr.kx, KXOld: cur.kx, Y: cur.y, TY: tr.y,
			SumY: s.sumY, Sigma: sigma, W: s.yWeight}
		s.pool.run(s.rowFn)
		s.yWeight = 0
		dy2, inter := s.partSum(1), math.Abs(s.partSum(2))
		*attempts++
		movement := 0.5*omega*dx2 + 0.5*dy2/omega
		limit := math.Inf(1)
		if inter > 0 {
			limit = movement / inter
		}
		k := float64(*attempts)
		next := math.Min((1-math.Pow(k+1, -0.3))*limit, (1+math.Pow(k+1, -0.6))*eta)
		if eta <= limit {
			s.cur, s.trial = tr, cur
			s.weightSum += eta
			s.yWeight = eta // added to sumY by the next dual step, or by average
			s.cargs = colArgs{Gather: true, Y: tr.y, KTy: tr.kty, SumX: s.sumX, W: eta, X: tr.x}
			if fuse {
				s.cargs.Step, s.cargs.Scatter = true, true
				s.cargs.C, s.cargs.L, s.cargs.U, s.cargs.XN, s.cargs.Tau, s.cargs.KX = s.c, s.l, s.u, cur.x, next/omega, cur.kx
			}
			s.pool.run(s.colFn)
			if fuse {
				s.pending, s.pendingEta, s.pendingDx2 = true, next, s.partSum(0)
			}
			return next
		}
		eta = next
	}
}

// rowPass runs s.rargs on the rows of part j.
func (s *solver) rowPass(j int) {
	a := &s.rargs
	part := &s.k.parts[j]
	s.k.gatherRemote(j, a.KX)
	if !a.Step {
		return
	}
	kx, kxOld, y, ty, sumY := a.KX, a.KXOld, a.Y, a.TY, a.SumY
	sigma, w, b, eq := a.Sigma, a.W, s.b, s.eq
	var d2, inter float64
	for i := part.r0; i < part.r1; i++ {
		if w != 0 {
			sumY[i] += w * y[i]
		}
		v := y[i] + sigma*(b[i]-2*kx[i]+kxOld[i])
		if v < 0 && !eq[i] {
			v = 0
		}
		ty[i] = v
		d := v - y[i]
		d2 += d * d
		inter += d * (kx[i] - kxOld[i])
	}
	part.sums[1], part.sums[2] = d2, inter
}

// partSum returns the sum over the parts of their sums[k].
func (s *solver) partSum(k int) float64 {
	t := 0.0
	for j := range s.k.parts {
		t += s.k.parts[j].sums[k]
	}
	return t
}

// resetAverage starts a new running average (at a restart).
func (s *solver) resetAverage() {
	clear(s.sumX)
	clear(s.sumY)
	s.weightSum, s.yWeight = 0, 0
}

// average sets s.avg to the running average (the current iterate if none),
// with its products.
func (s *solver) average() {
	if w := s.yWeight; w != 0 {
		s.run.do(s.m, func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				s.sumY[i] += w * s.cur.y[i]
			}
		})
		s.yWeight = 0
	}
	if s.weightSum == 0 {
		s.avg.copyFrom(s.cur)
		return
	}
	f := 1 / s.weightSum
	s.run.do(s.n, func(_, lo, hi int) {
		for j := lo; j < hi; j++ {
			s.avg.x[j] = f * s.sumX[j]
		}
	})
	s.run.do(s.m, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			s.avg.y[i] = f * s.sumY[i]
		}
	})
	s.products(s.avg)
}

func sumEvery(v []float64, stride, off int) float64 {
	s := 0.0
	for i := off; i < len(v); i += stride {
		s += v[i]
	}
	return s
}
