// Command balancebench generates a multi-technique economy
// (plan.GenerateTechniques), balances it with plan.Balance, and writes the
// programmes Balance solved as CPLEX LP files so that other solvers can be
// timed on exactly the same programmes. It prints one JSON line per
// programme with this solver's time on it (a cold solve, as a peer would
// do it). Used by scripts/bench-plan-balance.sh.
//
//	go run ./scripts/balancebench -products N -seed S -tol T -lp DIR
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"syscall"
	"time"

	"commune/lp"
	"commune/lp/lptest"
	"commune/plan"
)

func main() {
	products := flag.Int("products", 5000, "number of products")
	seed := flag.Uint64("seed", 1, "generator seed")
	tol := flag.Float64("tol", 1e-6, "relative tolerance (residuals and gap)")
	dir := flag.String("lp", "", "write the programmes as DIR/stageK.lp (none if empty)")
	only := flag.Int("stage", -1, "write and time only this programme (-1: all, -2: none)")
	maxIter := flag.Int("max-iter", 0, "most PDHG iterations per programme (0: the default)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the balance to this file")
	verbose := flag.Bool("v", false, "print the solver's progress on stderr every 10 s")
	flag.Parse()
	if *verbose {
		last := time.Now()
		progress = func(stage string, r lp.Result) {
			if time.Since(last) > 10*time.Second {
				last = time.Now()
				fmt.Fprintf(os.Stderr, "%s: %s\n", stage, r)
			}
		}
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "balancebench:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if err := run(*products, *seed, *tol, *dir, *only, *maxIter); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "balancebench:", err)
		os.Exit(1)
	}
}

var progress func(string, lp.Result)

type line struct {
	Kind       string  `json:"kind"`
	Products   int     `json:"products"`
	Processes  int     `json:"processes,omitempty"`
	NNZ        int     `json:"nnz,omitempty"`
	Stage      int     `json:"stage"`
	Name       string  `json:"name,omitempty"`
	File       string  `json:"file,omitempty"`
	Seconds    float64 `json:"seconds"`
	CPUSeconds float64 `json:"cpu_seconds"`
	Iterations int     `json:"iterations"`
	Objective  float64 `json:"objective"`
	Primal     float64 `json:"rel_primal_residual"`
	Dual       float64 `json:"rel_dual_residual"`
	Gap        float64 `json:"rel_gap"`
	Error      string  `json:"error,omitempty"`
}

func emit(l line) {
	b, _ := json.Marshal(l)
	fmt.Println(string(b))
}

func run(n int, seed uint64, tol float64, dir string, only, maxIter int) error {
	begin := time.Now()
	t := plan.GenerateTechniques(plan.TechniquesSpec{Products: n, Seed: seed})
	fmt.Fprintf(os.Stderr, "generated %d products, %d processes in %.2f s\n", n, len(t.Processes), time.Since(begin).Seconds())
	begin, cpu := time.Now(), cpuSeconds()
	p, err := plan.Balance(t, &plan.BalanceOptions{Tol: tol, Progress: progress, MaxIter: maxIter})
	if err != nil {
		return err
	}
	total := line{Kind: "balance", Products: n, Processes: len(t.Processes), Stage: -1, Seconds: time.Since(begin).Seconds(), CPUSeconds: cpuSeconds() - cpu, Objective: p.Labour}
	for _, s := range p.Stages {
		total.Iterations += s.Result.Iterations
	}
	emit(total)
	for k := range p.Stages {
		if only >= 0 && k != only {
			continue
		}
		prog := t.Programme(k, p.Held)
		m, nc := prog.A.Dims()
		x, y := make([]float64, nc), make([]float64, m)
		begin, cpu := time.Now(), cpuSeconds()
		res, err := lp.Solve(x, y, prog, &lp.Settings{Tol: tol})
		cpu = cpuSeconds() - cpu
		l := line{Kind: "lp", Products: n, Processes: len(t.Processes), NNZ: prog.A.NNZ(), Stage: k, Name: p.Stages[k].Name,
			Seconds: time.Since(begin).Seconds(), CPUSeconds: cpu, Iterations: res.Iterations, Objective: res.PrimalObjective,
			Primal: res.RelPrimalResidual, Dual: res.RelDualResidual, Gap: res.RelGap}
		if err != nil {
			l.Error = err.Error()
		}
		if dir != "" {
			l.File = filepath.Join(dir, fmt.Sprintf("stage%d.lp", k))
			f, err := os.Create(l.File)
			if err != nil {
				return err
			}
			w := bufio.NewWriterSize(f, 1<<20)
			if err := lptest.WriteLP(w, prog); err != nil {
				return err
			}
			if err := w.Flush(); err != nil {
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
		}
		emit(l)
	}
	return nil
}

// cpuSeconds is the processor time this process has used (user + system,
// all threads): on a shared machine it is fairer than wall time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
