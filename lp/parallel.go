package lp

import "sync"

// minChunk is the smallest slice worth handing to another goroutine: below
// it, the start-up cost exceeds the work.
const minChunk = 1 << 14

// runner splits loops over [0,n) across a fixed number of goroutines.
type runner struct{ threads int }

// parts returns how many parts a loop of n elements is split into.
func (r runner) parts(n int) int {
	p := r.threads
	if n/minChunk < p {
		p = n / minChunk
	}
	if p < 1 {
		p = 1
	}
	return p
}

// do runs f(part, lo, hi) over the parts of [0,n) and waits. partials, if
// not nil, must have room for r.parts(n) entries per part's own use.
func (r runner) do(n int, f func(part, lo, hi int)) {
	p := r.parts(n)
	if p == 1 {
		f(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for k := 0; k < p; k++ {
		lo, hi := k*n/p, (k+1)*n/p
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(k, lo, hi)
		}()
	}
	wg.Wait()
}

// mul sets dst = m·x, splitting rows so that each part has about the same
// number of non-zeros.
func (r runner) mul(m *Matrix, dst, x []float64) {
	p := r.parts(m.NNZ() / 4)
	if p == 1 || m.rows < p {
		m.mulRange(dst, x, 0, m.rows)
		return
	}
	var wg sync.WaitGroup
	lo := 0
	nnz := m.NNZ()
	for k := 0; k < p; k++ {
		hi := m.rows
		if k < p-1 {
			target := (k + 1) * nnz / p
			hi = searchRow(m.rowPtr, target, lo)
		}
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			m.mulRange(dst, x, lo, hi)
		}(lo, hi)
		lo = hi
	}
	wg.Wait()
}

// searchRow returns the first row i ≥ from whose start is at least target.
func searchRow(rowPtr []int, target, from int) int {
	lo, hi := from, len(rowPtr)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if rowPtr[mid] < target {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}
