// Package sparse holds compressed sparse matrices of float64 and the
// iterative solvers the planning engine needs. It does no I/O.
//
// As in gonum, the destination comes first, and shape mismatches are
// programmer errors that panic; numerical failures (no convergence) are
// returned as errors.
package sparse

import "fmt"

// CSC is a matrix in compressed sparse column form: the row indices and
// values of column j are RowInd[ColPtr[j]:ColPtr[j+1]] and
// Val[ColPtr[j]:ColPtr[j+1]]. Indices are int32 (n < 2^31) and pointers
// int64, so a 10^7 × 10^7 matrix with 12 entries per column takes
// 12 bytes per entry.
type CSC struct {
	Rows, Cols int
	ColPtr     []int64
	RowInd     []int32
	Val        []float64
}

// CSR is a matrix in compressed sparse row form: the column indices and
// values of row i are ColInd[RowPtr[i]:RowPtr[i+1]] and
// Val[RowPtr[i]:RowPtr[i+1]].
type CSR struct {
	Rows, Cols int
	RowPtr     []int64
	ColInd     []int32
	Val        []float64
}

// NNZ returns the number of stored entries.
func (m *CSC) NNZ() int { return len(m.Val) }

// NNZ returns the number of stored entries.
func (m *CSR) NNZ() int { return len(m.Val) }

// Dims returns the number of rows and columns.
func (m *CSC) Dims() (r, c int) { return m.Rows, m.Cols }

// Dims returns the number of rows and columns.
func (m *CSR) Dims() (r, c int) { return m.Rows, m.Cols }

// T returns the transpose of m as a CSR matrix sharing m's storage:
// the CSC form of a matrix is the CSR form of its transpose.
func (m *CSC) T() *CSR {
	return &CSR{Rows: m.Cols, Cols: m.Rows, RowPtr: m.ColPtr, ColInd: m.RowInd, Val: m.Val}
}

// T returns the transpose of m as a CSC matrix sharing m's storage.
func (m *CSR) T() *CSC {
	return &CSC{Rows: m.Cols, Cols: m.Rows, ColPtr: m.RowPtr, RowInd: m.ColInd, Val: m.Val}
}

// At returns element (i, j). It searches column j, so it is for tests and
// small matrices, not inner loops.
func (m *CSC) At(i, j int) float64 {
	if i < 0 || i >= m.Rows || j < 0 || j >= m.Cols {
		panic(fmt.Sprintf("sparse: index (%d,%d) out of range %dx%d", i, j, m.Rows, m.Cols))
	}
	var s float64
	for k := m.ColPtr[j]; k < m.ColPtr[j+1]; k++ {
		if int(m.RowInd[k]) == i {
			s += m.Val[k]
		}
	}
	return s
}

// At returns element (i, j); see CSC.At.
func (m *CSR) At(i, j int) float64 { return m.T().At(j, i) }

// ToCSR converts m to compressed rows in O(nnz) time (a counting sort).
// The result has sorted column indices within each row.
func (m *CSC) ToCSR() *CSR {
	t := transpose(m.Rows, m.Cols, m.ColPtr, m.RowInd, m.Val)
	return &CSR{Rows: m.Rows, Cols: m.Cols, RowPtr: t.ptr, ColInd: t.ind, Val: t.val}
}

// ToCSC converts m to compressed columns in O(nnz) time.
func (m *CSR) ToCSC() *CSC {
	t := transpose(m.Cols, m.Rows, m.RowPtr, m.ColInd, m.Val)
	return &CSC{Rows: m.Rows, Cols: m.Cols, ColPtr: t.ptr, RowInd: t.ind, Val: t.val}
}

type compressed struct {
	ptr []int64
	ind []int32
	val []float64
}

// transpose turns a compressed-major structure with n major slices over
// minor dimension nm into the one compressed along the minor dimension.
func transpose(nm, n int, ptr []int64, ind []int32, val []float64) compressed {
	out := compressed{ptr: make([]int64, nm+1), ind: make([]int32, len(ind)), val: make([]float64, len(val))}
	for _, i := range ind {
		out.ptr[i+1]++
	}
	for i := 0; i < nm; i++ {
		out.ptr[i+1] += out.ptr[i]
	}
	next := make([]int64, nm)
	copy(next, out.ptr[:nm])
	for j := 0; j < n; j++ {
		for k := ptr[j]; k < ptr[j+1]; k++ {
			i := ind[k]
			p := next[i]
			out.ind[p] = int32(j)
			out.val[p] = val[k]
			next[i] = p + 1
		}
	}
	return out
}
