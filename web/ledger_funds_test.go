package web

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune/council"
)

// TestFundsAndExpiryOverHTTP spends a fund and supports Ben under a
// district decision, then expires his certificates under a 30-day statute.
func TestFundsAndExpiryOverHTTP(t *testing.T) {
	f := runCycleHTTP(t)
	delegates := []member{f.ana, f.dan}
	var funds fundsPage
	f.ok("GET", "/api/v1/funds", member{}, nil, &funds)
	ids := map[string]council.ID{}
	for _, fd := range funds.Funds {
		ids[fd.Name] = fd.ID
	}
	repl, common := ids["replacement"], ids["common needs"]
	spend := fmt.Sprintf("/api/v1/funds/%d/spendings", repl)
	support := fmt.Sprintf("/api/v1/funds/%d/support", common)

	dec := f.proposal(f.act("POST", fmt.Sprintf("/api/v1/councils/%d/proposals", f.F), f.ana,
		map[string]any{"kind": "text", "title": "New oven; support for Ben", "text": "Spend and support."}))
	f.refused("POST", spend, f.ana, map[string]any{"minutes": 10, "decision": dec, "key": "early"}, 409, "conflict", "not_passed")
	f.decide([]council.ID{dec}, [][]member{delegates}, council.DefaultStatutes())

	rc := f.act("POST", spend, f.ana, map[string]any{"minutes": 30, "ref": "oven parts", "decision": dec, "key": "oven"})
	if len(rc.Events) != 1 || rc.Events[0].Kind != "ledger.fund_spent" {
		t.Fatalf("spending answered %+v", rc)
	}
	before := f.svc.Size()
	if status, body := f.call("POST", spend, f.ana.Token, map[string]any{"minutes": 30, "ref": "oven parts", "decision": dec, "key": "oven"}); status != 200 || f.svc.Size() != before {
		t.Errorf("retried spending: %d %s", status, body)
	}
	for _, tc := range []struct {
		name, path   string
		by           member
		body         map[string]any
		status       int
		code, reason string
	}{
		{"beyond the fund", spend, f.ana, map[string]any{"minutes": 19, "decision": dec, "key": "much"}, 409, "conflict", "insufficient_balance"},
		{"not a delegate", spend, f.ben, map[string]any{"minutes": 1, "decision": dec, "key": "ben"}, 403, "forbidden", "not_delegate"},
		{"no decision", spend, f.ana, map[string]any{"minutes": 1, "decision": 999999, "key": "nodec"}, 404, "not_found", ""},
		{"key reused", spend, f.ana, map[string]any{"minutes": 31, "decision": dec, "key": "oven"}, 409, "conflict", "key_reused"},
		{"fund differs from path", spend, f.ana, map[string]any{"fund": common, "minutes": 1, "decision": dec, "key": "other"}, 400, "invalid", ""},
		{"support no member", support, f.dan, map[string]any{"member": 999999, "minutes": 1, "decision": dec, "key": "nobody"}, 404, "not_found", "member"},
		{"expiry without statute", "/api/v1/expiries", f.dan, map[string]any{"key": "exp-0"}, 409, "conflict", "no_expiry"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f.t = t
			f.refused("POST", tc.path, tc.by, tc.body, tc.status, tc.code, tc.reason)
		})
	}
	f.t = t
	f.act("POST", support, f.dan, map[string]any{"member": f.ben.ID, "minutes": 50, "ref": "injury", "decision": dec, "key": "ben-support"})

	var acc accountPage
	f.ok("GET", fmt.Sprintf("/api/v1/accounts/%d", f.ben.ID), member{}, nil, &acc)
	held := acc.Balance
	f.ok("GET", "/api/v1/funds", member{}, nil, &funds)
	got := map[string]int64{}
	for _, fd := range funds.Funds {
		got[fd.Name] = fd.Balance
	}
	if diff := cmp.Diff(map[string]int64{"replacement": 48 - 30, "common needs": 72 - 50}, got); diff != "" {
		t.Errorf("fund balances (-want +got):\n%s", diff)
	}

	// A 30-day lifetime, then a month later everything Ben held expires.
	st := council.DefaultStatutes()
	st.CertificateDays = 30
	sp := f.proposal(f.act("POST", fmt.Sprintf("/api/v1/councils/%d/statutes", f.F), f.ana, map[string]any{"title": "Certificates last 30 days", "statutes": st}))
	f.decide([]council.ID{sp}, [][]member{delegates}, council.DefaultStatutes())
	f.tick(31 * council.Day)
	rc = f.act("POST", "/api/v1/expiries", f.dan, map[string]any{"key": "exp-1"})
	if len(rc.Events) != 1 || rc.Events[0].Kind != "ledger.certificates_expired" {
		t.Fatalf("expiry answered %+v", rc)
	}
	f.ok("GET", fmt.Sprintf("/api/v1/accounts/%d", f.ben.ID), member{}, nil, &acc)
	if acc.Balance != 0 || held <= 0 {
		t.Errorf("Ben held %d, after expiry %d, want 0", held, acc.Balance)
	}
	f.refused("POST", "/api/v1/expiries", f.dan, map[string]any{"key": "exp-2"}, 409, "conflict", "nothing_due")
	auditPasses(t, f.harness)
}
