package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"commune/council"
)

// TestCycleCommands builds the small demo (which runs a whole planning
// cycle), serves it, and drives the cycle's commands against it: reads of
// the period, funds and accounts; hours reported and confirmed by a
// workmate, a retry, the refusals; a proposal of a new period.
func TestCycleCommands(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	var built builtDemo
	if err := json.Unmarshal([]byte(mustCLI(t, "demo", "--data", dir, "--no-serve", "--json", "--log-level", "warn")), &built); err != nil {
		t.Fatal(err)
	}
	if built.Period == 0 || built.Variant == 0 || built.Flagged == 0 {
		t.Fatalf("demo without a cycle: %+v", built.Demo)
	}
	url, _ := startServe(t, "--data", dir)
	t.Setenv("COMMUNE_SESSION", filepath.Join(t.TempDir(), "session.json"))
	t.Setenv("COMMUNE_SERVER", url)
	place := map[string]int64{}
	for _, c := range built.Councils {
		place[c.Name] = int64(c.ID)
	}
	bakery, northside := place["Bakery Collective"], place["Northside Neighbourhood"]
	var bakers []int64
	for _, p := range built.People {
		if slices.Contains(p.Councils, "Bakery Collective") {
			bakers = append(bakers, int64(p.ID))
		}
	}
	as := func(m int64) { t.Setenv("COMMUNE_TOKEN", built.Tokens[council.ID(m)]) }
	period := fmt.Sprint(built.Period)

	as(bakers[0])
	if out := mustCLI(t, "periods"); !strings.Contains(out, "Spring") || !strings.Contains(out, "adopted") {
		t.Errorf("periods:\n%s", out)
	}
	if out := mustCLI(t, "period", period); !strings.Contains(out, "unreceived_output") || !strings.Contains(out, "as offered") {
		t.Errorf("period %s lacks its flag or its variants:\n%s", period, out)
	}
	if out := mustCLI(t, "funds"); !strings.Contains(out, "common needs") || !strings.Contains(out, "tram passes") {
		t.Errorf("funds:\n%s", out)
	}
	// bakers[0] lives in Northside: a day's certificates less three loaves.
	if out := mustCLI(t, "account"); !strings.Contains(out, "balance: 201") {
		t.Errorf("account of member %d:\n%s", bakers[0], out)
	}

	// Hours: reported, refused to their author, confirmed by a workmate,
	// confirmed again (a retry: the original entry, nothing new).
	out := mustCLI(t, "hours", "report", "--workplace", fmt.Sprint(bakery), "--minutes", "7h30m", "--key", "cli-test-hours", "--json")
	var rc struct {
		Entries []int64 `json:"entries"`
		Events  []struct {
			Body json.RawMessage `json:"body"`
		} `json:"events"`
	}
	if err := json.Unmarshal([]byte(out), &rc); err != nil || len(rc.Events) != 1 {
		t.Fatalf("hours report: %v\n%s", err, out)
	}
	var hr struct {
		Report  int64 `json:"report"`
		Minutes int64 `json:"minutes"`
	}
	json.Unmarshal(rc.Events[0].Body, &hr)
	if hr.Minutes != 450 {
		t.Errorf("7h30m reported as %d minutes", hr.Minutes)
	}
	report := fmt.Sprint(hr.Report)
	if code, _, errs := cli(t, "hours", "confirm", report, "--key", "self"); code != 1 || !strings.Contains(errs, "forbidden") {
		t.Errorf("confirming one's own hours: exit %d, %s", code, errs)
	}
	as(bakers[1])
	first := mustCLI(t, "hours", "confirm", report, "--key", "cli-test-confirm", "--json")
	again := mustCLI(t, "hours", "confirm", report, "--key", "cli-test-confirm", "--json")
	var a, b struct {
		Entries []int64 `json:"entries"`
	}
	json.Unmarshal([]byte(first), &a)
	json.Unmarshal([]byte(again), &b)
	if len(a.Entries) != 1 || !slices.Equal(a.Entries, b.Entries) {
		t.Errorf("retry answered %s, want the original %s", again, first)
	}
	if out := mustCLI(t, "hours", "list", "--workplace", fmt.Sprint(bakery)); !strings.Contains(out, "confirmed") {
		t.Errorf("hours list:\n%s", out)
	}

	// Refusals: bad input never reaches the server (exit 2); the server's
	// refusals name their code (exit 1).
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"hours", "report", "--workplace", fmt.Sprint(bakery), "--minutes", "-5"}, 2, "not positive"},
		{[]string{"hours", "report", "--workplace", fmt.Sprint(bakery), "--minutes", "7.5"}, 2, "whole positive number"},
		{[]string{"hours", "bogus"}, 2, "want a sub-command"},
		{[]string{"needs", fmt.Sprint(northside), "--period", period, "--need", "bread:ten:1"}, 2, "not a positive number"},
		{[]string{"processes", fmt.Sprint(bakery), "--period", period, "--hours", "10", "--process", "oven:bread"}, 2, "want ID:PRODUCT"},
		{[]string{"plan-period", fmt.Sprint(built.District), "--name", "Summer", "--start", "June", "--end", "2026-08-31"}, 2, "YYYY-MM-DD"},
		{[]string{"variants", period, "--variant", "late=1"}, 1, "conflict (period_adopted)"},
		{[]string{"needs", fmt.Sprint(northside), "--period", period, "--need", "bread:10:1"}, 1, "forbidden"},
	} {
		code, _, errs := cli(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("commune %s: exit %d, %q; want exit %d and %q", strings.Join(tc.args, " "), code, errs, tc.code, tc.want)
		}
	}

	// Drawing beyond one's certificates is refused.
	as(bakers[0])
	if code, _, errs := cli(t, "draw", period, "--point", fmt.Sprint(northside), "--member", fmt.Sprint(bakers[0]), "--product", "bread", "--quantity", "1000"); code != 1 || !strings.Contains(errs, "conflict") {
		t.Errorf("drawing beyond the balance: exit %d, %s", code, errs)
	}

	// A delegate of the district proposes the next period.
	var page struct {
		Delegates []struct {
			Member int64 `json:"member"`
		} `json:"delegates"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, "council", fmt.Sprint(built.District), "--json")), &page); err != nil || len(page.Delegates) == 0 {
		t.Fatalf("district delegates: %v %+v", err, page)
	}
	as(page.Delegates[0].Member)
	if out := mustCLI(t, "plan-period", fmt.Sprint(built.District), "--name", "Summer", "--start", "2026-06-01", "--end", "2026-08-31"); !strings.Contains(out, "proposal.made") {
		t.Errorf("plan-period:\n%s", out)
	}
}
