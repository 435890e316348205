package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"commune"
	"commune/record"
	"commune/store"
)

// TestRecordProofs checks the public record routes as an outside auditor
// would: the checkpoint verifies with the published key, every write's
// entry has an inclusion proof against it, later checkpoints are
// consistent with earlier ones, and `commune audit URL` (store.Remote +
// store.Audit) passes against the running server.
func TestRecordProofs(t *testing.T) {
	f := newFederation(t)
	_, vkey := f.call("GET", "/api/v1/record/verification-key", "", nil)
	status, signed := f.call("GET", "/api/v1/record/checkpoint", "", nil)
	if status != 200 {
		t.Fatalf("checkpoint: %d %s", status, signed)
	}
	old, err := record.Open(signed, strings.TrimSpace(string(vkey)))
	if err != nil {
		t.Fatalf("checkpoint does not verify with the published key: %v", err)
	}
	if old.Size != f.svc.Size() {
		t.Errorf("checkpoint size %d, record size %d", old.Size, f.svc.Size())
	}

	// A new write; its entry is proved included in the new checkpoint.
	rc := f.act("POST", "/api/v1/tendencies", f.ben, map[string]any{"name": "Greens", "platform": "Trees."})
	_, signed = f.call("GET", "/api/v1/record/checkpoint", "", nil)
	cp, err := record.Open(signed, strings.TrimSpace(string(vkey)))
	if err != nil {
		t.Fatal(err)
	}
	for _, idx := range append(rc.Entries, 0, old.Size-1) {
		var page entriesPage
		f.ok("GET", fmt.Sprintf("/api/v1/record/entries?from=%d&to=%d", idx, idx+1), member{}, nil, &page)
		e, err := page.Entries[0].Entry()
		if err != nil {
			t.Fatal(err)
		}
		var proof record.InclusionJSON
		f.ok("GET", fmt.Sprintf("/api/v1/record/entries/%d/proof?size=%d", idx, cp.Size), member{}, nil, &proof)
		if err := proof.Verify(cp, e); err != nil {
			t.Errorf("entry %d: inclusion proof: %v", idx, err)
		}
		// A changed entry does not verify.
		e.Body = append([]byte(nil), e.Body...)
		e.Body[len(e.Body)-2] ^= 1
		if proof.Verify(cp, e) == nil {
			t.Errorf("entry %d: a changed entry verified", idx)
		}
	}
	var cons record.ConsistencyJSON
	f.ok("GET", fmt.Sprintf("/api/v1/record/consistency?from=%d&to=%d", old.Size, cp.Size), member{}, nil, &cons)
	if err := cons.Verify(old, cp); err != nil {
		t.Errorf("consistency %d→%d: %v", old.Size, cp.Size, err)
	}

	// Bad parameters are 4xx with a code, never 500.
	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/api/v1/record/entries?from=x", 400},
		{"/api/v1/record/entries?from=5&to=2", 400},
		{fmt.Sprintf("/api/v1/record/entries/%d/proof", cp.Size+10), 404},
		{"/api/v1/record/entries/-1/proof", 400},
		{fmt.Sprintf("/api/v1/record/entries/1/proof?size=%d", cp.Size+1), 422},
		{"/api/v1/record/consistency?from=0", 422},
		{"/api/v1/record/tables/passwords", 404},
		{"/api/v1/nothing", 404},
	} {
		status, body := f.call("GET", tc.path, "", nil)
		if status != tc.status || !strings.Contains(string(body), `"code"`) {
			t.Errorf("GET %s: %d %s, want %d with a code", tc.path, status, body, tc.status)
		}
	}

	// The audit of the running server passes.
	remote, err := store.NewRemote(f.srv.URL, f.srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := store.Audit(context.Background(), remote, strings.TrimSpace(string(vkey)))
	if err != nil {
		t.Fatalf("audit of %s: %v", f.srv.URL, err)
	}
	if rep.Tables == 0 {
		t.Errorf("audit report %+v: no tables compared", rep)
	}
}

// TestAuthentication covers bearer tokens, sign-out and the sign-in limits.
func TestAuthentication(t *testing.T) {
	h := newHarness(t)
	// The limiters' clock stands still, so password hashing time refills nothing.
	frozen := time.Now()
	h.api.byAddr.setClock(func() time.Time { return frozen })
	h.api.byAccount.setClock(func() time.Time { return frozen })
	body := map[string]any{"name": "Garage", "kind": "workplace"}
	h.refused("POST", "/api/v1/councils", member{}, body, http.StatusUnauthorized, commune.EUNAUTH, "no_token")
	h.refused("POST", "/api/v1/councils", member{Token: "forged-token"}, body, http.StatusUnauthorized, commune.EUNAUTH, "bad_token")
	status, _ := h.call("GET", "/api/v1/me", "", nil)
	if status != http.StatusUnauthorized {
		t.Errorf("GET /me without a token: %d", status)
	}
	second := h.signIn("Rosa", "rosa-password")
	h.ok("DELETE", "/api/v1/session", second, nil, nil)
	h.refused("POST", "/api/v1/councils", second, body, http.StatusUnauthorized, commune.EUNAUTH, "bad_token")
	h.act("POST", "/api/v1/councils", h.founder, body) // the other token still works

	// Per account: ten attempts at once (two sign-ins so far, then eight
	// failures), then even the right password waits.
	for i := 0; i < 8; i++ {
		h.refused("POST", "/api/v1/session", member{}, signInRequest{Member: "Rosa", Password: "guess-" + fmt.Sprint(i)},
			http.StatusUnauthorized, commune.EUNAUTH, "bad_credentials")
	}
	h.refused("POST", "/api/v1/session", member{}, signInRequest{Member: "Rosa", Password: "rosa-password"},
		http.StatusTooManyRequests, "rate_limited", "too_many_attempts")
	// Per address: 20 at once, 11 of them used so far (two sign-ins, eight
	// failures, one refusal): the rest, across accounts, then refused.
	for i := 0; i < 9; i++ {
		h.refused("POST", "/api/v1/session", member{}, signInRequest{Member: fmt.Sprint("someone", i), Password: "guess-guess"},
			http.StatusUnauthorized, commune.EUNAUTH, "bad_credentials")
	}
	h.refused("POST", "/api/v1/session", member{}, signInRequest{Member: "other", Password: "guess-guess"},
		http.StatusTooManyRequests, "rate_limited", "")
}

// TestEntriesPaging checks the pages of GET /record/entries at the edges.
func TestEntriesPaging(t *testing.T) {
	h := newHarness(t)
	size := h.svc.Size()
	for _, tc := range []struct {
		query       string
		from, to, n int64
	}{
		{"", 0, size, size},
		{"?from=1", 1, size, size - 1},
		{"?from=0&to=1", 0, 1, 1},
		{fmt.Sprintf("?from=%d", size), size, size, 0},
		{"?from=9223372036854775806", 9223372036854775806, 9223372036854775806, 0},
		{"?from=0&to=9223372036854775807", 0, size, size},
	} {
		var page entriesPage
		h.ok("GET", "/api/v1/record/entries"+tc.query, member{}, nil, &page)
		if page.From != tc.from || page.To != tc.to || int64(len(page.Entries)) != tc.n || page.Size != size {
			t.Errorf("entries%s: from %d to %d, %d entries, size %d; want %d %d %d %d",
				tc.query, page.From, page.To, len(page.Entries), page.Size, tc.from, tc.to, tc.n, size)
		}
	}
	var list councilList
	h.ok("GET", "/api/v1/councils?offset=9223372036854775807&limit=1000", member{}, nil, &list)
	if list.Total != 1 || len(list.Councils) != 0 {
		t.Errorf("councils past the end: %+v", list)
	}
	h.ok("GET", "/api/v1/councils", member{}, nil, &list)
	if list.Total != 1 || len(list.Councils) != 1 || list.Councils[0].ID != h.base {
		t.Errorf("councils: %+v", list)
	}
}
