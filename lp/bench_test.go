package lp_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"commune/lp"
)

// BenchmarkSolve solves seeded random LPs to 1e-6 and reports the time
// per PDHG iteration (one product with A and one with Aᵀ each).
func BenchmarkSolve(b *testing.B) {
	for _, size := range []struct{ m, n int }{{200, 300}, {600, 900}} {
		p := lp.RandomProblem(rand.New(rand.NewPCG(1, 2)), size.m, size.n, 6, 0.2)
		b.Run(fmt.Sprintf("%dx%d", size.m, size.n), func(b *testing.B) {
			x, y := make([]float64, size.n), make([]float64, size.m)
			var res lp.Result
			for b.Loop() {
				var err error
				res, err = lp.Solve(x, y, p, &lp.Settings{MaxIter: 1000000})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Iterations), "iterations")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(res.Iterations)/1e3, "µs/iteration")
		})
	}
}
