package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"time"

	"commune/lp"
	"commune/plan"
)

// runPlanBalance is "commune plan balance DIR --out OUT [--labour-hours H]
// [--tol 1e-6] [--method halpern|adaptive]": Kantorovich's plan ray by priority, then least labour
// (plan.Balance), written as OUT/processes.csv, OUT/products.csv and
// OUT/resources.csv, with a summary on stderr. Nothing is written on error.
func runPlanBalance(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("plan balance", flag.ContinueOnError)
	fset.SetOutput(stderr)
	out := fset.String("out", "", "directory to write processes.csv, products.csv and resources.csv into (required)")
	hours := fset.Float64("labour-hours", math.NaN(), "hours of labour available in the period (the resource \"labour\")")
	tol := fset.Float64("tol", 1e-6, "relative tolerance of each linear programme (residuals and gap)")
	maxIter := fset.Int("max-iter", 200000, "most PDHG iterations per programme")
	threads := fset.Int("threads", 0, "goroutines for the solver (0: all cores)")
	method := fset.String("method", "halpern", "PDHG variant: halpern (restarted reflected Halpern PDHG, as cuPDLPx) or adaptive (PDLP's adaptive steps and averages)")
	quiet := fset.Bool("quiet", false, "no summary or progress on stderr")
	pos, err := parseArgs(fset, args, 1, "commune plan balance DIR --out OUT [--labour-hours H] [--tol 1e-6] [--method halpern|adaptive]")
	if err != nil {
		return err
	}
	if *out == "" {
		return &exitError{code: 2, err: errors.New("--out OUT is required")}
	}
	if !(*tol > 0 && *tol < 1) {
		return &exitError{code: 2, err: fmt.Errorf("--tol %g: want a number between 0 and 1", *tol)}
	}
	m, err := lp.ParseMethod(*method)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("--method %q: want halpern or adaptive", *method)}
	}
	if !math.IsNaN(*hours) && (*hours < 0 || math.IsInf(*hours, 0)) {
		return &exitError{code: 2, err: fmt.Errorf("--labour-hours %g: want a finite number ≥ 0", *hours)}
	}
	st := newStatus(stderr, *quiet)
	t, err := readTechniques(pos[0], st)
	if err != nil {
		return err
	}
	if !math.IsNaN(*hours) {
		lab := t.Resource(plan.LabourID)
		if lab < 0 {
			return fmt.Errorf("--labour-hours: %s has no resource %q that processes use", pos[0], plan.LabourID)
		}
		t.Resources[lab].Available = *hours
	}
	if len(t.Needs) == 0 {
		st.linef("warning: %s has no needs.csv: the plan makes nothing", pos[0])
	}
	begin := time.Now()
	stageBegin := begin
	lastStage := ""
	opt := &plan.BalanceOptions{Tol: *tol, MaxIter: *maxIter, Threads: *threads, Method: m, Context: ctx}
	opt.Progress = func(stage string, r lp.Result) {
		if stage != lastStage {
			lastStage, stageBegin = stage, time.Now()
		}
		score := math.Max(r.RelPrimalResidual, math.Max(r.RelDualResidual, r.RelGap))
		frac := 0.0
		if score > 0 && score < 1 {
			frac = math.Min(1, math.Log(score)/math.Log(*tol))
		}
		st.progress("balance: "+stage, frac, stageBegin, fmt.Sprintf("iteration %d, residuals %.1e %.1e, gap %.1e", r.Iterations, r.RelPrimalResidual, r.RelDualResidual, r.RelGap))
	}
	p, err := plan.Balance(t, opt)
	if err != nil {
		return err
	}
	st.linef("balanced %d products, %d processes, %d resources in %.2f s", len(t.Products), len(t.Processes), len(t.Resources), time.Since(begin).Seconds())
	for _, s := range p.Stages {
		r := s.Result
		if s.InFull {
			st.linef("  %-11s      0 iterations: every need met in full by a repaired plan, within every resource (exact)", s.Name+":")
			continue
		}
		note := ""
		if !s.Converged {
			note = " (iteration limit: NOT converged; the plan is feasible but may not be best)"
		}
		st.linef("  %-11s %6d iterations, rel. primal residual %.1e, rel. dual residual %.1e, rel. gap %.1e%s",
			s.Name+":", r.Iterations, r.RelPrimalResidual, r.RelDualResidual, r.RelGap, note)
	}
	for _, lv := range p.Levels {
		st.linef("  priority %d: %d needs met to %.6f (%.4f%%)", lv.Priority, lv.Needs, lv.Fulfilment, 100*lv.Fulfilment)
	}
	if lab := t.Resource(plan.LabourID); lab >= 0 {
		st.linef("  labour used: %.10g hours", p.Labour)
	}
	for r, res := range t.Resources {
		if !math.IsInf(res.Available, 1) && p.Used[r] >= res.Available*(1-10**tol) {
			st.linef("  binding: %s (%.6g of %.6g %s, shadow price %.6g hours per unit)", res.ID, p.Used[r], res.Available, res.Unit, p.ShadowPrice[r])
		}
	}
	err = outFiles(*out, map[string]func(io.Writer) error{
		"processes.csv": func(w io.Writer) error { return p.WriteProcesses(w, t) },
		"products.csv":  func(w io.Writer) error { return p.WriteProducts(w, t) },
		"resources.csv": func(w io.Writer) error { return p.WriteResources(w, t) },
	})
	if err != nil {
		return err
	}
	st.linef("wrote %s/processes.csv, products.csv, resources.csv", *out)
	return nil
}

// readTechniques reads the economy in dir in either form. The
// single-technique form gets the same checks as values and outputs (it
// must be productive) and is converted to one process per product.
func readTechniques(dir string, st *status) (*plan.Techniques, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	if _, err := fs.Stat(os.DirFS(dir), "processes.csv"); err != nil {
		e, err := readEconomy(dir, st, true)
		if err != nil {
			return nil, err
		}
		if _, err := e.Check(); err != nil {
			return nil, err
		}
		return e.Techniques(), nil
	}
	setMemoryLimit()
	st.linef("reading %s", dir)
	begin := time.Now()
	t, err := plan.ReadTechniques(os.DirFS(dir))
	if err != nil {
		return nil, inDir(dir, err)
	}
	st.linef("read %d products, %d processes, %d resources in %.2f s", len(t.Products), len(t.Processes), len(t.Resources), time.Since(begin).Seconds())
	return t, nil
}
