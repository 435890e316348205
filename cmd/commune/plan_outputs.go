package main

import (
	"context"
	"flag"
	"io"
	"time"

	"commune/plan"
)

// runPlanOutputs is "commune plan outputs DIR [--out OUT]": the gross
// output of every product that the final needs (needs.csv) require,
// product,gross_output,final.
func runPlanOutputs(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plan outputs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write outputs.csv into this directory instead of stdout")
	quiet := fs.Bool("quiet", false, "no summary or progress on stderr")
	settings, method := solverFlags(fs)
	pos, err := parseArgs(fs, args, 1, "commune plan outputs DIR [--out OUT] [--tol 1e-12] [--method auto]")
	if err != nil {
		return err
	}
	if settings.Method, err = parseMethod(*method); err != nil {
		return err
	}
	st := newStatus(stderr, *quiet)
	e, err := readEconomy(pos[0], st, true)
	if err != nil {
		return err
	}
	if len(e.Needs) == 0 {
		st.linef("warning: %s has no needs.csv: every gross output is 0", pos[0])
	}
	settings.Progress = st.solveProgress("solving x = Ax + d", settings.Tol)
	t := time.Now()
	x, d, res, err := e.Outputs(*settings)
	if err != nil {
		return err
	}
	st.linef("solved x = Ax + d in %.3f s: %s, %d products with A, relative residual %.2g",
		time.Since(t).Seconds(), res.Method, res.Products, res.Residual)
	write := func(w io.Writer) error {
		return plan.WriteVector(w, "product,gross_output,final", e.Products, x, d)
	}
	if *out != "" {
		if err := outFiles(*out, map[string]func(io.Writer) error{"outputs.csv": write}); err != nil {
			return err
		}
		st.linef("wrote %s/outputs.csv", *out)
		return nil
	}
	return write(stdout)
}
