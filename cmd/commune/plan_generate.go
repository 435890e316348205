package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"commune/plan"
)

// runPlanGenerate is "commune plan generate --products N --inputs K
// --seed S --out DIR": a synthetic productive economy for benchmarks.
func runPlanGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plan generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	g := plan.Generator{}
	fs.IntVar(&g.Products, "products", 1000, "number of products")
	fs.IntVar(&g.Inputs, "inputs", 12, "inputs per product")
	fs.Uint64Var(&g.Seed, "seed", 1, "random seed")
	out := fs.String("out", "", "directory to write the economy into")
	format := fs.String("format", "csv", "inputs as csv (inputs.csv) or mtx (inputs.mtx, Matrix Market)")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	usage := "commune plan generate --products N --inputs K --seed S --out DIR [--format csv|mtx]"
	if _, err := parseArgs(fs, args, 0, usage); err != nil {
		return err
	}
	if *out == "" || (*format != "csv" && *format != "mtx") {
		return &exitError{code: 2, err: fmt.Errorf("usage: %s", usage)}
	}
	st := newStatus(stderr, *quiet)
	begin := time.Now()
	progress := func(done int) {
		st.progress("generating", float64(done)/float64(g.Products), begin, fmt.Sprintf("%d of %d products", done, g.Products))
	}
	inputs := "inputs.csv"
	if *format == "mtx" {
		inputs = "inputs.mtx"
	}
	// One pass of the generator writes all three files.
	err := outFilesMulti(*out, []string{"products.csv", inputs, "needs.csv"}, func(ws []io.Writer) error {
		return g.Write(ws[0], ws[1], ws[2], *format == "mtx", progress)
	})
	if err != nil {
		return err
	}
	st.linef("wrote %s: %d products × %d inputs in %.1f s", *out, g.Products, g.Inputs, time.Since(begin).Seconds())
	return nil
}
