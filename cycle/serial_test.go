package cycle_test

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune/cycle"
)

// ComputeSerial gives the same figures on every call (the council domain
// recomputes recorded variants on replay) and agrees with Compute.
func TestComputeSerialRepeatable(t *testing.T) {
	subs := cycle.Submissions{
		Needs: []cycle.Need{{Council: 10, Product: "bread", Quantity: 100, Priority: 1}, {Council: 10, Product: "flour", Quantity: 10, Priority: 2}},
		Processes: []cycle.Process{
			{Workplace: 1, ID: "mill", Product: "flour", Output: 1, Labour: 0.5},
			{Workplace: 2, ID: "oven", Product: "bread", Output: 2, Labour: 1, Uses: []cycle.Use{{Item: "flour", Quantity: 1}}},
		},
		Offers: []cycle.Offer{{Workplace: 1, Hours: 40}, {Workplace: 2, Hours: 60}},
	}
	specs := []cycle.VariantSpec{{Name: "as offered", LabourScale: 1}, {Name: "shorter", LabourScale: 0.5}}
	a, err := cycle.ComputeSerial(subs, specs, 1e-7)
	if err != nil {
		t.Fatal(err)
	}
	b, err := cycle.ComputeSerial(subs, specs, 1e-7)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("two serial computations differ:\n%s", diff)
	}
	c, err := cycle.Compute(subs, specs, 1e-7)
	if err != nil {
		t.Fatal(err)
	}
	near := cmp.Comparer(func(x, y float64) bool { return math.Abs(x-y) <= 1e-4*math.Max(1, math.Abs(x)) })
	if diff := cmp.Diff(a[0].Targets, c[0].Targets, near); diff != "" {
		t.Errorf("serial and parallel targets differ:\n%s", diff)
	}
	// Half the hours: a loaf takes 0.25 h of milling and 0.5 h of baking;
	// 30 h of baking make 60 loaves (20 h of milling would do for 80), so
	// bread is 60% met.
	if got := a[1].Levels[0].Fulfilment; math.Abs(got-0.6) > 1e-4 {
		t.Errorf("shorter week bread fulfilment: got %g, want 0.6", got)
	}
}
