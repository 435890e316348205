package plan_test

import (
	"bytes"
	"errors"
	"slices"
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
