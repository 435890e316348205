package plan

import (
	"bytes"
	"math"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestWriteTechniquesRoundTrip writes generated economies and reads them
// back: the same economy, to the last bit.
func TestWriteTechniquesRoundTrip(t *testing.T) {
	for _, spec := range []TechniquesSpec{
		{Products: 5, Inputs: 2, Seed: 1},
		{Products: 300, Seed: 2, Machines: -1},
		{Products: 2000, Processes: 3, Seed: 3},
	} {
		want := GenerateTechniques(spec)
		if spec.Products == 5 {
			want.Products[1].Name = `Brot, "dunkel"` // quoting
			want.Resources[0].Available = math.Inf(1)
		}
		var p, pr, u, r, n bytes.Buffer
		if err := WriteTechniques(want, TechniquesWriters{&p, &pr, &u, &r, &n}, nil); err != nil {
			t.Fatal(err)
		}
		fsys := fstest.MapFS{
			"products.csv":  {Data: p.Bytes()},
			"processes.csv": {Data: pr.Bytes()},
			"uses.csv":      {Data: u.Bytes()},
			"resources.csv": {Data: r.Bytes()},
			"needs.csv":     {Data: n.Bytes()},
		}
		got, err := ReadTechniques(fsys)
		if err != nil {
			t.Fatalf("%d products: %v", spec.Products, err)
		}
		if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("%d products: read back differs (-written +read):\n%s", spec.Products, d)
		}
	}
}
