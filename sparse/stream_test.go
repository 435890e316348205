package sparse_test

import (
	"runtime"
	"sync"
	"testing"
)

// BenchmarkStream measures the machine's memory bandwidth as STREAM does
// (McCalpin): the triad a = b + s·c over arrays far larger than the
// caches, on GOMAXPROCS goroutines. Its MB/s counts 24 bytes per element
// (two reads, one write), STREAM's convention. A sparse product reads
// 12 bytes of matrix per entry, so the best time per product is about
// 12·nnz / bandwidth.
func BenchmarkStream(b *testing.B) {
	const n = 1 << 24 // 128 MiB per array
	a, x, y := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range x {
		x[i], y[i] = 1, 2
	}
	w := runtime.GOMAXPROCS(0)
	b.SetBytes(24 * n)
	for b.Loop() {
		var wg sync.WaitGroup
		for t := 0; t < w; t++ {
			lo, hi := n*t/w, n*(t+1)/w
			wg.Add(1)
			go func() {
				defer wg.Done()
				aa, xx, yy := a[lo:hi], x[lo:hi], y[lo:hi]
				for i := range aa {
					aa[i] = xx[i] + 3*yy[i]
				}
			}()
		}
		wg.Wait()
	}
}
