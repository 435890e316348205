package ui

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"commune/internal/browsertest"
)

// signInBrowser signs the tab in through the sign-in form.
func (f *fixture) signInBrowser(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	f.person(name)
	err := chromedp.Do(ctx,
		chromedp.Navigate(f.srv.URL+"/signin"), chromedp.WaitVisible("#member"),
		chromedp.SendKeys("#member", name), chromedp.SendKeys("#password", testPassword),
		chromedp.Click(`main form button[type="submit"]`), chromedp.WaitVisible(`.who form`))
	if err != nil {
		t.Fatalf("sign in as %s: %v", name, err)
	}
}

// TestAxeEveryPage runs axe-core's WCAG 2.x A/AA rules on every page of
// the demo federation, signed in as a delegate (so the forms show) and
// signed out, and fails on any serious or critical violation.
func TestAxeEveryPage(t *testing.T) {
	f := newFixture(t)
	f.scene() // open questions in the Bakery: ballots to check
	pages := f.allPages()
	b := browsertest.New(t)
	for _, signedIn := range []bool{true, false} {
		name := "signed-out"
		if signedIn {
			name = "signed-in"
		}
		ctx := b.Tab("axe-" + name)
		ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
		if signedIn {
			f.signInBrowser(t, ctx, "Rosa Brandt")
		}
		if err := browsertest.PreloadAxe(ctx); err != nil {
			t.Fatal(err)
		}
		start, checked := time.Now(), 0
		seen := map[string]bool{}
		var axeTime time.Duration
		for _, p := range pages {
			kind := p
			if i := strings.LastIndex(p, "/"); i > 0 {
				kind = p[:i]
			}
			if !signedIn && seen[kind] {
				continue // signed out, pages of one kind differ only by their data: one of each
			}
			seen[kind] = true
			if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+p), chromedp.WaitReady("main")); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			checked++
			t0 := time.Now()
			vs, err := browsertest.Axe(ctx)
			axeTime += time.Since(t0)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			for _, v := range browsertest.Serious(vs) {
				t.Errorf("%s (%s): %s", p, name, v)
			}
		}
		cancel()
		t.Logf("%s: %d pages checked in %v (axe %v)", name, checked, time.Since(start), axeTime)
	}
}

// TestPhoneWidth loads the main pages in a 360×740 viewport and checks
// nothing overflows sideways (no horizontal scrolling) and the ballot
// controls are at least 44 px high (WCAG 2.5.8 asks 24). With
// COMMUNE_UI_SHOTS=dir it also keeps a screenshot of each page at 1280
// and 360 px there, to look at.
func TestPhoneWidth(t *testing.T) {
	f := newFixture(t)
	s := f.scene()
	b := browsertest.New(t)
	ctx := b.Tab("phone")
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	f.signInBrowser(t, ctx, "Mei Lin")
	pages := map[string]string{
		"home": "/", "council": "/councils/" + itoa(s.bakery), "district": "/councils/" + itoa(f.demo.District),
		"proposal": "/proposals/" + itoa(s.yesNo), "ranked": "/proposals/" + itoa(s.ranked), "open": "/proposals/" + itoa(f.demo.Open),
		"member": "/members/" + itoa(s.delegate), "record": "/record", "entry": "/record/entries/3", "plan": "/plan",
		"tendency": "/tendencies/" + itoa(f.demo.Tendency), "join": "/join/" + url.PathEscape(s.code), "settings": "/settings",
	}
	shots := os.Getenv("COMMUNE_UI_SHOTS")
	for _, width := range []int64{1280, 360} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 740)); err != nil {
			t.Fatal(err)
		}
		for name, p := range pages {
			if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+p), chromedp.WaitReady("main")); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if width == 360 {
				sw, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
				if err != nil {
					t.Fatal(err)
				}
				if sw > 360 {
					t.Errorf("%s at 360 px: page is %d px wide (scrolls sideways)", p, sw)
				}
				small, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main button, main input[type=number]")].filter(e => e.offsetParent && e.getBoundingClientRect().height < 24).map(e => e.outerHTML.slice(0, 80))`))
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range small {
					t.Errorf("%s at 360 px: control under 24 px high: %s", p, e)
				}
			}
			if shots != "" {
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(shots, name+"-"+itoa64(width)+".png"), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
