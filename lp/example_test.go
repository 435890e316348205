package lp_test

import (
	"errors"
	"fmt"
	"math"

	"commune/lp"
)

// A workshop makes chairs (x₀) and tables (x₁): minimise the labour
// 2x₀ + 5x₁ while delivering at least 10 pieces of furniture, 3 of them
// tables, and at most 8 chairs.
func ExampleSolve() {
	a := lp.FromTriplets(2, 2,
		[]int{0, 0, 1},
		[]int{0, 1, 1},
		[]float64{1, 1, 1})
	p := &lp.Problem{
		A:     a,
		B:     []float64{10, 3},          // x₀ + x₁ ≥ 10, x₁ ≥ 3
		C:     []float64{2, 5},           // hours per piece
		Upper: []float64{8, math.Inf(1)}, // x₀ ≤ 8
	}
	x, y := make([]float64, 2), make([]float64, 2)
	res, err := lp.Solve(x, y, p, &lp.Settings{Tol: 1e-9})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("chairs %.4f, tables %.4f, labour %.4f\n", x[0], x[1], res.PrimalObjective)
	fmt.Printf("an 11th piece would cost %.4f hours\n", y[0])
	// Output:
	// chairs 7.0000, tables 3.0000, labour 29.0000
	// an 11th piece would cost 2.0000 hours
}

// Solve reports infeasibility as an error that wraps ErrInfeasible.
func ExampleSolve_infeasible() {
	a := lp.FromTriplets(2, 1, []int{0, 1}, []int{0, 0}, []float64{1, -1})
	p := &lp.Problem{A: a, B: []float64{2, -1}, C: []float64{1}} // x ≥ 2 and x ≤ 1
	x, y := make([]float64, 1), make([]float64, 2)
	_, err := lp.Solve(x, y, p, nil)
	fmt.Println(err != nil, errors.Is(err, lp.ErrInfeasible))
	// Output: true true
}

// Both methods solve the same problem to the same answer; Halpern, the
// default, usually in fewer iterations on large problems.
func ExampleSolve_method() {
	a := lp.FromTriplets(2, 2, []int{0, 0, 1}, []int{0, 1, 1}, []float64{1, 1, 1})
	p := &lp.Problem{A: a, B: []float64{10, 3}, C: []float64{2, 5}, Upper: []float64{8, math.Inf(1)}}
	for _, m := range []lp.Method{lp.Halpern, lp.Adaptive} {
		x, y := make([]float64, 2), make([]float64, 2)
		res, err := lp.Solve(x, y, p, &lp.Settings{Tol: 1e-9, Method: m})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("labour %.4f\n", res.PrimalObjective)
	}
	// Output:
	// labour 29.0000
	// labour 29.0000
}
