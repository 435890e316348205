package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"commune"
	"commune/council"
	"commune/sqlite"
	"commune/store"
)

// cli runs the commune command in-process and returns its exit status and
// output.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// mustCLI is cli, failing the test on a non-zero exit.
func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := cli(t, args...)
	if code != 0 {
		t.Fatalf("commune %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// initDir runs `commune init --json` into a fresh directory.
func initDir(t *testing.T) (string, initResult) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	out := mustCLI(t, "init", "--data", dir, "--federation", "Test Federation", "--name", "Rosa", "--council", "Bakery", "--json")
	var res initResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("init --json: %v\n%s", err, out)
	}
	return dir, res
}

// openStore opens a data directory's store for checks (no server running).
func openStore(t *testing.T, dir string) *store.Service {
	t.Helper()
	b, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := store.Open(context.Background(), b, store.Options{Tick: -1, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close(); b.Close() })
	return svc
}

// rows returns a derived table's rows.
func rows(svc *store.Service, table string) [][]any {
	var out [][]any
	svc.View(func(s *council.State) { out = s.Rows(table) })
	return out
}

func TestInitCreatesDataDir(t *testing.T) {
	dir, res := initDir(t)
	if res.Member != 1 || res.Council != 2 || len(res.Password) != 16 || res.Token == "" || !strings.HasPrefix(res.Key, "test-federation+") {
		t.Fatalf("init printed %+v", res)
	}
	svc := openStore(t, dir)
	ctx := context.Background()
	if err := svc.CheckPassword(ctx, res.Member, res.Password); err != nil {
		t.Errorf("the printed password does not sign in: %v", err)
	}
	if m, err := svc.Authenticate(ctx, res.Token); err != nil || m != res.Member {
		t.Errorf("the printed token: member %d, %v", m, err)
	}
	if got := svc.VerifierKey(); got != res.Key {
		t.Errorf("verification key: printed %s, store has %s", res.Key, got)
	}
	if got := rows(svc, "members"); len(got) != 1 || got[0][0] != int64(1) || got[0][1] != "Rosa" {
		t.Errorf("members: got %v, want member 1 Rosa", got)
	}
	var fed string
	svc.View(func(s *council.State) { fed = s.Federation() })
	if fed != "Test Federation" {
		t.Errorf("federation %q", fed)
	}
	if svc.Size() != 1 {
		t.Errorf("record size %d, want 1 (the founding act)", svc.Size())
	}
}

func TestInitRefusesAndLeavesNothing(t *testing.T) {
	parent := t.TempDir()
	occupied := filepath.Join(parent, "occupied")
	os.Mkdir(occupied, 0o755)
	os.WriteFile(filepath.Join(occupied, "notes.txt"), []byte("mine"), 0o644)
	existing, _ := initDir(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"non-empty directory", []string{"--data", occupied}, "not empty"},
		{"existing data directory", []string{"--data", existing}, "already holds a data directory"},
		{"bad kind", []string{"--data", filepath.Join(parent, "new"), "--kind", "factory"}, "bad_kind"},
		{"empty name", []string{"--data", filepath.Join(parent, "new2"), "--name", ""}, "name"},
		{"positional argument", []string{"--data", filepath.Join(parent, "new3"), "extra"}, "want 0 argument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := cli(t, append([]string{"init"}, tc.args...)...)
			if code == 0 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stderr %q; want non-zero and %q", code, errs, tc.want)
			}
		})
	}
	// Nothing half-written: the occupied directory is as it was, the
	// refused targets do not exist, no temporary directory is left.
	if b, _ := os.ReadFile(filepath.Join(occupied, "notes.txt")); string(b) != "mine" {
		t.Error("init touched a non-empty directory")
	}
	ents, _ := os.ReadDir(parent)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "occupied" {
		t.Errorf("left in the parent directory: %v, want only occupied", names)
	}
}

func TestAdminCommandsAreRecorded(t *testing.T) {
	dir, res := initDir(t)
	out := mustCLI(t, "admin", "--data", dir, "--operator", "alice", "note", "upgraded", "to", "v2")
	if !strings.Contains(out, "recorded as entry 1 by operator:alice") {
		t.Errorf("note: %s", out)
	}
	out = mustCLI(t, "admin", "passwd", "--member", "1", "--data", dir, "--operator", "alice")
	_, pw, ok := strings.Cut(out, "new password: ")
	pw = strings.TrimSpace(pw)
	if !ok || len(pw) != 16 {
		t.Fatalf("passwd printed %q", out)
	}
	out = mustCLI(t, "admin", "key", "rotate", "--data", dir, "--operator", "alice")
	if !strings.Contains(out, "new verification key: test-federation+") {
		t.Errorf("key rotate: %s", out)
	}
	newKey := strings.TrimSpace(out[strings.Index(out, "new verification key: ")+len("new verification key: "):])

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"passwd", "--member", "99"}, "not_found"},
		{[]string{"passwd"}, "--member"},
		{[]string{"vote", "3"}, "unknown admin command"},
		{[]string{"appoint", "--member", "1"}, "unknown admin command"},
		{[]string{"note"}, "unknown admin command"},
		{[]string{"--operator", "has space", "note", "x"}, "--operator"},
	} {
		code, _, errs := cli(t, append([]string{"admin", "--data", dir, "--operator", "alice"}, tc.args...)...)
		if code == 0 || !strings.Contains(errs, tc.want) {
			t.Errorf("admin %v: exit %d, stderr %q; want non-zero and %q", tc.args, code, errs, tc.want)
		}
	}

	svc := openStore(t, dir)
	ctx := context.Background()
	if err := svc.CheckPassword(ctx, res.Member, res.Password); commune.ErrorCode(err) != commune.EUNAUTH {
		t.Errorf("old password after reset: %v", err)
	}
	if err := svc.CheckPassword(ctx, res.Member, pw); err != nil {
		t.Errorf("new password: %v", err)
	}
	if _, err := svc.Authenticate(ctx, res.Token); commune.ErrorCode(err) != commune.EUNAUTH {
		t.Errorf("token after a password reset: %v, want it revoked", err)
	}
	if svc.VerifierKey() != newKey || newKey == res.Key {
		t.Errorf("verifier key %s after rotation to %s (was %s)", svc.VerifierKey(), newKey, res.Key)
	}
	var got [][]any
	for _, r := range rows(svc, "operator_acts") {
		got = append(got, []any{r[1], r[2], r[3]})
	}
	want := [][]any{{"alice", "note", int64(0)}, {"alice", "password_reset", int64(1)}, {"alice", "key_rotated", int64(0)}}
	if len(got) != len(want) {
		t.Fatalf("operator acts: got %v, want %v", got, want)
	}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("operator act %d: got %v, want %v", i, got[i], want[i])
			}
		}
	}
	svc.Close()
	// The record, signed now with the new key, still audits.
	if code, out, errs := cli(t, "audit", dir, "--key", newKey); code != 0 {
		t.Errorf("audit after admin commands: exit %d\n%s%s", code, out, errs)
	}
}

// startServe runs `commune serve` in-process on a free loopback port and
// returns its URL and a function that stops it (gracefully, as SIGTERM
// does); it is stopped when the test ends at the latest.
func startServe(t *testing.T, args ...string) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var wg sync.WaitGroup
	wg.Add(1)
	var errb bytes.Buffer
	go func() {
		defer wg.Done()
		run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "warn"}, args...), pw, &errb)
		pw.Close()
	}()
	stop := func() { cancel(); wg.Wait() }
	t.Cleanup(stop)
	url := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "serving on "); ok {
				url <- u
			}
		}
		close(url)
	}()
	select {
	case u, ok := <-url:
		if !ok {
			wg.Wait()
			t.Fatalf("serve exited: %s", errb.String())
		}
		return u, stop
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	return "", stop
}

func TestServeAndDemoBadUsage(t *testing.T) {
	empty := t.TempDir()
	occupied := t.TempDir()
	os.WriteFile(filepath.Join(occupied, "x"), nil, 0o644)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--data", empty}, 1, "not a data directory"},
		{[]string{"serve", "--data", empty, "--clock-ahead", "-1h"}, 1, "not a data directory"},
		{[]string{"serve", "--log-level", "loud"}, 2, "--log-level"},
		{[]string{"demo", "--members", "5", "--no-serve"}, 2, "at least 20"},
		{[]string{"demo", "--data", occupied, "--no-serve"}, 1, "not empty"},
		{[]string{"admin", "--data", empty, "--operator", "ops", "note", "x"}, 1, "not a data directory"},
		{[]string{"admin", "--data", empty, "--operator", "", "note", "x"}, 2, "--operator"},
		{[]string{"vote", "3", "--choice", "yes", "--server", "ftp://x"}, 1, "bad server URL"},
	} {
		code, _, errs := cli(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("commune %v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}
