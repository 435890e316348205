package ui

import (
	"bufio"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"commune/council"
)

// TestEventsAnnounceChanges reads the live pages' event stream: a stream
// opened with an older size announces the difference at once, and a new
// entry on the record is announced within the poll interval.
func TestEventsAnnounceChanges(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	size := f.svc.Size()
	req, _ := http.NewRequestWithContext(ctx, "GET", f.srv.URL+"/events?since="+strconv.FormatInt(size-1, 10), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	lines := bufio.NewScanner(resp.Body)
	next := func() string {
		t.Helper()
		for lines.Scan() {
			if d, ok := strings.CutPrefix(lines.Text(), "data: "); ok {
				return d
			}
		}
		t.Fatalf("stream ended: %v", lines.Err())
		return ""
	}
	if got := next(); got != strconv.FormatInt(size, 10) {
		t.Fatalf("first event data %q, want the current size %d", got, size)
	}
	rosa := f.person("Rosa Brandt")
	f.do(rosa.ID, council.FormTendency{Name: "Night Shift Caucus", Platform: "No night shifts without a vote."})
	if got := next(); got != strconv.FormatInt(f.svc.Size(), 10) {
		t.Fatalf("after an act: data %q, want %d", got, f.svc.Size())
	}
	// Close ends the stream (for a graceful shutdown).
	f.ui.Close()
	for lines.Scan() {
	}
	if ctx.Err() != nil {
		t.Fatal("the stream did not end after Close")
	}
}
