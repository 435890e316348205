package ui

import (
	"net/http"
	"strings"
	"testing"
)

// TestAuditOnDemand runs the audit from the record page: it replays the
// demo's record and compares the derived tables, and the page says so.
func TestAuditOnDemand(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	_, body := c.get("/record")
	if !strings.Contains(body, "No audit has been run") {
		t.Fatalf("record page before any audit:\n%s", snippet(body))
	}
	status, _ := c.post("/record/audit", nil, nil)
	if status != http.StatusSeeOther {
		t.Fatalf("run audit: %d", status)
	}
	_, body = c.get("/record")
	if !strings.Contains(body, "The record checks out.") || !strings.Contains(body, f.ui.bundle.Catalog("en").Int(f.svc.Size())+" entries replayed") {
		t.Fatalf("record page after the audit:\n%s", snippet(body[strings.Index(body, `id="audit"`):]))
	}
}

// TestEntryProof checks an entry page verifies its inclusion proof.
func TestEntryProof(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	status, body := c.get("/record/entries/5")
	if status != http.StatusOK || !strings.Contains(body, "Verified: this entry is in the signed tree") {
		t.Fatalf("entry page: %d\n%s", status, snippet(body))
	}
	if status, _ := c.get("/record/entries/999999"); status != http.StatusNotFound {
		t.Fatalf("entry beyond the record: %d, want 404", status)
	}
}
