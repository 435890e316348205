package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"commune/council"
	"commune/demo"
)

// TestDemoServesEverything runs `commune demo` as a user would (a
// temporary data directory, served at once), signs in as one of the
// printed people, and checks the served federation holds everything the
// demo promises.
func TestDemoServesEverything(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var wg sync.WaitGroup
	wg.Add(1)
	exit := make(chan int, 1)
	go func() {
		defer wg.Done()
		exit <- run(ctx, []string{"demo", "--addr", "127.0.0.1:0", "--json", "--log-level", "warn"}, pw, io.Discard)
		pw.Close()
	}()
	defer func() { cancel(); wg.Wait() }()

	dec := json.NewDecoder(pr)
	var built builtDemo
	if err := dec.Decode(&built); err != nil {
		t.Fatalf("demo --json: %v", err)
	}
	// After the JSON comes "serving on URL"; the decoder may hold its start.
	url := ""
	deadline := time.After(30 * time.Second)
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(io.MultiReader(dec.Buffered(), pr))
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	for url == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("demo stopped (exit %d) before serving", <-exit)
			}
			url, _ = strings.CutPrefix(l, "serving on ")
		case <-deadline:
			t.Fatal("demo did not start serving")
		}
	}
	if len(built.People) != 24 || len(built.Passwords) != 24 || built.Open == 0 || built.OpenLocal == 0 {
		t.Fatalf("demo printed %d people, %d passwords, open proposals %d %d", len(built.People), len(built.Passwords), built.Open, built.OpenLocal)
	}

	t.Setenv("COMMUNE_SESSION", filepath.Join(t.TempDir(), "session.json"))
	t.Setenv("COMMUNE_SERVER", url)
	t.Setenv("COMMUNE_TOKEN", "")
	p := built.People[3]
	mustCLI(t, "login", "--name", p.Name, "--password", built.Passwords[p.ID])
	out := mustCLI(t, "proposal", fmt.Sprint(built.Open))
	for _, want := range []string{"status: voting", "A second bakery in Riverside", "alternative"} {
		if !strings.Contains(out, want) {
			t.Errorf("open proposal lacks %q:\n%s", want, out)
		}
	}
	out = mustCLI(t, "council", fmt.Sprint(built.Region))
	if !strings.Contains(out, "Regional Congress") {
		t.Errorf("regional congress:\n%s", out)
	}
	// One of the people votes in the neighbourhood's open question with
	// alternatives; a second identical vote changes nothing.
	var voter council.ID
	for _, p := range built.People {
		for _, c := range p.Councils {
			if c == "Riverside Neighbourhood" {
				voter = p.ID
			}
		}
	}
	t.Setenv("COMMUNE_TOKEN", built.Tokens[voter])
	q := fmt.Sprint(built.OpenLocal)
	var v struct {
		Amendments []struct {
			ID int64 `json:"id"`
		} `json:"amendments"`
	}
	json.Unmarshal([]byte(mustCLI(t, "proposal", q, "--json")), &v)
	var opts []int64
	for _, a := range v.Amendments {
		opts = append(opts, a.ID)
	}
	if len(opts) == 0 {
		t.Fatalf("proposal %s has no alternatives", q)
	}
	ranking := fmt.Sprintf("%s>%d", q, opts[0])
	if out := mustCLI(t, "rank", q, "--ranking", ranking); !strings.Contains(out, "vote.cast") {
		t.Errorf("rank: %s", out)
	}
	if out := mustCLI(t, "rank", q, "--ranking", ranking, "--json"); !strings.Contains(out, `"entries": []`) {
		t.Errorf("the same vote again recorded something: %s", out)
	}
}

// TestDemoBuildsAndAudits builds the small demo and a 20,000-member one
// into data directories: the small one holds what it promises (read back
// from the stored record), and both pass the audit.
func TestDemoBuildsAndAudits(t *testing.T) {
	small := filepath.Join(t.TempDir(), "small")
	out := mustCLI(t, "demo", "--no-serve", "--data", small, "--json")
	var built builtDemo
	if err := json.Unmarshal([]byte(out), &built); err != nil {
		t.Fatal(err)
	}
	svc := openStore(t, small)
	var err error
	svc.View(func(s *council.State) { err = demo.Verify(s, built.Demo) })
	if err != nil {
		t.Error(err)
	}
	svc.Close()
	if code, out, errs := cli(t, "audit", small, "--key", built.Key); code != 0 {
		t.Errorf("audit of the small demo: exit %d\n%s%s", code, out, errs)
	}

	large := filepath.Join(t.TempDir(), "large")
	start := time.Now()
	out = mustCLI(t, "demo", "--no-serve", "--data", large, "--members", "20000", "--json")
	t.Logf("demo --members 20000 built in %v", time.Since(start))
	built = builtDemo{}
	if err := json.Unmarshal([]byte(out), &built); err != nil {
		t.Fatal(err)
	}
	if built.Members != 20000 || built.Count != 2000+200+20 {
		t.Errorf("built %d members, %d councils", built.Members, built.Count)
	}
	svc = openStore(t, large)
	if n := len(rows(svc, "members")); n != 20000 {
		t.Errorf("members table: %d rows, want 20000", n)
	}
	svc.Close()
	if code, out, errs := cli(t, "audit", large); code != 0 {
		t.Errorf("audit of the 20,000-member demo: exit %d\n%s%s", code, out, errs)
	}
	// A data directory already built is served as it is, not rebuilt.
	if out := mustCLI(t, "demo", "--no-serve", "--data", large); !strings.Contains(out, "already built") {
		t.Errorf("second demo on the same directory: %s", out)
	}
}
