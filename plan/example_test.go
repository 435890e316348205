package plan_test

import (
	"fmt"
	"os"
	"strings"
	"testing/fstest"

	"commune/plan"
	"commune/sparse"
)

// Labour values of a small economy: bread needs flour, flour needs a
// little bread (the miller eats).
func ExampleEconomy_Values() {
	e, err := plan.ReadEconomy(fstest.MapFS{
		"products.csv": {Data: []byte("id,unit,labour\nbread,loaf,0.5\nflour,kg,0.2\n")},
		"inputs.csv":   {Data: []byte("product,input,quantity\nbread,flour,0.5\nflour,bread,0.1\n")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	v, _, err := e.Values(sparse.Settings{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j, p := range e.Products {
		fmt.Printf("%s: %.4f hours per %s\n", p.ID, v[j], p.Unit)
	}
	// Output:
	// bread: 0.6316 hours per loaf
	// flour: 0.2632 hours per kg
}

// Gross outputs for final needs: to hand out 100 loaves, the economy
// must also bake the loaves the millers eat.
func ExampleEconomy_Outputs() {
	e, _ := plan.ReadEconomy(fstest.MapFS{
		"products.csv": {Data: []byte("id,unit,labour\nbread,loaf,0.5\nflour,kg,0.2\n")},
		"inputs.csv":   {Data: []byte("product,input,quantity\nbread,flour,0.5\nflour,bread,0.1\n")},
		"needs.csv":    {Data: []byte("product,quantity\nbread,100\n")},
	})
	x, d, _, _ := e.Outputs(sparse.Settings{})
	for j, p := range e.Products {
		fmt.Printf("%s: make %.2f, hand out %.0f\n", p.ID, x[j], d[j])
	}
	// Output:
	// bread: make 105.26, hand out 100
	// flour: make 52.63, hand out 0
}

// An economy that uses up more than it makes has no labour values; the
// error names the cycle responsible.
func ExampleEconomy_Check() {
	e, _ := plan.ReadEconomy(fstest.MapFS{
		"products.csv": {Data: []byte("id,unit,labour\ncoal,t,1\nsteel,t,2\ngrain,t,1\n")},
		"inputs.csv":   {Data: []byte("product,input,quantity\ncoal,steel,2\nsteel,coal,0.6\ngrain,coal,0.1\n")},
	})
	_, err := e.Check()
	fmt.Println(err)
	// Output:
	// unproductive economy: the cycle of products coal, steel uses up more than it makes (spectral radius ≥ 1.09545)
}

// Importing a monetary input-output table: the Germany 1995 table of
// the Eurostat manual gives employment multipliers.
func ExampleImportIO() {
	flows, _ := os.Open("../../shared/data/io/eurostat-de-1995/flows.csv")
	defer flows.Close()
	sectors, _ := os.Open("../../shared/data/io/eurostat-de-1995/sectors.csv")
	defer sectors.Close()
	e, dropped, err := plan.ImportIO(flows, "flows.csv", sectors, "sectors.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	v, _, _ := e.Values(sparse.Settings{})
	fmt.Println("dropped:", len(dropped))
	for j, p := range e.Products {
		fmt.Printf("%s %.4f\n", p.ID, v[j])
	}
	// Output:
	// dropped: 0
	// agriculture 0.0326
	// manufacturing 0.0162
	// construction 0.0207
	// trade 0.0237
	// business_services 0.0112
	// other_services 0.0242
}

// Generating a synthetic economy for benchmarks.
func ExampleGenerator() {
	var products, inputs, needs strings.Builder
	g := plan.Generator{Products: 6, Inputs: 2, Seed: 1}
	if err := g.Write(&products, &inputs, &needs, false, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(strings.SplitN(inputs.String(), "\n", 2)[0], "\n")
	e, _ := g.Economy()
	p, _ := e.Check()
	fmt.Println(len(e.Products), "products, productive:", p.Bound < 1)
	// Output:
	// product,input,quantity
	// 6 products, productive: true
}
