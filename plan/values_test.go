package plan_test

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"commune/plan"
	"commune/sparse"
)

// sharedData is the project's read-only reference data.
var sharedData = filepath.Join("..", "..", "shared", "data")

var methods = []sparse.Method{sparse.Auto, sparse.Neumann, sparse.BiCGSTAB}

func TestOchoaValues(t *testing.T) {
	tests := []struct {
		dir  string
		want []float64
	}{
		{"ochoa-3", []float64{0.4398417, 7.739431, 0.8979541}},
		{"ochoa-3-depreciation", []float64{0.5192079, 8.309406, 0.9407729}},
	}
	for _, tt := range tests {
		for _, m := range methods {
			t.Run(tt.dir+"/"+m.String(), func(t *testing.T) {
				e, err := plan.ReadEconomy(os.DirFS(filepath.Join(sharedData, "economy", tt.dir)))
				if err != nil {
					t.Fatal(err)
				}
				v, _, err := e.Values(sparse.Settings{Method: m})
				if err != nil {
					t.Fatal(err)
				}
				for i := range tt.want {
					if got := sigfig(v[i], 7); got != tt.want[i] {
						t.Errorf("value of %s = %.10g (rounded %v), want %v", e.Products[i].ID, v[i], got, tt.want[i])
					}
				}
			})
		}
	}
}

// importDir runs ImportIO on a table of shared/data/io and reads the
// economy back through the files it writes, as import-io then values do.
func importDir(t *testing.T, dir string) (*plan.Economy, []plan.Sector) {
	t.Helper()
	flows, err := os.Open(filepath.Join(dir, "flows.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer flows.Close()
	sectors, err := os.Open(filepath.Join(dir, "sectors.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer sectors.Close()
	e, dropped, err := plan.ImportIO(flows, "flows.csv", sectors, "sectors.csv")
	if err != nil {
		t.Fatal(err)
	}
	var p, in bytes.Buffer
	if err := plan.WriteEconomy(e, &p, &in, nil); err != nil {
		t.Fatal(err)
	}
	back, err := plan.ReadEconomy(fstest.MapFS{
		"products.csv": {Data: p.Bytes()},
		"inputs.csv":   {Data: in.Bytes()},
	})
	if err != nil {
		t.Fatal(err)
	}
	return back, dropped
}

func TestGermanyEmploymentMultipliers(t *testing.T) {
	// Eurostat Manual (2008) table 15.4: labour in thousand persons,
	// output in million EUR, so values are thousand persons per million
	// EUR of final demand, the unit the published figures are in.
	want := map[string]float64{
		"agriculture": 0.0326, "manufacturing": 0.0162, "construction": 0.0207,
		"trade": 0.0237, "business_services": 0.0112, "other_services": 0.0242,
	}
	e, dropped := importDir(t, filepath.Join(sharedData, "io", "eurostat-de-1995"))
	if len(dropped) != 0 {
		t.Errorf("dropped %v, want none", dropped)
	}
	v, _, err := e.Values(sparse.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if len(v) != len(want) {
		t.Fatalf("%d products, want %d", len(v), len(want))
	}
	for j, p := range e.Products {
		if got := math.Round(v[j]*1e4) / 1e4; got != want[p.ID] {
			t.Errorf("%s: multiplier %.6f rounds to %.4f, want %.4f", p.ID, v[j], got, want[p.ID])
		}
	}
}

// TestWIODAgainstDense checks, for every WIOD table, that import-io and
// values agree with a dense LU solve to 1e-9 relative.
func TestWIODAgainstDense(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(sharedData, "io", "wiod2016", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no WIOD tables found: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			e, dropped := importDir(t, dir)
			for _, s := range dropped {
				if s.GrossOutput != 0 {
					t.Errorf("dropped %s with output %g", s.Code, s.GrossOutput)
				}
			}
			if len(e.Products)+len(dropped) != 56 {
				t.Errorf("%d products + %d dropped, want 56 sectors", len(e.Products), len(dropped))
			}
			want, err := denseValues(e)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range methods {
				got, _, err := e.Values(sparse.Settings{Method: m})
				if err != nil {
					t.Fatal(err)
				}
				if d := maxRelDiff(got, want); d > 1e-9 {
					t.Errorf("%s: relative difference from the dense solve %.3g > 1e-9", m, d)
				}
			}
		})
	}
}

// TestLabourIdentity checks v·d = l·x on seeded random economies: the
// labour embodied in the net product equals the labour expended on the
// gross product. It also checks both against dense solves.
func TestLabourIdentity(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		n := 5 + int(seed*37%200)
		k := 1 + int(seed%uint64(min(12, n-1)))
		e, err := plan.Generator{Products: n, Inputs: k, Seed: seed}.Economy()
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range methods {
			v, _, err := e.Values(sparse.Settings{Method: m})
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			x, d, _, err := e.Outputs(sparse.Settings{Method: m})
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			var vd, lx float64
			for j := range v {
				vd += v[j] * d[j]
				lx += e.Labour[j] * x[j]
			}
			if math.Abs(vd-lx) > 1e-9*lx {
				t.Errorf("seed %d %s: v·d = %.15g, l·x = %.15g", seed, m, vd, lx)
			}
			wv, _ := denseValues(e)
			wx, _ := denseOutputs(e)
			if dv, dx := maxRelDiff(v, wv), maxRelDiff(x, wx); dv > 1e-9 || dx > 1e-9 {
				t.Errorf("seed %d %s: relative difference from dense: values %.3g, outputs %.3g", seed, m, dv, dx)
			}
		}
	}
}

// sigfig rounds x to n significant figures.
func sigfig(x float64, n int) float64 {
	if x == 0 {
		return 0
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}
