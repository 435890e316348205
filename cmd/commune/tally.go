package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"commune"
	"commune/ballot"
)

// maxSchulzeAlternatives bounds n for the Schulze count, whose matrices
// take 16·n² bytes.
const maxSchulzeAlternatives = 5000

// runTally counts the ranked ballots of a PrefLib file (.soc, .soi, .toc,
// .toi): by default the Schulze ranking, best first, one alternative per
// line; with --method stv the seats elected by Meek STV. Bad input exits 1
// with FILE:LINE: reason.
func runTally(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tally", flag.ContinueOnError)
	fs.SetOutput(stderr)
	method := fs.String("method", "schulze", "counting method: schulze (full ranking) or stv (Meek STV, several seats)")
	seats := fs.Int("seats", 1, "seats to fill with --method stv")
	matrix := fs.Bool("matrix", false, "also print the pairwise matrix d and the strongest paths p (schulze)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: commune tally [--method schulze|stv] [--seats N] [--matrix] FILE")
		fmt.Fprintln(stderr, "\nCounts ranked ballots in PrefLib format (.soc, .soi, .toc, .toi). Flags:")
		fs.PrintDefaults()
	}
	files, err := tallyArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &exitError{code: 2, err: err}
	}
	if len(files) != 1 {
		fs.Usage()
		return &exitError{code: 2, err: fmt.Errorf("want one FILE, got %d arguments", len(files))}
	}
	if *method != "schulze" && *method != "stv" {
		return &exitError{code: 2, err: fmt.Errorf("--method %q: want schulze or stv", *method)}
	}
	if *method == "schulze" && *seats != 1 {
		return &exitError{code: 2, err: fmt.Errorf("--seats is for --method stv; schulze ranks every alternative")}
	}
	name := files[0]
	e, err := readPrefLibFile(name)
	if err != nil {
		return err
	}
	heading := fmt.Sprintf("# %s: %d voters, %d alternatives\n", tallyTitle(e, name), e.Voters, len(e.Names))
	if *method == "stv" {
		elected, rounds, err := ballot.STV(len(e.Names), *seats, e.Ballots)
		if err != nil {
			return fmt.Errorf("%s: %s", name, commune.ErrorMessage(err))
		}
		io.WriteString(stdout, heading)
		printSTVStages(stdout, e.Names, *seats, elected, rounds)
		return nil
	}
	if len(e.Names) > maxSchulzeAlternatives {
		return fmt.Errorf("%s: %d alternatives, more than the %d a Schulze count here handles", name, len(e.Names), maxSchulzeAlternatives)
	}
	r := ballot.Schulze(len(e.Names), e.Ballots)
	io.WriteString(stdout, heading)
	printSchulzeRanking(stdout, e.Names, r.Ranking)
	if *matrix {
		printSchulzeMatrices(stdout, e.Names, r)
	}
	return nil
}

// tallyArgs parses flags placed before or after the file name.
func tallyArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// readPrefLibFile reads a PrefLib file; a malformed one gives FILE:LINE: reason.
func readPrefLibFile(name string) (*ballot.Election, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	e, err := ballot.ReadPrefLib(f)
	var pe *ballot.ParseError
	if errors.As(err, &pe) {
		return nil, fmt.Errorf("%s:%d: %s", name, pe.Line, pe.Reason)
	} else if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return e, nil
}

func tallyTitle(e *ballot.Election, name string) string {
	if e.Title != "" {
		return e.Title
	}
	return name
}

// printSchulzeRanking prints one alternative per line, best first. Tied
// alternatives share a rank number marked "=" and "(tied)"; the next rank
// skips as many numbers as were tied (1= 1= 3 …).
func printSchulzeRanking(w io.Writer, names []string, ranking [][]int) {
	fmt.Fprintln(w, "# Schulze ranking (winning votes), best first; \"=\" marks a tie")
	place := 1
	for _, g := range ranking {
		for _, a := range g {
			if len(g) > 1 {
				fmt.Fprintf(w, "%d= %s (tied)\n", place, names[a])
			} else {
				fmt.Fprintf(w, "%d. %s\n", place, names[a])
			}
		}
		place += len(g)
	}
}

// printSchulzeMatrices prints d and p with alternatives by their file numbers.
func printSchulzeMatrices(w io.Writer, names []string, r ballot.Result) {
	fmt.Fprintln(w, "\n# alternatives")
	for i, n := range names {
		fmt.Fprintf(w, "%4d  %s\n", i+1, n)
	}
	for _, m := range []struct {
		title string
		v     [][]int64
	}{
		{"d[row,col]: voters preferring row to col", r.D},
		{"p[row,col]: strength of the strongest path from row to col", r.P},
	} {
		fmt.Fprintf(w, "\n# %s\n", m.title)
		tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
		var b strings.Builder
		b.WriteString("\t")
		for j := range names {
			fmt.Fprintf(&b, "%d\t", j+1)
		}
		fmt.Fprintln(tw, b.String())
		for i, row := range m.v {
			b.Reset()
			fmt.Fprintf(&b, "%d\t", i+1)
			for j, x := range row {
				if i == j {
					b.WriteString("-\t")
				} else {
					fmt.Fprintf(&b, "%d\t", x)
				}
			}
			fmt.Fprintln(tw, b.String())
		}
		tw.Flush()
	}
}

// printSTVStages prints the elected, in order of election, then every stage.
func printSTVStages(w io.Writer, names []string, seats int, elected []int, rounds []ballot.Round) {
	fmt.Fprintf(w, "# Meek STV, %d seat(s), elected in order of election\n", seats)
	for i, a := range elected {
		fmt.Fprintf(w, "%d. %s\n", i+1, names[a])
	}
	fmt.Fprintln(w, "\n# stages")
	for i, r := range rounds {
		var what []string
		for _, a := range r.Elected {
			what = append(what, "elected "+names[a])
		}
		for _, a := range r.Defeated {
			what = append(what, "excluded "+names[a])
		}
		fmt.Fprintf(w, "stage %d: quota %s, exhausted %s: %s\n", i+1, r.Quota, r.Exhausted, strings.Join(what, ", "))
	}
}
