package sparse

import (
	"fmt"
	"math"
)

// bicgstab solves (I − M)x = b by van der Vorst's BiCGSTAB (1992). The
// recursive residual drifts from the true one in floating point, so
// convergence is confirmed with the true residual (one more product) and
// the method restarts from there if it is not met.
func bicgstab(m Operator, b, x []float64, bn float64, s Settings) (Result, error) {
	n := len(b)
	res := Result{Method: BiCGSTAB}
	r, rh, p, v, t := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	// apply sets dst = (I − M) src, with dst as the scratch for M src.
	apply := func(dst, src []float64) {
		m.MulVec(dst, src)
		res.Products++
		vec(func(i int) { dst[i] = src[i] - dst[i] }, n)
	}
	restarts := 0
restart:
	apply(r, x)
	vec(func(i int) { r[i] = b[i] - r[i] }, n)
	res.Residual = normInf(r) / math.Max(bn, normInf(x))
	if res.Residual <= s.Tol {
		return res, nil
	}
	if restarts > 5 {
		return res, fmt.Errorf("bicgstab: residual %.3g after %d restarts: %w", res.Residual, restarts, ErrNoConvergence)
	}
	copy(rh, r)
	clear(p)
	clear(v)
	rho, alpha, omega := 1.0, 1.0, 1.0
	for res.Products < s.MaxIter {
		rhoNew := dot(rh, r)
		if rhoNew == 0 || omega == 0 || math.IsNaN(rhoNew) {
			restarts++
			goto restart
		}
		beta := (rhoNew / rho) * (alpha / omega)
		rho = rhoNew
		vec(func(i int) { p[i] = r[i] + beta*(p[i]-omega*v[i]) }, n)
		apply(v, p)
		d := dot(rh, v)
		if d == 0 || math.IsNaN(d) {
			restarts++
			goto restart
		}
		alpha = rho / d
		// s = r − αv, kept in r.
		vec(func(i int) { r[i] -= alpha * v[i] }, n)
		if normInf(r)/math.Max(bn, normInf(x)) <= s.Tol {
			vec(func(i int) { x[i] += alpha * p[i] }, n)
			restarts++
			goto restart // confirm with the true residual
		}
		apply(t, r)
		tt := dot(t, t)
		if tt == 0 || math.IsNaN(tt) {
			restarts++
			goto restart
		}
		omega = dot(t, r) / tt
		vec(func(i int) {
			x[i] += alpha*p[i] + omega*r[i]
			r[i] -= omega * t[i]
		}, n)
		res.Residual = normInf(r) / math.Max(bn, normInf(x))
		if s.Progress != nil {
			s.Progress(res.Products, res.Residual)
		}
		if math.IsNaN(res.Residual) || math.IsInf(res.Residual, 0) {
			return res, fmt.Errorf("bicgstab: residual not finite after %d products: %w", res.Products, ErrNoConvergence)
		}
		if res.Residual <= s.Tol {
			restarts++
			goto restart // confirm with the true residual
		}
	}
	return res, fmt.Errorf("bicgstab: residual %.3g after %d products: %w", res.Residual, res.Products, ErrNoConvergence)
}

// vec runs f(i) for i in 0..n, in parallel for long vectors.
func vec(f func(i int), n int) {
	run(evenCuts(n), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			f(i)
		}
	})
}

// dot returns x·y, summing in parallel for long vectors.
func dot(x, y []float64) float64 {
	cuts := evenCuts(len(x))
	part := make([]float64, len(cuts)-1)
	run(cuts, func(t, lo, hi int) {
		var s float64
		for i := lo; i < hi; i++ {
			s += x[i] * y[i]
		}
		part[t] = s
	})
	var s float64
	for _, v := range part {
		s += v
	}
	return s
}
