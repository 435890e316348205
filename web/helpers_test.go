package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"commune/council"
	"commune/sqlite"
	"commune/store"
)

// testClock is the server's clock in tests: it moves only when told, so
// discussion and voting periods can be crossed at will.
type testClock struct {
	mu sync.Mutex
	t  int64
}

func (c *testClock) now() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d int64) {
	c.mu.Lock()
	c.t += d
	c.mu.Unlock()
}

// harness is a real server: a SQLite data directory in t.TempDir, the
// store's Service over it, and the API behind httptest.NewServer.
type harness struct {
	t       *testing.T
	dir     string
	backend *sqlite.Backend
	svc     *store.Service
	api     *Server
	srv     *httptest.Server
	clock   *testClock
	founder member // the founding member, signed in
	base    council.ID
}

// member is a signed-in member as tests see it.
type member struct {
	ID    council.ID
	Name  string
	Token string
}

// newHarness founds a federation (founder "Rosa" in base council "Print
// shop") and signs the founder in through the API.
func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, dir: t.TempDir(), clock: &testClock{t: 1_767_225_600_000_000}}
	b, err := sqlite.Open(h.dir)
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	h.backend = b
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	h.svc, err = store.Open(context.Background(), b, store.Options{Clock: h.clock.now, Tick: -1, Logger: logger})
	if err != nil {
		b.Close()
		t.Fatalf("store.Open: %v", err)
	}
	h.api = NewServer(h.svc, logger)
	h.srv = httptest.NewServer(h.api.Handler())
	t.Cleanup(func() {
		h.srv.Close()
		h.svc.Close()
		b.Close()
	})
	rc, err := h.svc.Do(context.Background(), council.Actor{Server: true},
		council.Found{Federation: "Test federation", Name: "Rosa", Council: "Print shop", Kind: council.KindWorkplace})
	if err != nil {
		t.Fatalf("found: %v", err)
	}
	ev := rc.Events[0].(council.Founded)
	h.base = ev.Council
	if err := h.svc.SetPassword(context.Background(), ev.Member, "rosa-password"); err != nil {
		t.Fatal(err)
	}
	h.founder = h.signIn("Rosa", "rosa-password")
	return h
}

// call sends a request and returns the status and the raw body. body is
// marshalled as JSON unless it is a string or []byte, sent as is.
func (h *harness) call(method, path, token string, body any) (int, []byte) {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.StatusCode, data
}

// ok sends a request that must succeed (2xx) and decodes its body into out
// (when out is not nil).
func (h *harness) ok(method, path string, m member, body any, out any) {
	h.t.Helper()
	status, data := h.call(method, path, m.Token, body)
	if status/100 != 2 {
		h.t.Fatalf("%s %s by %s: status %d: %s", method, path, m.Name, status, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			h.t.Fatalf("%s %s: decoding %s: %v", method, path, data, err)
		}
	}
}

// act sends a write that must succeed and returns its receipt.
func (h *harness) act(method, path string, m member, body any) actResponse {
	h.t.Helper()
	var r actResponse
	h.ok(method, path, m, body, &r)
	if len(r.Entries) == 0 {
		h.t.Fatalf("%s %s: a write without entries: %+v", method, path, r)
	}
	return r
}

// refused sends a request that must fail with status and code, and checks
// that the record did not grow.
func (h *harness) refused(method, path string, m member, body any, status int, code, reason string) {
	h.t.Helper()
	before := h.svc.Size()
	got, data := h.call(method, path, m.Token, body)
	var e errorBody
	if err := json.Unmarshal(data, &e); err != nil {
		h.t.Fatalf("%s %s: error body %s: %v", method, path, data, err)
	}
	if got != status || e.Error.Code != code || (reason != "" && e.Error.Reason != reason) {
		h.t.Fatalf("%s %s by %s: got %d %s/%s (%s), want %d %s/%s", method, path, m.Name,
			got, e.Error.Code, e.Error.Reason, e.Error.Message, status, code, reason)
	}
	if e.Error.Message == "" {
		h.t.Errorf("%s %s: error without a message", method, path)
	}
	if after := h.svc.Size(); after != before {
		h.t.Fatalf("%s %s: refused but the record grew from %d to %d entries", method, path, before, after)
	}
}

// signIn signs a member in through POST /session.
func (h *harness) signIn(name, password string) member {
	h.t.Helper()
	var r sessionResponse
	h.ok("POST", "/api/v1/session", member{}, signInRequest{Member: name, Password: password}, &r)
	if r.Token == "" || r.Member == 0 {
		h.t.Fatalf("sign in %s: %+v", name, r)
	}
	return member{ID: r.Member, Name: r.Name, Token: r.Token}
}

// invite has inviter invite a newcomer named name to council c, and the
// newcomer accept: returns the new member, signed in.
func (h *harness) invite(inviter member, c council.ID, name string) member {
	h.t.Helper()
	var inv invitationResponse
	h.ok("POST", fmt.Sprintf("/api/v1/councils/%d/invitations", c), inviter, nil, &inv)
	var s sessionResponse
	h.ok("POST", "/api/v1/invitations/accept", member{}, acceptRequest{Code: inv.Code, Name: name, Password: name + "-password"}, &s)
	return member{ID: s.Member, Name: name, Token: s.Token}
}

// join has an existing member accept an invitation to council c.
func (h *harness) join(inviter, m member, c council.ID) {
	h.t.Helper()
	var inv invitationResponse
	h.ok("POST", fmt.Sprintf("/api/v1/councils/%d/invitations", c), inviter, nil, &inv)
	h.act("POST", "/api/v1/invitations/accept", m, acceptRequest{Code: inv.Code})
}

// tick moves the clock by d and lets the server record what fell due.
func (h *harness) tick(d int64) {
	h.t.Helper()
	h.clock.advance(d)
	if _, err := h.svc.Do(context.Background(), council.Actor{Server: true}, nothing{}); err != nil {
		h.t.Fatalf("tick: %v", err)
	}
}

// nothing is an act with no events: committing it makes the Service record
// the events the clock made due.
type nothing struct{}

func (nothing) Check(*council.State, council.Actor, int64) ([]council.Event, error) { return nil, nil }
