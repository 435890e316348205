package plan_test

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"commune"
	"commune/plan"
	"commune/sparse"
)

const (
	okProducts = "id,unit,labour,name\na,kg,1,Apples\nb,t,2,\"Bolts, steel\"\nc,h,0.5,Care\n"
	okInputs   = "product,input,quantity\na,b,0.1\nb,a,0.2\nb,c,0.3\nc,c,0.1\n"
)

// economyFS returns the files of a small valid economy with some replaced
// (an empty string removes a file).
func economyFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"products.csv": {Data: []byte(okProducts)},
		"inputs.csv":   {Data: []byte(okInputs)},
		"needs.csv":    {Data: []byte("product,quantity,priority\na,10,1\nc,5,2\n")},
	}
	for name, data := range files {
		if data == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func TestReadEconomy(t *testing.T) {
	e, err := plan.ReadEconomy(economyFS(nil))
	if err != nil {
		t.Fatal(err)
	}
	wantProducts := []plan.Product{{ID: "a", Unit: "kg", Name: "Apples"}, {ID: "b", Unit: "t", Name: "Bolts, steel"}, {ID: "c", Unit: "h", Name: "Care"}}
	if diff := cmp.Diff(wantProducts, e.Products); diff != "" {
		t.Errorf("products (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{1, 2, 0.5}, e.Labour); diff != "" {
		t.Errorf("labour (-want +got):\n%s", diff)
	}
	// A[input][product]: b uses 0.2 a and 0.3 c; a uses 0.1 b; c uses 0.1 c.
	want := [][]float64{{0, 0.2, 0}, {0.1, 0, 0}, {0, 0.3, 0.1}}
	if diff := cmp.Diff(want, dense(e.A)); diff != "" {
		t.Errorf("A (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]plan.Need{{Product: 0, Quantity: 10, Priority: 1}, {Product: 2, Quantity: 5, Priority: 2}}, e.Needs); diff != "" {
		t.Errorf("needs (-want +got):\n%s", diff)
	}
}

func dense(m *sparse.CSC) [][]float64 {
	d := make([][]float64, m.Rows)
	for i := range d {
		d[i] = make([]float64, m.Cols)
		for j := range d[i] {
			d[i][j] = m.At(i, j)
		}
	}
	return d
}

// TestReadOrders checks that inputs in any order, CRLF line ends, blank
// lines and Matrix Market all give the same matrix.
func TestReadOrders(t *testing.T) {
	base, err := plan.ReadEconomy(economyFS(nil))
	if err != nil {
		t.Fatal(err)
	}
	variants := map[string]map[string]string{
		"shuffled": {"inputs.csv": "product,input,quantity\nc,c,0.1\nb,c,0.3\na,b,0.1\nb,a,0.2\n"},
		"crlf":     {"inputs.csv": strings.ReplaceAll(okInputs, "\n", "\r\n"), "products.csv": strings.ReplaceAll(okProducts, "\n", "\r\n")},
		"blanks":   {"inputs.csv": "product,input,quantity\n\na,b,0.1\n\nb,a,0.2\nb,c,0.3\nc,c,1e-1\n\n"},
		"columns":  {"inputs.csv": "quantity,note,input,product\n0.1,x,b,a\n0.2,y,a,b\n0.3,,c,b\n0.1,z,c,c"},
		"mtx":      {"inputs.csv": "", "inputs.mtx": "%%MatrixMarket matrix coordinate real general\n% comment\n3 3 4\n2 1 0.1\n1 2 0.2\n3 2 0.3\n3 3 0.1\n"},
	}
	for name, files := range variants {
		t.Run(name, func(t *testing.T) {
			e, err := plan.ReadEconomy(economyFS(files))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(dense(base.A), dense(e.A)); diff != "" {
				t.Errorf("A (-want +got):\n%s", diff)
			}
		})
	}
}

// TestGeneratedRoundTrip checks that what generate writes (CSV and
// Matrix Market) reads back to the economy generated in memory.
func TestGeneratedRoundTrip(t *testing.T) {
	g := plan.Generator{Products: 3000, Inputs: 12, Seed: 7}
	want, err := g.Economy()
	if err != nil {
		t.Fatal(err)
	}
	for _, mtx := range []bool{false, true} {
		var p, in, d bytes.Buffer
		if err := g.Write(&p, &in, &d, mtx, nil); err != nil {
			t.Fatal(err)
		}
		name := "inputs.csv"
		if mtx {
			name = "inputs.mtx"
		}
		got, err := plan.ReadEconomy(fstest.MapFS{"products.csv": {Data: p.Bytes()}, name: {Data: in.Bytes()}, "needs.csv": {Data: d.Bytes()}})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("mtx=%v: read back differs (-want +got):\n%s", mtx, diff)
		}
	}
}

// TestBadInput checks that every kind of malformed file is an
// *InputError naming the file, line, column and reason.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name   string
		files  map[string]string
		file   string
		line   int
		column int
		reason string
	}{
		{"no products.csv", map[string]string{"products.csv": ""}, "products.csv", 0, 0, "missing file"},
		{"no inputs", map[string]string{"inputs.csv": ""}, "inputs.csv", 0, 0, "missing"},
		{"empty products", map[string]string{"products.csv": "\n"}, "products.csv", 1, 0, "empty file"},
		{"missing column", map[string]string{"products.csv": "id,unit\na,kg\n"}, "products.csv", 1, 0, `missing column "labour"`},
		{"duplicate product", map[string]string{"products.csv": "id,unit,labour\na,kg,1\nb,kg,1\na,kg,2\n"}, "products.csv", 4, 1, `duplicate product "a" (first on line 2)`},
		{"empty id", map[string]string{"products.csv": "id,unit,labour\n,kg,1\n"}, "products.csv", 2, 1, "empty id"},
		{"negative labour", map[string]string{"products.csv": "id,unit,labour\na,kg,-1\n"}, "products.csv", 2, 3, "negative quantity -1"},
		{"non-numeric labour", map[string]string{"products.csv": "id,unit,labour\na,kg,lots\n"}, "products.csv", 2, 3, `not a number: "lots"`},
		{"NaN labour", map[string]string{"products.csv": "id,unit,labour\na,kg,NaN\n"}, "products.csv", 2, 3, "not a number"},
		{"short line", map[string]string{"products.csv": "id,unit,labour\na,kg\n"}, "products.csv", 2, 3, "missing field"},
		{"bad quote", map[string]string{"products.csv": "id,unit,labour,name\na,kg,1,\"Apples\n"}, "products.csv", 2, 4, "unterminated quoted field"},
		{"unknown product", map[string]string{"inputs.csv": "product,input,quantity\na,b,0.1\nz,a,1\n"}, "inputs.csv", 3, 1, `unknown product "z"`},
		{"unknown input", map[string]string{"inputs.csv": "product,input,quantity\na,zz,0.1\n"}, "inputs.csv", 2, 2, `unknown product "zz"`},
		{"duplicate pair", map[string]string{"inputs.csv": "product,input,quantity\na,b,0.1\na,c,1\na,b,0.2\n"}, "inputs.csv", 4, 0, `duplicate pair (product "a", input "b")`},
		{"duplicate pair unordered", map[string]string{"inputs.csv": "product,input,quantity\nb,c,1\na,b,0.1\nc,a,1\na,b,0.2\n"}, "inputs.csv", 5, 0, `duplicate pair (product "a", input "b"), first on line 3`},
		{"negative quantity", map[string]string{"inputs.csv": "product,input,quantity\na,b,-0.1\n"}, "inputs.csv", 2, 3, "negative quantity"},
		{"non-numeric quantity", map[string]string{"inputs.csv": "product,input,quantity\na,b,0.1x\n"}, "inputs.csv", 2, 3, "not a number"},
		{"empty quantity", map[string]string{"inputs.csv": "product,input,quantity\na,b,\n"}, "inputs.csv", 2, 3, "empty, want a number"},
		{"products before inputs.mtx", map[string]string{"products.csv": "id,unit,labour\na,kg,1\na,kg,2\n", "inputs.csv": "", "inputs.mtx": "%%MatrixMarket matrix coordinate real general\n3 3 1\n9 9 1\n"}, "products.csv", 3, 1, "duplicate product"},
		{"both inputs", map[string]string{"inputs.mtx": "%%MatrixMarket matrix coordinate real general\n3 3 0\n"}, "inputs.mtx", 0, 0, "both inputs.csv and inputs.mtx"},
		{"need unknown", map[string]string{"needs.csv": "product,quantity\nq,1\n"}, "needs.csv", 2, 1, `unknown product "q"`},
		{"need priority", map[string]string{"needs.csv": "product,quantity,priority\na,1,0\n"}, "needs.csv", 2, 3, "want a whole number ≥ 1"},
		{"need duplicate", map[string]string{"needs.csv": "product,quantity\na,1\na,2\n"}, "needs.csv", 3, 0, "duplicate need"},
		{"resource negative", map[string]string{"resources.csv": "id,unit,available\nlabour,h,-5\n"}, "resources.csv", 2, 3, "negative"},
		{"resource duplicate", map[string]string{"resources.csv": "id,unit,available\nland,ha,5\nland,ha,6\n"}, "resources.csv", 3, 1, "duplicate resource"},
	}
	mtxHead := "%%MatrixMarket matrix coordinate real general\n"
	for _, m := range []struct {
		name, body string
		line, col  int
		reason     string
	}{
		{"mtx header", "%%MatrixMarket matrix array real general\n3 3\n", 1, 3, "not supported"},
		{"mtx size", mtxHead + "4 4 0\n", 2, 0, "want 3 × 3"},
		{"mtx smaller", mtxHead + "2 2 1\n1 1 0.5\n", 2, 0, "want 3 × 3"},
		{"mtx huge", mtxHead + "2000000000 2000000000 0\n", 2, 0, "want 3 × 3"},
		{"mtx not square", mtxHead + "3 4 0\n", 2, 0, "want 3 × 3"},
		{"mtx deep error", mtxHead + "3 3 3\n2 1 0.1\n1 2 0.2\r\n3 2 1e-3x\n", 5, 3, "not a number"},
		{"mtx index", mtxHead + "3 3 1\n4 1 0.5\n", 3, 1, "not in 1..3"},
		{"mtx value", mtxHead + "3 3 1\n1 1 abc\n", 3, 3, "not a number"},
		{"mtx negative", mtxHead + "3 3 1\n1 1 -2\n", 3, 3, "negative"},
		{"mtx count", mtxHead + "3 3 2\n1 1 0.5\n", 3, 0, "announces 2"},
		{"mtx duplicate", mtxHead + "3 3 2\n2 1 0.5\n2 1 0.25\n", 4, 0, "duplicate entry"},
		{"mtx fields", mtxHead + "3 3 1\n1 1\n", 3, 0, "want \"row column value\""},
	} {
		tests = append(tests, struct {
			name   string
			files  map[string]string
			file   string
			line   int
			column int
			reason string
		}{m.name, map[string]string{"inputs.csv": "", "inputs.mtx": m.body}, "inputs.mtx", m.line, m.col, m.reason})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := plan.ReadEconomy(economyFS(tt.files))
			var ie *plan.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an *InputError", err)
			}
			got := []any{ie.File, ie.Line, ie.Column}
			if diff := cmp.Diff([]any{tt.file, tt.line, tt.column}, got); diff != "" {
				t.Errorf("%v: file, line, column (-want +got):\n%s", err, diff)
			}
			if !strings.Contains(ie.Reason, tt.reason) {
				t.Errorf("reason %q does not contain %q", ie.Reason, tt.reason)
			}
			if code := commune.ErrorCode(err); code != commune.EINVALID {
				t.Errorf("code %q, want %q", code, commune.EINVALID)
			}
		})
	}
}

// TestUnproductive checks that an economy whose products b and c use up
// more of each other than they make is an error naming exactly b and c.
func TestUnproductive(t *testing.T) {
	fsys := economyFS(map[string]string{
		"products.csv": "id,unit,labour\na,kg,1\nb,kg,1\nc,kg,1\nd,kg,1\n",
		// b and c: 1.5 × 0.8 = 1.2 > 1 around the cycle; a and d fine.
		"inputs.csv": "product,input,quantity\na,b,5\na,a,0.5\nb,c,1.5\nc,b,0.8\nd,a,0.2\n",
		"needs.csv":  "",
	})
	e, err := plan.ReadEconomy(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, call := range []func() error{
		func() error { _, err := e.Check(); return err },
		func() error { _, _, err := e.Values(sparse.Settings{}); return err },
		func() error { _, _, _, err := e.Outputs(sparse.Settings{}); return err },
	} {
		err := call()
		var ue *plan.UnproductiveError
		if !errors.As(err, &ue) {
			t.Fatalf("err = %v, want *UnproductiveError", err)
		}
		got := append([]string(nil), ue.Products...)
		if len(got) == 2 && got[0] > got[1] {
			got[0], got[1] = got[1], got[0]
		}
		if diff := cmp.Diff([]string{"b", "c"}, got); diff != "" {
			t.Errorf("cycle (-want +got):\n%s", diff)
		}
		if ue.Radius < 1 || ue.Radius > math.Sqrt(1.2)+1e-12 {
			t.Errorf("radius lower bound %v, want in [1, √1.2]", ue.Radius)
		}
		if reason := commune.ErrorReason(err); reason != "unproductive" {
			t.Errorf("reason %q", reason)
		}
	}
	// A product that uses more than one unit of itself is a cycle alone.
	e.A = &sparse.CSC{Rows: 4, Cols: 4, ColPtr: []int64{0, 0, 0, 0, 1}, RowInd: []int32{3}, Val: []float64{1}}
	_, err = e.Check()
	var ue *plan.UnproductiveError
	if !errors.As(err, &ue) || !cmp.Equal(ue.Products, []string{"d"}) {
		t.Errorf("self-use 1: err = %v, want the cycle [d]", err)
	}
	// Column sums above 1 do not by themselves make it unproductive.
	e.A = &sparse.CSC{Rows: 4, Cols: 4, ColPtr: []int64{0, 1, 2, 3, 3}, RowInd: []int32{1, 2, 1}, Val: []float64{3, 0.5, 0.5}}
	if p, err := e.Check(); err != nil || p.Cycles != 1 || p.Bound >= 1 {
		t.Errorf("productive with a column sum of 3: %+v, %v", p, err)
	}
}

func TestImportIOBad(t *testing.T) {
	sectors := "sector,gross_output,labour,name\nx,100,10,X\ny,50,5,Y\nz,0,0,Z\n"
	flows := "sector,x,y,z\nx,10,5,0\ny,20,1,0\nz,0,0,0\n"
	e, dropped, err := plan.ImportIO(strings.NewReader(flows), "flows.csv", strings.NewReader(sectors), "sectors.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(dropped) != 1 || dropped[0].Code != "z" {
		t.Errorf("dropped %v, want z", dropped)
	}
	if diff := cmp.Diff([][]float64{{0.1, 0.1}, {0.2, 0.02}}, dense(e.A)); diff != "" {
		t.Errorf("A (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{0.1, 0.1}, e.Labour); diff != "" {
		t.Errorf("l (-want +got):\n%s", diff)
	}
	bad := []struct {
		name, flows, sectors, file string
		line                       int
		reason                     string
	}{
		{"unknown column", "sector,x,q,z\n", sectors, "flows.csv", 1, `unknown sector "q"`},
		{"short row", "sector,x,y,z\nx,1,2\n", sectors, "flows.csv", 2, "3 fields, want 4"},
		{"negative flow", "sector,x,y,z\nx,1,-2,0\n", sectors, "flows.csv", 2, "negative"},
		{"missing row", "sector,x,y,z\nx,1,2,0\ny,1,1,0\n", sectors, "flows.csv", 0, `no row for sector "z"`},
		{"duplicate row", "sector,x,y,z\nx,1,2,0\nx,1,1,0\n", sectors, "flows.csv", 3, "two rows"},
		{"bad output", flows, "sector,gross_output,labour\nx,lots,1\n", "sectors.csv", 2, "not a number"},
	}
	for _, tt := range bad {
		_, _, err := plan.ImportIO(strings.NewReader(tt.flows), "flows.csv", strings.NewReader(tt.sectors), "sectors.csv")
		var ie *plan.InputError
		if !errors.As(err, &ie) || ie.File != tt.file || ie.Line != tt.line || !strings.Contains(ie.Reason, tt.reason) {
			t.Errorf("%s: err = %v, want %s line %d: %s", tt.name, err, tt.file, tt.line, tt.reason)
		}
	}
}

// TestReadTechniques reads the multi-technique form.
func TestReadTechniques(t *testing.T) {
	fsys := fstest.MapFS{
		"products.csv":  {Data: []byte("id,unit\nbread,loaf\nflour,kg\n")},
		"resources.csv": {Data: []byte("id,unit,available\nlabour,h,1000\nland,ha,\n")},
		"processes.csv": {Data: []byte("id,product,output,capacity\nbakery,bread,10,50\nmill,flour,100,\nfarm-mill,flour,80,5\n")},
		"uses.csv":      {Data: []byte("process,item,quantity\nbakery,flour,5\nbakery,labour,8\nmill,labour,4\nfarm-mill,land,1\nfarm-mill,labour,2\n")},
		"needs.csv":     {Data: []byte("product,quantity\nbread,100\n")},
	}
	tc, err := plan.ReadTechniques(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]float64{{0, 0, 0}, {5, 0, 0}}, dense(tc.ProductUse)); diff != "" {
		t.Errorf("product use (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]float64{{8, 4, 2}, {0, 0, 1}}, dense(tc.ResourceUse)); diff != "" {
		t.Errorf("resource use (-want +got):\n%s", diff)
	}
	if !math.IsInf(tc.Resources[1].Available, 1) || !math.IsInf(tc.Processes[1].Capacity, 1) || tc.Processes[0].Capacity != 50 {
		t.Errorf("unlimited capacity or availability not read: %+v %+v", tc.Resources, tc.Processes)
	}
	fsys["uses.csv"] = &fstest.MapFile{Data: []byte("process,item,quantity\nbakery,water,1\n")}
	_, err = plan.ReadTechniques(fsys)
	var ie *plan.InputError
	if !errors.As(err, &ie) || ie.File != "uses.csv" || ie.Line != 2 || !strings.Contains(ie.Reason, `unknown item "water"`) {
		t.Errorf("err = %v, want uses.csv line 2 unknown item", err)
	}
	// The single-technique form converts: one process per product.
	e, err := plan.ReadEconomy(economyFS(nil))
	if err != nil {
		t.Fatal(err)
	}
	tc = e.Techniques()
	if len(tc.Processes) != 3 || tc.Resources[0].ID != plan.LabourID || tc.ResourceUse.At(0, 1) != 2 {
		t.Errorf("Techniques() = %+v", tc)
	}
}

func TestParseFloatExact(t *testing.T) {
	for _, s := range []string{"0", "1", "0.1", "0.3", "123456789012345", "1234567890123456789", "1e22", "1e23", "4.9e-324",
		"0.000001", "-2.5", "+7", ".5", "5.", "1E-5", "0.012345", "1.7976931348623157e308", "0.1234567890123456789"} {
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		fsys := economyFS(map[string]string{"products.csv": "id,unit,labour\na,kg," + strings.TrimPrefix(s, "-") + "\n", "inputs.csv": "product,input,quantity\n", "needs.csv": ""})
		e, err := plan.ReadEconomy(fsys)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if got := e.Labour[0]; got != math.Abs(want) {
			t.Errorf("%s read as %v, want %v", s, got, math.Abs(want))
		}
	}
}
