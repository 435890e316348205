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
	"runtime"
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
	method := flag.String("method", "halpern", "PDHG variant: halpern or adaptive")
	matvec := flag.Int("matvec", 0, "only time this many products with the least-labour programme's matrix and its transpose")
	flag.Parse()
	if *matvec > 0 {
		timeProducts(*products, *seed, *matvec)
		return
	}
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
	m, err := lp.ParseMethod(*method)
	if err != nil {
		fmt.Fprintln(os.Stderr, "balancebench:", err)
		os.Exit(2)
	}
	if err := run(*products, *seed, *tol, *dir, *only, *maxIter, m); err != nil {
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

func run(n int, seed uint64, tol float64, dir string, only, maxIter int, method lp.Method) error {
	begin := time.Now()
	t := plan.GenerateTechniques(plan.TechniquesSpec{Products: n, Seed: seed})
	fmt.Fprintf(os.Stderr, "generated %d products, %d processes in %.2f s\n", n, len(t.Processes), time.Since(begin).Seconds())
	begin, cpu := time.Now(), cpuSeconds()
	p, err := plan.Balance(t, &plan.BalanceOptions{Tol: tol, Progress: progress, MaxIter: maxIter, Method: method})
	if err != nil {
		return err
	}
	total := line{Kind: "balance", Products: n, Processes: len(t.Processes), Stage: -1, Seconds: time.Since(begin).Seconds(), CPUSeconds: cpuSeconds() - cpu, Objective: p.Labour}
	for _, s := range p.Stages {
		total.Iterations += s.Result.Iterations
	}
	emit(total)
	for k, s := range p.Stages {
		r := s.Result
		l := line{Kind: "stage", Products: n, Processes: len(t.Processes), Stage: k, Name: s.Name, Iterations: r.Iterations,
			Objective: r.PrimalObjective, Primal: r.RelPrimalResidual, Dual: r.RelDualResidual, Gap: r.RelGap}
		if !s.Converged {
			l.Error = "iteration limit"
		}
		emit(l)
	}
	for k := range p.Stages {
		if only == -2 || (only >= 0 && k != only) {
			continue
		}
		prog := t.Programme(k, p.Held)
		m, nc := prog.A.Dims()
		x, y := make([]float64, nc), make([]float64, m)
		begin, cpu := time.Now(), cpuSeconds()
		res, err := lp.Solve(x, y, prog, &lp.Settings{Tol: tol, Method: method})
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

// timeProducts prints the time per product with the constraint matrix of
// the least-labour programme and with its transpose: the two products of
// every PDHG iteration, and what bounds its speed.
func timeProducts(n int, seed uint64, reps int) {
	t := plan.GenerateTechniques(plan.TechniquesSpec{Products: n, Seed: seed})
	held := make([]float64, 3)
	prog := t.Programme(len(held), held)
	a := prog.A
	at := a.T()
	m, nc := a.Dims()
	x, y := make([]float64, nc), make([]float64, m)
	for j := range x {
		x[j] = 1
	}
	for i := range y {
		y[i] = 1
	}
	for _, c := range []struct {
		name     string
		mat      *lp.Matrix
		dst, src []float64
	}{{"A·x", a, y, x}, {"Aᵀ·y", at, x, y}} {
		begin := time.Now()
		for r := 0; r < reps; r++ {
			c.mat.MulVec(c.dst, c.src)
		}
		d := time.Since(begin) / time.Duration(reps)
		fmt.Printf("CSR %s: %d×%d, %d non-zeros: %v per product, %.2f ns per non-zero (one goroutine)\n", c.name, m, nc, c.mat.NNZ(), d, float64(d.Nanoseconds())/float64(c.mat.NNZ()))
	}
	for _, threads := range []int{1, runtime.GOMAXPROCS(0)} {
		mul, mulT := lp.ColumnProducts(a, threads)
		for _, c := range []struct {
			name     string
			f        func(dst, src []float64)
			dst, src []float64
		}{{"A·x", mul, y, x}, {"Aᵀ·y", mulT, x, y}} {
			begin := time.Now()
			for r := 0; r < reps; r++ {
				c.f(c.dst, c.src)
			}
			d := time.Since(begin) / time.Duration(reps)
			fmt.Printf("solver's %s, %d goroutines: %v per product, %.2f ns per non-zero\n", c.name, threads, d, float64(d.Nanoseconds())/float64(a.NNZ()))
		}
	}
}
