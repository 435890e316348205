package lp

import "sync"

// minChunk is the smallest slice of a vector worth handing to another
// goroutine: below it, the start-up cost exceeds the work. minPart is the
// smallest number of matrix entries worth a part of the matrix of its own
// (see colMatrix): every iteration waits twice for all parts, and on a
// busy machine a part's goroutine may wait for a core, so small problems
// run on one. (Variables so that tests can cut small problems into parts.)
var (
	minChunk = 1 << 14
	minPart  = 1 << 18
)

// runner splits loops over [0,n) across a fixed number of goroutines,
// started for each loop. It serves the passes made once per evaluation
// (every EvalEvery iterations); the passes of every iteration use a pool.
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

// do runs f(part, lo, hi) over the parts of [0,n) and waits.
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

// pool runs a function on parts 0 … size−1 at once: part 0 on the calling
// goroutine, the others on goroutines that live as long as the pool, so
// that an iteration neither starts goroutines nor allocates.
type pool struct {
	work []chan func(int) // one per worker (parts 1 …)
	done chan struct{}
}

func newPool(size int) *pool {
	p := &pool{done: make(chan struct{}, size)}
	for k := 1; k < size; k++ {
		ch := make(chan func(int))
		p.work = append(p.work, ch)
		go func() {
			for f := range ch {
				f(k)
				p.done <- struct{}{}
			}
		}()
	}
	return p
}

// run calls f(k) for every part k and returns when all have returned.
func (p *pool) run(f func(int)) {
	for _, ch := range p.work {
		ch <- f
	}
	f(0)
	for range p.work {
		<-p.done
	}
}

// stop ends the pool's goroutines.
func (p *pool) stop() {
	for _, ch := range p.work {
		close(ch)
	}
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
