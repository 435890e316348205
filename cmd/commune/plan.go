package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"commune/plan"
	"commune/sparse"
)

// planCommands lists the sub-commands of "commune plan".
var planCommands = map[string]struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}{
	"values":    {"labour values: product,value (hours per unit), v = vA + l", runPlanValues},
	"outputs":   {"gross outputs for the needs: product,gross_output,final, x = Ax + d", runPlanOutputs},
	"check":     {"validate an economy directory and test that it is productive", runPlanCheck},
	"balance":   {"the best feasible plan under limited resources (linear programme)", runPlanBalance},
	"import-io": {"make an economy from a monetary input-output table", runPlanImportIO},
	"generate":  {"write a synthetic productive economy (for benchmarks)", runPlanGenerate},
}

// runPlan dispatches "commune plan SUB ...".
func runPlan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stderr, "Usage: commune plan <command> [arguments]\n\nCommands:")
		names := make([]string, 0, len(planCommands))
		for n := range planCommands {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(stderr, "  %-10s %s\n", n, planCommands[n].summary)
		}
		fmt.Fprintln(stderr, "\nThe economy format and the model: docs/planning.md.")
		if len(args) == 0 {
			return &exitError{code: 2, err: errors.New("missing command")}
		}
		return flag.ErrHelp
	}
	c, ok := planCommands[args[0]]
	if !ok {
		return &exitError{code: 2, err: fmt.Errorf("unknown command %q (see commune plan help)", args[0])}
	}
	// Researchers tuning the engine on their own economies want to see
	// where the time goes without rebuilding it.
	if path := os.Getenv("COMMUNE_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("COMMUNE_CPUPROFILE: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("COMMUNE_CPUPROFILE: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	if err := c.run(ctx, args[1:], stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%s: %w", args[0], err)
	}
	return nil
}

// parseArgs parses flags that may come before or after the positional
// arguments, and checks the number of positionals.
func parseArgs(fs *flag.FlagSet, args []string, positional int, usage string) ([]string, error) {
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\nFlags:\n", usage)
		fs.PrintDefaults()
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &exitError{code: 2, err: err}
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != positional {
		return nil, &exitError{code: 2, err: fmt.Errorf("usage: %s", usage)}
	}
	return pos, nil
}

// solverFlags adds the iterative solver's flags to fs.
func solverFlags(fs *flag.FlagSet) (*sparse.Settings, *string) {
	s := &sparse.Settings{}
	fs.Float64Var(&s.Tol, "tol", 1e-12, "relative residual to reach")
	fs.IntVar(&s.MaxIter, "max-iter", 10000, "most products with A before giving up")
	method := fs.String("method", "auto", "iterative method: auto, bicgstab or neumann")
	return s, method
}

func parseMethod(m string) (sparse.Method, error) {
	switch m {
	case "auto":
		return sparse.Auto, nil
	case "bicgstab":
		return sparse.BiCGSTAB, nil
	case "neumann":
		return sparse.Neumann, nil
	}
	return 0, &exitError{code: 2, err: fmt.Errorf("unknown --method %q (want auto, bicgstab or neumann)", m)}
}

// inDir prefixes the file of an *InputError with the directory read, so
// the message names the file as the user would open it.
func inDir(dir string, err error) error {
	var ie *plan.InputError
	if errors.As(err, &ie) && ie.File != "" && !filepath.IsAbs(ie.File) && !strings.HasPrefix(ie.File, dir) {
		ie.File = filepath.Join(dir, ie.File)
	}
	return err
}

// readEconomy reads and validates the single-technique economy in dir,
// reporting on stderr how long it took. Unless needs, the needs are
// dropped once validated (labour values do not depend on them).
func readEconomy(dir string, st *status, needs bool) (*plan.Economy, error) {
	setMemoryLimit()
	if fi, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	st.linef("reading %s", dir)
	t := time.Now()
	// Reading allocates the economy's arrays whole, then fills them; a
	// collection meanwhile would scan gigabytes not yet written (and fault
	// their pages in twice) to find almost no garbage. The memory limit
	// still bounds the heap.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	e, err := plan.ReadEconomy(os.DirFS(dir))
	if err != nil {
		return nil, inDir(dir, err)
	}
	if !needs {
		e.Needs = nil
	}
	releaseGarbage(e)
	st.linef("read %d products, %d inputs in %.3f s", len(e.Products), e.A.NNZ(), time.Since(t).Seconds())
	return e, nil
}

// setMemoryLimit gives the garbage collector a soft limit of 3.5 GiB,
// unless GOMEMLIMIT is set: an economy of 10^7 products holds about 3 GB
// live, and the default pacing (heap may double before a collection)
// would overshoot the 4 GB the planning engine promises.
func setMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(35 << 30 / 10)
	}
}

// releaseGarbage returns what reading left behind (the id index, parse
// buffers, needs not used) to the operating system before a large solve
// allocates its vectors, so that the two never add up in peak memory.
func releaseGarbage(e *plan.Economy) {
	if len(e.Products) >= 1_000_000 {
		debug.FreeOSMemory()
	}
}

// outFiles writes files into dir as a whole or not at all; see
// outFilesMulti.
func outFiles(dir string, files map[string]func(io.Writer) error) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	return outFilesMulti(dir, names, func(ws []io.Writer) error {
		for i, name := range names {
			if err := files[name](ws[i]); err != nil {
				return fmt.Errorf("write %s: %w", name, err)
			}
		}
		return nil
	})
}

// outFilesMulti creates the named files in a temporary directory beside
// dir, lets write fill them (all open at once), and only when every write
// succeeded moves them into place: the temporary directory becomes dir,
// or, if dir exists, its files replace their namesakes in dir. On error
// nothing is left behind.
func outFilesMulti(dir string, names []string, write func([]io.Writer) error) (err error) {
	dir = filepath.Clean(dir)
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return fmt.Errorf("--out: %s exists and is not a directory", dir)
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	files := make([]*os.File, len(names))
	ws := make([]io.Writer, len(names))
	defer func() {
		for _, f := range files {
			if f != nil {
				f.Close()
			}
		}
	}()
	for i, name := range names {
		if files[i], err = os.Create(filepath.Join(tmp, name)); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
		ws[i] = files[i]
	}
	if err := write(ws); err != nil {
		return err
	}
	for i, f := range files {
		files[i] = nil
		if err := f.Close(); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	for _, name := range names {
		if err := os.Rename(filepath.Join(tmp, name), filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
	}
	return os.Remove(tmp)
}

// status prints progress and a summary on stderr: a redrawn progress bar
// with an ETA on a terminal, plain lines otherwise.
type status struct {
	w     io.Writer
	tty   bool
	quiet bool
	start time.Time
	last  time.Time
	drawn bool
}

func newStatus(w io.Writer, quiet bool) *status {
	now := time.Now()
	st := &status{w: w, quiet: quiet, start: now, last: now}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			st.tty = true
		}
	}
	return st
}

// linef prints one line of summary.
func (st *status) linef(format string, args ...any) {
	if st.quiet {
		return
	}
	st.clear()
	fmt.Fprintf(st.w, format+"\n", args...)
}

func (st *status) clear() {
	if st.drawn {
		fmt.Fprint(st.w, "\r\033[K")
		st.drawn = false
	}
}

// progress reports a fraction done of a task begun at begin: a bar on a
// terminal (at most 10 redraws a second), a line every 2 s otherwise.
func (st *status) progress(task string, frac float64, begin time.Time, detail string) {
	if st.quiet {
		return
	}
	now := time.Now()
	every := 2 * time.Second
	if st.tty {
		every = 100 * time.Millisecond
	}
	if now.Sub(st.last) < every {
		return
	}
	st.last = now
	frac = min(max(frac, 0), 1)
	eta := "?"
	if el := now.Sub(begin); frac > 0.01 {
		eta = (time.Duration(float64(el) * (1 - frac) / frac)).Round(100 * time.Millisecond).String()
	}
	if !st.tty {
		fmt.Fprintf(st.w, "%s: %3.0f%% %s (eta %s)\n", task, 100*frac, detail, eta)
		return
	}
	const width = 30
	full := int(frac * width)
	fmt.Fprintf(st.w, "\r\033[K%s [%s%s] %3.0f%% %s eta %s", task, strings.Repeat("=", full), strings.Repeat(" ", width-full), 100*frac, detail, eta)
	st.drawn = true
}

// solveProgress turns a solver's residuals into progress: the fraction
// of the way, in orders of magnitude, from 1 to the tolerance.
func (st *status) solveProgress(task string, tol float64) func(int, float64) {
	begin := time.Now()
	return func(products int, res float64) {
		frac := 0.0
		if res > 0 && res < 1 {
			frac = min(1, max(0, math.Log(res)/math.Log(tol)))
		}
		st.progress(task, frac, begin, fmt.Sprintf("%d products with A, residual %.1e", products, res))
	}
}
