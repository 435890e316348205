package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// clientCommands lists the client sub-commands, which talk to a running
// server over the JSON API (see web/openapi.json). Each takes --server,
// --token and --json (clientFlags); acts are listed in actCommands.
func clientCommands() map[string]command {
	cmds := map[string]command{
		"login":       {"sign in to a server and keep the token for later commands", runLogin},
		"logout":      {"forget the token kept by login", runLogout},
		"api":         {"send any request to the JSON API: api METHOD PATH [JSON]", runAPI},
		"record":      {"the public record: record checkpoint|key|entries|proof INDEX|consistency", runRecord},
		"me":          {"show the member you are signed in as", readCommand("me", "", "/me")},
		"councils":    {"list the councils", readCommand("councils", "", "/councils")},
		"council":     {"show a council: its members, statutes, delegates and proposals", showCommand("council", "/councils/%d")},
		"proposal":    {"show a proposal with its live tally", showCommand("proposal", "/proposals/%d")},
		"election":    {"show an election", showCommand("election", "/elections/%d")},
		"recall-show": {"show a recall vote", showCommand("recall-show", "/recalls/%d")},
		"referendum":  {"show a referendum", showCommand("referendum", "/referendums/%d")},
		"member":      {"show a member and their voting record", showCommand("member", "/members/%d")},
		"tendencies":  {"list the tendencies", readCommand("tendencies", "", "/tendencies")},
		"tendency":    {"tendencies: tendency show|form|join|leave|platform|dissolve|report|sign ...", runTendency},
	}
	for name, c := range actCommands() {
		cmds[name] = c
	}
	for name, c := range cycleCommands() {
		cmds[name] = c
	}
	for name, c := range ledgerCommands() {
		cmds[name] = c
	}
	return cmds
}

// runTendency dispatches `commune tendency SUB ...`.
func runTendency(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	subs := []string{"show"}
	for _, sp := range tendencySpecs {
		subs = append(subs, sp.name)
	}
	if len(args) == 0 {
		return &exitError{code: 2, err: fmt.Errorf("want a sub-command: %s", strings.Join(subs, ", "))}
	}
	if args[0] == "show" {
		return showCommand("tendency show", "/tendencies/%d")(ctx, args[1:], stdout, stderr)
	}
	for _, sp := range tendencySpecs {
		if sp.name == args[0] {
			sp.name = "tendency " + sp.name
			return runAct(ctx, sp, args[1:], stdout, stderr)
		}
	}
	return &exitError{code: 2, err: fmt.Errorf("unknown sub-command %q: want one of %s", args[0], strings.Join(subs, ", "))}
}

// readCommand is a client command that GETs one fixed path.
func readCommand(name, positional, path string) func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		fs := newFlagSet(name, positional, stderr)
		var cf clientFlags
		cf.register(fs)
		pos, err := parseInterspersed(fs, args)
		if err != nil {
			return err
		}
		if err := wantArgs(pos); err != nil {
			return err
		}
		return getAndPrint(ctx, &cf, path, stdout)
	}
}

// getAndPrint GETs path and prints the answer.
func getAndPrint(ctx context.Context, cf *clientFlags, path string, stdout io.Writer) error {
	c, err := cf.client()
	if err != nil {
		return err
	}
	data, err := c.do(ctx, "GET", path, nil)
	if err != nil {
		return err
	}
	return printAnswer(stdout, data, cf.json)
}

// showCommand is a client command `NOUN ID` (or `NOUN show ID`) that
// GETs one object.
func showCommand(noun, format string) func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		fs := newFlagSet(noun, "[show] ID", stderr)
		var cf clientFlags
		cf.register(fs)
		pos, err := parseInterspersed(fs, args)
		if err != nil {
			return err
		}
		if len(pos) == 2 && pos[0] == "show" {
			pos = pos[1:]
		}
		if err := wantArgs(pos, "ID"); err != nil {
			return err
		}
		id, err := parseID(noun, pos[0])
		if err != nil {
			return err
		}
		return getAndPrint(ctx, &cf, fmt.Sprintf(format, id), stdout)
	}
}

// runAPI sends one request as given: the escape hatch for scripts that
// need a route no sub-command covers.
func runAPI(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("api", "METHOD PATH [JSON]", stderr)
	var cf clientFlags
	cf.register(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 && len(pos) != 3 {
		return &exitError{code: 2, err: fmt.Errorf("want METHOD PATH [JSON], e.g. api GET /councils")}
	}
	c, err := cf.client()
	if err != nil {
		return err
	}
	var body any
	if len(pos) == 3 {
		if !json.Valid([]byte(pos[2])) {
			return &exitError{code: 2, err: fmt.Errorf("request body is not valid JSON")}
		}
		body = json.RawMessage(pos[2])
	}
	path := strings.TrimPrefix(pos[1], "/api/v1")
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	data, err := c.do(ctx, strings.ToUpper(pos[0]), path, body)
	if err != nil {
		return err
	}
	return printAnswer(stdout, data, cf.json)
}

// runRecord reads the public record of a server.
func runRecord(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("record", "checkpoint|key|entries|proof INDEX|consistency", stderr)
	var cf clientFlags
	cf.register(fs)
	from := fs.Int64("from", 0, "entries, consistency: first entry / old tree size")
	to := fs.Int64("to", -1, "entries: one past the last entry; consistency: new tree size (default: the current size)")
	size := fs.Int64("size", -1, "proof: the tree size to prove inclusion in (default: the current size)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return &exitError{code: 2, err: fmt.Errorf("want a view: checkpoint, key, entries, proof INDEX or consistency")}
	}
	q := url.Values{}
	var path string
	raw := false
	switch pos[0] {
	case "checkpoint":
		path, raw = "/record/checkpoint", true
	case "key", "verification-key":
		path, raw = "/record/verification-key", true
	case "entries":
		path = "/record/entries"
		q.Set("from", fmt.Sprint(*from))
		if *to >= 0 {
			q.Set("to", fmt.Sprint(*to))
		}
	case "proof":
		if len(pos) != 2 {
			return &exitError{code: 2, err: fmt.Errorf("want: record proof INDEX")}
		}
		i, err := parseID("entry index", pos[1])
		if err != nil {
			return err
		}
		path = fmt.Sprintf("/record/entries/%d/proof", i)
		if *size >= 0 {
			q.Set("size", fmt.Sprint(*size))
		}
	case "consistency":
		path = "/record/consistency"
		q.Set("from", fmt.Sprint(*from))
		if *to >= 0 {
			q.Set("to", fmt.Sprint(*to))
		}
	default:
		return &exitError{code: 2, err: fmt.Errorf("unknown record view %q", pos[0])}
	}
	if pos[0] != "proof" && len(pos) != 1 {
		return &exitError{code: 2, err: fmt.Errorf("record %s takes no argument", pos[0])}
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	c, err := cf.client()
	if err != nil {
		return err
	}
	data, err := c.do(ctx, "GET", path, nil)
	if err != nil {
		return err
	}
	if raw && !cf.json {
		_, err = stdout.Write(data)
		return err
	}
	if pos[0] == "entries" && !cf.json {
		return printEntries(stdout, data)
	}
	return printAnswer(stdout, data, cf.json)
}

// printEntries prints record entries one per line with their event's
// canonical JSON as text (the API carries it base64-encoded).
func printEntries(w io.Writer, data []byte) error {
	var page struct {
		Size    int64 `json:"size"`
		Entries []struct {
			Index int64  `json:"index"`
			Time  int64  `json:"time"`
			Actor string `json:"actor"`
			Kind  string `json:"kind"`
			Body  []byte `json:"body"`
		} `json:"entries"`
	}
	if err := json.Unmarshal(data, &page); err != nil {
		return printAnswer(w, data, false)
	}
	for _, e := range page.Entries {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", e.Index, time.UnixMicro(e.Time).UTC().Format(time.RFC3339Nano), e.Actor, e.Kind, e.Body)
	}
	fmt.Fprintf(w, "(%d entries shown; the record holds %d)\n", len(page.Entries), page.Size)
	return nil
}
