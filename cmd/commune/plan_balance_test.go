package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"commune/plan"
)

// balanceCLI runs the real command line and returns its exit status and
// standard error.
func balanceCLI(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stderr.String()
}

// balanceRows reads a CSV file written by plan balance into id → fields.
func balanceRows(t *testing.T, path, header string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != header {
		t.Fatalf("%s: header %q, want %q", path, got, header)
	}
	m := map[string][]string{}
	for _, r := range recs[1:] {
		m[r[0]] = r[1:]
	}
	return m
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// writeFiles writes name → content into a new temporary directory.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// ochoa is Ochoa's three-industry economy (../shared/data/economy/ochoa-3),
// whose labour values are (0.4398417, 7.739431, 0.8979541).
func ochoa(t *testing.T, needs string) string {
	t.Helper()
	src := filepath.Join("..", "..", "..", "shared", "data", "economy", "ochoa-3")
	files := map[string]string{"needs.csv": needs}
	for _, name := range []string{"products.csv", "inputs.csv"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(b)
	}
	return writeFiles(t, files)
}

// TestPlanBalanceSingleTechnique checks the plan ray against labour
// values, by both solver methods: with one technique per product, meeting
// a share θ of needs d takes θ·v·d hours, so with H hours priority 1 (s1)
// is met in full and priority 2 to (H − v₁d₁)/(v₂d₂ + v₃d₃).
func TestPlanBalanceSingleTechnique(t *testing.T) {
	for _, method := range []string{"halpern", "adaptive"} {
		t.Run(method, func(t *testing.T) {
			dir := ochoa(t, "product,quantity,priority\ns1,10,1\ns2,5,2\ns3,20,2\n")
			out := filepath.Join(t.TempDir(), "out")
			code, stderr := balanceCLI(t, "plan", "balance", dir, "--out", out, "--labour-hours", "30", "--tol", "1e-8", "--method", method)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			v := []float64{0.4398417, 7.739431, 0.8979541}
			want2 := (30 - 10*v[0]) / (5*v[1] + 20*v[2])
			prod := balanceRows(t, filepath.Join(out, "products.csv"), "product,gross_output,net_output,need,fulfilment")
			for id, want := range map[string]float64{"s1": 1, "s2": want2, "s3": want2} {
				if got := num(t, prod[id][3]); math.Abs(got-want) > 2e-6 {
					t.Errorf("%s: fulfilment %v, want %.6f", id, got, want)
				}
			}
			res := balanceRows(t, filepath.Join(out, "resources.csv"), "resource,used,available,shadow_price")
			if used := num(t, res["labour"][0]); used > 30 || used < 30*(1-1e-5) {
				t.Errorf("labour used %v, want 30", used)
			}
			procs := balanceRows(t, filepath.Join(out, "processes.csv"), "process,activity")
			if len(procs) != 3 {
				t.Errorf("%d processes, want 3", len(procs))
			}
			for _, s := range []string{"priority 1", "priority 2", "labour", "rel. gap"} {
				if !strings.Contains(stderr, s) {
					t.Errorf("summary lacks %q:\n%s", s, stderr)
				}
			}
		})
	}
}

// TestPlanBalanceTechniques runs the multi-technique form: two ways to
// make bread, one short of labour but capacity-limited.
func TestPlanBalanceTechniques(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"products.csv":  "id,unit\nbread,kg\nflour,kg\n",
		"resources.csv": "id,unit,available\nlabour,hour,100\noven,hour,30\n",
		"processes.csv": "id,product,output,capacity\nbakery,bread,1,40\nhome,bread,1,\nmill,flour,1,\n",
		"uses.csv":      "process,item,quantity\nbakery,flour,0.8\nbakery,labour,0.5\nbakery,oven,0.5\nhome,flour,0.9\nhome,labour,2\nmill,labour,0.25\n",
		"needs.csv":     "product,quantity,priority\nbread,60,1\nflour,10,2\n",
	})
	out := filepath.Join(t.TempDir(), "out")
	code, stderr := balanceCLI(t, "plan", "balance", dir, "--out", out, "--tol", "1e-8")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// Bakery runs to its capacity of 40 (oven 20 of 30 hours); home makes
	// the other 20 kg; the mill makes 0.8·40 + 0.9·20 + 10 = 60 kg of
	// flour. Labour: 0.5·40 + 2·20 + 0.25·60 = 75 hours, within 100.
	procs := balanceRows(t, filepath.Join(out, "processes.csv"), "process,activity")
	for id, want := range map[string]float64{"bakery": 40, "home": 20, "mill": 60} {
		if got := num(t, procs[id][0]); math.Abs(got-want) > 1e-5*want {
			t.Errorf("%s: activity %v, want %v", id, got, want)
		}
	}
	res := balanceRows(t, filepath.Join(out, "resources.csv"), "resource,used,available,shadow_price")
	if got := num(t, res["labour"][0]); math.Abs(got-75) > 1e-4 {
		t.Errorf("labour used %v, want 75", got)
	}
}

func TestPlanBalanceBadInput(t *testing.T) {
	good := map[string]string{
		"products.csv": "id,unit,labour\na,kg,1\nb,kg,2\n",
		"inputs.csv":   "product,input,quantity\na,b,0.5\n",
		"needs.csv":    "product,quantity\na,1\n",
	}
	tests := []struct {
		name  string
		edit  map[string]string
		args  []string
		wants []string
	}{
		{"unknown id", map[string]string{"inputs.csv": "product,input,quantity\na,zz,0.5\n"}, nil, []string{"inputs.csv:2"}},
		{"negative need", map[string]string{"needs.csv": "product,quantity\na,-1\n"}, nil, []string{"needs.csv:2"}},
		{"unproductive", map[string]string{"inputs.csv": "product,input,quantity\na,b,2\nb,a,1\n"}, nil, []string{"unproductive"}},
		{"bad labour hours", nil, []string{"--labour-hours", "-3"}, []string{"--labour-hours"}},
		{"no out", nil, []string{"--out", ""}, []string{"--out"}},
		{"unknown method", nil, []string{"--method", "simplex"}, []string{"--method", "halpern or adaptive"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range good {
				files[k] = v
			}
			for k, v := range tt.edit {
				files[k] = v
			}
			dir := writeFiles(t, files)
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"plan", "balance", dir, "--out", out}, tt.args...)
			code, stderr := balanceCLI(t, args...)
			if code == 0 {
				t.Fatalf("exit 0, want an error; stderr:\n%s", stderr)
			}
			for _, w := range tt.wants {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s written on error", out)
			}
		})
	}
}

// TestPlanBalanceGenerated generates a multi-technique economy with
// "plan generate --techniques" and balances it from the files: the plan
// must be the one plan.Balance makes of the same economy in memory, and
// feasible as written.
func TestPlanBalanceGenerated(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "econ")
	if code, stderr := balanceCLI(t, "plan", "generate", "--techniques", "--products", "400", "--seed", "7", "--out", dir, "--quiet"); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "out")
	code, stderr := balanceCLI(t, "plan", "balance", dir, "--out", out, "--tol", "1e-7")
	if code != 0 {
		t.Fatalf("balance: exit %d: %s", code, stderr)
	}
	tech := plan.GenerateTechniques(plan.TechniquesSpec{Products: 400, Seed: 7})
	want, err := plan.Balance(tech, &plan.BalanceOptions{Tol: 1e-7})
	if err != nil {
		t.Fatal(err)
	}
	res := balanceRows(t, filepath.Join(out, "resources.csv"), "resource,used,available,shadow_price")
	if len(res) != len(tech.Resources) {
		t.Fatalf("%d resources written, want %d", len(res), len(tech.Resources))
	}
	for r, rs := range tech.Resources {
		used, avail := num(t, res[rs.ID][0]), num(t, res[rs.ID][1])
		if used > avail*(1+1e-9) {
			t.Errorf("%s: used %v of %v", rs.ID, used, avail)
		}
		if math.Abs(used-want.Used[r]) > 1e-9*math.Max(1, want.Used[r]) {
			t.Errorf("%s: used %v, in memory %v", rs.ID, used, want.Used[r])
		}
	}
	prods := balanceRows(t, filepath.Join(out, "products.csv"), "product,gross_output,net_output,need,fulfilment")
	for i, p := range tech.Products {
		if net := num(t, prods[p.ID][1]); net < 0 || math.Abs(net-want.Net[i]) > 1e-9*math.Max(1, want.Gross[i]) {
			t.Errorf("%s: net output %v, in memory %v", p.ID, net, want.Net[i])
		}
	}
	for _, lv := range want.Levels {
		if !strings.Contains(stderr, fmt.Sprintf("priority %d: %d needs met to %.6f", lv.Priority, lv.Needs, lv.Fulfilment)) {
			t.Errorf("summary lacks priority %d met to %.6f:\n%s", lv.Priority, lv.Fulfilment, stderr)
		}
	}
	// Bad flags are usage errors, and nothing is written.
	bad := filepath.Join(t.TempDir(), "bad")
	if code, _ := balanceCLI(t, "plan", "generate", "--techniques", "--products", "10", "--processes", "0", "--out", bad, "--quiet"); code != 2 {
		t.Errorf("--processes 0: exit %d, want 2", code)
	}
	if _, err := os.Stat(bad); err == nil {
		t.Errorf("%s written on a usage error", bad)
	}
}
