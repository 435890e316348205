package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"commune/record"
	"commune/sqlite"
)

// buildCommune builds the commune binary into a temporary directory.
func buildCommune(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "commune")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startBinary starts `commune serve` as a child process on a free loopback
// port and returns it with its URL.
func startBinary(t *testing.T, bin string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "error"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	url := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
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
			cmd.Wait()
			t.Fatalf("serve exited: %s", stderr.String())
		}
		return cmd, u
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not start: %s", stderr.String())
	}
	return nil, ""
}

// ack is a vote the server acknowledged with a 2xx answer.
type ack struct {
	member  int64
	entries []int64 // the vote, and a deviation when it breaks a mandate
	ranking string
}

// TestCrashLosesNoAcknowledgedVote (issue 2, must-show 4): a real server
// process is killed with SIGKILL while concurrent clients vote; after a
// restart every vote it acknowledged is on the record, and the audit
// passes.
func TestCrashLosesNoAcknowledgedVote(t *testing.T) {
	bin := buildCommune(t)
	dir := filepath.Join(t.TempDir(), "data")
	out, err := exec.Command(bin, "demo", "--no-serve", "--json", "--data", dir).Output()
	if err != nil {
		t.Fatalf("demo: %v", err)
	}
	var built builtDemo
	if err := json.Unmarshal(out, &built); err != nil {
		t.Fatal(err)
	}
	srv, url := startBinary(t, bin, "--data", dir)

	// Every person votes, over and over, on whichever open question with
	// alternatives they may vote on, flipping their ranking each time (each
	// change is a new entry).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var acks []ack
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}
	for _, p := range built.People {
		for _, q := range []int64{int64(built.Open), int64(built.OpenLocal)} {
			wg.Add(1)
			go func(member int64, token string, q int64) {
				defer wg.Done()
				opts := [][]int64{{q}, {q + 1}} // the proposal and its first alternative (made right after it)
				for i := 0; ctx.Err() == nil; i++ {
					r := [][]int64{opts[i%2], opts[(i+1)%2]}
					body, _ := json.Marshal(map[string]any{"ranking": r})
					req, _ := http.NewRequestWithContext(ctx, "POST", fmt.Sprintf("%s/api/v1/proposals/%d/votes", url, q), bytes.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+token)
					req.Header.Set("Content-Type", "application/json")
					resp, err := client.Do(req)
					if err != nil {
						return // the server is gone
					}
					var ans struct {
						Entries []int64 `json:"entries"`
					}
					json.NewDecoder(resp.Body).Decode(&ans)
					resp.Body.Close()
					if resp.StatusCode/100 != 2 {
						if resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusNotFound || resp.StatusCode == 422 {
							return // not an elector of this question
						}
						continue
					}
					if len(ans.Entries) > 0 {
						mu.Lock()
						acks = append(acks, ack{member, ans.Entries, rankingText(r)})
						mu.Unlock()
					}
				}
			}(int64(p.ID), built.Tokens[p.ID], q)
		}
	}
	// Let votes flow, then kill the server mid-stream.
	deadline := time.Now().Add(20 * time.Second)
	for {
		time.Sleep(50 * time.Millisecond)
		mu.Lock()
		n := len(acks)
		mu.Unlock()
		if n >= 300 || time.Now().After(deadline) {
			break
		}
	}
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	srv.Wait()
	cancel()
	wg.Wait()
	if len(acks) < 50 {
		t.Fatalf("only %d votes acknowledged before the kill", len(acks))
	}
	t.Logf("%d votes acknowledged before SIGKILL", len(acks))

	// Restart: the server recovers its state from the record.
	srv, url = startBinary(t, bin, "--data", dir)
	resp, err := http.Get(url + "/api/v1/record/checkpoint")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("checkpoint after restart: %v", err)
	}
	resp.Body.Close()
	srv.Process.Signal(syscall.SIGTERM)
	if err := srv.Wait(); err != nil {
		t.Errorf("graceful stop: %v", err)
	}

	// Every acknowledged vote is on the record, as the member cast it.
	b, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	size, err := b.Size(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]record.Entry{}
	if err := b.Entries(context.Background(), built.Entries, size, func(e record.Entry) error {
		got[e.Index] = e
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	lost := 0
	for _, a := range acks {
		e, ok := got[a.entries[0]]
		if !ok {
			lost++
			continue
		}
		var v struct {
			Ranking [][]int64 `json:"ranking"`
		}
		json.Unmarshal(e.Body, &v)
		if e.Kind != "vote.cast" || e.Actor != fmt.Sprintf("member:%d", a.member) || rankingText(v.Ranking) != a.ranking {
			t.Errorf("entry %d is %s by %s %s, but acknowledged a vote by member %d ranking %s", a.entries[0], e.Kind, e.Actor, e.Body, a.member, a.ranking)
		}
		for _, i := range a.entries[1:] {
			if e, ok := got[i]; !ok || e.Kind != "mandate.deviation" {
				t.Errorf("acknowledged entry %d (after vote %d) is missing or not a deviation: %+v", i, a.entries[0], e)
			}
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged votes are not on the record (size %d)", lost, len(acks), size)
	}
	if out, err := exec.Command(bin, "audit", dir, "--key", built.Key).CombinedOutput(); err != nil {
		t.Errorf("audit after the crash: %v\n%s", err, out)
	}
	os.RemoveAll(dir)
}

func rankingText(r [][]int64) string {
	b, _ := json.Marshal(r)
	return string(b)
}
