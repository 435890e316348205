package lp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// structured returns an m×n matrix shaped like a balance programme's:
// entries near the diagonal (scaled to the shape), a few dense rows (hubs)
// and some entries anywhere.
func structured(rng *rand.Rand, m, n int) *Matrix {
	var r, c []int
	var v []float64
	for j := 0; j < n; j++ {
		i0 := j * m / n
		for k := 0; k < 7; k++ {
			var i int
			switch {
			case k < 2:
				i = k
			case k == 2:
				i = m - 1
			case k < 5:
				i = i0 + rng.IntN(41) - 20
			default:
				i = rng.IntN(m)
			}
			if i < 0 || i >= m || rng.IntN(5) == 0 {
				continue
			}
			r, c, v = append(r, i), append(c, j), append(v, rng.NormFloat64())
		}
	}
	return FromTriplets(m, n, r, c, v)
}

func randomVec(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		if rng.IntN(4) > 0 { // some zeros: the scatter skips them
			v[i] = rng.NormFloat64()
		}
	}
	return v
}

func maxDiff(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// TestColumnProducts checks the solver's products, cut into 1 to 5 parts,
// against the CSR products.
func TestColumnProducts(t *testing.T) {
	defer SetMinChunk(1)()
	rng := rand.New(rand.NewPCG(3, 4))
	for _, shape := range []struct{ m, n int }{{1, 1}, {7, 3}, {50, 80}, {300, 200}, {1000, 1500}} {
		a := structured(rng, shape.m, shape.n)
		at := a.T()
		x, y := randomVec(rng, shape.n), randomVec(rng, shape.m)
		wantAx, wantATy := make([]float64, shape.m), make([]float64, shape.n)
		a.MulVec(wantAx, x)
		at.MulVec(wantATy, y)
		for parts := 1; parts <= 5; parts++ {
			t.Run(fmt.Sprintf("%dx%d/%d", shape.m, shape.n, parts), func(t *testing.T) {
				mul, mulT := ColumnProducts(a, parts)
				gotAx, gotATy := make([]float64, shape.m), make([]float64, shape.n)
				for i := range gotAx {
					gotAx[i] = math.NaN() // must be overwritten
				}
				for rep := 0; rep < 2; rep++ { // twice: the buffers must be cleared
					mul(gotAx, x)
					mulT(gotATy, y)
				}
				if d := maxDiff(gotAx, wantAx); d > 1e-12 {
					t.Errorf("A·x differs by %g", d)
				}
				if d := maxDiff(gotATy, wantATy); d > 1e-12 {
					t.Errorf("Aᵀ·y differs by %g", d)
				}
			})
		}
	}
}

// TestColumnPartsCover checks that the parts cut the columns and rows
// without gaps or overlaps, and that every entry is kept once.
func TestColumnPartsCover(t *testing.T) {
	defer SetMinChunk(1)()
	a := structured(rand.New(rand.NewPCG(5, 6)), 400, 600)
	for parts := 1; parts <= 6; parts++ {
		cm := newColMatrix(a.T(), parts)
		if len(cm.parts) != parts {
			t.Errorf("%d parts, want %d", len(cm.parts), parts)
		}
		c, r, nnz := 0, 0, 0
		for _, p := range cm.parts {
			if p.c0 != c || p.r0 != r || p.c1 < p.c0 || p.r1 < p.r0 {
				t.Errorf("part columns [%d,%d) rows [%d,%d) after columns %d, rows %d", p.c0, p.c1, p.r0, p.r1, c, r)
			}
			c, r = p.c1, p.r1
			nnz += len(p.ownVal) + len(p.remVal)
			for _, i := range p.ownRow {
				if int(i) < p.r0 || int(i) >= p.r1 {
					t.Errorf("own row %d outside [%d,%d)", i, p.r0, p.r1)
				}
			}
			for _, i := range p.rows {
				if int(i) >= p.r0 && int(i) < p.r1 {
					t.Errorf("remote row %d inside [%d,%d)", i, p.r0, p.r1)
				}
			}
		}
		if c != 600 || r != 400 || nnz != a.NNZ() {
			t.Errorf("%d parts cover %d columns, %d rows, %d entries; want 600, 400, %d", parts, c, r, nnz, a.NNZ())
		}
	}
}

// TestFusedPass checks that one pass making Kᵀ·y, the primal step from it
// and K·x of that step gives what the three separate operations give.
func TestFusedPass(t *testing.T) {
	defer SetMinChunk(1)()
	rng := rand.New(rand.NewPCG(7, 8))
	m, n := 500, 700
	a := structured(rng, m, n)
	for parts := 1; parts <= 3; parts++ {
		s := &solver{m: m, n: n}
		s.usePasses(newColMatrix(a.T(), parts))
		x, y, c := randomVec(rng, n), randomVec(rng, m), randomVec(rng, n)
		l, u := make([]float64, n), make([]float64, n)
		for j := range u {
			l[j], u[j] = -0.5, 1
		}
		sumX := randomVec(rng, n)
		const tau, w = 0.3, 0.7
		// Separately.
		kty := make([]float64, n)
		a.T().MulVec(kty, y)
		xn := make([]float64, n)
		d2 := 0.0
		for j := range xn {
			xn[j] = clamp(x[j]-tau*(c[j]-kty[j]), l[j], u[j])
			d2 += (xn[j] - x[j]) * (xn[j] - x[j])
		}
		kx := make([]float64, m)
		a.MulVec(kx, xn)
		wantSum := append([]float64(nil), sumX...)
		for j := range wantSum {
			wantSum[j] += w * x[j]
		}
		// Fused.
		gotKTy, gotXN, gotKX := make([]float64, n), make([]float64, n), make([]float64, m)
		s.cargs = colArgs{Gather: true, Step: true, Scatter: true, Y: y, KTy: gotKTy, SumX: sumX, W: w, X: x,
			C: c, L: l, U: u, XN: gotXN, Tau: tau, KX: gotKX}
		s.pool.run(s.colFn)
		gotD2 := s.partSum(0)
		s.rargs = rowArgs{KX: gotKX}
		s.pool.run(s.rowFn)
		s.pool.stop()
		for _, c := range []struct {
			name      string
			got, want []float64
		}{{"Kᵀy", gotKTy, kty}, {"x", gotXN, xn}, {"Kx", gotKX, kx}, {"Σx", sumX, wantSum}} {
			if d := maxDiff(c.got, c.want); d > 1e-12 {
				t.Errorf("%d parts: %s differs by %g", parts, c.name, d)
			}
		}
		if math.Abs(gotD2-d2) > 1e-9*d2 {
			t.Errorf("%d parts: ‖Δx‖² %g, want %g", parts, gotD2, d2)
		}
	}
}

// TestStepAllocatesNothing checks that an iteration, on two goroutines,
// allocates no memory.
func TestStepAllocatesNothing(t *testing.T) {
	defer SetMinChunk(1)()
	p := RandomProblem(rand.New(rand.NewPCG(1, 2)), 200, 300, 6, 0.2)
	_, _, lower, upper := p.check()
	st := (&Settings{Threads: 2, Method: Adaptive}).defaults()
	st.Threads = 2
	s := newSolver(p, lower, upper, st)
	defer s.pool.stop()
	if len(s.k.parts) != 2 {
		t.Fatalf("%d parts, want 2", len(s.k.parts))
	}
	s.products(s.cur)
	eta, attempts, iters := 0.5, 0, 0
	allocs := testing.AllocsPerRun(200, func() {
		iters++
		eta = s.step(eta, 1, &attempts, iters%3 != 0) // fused and not
	})
	if allocs != 0 {
		t.Errorf("%v allocations per iteration, want 0", allocs)
	}
}
