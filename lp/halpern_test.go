package lp

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestHalpernPasses checks the two passes of a Halpern iteration, with the
// matrix cut into 1 to 3 parts, against the same operations made one by
// one: the PDHG primal step with bounds from the short list, K·x̂, the dual
// step with its sums, and then either the Halpern step of x, y and K·x or
// (an evaluation) x̂ and ŷ kept.
func TestHalpernPasses(t *testing.T) {
	defer SetMinChunk(1)()
	rng := rand.New(rand.NewPCG(9, 10))
	m, n := 500, 700
	a := structured(rng, m, n)
	for parts := 1; parts <= 3; parts++ {
		s := &solver{m: m, n: n}
		s.usePasses(newColMatrix(a.T(), parts))
		s.b, s.eq = randomVec(rng, m), make([]bool, m)
		for i := range s.eq {
			s.eq[i] = i%7 == 0
		}
		x, x0, c := randomVec(rng, n), randomVec(rng, n), randomVec(rng, n)
		y, y0, kx, kx0 := randomVec(rng, m), randomVec(rng, m), randomVec(rng, m), randomVec(rng, m)
		l, u := make([]float64, n), make([]float64, n)
		for j := range u {
			switch j % 3 {
			case 0:
				u[j] = math.Inf(1)
			case 1:
				l[j], u[j] = -0.5, 1
			case 2:
				l[j], u[j] = math.Inf(-1), 0.25
			}
		}
		const tau, sigma, a1, a2, b = 0.3, 0.7, 1.5, -0.6, 0.1
		for _, update := range []bool{false, true} {
			// One by one.
			kty := make([]float64, n)
			a.T().MulVec(kty, y)
			wantX, wantXH := append([]float64(nil), x...), make([]float64, n)
			dx2 := 0.0
			for j := range wantXH {
				v := clamp(x[j]-tau*(c[j]-kty[j]), l[j], u[j])
				dx2 += (v - x[j]) * (v - x[j])
				if update {
					wantX[j] = a1*v + a2*x[j] + b*x0[j]
				} else {
					wantXH[j] = v
				}
			}
			xh := wantXH
			if update {
				xh = make([]float64, n)
				for j := range xh {
					xh[j] = clamp(x[j]-tau*(c[j]-kty[j]), l[j], u[j])
				}
			}
			wantKXH := make([]float64, m)
			a.MulVec(wantKXH, xh)
			wantY, wantKX, wantYH := append([]float64(nil), y...), append([]float64(nil), kx...), make([]float64, m)
			dy2, inter := 0.0, 0.0
			for i := range wantYH {
				v := y[i] + sigma*(s.b[i]-2*wantKXH[i]+kx[i])
				if v < 0 && !s.eq[i] {
					v = 0
				}
				dy2 += (v - y[i]) * (v - y[i])
				inter += (v - y[i]) * (wantKXH[i] - kx[i])
				if update {
					wantY[i] = a1*v + a2*y[i] + b*y0[i]
					wantKX[i] = a1*wantKXH[i] + a2*kx[i] + b*kx0[i]
				} else {
					wantYH[i] = v
				}
			}

			// The passes.
			gotX, gotXH := append([]float64(nil), x...), make([]float64, n)
			gotY, gotKX, gotYH, gotKXH := append([]float64(nil), y...), append([]float64(nil), kx...), make([]float64, m), make([]float64, m)
			s.hcargs = hcolArgs{Y: gotY, X: gotX, XH: gotXH, X0: x0, C: c, Tau: tau, KX: gotKXH, Bounds: partBounds(s.k, l, u),
				Update: update, A1: a1, A2: a2, B: b}
			s.pool.run(s.hcolFn)
			gotDX2 := s.partSum(0)
			s.hrargs = hrowArgs{KXH: gotKXH, KX: gotKX, KX0: kx0, Y: gotY, Y0: y0, YH: gotYH,
				Sigma: sigma, Update: update, A1: a1, A2: a2, B: b}
			s.pool.run(s.hrowFn)
			gotDY2, gotInter := s.partSum(1), s.partSum(2)

			for _, v := range []struct {
				name      string
				got, want []float64
			}{{"x", gotX, wantX}, {"x̂", gotXH, wantXH}, {"Kx̂", gotKXH, wantKXH},
				{"y", gotY, wantY}, {"Kx", gotKX, wantKX}, {"ŷ", gotYH, wantYH}} {
				if d := maxDiff(v.got, v.want); d > 1e-12 {
					t.Errorf("%d parts, update %v: %s differs by %g", parts, update, v.name, d)
				}
			}
			for _, v := range []struct {
				name      string
				got, want float64
			}{{"‖Δx‖²", gotDX2, dx2}, {"‖Δy‖²", gotDY2, dy2}, {"ΔyᵀKΔx", gotInter, inter}} {
				if math.Abs(v.got-v.want) > 1e-9*math.Abs(v.want) {
					t.Errorf("%d parts, update %v: %s = %g, want %g", parts, update, v.name, v.got, v.want)
				}
			}
		}
		s.pool.stop()
	}
}

// TestNormEstimate checks the power iteration against ‖K‖₂ of a diagonal
// matrix, whose norm is its largest entry; its two largest are close, so
// the plain iteration converges slowly.
func TestNormEstimate(t *testing.T) {
	const n = 50
	var r, c []int
	var v []float64
	for i := 0; i < n; i++ {
		r, c, v = append(r, i), append(c, i), append(v, 1+float64(i)/n)
	}
	p := &Problem{A: FromTriplets(n, n, r, c, v), B: make([]float64, n), C: make([]float64, n)}
	_, _, lower, upper := p.check()
	st := (&Settings{RuizIter: -1, NoPockChambolle: true}).defaults()
	s := newSolver(p, lower, upper, st)
	defer s.pool.stop()
	got, want := s.normEstimate(), 1+float64(n-1)/n
	if math.Abs(got-want) > 5e-4*want { // well within the step's margin of 1%
		t.Errorf("‖K‖₂ ≈ %g, want %g", got, want)
	}
}
