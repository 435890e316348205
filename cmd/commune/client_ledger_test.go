package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune/council"
)

// TestLedgerCommands serves the small demo and drives spend-fund, support
// and expire against it: the demo's district has passed no spending
// decision and set no certificate lifetime, so the server refuses them
// with the reasons a treasurer would see; bad command lines never reach it.
func TestLedgerCommands(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	var built builtDemo
	if err := json.Unmarshal([]byte(mustCLI(t, "demo", "--data", dir, "--no-serve", "--json", "--log-level", "warn")), &built); err != nil {
		t.Fatal(err)
	}
	url, _ := startServe(t, "--data", dir)
	t.Setenv("COMMUNE_SESSION", filepath.Join(t.TempDir(), "session.json"))
	t.Setenv("COMMUNE_SERVER", url)
	as := func(m int64) { t.Setenv("COMMUNE_TOKEN", built.Tokens[council.ID(m)]) }
	as(int64(built.People[0].ID))

	var funds struct {
		Funds []council.FundView `json:"funds"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, "funds", "--json")), &funds); err != nil || len(funds.Funds) == 0 {
		t.Fatalf("funds: %v %+v", err, funds)
	}
	fund := fmt.Sprint(funds.Funds[0].ID)
	var page struct {
		Delegates []struct {
			Member int64 `json:"member"`
		} `json:"delegates"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, "council", fmt.Sprint(built.District), "--json")), &page); err != nil || len(page.Delegates) == 0 {
		t.Fatalf("district delegates: %v %+v", err, page)
	}
	delegate := page.Delegates[0].Member
	outsider := int64(0)
	for _, p := range built.People {
		if !slicesHas(page.Delegates, int64(p.ID)) {
			outsider = int64(p.ID)
			break
		}
	}
	before := mustCLI(t, "funds", "--json")

	for _, tc := range []struct {
		name   string
		by     int64
		args   []string
		code   int
		stderr string
	}{
		{"no decision flag", delegate, []string{"spend-fund", fund, "--minutes", "10"}, 2, "--decision"},
		{"bad minutes", delegate, []string{"support", fund, "--member", "1", "--minutes", "7.5", "--decision", "1"}, 2, "minutes"},
		{"no member", delegate, []string{"support", fund, "--minutes", "10", "--decision", "1"}, 2, "--member"},
		{"no such decision", delegate, []string{"spend-fund", fund, "--minutes", "10", "--decision", "999999"}, 1, "not_found"},
		{"not a delegate", outsider, []string{"spend-fund", fund, "--minutes", "1h", "--decision", "1", "--key", "k1"}, 1, "not_delegate"},
		{"support by an outsider", outsider, []string{"support", fund, "--member", fmt.Sprint(delegate), "--minutes", "10", "--decision", "1"}, 1, "not_delegate"},
		{"no lifetime in the statutes", delegate, []string{"expire", "--key", "cli-expire"}, 1, "no_expiry"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			as(tc.by)
			code, out, errs := cli(t, tc.args...)
			if code != tc.code || !strings.Contains(errs, tc.stderr) {
				t.Errorf("commune %s: exit %d, stdout %q, stderr %q; want exit %d mentioning %q", strings.Join(tc.args, " "), code, out, errs, tc.code, tc.stderr)
			}
		})
	}
	if diff := cmp.Diff(before, mustCLI(t, "funds", "--json")); diff != "" {
		t.Errorf("refused commands changed the funds (-before +after):\n%s", diff)
	}
}

func slicesHas(ds []struct {
	Member int64 `json:"member"`
}, id int64) bool {
	for _, d := range ds {
		if d.Member == id {
			return true
		}
	}
	return false
}
