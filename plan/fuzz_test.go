package plan_test

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"testing"
	"testing/fstest"

	"commune/plan"
	"commune/sparse"
)

// checkMatrix fails unless m is a well-formed n × n CSC matrix with
// finite non-negative entries.
func checkMatrix(t *testing.T, m *sparse.CSC, n int) {
	t.Helper()
	if m.Rows != n || m.Cols != n || len(m.ColPtr) != n+1 || m.ColPtr[0] != 0 || int(m.ColPtr[n]) != len(m.Val) || len(m.RowInd) != len(m.Val) {
		t.Fatalf("malformed matrix %d×%d ptr %d ind %d val %d", m.Rows, m.Cols, len(m.ColPtr), len(m.RowInd), len(m.Val))
	}
	for j := 0; j < n; j++ {
		if m.ColPtr[j] > m.ColPtr[j+1] {
			t.Fatalf("column pointers decrease at %d", j)
		}
		seen := map[int32]bool{}
		for k := m.ColPtr[j]; k < m.ColPtr[j+1]; k++ {
			if i := m.RowInd[k]; i < 0 || int(i) >= n || seen[i] {
				t.Fatalf("bad or repeated row %d in column %d", i, j)
			}
			seen[m.RowInd[k]] = true
			if v := m.Val[k]; v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("bad value %v", v)
			}
		}
	}
}

// wantInputError fails unless err is nil or an *InputError with a file.
func wantInputError(t *testing.T, err error) {
	t.Helper()
	var ie *plan.InputError
	if err != nil && (!errors.As(err, &ie) || ie.File == "" || ie.Reason == "") {
		t.Fatalf("error %v is not an *InputError with file and reason", err)
	}
}

func FuzzReadProducts(f *testing.F) {
	f.Add([]byte(okProducts))
	f.Add([]byte("id,unit,labour\na,kg,1e-3\n\"b,c\",\"x\"\"y\",2\n"))
	f.Add([]byte("labour,id,unit\n-1,a,kg\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, l, idx, err := plan.ReadProducts(bytes.NewReader(data), "products.csv", true)
		wantInputError(t, err)
		if err != nil {
			return
		}
		if len(ps) != len(l) || idx.Len() != len(ps) {
			t.Fatalf("%d products, %d labour, %d ids", len(ps), len(l), idx.Len())
		}
		for j, p := range ps {
			if p.ID == "" || idx.Lookup(p.ID) != j || l[j] < 0 || math.IsNaN(l[j]) || math.IsInf(l[j], 0) {
				t.Fatalf("bad product %d: %+v labour %v", j, p, l[j])
			}
		}
	})
}

func FuzzReadInputs(f *testing.F) {
	f.Add([]byte(okInputs))
	f.Add([]byte("product,input,quantity\nc,c,0.1\nb,c,0.3\na,b,0.1\nb,a,0.2\n"))
	f.Add([]byte("product,input,quantity\na,b,1\na,b,2\n"))
	f.Add([]byte("quantity,input,product\n1e400,a,b\n"))
	idx := plan.NewIndex([]plan.Product{{ID: "a"}, {ID: "b"}, {ID: "c"}})
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := plan.ReadInputs(bytes.NewReader(data), "inputs.csv", idx, 3)
		wantInputError(t, err)
		if err == nil {
			checkMatrix(t, m, 3)
		}
	})
}

func FuzzReadMatrixMarket(f *testing.F) {
	f.Add([]byte("%%MatrixMarket matrix coordinate real general\n% c\n3 3 4\n2 1 0.1\n1 2 0.2\n3 2 0.3\n3 3 0.1\n"))
	f.Add([]byte("%%MatrixMarket matrix coordinate integer symmetric\n3 3 2\n2 1 1\n3 3 2\n"))
	f.Add([]byte("%%MatrixMarket matrix coordinate real general\n3 3 1\n1 1 -1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := plan.ReadMatrixMarket(bytes.NewReader(data), "inputs.mtx", 3)
		wantInputError(t, err)
		if err == nil {
			checkMatrix(t, m, 3)
		}
	})
}

func FuzzReadNeeds(f *testing.F) {
	f.Add([]byte("product,quantity,priority\na,10,1\nc,5,2\n"))
	f.Add([]byte("product,quantity\na,1\na,2\n"))
	idx := plan.NewIndex([]plan.Product{{ID: "a"}, {ID: "b"}, {ID: "c"}})
	f.Fuzz(func(t *testing.T, data []byte) {
		needs, err := plan.ReadNeeds(bytes.NewReader(data), "needs.csv", idx)
		wantInputError(t, err)
		for _, n := range needs {
			if n.Product < 0 || n.Product > 2 || n.Priority < 1 || n.Quantity < 0 {
				t.Fatalf("bad need %+v", n)
			}
		}
	})
}

func FuzzImportIO(f *testing.F) {
	f.Add([]byte("sector,x,y\nx,10,5\ny,20,1\n"), []byte("sector,gross_output,labour,name\nx,100,10,X\ny,50,5,Y\n"))
	f.Add([]byte("sector,y,x\ny,1,2\nx,0,0\n"), []byte("sector,gross_output,labour\nx,0,0\ny,5,1\n"))
	f.Fuzz(func(t *testing.T, flows, sectors []byte) {
		e, _, err := plan.ImportIO(bytes.NewReader(flows), "flows.csv", bytes.NewReader(sectors), "sectors.csv")
		wantInputError(t, err)
		if err == nil {
			checkMatrix(t, e.A, len(e.Products))
		}
	})
}

// FuzzParseFloat checks the fast number parser against strconv through
// the labour column.
func FuzzParseFloat(f *testing.F) {
	for _, s := range []string{"0.1", "1e22", "123456789012345678", "5.", ".5e-3", "1e", "0x10", "inf", "1_0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if bytes.ContainsAny([]byte(s), ",\"\r\n \t") {
			return
		}
		_, l, _, err := plan.ReadProducts(bytes.NewReader([]byte("id,unit,labour\na,u,"+s+"\n")), "p", true)
		want, perr := strconv.ParseFloat(s, 64)
		valid := perr == nil && !math.IsNaN(want) && !math.IsInf(want, 0) && want >= 0 && s != "" &&
			!bytes.ContainsAny([]byte(s), "xXpP_iInN")
		if valid && (err != nil || l[0] != want) {
			t.Fatalf("%q: got %v, %v; want %v", s, l, err, want)
		}
		if err == nil && l[0] != want {
			t.Fatalf("%q: read %v, strconv says %v (%v)", s, l[0], want, perr)
		}
	})
}

func FuzzReadResources(f *testing.F) {
	f.Add([]byte("id,unit,available\nlabour,h,1000\nland,ha,\n"))
	f.Add([]byte("id,unit,available\nx,h,-1\nx,h,2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := plan.ReadResources(bytes.NewReader(data), "resources.csv")
		wantInputError(t, err)
		for _, r := range rs {
			if r.ID == "" || r.Available < 0 || math.IsNaN(r.Available) {
				t.Fatalf("bad resource %+v", r)
			}
		}
	})
}

// FuzzReadTechniques fuzzes processes.csv and uses.csv of the
// multi-technique form.
func FuzzReadTechniques(f *testing.F) {
	f.Add([]byte("id,product,output,capacity\nbakery,bread,10,50\nmill,flour,100,\n"),
		[]byte("process,item,quantity\nbakery,flour,5\nbakery,labour,8\nmill,labour,4\n"))
	f.Add([]byte("id,product,output\np,bread,0\n"), []byte("process,item,quantity\np,p,1\n"))
	f.Fuzz(func(t *testing.T, processes, uses []byte) {
		tc, err := plan.ReadTechniques(fstest.MapFS{
			"products.csv":  {Data: []byte("id,unit\nbread,loaf\nflour,kg\n")},
			"resources.csv": {Data: []byte("id,unit,available\nlabour,h,1000\n")},
			"processes.csv": {Data: processes},
			"uses.csv":      {Data: uses},
		})
		wantInputError(t, err)
		if err != nil {
			return
		}
		checkRect := func(m *sparse.CSC, rows int) {
			if m.Rows != rows || m.Cols != len(tc.Processes) || int(m.ColPtr[m.Cols]) != len(m.Val) {
				t.Fatalf("malformed use matrix %d×%d", m.Rows, m.Cols)
			}
			for _, i := range m.RowInd {
				if i < 0 || int(i) >= rows {
					t.Fatalf("row %d out of range", i)
				}
			}
		}
		checkRect(tc.ProductUse, 2)
		checkRect(tc.ResourceUse, 1)
		for _, p := range tc.Processes {
			if p.Output <= 0 || p.Product < 0 || p.Product > 1 {
				t.Fatalf("bad process %+v", p)
			}
		}
	})
}
