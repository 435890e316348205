package lp_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"commune/lp"
	"commune/lp/lptest"
)

// methods are the variants of PDHG that every test runs.
var methods = []struct {
	name string
	m    lp.Method
}{{"halpern", lp.Halpern}, {"adaptive", lp.Adaptive}}

func TestSolveMatchesGLPK(t *testing.T) {
	for _, tc := range []struct {
		name         string
		m, n, perRow int
		eqFrac       float64
		seed         uint64
	}{
		{"tiny", 3, 4, 2, 0.3, 1},
		{"small", 20, 30, 4, 0.2, 2},
		{"ineq", 60, 80, 5, 0, 3},
		{"mixed", 150, 200, 6, 0.3, 4},
		{"tall", 300, 120, 4, 0.1, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(tc.seed, 99))
			p := lp.RandomProblem(rng, tc.m, tc.n, tc.perRow, tc.eqFrac)
			exact, err := lptest.Solve(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			if exact.Status != "optimal" {
				t.Fatalf("glpsol status %s", exact.Status)
			}
			// One goroutine, then the matrix and loops cut into three
			// parts (small problems are not cut otherwise).
			for _, method := range methods {
				for _, threads := range []int{1, 3} {
					if threads > 1 {
						defer lp.SetMinChunk(1)()
					}
					x, y := make([]float64, tc.n), make([]float64, tc.m)
					res, err := lp.Solve(x, y, p, &lp.Settings{Tol: 1e-8, Threads: threads, Method: method.m})
					if err != nil {
						t.Fatalf("Solve, %s, %d threads: %v (%s)", method.name, threads, err, res)
					}
					t.Logf("%s, %d threads: %s", method.name, threads, res)
					if d := math.Abs(res.PrimalObjective-exact.Objective) / (1 + math.Abs(exact.Objective)); d > 1e-6 {
						t.Errorf("%s, %d threads: objective %.12g, glpsol %.12g (rel. diff %.2e)", method.name, threads, res.PrimalObjective, exact.Objective, d)
					}
				}
			}
		})
	}
}

func TestSolveDetects(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name string
		p    *lp.Problem
		want error
	}{
		{"infeasible", &lp.Problem{
			A: lp.FromTriplets(2, 2, []int{0, 0, 1, 1}, []int{0, 1, 0, 1}, []float64{1, 1, -1, -1}),
			B: []float64{3, -2}, C: []float64{1, 1}}, lp.ErrInfeasible},
		{"infeasible equality", &lp.Problem{
			A: lp.FromTriplets(2, 2, []int{0, 0, 1}, []int{0, 1, 1}, []float64{1, 1, 1}),
			B: []float64{1, 2}, Eq: []bool{true, false}, C: []float64{1, 1}}, lp.ErrInfeasible},
		{"unbounded", &lp.Problem{
			A: lp.FromTriplets(1, 2, []int{0, 0}, []int{0, 1}, []float64{1, -1}),
			B: []float64{1}, C: []float64{-1, 0}}, lp.ErrUnbounded},
		{"iteration limit", lp.RandomProblem(rand.New(rand.NewPCG(7, 7)), 150, 200, 6, 0.3), lp.ErrIterationLimit},
		{"crossed bounds", &lp.Problem{
			A: lp.FromTriplets(1, 1, []int{0}, []int{0}, []float64{1}),
			B: []float64{0}, C: []float64{1}, Lower: []float64{2}, Upper: []float64{1}}, lp.ErrInfeasible},
	}
	_ = inf
	for _, method := range methods {
		for _, tt := range tests {
			t.Run(method.name+"/"+tt.name, func(t *testing.T) {
				m, n := tt.p.A.Dims()
				x, y := make([]float64, n), make([]float64, m)
				res, err := lp.Solve(x, y, tt.p, &lp.Settings{MaxIter: 640, Method: method.m})
				if !errors.Is(err, tt.want) {
					t.Fatalf("err = %v, want %v (%s)", err, tt.want, res)
				}
			})
		}
	}
}

func TestSolvePanicsOnShape(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic on a short x")
		}
	}()
	p := &lp.Problem{A: lp.FromTriplets(1, 2, []int{0}, []int{0}, []float64{1}), B: []float64{1}, C: []float64{1, 1}}
	lp.Solve(make([]float64, 1), make([]float64, 1), p, nil)
}

// TestWarmStart checks that starting from a solution finishes at once.
func TestWarmStart(t *testing.T) {
	for _, method := range methods {
		rng := rand.New(rand.NewPCG(11, 99))
		p := lp.RandomProblem(rng, 60, 80, 5, 0.2)
		x, y := make([]float64, 80), make([]float64, 60)
		cold, err := lp.Solve(x, y, p, &lp.Settings{Tol: 1e-7, Method: method.m})
		if err != nil {
			t.Fatal(err)
		}
		warm, err := lp.Solve(x, y, p, &lp.Settings{Tol: 1e-7, WarmStart: true, PrimalWeight: cold.PrimalWeight, Method: method.m})
		if err != nil {
			t.Fatal(err)
		}
		if warm.Iterations >= cold.Iterations {
			t.Errorf("%s: warm start took %d iterations, cold %d", method.name, warm.Iterations, cold.Iterations)
		}
	}
}

// TestParseMethod checks that every method's name parses back to it and
// that an unknown name is an error.
func TestParseMethod(t *testing.T) {
	for _, m := range methods {
		got, err := lp.ParseMethod(m.name)
		if err != nil || got != m.m || got.String() != m.name {
			t.Errorf("ParseMethod(%q) = %v, %v; want %v", m.name, got, err, m.m)
		}
	}
	if _, err := lp.ParseMethod("simplex"); err == nil {
		t.Error("ParseMethod(\"simplex\"): no error")
	}
}
