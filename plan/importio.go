package plan

import (
	"fmt"
	"io"

	"commune/sparse"
)

// Sector is one row of an input-output table's sectors.csv.
type Sector struct {
	Code        string
	GrossOutput float64 // money units per year
	Labour      float64 // labour units per year (persons, hours)
	Name        string
}

// ImportIO turns a monetary input-output table into an economy whose
// products are "one money unit's worth of each sector's output", the
// format of shared/data/io: flows.csv is the square matrix Z of
// intermediate use (row i supplies column j), sectors.csv gives gross
// output x and labour L. Then A = Z / x by column and l = L / x.
// Sectors with zero gross output make nothing and cannot define input
// coefficients: they are dropped and returned, so the caller can warn.
func ImportIO(flows io.Reader, flowsName string, sectors io.Reader, sectorsName string) (*Economy, []Sector, error) {
	secs, err := readSectors(sectors, sectorsName)
	if err != nil {
		return nil, nil, err
	}
	code := make(map[string]int, len(secs))
	for i, s := range secs {
		code[s.Code] = i
	}
	z, err := readFlows(flows, flowsName, code)
	if err != nil {
		return nil, nil, err
	}
	// Keep the sectors with positive output, in the order of sectors.csv.
	keep := make([]int32, len(secs))
	e := &Economy{}
	var dropped []Sector
	for i, s := range secs {
		if s.GrossOutput == 0 {
			keep[i] = -1
			dropped = append(dropped, s)
			continue
		}
		keep[i] = int32(len(e.Products))
		e.Products = append(e.Products, Product{ID: s.Code, Unit: "money", Name: s.Name})
		e.Labour = append(e.Labour, s.Labour/s.GrossOutput)
	}
	if len(e.Products) == 0 {
		return nil, dropped, &InputError{File: sectorsName, Reason: "every sector has zero gross output"}
	}
	n := len(e.Products)
	a := &sparse.CSC{Rows: n, Cols: n, ColPtr: make([]int64, n+1)}
	for j, s := range secs {
		if keep[j] < 0 {
			continue
		}
		for i := range secs {
			if keep[i] >= 0 && z[i][j] != 0 {
				a.RowInd = append(a.RowInd, keep[i])
				a.Val = append(a.Val, z[i][j]/s.GrossOutput)
			}
		}
		a.ColPtr[keep[j]+1] = int64(len(a.Val))
	}
	e.A = a
	return e, dropped, nil
}

func readSectors(r io.Reader, file string) ([]Sector, error) {
	s := newScanner(r, file)
	col, err := s.readHeader([]string{"sector", "gross_output", "labour"}, "name")
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	var out []Sector
	for s.next() {
		id, err := s.id(col[0])
		if err != nil {
			return nil, err
		}
		if first, dup := seen[string(id)]; dup {
			return nil, s.errorf(s.line, col[0]+1, "sector", "duplicate sector %q (first on line %d)", clip(id), first)
		}
		seen[string(id)] = s.line
		x, err := s.quantity(col[1])
		if err != nil {
			return nil, err
		}
		l, err := s.quantity(col[2])
		if err != nil {
			return nil, err
		}
		out = append(out, Sector{Code: string(id), GrossOutput: x, Labour: l, Name: string(s.optField(col[3]))})
	}
	if s.err != nil {
		return nil, s.err
	}
	if len(out) == 0 {
		return nil, s.errorf(0, 0, "", "no sectors")
	}
	return out, nil
}

// readFlows reads the square flow matrix, rows and columns keyed by the
// sector codes of sectors.csv, into a dense matrix in that order.
func readFlows(r io.Reader, file string, code map[string]int) ([][]float64, error) {
	n := len(code)
	s := newScanner(r, file)
	if !s.next() {
		if s.err != nil {
			return nil, s.err
		}
		return nil, s.errorf(1, 0, "", "empty file: a header row is required")
	}
	s.header = make([]string, len(s.fields))
	cols := make([]int, len(s.fields)) // header column → sector index
	seen := make([]bool, n)
	for c, f := range s.fields {
		s.header[c] = string(f)
		if c == 0 {
			continue
		}
		i, ok := code[string(f)]
		if !ok {
			return nil, s.errorf(1, c+1, "", "unknown sector %q (not in sectors.csv)", clip(f))
		}
		if seen[i] {
			return nil, s.errorf(1, c+1, "", "sector %q appears twice in the header", clip(f))
		}
		seen[i] = true
		cols[c] = i
	}
	if len(s.fields)-1 != n {
		return nil, s.errorf(1, 0, "", "header has %d sectors, sectors.csv %d", len(s.fields)-1, n)
	}
	z := make([][]float64, n)
	rowLine := make([]int, n)
	for s.next() {
		if len(s.fields) != n+1 {
			return nil, s.errorf(s.line, 0, "", "%d fields, want %d (a sector and %d flows)", len(s.fields), n+1, n)
		}
		i, ok := code[string(s.fields[0])]
		if !ok {
			return nil, s.errorf(s.line, 1, s.header[0], "unknown sector %q (not in sectors.csv)", clip(s.fields[0]))
		}
		if z[i] != nil {
			return nil, s.errorf(s.line, 1, s.header[0], "sector %q has two rows (first on line %d)", clip(s.fields[0]), rowLine[i])
		}
		z[i] = make([]float64, n)
		rowLine[i] = s.line
		for c := 1; c <= n; c++ {
			v, err := s.quantity(c)
			if err != nil {
				return nil, err
			}
			z[i][cols[c]] = v
		}
	}
	if s.err != nil {
		return nil, s.err
	}
	for code, i := range code {
		if z[i] == nil {
			return nil, &InputError{File: file, Reason: fmt.Sprintf("no row for sector %q", code)}
		}
	}
	return z, nil
}
