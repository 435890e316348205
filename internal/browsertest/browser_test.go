package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAxeFindsViolations checks the harness itself: Chromium starts, a
// page loads, and axe-core reports a missing label and image text on a bad
// page and nothing serious on a good one.
func TestAxeFindsViolations(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/bad":
			fmt.Fprint(w, `<!doctype html><html><head><title>bad</title></head><body>
				<img src="/x.png"><form><input type="text" name="q"></form></body></html>`)
		default:
			fmt.Fprint(w, `<!doctype html><html lang="en"><head><title>good</title></head><body><main>
				<h1>Good</h1><img src="/x.png" alt="a council meeting">
				<form><label for="q">Search</label><input id="q" type="text" name="q"></form></main></body></html>`)
		}
	}))
	defer srv.Close()
	b := New(t)
	ctx := b.Tab("axe")

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/bad")); err != nil {
		t.Fatal(err)
	}
	vs, err := Axe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, v := range Serious(vs) {
		found[v.ID] = true
	}
	for _, id := range []string{"image-alt", "label", "html-has-lang"} {
		if !found[id] {
			t.Errorf("axe did not report %s on the bad page; got %v", id, vs)
		}
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/good")); err != nil {
		t.Fatal(err)
	}
	vs, err = Axe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := Serious(vs); len(s) > 0 {
		t.Errorf("serious violations on the good page: %v", s)
	}
	if h1, err := chromedp.Run(ctx, chromedp.Text("h1")); err != nil || h1 != "Good" {
		t.Errorf("h1 = %q, %v", h1, err)
	}
}
