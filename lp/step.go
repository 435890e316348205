package lp

import "math"

// step makes one PDHG step from s.cur with the adaptive step-size rule of
// PDLP: try step η; accept it if η ≤ ‖Δz‖²_ω / (2|ΔyᵀKΔx|), the local
// bound on the inverse Lipschitz constant; in any case move η towards that
// bound. It returns the step size for the next iteration and adds the
// accepted iterate to the running average with weight η.
func (s *solver) step(eta, omega float64, attempts *int) float64 {
	cur, tr := s.cur, s.trial
	for {
		tau, sigma := eta/omega, eta*omega
		parts := s.parts[:3*s.pool.parts(max(s.n, s.m))]
		clear(parts)
		s.pool.do(s.n, func(part, lo, hi int) {
			d2 := 0.0
			for j := lo; j < hi; j++ {
				v := clamp(cur.x[j]-tau*(s.c[j]-cur.kty[j]), s.l[j], s.u[j])
				tr.x[j] = v
				d := v - cur.x[j]
				d2 += d * d
			}
			parts[3*part] = d2
		})
		dx2 := sumEvery(parts, 3, 0)
		clear(parts)
		s.pool.mul(s.k, tr.kx, tr.x)
		s.pool.do(s.m, func(part, lo, hi int) {
			d2, inter := 0.0, 0.0
			for i := lo; i < hi; i++ {
				v := cur.y[i] + sigma*(s.b[i]-2*tr.kx[i]+cur.kx[i])
				if !s.eq[i] && v < 0 {
					v = 0
				}
				tr.y[i] = v
				d := v - cur.y[i]
				d2 += d * d
				inter += d * (tr.kx[i] - cur.kx[i])
			}
			parts[3*part+1], parts[3*part+2] = d2, inter
		})
		dy2, inter := sumEvery(parts, 3, 1), math.Abs(sumEvery(parts, 3, 2))
		*attempts++
		movement := 0.5*omega*dx2 + 0.5*dy2/omega
		limit := math.Inf(1)
		if inter > 0 {
			limit = movement / inter
		}
		k := float64(*attempts)
		next := math.Min((1-math.Pow(k+1, -0.3))*limit, (1+math.Pow(k+1, -0.6))*eta)
		if eta <= limit {
			s.pool.mul(s.kt, tr.kty, tr.y)
			s.cur, s.trial = tr, cur
			s.accumulate(eta)
			return next
		}
		eta = next
	}
}

func sumEvery(v []float64, stride, off int) float64 {
	s := 0.0
	for i := off; i < len(v); i += stride {
		s += v[i]
	}
	return s
}

// resetAverage starts a new running average (at a restart).
func (s *solver) resetAverage() {
	clear(s.sumX)
	clear(s.sumY)
	clear(s.sumKx)
	clear(s.sumKty)
	s.weightSum = 0
}

// accumulate adds the current iterate with weight w to the running average.
func (s *solver) accumulate(w float64) {
	cur := s.cur
	s.pool.do(s.n, func(_, lo, hi int) {
		for j := lo; j < hi; j++ {
			s.sumX[j] += w * cur.x[j]
			s.sumKty[j] += w * cur.kty[j]
		}
	})
	s.pool.do(s.m, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			s.sumY[i] += w * cur.y[i]
			s.sumKx[i] += w * cur.kx[i]
		}
	})
	s.weightSum += w
}

// average sets s.avg to the running average (the current iterate if none).
func (s *solver) average() {
	if s.weightSum == 0 {
		s.avg.copyFrom(s.cur)
		return
	}
	f := 1 / s.weightSum
	s.pool.do(s.n, func(_, lo, hi int) {
		for j := lo; j < hi; j++ {
			s.avg.x[j] = f * s.sumX[j]
			s.avg.kty[j] = f * s.sumKty[j]
		}
	})
	s.pool.do(s.m, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			s.avg.y[i] = f * s.sumY[i]
			s.avg.kx[i] = f * s.sumKx[i]
		}
	})
}
