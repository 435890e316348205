package ui

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"commune/council"
	"commune/demo"
	"commune/sqlite"
	"commune/store"
	"commune/web"
)

// fixture is a real server: the small demo federation built through acts
// into a Service over SQLite in a temporary directory, the JSON API and
// the pages mounted as `commune serve` mounts them, behind httptest.
type fixture struct {
	t     testing.TB
	svc   *store.Service
	clock *demo.Clock
	demo  *demo.Demo
	ui    *UI
	srv   *httptest.Server
}

// testPassword is every demo person's password in tests.
const testPassword = "correct horse battery"

func newFixture(t testing.TB) *fixture {
	t.Helper()
	dir := t.TempDir()
	b, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	clock := demo.NewClock(time.Now().UnixMicro() - demo.SmallSpan)
	svc, err := store.Open(context.Background(), b, store.Options{Clock: clock.Now, Tick: 50 * time.Millisecond, Logger: logger})
	if err != nil {
		b.Close()
		t.Fatal(err)
	}
	d, err := demo.Small(context.Background(), svc, clock)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, svc: svc, clock: clock, demo: d}
	f.ui = New(svc, Options{Logger: logger, Poll: 100 * time.Millisecond})
	// Tests sign in often from one address; TestSignInRateLimited checks
	// the real limits.
	f.ui.byAddr = newLimiter(1000, 1000)
	f.ui.byAccount = newLimiter(1000, 1000)
	f.srv = httptest.NewServer(mount(web.NewServer(svc, logger).Handler(), f.ui.Handler()))
	t.Cleanup(func() {
		f.srv.CloseClientConnections()
		f.srv.Close()
		svc.Close()
		b.Close()
	})
	return f
}

// mount is how cmd/commune mounts the API and the pages side by side.
func mount(api, pages http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/api/v1/", api)
	mux.Handle("/", pages)
	return mux
}

// person returns the demo person of that name, with a password set.
func (f *fixture) person(name string) demo.Person {
	f.t.Helper()
	for _, p := range f.demo.People {
		if p.Name == name {
			if err := f.svc.SetPassword(context.Background(), p.ID, testPassword); err != nil {
				f.t.Fatal(err)
			}
			return p
		}
	}
	f.t.Fatalf("no demo person %q", name)
	return demo.Person{}
}

// councilID returns the id of the demo council of that name.
func (f *fixture) councilID(name string) council.ID {
	f.t.Helper()
	for _, c := range f.demo.Councils {
		if c.Name == name {
			return c.ID
		}
	}
	f.t.Fatalf("no demo council %q", name)
	return 0
}

// do performs an act directly on the Service (as another member would
// through the API) and returns its events.
func (f *fixture) do(by council.ID, act council.Act) []council.Event {
	f.t.Helper()
	rc, err := f.svc.Do(context.Background(), council.Actor{Member: by}, act)
	if err != nil {
		f.t.Fatalf("%T by %d: %v", act, by, err)
	}
	return rc.Events
}

// client is an HTTP client with its own cookie jar that does not follow
// redirects, so tests see each response.
type client struct {
	f    *fixture
	t    testing.TB
	c    *http.Client
	lang string
}

func (f *fixture) client() *client { return f.clientFor(f.t) }

// clientFor returns a client whose failures are t's (a subtest's).
func (f *fixture) clientFor(t testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{f: f, t: t, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// get fetches a page and returns its status and body.
func (c *client) get(path string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.f.srv.URL+path, nil)
	if c.lang != "" {
		req.Header.Set("Accept-Language", c.lang)
	}
	return c.send(req)
}

// post sends a form as a same-origin browser would (Sec-Fetch-Site:
// same-origin), with extra headers overriding.
func (c *client) post(path string, form url.Values, headers map[string]string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.f.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", c.f.srv.URL)
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	return c.send(req)
}

func (c *client) send(req *http.Request) (int, string) {
	c.t.Helper()
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// signIn signs the client in as a demo person through the form.
func (c *client) signIn(name string) demo.Person {
	c.t.Helper()
	p := c.f.person(name)
	status, body := c.post("/signin", url.Values{"member": {name}, "password": {testPassword}}, nil)
	if status != http.StatusSeeOther {
		c.t.Fatalf("sign in as %s: status %d\n%s", name, status, body)
	}
	return p
}

func itoa(id council.ID) string { return strconv.FormatInt(int64(id), 10) }
func itoa64(n int64) string     { return strconv.FormatInt(n, 10) }
