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
// --seed S --out DIR": a synthetic productive economy for benchmarks, in
// the single-technique form (plan.Generator), or with --techniques in the
// multi-technique form that "plan balance" plans (plan.GenerateTechniques).
func runPlanGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plan generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	g := plan.Generator{}
	fs.IntVar(&g.Products, "products", 1000, "number of products")
	fs.IntVar(&g.Inputs, "inputs", 12, "inputs per product (per process with --techniques, default 6 then)")
	fs.Uint64Var(&g.Seed, "seed", 1, "random seed")
	out := fs.String("out", "", "directory to write the economy into")
	format := fs.String("format", "csv", "inputs as csv (inputs.csv) or mtx (inputs.mtx, Matrix Market)")
	techniques := fs.Bool("techniques", false, "the multi-technique form (products, processes, uses, resources, needs .csv) with scarce labour and machines, for plan balance")
	processes := fs.Int("processes", 2, "with --techniques: at most this many processes per product")
	scarcity := fs.Float64("scarcity", 0.8, "with --techniques: labour available as a fraction of what meeting every need would take")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	usage := "commune plan generate --products N --inputs K --seed S --out DIR [--format csv|mtx] [--techniques [--processes P] [--scarcity F]]"
	if _, err := parseArgs(fs, args, 0, usage); err != nil {
		return err
	}
	if *out == "" || (*format != "csv" && *format != "mtx") {
		return &exitError{code: 2, err: fmt.Errorf("usage: %s", usage)}
	}
	st := newStatus(stderr, *quiet)
	begin := time.Now()
	if *techniques {
		return generateTechniques(fs, g, *processes, *scarcity, *out, st)
	}
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

// generateTechniques writes plan.GenerateTechniques's economy for g's
// products and seed into out.
func generateTechniques(fs *flag.FlagSet, g plan.Generator, processes int, scarcity float64, out string, st *status) error {
	inputs := 6
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "inputs" {
			inputs = g.Inputs
		}
	})
	switch {
	case g.Products < 1 || g.Products > 1<<30:
		return &exitError{code: 2, err: fmt.Errorf("--products %d: want 1 to %d", g.Products, 1<<30)}
	case inputs < 1:
		return &exitError{code: 2, err: fmt.Errorf("--inputs %d: want at least 1", inputs)}
	case processes < 1:
		return &exitError{code: 2, err: fmt.Errorf("--processes %d: want at least 1", processes)}
	case !(scarcity > 0) || scarcity > 1e6:
		return &exitError{code: 2, err: fmt.Errorf("--scarcity %g: want a positive fraction", scarcity)}
	}
	begin := time.Now()
	t := plan.GenerateTechniques(plan.TechniquesSpec{Products: g.Products, Processes: processes, Inputs: inputs, Scarcity: scarcity, Seed: g.Seed})
	st.linef("generated %d products, %d processes, %d resources in %.1f s", len(t.Products), len(t.Processes), len(t.Resources), time.Since(begin).Seconds())
	begin = time.Now()
	names := []string{"needs.csv", "processes.csv", "products.csv", "resources.csv", "uses.csv"}
	err := outFilesMulti(out, names, func(ws []io.Writer) error {
		return plan.WriteTechniques(t, plan.TechniquesWriters{Needs: ws[0], Processes: ws[1], Products: ws[2], Resources: ws[3], Uses: ws[4]},
			func(done int) {
				st.progress("writing", float64(done)/float64(len(t.Processes)), begin, fmt.Sprintf("%d of %d processes", done, len(t.Processes)))
			})
	})
	if err != nil {
		return err
	}
	st.linef("wrote %s: %d products, %d processes in %.1f s", out, len(t.Products), len(t.Processes), time.Since(begin).Seconds())
	return nil
}
