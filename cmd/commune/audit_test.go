package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"commune/council"
	"commune/sqlite"
	"commune/store"
	"commune/web"
)

// auditFixture builds a data directory through real acts: a founder, four
// invited members, a proposal, votes, and the proposal closed with its
// tally. It returns the directory and the log's verifier key.
func auditFixture(t *testing.T) (dir, vkey string) {
	t.Helper()
	ctx := context.Background()
	dir = t.TempDir()
	var clock atomic.Int64
	clock.Store(1_700_000_000_000_000)
	b, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	svc, err := store.Open(ctx, b, store.Options{Tick: -1, Clock: clock.Load, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	do := func(actor council.Actor, act council.Act) store.Receipt {
		t.Helper()
		r, err := svc.Do(ctx, actor, act)
		if err != nil {
			t.Fatalf("%T: %v", act, err)
		}
		return r
	}
	f := do(council.Actor{Operator: "test"}, council.Found{Federation: "F", Name: "founder", Council: "Works", Kind: council.KindWorkplace}).Events[0].(council.Founded)
	members := []council.ID{f.Member}
	for i := 0; i < 4; i++ {
		code := fmt.Sprintf("invitation-code-%06d", i)
		do(council.Actor{Member: f.Member}, council.Invite{Council: f.Council, Code: code})
		acc := do(council.Actor{Server: true}, council.AcceptInvitation{Code: code, Name: fmt.Sprintf("m%d", i)}).Events[0].(council.InvitationAccepted)
		members = append(members, acc.Member)
	}
	q := do(council.Actor{Member: f.Member}, council.Propose{Council: f.Council, Title: "T", Text: "text"}).Events[0].(council.ProposalMade).Proposal
	clock.Add(council.DefaultStatutes().Discussion + council.Second)
	for i, m := range members[:4] {
		do(council.Actor{Member: m}, council.Vote{Question: q, Choice: []string{"yes", "no"}[i%2]})
	}
	clock.Add(council.DefaultStatutes().Voting)
	if _, err := svc.Do(ctx, council.Actor{Member: members[4]}, council.Vote{Question: q, Choice: "yes"}); err == nil {
		t.Fatal("a vote after the voting period was accepted")
	}
	return dir, svc.VerifierKey()
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestAuditDir(t *testing.T) {
	dir, vkey := auditFixture(t)
	code, out, errOut := runCmd("audit", dir, "--key", vkey)
	if code != 0 {
		t.Fatalf("audit of a good directory: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"audit passed", "entries      16 replayed", "tree size    16", "entries/s"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Without --key: the directory's own key, with a note saying so.
	if code, _, errOut := runCmd("audit", dir); code != 0 || !strings.Contains(errOut, "--key") {
		t.Errorf("audit without --key: exit %d, stderr %q", code, errOut)
	}
}

func TestAuditDirTampered(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want string // in the output: the entry or row named
	}{
		{"entry body", `UPDATE record_entries SET body = CAST(replace(CAST(body AS TEXT), '"no"', '"yes"') AS BLOB) WHERE idx = (SELECT min(idx) FROM record_entries WHERE kind = 'vote.cast' AND CAST(body AS TEXT) LIKE '%"no"%')`, "entry 12:"},
		{"vote row", `UPDATE votes SET choice = 'yes' WHERE voter = (SELECT min(voter) FROM votes WHERE choice = 'no')`, "derived table votes differs at key"},
		{"stored tally", `UPDATE proposals SET yes = yes + 1`, "derived table proposals differs at key (11) (last written by entry 15)"},
		{"stored hash", `UPDATE record_hashes SET hash = zeroblob(32) WHERE idx = 0`, "entry 0:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, vkey := auditFixture(t)
			db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.FileName))
			if err != nil {
				t.Fatal(err)
			}
			res, err := db.Exec(tt.sql)
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				t.Fatalf("tampering changed %d rows, want 1", n)
			}
			db.Close()
			code, out, errOut := runCmd("audit", dir, "--key", vkey)
			if code != 1 {
				t.Fatalf("audit of a tampered directory: exit %d, want 1\n%s%s", code, out, errOut)
			}
			if !strings.Contains(out, "audit FAILED") || !strings.Contains(out, tt.want) {
				t.Errorf("output does not name %q:\n%s", tt.want, out)
			}
		})
	}
}

func TestAuditBadUsage(t *testing.T) {
	dir, _ := auditFixture(t)
	_, otherKey := auditFixture(t)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no target", []string{"audit"}, 2, "want one"},
		{"two targets", []string{"audit", dir, dir}, 2, "want one"},
		{"not a data directory", []string{"audit", t.TempDir()}, 2, "not a data directory"},
		{"another log's key", []string{"audit", dir, "--key", otherKey}, 1, "checkpoint"},
		{"malformed key", []string{"audit", dir, "--key", "nonsense"}, 1, "checkpoint"},
		{"bad url", []string{"audit", "http://"}, 2, "URL"},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("%s: exit %d, want %d with %q\n%s%s", tt.name, code, tt.code, tt.want, out, errOut)
		}
	}
}

// TestAuditURL audits a running server through its JSON API (package web):
// it passes, and it fails naming the row once the server's database is
// tampered with underneath it.
func TestAuditURL(t *testing.T) {
	ctx := context.Background()
	dir, vkey := auditFixture(t)
	b, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	svc, err := store.Open(ctx, b, store.Options{Tick: -1, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	srv := httptest.NewServer(web.NewServer(svc, slog.New(slog.DiscardHandler)).Handler())
	defer srv.Close()

	code, out, errOut := runCmd("audit", srv.URL, "--key", vkey)
	if code != 0 || !strings.Contains(out, "audit passed") || !strings.Contains(out, "tables       ") {
		t.Fatalf("audit %s: exit %d\n%s%s", srv.URL, code, out, errOut)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.FileName)+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE members SET name = 'someone else' WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCmd("audit", srv.URL, "--key", vkey)
	if code != 1 || !strings.Contains(out, "derived table members differs at key (1) (last written by entry 0)") {
		t.Errorf("audit of a tampered server: exit %d\n%s%s", code, out, errOut)
	}
}
