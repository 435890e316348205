package cycle_test

import (
	"fmt"

	"commune/cycle"
)

// A baker and a miller offer their hours; a neighbourhood needs bread.
// The variant computed shows the labour value of bread and the bakery's
// target.
func ExampleCompute() {
	subs := cycle.Submissions{
		Needs: []cycle.Need{{Council: 10, Product: "bread", Quantity: 100, Priority: 1}},
		Processes: []cycle.Process{
			{Workplace: 1, ID: "mill", Product: "flour", Output: 1, Labour: 0.5},
			{Workplace: 2, ID: "oven", Product: "bread", Output: 2, Labour: 1, Uses: []cycle.Use{{Item: "flour", Quantity: 1}}},
		},
		Offers: []cycle.Offer{{Workplace: 1, Hours: 40}, {Workplace: 2, Hours: 60}},
	}
	vs, err := cycle.Compute(subs, []cycle.VariantSpec{{Name: "as offered", LabourScale: 1}}, 1e-8)
	if err != nil {
		panic(err)
	}
	v := vs[0]
	for _, p := range v.Products {
		fmt.Printf("%s: %.2f h per unit\n", p.Product, p.Value)
	}
	for _, t := range v.Targets {
		fmt.Printf("workplace %d: %.0f %s in %.0f h\n", t.Workplace, t.Quantity, t.Product, t.Hours)
	}
	// Unordered output:
	// flour: 0.50 h per unit
	// bread: 0.75 h per unit
	// workplace 1: 50 flour in 25 h
	// workplace 2: 100 bread in 50 h
}
