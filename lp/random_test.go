package lp

import (
	"math"
	"math/rand/v2"
)

// RandomProblem returns a feasible, bounded problem with m rows and n
// columns: b is built from a known feasible point and c from a known
// feasible dual point, so an optimum exists.
func RandomProblem(rng *rand.Rand, m, n, perRow int, eqFrac float64) *Problem {
	var ri, ci []int
	var v []float64
	for i := 0; i < m; i++ {
		for k := 0; k < perRow; k++ {
			ri = append(ri, i)
			ci = append(ci, rng.IntN(n))
			v = append(v, rng.NormFloat64())
		}
	}
	a := FromTriplets(m, n, ri, ci, v)
	lower, upper := make([]float64, n), make([]float64, n)
	x0 := make([]float64, n)
	for j := 0; j < n; j++ {
		switch rng.IntN(4) {
		case 0:
			lower[j], upper[j] = -math.Inf(1), math.Inf(1)
			x0[j] = rng.NormFloat64()
		case 1:
			upper[j] = 1 + 4*rng.Float64()
			x0[j] = upper[j] * rng.Float64()
		default:
			upper[j] = math.Inf(1)
			x0[j] = 3 * rng.Float64()
		}
	}
	ax := make([]float64, m)
	a.MulVec(ax, x0)
	eq := make([]bool, m)
	b := make([]float64, m)
	y0 := make([]float64, m)
	for i := 0; i < m; i++ {
		eq[i] = rng.Float64() < eqFrac
		b[i] = ax[i]
		if eq[i] {
			y0[i] = rng.NormFloat64()
		} else {
			b[i] -= rng.Float64() * float64(rng.IntN(2))
			y0[i] = rng.Float64() * float64(rng.IntN(2))
		}
	}
	c := make([]float64, n)
	a.T().MulVec(c, y0)
	for j := 0; j < n; j++ {
		switch {
		case math.IsInf(lower[j], -1) && math.IsInf(upper[j], 1):
		case math.IsInf(upper[j], 1):
			c[j] += rng.Float64() * float64(rng.IntN(2))
		default:
			c[j] += rng.NormFloat64()
		}
	}
	return &Problem{A: a, B: b, Eq: eq, C: c, Lower: lower, Upper: upper}
}
