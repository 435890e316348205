package sparse_test

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"commune/sparse"
)

func toDense(m *sparse.CSC) [][]float64 {
	d := make([][]float64, m.Rows)
	for i := range d {
		d[i] = make([]float64, m.Cols)
	}
	for j := 0; j < m.Cols; j++ {
		for k := m.ColPtr[j]; k < m.ColPtr[j+1]; k++ {
			d[m.RowInd[k]][j] += m.Val[k]
		}
	}
	return d
}

func denseMul(d [][]float64, x []float64) []float64 {
	y := make([]float64, len(d))
	for i := range d {
		for j, v := range d[i] {
			y[i] += v * x[j]
		}
	}
	return y
}

var approx = cmpopts.EquateApprox(1e-12, 1e-12)

// TestMulVec checks every product against dense arithmetic, on sizes
// below and above the parallel threshold, square and not.
func TestMulVec(t *testing.T) {
	for _, n := range []int{1, 7, 300, 20000} {
		m := randomCSC(n, 6, uint64(n)) // 120,000 entries at 20,000: parallel
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i%13) - 4
		}
		want, wantT := entryMul(m, x)
		got := make([]float64, n)
		m.MulVec(got, x)
		if diff := cmp.Diff(want, got, approx); diff != "" {
			t.Errorf("n=%d CSC.MulVec (-want +got):\n%s", n, diff)
		}
		sparse.NewColumnOperator(m).MulVec(got, x)
		if diff := cmp.Diff(want, got, approx); diff != "" {
			t.Errorf("n=%d ColumnOperator (-want +got):\n%s", n, diff)
		}
		m.ToCSR().MulVec(got, x)
		if diff := cmp.Diff(want, got, approx); diff != "" {
			t.Errorf("n=%d ToCSR().MulVec (-want +got):\n%s", n, diff)
		}
		m.T().MulVec(got, x)
		if diff := cmp.Diff(wantT, got, approx); diff != "" {
			t.Errorf("n=%d T().MulVec (-want +got):\n%s", n, diff)
		}
		if n <= 300 {
			if diff := cmp.Diff(toDense(m), toDense(m.ToCSR().ToCSC())); diff != "" {
				t.Errorf("n=%d CSC→CSR→CSC changed the matrix:\n%s", n, diff)
			}
		}
	}
	// Rectangular: 2 × 3.
	m := &sparse.CSC{Rows: 2, Cols: 3, ColPtr: []int64{0, 1, 1, 3}, RowInd: []int32{1, 0, 1}, Val: []float64{2, 3, 4}}
	got := make([]float64, 2)
	m.MulVec(got, []float64{1, 10, 100})
	if diff := cmp.Diff([]float64{300, 402}, got); diff != "" {
		t.Errorf("rectangular (-want +got):\n%s", diff)
	}
	gotT := make([]float64, 3)
	m.T().MulVec(gotT, []float64{1, 10})
	if diff := cmp.Diff([]float64{20, 0, 43}, gotT); diff != "" {
		t.Errorf("rectangular transposed (-want +got):\n%s", diff)
	}
	if m.At(1, 2) != 4 || m.ToCSR().At(0, 2) != 3 {
		t.Errorf("At: %v %v", m.At(1, 2), m.ToCSR().At(0, 2))
	}
}

// entryMul computes m x and mᵀ x entry by entry, the plainest way.
func entryMul(m *sparse.CSC, x []float64) (y, yt []float64) {
	y, yt = make([]float64, m.Rows), make([]float64, m.Cols)
	for j := 0; j < m.Cols; j++ {
		for k := m.ColPtr[j]; k < m.ColPtr[j+1]; k++ {
			y[m.RowInd[k]] += m.Val[k] * x[j]
			yt[j] += m.Val[k] * x[m.RowInd[k]]
		}
	}
	return y, yt
}

func TestMulVecShapePanics(t *testing.T) {
	m := &sparse.CSC{Rows: 2, Cols: 3, ColPtr: []int64{0, 0, 0, 0}}
	for name, f := range map[string]func(){
		"CSC":    func() { m.MulVec(make([]float64, 3), make([]float64, 3)) },
		"CSR":    func() { m.ToCSR().MulVec(make([]float64, 2), make([]float64, 2)) },
		"column": func() { sparse.NewColumnOperator(m).MulVec(make([]float64, 2), make([]float64, 2)) },
		"solve":  func() { sparse.Solve(m.T(), make([]float64, 3), make([]float64, 3), sparse.Settings{}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic on shape mismatch", name)
				}
			}()
			f()
		}()
	}
}

// TestSolve checks both methods against the dense solution of
// (I − M)x = b, and that an M with spectral radius ≥ 1 is an error.
func TestSolve(t *testing.T) {
	for _, n := range []int{1, 50, 400} {
		m := randomCSC(n, 5, uint64(n)+3)
		d := toDense(m)
		b := make([]float64, n)
		for i := range b {
			b[i] = 1 + float64(i%7)
		}
		// Reference: Neumann series summed far past convergence.
		want := make([]float64, n)
		copy(want, b)
		term := append([]float64(nil), b...)
		for k := 0; k < 400; k++ {
			term = denseMul(d, term)
			for i := range want {
				want[i] += term[i]
			}
		}
		for _, meth := range []sparse.Method{sparse.Auto, sparse.Neumann, sparse.BiCGSTAB} {
			x := make([]float64, n)
			res, err := sparse.Solve(m.ToCSR(), b, x, sparse.Settings{Method: meth})
			if err != nil {
				t.Fatalf("n=%d %s: %v", n, meth, err)
			}
			if res.Residual > 1e-12 {
				t.Errorf("n=%d %s: residual %g", n, meth, res.Residual)
			}
			// The residual reported is the true one.
			mx := denseMul(d, x)
			var r, bn float64
			for i := range x {
				r = math.Max(r, math.Abs(b[i]+mx[i]-x[i]))
				bn = math.Max(bn, math.Max(math.Abs(b[i]), math.Abs(x[i])))
			}
			if r/bn > 1e-12 {
				t.Errorf("n=%d %s: true residual %g", n, meth, r/bn)
			}
			if diff := cmp.Diff(want, x, cmpopts.EquateApprox(1e-10, 0)); diff != "" {
				t.Errorf("n=%d %s (-want +got):\n%s", n, meth, diff)
			}
		}
	}
	// Spectral radius 1.5: no solution of the iteration; an error, not a panic.
	m := &sparse.CSC{Rows: 2, Cols: 2, ColPtr: []int64{0, 1, 2}, RowInd: []int32{1, 0}, Val: []float64{1.5, 1.5}}
	for _, meth := range []sparse.Method{sparse.Neumann, sparse.Auto} {
		_, err := sparse.Solve(m, []float64{1, 1}, make([]float64, 2), sparse.Settings{Method: meth, MaxIter: 500})
		if !errors.Is(err, sparse.ErrNoConvergence) && meth == sparse.Neumann {
			t.Errorf("%s: err = %v, want ErrNoConvergence", meth, err)
		}
	}
	// Too few steps allowed is also ErrNoConvergence.
	big := randomCSC(100, 5, 9)
	_, err := sparse.Solve(big.ToCSR(), make100(), make([]float64, 100), sparse.Settings{Method: sparse.Neumann, MaxIter: 3})
	if !errors.Is(err, sparse.ErrNoConvergence) {
		t.Errorf("MaxIter 3: err = %v, want ErrNoConvergence", err)
	}
}

func make100() []float64 {
	b := make([]float64, 100)
	for i := range b {
		b[i] = 1
	}
	return b
}

// TestSolveLarge solves one system of 10^5 unknowns (above the parallel
// threshold) with each kind of operator — rows (the fused kernel of
// CSR), columns on every core (ColumnOperator's) and a plain Operator
// (CSC, the generic path) — and checks the true residual of each and
// that they agree.
func TestSolveLarge(t *testing.T) {
	const n = 100000
	m := randomCSC(n, 12, 11)
	b := make([]float64, n)
	for i := range b {
		b[i] = 1 + float64(i%13)
	}
	ops := []struct {
		name string
		op   sparse.Operator
	}{
		{"CSR", m.ToCSR()},
		{"ColumnOperator", sparse.NewColumnOperator(m)},
		{"ColumnOperator after MulVec", func() sparse.Operator {
			op := sparse.NewColumnOperator(m)
			op.MulVec(make([]float64, n), b) // leaves its buffers used
			return op
		}()},
		{"CSC", m},
	}
	var first []float64
	for _, o := range ops {
		x := make([]float64, n)
		res, err := sparse.Solve(o.op, b, x, sparse.Settings{Method: sparse.BiCGSTAB})
		if err != nil {
			t.Fatalf("%s: %v", o.name, err)
		}
		mx := make([]float64, n)
		m.MulVec(mx, x)
		var r, bn float64
		for i := range x {
			r = math.Max(r, math.Abs(b[i]+mx[i]-x[i]))
			bn = math.Max(bn, math.Max(math.Abs(b[i]), math.Abs(x[i])))
		}
		if r/bn > 1e-12 || res.Residual > 1e-12 {
			t.Errorf("%s: true residual %g, reported %g", o.name, r/bn, res.Residual)
		}
		if first == nil {
			first = x
			continue
		}
		if diff := cmp.Diff(first, x, cmpopts.EquateApprox(1e-10, 0)); diff != "" {
			t.Errorf("%s differs from %s (-%s +%s):\n%.500s", o.name, ops[0].name, ops[0].name, o.name, diff)
		}
	}
}
