package plan

import (
	"fmt"
	"testing"
)

// BenchmarkBalance balances generated multi-technique economies (all
// programmes, warm-started) at the default tolerance 1e-6.
func BenchmarkBalance(b *testing.B) {
	for _, n := range []int{1000, 5000, 20000} {
		t := GenerateTechniques(TechniquesSpec{Products: n, Seed: 1})
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			iters := 0
			for b.Loop() {
				p, err := Balance(t, nil)
				if err != nil {
					b.Fatal(err)
				}
				iters = 0
				for _, s := range p.Stages {
					iters += s.Result.Iterations
				}
			}
			b.ReportMetric(float64(iters), "iterations")
		})
	}
}
