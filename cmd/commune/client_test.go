package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestClientScenario: init → serve → login → propose → vote → audit, all
// through the command line against a real server on loopback.
func TestClientScenario(t *testing.T) {
	dir, res := initDir(t)
	t.Setenv("COMMUNE_SESSION", filepath.Join(t.TempDir(), "session.json"))
	t.Setenv("COMMUNE_TOKEN", "")
	url, stop := startServe(t, "--data", dir)
	t.Setenv("COMMUNE_SERVER", url)

	// The pages are served beside the API.
	resp, err := http.Get(url + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET /: %d %s, want the web interface's home page", resp.StatusCode, resp.Header.Get("Content-Type"))
	}

	// A second server on the same data directory is refused.
	if code, _, errs := cli(t, "serve", "--data", dir, "--addr", "127.0.0.1:0"); code == 0 || !strings.Contains(errs, "in use") {
		t.Errorf("second serve: exit %d, %s", code, errs)
	}
	if code, _, errs := cli(t, "admin", "--data", dir, "--operator", "alice", "note", "hello"); code == 0 || !strings.Contains(errs, "in use") {
		t.Errorf("admin beside a running server: exit %d, %s", code, errs)
	}
	if code, _, errs := cli(t, "login", "--member", "1", "--password", "wrong-password"); code == 0 || !strings.Contains(errs, "unauthorized") {
		t.Errorf("login with a wrong password: exit %d, %s", code, errs)
	}
	out := mustCLI(t, "login", "--member", "1", "--password", res.Password)
	if !strings.Contains(out, "signed in to "+url+" as member 1") {
		t.Errorf("login: %s", out)
	}
	out = mustCLI(t, "councils")
	if !strings.Contains(out, "Bakery") || !strings.Contains(out, "workplace") {
		t.Errorf("councils: %s", out)
	}
	// An invitation, accepted by a newcomer (no token sent, though one is
	// kept), who then signs in.
	var inv struct {
		Code string `json:"code"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, "invite", "2", "--json")), &inv); err != nil || len(inv.Code) < 16 {
		t.Fatalf("invite: %v %q", err, inv.Code)
	}
	out = mustCLI(t, "accept", "--code", inv.Code, "--name", "Amal Haddad", "--password", "amal-secret-1")
	if !strings.Contains(out, "name: Amal Haddad") || !strings.Contains(out, "token: ") {
		t.Errorf("accept: %s", out)
	}
	if code, _, errs := cli(t, "accept", "--code", inv.Code, "--name", "Someone", "--password", "another-secret"); code != 1 || !strings.Contains(errs, "conflict (invitation_used)") {
		t.Errorf("second acceptance: exit %d, %s", code, errs)
	}
	out = mustCLI(t, "council", "show", "2")
	if !strings.Contains(out, "Amal Haddad") {
		t.Errorf("council 2 after the acceptance:\n%s", out)
	}
	out = mustCLI(t, "propose", "2", "--title", "A new oven", "--text", "The old one is broken.", "--json")
	var made struct {
		Entries []int64 `json:"entries"`
		Events  []struct {
			Kind string          `json:"kind"`
			Body json.RawMessage `json:"body"`
		} `json:"events"`
	}
	if err := json.Unmarshal([]byte(out), &made); err != nil || len(made.Entries) != 1 || made.Events[0].Kind != "proposal.made" {
		t.Fatalf("propose --json: %v\n%s", err, out)
	}
	var pm struct{ Proposal int64 }
	json.Unmarshal(made.Events[0].Body, &pm)
	if pm.Proposal == 0 {
		t.Fatalf("no proposal id in %s", out)
	}
	pid := fmt.Sprint(pm.Proposal)

	// Voting has not opened: the API's code is printed, the exit is non-zero.
	code, _, errs := cli(t, "vote", pid, "--choice", "yes")
	if code != 1 || !strings.Contains(errs, "conflict (voting_not_open)") {
		t.Errorf("early vote: exit %d, stderr %q", code, errs)
	}
	// Bad input never reaches the server.
	if code, _, errs := cli(t, "vote", "seven", "--choice", "yes"); code != 2 || !strings.Contains(errs, "not an id") {
		t.Errorf("vote seven: exit %d, %s", code, errs)
	}
	if code, _, errs := cli(t, "vote", pid, "--ranking", "1>>2"); code != 2 || !strings.Contains(errs, "empty rank") {
		t.Errorf("bad ranking: exit %d, %s", code, errs)
	}

	// Two days later (the discussion period): the vote is open.
	stop()
	url, stop = startServe(t, "--data", dir, "--clock-ahead", "49h")
	t.Setenv("COMMUNE_SERVER", url)
	t.Setenv("COMMUNE_TOKEN", res.Token) // the session file names the old URL
	out = mustCLI(t, "vote", pid, "--choice", "yes")
	if !strings.Contains(out, "vote.cast") {
		t.Errorf("vote: %s", out)
	}
	out = mustCLI(t, "proposal", pid)
	if !strings.Contains(out, "status: voting") || !strings.Contains(out, "yes: 1") {
		t.Errorf("proposal after the vote:\n%s", out)
	}
	out = mustCLI(t, "record", "proof", "2")
	if !strings.Contains(out, "index: 2") {
		t.Errorf("record proof 2: %s", out)
	}
	if out := mustCLI(t, "record", "entries", "--from", "0", "--to", "4"); !strings.Contains(out, "server\tfederation.founded\t{\"federation\":\"Test Federation\"") || !strings.Contains(out, "member:1\tproposal.made") {
		t.Errorf("record entries:\n%s", out)
	}
	// founded, invitation issued and accepted, proposal made, voting
	// opened (by the clock), vote cast.
	if out := mustCLI(t, "record", "checkpoint"); !strings.Contains(out, "\n6\n") {
		t.Errorf("checkpoint does not cover the 6 entries:\n%s", out)
	}
	stop()
	if code, out, errs := cli(t, "audit", dir, "--key", res.Key); code != 0 {
		t.Errorf("audit: exit %d\n%s%s", code, out, errs)
	}
}
