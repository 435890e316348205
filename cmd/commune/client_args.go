package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
)

// newFlagSet returns a FlagSet for a sub-command whose errors and usage go
// to stderr, with a usage line listing its positional arguments.
func newFlagSet(name, positional string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: commune %s [flags] %s\n\nFlags:\n", name, positional)
		fs.PrintDefaults()
	}
	return fs
}

// parseInterspersed parses args with fs, allowing flags after positional arguments
// (`commune vote 12 --choice yes`), and returns the positional arguments.
// A lone "--" ends flag parsing.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// flag stops at the first non-flag, or after "--".
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// wantArgs checks the number of positional arguments.
func wantArgs(pos []string, names ...string) error {
	if len(pos) != len(names) {
		return &exitError{code: 2, err: fmt.Errorf("want %d argument(s) %v, got %d %q", len(names), names, len(pos), pos)}
	}
	return nil
}

// parseID parses a positional id argument.
func parseID(what, s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, &exitError{code: 2, err: fmt.Errorf("%s: %q is not an id (a non-negative integer)", what, s)}
	}
	return n, nil
}
