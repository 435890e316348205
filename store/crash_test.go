package store_test

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"commune/council"
	"commune/record"
	"commune/sqlite"
	"commune/store"
)

// The crash test re-executes the test binary as a child that votes through
// a Service as fast as it can and prints every acknowledged entry; the
// parent kills it with SIGKILL mid-way and checks, on the reopened
// database, that every acknowledged vote is there and the audit passes.

const (
	crashDirEnv   = "COMMUNE_CRASH_DIR"
	crashClockEnv = "COMMUNE_CRASH_CLOCK"
	crashVoters   = 32
)

func TestCrashLosesNoAcknowledgedVote(t *testing.T) {
	if os.Getenv(crashDirEnv) != "" {
		t.Skip("running as the crash child")
	}
	f := newFixture(t, crashVoters, store.Options{})
	openVoting(t, f)
	vkey := f.svc.VerifierKey()
	f.close(t)

	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+f.dir, crashClockEnv+"="+strconv.FormatInt(f.clock.Load(), 10))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	type ack struct {
		index  int64
		member council.ID
		choice string
	}
	var acks []ack
	sc := bufio.NewScanner(out)
	deadline := time.Now().Add(20 * time.Second)
	for sc.Scan() {
		var a ack
		if _, err := fmt.Sscanf(sc.Text(), "ack %d %d %s", &a.index, &a.member, &a.choice); err != nil {
			continue // test framework output
		}
		acks = append(acks, a)
		if len(acks) == 2000 || time.Now().After(deadline) {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if len(acks) < 100 {
		t.Fatalf("the child acknowledged only %d votes before it was killed", len(acks))
	}

	ctx := context.Background()
	b, err := sqlite.Open(f.dir)
	if err != nil {
		t.Fatalf("reopen after SIGKILL: %v", err)
	}
	defer b.Close()
	size, _ := b.Size(ctx)
	t.Logf("%d votes acknowledged before SIGKILL; %d entries on disk", len(acks), size)
	for _, a := range acks {
		var got record.Entry
		err := b.Entries(ctx, a.index, a.index+1, func(e record.Entry) error { got = e; return nil })
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf(`"choice":%q`, a.choice)
		if got.Index != a.index || got.Kind != "vote.cast" || got.Actor != member(a.member).String() || !strings.Contains(string(got.Body), want) {
			t.Errorf("acknowledged vote %d by %d (%s) lost: entry %d is %s by %s: %s", a.index, a.member, a.choice, got.Index, got.Kind, got.Actor, got.Body)
		}
	}
	if rep, err := store.Audit(ctx, b, vkey); err != nil {
		t.Errorf("audit after SIGKILL: %v", err)
	} else if rep.Entries != size {
		t.Errorf("audit replayed %d entries, the record has %d", rep.Entries, size)
	}
	svc, err := store.Open(ctx, b, store.Options{Tick: -1, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("service open after SIGKILL: %v", err)
	}
	defer svc.Close()
	cp, err := record.Open(svc.Checkpoint(), vkey)
	if err != nil || cp.Size != size {
		t.Errorf("checkpoint after restart: %+v, %v; want size %d", cp, err, size)
	}
}

// TestCrashChild is the child of TestCrashLosesNoAcknowledgedVote: it only
// runs when the parent sets COMMUNE_CRASH_DIR, and votes until killed.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("only run by TestCrashLosesNoAcknowledgedVote")
	}
	now, err := strconv.ParseInt(os.Getenv(crashClockEnv), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	b, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := store.Open(context.Background(), b, store.Options{Tick: -1, Clock: func() int64 { return now }})
	if err != nil {
		t.Fatal(err)
	}
	var q council.ID
	var voters []council.ID
	svc.View(func(s *council.State) {
		for _, row := range s.Rows("members") {
			voters = append(voters, council.ID(row[0].(int64)))
		}
		for _, row := range s.Rows("proposals") {
			q = council.ID(row[0].(int64))
		}
	})
	var mu sync.Mutex
	w := bufio.NewWriter(os.Stdout)
	var wg sync.WaitGroup
	for _, m := range voters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			choices := []string{"no", "yes"}
			for i := 0; ; i++ {
				c := choices[i%2]
				r, err := svc.Do(context.Background(), member(m), vote(q, c))
				if err != nil {
					fmt.Fprintln(os.Stderr, "crash child:", err)
					os.Exit(3)
				}
				mu.Lock()
				for _, idx := range r.Entries {
					fmt.Fprintf(w, "ack %d %d %s\n", idx, m, c)
				}
				w.Flush()
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}
