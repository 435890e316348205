package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var sharedData = filepath.Join("..", "..", "..", "shared", "data")

// runCLI runs the commune command line in-process and returns its exit
// status, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// readCSV parses CSV output into records after the header, keyed by the
// first column.
func readCSV(t *testing.T, data, header string) map[string][]float64 {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != header {
		t.Fatalf("header %v, want %s", recs, header)
	}
	m := map[string][]float64{}
	for _, r := range recs[1:] {
		for _, f := range r[1:] {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatal(err)
			}
			m[r[0]] = append(m[r[0]], v)
		}
	}
	return m
}

func TestPlanValuesOchoa(t *testing.T) {
	code, out, errs := runCLI(t, "plan", "values", filepath.Join(sharedData, "economy", "ochoa-3-depreciation"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	got := readCSV(t, out, "product,value")
	for id, want := range map[string]float64{"s1": 0.5192079, "s2": 8.309406, "s3": 0.9407729} {
		if math.Abs(got[id][0]-want) > 5e-7*want {
			t.Errorf("%s: %v, want %v", id, got[id][0], want)
		}
	}
	if !strings.Contains(errs, "relative residual") {
		t.Errorf("no summary on stderr: %q", errs)
	}
}

// TestPlanImportIO runs import-io and values as a user would, on the
// Germany 1995 table (published multipliers) and a WIOD table with a
// zero-output sector.
func TestPlanImportIO(t *testing.T) {
	dir := t.TempDir()
	de := filepath.Join(dir, "de")
	src := filepath.Join(sharedData, "io", "eurostat-de-1995")
	code, _, errs := runCLI(t, "plan", "import-io", "--flows", filepath.Join(src, "flows.csv"), "--sectors", filepath.Join(src, "sectors.csv"), "--out", de)
	if code != 0 {
		t.Fatalf("import-io: exit %d: %s", code, errs)
	}
	code, out, errs := runCLI(t, "plan", "values", de)
	if code != 0 {
		t.Fatalf("values: exit %d: %s", code, errs)
	}
	got := readCSV(t, out, "product,value")
	want := map[string]float64{"agriculture": 0.0326, "manufacturing": 0.0162, "construction": 0.0207,
		"trade": 0.0237, "business_services": 0.0112, "other_services": 0.0242}
	for id, w := range want {
		if r := math.Round(got[id][0]*1e4) / 1e4; r != w {
			t.Errorf("%s: %v rounds to %v, want %v", id, got[id][0], r, w)
		}
	}
	us := filepath.Join(dir, "us")
	src = filepath.Join(sharedData, "io", "wiod2016", "USA-2010")
	code, _, errs = runCLI(t, "plan", "import-io", "--flows", filepath.Join(src, "flows.csv"), "--sectors", filepath.Join(src, "sectors.csv"), "--out", us)
	if code != 0 || !strings.Contains(errs, "warning: dropped") || !strings.Contains(errs, "U") {
		t.Fatalf("import-io USA-2010: exit %d, want 0 and a warning naming U: %s", code, errs)
	}
	code, out, errs = runCLI(t, "plan", "check", us)
	if code != 0 || !strings.Contains(out, "productive") {
		t.Fatalf("check: exit %d: %s %s", code, out, errs)
	}
}

// copyDir copies the files of src into a new directory.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// TestPlanBadInput checks that malformed files make every command exit
// non-zero with file, line and reason, writing nothing to --out.
func TestPlanBadInput(t *testing.T) {
	ochoa := filepath.Join(sharedData, "economy", "ochoa-3")
	tests := []struct {
		name, file, data, want string
	}{
		{"negative", "inputs.csv", "product,input,quantity\ns1,s1,0.265\ns1,s2,-0.0121\n", "inputs.csv:3:3: quantity: negative quantity -0.0121"},
		{"not a number", "products.csv", "id,unit,labour\ns1,u,0.193\ns2,u,many\ns3,u,1\n", "products.csv:3:3: labour: not a number: \"many\""},
		{"unknown id", "inputs.csv", "product,input,quantity\ns1,s9,0.2\n", "inputs.csv:2:2: input: unknown product \"s9\""},
		{"duplicate pair", "inputs.csv", "product,input,quantity\ns1,s2,0.2\ns1,s2,0.3\n", "inputs.csv:3: duplicate pair (product \"s1\", input \"s2\")"},
		{"duplicate id", "products.csv", "id,unit,labour\ns1,u,1\ns2,u,1\ns3,u,1\ns2,u,1\n", "products.csv:5:1: id: duplicate product \"s2\" (first on line 3)"},
		{"bad needs", "needs.csv", "product,quantity\ns1,x\n", "needs.csv:2:2: quantity: not a number"},
		{"unproductive", "inputs.csv", "product,input,quantity\ns1,s2,0.5\ns2,s1,3\ns3,s1,0.1\n", "cycle of products s1, s2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyDir(t, ochoa)
			if err := os.WriteFile(filepath.Join(dir, tt.file), []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, sub := range []string{"values", "outputs", "check"} {
				out := filepath.Join(t.TempDir(), "out")
				args := []string{"plan", sub, dir}
				if sub != "check" {
					args = append(args, "--out", out)
				}
				code, stdout, errs := runCLI(t, args...)
				if code == 0 {
					t.Errorf("%s: exit 0, want an error", sub)
				}
				if !strings.Contains(errs, tt.want) {
					t.Errorf("%s: stderr %q does not contain %q", sub, errs, tt.want)
				}
				if tt.name != "unproductive" && !strings.Contains(errs, filepath.Join(dir, tt.file)) {
					t.Errorf("%s: stderr %q does not name the file's path", sub, errs)
				}
				if stdout != "" {
					t.Errorf("%s: wrote to stdout: %q", sub, stdout)
				}
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("%s: --out %s was created despite the error", sub, out)
				}
				siblings, _ := os.ReadDir(filepath.Dir(out))
				if len(siblings) != 0 {
					t.Errorf("%s: left %d files beside --out", sub, len(siblings))
				}
			}
		})
	}
	// import-io: a bad table writes nothing either.
	dir := t.TempDir()
	flows := filepath.Join(dir, "flows.csv")
	sectors := filepath.Join(dir, "sectors.csv")
	os.WriteFile(flows, []byte("sector,a,b\na,1,2\nb,3\n"), 0o644)
	os.WriteFile(sectors, []byte("sector,gross_output,labour\na,10,1\nb,10,1\n"), 0o644)
	out := filepath.Join(dir, "out")
	code, _, errs := runCLI(t, "plan", "import-io", "--flows", flows, "--sectors", sectors, "--out", out)
	if code == 0 || !strings.Contains(errs, flows+":3: 2 fields, want 3") {
		t.Errorf("import-io: exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("import-io wrote --out despite the error")
	}
	// Usage errors exit 2.
	if code, _, _ := runCLI(t, "plan", "values"); code != 2 {
		t.Errorf("values without DIR: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "plan", "frobnicate"); code != 2 {
		t.Errorf("unknown sub-command: exit %d, want 2", code)
	}
}

// TestPlanGenerate generates an economy and runs check, values and
// outputs on it, checking v·d = l·x from the files written.
func TestPlanGenerate(t *testing.T) {
	for _, format := range []string{"csv", "mtx"} {
		dir := filepath.Join(t.TempDir(), "g")
		code, _, errs := runCLI(t, "plan", "generate", "--products", "5000", "--inputs", "12", "--seed", "3", "--out", dir, "--format", format)
		if code != 0 {
			t.Fatalf("generate: exit %d: %s", code, errs)
		}
		if code, out, errs := runCLI(t, "plan", "check", dir); code != 0 || !strings.Contains(out, "5000 products") {
			t.Fatalf("check: exit %d: %s %s", code, out, errs)
		}
		res := filepath.Join(t.TempDir(), "res")
		if code, _, errs := runCLI(t, "plan", "values", dir, "--out", res); code != 0 {
			t.Fatalf("values: exit %d: %s", code, errs)
		}
		// A second command adds its file to the existing directory.
		if code, _, errs := runCLI(t, "plan", "outputs", "--out", res, dir, "--method", "neumann"); code != 0 {
			t.Fatalf("outputs: exit %d: %s", code, errs)
		}
		v := readFile(t, filepath.Join(res, "values.csv"), "product,value")
		x := readFile(t, filepath.Join(res, "outputs.csv"), "product,gross_output,final")
		labour := readLabour(t, filepath.Join(dir, "products.csv"))
		var vd, lx float64
		for id, vv := range v {
			vd += vv[0] * x[id][1]
			lx += labour[id] * x[id][0]
		}
		if len(v) != 5000 || math.Abs(vd-lx) > 1e-9*lx {
			t.Errorf("%s: %d values; v·d = %.12g, l·x = %.12g", format, len(v), vd, lx)
		}
	}
}

func readFile(t *testing.T, path, header string) map[string][]float64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return readCSV(t, string(b), header)
}

func readLabour(t *testing.T, path string) map[string]float64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]float64{}
	for _, r := range recs[1:] {
		m[r[0]], _ = strconv.ParseFloat(r[2], 64)
	}
	return m
}
