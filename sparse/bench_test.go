package sparse_test

import (
	"math/rand/v2"
	"testing"

	"commune/sparse"
)

// randomCSC returns an n × n matrix with k entries per column at random
// rows (the worst case for the gathers of a product) and column sums of
// about 0.5.
func randomCSC(n, k int, seed uint64) *sparse.CSC {
	rng := rand.New(rand.NewPCG(seed, 1))
	m := &sparse.CSC{Rows: n, Cols: n, ColPtr: make([]int64, n+1), RowInd: make([]int32, 0, n*k), Val: make([]float64, 0, n*k)}
	for j := 0; j < n; j++ {
		for t := 0; t < k; t++ {
			m.RowInd = append(m.RowInd, int32(rng.IntN(n)))
			m.Val = append(m.Val, rng.Float64()/float64(k))
		}
		m.ColPtr[j+1] = int64(len(m.Val))
	}
	return m
}

// BenchmarkMulVecGather is y = Aᵀx over a CSC matrix (the values
// product): 12 bytes of matrix per entry plus a gather from x.
func BenchmarkMulVecGather(b *testing.B) {
	for _, n := range []int{100000, 1000000} {
		m := randomCSC(n, 12, 1).T()
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i] = 1
		}
		b.Run(itoa(n), func(b *testing.B) {
			b.SetBytes(int64(12*m.NNZ() + 16*n))
			for b.Loop() {
				m.MulVec(y, x)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(m.NNZ()), "ns/entry")
		})
	}
}

// BenchmarkMulVecScatter is y = Ax over a CSC matrix (the outputs
// product), with per-goroutine buffers.
func BenchmarkMulVecScatter(b *testing.B) {
	for _, n := range []int{100000, 1000000} {
		m := randomCSC(n, 12, 1)
		op := sparse.NewColumnOperator(m)
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i] = 1
		}
		b.Run(itoa(n), func(b *testing.B) {
			b.SetBytes(int64(12*m.NNZ() + 16*n))
			for b.Loop() {
				op.MulVec(y, x)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(m.NNZ()), "ns/entry")
		})
	}
}

func itoa(n int) string {
	switch n {
	case 100000:
		return "1e5"
	case 1000000:
		return "1e6"
	case 10000000:
		return "1e7"
	}
	return "n"
}
