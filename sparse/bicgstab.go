package sparse

import (
	"fmt"
	"math"
)

// bicgstab solves (I − M)x = b by van der Vorst's BiCGSTAB (1992). The
// recursive residual drifts from the true one in floating point, so
// convergence is confirmed with the true residual (one more product) and
// the method restarts from there if it is not met.
//
// Each step makes five passes over the vectors (see fused.go): the
// search direction; v = (I − M)p with rh·v; s = r − αv with its norm;
// t = (I − M)s with t·t and t·s; and the update of x and r with their
// norms and the next rh·r.
func bicgstab(m Operator, b, x []float64, bn float64, s Settings) (Result, error) {
	n := len(b)
	res := Result{Method: BiCGSTAB}
	r, rh, p, v, t := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	restarts := 0
restart:
	// r = b − (I − M)x; from x = 0 (a cold start) that is b, and the
	// product, 1 in 19 of a solve at 10^7 products, is not needed.
	xn := normInf(x)
	if xn == 0 {
		copy(r, b)
	} else {
		subMulDot(m, r, x, nil, false)
		res.Products++
		vec(func(i int) { r[i] = b[i] - r[i] }, n)
	}
	res.Residual = normInf(r) / math.Max(bn, xn)
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
	rhoNew := dot(rh, r)
	for res.Products < s.MaxIter {
		if rhoNew == 0 || omega == 0 || math.IsNaN(rhoNew) {
			restarts++
			goto restart
		}
		beta := (rhoNew / rho) * (alpha / omega)
		rho = rhoNew
		vec(func(i int) { p[i] = r[i] + beta*(p[i]-omega*v[i]) }, n)
		d, _ := subMulDot(m, v, p, rh, false)
		res.Products++
		if d == 0 || math.IsNaN(d) {
			restarts++
			goto restart
		}
		alpha = rho / d
		// s = r − αv, kept in r.
		if axpyNorm(r, -alpha, v)/math.Max(bn, xn) <= s.Tol {
			vec(func(i int) { x[i] += alpha * p[i] }, n)
			restarts++
			goto restart // confirm with the true residual
		}
		ts, tt := subMulDot(m, t, r, r, true)
		res.Products++
		if tt == 0 || math.IsNaN(tt) {
			restarts++
			goto restart
		}
		omega = ts / tt
		var rn float64
		rn, xn, rhoNew = closeStep(x, r, p, t, rh, alpha, omega)
		res.Residual = rn / math.Max(bn, xn)
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
