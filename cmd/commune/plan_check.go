package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"commune/plan"
)

// runPlanCheck is "commune plan check DIR": validate every file of an
// economy and test that it is productive. The multi-technique form
// (processes.csv) is validated too; its productivity is balance's affair.
func runPlanCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plan check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pos, err := parseArgs(fs, args, 1, "commune plan check DIR")
	if err != nil {
		return err
	}
	dir := pos[0]
	if fi, err := os.Stat(dir); err != nil {
		return err
	} else if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	if _, err := os.Stat(dir + "/processes.csv"); err == nil {
		t, err := plan.ReadTechniques(os.DirFS(dir))
		if err != nil {
			return inDir(dir, err)
		}
		fmt.Fprintf(stdout, "ok: %s: %d products, %d processes, %d resources, %d needs (multi-technique form)\n",
			dir, len(t.Products), len(t.Processes), len(t.Resources), len(t.Needs))
		return nil
	}
	e, err := plan.ReadEconomy(os.DirFS(dir))
	if err != nil {
		return inDir(dir, err)
	}
	p, err := e.Check()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ok: %s: %d products, %d inputs, %d needs, %d resources; productive (spectral radius of A ≤ %.6g)\n",
		dir, len(e.Products), e.A.NNZ(), len(e.Needs), len(e.Resources), p.Bound)
	return nil
}
