package lp

import (
	"fmt"
	"math"
)

// Problem is the linear programme
//
//	minimise cᵀx subject to Ax = b on rows with Eq[i], Ax ≥ b on the others,
//	Lower ≤ x ≤ Upper.
//
// A ≤ row is written as a ≥ row with both sides negated.
type Problem struct {
	A *Matrix   // m×n constraint matrix
	B []float64 // m right-hand sides
	// Eq marks equality rows; nil means every row is an inequality (≥).
	Eq []bool
	C  []float64 // n objective coefficients
	// Lower and Upper are the bounds on x; entries may be -Inf and +Inf.
	// nil Lower means 0 for every variable, nil Upper means +Inf.
	Lower, Upper []float64
}

// check panics on inconsistent shapes and returns the filled-in bounds.
func (p *Problem) check() (m, n int, lower, upper []float64) {
	if p.A == nil {
		panic("lp: nil constraint matrix")
	}
	m, n = p.A.Dims()
	if len(p.B) != m {
		panic(fmt.Sprintf("lp: len(B) = %d, want %d rows", len(p.B), m))
	}
	if p.Eq != nil && len(p.Eq) != m {
		panic(fmt.Sprintf("lp: len(Eq) = %d, want %d rows", len(p.Eq), m))
	}
	if len(p.C) != n {
		panic(fmt.Sprintf("lp: len(C) = %d, want %d columns", len(p.C), n))
	}
	lower, upper = p.Lower, p.Upper
	if lower == nil {
		lower = make([]float64, n)
	}
	if upper == nil {
		upper = make([]float64, n)
		for j := range upper {
			upper[j] = math.Inf(1)
		}
	}
	if len(lower) != n || len(upper) != n {
		panic(fmt.Sprintf("lp: bounds have lengths %d and %d, want %d", len(lower), len(upper), n))
	}
	return m, n, lower, upper
}

// isEq reports whether row i is an equality.
func (p *Problem) isEq(i int) bool { return p.Eq != nil && p.Eq[i] }
