package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"commune/plan"
)

// runPlanImportIO is "commune plan import-io --flows F --sectors S --out DIR":
// an economy from a monetary input-output table (A = Z / x by column,
// l = labour / x), sectors with zero output dropped with a warning.
func runPlanImportIO(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plan import-io", flag.ContinueOnError)
	fs.SetOutput(stderr)
	flows := fs.String("flows", "", "flows.csv: the square matrix of intermediate use")
	sectors := fs.String("sectors", "", "sectors.csv: sector,gross_output,labour,name")
	out := fs.String("out", "", "directory to write the economy into")
	usage := "commune plan import-io --flows F --sectors S --out DIR"
	if _, err := parseArgs(fs, args, 0, usage); err != nil {
		return err
	}
	if *flows == "" || *sectors == "" || *out == "" {
		return &exitError{code: 2, err: fmt.Errorf("usage: %s", usage)}
	}
	ff, err := os.Open(*flows)
	if err != nil {
		return err
	}
	defer ff.Close()
	sf, err := os.Open(*sectors)
	if err != nil {
		return err
	}
	defer sf.Close()
	e, dropped, err := plan.ImportIO(ff, *flows, sf, *sectors)
	if err != nil {
		return err
	}
	if len(dropped) > 0 {
		codes := make([]string, len(dropped))
		for i, s := range dropped {
			codes[i] = s.Code
		}
		fmt.Fprintf(stderr, "warning: dropped %d sectors with zero gross output: %s\n", len(dropped), strings.Join(codes, ", "))
	}
	if _, err := e.Check(); err != nil {
		return err
	}
	err = outFiles(*out, map[string]func(io.Writer) error{
		"products.csv": func(w io.Writer) error { return plan.WriteEconomy(e, w, io.Discard, nil) },
		"inputs.csv":   func(w io.Writer) error { return plan.WriteEconomy(e, io.Discard, w, nil) },
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s: %d products, %d inputs\n", *out, len(e.Products), e.A.NNZ())
	return nil
}
