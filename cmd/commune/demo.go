package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"commune/council"
	"commune/demo"
	"commune/sqlite"
	"commune/store"
)

// runDemo builds a demo federation through real acts (package demo) in a
// data directory and serves it at once. The small demo is the default;
// --members N builds a generated one of N members in large batches.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo", "", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free one)")
	data := fs.String("data", "", "data directory to build in, kept afterwards (default: a temporary one, removed on exit); an existing data directory is served as it is")
	members := fs.Int("members", 0, "build a generated federation of N members (N/10 base councils, districts, regions) instead of the small demo")
	seed := fs.Uint64("seed", 1, "seed of the generated federation's names and votes")
	noServe := fs.Bool("no-serve", false, "build, print the credentials and exit without serving")
	asJSON := fs.Bool("json", false, "print the demo's people and ids as JSON")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos); err != nil {
		return err
	}
	if *members != 0 && *members < 20 {
		return &exitError{code: 2, err: fmt.Errorf("--members %d: want at least 20", *members)}
	}
	logger, err := newLogger(stderr, *logLevel, false)
	if err != nil {
		return &exitError{code: 2, err: err}
	}

	dir := *data
	if dir == "" {
		tmp, err := os.MkdirTemp("", "commune-demo-")
		if err != nil {
			return fmt.Errorf("temporary data directory: %w", err)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); err == nil {
		// Built before: serve it as it is (the passwords were printed then).
		fmt.Fprintf(stdout, "Serving the federation already built in %s.\n", dir)
		if *noServe {
			return nil
		}
		d, err := openData(ctx, dir, store.Options{Logger: logger})
		if err != nil {
			return err
		}
		defer d.Close()
		return serveHTTP(ctx, *addr, handler(d.svc, logger), logger, stdout)
	} else if err := checkEmptyDir(dir); err != nil {
		return err
	}

	span := demo.SmallSpan
	if *members > 0 {
		span = demo.LargeSpan
	}
	clock := demo.NewClock(time.Now().UnixMicro() - span)
	d, err := openData(ctx, dir, store.Options{Origin: "commune-demo", Clock: clock.Now, Logger: logger})
	if err != nil {
		return err
	}
	defer d.Close()
	built, err := buildDemo(ctx, d.svc, clock, *members, *seed, stderr)
	if err != nil {
		if *data != "" {
			d.Close()
			removeContents(dir)
		}
		return err
	}
	clock.Live()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(built); err != nil {
			return err
		}
	} else {
		printDemo(stdout, built, dir, *data == "")
	}
	if *noServe {
		return nil
	}
	return serveHTTP(ctx, *addr, handler(d.svc, logger), logger, stdout)
}

// builtDemo is what `commune demo` prints.
type builtDemo struct {
	*demo.Demo
	Passwords map[council.ID]string `json:"passwords"`
	Tokens    map[council.ID]string `json:"tokens"` // bearer tokens, for scripts (JSON output only)
	Entries   int64                 `json:"entries"`
	Seconds   float64               `json:"build_seconds"`
	Key       string                `json:"verification_key"`
}

// buildDemo builds the small demo (members 0) or a generated federation
// through svc, checks the small one has everything it promises, and gives
// its people passwords.
func buildDemo(ctx context.Context, svc *store.Service, clock *demo.Clock, members int, seed uint64, stderr io.Writer) (*builtDemo, error) {
	start := time.Now()
	var d *demo.Demo
	var err error
	if members == 0 {
		d, err = demo.Small(ctx, svc, clock)
		if err == nil {
			svc.View(func(s *council.State) { err = demo.Verify(s, d) })
		}
	} else {
		d, err = demo.Large(ctx, svc, clock, members, seed, func(phase string) {
			fmt.Fprintf(stderr, "demo: %6.1fs  %s\n", time.Since(start).Seconds(), phase)
		})
	}
	if err != nil {
		return nil, err
	}
	out := &builtDemo{Demo: d, Passwords: map[council.ID]string{}, Tokens: map[council.ID]string{}, Entries: svc.Size(), Key: svc.VerifierKey()}
	for _, p := range d.People {
		pw, err := newPassword()
		if err != nil {
			return nil, err
		}
		if err := svc.SetPassword(ctx, p.ID, pw); err != nil {
			return nil, fmt.Errorf("demo: password of member %d: %w", p.ID, err)
		}
		out.Passwords[p.ID] = pw
		if out.Tokens[p.ID], err = svc.NewToken(ctx, p.ID); err != nil {
			return nil, fmt.Errorf("demo: token of member %d: %w", p.ID, err)
		}
	}
	out.Seconds = time.Since(start).Seconds()
	return out, nil
}

// printDemo prints the people one can sign in as and what to look at.
func printDemo(w io.Writer, b *builtDemo, dir string, temporary bool) {
	fmt.Fprintf(w, "%s: %d members, %d councils, %d entries on the record (built in %.1fs).\n",
		b.Federation, b.Members, b.Count, b.Entries, b.Seconds)
	if temporary {
		fmt.Fprintf(w, "Data directory %s is temporary: it is removed when the demo stops.\n", dir)
	} else {
		fmt.Fprintf(w, "Data directory: %s\n", dir)
	}
	fmt.Fprintln(w, "\nSign in as any of them (commune login --member ID --password PASSWORD):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  ID\tNAME\tPASSWORD\tCOUNCILS")
	for _, p := range b.People {
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\n", p.ID, p.Name, b.Passwords[p.ID], strings.Join(p.Councils, ", "))
	}
	tw.Flush()
	fmt.Fprintln(w)
	if b.Open != 0 {
		fmt.Fprintf(w, "District council %d, regional congress %d; member %d was recalled from the district.\n", b.District, b.Region, b.Recalled)
		fmt.Fprintf(w, "Open proposal %d (with an alternative) is mandated by mandate %d; tendency %d filed minority report %d on it.\n",
			b.Open, b.Mandate, b.Tendency, b.Report)
	} else {
		fmt.Fprintf(w, "District council %d, region %d. Every base council has a question open for voting (the first: proposal %d).\n", b.District, b.Region, b.OpenLocal)
	}
	if line := b.CycleSummary(); line != "" {
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "Verification key: %s\n\n", b.Key)
}

// removeContents empties a directory a failed build wrote into.
func removeContents(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}
