package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"commune"
)

// TestSignInAndInvite covers sign-in, invitations and proposals end to end.
func TestSignInAndInvite(t *testing.T) {
	h := newHarness(t)
	ana := h.invite(h.founder, h.base, "Ana")
	if ana.ID == 0 || ana.Token == "" {
		t.Fatalf("invite: %+v", ana)
	}
	again := h.signIn(fmt.Sprint(ana.ID), "Ana-password")
	if again.ID != ana.ID {
		t.Errorf("sign in by id gave member %d, want %d", again.ID, ana.ID)
	}
	h.refused("POST", "/api/v1/session", member{}, signInRequest{Member: "Ana", Password: "wrong-password"},
		http.StatusUnauthorized, commune.EUNAUTH, "bad_credentials")
	h.refused("POST", "/api/v1/session", member{}, signInRequest{Member: "Nobody", Password: "wrong-password"},
		http.StatusUnauthorized, commune.EUNAUTH, "bad_credentials")

	rc := h.act("POST", fmt.Sprintf("/api/v1/councils/%d/proposals", h.base), ana,
		map[string]any{"title": "Four-day week", "text": "We work four days."})
	if rc.Events[0].Kind != "proposal.made" {
		t.Errorf("events = %+v", rc.Events)
	}
	// A known path with a method it does not serve: JSON 405.
	status, body := h.call("PUT", "/api/v1/session", "", nil)
	if status != http.StatusMethodNotAllowed || !strings.Contains(string(body), reasonMethod) {
		t.Errorf("PUT /session: %d %s", status, body)
	}
}
