package main

import (
	"context"
	"flag"
	"io"
	"time"

	"commune/plan"
)

// runPlanValues is "commune plan values DIR [--out OUT]": the labour value
// of every product, product,value in hours per unit.
func runPlanValues(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plan values", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write values.csv into this directory instead of stdout")
	quiet := fs.Bool("quiet", false, "no summary or progress on stderr")
	settings, method := solverFlags(fs)
	pos, err := parseArgs(fs, args, 1, "commune plan values DIR [--out OUT] [--tol 1e-12] [--method auto]")
	if err != nil {
		return err
	}
	if settings.Method, err = parseMethod(*method); err != nil {
		return err
	}
	st := newStatus(stderr, *quiet)
	e, err := readEconomy(pos[0], st, false)
	if err != nil {
		return err
	}
	settings.Progress = st.solveProgress("solving v = vA + l", settings.Tol)
	t := time.Now()
	v, res, err := e.Values(*settings)
	if err != nil {
		return err
	}
	st.linef("solved v = vA + l in %.3f s: %s, %d products with A, relative residual %.2g",
		time.Since(t).Seconds(), res.Method, res.Products, res.Residual)
	write := func(w io.Writer) error { return plan.WriteVector(w, "product,value", e.Products, v) }
	if *out != "" {
		if err := outFiles(*out, map[string]func(io.Writer) error{"values.csv": write}); err != nil {
			return err
		}
		st.linef("wrote %s/values.csv", *out)
		return nil
	}
	return write(stdout)
}
