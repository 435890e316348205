package plan

import (
	"math"
	"runtime"
	"slices"
	"sync"

	"commune/sparse"
)

// Productivity is what Check found out about an economy.
type Productivity struct {
	// Bound is an upper bound on the spectral radius of A (below 1 for a
	// productive economy): the largest column sum, or a Collatz–Wielandt
	// bound on the worst cycle when some column sum reaches 1.
	Bound float64
	// Cycles is the number of strongly connected groups of products
	// examined one by one (0 when the column sums settled it).
	Cycles int
}

// Check reports whether the economy is productive: whether it can make a
// surplus of every product, which holds exactly when the spectral radius
// of A is below 1. If it is not, Check returns an *UnproductiveError
// naming the products of a cycle of mutual use that consumes more than it
// makes.
//
// The largest column sum bounds the spectral radius: when every product
// uses up less than one unit in total of inputs per unit made (in a
// common unit) that settles it in one pass. Otherwise the spectral radius
// is the largest among the strongly connected components of the input
// graph, and each is bounded by power iteration with Collatz–Wielandt
// bounds: min (Bx)_i/x_i ≤ ρ(B) ≤ max (Bx)_i/x_i for any positive x.
func (e *Economy) Check() (Productivity, error) {
	return checkProductive(e.A, func(j int) string { return e.Products[j].ID })
}

func checkProductive(a *sparse.CSC, name func(int) string) (Productivity, error) {
	mx := maxColumnSum(a)
	if mx < 1 {
		return Productivity{Bound: mx}, nil
	}
	comps := components(a)
	p := Productivity{}
	for _, c := range comps {
		lo, hi := radius(a, c)
		p.Cycles++
		p.Bound = math.Max(p.Bound, hi)
		if lo >= 1 || hi >= 1 && (lo+hi)/2 >= 1-1e-10 {
			slices.Sort(c)
			ids := make([]string, len(c))
			for k, j := range c {
				ids[k] = name(int(j))
			}
			return p, &UnproductiveError{Products: ids, Radius: lo}
		}
	}
	return p, nil
}

// maxColumnSum returns the largest column sum of a, summing on every
// core: at 10^7 products it is a pass over a gigabyte.
func maxColumnSum(a *sparse.CSC) float64 {
	w := 1
	if a.NNZ() >= 1<<20 {
		w = runtime.GOMAXPROCS(0)
	}
	part := make([]float64, w)
	var wg sync.WaitGroup
	for t := range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mx float64
			for j := a.Cols * t / w; j < a.Cols*(t+1)/w; j++ {
				var s float64
				for _, v := range a.Val[a.ColPtr[j]:a.ColPtr[j+1]] {
					s += v
				}
				mx = math.Max(mx, s)
			}
			part[t] = mx
		}()
	}
	wg.Wait()
	var mx float64
	for _, p := range part {
		mx = math.Max(mx, p)
	}
	return mx
}

// components returns the strongly connected components of the graph with
// an edge between j and i whenever A[i][j] > 0 (Tarjan's algorithm,
// iterative so that long supply chains do not exhaust the stack), keeping
// only those that contain a cycle: more than one product, or a product
// that uses itself.
func components(a *sparse.CSC) [][]int32 {
	n := a.Cols
	index := make([]int32, n) // 0: not visited; else visit order + 1
	low := make([]int32, n)
	onStack := make([]bool, n)
	var stack []int32
	type frame struct {
		v int32
		k int64
	}
	var calls []frame
	var out [][]int32
	next := int32(1)
	for root := 0; root < n; root++ {
		if index[root] != 0 {
			continue
		}
		calls = append(calls, frame{int32(root), a.ColPtr[root]})
		index[root], low[root] = next, next
		next++
		stack = append(stack, int32(root))
		onStack[root] = true
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			v := f.v
			if f.k < a.ColPtr[v+1] {
				w := a.RowInd[f.k]
				pos := f.k
				f.k++
				if a.Val[pos] <= 0 {
					continue
				}
				if index[w] == 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					calls = append(calls, frame{w, a.ColPtr[w]})
				} else if onStack[w] && index[w] < low[v] {
					low[v] = index[w]
				}
				continue
			}
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				u := calls[len(calls)-1].v
				if low[v] < low[u] {
					low[u] = low[v]
				}
			}
			if low[v] != index[v] {
				continue
			}
			k := len(stack) - 1
			for stack[k] != v {
				k--
			}
			comp := append([]int32(nil), stack[k:]...)
			for _, w := range comp {
				onStack[w] = false
			}
			stack = stack[:k]
			if len(comp) > 1 || a.At(int(v), int(v)) > 0 {
				out = append(out, comp)
			}
		}
	}
	return out
}

// radius bounds the spectral radius of A restricted to the products in
// comp (a strongly connected set, so the block is irreducible): power
// iteration on B + I, which is primitive, with Collatz–Wielandt bounds.
func radius(a *sparse.CSC, comp []int32) (lo, hi float64) {
	local := make(map[int32]int32, len(comp))
	for k, j := range comp {
		local[j] = int32(k)
	}
	// The block, as local compressed columns.
	b := &sparse.CSC{Rows: len(comp), Cols: len(comp), ColPtr: make([]int64, len(comp)+1)}
	for k, j := range comp {
		for p := a.ColPtr[j]; p < a.ColPtr[j+1]; p++ {
			if i, ok := local[a.RowInd[p]]; ok && a.Val[p] > 0 {
				b.RowInd = append(b.RowInd, i)
				b.Val = append(b.Val, a.Val[p])
			}
		}
		b.ColPtr[k+1] = int64(len(b.Val))
	}
	n := len(comp)
	x := make([]float64, n)
	y := make([]float64, n)
	for i := range x {
		x[i] = 1
	}
	for it := 0; it < 5000; it++ {
		b.MulVec(y, x)
		lo, hi = math.Inf(1), 0
		var norm float64
		for i := range y {
			q := y[i] / x[i]
			lo, hi = math.Min(lo, q), math.Max(hi, q)
			y[i] += x[i] // (B + I)x
			norm = math.Max(norm, y[i])
		}
		// Stop as soon as the answer is clear; for an unproductive cycle
		// go on a little to report a tight bound.
		if hi < 1 || hi-lo <= 1e-13*hi || lo >= 1 && (hi-lo <= 1e-7*hi || it >= 1000) {
			return lo, hi
		}
		for i := range x {
			x[i] = y[i] / norm
			if x[i] < 1e-300 {
				x[i] = 1e-300
			}
		}
	}
	return lo, hi
}
