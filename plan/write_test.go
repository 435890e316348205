package plan_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"commune/plan"
)

// TestWriteVectorBlocks writes more products than one formatting block
// (16,384) and checks every line comes back in order with its numbers.
func TestWriteVectorBlocks(t *testing.T) {
	const n = 40000
	ps := make([]plan.Product, n)
	x, d := make([]float64, n), make([]float64, n)
	for j := range ps {
		ps[j].ID = fmt.Sprintf("p%d", j)
		x[j] = float64(j) / 7
		d[j] = float64(j % 13)
	}
	var buf bytes.Buffer
	if err := plan.WriteVector(&buf, "product,gross_output,final", ps, x, d); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if got, want := len(lines), n+1; got != want {
		t.Fatalf("%d lines, want %d", got, want)
	}
	if lines[0] != "product,gross_output,final" {
		t.Errorf("header %q", lines[0])
	}
	for j, ln := range lines[1:] {
		f := strings.Split(ln, ",")
		if len(f) != 3 || f[0] != ps[j].ID {
			t.Fatalf("line %d = %q, want product %s", j+2, ln, ps[j].ID)
		}
		gx, _ := strconv.ParseFloat(f[1], 64)
		gd, _ := strconv.ParseFloat(f[2], 64)
		if !close15(gx, x[j]) || !close15(gd, d[j]) {
			t.Fatalf("line %d = %q, want %v, %v", j+2, ln, x[j], d[j])
		}
	}
}

// close15 reports whether a and b agree to the 15 digits written.
func close15(a, b float64) bool { return math.Abs(a-b) <= 1e-14*math.Abs(b) }

// failWriter fails after accepting limit bytes.
type failWriter struct{ limit int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.limit {
		return 0, errors.New("disk full")
	}
	w.limit -= len(p)
	return len(p), nil
}

// TestWriteVectorError checks that a write error is returned.
func TestWriteVectorError(t *testing.T) {
	ps := make([]plan.Product, 100000)
	v := make([]float64, len(ps))
	for j := range ps {
		ps[j].ID = fmt.Sprintf("p%d", j)
	}
	if err := plan.WriteVector(&failWriter{limit: 1 << 17}, "product,value", ps, v); err == nil || err.Error() != "disk full" {
		t.Errorf("err = %v, want disk full", err)
	}
}
