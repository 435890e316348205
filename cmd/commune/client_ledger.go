package main

import (
	"context"
	"flag"
	"fmt"
	"io"
)

// ledgerSpecs are the commands that spend the funds, support members from
// them and expire certificates: acts of a delegate of the top federated
// council, the first two under a passed text proposal of that council.
var ledgerSpecs = []cycleSpec{
	{name: "spend-fund", summary: "spend a fund under a passed decision: spend-fund FUND --minutes M|8h --decision PROPOSAL [--ref WHAT] [--key K]",
		positional: []string{"fund"}, flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			minutes, decision, ref, key := fundFlags(fs)
			return func(ids []int64) (string, string, any, error) {
				body, err := fundBody(*minutes, *decision, *ref)
				if err != nil {
					return "", "", nil, err
				}
				k, err := withKey(body, *key)
				return "POST", fmt.Sprintf("/funds/%d/spendings", ids[0]), k, err
			}
		}},
	{name: "support", summary: "support a member unable to work from a fund under a passed decision: support FUND --member M --minutes M|8h --decision PROPOSAL [--ref WHY] [--key K]",
		positional: []string{"fund"}, flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			member := fs.Int64("member", 0, "the member supported (required)")
			minutes, decision, ref, key := fundFlags(fs)
			return func(ids []int64) (string, string, any, error) {
				if *member <= 0 {
					return "", "", nil, fmt.Errorf("--member is required")
				}
				body, err := fundBody(*minutes, *decision, *ref)
				if err != nil {
					return "", "", nil, err
				}
				body["member"] = *member
				k, err := withKey(body, *key)
				return "POST", fmt.Sprintf("/funds/%d/support", ids[0]), k, err
			}
		}},
	{name: "expire", summary: "expire every member's certificates older than the statutes allow (certificate_days): expire [--key K]",
		flags: func(fs *flag.FlagSet) func([]int64) (string, string, any, error) {
			key := fs.String("key", "", "idempotency key (default: a fresh one, printed)")
			return func([]int64) (string, string, any, error) {
				k, err := withKey(map[string]any{}, *key)
				return "POST", "/expiries", k, err
			}
		}},
}

// fundFlags registers the flags spend-fund and support share.
func fundFlags(fs *flag.FlagSet) (minutes *string, decision *int64, ref, key *string) {
	minutes = fs.String("minutes", "", "whole minutes, or a duration such as 7h30m (required)")
	decision = fs.Int64("decision", 0, "the passed text proposal of the top federated council authorising it (required)")
	ref = fs.String("ref", "", "what for")
	key = fs.String("key", "", "idempotency key (default: a fresh one, printed)")
	return minutes, decision, ref, key
}

// fundBody checks the shared flags and builds the start of the body.
func fundBody(minutes string, decision int64, ref string) (map[string]any, error) {
	m, err := parseMinutes(minutes)
	if err != nil {
		return nil, err
	}
	if decision <= 0 {
		return nil, fmt.Errorf("--decision is required: the passed proposal authorising it")
	}
	body := map[string]any{"minutes": m, "decision": decision}
	if ref != "" {
		body["ref"] = ref
	}
	return body, nil
}

// ledgerCommands turns the ledgerSpecs into commands.
func ledgerCommands() map[string]command {
	cmds := map[string]command{}
	for _, sp := range ledgerSpecs {
		cmds[sp.name] = command{sp.summary, func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			return runCycleSpec(ctx, sp, args, stdout, stderr)
		}}
	}
	return cmds
}
