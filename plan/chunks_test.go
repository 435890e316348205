package plan_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"commune/plan"
)

// TestReadAcrossChunks reads files of several parse chunks (4 MiB each),
// checking the matrix against the generator's and that an error deep in
// the file gets its exact line number.
func TestReadAcrossChunks(t *testing.T) {
	g := plan.Generator{Products: 60000, Inputs: 12, Seed: 5}
	want, err := g.Economy()
	if err != nil {
		t.Fatal(err)
	}
	for _, mtx := range []bool{false, true} {
		var p, in, d bytes.Buffer
		if err := g.Write(&p, &in, &d, mtx, nil); err != nil {
			t.Fatal(err)
		}
		if in.Len() < 3*(4<<20) {
			t.Fatalf("inputs of %d bytes: too small to span chunks", in.Len())
		}
		name := "inputs.csv"
		if mtx {
			name = "inputs.mtx"
		}
		fsys := fstest.MapFS{"products.csv": {Data: p.Bytes()}, name: {Data: in.Bytes()}}
		got, err := plan.ReadEconomy(fsys)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.A.ColPtr, want.A.ColPtr) || !slices.Equal(got.A.RowInd, want.A.RowInd) || !slices.Equal(got.A.Val, want.A.Val) {
			t.Errorf("mtx=%v: matrix read differs from the generated one", mtx)
		}
		// Break the line 500,000 lines in (well past the first chunks).
		lines := bytes.SplitAfter(in.Bytes(), []byte("\n"))
		const at = 500000
		bad := slices.Clone(lines[at-1])
		sep := []byte(",")
		if mtx {
			sep = []byte(" ")
		}
		k := bytes.LastIndex(bad, sep)
		bad = append(append(bad[:k+1:k+1], "-0.5"...), '\n')
		var broken bytes.Buffer
		for i, ln := range lines {
			if i == at-1 {
				ln = bad
			}
			broken.Write(ln)
		}
		fsys[name] = &fstest.MapFile{Data: broken.Bytes()}
		_, err = plan.ReadEconomy(fsys)
		var ie *plan.InputError
		if !errors.As(err, &ie) || ie.Line != at || ie.Column != 3 {
			t.Errorf("mtx=%v: err = %v, want line %d column 3", mtx, err, at)
		}
	}
}

// TestReadAcrossChunksComments reads a matrix file of several chunks with
// comment lines between entries (so workers' entries are not where the
// merge wants them and must be moved) and with a duplicate entry deep in
// the file.
func TestReadAcrossChunksComments(t *testing.T) {
	g := plan.Generator{Products: 60000, Inputs: 12, Seed: 7}
	want, err := g.Economy()
	if err != nil {
		t.Fatal(err)
	}
	var p, in, d bytes.Buffer
	if err := g.Write(&p, &in, &d, true, nil); err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(in.Bytes(), []byte("\n"))
	var commented bytes.Buffer
	for i, ln := range lines {
		commented.Write(ln)
		if i > 3 && i%99991 == 0 {
			commented.WriteString("% a comment between entries\n")
		}
	}
	fsys := fstest.MapFS{"products.csv": {Data: p.Bytes()}, "inputs.mtx": {Data: commented.Bytes()}}
	got, err := plan.ReadEconomy(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.A.ColPtr, want.A.ColPtr) || !slices.Equal(got.A.RowInd, want.A.RowInd) || !slices.Equal(got.A.Val, want.A.Val) {
		t.Errorf("matrix read with comments differs from the generated one")
	}
	// Repeat the entry of line 600,000 right after itself: 600,001 (the
	// size line announces one entry more, so only the repeat is wrong).
	const at = 600000
	var dup bytes.Buffer
	for i, ln := range lines {
		if i == 2 {
			var r, c, n int
			if _, err := fmt.Sscan(string(ln), &r, &c, &n); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&dup, "%d %d %d\n", r, c, n+1)
			continue
		}
		dup.Write(ln)
		if i == at-1 {
			dup.Write(ln)
		}
	}
	fsys["inputs.mtx"] = &fstest.MapFile{Data: dup.Bytes()}
	_, err = plan.ReadEconomy(fsys)
	var ie *plan.InputError
	if !errors.As(err, &ie) || ie.Line != at+1 || !strings.Contains(ie.Reason, "duplicate") {
		t.Errorf("err = %v, want a duplicate on line %d", err, at+1)
	}
}

// TestReadProductsAcrossPieces reads a products.csv of several pieces
// with a repeated id deep in the file, with and without a blank line
// before it.
func TestReadProductsAcrossPieces(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("id,unit,labour,name\n")
	const n = 400000
	for k := range n {
		fmt.Fprintf(&b, "product-%07d,kg,0.%d,name of product %d\n", k, k%97+1, k)
	}
	if b.Len() < 3*(4<<20) {
		t.Fatalf("products of %d bytes: too small to span pieces", b.Len())
	}
	lines := bytes.SplitAfter(b.Bytes(), []byte("\n"))
	ps, labour, idx, err := plan.ReadProducts(bytes.NewReader(b.Bytes()), "products.csv", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != n || len(labour) != n || ps[n-1].ID != "product-0399999" || ps[n-1].Name != "name of product 399999" || fmt.Sprint(labour[n-1]) != fmt.Sprintf("0.%d", (n-1)%97+1) {
		t.Fatalf("read %d products, last %+v, labour %v", len(ps), ps[n-1], labour[n-1])
	}
	for _, k := range []int{0, 4711, n - 1} {
		if got := idx.Lookup(ps[k].ID); got != k {
			t.Errorf("Lookup(%q) = %d, want %d", ps[k].ID, got, k)
		}
	}
	for _, blank := range []bool{false, true} {
		// Line 350,000 repeats the id of line 10 (product 8); a bad
		// labour later must not hide it.
		var dup bytes.Buffer
		for i, ln := range lines {
			switch {
			case i == 350000-1:
				ln = bytes.Replace(ln, []byte("product-0349998"), []byte("product-0000008"), 1)
			case i == 380000-1:
				ln = bytes.Replace(ln, []byte(",kg,"), []byte(",kg,x"), 1)
			}
			if blank && i == 2000 {
				dup.WriteString("\n")
			}
			dup.Write(ln)
		}
		_, _, _, err := plan.ReadProducts(bytes.NewReader(dup.Bytes()), "products.csv", true)
		want := "products.csv:350000:1: id: duplicate product \"product-0000008\" (first on line 10)"
		if blank {
			want = "products.csv:350001:1: id: duplicate product \"product-0000008\" (first as record 9)"
		}
		if err == nil || err.Error() != want {
			t.Errorf("blank=%v: err = %v, want %s", blank, err, want)
		}
	}
}

// TestLineAfterLeadingComment checks that entries after a comment that
// opens a piece keep their line numbers.
func TestLineAfterLeadingComment(t *testing.T) {
	for _, in := range []string{
		"%%MatrixMarket matrix coordinate real general\n2 2 2\n% a comment\n\n1 1 0.5\n2 1 -1\n",
		"%%MatrixMarket matrix coordinate real general\n2 2 2\n% a comment\n1 1 0.5\n1 1 0.25\n",
		"%%MatrixMarket matrix coordinate real general\n2 2 0\n% a comment\n\n1 1 0.5\n",
	} {
		_, err := plan.ReadMatrixMarket(strings.NewReader(in), "inputs.mtx", 2)
		var ie *plan.InputError
		if want := strings.Count(in, "\n"); !errors.As(err, &ie) || ie.Line != want {
			t.Errorf("%q: err = %v, want one on line %d", in, err, want)
		}
	}
}
