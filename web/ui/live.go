package ui

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// getEvents is the live pages' event stream (server-sent events). The
// store offers no subscription, so it polls the record's size, which is
// cheap, and sends a "change" event whenever the record grows: a vote
// cast, a tally closed by the clock, a recall taking effect. The page's
// script then fetches itself again and swaps its live regions. A comment
// every 15 s keeps proxies from closing an idle stream.
func (u *UI) getEvents(w http.ResponseWriter, r *http.Request, p *page) error {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return nil
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// The page says what record size it was rendered at (since), and a
	// reconnecting stream what it last heard (Last-Event-ID): anything
	// committed in between is announced at once, not lost.
	last := u.svc.Size()
	for _, s := range []string{r.Header.Get("Last-Event-ID"), r.URL.Query().Get("since")} {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= 0 {
			last = n
			break
		}
	}
	fmt.Fprint(w, "retry: 3000\n\n")
	fl.Flush()
	first := true
	tick := time.NewTicker(u.opts.Poll)
	defer tick.Stop()
	idle := 0
	for {
		if !first {
			select {
			case <-r.Context().Done():
				return nil
			case <-u.done:
				return nil
			case <-tick.C:
			}
		}
		first = false
		if n := u.svc.Size(); n != last {
			last = n
			idle = 0
			if _, err := fmt.Fprintf(w, "id: %d\nevent: change\ndata: %d\n\n", n, n); err != nil {
				return nil
			}
			fl.Flush()
			continue
		}
		idle++
		if time.Duration(idle)*u.opts.Poll >= 15*time.Second {
			idle = 0
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return nil
			}
			fl.Flush()
		}
	}
}
