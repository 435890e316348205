package web

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"commune"
	"commune/council"
)

// These tests drive the model of issue 2 through the HTTP API on a real
// SQLite data directory: one test per bullet of the model.

// getProposal reads a proposal page through the API.
func (f *federation) getProposal(id council.ID) proposalPage {
	f.t.Helper()
	var p proposalPage
	f.ok("GET", fmt.Sprintf("/api/v1/proposals/%d", id), member{}, nil, &p)
	return p
}

// districtProposal has Ana propose a text in the district and lets its
// discussion end (default statutes: two days), so voting is open.
func (f *federation) districtProposal(title string) council.ID {
	f.t.Helper()
	p := f.proposal(f.act("POST", fmt.Sprintf("/api/v1/councils/%d/proposals", f.F), f.ana,
		map[string]any{"title": title, "text": "The district " + title + "."}))
	return p
}

// Recall: a recall passing while a vote in the higher council is open
// withdraws the delegate's vote there (the tally changes), vacates the seat
// at once, stops the delegate acting in the higher council, and opens a
// by-election.
func TestRecallWithdrawsVoteInHigherCouncil(t *testing.T) {
	f := newFederation(t)
	p := f.districtProposal("buys a bus")
	f.tick(2 * council.Day)
	f.vote(p, f.ana, "yes")
	f.vote(p, f.dan, "yes")
	if got := f.getProposal(p).Tally; got.Yes != 2 || !got.Open {
		t.Fatalf("tally before the recall: %+v, want 2 yes, open", got)
	}

	// Ben, an elector of Ana (a member of A), opens a recall.
	rc := f.act("POST", "/api/v1/recalls", f.ben, map[string]any{"federation": f.F, "delegate": f.ana.ID})
	recall := f.created(rc, "recall.opened", "recall")
	// Dan is not Ana's elector (he is in B): he cannot open or vote on it.
	f.refused("POST", "/api/v1/recalls", f.dan, map[string]any{"federation": f.F, "delegate": f.ana.ID},
		http.StatusForbidden, commune.EFORBIDDEN, "")
	f.refused("POST", fmt.Sprintf("/api/v1/recalls/%d/votes", recall), f.dan, map[string]any{"choice": "yes"},
		http.StatusForbidden, commune.EFORBIDDEN, "")
	for _, m := range []member{f.rosa, f.ben} {
		f.act("POST", fmt.Sprintf("/api/v1/recalls/%d/votes", recall), m, map[string]any{"choice": "yes"})
	}
	f.act("POST", fmt.Sprintf("/api/v1/recalls/%d/votes", recall), f.ana, map[string]any{"choice": "no"})
	f.tick(council.Day) // A's voting period: the recall closes; the district's vote is still open

	var rp recallPage
	f.ok("GET", fmt.Sprintf("/api/v1/recalls/%d", recall), member{}, nil, &rp)
	if rp.Status != "passed" || !slices.Contains(rp.Withdrawn, p) || rp.ByElection == 0 {
		t.Fatalf("recall: %+v, want passed, withdrawing proposal %d, with a by-election", rp.RecallView, p)
	}
	got := f.getProposal(p)
	if !got.Tally.Open || got.Tally.Yes != 1 {
		t.Fatalf("tally after the recall: %+v, want 1 yes and still open", got.Tally)
	}
	for _, v := range got.Votes {
		if v.Voter == f.ana.ID {
			t.Errorf("Ana's withdrawn vote still listed: %+v", v)
		}
	}
	if s := f.seatStatus(f.ana); s != "recalled" {
		t.Errorf("Ana's seat: %q, want recalled", s)
	}
	// The recalled delegate can no longer act in the district.
	f.refused("POST", fmt.Sprintf("/api/v1/proposals/%d/votes", p), f.ana, map[string]any{"choice": "yes"},
		http.StatusForbidden, commune.EFORBIDDEN, "recalled")
	f.refused("POST", fmt.Sprintf("/api/v1/councils/%d/proposals", f.F), f.ana, map[string]any{"title": "x", "text": "y"},
		http.StatusForbidden, commune.EFORBIDDEN, "")
	// The by-election is open; Ana may not stand in it, Ben may.
	f.refused("POST", fmt.Sprintf("/api/v1/elections/%d/candidacies", rp.ByElection), f.ana, nil,
		http.StatusForbidden, commune.EFORBIDDEN, "recalled")
	f.act("POST", fmt.Sprintf("/api/v1/elections/%d/candidacies", rp.ByElection), f.ben, nil)

	// When the district's vote closes, only Dan's vote counts.
	f.tick(2 * council.Day)
	if c := f.closed(p); c.Yes != 1 || !c.Passed {
		t.Errorf("decision: %+v, want passed with 1 yes", c)
	}
}

// Mandate: a council instructs its delegate how to vote on a proposal of a
// higher council; a vote against it is recorded as a deviation, shown
// publicly, and opens a recall.
func TestMandateDeviationOpensRecall(t *testing.T) {
	f := newFederation(t)
	p := f.districtProposal("closes the depot")
	// B instructs its delegate (Dan) to vote no. B decides in 1h + 1 day,
	// within the district's two days of discussion.
	mp := f.proposal(f.act("POST", fmt.Sprintf("/api/v1/councils/%d/mandates", f.B), f.eve,
		mandateRequest{Text: "Our delegate votes no.", Target: p, Choice: "no"}))
	f.tick(council.Hour)
	for _, m := range []member{f.carla, f.eve} {
		f.vote(mp, m, "yes")
	}
	f.tick(council.Day)
	if c := f.closed(mp); !c.Passed {
		t.Fatalf("mandate decision: %+v", c)
	}
	f.tick(council.Day) // the district's discussion ends
	pp := f.getProposal(p)
	if len(pp.Mandates) != 1 || pp.Mandates[0].Choice != "no" || pp.Mandates[0].Council != f.B {
		t.Fatalf("mandates on the proposal: %+v", pp.Mandates)
	}

	// Ana (no mandate) votes yes: no deviation. Dan votes yes against his mandate.
	if rc := f.vote(p, f.ana, "yes"); len(rc.Events) != 1 {
		t.Errorf("Ana's vote: %+v, want only the vote", rc.Events)
	}
	rc := f.vote(p, f.dan, "yes")
	kinds := []string{}
	for _, e := range rc.Events {
		kinds = append(kinds, e.Kind)
	}
	if !slices.Equal(kinds, []string{"vote.cast", "mandate.deviation"}) {
		t.Fatalf("Dan's vote recorded %v, want the vote and the deviation", kinds)
	}
	recall := f.created(rc, "mandate.deviation", "recall")
	if recall == 0 {
		t.Fatal("the deviation opened no recall")
	}
	// Shown publicly: on Dan's record, on the district's page, on the record.
	var mp2 memberPage
	f.ok("GET", fmt.Sprintf("/api/v1/members/%d", f.dan.ID), member{}, nil, &mp2)
	if len(mp2.Deviations) != 1 || mp2.Deviations[0].Proposal != p || mp2.Deviations[0].Recall != recall {
		t.Errorf("Dan's deviations: %+v", mp2.Deviations)
	}
	var cp councilPage
	f.ok("GET", fmt.Sprintf("/api/v1/councils/%d", f.F), member{}, nil, &cp)
	found := false
	for _, d := range cp.Delegates {
		if d.Member == f.dan.ID && len(d.Deviations) == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("the district's page does not show Dan's deviation: %+v", cp.Delegates)
	}
	var r recallPage
	f.ok("GET", fmt.Sprintf("/api/v1/recalls/%d", recall), member{}, nil, &r)
	if r.Delegate != f.dan.ID || r.Council != f.B || r.Status != "open" || r.Reason == "" {
		t.Errorf("recall opened by the deviation: %+v", r.RecallView)
	}
	if len(f.table("deviations")) != 1 {
		t.Errorf("deviations table: %v", f.table("deviations"))
	}
}

// Referendum from below: a decision of the district goes to a direct vote
// of all members beneath when enough of them sign, and the referendum's
// result replaces the decision.
func TestReferendumOverturnsFederatedDecision(t *testing.T) {
	f := newFederation(t)
	p := f.districtProposal("builds a car park")
	f.tick(2 * council.Day)
	f.vote(p, f.ana, "yes")
	f.vote(p, f.dan, "yes")
	f.tick(3 * council.Day)
	if c := f.closed(p); !c.Passed {
		t.Fatalf("the district's decision: %+v", c)
	}
	// A member of nothing beneath the district cannot sign; one member
	// beneath (10% of 6 members) is enough to open the referendum.
	rc := f.act("POST", fmt.Sprintf("/api/v1/proposals/%d/referendum-petition", p), f.eve, nil)
	ref := f.created(rc, "referendum.signed", "referendum")
	if ref == 0 {
		t.Fatalf("the petition opened no referendum: %+v", rc.Events)
	}
	// Every member beneath votes directly; most say no.
	for _, m := range []member{f.rosa, f.ben, f.carla, f.eve} {
		f.act("POST", fmt.Sprintf("/api/v1/referendums/%d/votes", ref), m, map[string]any{"choice": "no"})
	}
	f.act("POST", fmt.Sprintf("/api/v1/referendums/%d/votes", ref), f.ana, map[string]any{"choice": "yes"})
	f.tick(3 * council.Day)
	var r referendumPage
	f.ok("GET", fmt.Sprintf("/api/v1/referendums/%d", ref), member{}, nil, &r)
	if r.Passed || !r.Overturned || r.Tally.No != 4 || len(r.Votes) != 5 {
		t.Fatalf("referendum: %+v (votes %d), want rejected and overturned with 4 no", r.ReferendumView, len(r.Votes))
	}
	if got := f.getProposal(p); got.Status != council.StatusRejected || got.Referendum != ref {
		t.Errorf("the district's decision after the referendum: status %q referendum %d, want rejected by %d", got.Status, got.Referendum, ref)
	}
}

// Referendum from below, second way: a majority of the constituent
// councils demand it, each by its own decision.
func TestReferendumDemandedByConstituents(t *testing.T) {
	f := newFederation(t)
	p := f.districtProposal("sells the hall")
	f.tick(2 * council.Day)
	f.vote(p, f.ana, "yes")
	f.tick(3 * council.Day)
	dA := f.proposal(f.act("POST", fmt.Sprintf("/api/v1/councils/%d/referendum-demands", f.A), f.ben, referendumDemandRequest{Target: p}))
	dB := f.proposal(f.act("POST", fmt.Sprintf("/api/v1/councils/%d/referendum-demands", f.B), f.eve, referendumDemandRequest{Target: p}))
	f.tick(council.Hour)
	f.vote(dA, f.ben, "yes")
	f.vote(dB, f.eve, "yes")
	f.tick(council.Day)
	got := f.getProposal(p)
	if got.Referendum == 0 || len(got.Demands) != 2 {
		t.Fatalf("after both constituents demand it: referendum %d demands %v", got.Referendum, got.Demands)
	}
}

// Tendency: members across councils form a tendency, publish a platform
// and sign minority reports; only its own members can dissolve it.
func TestTendencyOnlyItsMembersDissolve(t *testing.T) {
	f := newFederation(t)
	rc := f.act("POST", "/api/v1/tendencies", f.ben, map[string]any{"name": "Left opposition", "platform": "Shorter hours."})
	tend := f.created(rc, "tendency.formed", "tendency")
	f.act("POST", fmt.Sprintf("/api/v1/tendencies/%d/members", tend), f.eve, nil) // across councils: A and B
	f.act("POST", fmt.Sprintf("/api/v1/tendencies/%d/platform", tend), f.eve, map[string]any{"platform": "Shorter hours, more parks."})
	f.refused("POST", fmt.Sprintf("/api/v1/tendencies/%d/platform", tend), f.rosa, map[string]any{"platform": "Nothing."},
		http.StatusForbidden, commune.EFORBIDDEN, "not_tendency_member")

	p := f.districtProposal("extends the night shift")
	rep := f.created(f.act("POST", fmt.Sprintf("/api/v1/proposals/%d/minority-reports", p), f.ben,
		map[string]any{"tendency": tend, "text": "Night shifts harm health."}), "report.filed", "report")
	f.act("POST", fmt.Sprintf("/api/v1/minority-reports/%d/signatures", rep), f.eve, nil)
	f.refused("POST", fmt.Sprintf("/api/v1/minority-reports/%d/signatures", rep), f.rosa, nil,
		http.StatusForbidden, commune.EFORBIDDEN, "not_tendency_member")

	// Nobody outside it can dissolve it: not a member, not a delegate, not
	// the founder of the federation.
	for _, m := range []member{f.rosa, f.ana, f.carla, f.dan} {
		f.refused("POST", fmt.Sprintf("/api/v1/tendencies/%d/dissolution", tend), m, nil,
			http.StatusForbidden, commune.EFORBIDDEN, "not_tendency_member")
	}
	var tp tendencyPage
	f.ok("GET", fmt.Sprintf("/api/v1/tendencies/%d", tend), member{}, nil, &tp)
	if tp.Status != "active" || len(tp.Members) != 2 || len(tp.MinorityReports) != 1 || len(tp.MinorityReports[0].Signers) != 2 {
		t.Fatalf("tendency: %+v", tp)
	}
	if pp := f.getProposal(p); len(pp.Reports) != 1 {
		t.Errorf("the proposal's minority reports: %+v", pp.Reports)
	}
	// Its members can: a majority of them asking dissolves it.
	f.act("POST", fmt.Sprintf("/api/v1/tendencies/%d/dissolution", tend), f.ben, nil)
	rc = f.act("POST", fmt.Sprintf("/api/v1/tendencies/%d/dissolution", tend), f.eve, nil)
	f.ok("GET", fmt.Sprintf("/api/v1/tendencies/%d", tend), member{}, nil, &tp)
	if tp.Status != "dissolved" {
		t.Errorf("after both members asked: status %q, want dissolved (%+v)", tp.Status, rc.Events)
	}
}
