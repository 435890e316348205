// Package browsertest drives Debian's Chromium, headless, for the web
// interface's tests: pages loaded over loopback, forms filled and clicked,
// screenshots kept when a test fails, and axe-core run inside the page.
//
// Chromium must be installed (scripts/test installs it with apt-get); a
// missing browser fails the test rather than skipping it.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium process for one test.
type Browser struct {
	t      testing.TB
	alloc  context.Context
	cancel context.CancelFunc
	first  context.Context // the first tab: later tabs open in its browser
}

// ChromiumPath returns the browser to run: $COMMUNE_CHROMIUM, or Debian's
// /usr/bin/chromium, or chromium on PATH.
func ChromiumPath() (string, error) {
	if p := os.Getenv("COMMUNE_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(p); err == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("chromium not found: install Debian's chromium package (scripts/test does)")
}

// New starts Chromium for t and stops it when t ends. The flags keep it
// from reaching for the network (this machine has none beyond loopback)
// and from needing a sandbox (tests run as root).
func New(t testing.TB) *Browser {
	t.Helper()
	path, err := ChromiumPath()
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	b := &Browser{t: t, alloc: alloc, cancel: cancel}
	t.Cleanup(cancel)
	return b
}

// Tab opens a new tab. When the test has failed by the time it ends, a
// full-page screenshot of the tab is kept in $COMMUNE_SCREENSHOTS (default
// the system temp dir), and its path logged.
func (b *Browser) Tab(name string) context.Context {
	b.t.Helper()
	parent := b.alloc
	if b.first != nil {
		// A second NewContext on the allocator would start a second
		// browser on the same profile directory, which Chromium refuses.
		parent = b.first
	}
	ctx, cancel := chromedp.NewContext(parent)
	if b.first == nil {
		b.first = ctx
	}
	// Start the browser now, so that a failure to launch is reported here.
	if err := chromedp.Do(ctx); err != nil {
		b.t.Fatalf("start chromium: %v", err)
	}
	b.t.Cleanup(func() {
		if b.t.Failed() {
			b.keepScreenshot(ctx, name)
		}
		cancel()
	})
	return ctx
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

func (b *Browser) keepScreenshot(ctx context.Context, name string) {
	dir := os.Getenv("COMMUNE_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "commune-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Logf("screenshot: %v", err)
		return
	}
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot: %v", err)
		return
	}
	file := filepath.Join(dir, unsafeName.ReplaceAllString(b.t.Name()+"-"+name, "_")+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Logf("screenshot: %v", err)
		return
	}
	b.t.Logf("screenshot of the failed page: %s", file)
}
