package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"commune"
	"commune/sqlite"
	"commune/store"
)

// runAudit verifies the public record of a data directory or of a running
// server: `commune audit DIR|URL [--key VKEY]`. It exits 0 with a summary
// when everything agrees, 1 naming the first discrepancy otherwise, and 2
// on bad usage.
func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	key := fs.String("key", "", "the published verifier key of the log (default: the one the data directory or server holds; pass the one you trust)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: commune audit DIR|URL [--key VKEY]")
		fmt.Fprintln(stderr, "\nVerifies the checkpoint signature and the tree, replays every entry into a fresh state,")
		fmt.Fprintln(stderr, "and compares every derived table row by row. Exit status 1 names the first discrepancy.")
		fmt.Fprintln(stderr, "\nFlags:")
		fs.PrintDefaults()
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return &exitError{code: 2, err: err}
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != 1 {
		fs.Usage()
		return &exitError{code: 2, err: errors.New("want one data directory or server URL")}
	}
	target := pos[0]

	var (
		reader store.Reader
		vkey   = strings.TrimSpace(*key)
		keyOf  string
	)
	if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") {
		r, err := store.NewRemote(target, nil)
		if err != nil {
			return &exitError{code: 2, err: err}
		}
		reader = r
		if vkey == "" {
			if vkey, err = r.VerifierKey(ctx); err != nil {
				return err
			}
			keyOf = "the server"
		}
	} else {
		path := filepath.Join(target, sqlite.FileName)
		if _, err := os.Stat(path); err != nil {
			return &exitError{code: 2, err: fmt.Errorf("%s is not a data directory: %w", target, err)}
		}
		b, err := sqlite.Open(target)
		if err != nil {
			return err
		}
		defer b.Close()
		reader = b
		if vkey == "" {
			v, err := b.Setting(ctx, store.SettingVerifierKey)
			if err != nil {
				return fmt.Errorf("%s holds no verifier key: %w", target, err)
			}
			vkey, keyOf = string(v), "the data directory"
		}
	}
	if keyOf != "" {
		fmt.Fprintf(stderr, "note: checking signatures with the verifier key %s holds; pass --key to check against a key you obtained independently\n", keyOf)
	}

	rep, err := store.Audit(ctx, reader, vkey)
	var d *store.Discrepancy
	if errors.As(err, &d) {
		fmt.Fprintf(stdout, "audit FAILED after %d entries: %s\n", rep.Entries, strings.TrimPrefix(d.Error(), "audit: "))
		return &exitError{code: 1, err: d}
	}
	if err != nil {
		if commune.ErrorCode(err) == commune.EINTERNAL {
			return err
		}
		return &exitError{code: 1, err: err}
	}
	printReport(stdout, target, rep)
	return nil
}

func printReport(w io.Writer, target string, rep store.Report) {
	fmt.Fprintf(w, "audit passed: %s\n", target)
	fmt.Fprintf(w, "  log          %s\n", rep.Origin)
	fmt.Fprintf(w, "  entries      %d replayed\n", rep.Entries)
	fmt.Fprintf(w, "  tree size    %d (signed checkpoint)\n", rep.TreeSize)
	fmt.Fprintf(w, "  root         %s\n", rep.Root)
	if rep.HashesRead {
		fmt.Fprintf(w, "  hashes       every stored tree hash matches\n")
	}
	fmt.Fprintf(w, "  tables       %d derived tables, %d rows, all equal to the replay\n", rep.Tables, rep.Rows)
	fmt.Fprintf(w, "  time         %.3fs (%.0f entries/s)\n", rep.Elapsed.Seconds(), rep.EntriesPerSecond())
}
