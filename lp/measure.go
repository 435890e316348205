package lp

import "math"

// measure returns the objectives, residuals and gap of it, converted back
// to the unscaled problem (so that they do not depend on the scaling).
func (s *solver) measure(it iterate) Result {
	var pr2, pobj, dobj, dr2 float64
	for i := 0; i < s.m; i++ {
		r := s.b[i] - it.kx[i]
		if !s.eq[i] && r < 0 {
			r = 0
		}
		r /= s.dr[i]
		pr2 += r * r
		dobj += s.b[i] * it.y[i]
	}
	for j := 0; j < s.n; j++ {
		pobj += s.c[j] * it.x[j]
		// Reduced cost in unscaled units; the part the bounds cannot
		// absorb is dual infeasibility.
		v := (s.c[j] - it.kty[j]) / s.dc[j]
		lo, hi := s.l[j]*s.dc[j], s.u[j]*s.dc[j]
		finLo, finHi := !math.IsInf(lo, -1), !math.IsInf(hi, 1)
		var lam float64
		switch {
		case finLo && finHi:
			lam = v
		case finLo:
			lam = math.Max(v, 0)
		case finHi:
			lam = math.Min(v, 0)
		}
		r := v - lam
		dr2 += r * r
		if lam > 0 {
			dobj += lam * lo
		} else if lam < 0 {
			dobj += lam * hi
		}
	}
	return Result{
		PrimalObjective:   pobj,
		DualObjective:     dobj,
		RelPrimalResidual: math.Sqrt(pr2) / (1 + s.normB),
		RelDualResidual:   math.Sqrt(dr2) / (1 + s.normC),
		RelGap:            math.Abs(pobj-dobj) / (1 + math.Abs(pobj) + math.Abs(dobj)),
	}
}

// normalisedGap returns ρ(r; z) of the PDLP paper for the iterate z = it
// and r = ‖z − z_start‖_ω: the largest value of the Lagrangian gap
// L(x, ŷ) − L(x̂, y) over the points ẑ of the feasible box within distance r
// of z, divided by r. The gap is linear in ẑ − z with gradient
// g = (Kᵀy − c, b − Kx), so the maximiser is the projection of z + t·W⁻¹g on
// the box for the t at which it lies at distance r; t is found by bisection.
func (s *solver) normalisedGap(it iterate, omega float64) float64 {
	r := math.Sqrt(omega*sq(dist2(it.x, s.start.x)) + sq(dist2(it.y, s.start.y))/omega)
	if r == 0 || math.IsNaN(r) {
		return 0
	}
	// eval returns the squared ω-norm of the step and the gap at t; the
	// passes are split across goroutines like the iteration's.
	parts := make([]float64, 2*(s.run.parts(s.n)+s.run.parts(s.m)))
	eval := func(t float64) (n2, val float64) {
		clear(parts)
		off := 2 * s.run.parts(s.n)
		s.run.do(s.n, func(part, lo, hi int) {
			var n2, val float64
			for j := lo; j < hi; j++ {
				g := it.kty[j] - s.c[j]
				d := clamp(t*g/omega, s.l[j]-it.x[j], s.u[j]-it.x[j])
				n2 += omega * d * d
				val += g * d
			}
			parts[2*part], parts[2*part+1] = n2, val
		})
		s.run.do(s.m, func(part, lo, hi int) {
			var n2, val float64
			for i := lo; i < hi; i++ {
				g := s.b[i] - it.kx[i]
				d := t * omega * g
				if !s.eq[i] && d < -it.y[i] {
					d = -it.y[i]
				}
				n2 += d * d / omega
				val += g * d
			}
			parts[off+2*part], parts[off+2*part+1] = n2, val
		})
		return sumEvery(parts, 2, 0), sumEvery(parts, 2, 1)
	}
	var gg float64
	for j := 0; j < s.n; j++ {
		g := it.kty[j] - s.c[j]
		gg += g * g / omega
	}
	for i := 0; i < s.m; i++ {
		g := s.b[i] - it.kx[i]
		gg += omega * g * g
	}
	if gg == 0 {
		return 0
	}
	r2 := r * r
	// Without the box the step t·W⁻¹g has norm t·√gg; the box only shortens
	// it, so t = r/√gg is a lower bound.
	lo := r / math.Sqrt(gg)
	n2, val := eval(lo)
	if n2 >= r2*(1-1e-9) {
		return val / r
	}
	hi := 2 * lo
	for k := 0; k < 64; k++ {
		n2, val = eval(hi)
		if n2 >= r2 {
			break
		}
		lo, hi = hi, 2*hi
	}
	if n2 < r2 {
		return val / r // the whole box lies within the ball
	}
	for k := 0; k < 30 && hi-lo > 1e-3*hi; k++ {
		mid := 0.5 * (lo + hi)
		if n2, _ := eval(mid); n2 < r2 {
			lo = mid
		} else {
			hi = mid
		}
	}
	_, val = eval(lo)
	return val / r
}

func sq(x float64) float64 { return x * x }

// certificates looks for rays proving infeasibility or unboundedness in the
// difference between the current iterate (x, y) and the last restart point
// (x0, y0): when the problem has no solution, PDHG's iterates diverge along
// such a ray.
func (s *solver) certificates(x, y, x0, y0 []float64) error {
	// Dual ray y (≥ 0 on inequality rows): infeasible if sup over the box of
	// (Kᵀy)ᵀx is below bᵀy, since every feasible x has yᵀKx ≥ yᵀb.
	ry := s.tmpM
	var ny float64
	for i := range ry {
		d := y[i] - y0[i]
		if !s.eq[i] && d < 0 {
			d = 0
		}
		ry[i] = d
		ny += d * d
	}
	if ny > 0 {
		g := s.tmpN
		s.mulT(g, ry)
		obj, viol := dot(s.b, ry), 0.0
		for j, gj := range g {
			switch {
			case gj > 0 && math.IsInf(s.u[j], 1), gj < 0 && math.IsInf(s.l[j], -1):
				viol += gj * gj
			case gj > 0:
				obj -= gj * s.u[j]
			case gj < 0:
				obj -= gj * s.l[j]
			}
		}
		if obj > 1e-6*math.Sqrt(ny)*(1+norm2(s.b)) && math.Sqrt(viol) <= epsInfeasible*obj {
			return ErrInfeasible
		}
	}
	// Primal ray d in the recession cone of the box with Kd ≥ 0 (= 0 on
	// equality rows) and cᵀd < 0: unbounded.
	rx := s.tmpN
	var nx float64
	for j := range rx {
		d := x[j] - x0[j]
		finLo, finHi := !math.IsInf(s.l[j], -1), !math.IsInf(s.u[j], 1)
		switch {
		case finLo && finHi:
			d = 0
		case finLo:
			d = math.Max(d, 0)
		case finHi:
			d = math.Min(d, 0)
		}
		rx[j] = d
		nx += d * d
	}
	if nx > 0 {
		obj := dot(s.c, rx)
		if obj < -1e-6*math.Sqrt(nx)*(1+norm2(s.c)) {
			kd := s.tmpM
			s.mul(kd, rx)
			viol := 0.0
			for i, v := range kd {
				if s.eq[i] || v < 0 {
					viol += v * v
				}
			}
			if math.Sqrt(viol) <= -epsInfeasible*obj {
				return ErrUnbounded
			}
		}
	}
	return nil
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
