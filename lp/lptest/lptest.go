// Package lptest checks package lp against an exact solver: it writes a
// Problem in CPLEX LP format, solves it with GLPK's glpsol (simplex, exact
// to rounding) and reads glpsol's solution file. Tests across the module
// use it; glpsol must be on PATH (Debian's glpk-utils; scripts/test installs
// it), and its absence is an error, not a reason to skip.
package lptest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"commune/lp"
)

// Solution is what glpsol found.
type Solution struct {
	Status    string    // "optimal", "infeasible", "unbounded" or "undefined"
	Objective float64   // cᵀx
	X         []float64 // primal values, one per column
	Y         []float64 // row duals (for ≥ rows of a minimisation, ≥ 0)
}

// WriteLP writes p in CPLEX LP format: columns x1…xn, rows r1…rm.
func WriteLP(w io.Writer, p *lp.Problem) error {
	m, n := p.A.Dims()
	bw := bufio.NewWriter(w)
	term := func(k int, v float64, name string) {
		if k > 0 && k%8 == 0 {
			bw.WriteString("\n ")
		}
		fmt.Fprintf(bw, " %+.17g %s", v, name)
	}
	bw.WriteString("Minimize\n obj:")
	// Every column appears in the objective, in order, so that glpsol
	// numbers the columns as p does (it numbers them as first seen).
	for j, c := range p.C {
		term(j, c, "x"+strconv.Itoa(j+1))
	}
	bw.WriteString("\nSubject To\n")
	for i := 0; i < m; i++ {
		fmt.Fprintf(bw, " r%d:", i+1)
		cols, vals := p.A.Row(i)
		for q, j := range cols {
			term(q, vals[q], "x"+strconv.Itoa(int(j)+1))
		}
		if len(cols) == 0 {
			bw.WriteString(" 0 x1")
		}
		op := ">="
		if p.Eq != nil && p.Eq[i] {
			op = "="
		}
		fmt.Fprintf(bw, " %s %.17g\n", op, p.B[i])
	}
	bw.WriteString("Bounds\n")
	for j := 0; j < n; j++ {
		lo, hi := 0.0, math.Inf(1)
		if p.Lower != nil {
			lo = p.Lower[j]
		}
		if p.Upper != nil {
			hi = p.Upper[j]
		}
		name := "x" + strconv.Itoa(j+1)
		switch {
		case math.IsInf(lo, -1) && math.IsInf(hi, 1):
			fmt.Fprintf(bw, " %s free\n", name)
		case math.IsInf(lo, -1):
			fmt.Fprintf(bw, " -inf <= %s <= %.17g\n", name, hi)
		case math.IsInf(hi, 1):
			fmt.Fprintf(bw, " %s >= %.17g\n", name, lo)
		default:
			fmt.Fprintf(bw, " %.17g <= %s <= %.17g\n", lo, name, hi)
		}
	}
	bw.WriteString("End\n")
	return bw.Flush()
}

// Solve writes p to a temporary directory and solves it with glpsol.
func Solve(ctx context.Context, p *lp.Problem) (*Solution, error) {
	path, err := exec.LookPath("glpsol")
	if err != nil {
		return nil, fmt.Errorf("lptest: glpsol not on PATH (install Debian's glpk-utils): %w", err)
	}
	dir, err := os.MkdirTemp("", "lptest")
	if err != nil {
		return nil, fmt.Errorf("lptest: %w", err)
	}
	defer os.RemoveAll(dir)
	lpFile, solFile := filepath.Join(dir, "p.lp"), filepath.Join(dir, "p.sol")
	f, err := os.Create(lpFile)
	if err != nil {
		return nil, fmt.Errorf("lptest: %w", err)
	}
	if err := WriteLP(f, p); err != nil {
		f.Close()
		return nil, fmt.Errorf("lptest: write: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("lptest: %w", err)
	}
	out, err := exec.CommandContext(ctx, path, "--lp", lpFile, "--dual", "-w", solFile).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("lptest: glpsol: %w\n%s", err, out)
	}
	sf, err := os.Open(solFile)
	if err != nil {
		return nil, fmt.Errorf("lptest: %w", err)
	}
	defer sf.Close()
	m, n := p.A.Dims()
	return ParseSolution(sf, m, n)
}

// ParseSolution reads glpsol's plain-text basic solution (the -w format of
// GLPK 5: lines "s bas m n pst dst obj", "i row st prim dual",
// "j col st prim dual", "e o f"), checking the sizes against m and n.
func ParseSolution(r io.Reader, m, n int) (*Solution, error) {
	sc := bufio.NewScanner(r)
	sol := &Solution{X: make([]float64, n), Y: make([]float64, m)}
	seenS, seenE := false, false
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 || f[0] == "c" {
			continue
		}
		bad := func(why string) error {
			return fmt.Errorf("lptest: solution line %d: %s: %q", line, why, sc.Text())
		}
		switch f[0] {
		case "s":
			if len(f) != 7 || f[1] != "bas" {
				return nil, bad("want s bas m n pst dst obj")
			}
			if f[2] != strconv.Itoa(m) || f[3] != strconv.Itoa(n) {
				return nil, bad(fmt.Sprintf("size, want %d rows and %d columns", m, n))
			}
			obj, err := strconv.ParseFloat(f[6], 64)
			if err != nil {
				return nil, bad("objective")
			}
			sol.Objective = obj
			switch {
			case f[4] == "f" && f[5] == "f":
				sol.Status = "optimal"
			case f[4] == "n" || f[4] == "i":
				sol.Status = "infeasible"
			case f[5] == "n" || f[5] == "i":
				sol.Status = "unbounded"
			default:
				sol.Status = "undefined"
			}
			seenS = true
		case "i", "j":
			if !seenS {
				return nil, bad("row or column before the s line")
			}
			if len(f) != 5 {
				return nil, bad("want 5 fields")
			}
			k, err := strconv.Atoi(f[1])
			lim, dst := m, sol.Y
			if f[0] == "j" {
				lim = n
			}
			if err != nil || k < 1 || k > lim {
				return nil, bad("index")
			}
			prim, err1 := strconv.ParseFloat(f[3], 64)
			dual, err2 := strconv.ParseFloat(f[4], 64)
			if err1 != nil || err2 != nil {
				return nil, bad("number")
			}
			if f[0] == "j" {
				sol.X[k-1] = prim
			} else {
				dst[k-1] = dual
			}
		case "e":
			seenE = true
		default:
			return nil, bad("unknown line kind")
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lptest: %w", err)
	}
	if !seenS || !seenE {
		return nil, errors.New("lptest: solution file incomplete")
	}
	return sol, nil
}
