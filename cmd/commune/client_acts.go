package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// actSpec describes a client command that performs one act through the
// API: its positional ids fill the path, its flags fill the JSON body.
type actSpec struct {
	name       string
	summary    string
	positional []string // names of positional id arguments, in the order the path uses them
	method     string
	path       string // fmt format with one %d per positional argument
	fields     []fieldSpec
	// anonymousIf names a body member that, when given, means the request
	// is made by someone without an account (a newcomer accepting an
	// invitation): no token is sent even if one is kept.
	anonymousIf string
}

// fieldSpec maps one flag to one member of the request body.
type fieldSpec struct {
	flag     string
	json     string
	kind     string // "string", "text" (string, @FILE reads a file), "int", "bool", "ids" (1,2,3), "ranks" (3>1=2>4)
	help     string
	required bool
}

// actCommands turns every actSpec into a command.
func actCommands() map[string]command {
	cmds := map[string]command{}
	for _, spec := range actSpecs {
		spec := spec
		cmds[spec.name] = command{spec.summary, func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			return runAct(ctx, spec, args, stdout, stderr)
		}}
	}
	return cmds
}

// setFlags collects repeated --set key=value flags.
type setFlags []string

func (s *setFlags) String() string     { return strings.Join(*s, ",") }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

// runAct parses the command line of an act command, builds its body, sends
// it and prints the answer (the entry indices on the record among it).
func runAct(ctx context.Context, spec actSpec, args []string, stdout, stderr io.Writer) error {
	upper := make([]string, len(spec.positional))
	for i, p := range spec.positional {
		upper[i] = strings.ToUpper(p)
	}
	fs := newFlagSet(spec.name, strings.Join(upper, " "), stderr)
	var cf clientFlags
	cf.register(fs)
	vals := make([]*string, len(spec.fields))
	for i, f := range spec.fields {
		help := f.help
		if f.required {
			help += " (required)"
		}
		vals[i] = fs.String(f.flag, "", help)
	}
	var sets setFlags
	fs.Var(&sets, "set", "add KEY=VALUE to the request body (VALUE as JSON if it parses, else a string); repeatable")
	rawBody := fs.String("body", "", "the whole request body as JSON (flags are merged into it)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, upper...); err != nil {
		return err
	}
	ids := make([]any, len(pos))
	for i, p := range pos {
		id, err := parseID(spec.positional[i], p)
		if err != nil {
			return err
		}
		ids[i] = id
	}
	body := map[string]any{}
	if *rawBody != "" {
		if err := json.Unmarshal([]byte(*rawBody), &body); err != nil {
			return &exitError{code: 2, err: fmt.Errorf("--body: %w", err)}
		}
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for i, f := range spec.fields {
		if !given[f.flag] {
			if f.required {
				if !hasPath(body, f.json) {
					return &exitError{code: 2, err: fmt.Errorf("--%s is required", f.flag)}
				}
			}
			continue
		}
		v, err := fieldValue(f, *vals[i])
		if err != nil {
			return &exitError{code: 2, err: fmt.Errorf("--%s: %w", f.flag, err)}
		}
		setPath(body, f.json, v)
	}
	for _, kv := range sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return &exitError{code: 2, err: fmt.Errorf("--set %q: want KEY=VALUE", kv)}
		}
		var j any
		if json.Unmarshal([]byte(v), &j) == nil {
			body[k] = j
		} else {
			body[k] = v
		}
	}
	c, err := cf.client()
	if err != nil {
		return err
	}
	if spec.anonymousIf != "" && hasPath(body, spec.anonymousIf) {
		c.token = ""
	}
	var send any
	if spec.method != "GET" {
		send = body
	}
	data, err := c.do(ctx, spec.method, fmt.Sprintf(spec.path, ids...), send)
	if err != nil {
		return err
	}
	return printAnswer(stdout, data, cf.json)
}

// fieldValue converts a flag's text into the body value its kind says.
func fieldValue(f fieldSpec, s string) (any, error) {
	switch f.kind {
	case "string":
		return s, nil
	case "text":
		if name, ok := strings.CutPrefix(s, "@"); ok {
			b, err := os.ReadFile(name)
			if err != nil {
				return nil, err
			}
			return string(b), nil
		}
		return s, nil
	case "int":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", s)
		}
		return n, nil
	case "bool":
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", s)
		}
		return b, nil
	case "ids":
		return parseIDList(s)
	case "json":
		b := []byte(s)
		if name, ok := strings.CutPrefix(s, "@"); ok {
			var err error
			if b, err = os.ReadFile(name); err != nil {
				return nil, err
			}
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return nil, fmt.Errorf("not JSON: %w", err)
		}
		return v, nil
	case "ranks":
		return parseRanks(s)
	}
	return nil, fmt.Errorf("unknown field kind %q", f.kind)
}

// setPath sets body[a][b]... for a dotted key "a.b", making the nested
// objects as needed (the motion of a proposal is such an object).
func setPath(body map[string]any, key string, v any) {
	parts := strings.Split(key, ".")
	m := body
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = v
}

// hasPath reports whether a dotted key is set in body.
func hasPath(body map[string]any, key string) bool {
	parts := strings.Split(key, ".")
	m := body
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			return false
		}
		m = next
	}
	_, ok := m[parts[len(parts)-1]]
	return ok
}

// parseIDList parses "1,2,3".
func parseIDList(s string) ([]int64, error) {
	out := []int64{}
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%q is not an id", p)
		}
		out = append(out, n)
	}
	return out, nil
}

// parseRanks parses a ranking written best first, ">" between ranks and
// "=" between tied choices: "3>1=2>4" is [[3] [1 2] [4]]. Commas are
// accepted for ">" too ("3,1=2,4"). Choices left out rank below all others.
func parseRanks(s string) ([][]int64, error) {
	s = strings.ReplaceAll(s, ",", ">")
	out := [][]int64{}
	seen := map[int64]bool{}
	for _, group := range strings.Split(s, ">") {
		group = strings.TrimSpace(group)
		if group == "" {
			return nil, fmt.Errorf("empty rank in %q", s)
		}
		var g []int64
		for _, p := range strings.Split(group, "=") {
			p = strings.TrimSpace(p)
			n, err := strconv.ParseInt(p, 10, 64)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%q is not an id", p)
			}
			if seen[n] {
				return nil, fmt.Errorf("%d ranked twice", n)
			}
			seen[n] = true
			g = append(g, n)
		}
		out = append(out, g)
	}
	return out, nil
}

// Flags shared by several act commands.
var (
	fTitle  = fieldSpec{flag: "title", json: "title", kind: "string", help: "title", required: true}
	fText   = fieldSpec{flag: "text", json: "text", kind: "text", help: "text (@FILE reads it from a file)", required: true}
	fChoice = fieldSpec{flag: "choice", json: "choice", kind: "string", help: "yes, no or abstain"}
	fRank   = fieldSpec{flag: "ranking", json: "ranking", kind: "ranks", help: "ranking, best first: 3>1=2>4 (= ties; left-out options rank last)"}
)

// actSpecs lists the act commands. The paths and body members follow
// web/routes.go and web/openapi.json; the body members are the JSON tags
// of council's acts. The actor is always the token's member.
var actSpecs = []actSpec{
	{name: "found-council", summary: "found a base council (you become its first member)", method: "POST", path: "/councils",
		fields: []fieldSpec{{flag: "name", json: "name", kind: "string", help: "the council's name", required: true},
			{flag: "kind", json: "kind", kind: "string", help: "workplace or neighbourhood", required: true}}},
	{name: "invite", summary: "invite someone to a base council: prints the invitation code", positional: []string{"council"},
		method: "POST", path: "/councils/%d/invitations"},
	{name: "accept", summary: "accept an invitation (newcomers give --name and --password; members their token)",
		method: "POST", path: "/invitations/accept",
		fields: []fieldSpec{{flag: "code", json: "code", kind: "string", help: "the invitation code", required: true},
			{flag: "name", json: "name", kind: "string", help: "newcomer: your name"},
			{flag: "password", json: "password", kind: "string", help: "newcomer: your password (8 characters at least)"}},
		anonymousIf: "name"},
	{name: "leave", summary: "leave a base council", positional: []string{"council"}, method: "POST", path: "/councils/%d/leave"},
	{name: "request-admission", summary: "ask a council that admits by vote to admit you", positional: []string{"council"},
		method: "POST", path: "/councils/%d/admissions", fields: []fieldSpec{{flag: "text", json: "text", kind: "text", help: "why"}}},
	{name: "propose", summary: "make a proposal in a council (any kind; see --kind)", positional: []string{"council"},
		method: "POST", path: "/councils/%d/proposals",
		fields: []fieldSpec{fTitle, fText,
			{flag: "kind", json: "kind", kind: "string", help: "text (default), statutes, found_federation, join, leave, admission, mandate, referendum_demand"},
			{flag: "name", json: "motion.name", kind: "string", help: "found_federation: the new council's name"},
			{flag: "federation", json: "motion.federation", kind: "int", help: "join, leave: the federated council"},
			{flag: "member", json: "motion.member", kind: "int", help: "admission: the member admitted"},
			{flag: "target", json: "motion.target", kind: "int", help: "mandate, referendum_demand: the higher council's proposal"},
			{flag: "choice", json: "motion.choice", kind: "string", help: "mandate on a yes/no question: yes, no or abstain"},
			{flag: "option", json: "motion.option", kind: "int", help: "mandate on a ranked question: the option to rank first"},
			{flag: "statutes", json: "motion.statutes", kind: "json", help: "statutes: the new statutes as JSON (@FILE reads a file)"}}},
	{name: "statutes", summary: "propose new statutes for a council", positional: []string{"council"},
		method: "POST", path: "/councils/%d/statutes",
		fields: []fieldSpec{fTitle, fText, {flag: "statutes", json: "statutes", kind: "json", help: "the statutes as JSON (@FILE reads a file)", required: true}}},
	{name: "mandate", summary: "propose a mandate: how the council's delegates must vote on a higher council's proposal",
		positional: []string{"council"}, method: "POST", path: "/councils/%d/mandates",
		fields: []fieldSpec{fTitle, fText, {flag: "target", json: "target", kind: "int", help: "the higher council's proposal", required: true},
			fChoice, {flag: "option", json: "option", kind: "int", help: "on a ranked question: the option to rank first"}}},
	{name: "demand-referendum", summary: "propose that the council demand a referendum on a higher council's decision",
		positional: []string{"council"}, method: "POST", path: "/councils/%d/referendum-demands",
		fields: []fieldSpec{fTitle, fText, {flag: "target", json: "target", kind: "int", help: "the higher council's decision", required: true}}},
	{name: "amend", summary: "propose an amendment to a proposal", positional: []string{"proposal"},
		method: "POST", path: "/proposals/%d/amendments", fields: []fieldSpec{fText}},
	{name: "alternative", summary: "put a competing alternative to a proposal", positional: []string{"proposal"},
		method: "POST", path: "/proposals/%d/alternatives", fields: []fieldSpec{fText}},
	{name: "accept-amendment", summary: "accept an amendment into your proposal", positional: []string{"amendment"},
		method: "POST", path: "/amendments/%d/accept"},
	{name: "vote", summary: "vote on a proposal: --choice yes|no|abstain, or --ranking for alternatives", positional: []string{"proposal"},
		method: "POST", path: "/proposals/%d/votes", fields: []fieldSpec{fChoice, fRank}},
	{name: "rank", summary: "rank a proposal's alternatives: rank PROPOSAL --ranking 3>1=2", positional: []string{"proposal"},
		method: "POST", path: "/proposals/%d/votes", fields: []fieldSpec{{flag: "ranking", json: "ranking", kind: "ranks", help: fRank.help, required: true}}},
	{name: "call-election", summary: "call an election of the council's delegates to a federated council with vacant seats",
		positional: []string{"council"}, method: "POST", path: "/councils/%d/elections",
		fields: []fieldSpec{{flag: "federation", json: "federation", kind: "int", help: "the federated council", required: true}}},
	{name: "nominate", summary: "stand as a candidate in an election (self-nomination)", positional: []string{"election"},
		method: "POST", path: "/elections/%d/candidacies"},
	{name: "withdraw", summary: "withdraw your candidacy", positional: []string{"election"},
		method: "DELETE", path: "/elections/%d/candidacies"},
	{name: "elect", summary: "cast a ranked ballot in an election: elect ELECTION --ranking 12>7=9", positional: []string{"election"},
		method: "POST", path: "/elections/%d/ballots", fields: []fieldSpec{{flag: "ranking", json: "ranking", kind: "ranks", help: "candidates (member ids) best first", required: true}}},
	{name: "recall", summary: "open a recall vote on a delegate you elect", method: "POST", path: "/recalls",
		fields: []fieldSpec{{flag: "federation", json: "federation", kind: "int", help: "the federated council the delegate sits in", required: true},
			{flag: "delegate", json: "delegate", kind: "int", help: "the delegate (member id)", required: true}}},
	{name: "recall-vote", summary: "vote in a recall: --choice yes|no|abstain", positional: []string{"recall"},
		method: "POST", path: "/recalls/%d/votes", fields: []fieldSpec{{flag: "choice", json: "choice", kind: "string", help: "yes, no or abstain", required: true}}},
	{name: "petition", summary: "sign the petition to recall a delegate", method: "POST", path: "/recall-petitions",
		fields: []fieldSpec{{flag: "federation", json: "federation", kind: "int", help: "the federated council the delegate sits in", required: true},
			{flag: "delegate", json: "delegate", kind: "int", help: "the delegate (member id)", required: true}}},
	{name: "referendum-sign", summary: "sign the petition for a referendum on a federated council's decision", positional: []string{"proposal"},
		method: "POST", path: "/proposals/%d/referendum-petition"},
	{name: "referendum-vote", summary: "vote in a referendum: --choice yes|no|abstain", positional: []string{"referendum"},
		method: "POST", path: "/referendums/%d/votes", fields: []fieldSpec{{flag: "choice", json: "choice", kind: "string", help: "yes, no or abstain", required: true}}},
}

// tendencySpecs are the sub-commands of `commune tendency`.
var tendencySpecs = []actSpec{
	{name: "form", summary: "form a tendency", method: "POST", path: "/tendencies",
		fields: []fieldSpec{{flag: "name", json: "name", kind: "string", help: "its name", required: true},
			{flag: "platform", json: "platform", kind: "text", help: "its platform (@FILE reads a file)", required: true}}},
	{name: "join", summary: "join a tendency", positional: []string{"tendency"}, method: "POST", path: "/tendencies/%d/members"},
	{name: "leave", summary: "leave a tendency", positional: []string{"tendency"}, method: "POST", path: "/tendencies/%d/leave"},
	{name: "platform", summary: "publish a new platform", positional: []string{"tendency"}, method: "POST", path: "/tendencies/%d/platform",
		fields: []fieldSpec{{flag: "platform", json: "platform", kind: "text", help: "the platform (@FILE reads a file)", required: true}}},
	{name: "dissolve", summary: "sign the tendency's dissolution (only its members can)", positional: []string{"tendency"},
		method: "POST", path: "/tendencies/%d/dissolution"},
	{name: "report", summary: "file a tendency's minority report on a proposal: report PROPOSAL --tendency T --text T",
		positional: []string{"proposal"}, method: "POST", path: "/proposals/%d/minority-reports",
		fields: []fieldSpec{{flag: "tendency", json: "tendency", kind: "int", help: "the tendency", required: true}, fText}},
	{name: "sign", summary: "sign a minority report", positional: []string{"report"}, method: "POST", path: "/minority-reports/%d/signatures"},
}
