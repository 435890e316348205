package lp

import (
	"fmt"
	"sync"
)

// Matrix is a sparse matrix in compressed sparse row (CSR) form. It is
// immutable once built; build it with NewMatrix or FromTriplets.
type Matrix struct {
	rows, cols int
	rowPtr     []int     // len rows+1
	colIdx     []int32   // len nnz, sorted within each row
	val        []float64 // len nnz

	// kept is the solver's scaled copy of the matrix, left by a Solve
	// with Settings.Keep for the next Solve with this matrix.
	mu   sync.Mutex
	kept *scaled
}

// NewMatrix returns a rows×cols CSR matrix that uses the slices given
// (it does not copy them). Row i's entries are colIdx[rowPtr[i]:rowPtr[i+1]]
// and val[rowPtr[i]:rowPtr[i+1]]. It panics if the slices are inconsistent.
func NewMatrix(rows, cols int, rowPtr []int, colIdx []int32, val []float64) *Matrix {
	if rows < 0 || cols < 0 || len(rowPtr) != rows+1 || rowPtr[0] != 0 || len(colIdx) != len(val) || rowPtr[rows] != len(val) {
		panic("lp: inconsistent CSR slices")
	}
	for i := 0; i < rows; i++ {
		if rowPtr[i+1] < rowPtr[i] {
			panic("lp: row pointers decrease")
		}
	}
	for _, j := range colIdx {
		if j < 0 || int(j) >= cols {
			panic(fmt.Sprintf("lp: column index %d out of range [0,%d)", j, cols))
		}
	}
	return &Matrix{rows: rows, cols: cols, rowPtr: rowPtr, colIdx: colIdx, val: val}
}

// FromTriplets returns the rows×cols matrix with entries v[k] at
// (r[k], c[k]); duplicate positions are summed and explicit zeros dropped.
// It panics if an index is out of range or the slices differ in length.
func FromTriplets(rows, cols int, r, c []int, v []float64) *Matrix {
	if len(r) != len(c) || len(r) != len(v) {
		panic("lp: triplet slices differ in length")
	}
	count := make([]int, rows+1)
	for k := range r {
		if r[k] < 0 || r[k] >= rows || c[k] < 0 || c[k] >= cols {
			panic(fmt.Sprintf("lp: triplet (%d,%d) out of range %d×%d", r[k], c[k], rows, cols))
		}
		count[r[k]+1]++
	}
	for i := 0; i < rows; i++ {
		count[i+1] += count[i]
	}
	colIdx := make([]int32, len(v))
	val := make([]float64, len(v))
	next := append([]int(nil), count[:rows]...)
	for k := range r {
		p := next[r[k]]
		colIdx[p] = int32(c[k])
		val[p] = v[k]
		next[r[k]]++
	}
	// Sort each row by column (insertion sort: rows are short) and merge duplicates.
	rowPtr := make([]int, rows+1)
	w := 0
	for i := 0; i < rows; i++ {
		lo, hi := count[i], count[i+1]
		for a := lo + 1; a < hi; a++ {
			for b := a; b > lo && colIdx[b] < colIdx[b-1]; b-- {
				colIdx[b], colIdx[b-1] = colIdx[b-1], colIdx[b]
				val[b], val[b-1] = val[b-1], val[b]
			}
		}
		start := w
		for a := lo; a < hi; a++ {
			if w > start && colIdx[w-1] == colIdx[a] {
				val[w-1] += val[a]
				continue
			}
			colIdx[w], val[w] = colIdx[a], val[a]
			w++
		}
		// Drop zeros (after summing duplicates).
		k := start
		for a := start; a < w; a++ {
			if val[a] != 0 {
				colIdx[k], val[k] = colIdx[a], val[a]
				k++
			}
		}
		w = k
		rowPtr[i+1] = w
	}
	return &Matrix{rows: rows, cols: cols, rowPtr: rowPtr, colIdx: colIdx[:w:w], val: val[:w:w]}
}

// Dims returns the number of rows and columns.
func (m *Matrix) Dims() (rows, cols int) { return m.rows, m.cols }

// NNZ returns the number of stored entries.
func (m *Matrix) NNZ() int { return len(m.val) }

// At returns the entry at (i, j). It is for tests and small matrices: it
// searches the row.
func (m *Matrix) At(i, j int) float64 {
	for p := m.rowPtr[i]; p < m.rowPtr[i+1]; p++ {
		if int(m.colIdx[p]) == j {
			return m.val[p]
		}
	}
	return 0
}

// MulVec sets dst = m·x. It panics on a length mismatch.
func (m *Matrix) MulVec(dst, x []float64) {
	if len(dst) != m.rows || len(x) != m.cols {
		panic("lp: MulVec length mismatch")
	}
	m.mulRange(dst, x, 0, m.rows)
}

// mulRange computes rows [lo,hi) of m·x into dst.
func (m *Matrix) mulRange(dst, x []float64, lo, hi int) {
	rp, ci, v := m.rowPtr, m.colIdx, m.val
	for i := lo; i < hi; i++ {
		s := 0.0
		for p := rp[i]; p < rp[i+1]; p++ {
			s += v[p] * x[ci[p]]
		}
		dst[i] = s
	}
}

// T returns the transpose as a new CSR matrix.
func (m *Matrix) T() *Matrix {
	rowPtr := make([]int, m.cols+1)
	for _, j := range m.colIdx {
		rowPtr[j+1]++
	}
	for j := 0; j < m.cols; j++ {
		rowPtr[j+1] += rowPtr[j]
	}
	next := append([]int(nil), rowPtr[:m.cols]...)
	colIdx := make([]int32, len(m.val))
	val := make([]float64, len(m.val))
	for i := 0; i < m.rows; i++ {
		for p := m.rowPtr[i]; p < m.rowPtr[i+1]; p++ {
			j := m.colIdx[p]
			q := next[j]
			colIdx[q] = int32(i)
			val[q] = m.val[p]
			next[j]++
		}
	}
	return &Matrix{rows: m.cols, cols: m.rows, rowPtr: rowPtr, colIdx: colIdx, val: val}
}

// Row returns the column indices and values of row i's stored entries
// (views into m: do not modify them).
func (m *Matrix) Row(i int) ([]int32, []float64) {
	lo, hi := m.rowPtr[i], m.rowPtr[i+1]
	return m.colIdx[lo:hi:hi], m.val[lo:hi:hi]
}
