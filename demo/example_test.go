package demo_test

import (
	"context"
	"fmt"
	"time"

	"commune/council"
	"commune/demo"
)

// Build the small demo on a bare state and count its councils by kind.
func ExampleSmall() {
	clock := demo.NewClock(time.Now().UnixMicro() - demo.SmallSpan)
	t := &demo.StateTarget{State: council.New(), Clock: clock.Now}
	d, err := demo.Small(context.Background(), t, clock)
	if err != nil {
		fmt.Println(err)
		return
	}
	kinds := map[string]int{}
	for _, c := range d.Councils {
		kinds[c.Kind]++
	}
	fmt.Println(len(d.People), "people;", kinds[council.KindWorkplace], "workplace,",
		kinds[council.KindNeighbourhood], "neighbourhood and", kinds[council.KindFederated], "federated councils")
	fmt.Println("verified:", demo.Verify(t.State, d) == nil)
	// Output:
	// 24 people; 3 workplace, 3 neighbourhood and 3 federated councils
	// verified: true
}
