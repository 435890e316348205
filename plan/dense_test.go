package plan_test

import (
	"fmt"
	"math"

	"commune/plan"
)

// denseSolve solves M x = b by Gaussian elimination with partial
// pivoting: the reference the iterative solvers are checked against.
func denseSolve(m [][]float64, b []float64) ([]float64, error) {
	n := len(b)
	a := make([][]float64, n)
	for i := range a {
		a[i] = append(append([]float64(nil), m[i]...), b[i])
	}
	for k := 0; k < n; k++ {
		p := k
		for i := k + 1; i < n; i++ {
			if math.Abs(a[i][k]) > math.Abs(a[p][k]) {
				p = i
			}
		}
		if a[p][k] == 0 {
			return nil, fmt.Errorf("singular at column %d", k)
		}
		a[k], a[p] = a[p], a[k]
		for i := k + 1; i < n; i++ {
			f := a[i][k] / a[k][k]
			if f == 0 {
				continue
			}
			for j := k; j <= n; j++ {
				a[i][j] -= f * a[k][j]
			}
		}
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := a[i][n]
		for j := i + 1; j < n; j++ {
			s -= a[i][j] * x[j]
		}
		x[i] = s / a[i][i]
	}
	return x, nil
}

// denseValues solves (I − Aᵀ) v = l densely.
func denseValues(e *plan.Economy) ([]float64, error) {
	n := len(e.Products)
	m := make([][]float64, n)
	for j := range m {
		m[j] = make([]float64, n)
		m[j][j] = 1
		for k := e.A.ColPtr[j]; k < e.A.ColPtr[j+1]; k++ {
			m[j][e.A.RowInd[k]] -= e.A.Val[k]
		}
	}
	return denseSolve(m, e.Labour)
}

// denseOutputs solves (I − A) x = d densely.
func denseOutputs(e *plan.Economy) ([]float64, error) {
	n := len(e.Products)
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		m[i][i] = 1
	}
	for j := 0; j < n; j++ {
		for k := e.A.ColPtr[j]; k < e.A.ColPtr[j+1]; k++ {
			m[e.A.RowInd[k]][j] -= e.A.Val[k]
		}
	}
	return denseSolve(m, e.Need())
}

// maxRelDiff returns max |got−want| / max|want|.
func maxRelDiff(got, want []float64) float64 {
	var d, s float64
	for i := range want {
		d = math.Max(d, math.Abs(got[i]-want[i]))
		s = math.Max(s, math.Abs(want[i]))
	}
	return d / s
}
