package plan_test

import (
	"fmt"
	"math"

	"commune/plan"
	"commune/sparse"
)

// Bread is made by a bakery (little labour, but at most 40 kg) or at home
// (more labour); both use flour from a mill. 60 kg of bread are needed
// first, then 10 kg of flour; 100 hours of labour are available.
func ExampleBalance() {
	inf := math.Inf(1)
	t := &plan.Techniques{
		Products:  []plan.Product{{ID: "bread", Unit: "kg"}, {ID: "flour", Unit: "kg"}},
		Resources: []plan.Resource{{ID: "labour", Unit: "hour", Available: 100}},
		Processes: []plan.Process{
			{ID: "bakery", Product: 0, Output: 1, Capacity: 40},
			{ID: "home", Product: 0, Output: 1, Capacity: inf},
			{ID: "mill", Product: 1, Output: 1, Capacity: inf},
		},
		// Flour per unit of each process's activity.
		ProductUse: &sparse.CSC{Rows: 2, Cols: 3, ColPtr: []int64{0, 1, 2, 2}, RowInd: []int32{1, 1}, Val: []float64{0.8, 0.9}},
		// Labour per unit of each process's activity.
		ResourceUse: &sparse.CSC{Rows: 1, Cols: 3, ColPtr: []int64{0, 1, 2, 3}, RowInd: []int32{0, 0, 0}, Val: []float64{0.5, 2, 0.25}},
		Needs:       []plan.Need{{Product: 0, Quantity: 60, Priority: 1}, {Product: 1, Quantity: 10, Priority: 2}},
	}
	p, err := plan.Balance(t, &plan.BalanceOptions{Tol: 1e-8})
	if err != nil {
		fmt.Println(err)
		return
	}
	for k, pr := range t.Processes {
		fmt.Printf("%s: %.3f\n", pr.ID, p.Activity[k])
	}
	for _, lv := range p.Levels {
		fmt.Printf("priority %d met to %.4f\n", lv.Priority, lv.Fulfilment)
	}
	fmt.Printf("labour: %.3f hours\n", p.Labour)
	// Output:
	// bakery: 40.000
	// home: 20.000
	// mill: 60.000
	// priority 1 met to 1.0000
	// priority 2 met to 1.0000
	// labour: 75.000 hours
}
