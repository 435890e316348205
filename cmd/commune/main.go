// Command commune runs a Commune server and its command-line client.
//
// Each sub-command lives in a file of its own (see commands below); this file
// only dispatches. Wiring of adapters to the domain happens in the
// sub-commands, nowhere else.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// command is one sub-command: its one-line summary and its entry point.
// run receives the arguments after the sub-command's name.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands lists every sub-command. Client sub-commands (talking to a
// running server over the JSON API) are listed by clientCommands.
func commands() map[string]command {
	cmds := map[string]command{
		"init":  {"create a data directory with a founding member and first council", runInit},
		"serve": {"serve the JSON API and web interface from a data directory", runServe},
		"demo":  {"serve a ready demo federation", runDemo},
		"audit": {"verify the public record of a data directory or a running server", runAudit},
		"tally": {"count ranked ballots (PrefLib files)", runTally},
		"admin": {"operator commands: manage the installation (recorded, no votes)", runAdmin},
		"plan":  {"the planning engine: labour values, outputs, balanced plans", runPlan},
	}
	for name, c := range clientCommands() {
		cmds[name] = c
	}
	return cmds
}

// exitError carries a specific exit status out of a sub-command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to a sub-command and returns the process exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "commune: unknown command %q\n\n", args[0])
		usage(stderr, cmds)
		return 2
	}
	err := c.run(ctx, args[1:], stdout, stderr)
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintf(stderr, "commune %s: %v\n", args[0], err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "Commune: councils, recallable delegates, a public record, and planning in labour time.")
	fmt.Fprintln(w, "\nUsage: commune <command> [arguments]\n\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-18s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'commune <command> -h' for a command's flags.")
}
