package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"commune/council"
)

// cycleSpec is a client command of the planning cycle and the labour-time
// accounts. Its flags are registered by flags, which returns the builder
// of the request from the positional ids.
type cycleSpec struct {
	name, summary string
	positional    []string // names of the positional ids
	flags         func(fs *flag.FlagSet) func(ids []int64) (method, path string, body any, err error)
}

// cycleCommands turns every cycleSpec into a command, with `hours` and
// `account` beside them.
func cycleCommands() map[string]command {
	cmds := map[string]command{
		"periods": {"list the plan periods (--council ID: one federated council's)", runPeriods},
		"period":  {"show a plan period: submissions, variants, adopted plan, targets, allocations, reconciliation and flags", showCommand("period", "/periods/%d")},
		"funds":   {"show the funds with their deduction rates and balances, and the free goods", readCommand("funds", "", "/funds")},
		"hours":   {"hours worked: hours report|confirm REPORT|list", runHours},
		"account": {"show a labour-time account (yours without ID) with its balance, transfers and draws", runAccount},
	}
	for _, sp := range cycleSpecs {
		sp := sp
		cmds[sp.name] = command{sp.summary, func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			return runCycleSpec(ctx, sp, args, stdout, stderr)
		}}
	}
	return cmds
}

// runCycleSpec parses a cycle command's line, builds its request, sends it
// and prints the answer.
func runCycleSpec(ctx context.Context, sp cycleSpec, args []string, stdout, stderr io.Writer) error {
	upper := make([]string, len(sp.positional))
	for i, p := range sp.positional {
		upper[i] = strings.ToUpper(p)
	}
	fs := newFlagSet(sp.name, strings.Join(upper, " "), stderr)
	var cf clientFlags
	cf.register(fs)
	build := sp.flags(fs)
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	if err != nil {
		return &exitError{code: 2, err: err} // a bad value: usage, never sent
	}
	if err := wantArgs(pos, upper...); err != nil {
		return err
	}
	ids := make([]int64, len(pos))
	for i, p := range pos {
		if ids[i], err = parseID(sp.positional[i], p); err != nil {
			return err
		}
	}
	method, path, body, err := build(ids)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if k, ok := body.(keyed); ok && k.generated {
		fmt.Fprintf(stderr, "idempotency key: %s (send again with --key %s to retry safely)\n", k.key, k.key)
	}
	c, err := cf.client()
	if err != nil {
		return err
	}
	if k, ok := body.(keyed); ok {
		body = k.body
	}
	data, err := c.do(ctx, method, path, body)
	if err != nil {
		return err
	}
	return printAnswer(stdout, data, cf.json)
}

// keyed is the body of a keyed act with its idempotency key, and whether
// the command made the key up (no --key given).
type keyed struct {
	body      map[string]any
	key       string
	generated bool
}

// withKey adds key (or a fresh random one) to body.
func withKey(body map[string]any, key string) (keyed, error) {
	k := keyed{body: body, key: key}
	if key == "" {
		b := make([]byte, 12)
		if _, err := rand.Read(b); err != nil {
			return k, err
		}
		k.key, k.generated = "cli-"+hex.EncodeToString(b), true
	}
	body["key"] = k.key
	return k, nil
}

// listFlag is a repeatable flag whose values are parsed by parse.
func listFlag[T any](fs *flag.FlagSet, name, usage string, parse func(string) (T, error)) *[]T {
	var out []T
	fs.Func(name, usage+" (repeatable)", func(s string) error {
		v, err := parse(s)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	return &out
}

// proposal builds the body of a cycle proposal in council ids[0].
func proposal(ids []int64, kind, title, text string, cm council.CycleMotion) (string, string, any, error) {
	return "POST", fmt.Sprintf("/councils/%d/proposals", ids[0]), map[string]any{"kind": kind, "title": title, "text": text,
		"motion": map[string]any{"cycle": cm}}, nil
}

// titleText registers --title (defaulting to def) and --text.
func titleText(fs *flag.FlagSet, def string) (*string, *string) {
	return fs.String("title", def, "the proposal's title"), fs.String("text", "", "the proposal's text (@FILE reads a file)")
}

// readText reads @FILE texts.
func readText(s string) (string, error) {
	if name, ok := strings.CutPrefix(s, "@"); ok {
		b, err := os.ReadFile(name)
		return string(b), err
	}
	return s, nil
}

// cycleSpecs lists the cycle's act commands. The paths and bodies follow
// web/routes.go and web/openapi.json; the actor is the token's member.
var cycleSpecs = []cycleSpec{
	{name: "plan-period", summary: "propose that a federated council plan a period: plan-period COUNCIL --name N --start DATE --end DATE",
		positional: []string{"council"}, flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			name := fs.String("name", "", "the period's name (required)")
			start := fs.String("start", "", "first day, YYYY-MM-DD (required)")
			end := fs.String("end", "", "last day, YYYY-MM-DD (required)")
			title, text := titleText(fs, "Plan a period")
			return func(ids []int64) (string, string, any, error) {
				if *name == "" || *start == "" || *end == "" {
					return "", "", nil, fmt.Errorf("--name, --start and --end are required")
				}
				s, err := parseDate(*start)
				if err != nil {
					return "", "", nil, err
				}
				e, err := parseDate(*end)
				if err != nil {
					return "", "", nil, err
				}
				t, err := readText(*text)
				if err != nil {
					return "", "", nil, err
				}
				return proposal(ids, council.ProposalPlanPeriod, *title, t, council.CycleMotion{Name: *name, Start: s, End: e})
			}
		}},
	{name: "needs", summary: "propose a neighbourhood council's needs: needs COUNCIL --period P --need bread:300:1 ...",
		positional: []string{"council"}, flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			period := fs.Int64("period", 0, "the plan period (required)")
			needs := listFlag(fs, "need", "PRODUCT:QUANTITY:PRIORITY, priority 1 the most urgent", parseNeed)
			title, text := titleText(fs, "Our needs")
			return func(ids []int64) (string, string, any, error) {
				if *period <= 0 || len(*needs) == 0 {
					return "", "", nil, fmt.Errorf("--period and at least one --need are required")
				}
				t, err := readText(*text)
				if err != nil {
					return "", "", nil, err
				}
				return proposal(ids, council.ProposalNeeds, *title, t, council.CycleMotion{Period: council.ID(*period), Needs: *needs})
			}
		}},
	{name: "processes", summary: "propose a workplace council's processes and hours offered: processes COUNCIL --period P --hours H --process oven:bread:2:1:0:flour=1 ...",
		positional: []string{"council"}, flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			period := fs.Int64("period", 0, "the plan period (required)")
			hours := fs.Float64("hours", 0, "hours of work the members offer in the period (required)")
			procs := listFlag(fs, "process", "ID:PRODUCT:OUTPUT:LABOUR[:CAPACITY[:ITEM=QTY,...]] per unit of activity", parseProcess)
			title, text := titleText(fs, "What we can make")
			return func(ids []int64) (string, string, any, error) {
				if *period <= 0 || *hours <= 0 || len(*procs) == 0 {
					return "", "", nil, fmt.Errorf("--period, --hours and at least one --process are required")
				}
				t, err := readText(*text)
				if err != nil {
					return "", "", nil, err
				}
				return proposal(ids, council.ProposalProcesses, *title, t, council.CycleMotion{Period: council.ID(*period), Processes: *procs, Hours: *hours})
			}
		}},
	{name: "deductions", summary: "propose the top federated council's deductions: deductions COUNCIL --rate \"common needs=150\" ...",
		positional: []string{"council"}, flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			rates := listFlag(fs, "rate", "FUND=PERMILLE, thousandths of every confirmed hour", parseRate)
			title, text := titleText(fs, "Deductions")
			return func(ids []int64) (string, string, any, error) {
				if len(*rates) == 0 {
					return "", "", nil, fmt.Errorf("at least one --rate is required")
				}
				t, err := readText(*text)
				if err != nil {
					return "", "", nil, err
				}
				return proposal(ids, council.ProposalDeductions, *title, t, council.CycleMotion{Rates: *rates})
			}
		}},
	{name: "free-goods", summary: "propose the goods the top federated council hands out free: free-goods COUNCIL --product P ...",
		positional: []string{"council"}, flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			products := listFlag(fs, "product", "a product handed out free", func(s string) (string, error) {
				if strings.TrimSpace(s) == "" {
					return "", fmt.Errorf("empty product")
				}
				return s, nil
			})
			title, text := titleText(fs, "Free goods")
			return func(ids []int64) (string, string, any, error) {
				if len(*products) == 0 {
					return "", "", nil, fmt.Errorf("at least one --product is required")
				}
				t, err := readText(*text)
				if err != nil {
					return "", "", nil, err
				}
				return proposal(ids, council.ProposalFreeGoods, *title, t, council.CycleMotion{Products: *products})
			}
		}},
	{name: "adopt-plan", summary: "propose that a federated council choose among a period's variants by ranked vote: adopt-plan COUNCIL --period P",
		positional: []string{"council"}, flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			period := fs.Int64("period", 0, "the plan period (required)")
			title, text := titleText(fs, "Adopt the plan")
			return func(ids []int64) (string, string, any, error) {
				if *period <= 0 {
					return "", "", nil, fmt.Errorf("--period is required")
				}
				t, err := readText(*text)
				if err != nil {
					return "", "", nil, err
				}
				return proposal(ids, council.ProposalPlanAdoption, *title, t, council.CycleMotion{Period: council.ID(*period)})
			}
		}},
	{name: "variants", summary: "have plan variants computed from a period's submissions: variants PERIOD --variant \"as offered=1\" --variant \"shorter week=0.8\"",
		positional: []string{"period"}, flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			specs := listFlag(fs, "variant", "NAME=LABOUR_SCALE (1: the hours offered)", parseVariant)
			return func(ids []int64) (string, string, any, error) {
				if len(*specs) == 0 {
					return "", "", nil, fmt.Errorf("at least one --variant is required")
				}
				return "POST", fmt.Sprintf("/periods/%d/variants", ids[0]), map[string]any{"specs": *specs}, nil
			}
		}},
	{name: "report-output", summary: "report a workplace's output: report-output PERIOD --workplace W --product P --quantity Q",
		positional: []string{"period"}, flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			w := fs.Int64("workplace", 0, "the workplace council (required)")
			product := fs.String("product", "", "the product (required)")
			qty := fs.String("quantity", "", "the quantity made (required)")
			return func(ids []int64) (string, string, any, error) {
				q, err := parseQuantity("--quantity", *qty)
				if err != nil || *w <= 0 || *product == "" {
					return "", "", nil, fmt.Errorf("--workplace, --product and a positive --quantity are required")
				}
				return "POST", fmt.Sprintf("/periods/%d/outputs", ids[0]), map[string]any{"workplace": *w, "product": *product, "quantity": q}, nil
			}
		}},
	{name: "report-receipt", summary: "report goods received: report-receipt PERIOD --receiver C --from W --product P --quantity Q",
		positional: []string{"period"}, flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			recv := fs.Int64("receiver", 0, "the receiving council (required)")
			from := fs.Int64("from", 0, "the workplace the goods came from (required)")
			product := fs.String("product", "", "the product (required)")
			qty := fs.String("quantity", "", "the quantity received (required)")
			return func(ids []int64) (string, string, any, error) {
				q, err := parseQuantity("--quantity", *qty)
				if err != nil || *recv <= 0 || *from <= 0 || *product == "" {
					return "", "", nil, fmt.Errorf("--receiver, --from, --product and a positive --quantity are required")
				}
				return "POST", fmt.Sprintf("/periods/%d/receipts", ids[0]), map[string]any{"receiver": *recv, "from": *from, "product": *product, "quantity": q}, nil
			}
		}},
	{name: "draw", summary: "record goods handed to a member at a distribution point: draw PERIOD --point C --member M --product P --quantity Q [--key K]",
		positional: []string{"period"}, flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			point := fs.Int64("point", 0, "the distribution point: a neighbourhood council (required)")
			m := fs.Int64("member", 0, "the member the goods are handed to (required)")
			product := fs.String("product", "", "the product (required)")
			qty := fs.String("quantity", "", "the quantity (required)")
			key := fs.String("key", "", "idempotency key (default: a fresh one, printed)")
			return func(ids []int64) (string, string, any, error) {
				q, err := parseQuantity("--quantity", *qty)
				if err != nil || *point <= 0 || *m <= 0 || *product == "" {
					return "", "", nil, fmt.Errorf("--point, --member, --product and a positive --quantity are required")
				}
				k, err := withKey(map[string]any{"point": *point, "member": *m, "product": *product, "quantity": q}, *key)
				return "POST", fmt.Sprintf("/periods/%d/draws", ids[0]), k, err
			}
		}},
	{name: "correct", summary: "reverse a transfer made by mistake, in full: correct TRANSFER [--ref WHY] [--key K]",
		positional: []string{"transfer"}, flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			ref := fs.String("ref", "", "why")
			key := fs.String("key", "", "idempotency key (default: a fresh one, printed)")
			return func(ids []int64) (string, string, any, error) {
				body := map[string]any{"transfer": ids[0]}
				if *ref != "" {
					body["ref"] = *ref
				}
				k, err := withKey(body, *key)
				return "POST", "/corrections", k, err
			}
		}},
}

// hoursSpecs are the sub-commands of `commune hours`.
var hoursSpecs = []cycleSpec{
	{name: "report", summary: "report minutes you worked: hours report --workplace W --minutes 480|8h [--ref R] [--key K]",
		flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			w := fs.Int64("workplace", 0, "the workplace council (required)")
			minutes := fs.String("minutes", "", "whole minutes worked, or a duration such as 7h30m (required)")
			ref := fs.String("ref", "", "what for (a day, a shift)")
			key := fs.String("key", "", "idempotency key (default: a fresh one, printed)")
			return func([]int64) (string, string, any, error) {
				if *w <= 0 {
					return "", "", nil, fmt.Errorf("--workplace is required")
				}
				m, err := parseMinutes(*minutes)
				if err != nil {
					return "", "", nil, err
				}
				body := map[string]any{"workplace": *w, "minutes": m}
				if *ref != "" {
					body["ref"] = *ref
				}
				k, err := withKey(body, *key)
				return "POST", "/hours", k, err
			}
		}},
	{name: "confirm", summary: "confirm a workmate's hours report: hours confirm REPORT [--key K]", positional: []string{"report"},
		flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			key := fs.String("key", "", "idempotency key (default: a fresh one, printed)")
			return func(ids []int64) (string, string, any, error) {
				k, err := withKey(map[string]any{}, *key)
				return "POST", fmt.Sprintf("/hours/%d/confirmation", ids[0]), k, err
			}
		}},
	{name: "list", summary: "list hours reports: hours list [--workplace W]",
		flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			w := fs.Int64("workplace", 0, "one workplace council's reports")
			return func([]int64) (string, string, any, error) {
				return "GET", fmt.Sprintf("/hours?workplace=%d", max(*w, 0)), nil, nil
			}
		}},
}

// runHours dispatches `commune hours SUB ...`.
func runHours(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var subs []string
	for _, sp := range hoursSpecs {
		subs = append(subs, sp.name)
		if len(args) > 0 && sp.name == args[0] {
			sp.name = "hours " + sp.name
			return runCycleSpec(ctx, sp, args[1:], stdout, stderr)
		}
	}
	return &exitError{code: 2, err: fmt.Errorf("want a sub-command: %s", strings.Join(subs, ", "))}
}

// runPeriods lists the plan periods.
func runPeriods(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("periods", "", stderr)
	var cf clientFlags
	cf.register(fs)
	c := fs.Int64("council", 0, "one federated council's periods")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos); err != nil {
		return err
	}
	return getAndPrint(ctx, &cf, "/periods?"+url.Values{"council": {fmt.Sprint(max(*c, 0))}}.Encode(), stdout)
}

// runAccount shows an account: ID's, or the signed-in member's.
func runAccount(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("account", "[ID]", stderr)
	var cf clientFlags
	cf.register(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return &exitError{code: 2, err: fmt.Errorf("want at most one argument [ID], got %q", pos)}
	}
	var id int64
	if len(pos) == 1 {
		if id, err = parseID("account", pos[0]); err != nil {
			return err
		}
	} else {
		c, err := cf.client()
		if err != nil {
			return err
		}
		data, err := c.do(ctx, "GET", "/me", nil)
		if err != nil {
			return err
		}
		var me struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal(data, &me); err != nil || me.ID == 0 {
			return fmt.Errorf("account: cannot tell who you are from /me")
		}
		id = me.ID
	}
	return getAndPrint(ctx, &cf, fmt.Sprintf("/accounts/%d", id), stdout)
}
