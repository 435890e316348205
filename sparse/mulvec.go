package sparse

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
)

// Operator is a linear map: MulVec sets dst = M x. Solvers take an
// Operator so that the caller picks the storage that makes M x a gather.
type Operator interface {
	Dims() (r, c int)
	MulVec(dst, x []float64)
}

// parallelMin is the number of stored entries below which a product runs
// on one goroutine: under it, starting goroutines costs more than it saves.
const parallelMin = 1 << 16

// workers returns how many goroutines a product over nnz entries uses.
func workers(nnz int) int {
	if nnz < parallelMin {
		return 1
	}
	return runtime.GOMAXPROCS(0)
}

// split cuts the major slices 0..n into w ranges of about equal numbers
// of entries, using the pointer array ptr (len n+1).
func split(ptr []int64, n, w int) []int {
	cuts := make([]int, w+1)
	total := ptr[n]
	for t := 1; t < w; t++ {
		target := total * int64(t) / int64(w)
		cuts[t] = sort.Search(n, func(i int) bool { return ptr[i] >= target })
		if cuts[t] < cuts[t-1] {
			cuts[t] = cuts[t-1]
		}
	}
	cuts[w] = n
	return cuts
}

// run calls f(t, lo, hi) on w goroutines for the ranges in cuts.
func run(cuts []int, f func(t, lo, hi int)) {
	w := len(cuts) - 1
	if w == 1 {
		f(0, cuts[0], cuts[1])
		return
	}
	var wg sync.WaitGroup
	for t := 0; t < w; t++ {
		wg.Add(1)
		go func(t int) {
			defer wg.Done()
			f(t, cuts[t], cuts[t+1])
		}(t)
	}
	wg.Wait()
}

// MulVec sets dst = m x. Each row is a gather, so rows are shared out
// over GOMAXPROCS goroutines for large matrices. It panics if the lengths
// do not match m's shape or if dst and x overlap.
func (m *CSR) MulVec(dst, x []float64) {
	if len(x) != m.Cols || len(dst) != m.Rows {
		panic(fmt.Sprintf("sparse: MulVec shape mismatch: %d×%d matrix, len(x)=%d, len(dst)=%d", m.Rows, m.Cols, len(x), len(dst)))
	}
	if m.Rows > 0 && len(x) > 0 && &dst[0] == &x[0] {
		panic("sparse: MulVec dst and x overlap")
	}
	cuts := split(m.RowPtr, m.Rows, workers(m.NNZ()))
	run(cuts, func(_, lo, hi int) {
		ptr, ind, val := m.RowPtr, m.ColInd, m.Val
		for i := lo; i < hi; i++ {
			a, b := ptr[i], ptr[i+1]
			dst[i] = rowSum(val[a:b], ind[a:b], x)
		}
	})
}

// MulVec sets dst = m x by scattering each column, on one goroutine
// (see ColumnOperator for a parallel form).
func (m *CSC) MulVec(dst, x []float64) {
	if len(x) != m.Cols || len(dst) != m.Rows {
		panic(fmt.Sprintf("sparse: MulVec shape mismatch: %d×%d matrix, len(x)=%d, len(dst)=%d", m.Rows, m.Cols, len(x), len(dst)))
	}
	clear(dst)
	scatter(m, dst, x, 0, m.Cols)
}

func scatter(m *CSC, dst, x []float64, lo, hi int) {
	ptr, ind, val := m.ColPtr, m.RowInd, m.Val
	for j := lo; j < hi; j++ {
		xj := x[j]
		if xj == 0 {
			continue
		}
		// Resliced to the column, so that only dst is bounds-checked.
		a, b := ptr[j], ptr[j+1]
		rows, vals := ind[a:b], val[a:b]
		rows = rows[:len(vals)]
		for k, v := range vals {
			dst[rows[k]] += v * xj
		}
	}
}

// ColumnOperator computes m x for a CSC matrix in parallel: each
// goroutine scatters its share of the columns into a private buffer and
// the buffers are summed. It keeps the buffers between calls, so it is not
// safe for concurrent use.
type ColumnOperator struct {
	m     *CSC
	bufs  [][]float64
	cuts  []int
	spare []float64 // a zeroed buffer for the first goroutine (see subMulDot)
	dirty bool      // MulVec left bufs non-zero
}

// NewColumnOperator returns the parallel operator x ↦ m x.
func NewColumnOperator(m *CSC) *ColumnOperator {
	w := workers(m.NNZ())
	o := &ColumnOperator{m: m, cuts: split(m.ColPtr, m.Cols, w)}
	for t := 1; t < w; t++ {
		o.bufs = append(o.bufs, make([]float64, m.Rows))
	}
	return o
}

// Dims returns m's shape.
func (o *ColumnOperator) Dims() (r, c int) { return o.m.Rows, o.m.Cols }

// MulVec sets dst = m x.
func (o *ColumnOperator) MulVec(dst, x []float64) {
	m := o.m
	if len(x) != m.Cols || len(dst) != m.Rows {
		panic(fmt.Sprintf("sparse: MulVec shape mismatch: %d×%d matrix, len(x)=%d, len(dst)=%d", m.Rows, m.Cols, len(x), len(dst)))
	}
	run(o.cuts, func(t, lo, hi int) {
		b := dst
		if t > 0 {
			b = o.bufs[t-1]
		}
		clear(b)
		scatter(m, b, x, lo, hi)
	})
	if len(o.bufs) == 0 {
		return
	}
	o.dirty = true
	// Sum the buffers into dst, in parallel over index ranges.
	w := len(o.cuts) - 1
	cuts := make([]int, w+1)
	for t := range cuts {
		cuts[t] = m.Rows * t / w
	}
	run(cuts, func(_, lo, hi int) {
		for _, b := range o.bufs {
			d, s := dst[lo:hi], b[lo:hi]
			for i := range d {
				d[i] += s[i]
			}
		}
	})
}
