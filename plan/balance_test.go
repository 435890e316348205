package plan

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"commune/sparse"

	"commune/lp/lptest"
)

// exactBalance solves the same sequence of programmes as Balance with
// GLPK's simplex, holding each proportion at glpsol's optimum.
func exactBalance(t *testing.T, tech *Techniques, tol float64) (theta []float64, labour float64) {
	t.Helper()
	bp := newBalanceProblem(tech)
	theta = make([]float64, len(bp.levels))
	for k := 0; k <= len(bp.levels); k++ {
		sol, err := lptest.Solve(context.Background(), bp.stage(k, theta))
		if err != nil {
			t.Fatal(err)
		}
		if sol.Status != "optimal" {
			t.Fatalf("glpsol: stage %d: %s", k, sol.Status)
		}
		if k < len(bp.levels) {
			theta[k] = bp.hold(sol.X[:bp.nProc], nil, theta, k, sol.X[bp.nProc+k], tol)
		} else {
			labour = sol.Objective
		}
	}
	return theta, labour
}

// checkPlan asserts the identities every balanced plan must satisfy.
func checkPlan(t *testing.T, tech *Techniques, p *BalancedPlan) {
	t.Helper()
	const tol = 1e-9
	for r, res := range tech.Resources {
		if p.Used[r] > res.Available*(1+tol) {
			t.Errorf("resource %s over-used: %.12g > %.12g", res.ID, p.Used[r], res.Available)
		}
	}
	consumed := make([]float64, len(tech.Products))
	for i := range consumed {
		consumed[i] = p.Gross[i] - p.Net[i]
	}
	for i, pr := range tech.Products {
		if p.Net[i] < -tol*math.Max(1, consumed[i]) {
			t.Errorf("product %s: negative net output %.3g (gross %.6g)", pr.ID, p.Net[i], p.Gross[i])
		}
	}
	for k, pr := range tech.Processes {
		if a := p.Activity[k]; a < 0 || a > pr.Capacity {
			t.Errorf("process %s: activity %g outside [0, %g]", pr.ID, a, pr.Capacity)
		}
	}
	level := map[int]float64{}
	for _, lv := range p.Levels {
		level[lv.Priority] = lv.Fulfilment
	}
	for _, nd := range tech.Needs {
		if want := level[nd.Priority] * nd.Quantity; p.Net[nd.Product] < want*(1-tol)-tol*math.Max(1, consumed[nd.Product]) {
			t.Errorf("product %s (priority %d): net output %.12g below %.12g", tech.Products[nd.Product].ID, nd.Priority, p.Net[nd.Product], want)
		}
	}
}

func TestBalanceMatchesGLPK(t *testing.T) {
	tests := []struct {
		name   string
		spec   TechniquesSpec
		single int // products of a random single-technique economy, when spec is empty
	}{
		{"single-technique", TechniquesSpec{}, 400},
		{"tiny", TechniquesSpec{Products: 5, Inputs: 2, Seed: 1}, 0},
		{"small", TechniquesSpec{Products: 60, Seed: 2}, 0},
		{"scarce", TechniquesSpec{Products: 200, Scarcity: 0.3, Seed: 3}, 0},
		{"plenty", TechniquesSpec{Products: 300, Scarcity: 2, Seed: 4}, 0},
		{"thousand", TechniquesSpec{Products: 1000, Seed: 5}, 0},
	}
	// 1e-8, not 1e-6: the residuals are relative to ‖b‖, which grows with
	// the number of needs, so at 1,000 products a relative residual of
	// 1e-7 still leaves θ off by 2e-6 in absolute terms.
	const tol = 1e-8
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tech *Techniques
			if tt.spec.Products > 0 {
				tech = GenerateTechniques(tt.spec)
			} else {
				tech = randomEconomy(tt.single, 42).Techniques()
			}
			wantTheta, wantLabour := exactBalance(t, tech, tol)
			p, err := Balance(tech, &BalanceOptions{Tol: tol})
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range p.Stages {
				t.Logf("%s: %s", st.Name, st.Result)
			}
			checkPlan(t, tech, p)
			if len(p.Levels) != len(wantTheta) {
				t.Fatalf("%d levels, want %d", len(p.Levels), len(wantTheta))
			}
			for k, lv := range p.Levels {
				if d := math.Abs(lv.Fulfilment - wantTheta[k]); d > 1e-6 {
					t.Errorf("priority %d: fulfilment %.10g, glpsol %.10g", lv.Priority, lv.Fulfilment, wantTheta[k])
				}
			}
			if d := math.Abs(p.Labour-wantLabour) / math.Max(1, wantLabour); d > 1e-6 {
				t.Errorf("labour %.10g, glpsol %.10g (rel. diff %.2e)", p.Labour, wantLabour, d)
			}
			t.Logf("levels %+v, labour %.10g (glpsol %.10g)", p.Levels, p.Labour, wantLabour)
		})
	}
}

// randomEconomy returns a productive single-technique economy of n
// products (column sums of A below 0.8) with needs at priorities 1 to 3
// and labour limited to 60% of what meeting every need would take.
func randomEconomy(n int, seed uint64) *Economy {
	rng := rand.New(rand.NewPCG(seed, 1))
	e := &Economy{Labour: make([]float64, n)}
	a := &sparse.CSC{Rows: n, Cols: n, ColPtr: []int64{0}}
	for j := 0; j < n; j++ {
		e.Products = append(e.Products, Product{ID: fmt.Sprintf("g%d", j), Unit: "unit"})
		e.Labour[j] = 0.1 + rng.Float64()
		budget := 0.8 * rng.Float64()
		rows := map[int32]bool{}
		for k := 0; k < 5; k++ {
			rows[int32(rng.IntN(n))] = true
		}
		var idx []int32
		for i := range rows {
			idx = append(idx, i)
		}
		for x := 1; x < len(idx); x++ {
			for y := x; y > 0 && idx[y] < idx[y-1]; y-- {
				idx[y], idx[y-1] = idx[y-1], idx[y]
			}
		}
		for _, i := range idx {
			a.RowInd = append(a.RowInd, i)
			a.Val = append(a.Val, budget/float64(len(idx)))
		}
		a.ColPtr = append(a.ColPtr, int64(len(a.Val)))
		if rng.IntN(3) == 0 {
			e.Needs = append(e.Needs, Need{Product: j, Quantity: 1 + 9*rng.Float64(), Priority: 1 + rng.IntN(3)})
		}
	}
	e.A = a
	// Labour to meet every need, by a Neumann series for x = Ax + d.
	d := e.Need()
	x := append([]float64(nil), d...)
	for it := 0; it < 200; it++ {
		next := append([]float64(nil), d...)
		for j := 0; j < n; j++ {
			for q := a.ColPtr[j]; q < a.ColPtr[j+1]; q++ {
				next[a.RowInd[q]] += a.Val[q] * x[j]
			}
		}
		x = next
	}
	total := 0.0
	for j := range x {
		total += e.Labour[j] * x[j]
	}
	e.Resources = []Resource{{ID: LabourID, Unit: "hour", Available: 0.6 * total}}
	return e
}

// TestBalanceKeepsUrgentLevels checks that a balance solved to a coarse
// tolerance still meets in full the levels it met in full: the shortfalls
// the least-labour programme leaves are made up without taking from the
// urgent needs (see balanceProblem.blend).
func TestBalanceKeepsUrgentLevels(t *testing.T) {
	for _, tol := range []float64{1e-3, 1e-4} {
		tech := GenerateTechniques(TechniquesSpec{Products: 3000, Seed: 11})
		p, err := Balance(tech, &BalanceOptions{Tol: tol})
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, tech, p)
		full := 0
		for k, st := range p.Stages {
			if st.InFull {
				full++
				if got := p.Levels[k].Fulfilment; got != 1 {
					t.Errorf("tol %g: %s met in full by its programme, %.9g in the plan", tol, st.Name, got)
				}
			}
		}
		if full == 0 {
			t.Fatalf("tol %g: no level met in full: the case tests nothing", tol)
		}
		t.Logf("tol %g: levels %+v, labour %.6g", tol, p.Levels, p.Labour)
	}
}

// TestRepairUsesCheapestProcess checks that a repair makes what is short
// with the cheapest process that has capacity left, in labour counting the
// labour in its inputs, not with the first one listed: bread by hand (2
// hours and 1 flour) or by oven (0.5 hours and 1.5 flour, flour 1 hour:
// 2 hours in all against 3).
func TestRepairUsesCheapestProcess(t *testing.T) {
	inf := math.Inf(1)
	for _, tt := range []struct {
		name                  string
		ovenCap               float64
		wantHand, wantOven    float64
		wantFlour, wantLabour float64
	}{
		{"oven unlimited", inf, 0, 10, 15, 20},
		{"oven capacity 4", 4, 6, 4, 12, 26},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tech := &Techniques{
				Products:  []Product{{ID: "bread"}, {ID: "flour"}},
				Resources: []Resource{{ID: LabourID, Available: inf}},
				Processes: []Process{
					{ID: "hand", Product: 0, Output: 1, Capacity: inf},
					{ID: "oven", Product: 0, Output: 1, Capacity: tt.ovenCap},
					{ID: "mill", Product: 1, Output: 1, Capacity: inf},
				},
				// Columns: hand, oven, mill; rows: bread, flour.
				ProductUse:  &sparse.CSC{Rows: 2, Cols: 3, ColPtr: []int64{0, 1, 2, 2}, RowInd: []int32{1, 1}, Val: []float64{1, 1.5}},
				ResourceUse: &sparse.CSC{Rows: 1, Cols: 3, ColPtr: []int64{0, 1, 2, 3}, RowInd: []int32{0, 0, 0}, Val: []float64{2, 0.5, 1}},
				Needs:       []Need{{Product: 0, Quantity: 10, Priority: 1}},
			}
			bp := newBalanceProblem(tech)
			bp.orderProducers(bp.labourValues())
			a := make([]float64, 3)
			bp.meet(a, []float64{1})
			_, _, used := bp.flows(a)
			for _, c := range []struct {
				name      string
				got, want float64
			}{{"hand", a[0], tt.wantHand}, {"oven", a[1], tt.wantOven}, {"mill", a[2], tt.wantFlour}, {"labour", used[0], tt.wantLabour}} {
				if math.Abs(c.got-c.want) > 1e-4*(1+c.want) {
					t.Errorf("%s = %g, want %g", c.name, c.got, c.want)
				}
			}
		})
	}
}
