package sparse

import (
	"errors"
	"fmt"
	"math"
)

// ErrNoConvergence is returned (wrapped) when an iterative solve stops
// before reaching its tolerance.
var ErrNoConvergence = errors.New("no convergence")

// Method names an iterative method for x = Mx + b.
type Method int

const (
	// Auto runs BiCGSTAB on (I − M), and falls back to the Neumann
	// series if BiCGSTAB breaks down or stalls.
	Auto Method = iota
	// Neumann iterates x ← Mx + b (Jacobi on I − M with unit diagonal):
	// one product per step, converging at the rate of M's spectral radius.
	Neumann
	// BiCGSTAB is van der Vorst's stabilised bi-conjugate gradient method
	// on (I − M): two products per step, fewer steps when M's spectrum is
	// clustered, as it is in input-output matrices.
	BiCGSTAB
)

// String returns the method's name as the --method flag spells it.
func (m Method) String() string {
	switch m {
	case Neumann:
		return "neumann"
	case BiCGSTAB:
		return "bicgstab"
	}
	return "auto"
}

// Settings controls an iterative solve. The zero value asks for the
// defaults.
type Settings struct {
	Method  Method
	Tol     float64 // relative residual to reach (see Result.Residual); default 1e-12
	MaxIter int     // default 10000 products with M
	// Progress, when set, is called after every step with the number of
	// products with M so far and the relative residual.
	Progress func(products int, residual float64)
}

// Result reports how a solve went.
type Result struct {
	Method   Method
	Products int // products with M computed
	// Residual is the relative residual reached:
	// ‖b + Mx − x‖∞ / max(‖b‖∞, ‖x‖∞). Relative to x as well as b
	// because x can be far larger than b (the gross output of energy,
	// used by every product, is many times any final need), and then
	// rounding in Mx alone leaves a residual of about ε‖x‖∞.
	Residual float64
}

func (s Settings) withDefaults() Settings {
	if s.Tol <= 0 {
		s.Tol = 1e-12
	}
	if s.MaxIter <= 0 {
		s.MaxIter = 10000
	}
	return s
}

// Solve solves x = Mx + b, that is (I − M)x = b, for a square M whose
// spectral radius is below 1, starting from the x given (zeros are a
// fine start). It stops when the relative residual (see Result) is at
// most settings.Tol, and returns an error wrapping ErrNoConvergence
// otherwise.
// It panics on shape mismatch.
func Solve(m Operator, b, x []float64, settings Settings) (Result, error) {
	r, c := m.Dims()
	if r != c || len(b) != r || len(x) != r {
		panic(fmt.Sprintf("sparse: Solve shape mismatch: %d×%d operator, len(b)=%d, len(x)=%d", r, c, len(b), len(x)))
	}
	s := settings.withDefaults()
	bn := normInf(b)
	if bn == 0 {
		clear(x)
		return Result{Method: s.Method}, nil
	}
	switch s.Method {
	case Neumann:
		return neumann(m, b, x, bn, s, 0)
	case BiCGSTAB:
		return bicgstab(m, b, x, bn, s)
	}
	res, err := bicgstab(m, b, x, bn, s)
	if err == nil {
		return res, nil
	}
	// BiCGSTAB stalled or broke down: the Neumann series converges for
	// every M with spectral radius below 1, only more slowly. It goes on
	// from BiCGSTAB's x unless that is not finite.
	if xn := normInf(x); math.IsNaN(xn) || math.IsInf(xn, 0) {
		clear(x)
	}
	res2, err2 := neumann(m, b, x, bn, s, res.Products)
	res2.Method = Auto
	return res2, err2
}

// neumann iterates x ← Mx + b. Its residual b + Mx − x is exactly the
// step, so checking it costs nothing; the x returned is the one after
// the last step, whose residual is M times the last one reported.
func neumann(m Operator, b, x []float64, bn float64, s Settings, done int) (Result, error) {
	n := len(b)
	y := make([]float64, n)
	res := Result{Method: Neumann, Products: done}
	if normInf(x) == 0 {
		copy(x, b) // the first step from 0, without its product with M·0
	}
	prev := math.Inf(1)
	growing := 0
	for res.Products < s.MaxIter {
		m.MulVec(y, x)
		res.Products++
		rn, xn := update(x, y, b)
		res.Residual = rn / math.Max(bn, xn)
		if s.Progress != nil {
			s.Progress(res.Products, res.Residual)
		}
		if math.IsNaN(res.Residual) || math.IsInf(res.Residual, 0) {
			return res, fmt.Errorf("neumann: residual not finite after %d steps: %w", res.Products, ErrNoConvergence)
		}
		if res.Residual <= s.Tol {
			return res, nil
		}
		if rn >= prev {
			growing++
			if growing > 50 {
				return res, fmt.Errorf("neumann: residual %.3g growing after %d steps (spectral radius ≥ 1?): %w", res.Residual, res.Products, ErrNoConvergence)
			}
		} else {
			growing = 0
		}
		prev = rn
	}
	return res, fmt.Errorf("neumann: residual %.3g after %d steps: %w", res.Residual, res.Products, ErrNoConvergence)
}

// update sets x = y + b and returns ‖y + b − x_old‖∞ and ‖x_old‖∞, in
// parallel.
func update(x, y, b []float64) (step, xn float64) {
	cuts := evenCuts(len(x))
	norms := make([]float64, 2*(len(cuts)-1))
	run(cuts, func(t, lo, hi int) {
		var mx, mxx float64
		xs, ys, bs := x[lo:hi], y[lo:hi], b[lo:hi]
		for i := range xs {
			v := ys[i] + bs[i]
			if d := math.Abs(v - xs[i]); d > mx || d != d {
				mx = d
			}
			if a := math.Abs(xs[i]); a > mxx {
				mxx = a
			}
			xs[i] = v
		}
		norms[2*t], norms[2*t+1] = mx, mxx
	})
	for t := 0; t < len(norms); t += 2 {
		step = math.Max(step, norms[t])
		if norms[t] != norms[t] {
			step = norms[t]
		}
		xn = math.Max(xn, norms[t+1])
	}
	return step, xn
}

// evenCuts splits 0..n into ranges for the vector kernels.
func evenCuts(n int) []int {
	w := workers(n / 4)
	cuts := make([]int, w+1)
	for t := range cuts {
		cuts[t] = n * t / w
	}
	return cuts
}

func normInf(v []float64) float64 {
	var mx float64
	for _, x := range v {
		if a := math.Abs(x); a > mx || a != a {
			mx = a
		}
	}
	return mx
}
