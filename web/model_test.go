package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"commune"
	"commune/council"
)

// Member: joins a base council by invitation from any member of it, or by
// an admission vote where the statutes say so; may belong to several base
// councils; may leave.
func TestMemberInSeveralBaseCouncils(t *testing.T) {
	f := newFederation(t)
	// Ana works at A and lives in B's neighbourhood: Dan (any member of B)
	// invites her and she accepts with her own token.
	f.join(f.dan, f.ana, f.B)
	var mp memberPage
	f.ok("GET", "/api/v1/me", f.ana, nil, &mp)
	if !slices.Contains(mp.Councils, f.A) || !slices.Contains(mp.Councils, f.B) {
		t.Fatalf("Ana's councils: %v, want A and B", mp.Councils)
	}
	// An invitation is single use, and a non-member cannot invite.
	var inv invitationResponse
	f.ok("POST", fmt.Sprintf("/api/v1/councils/%d/invitations", f.A), f.rosa, nil, &inv)
	f.ok("POST", "/api/v1/invitations/accept", member{}, acceptRequest{Code: inv.Code, Name: "Gus", Password: "gus-password"}, nil)
	f.refused("POST", "/api/v1/invitations/accept", member{}, acceptRequest{Code: inv.Code, Name: "Hal", Password: "hal-password"},
		http.StatusConflict, commune.ECONFLICT, "invitation_used")
	f.refused("POST", "/api/v1/invitations/accept", member{}, acceptRequest{Code: "no-such-code-0123456789", Name: "Hal", Password: "hal-password"},
		http.StatusNotFound, commune.ENOTFOUND, "")
	f.refused("POST", fmt.Sprintf("/api/v1/councils/%d/invitations", f.A), f.dan, nil, http.StatusForbidden, commune.EFORBIDDEN, "not_member")

	// B adopts admission by vote; then Rosa asks to be admitted and B votes.
	st := shortStatutes()
	st.Admission = "vote"
	sp := f.proposal(f.act("POST", fmt.Sprintf("/api/v1/councils/%d/statutes", f.B), f.carla, statutesRequest{Statutes: st}))
	f.tick(council.Hour)
	f.vote(sp, f.carla, "yes")
	f.vote(sp, f.eve, "yes")
	f.tick(council.Day)
	adm := f.proposal(f.act("POST", fmt.Sprintf("/api/v1/councils/%d/admissions", f.B), f.rosa, map[string]any{"text": "I moved here."}))
	f.tick(council.Hour)
	f.vote(adm, f.carla, "yes")
	f.vote(adm, f.dan, "yes")
	f.tick(council.Day)
	var cp councilPage
	f.ok("GET", fmt.Sprintf("/api/v1/councils/%d", f.B), member{}, nil, &cp)
	ids := []council.ID{}
	for _, m := range cp.Members {
		ids = append(ids, m.ID)
	}
	if !slices.Contains(ids, f.rosa.ID) || cp.Statutes.Admission != "vote" {
		t.Fatalf("B's members %v (admission %q): Rosa not admitted", ids, cp.Statutes.Admission)
	}
	// Leaving.
	f.act("POST", fmt.Sprintf("/api/v1/councils/%d/leave", f.B), f.rosa, nil)
	f.refused("POST", fmt.Sprintf("/api/v1/councils/%d/leave", f.B), f.rosa, nil, http.StatusForbidden, commune.EFORBIDDEN, "")
}

// Federated council: its voting members are delegates of its constituent
// councils; a council joins by a decision of its own members; seats per
// constituent follow the statutes.
func TestFederatedCouncil(t *testing.T) {
	f := newFederation(t)
	var cp councilPage
	f.ok("GET", fmt.Sprintf("/api/v1/councils/%d", f.F), member{}, nil, &cp)
	if cp.Kind != council.KindFederated || cp.Electors != 2 || cp.Size != 6 {
		t.Errorf("district: kind %q electors %d size %d, want federated, 2 delegates, 6 members", cp.Kind, cp.Electors, cp.Size)
	}
	if !slices.Equal(cp.Constituents, []council.ID{f.A, f.B}) {
		t.Errorf("constituents %v, want [%d %d]", cp.Constituents, f.A, f.B)
	}
	var delegates []council.ID
	for _, d := range cp.Delegates {
		delegates = append(delegates, d.Member)
	}
	if !slices.Equal(delegates, []council.ID{f.ana.ID, f.dan.ID}) {
		t.Errorf("delegates %v, want Ana and Dan", delegates)
	}
	var a councilPage
	f.ok("GET", fmt.Sprintf("/api/v1/councils/%d", f.A), member{}, nil, &a)
	if len(a.Sends) != 1 || a.Sends[0].Member != f.ana.ID || !slices.Equal(a.Federations, []council.ID{f.F}) {
		t.Errorf("A sends %+v to %v", a.Sends, a.Federations)
	}
	// Only delegates propose and vote in the district; a member of a
	// constituent is not one.
	f.refused("POST", fmt.Sprintf("/api/v1/councils/%d/proposals", f.F), f.ben, map[string]any{"title": "x", "text": "y"},
		http.StatusForbidden, commune.EFORBIDDEN, "not_delegate")
	p := f.districtProposal("opens a library")
	f.tick(2 * council.Day)
	f.refused("POST", fmt.Sprintf("/api/v1/proposals/%d/votes", p), f.rosa, map[string]any{"choice": "yes"},
		http.StatusForbidden, commune.EFORBIDDEN, "not_delegate")
	// A council cannot join twice, and a member cannot make a council join
	// without its decision (the join is a proposal, voted on).
	f.refused("POST", fmt.Sprintf("/api/v1/councils/%d/proposals", f.B), f.carla,
		map[string]any{"kind": "join", "title": "again", "motion": map[string]any{"federation": f.F}},
		http.StatusConflict, commune.ECONFLICT, "already_constituent")
}

// Statutes: adopted and changed only by the council's own decision;
// sensible defaults.
func TestStatutesByOwnDecision(t *testing.T) {
	f := newFederation(t)
	var a, d councilPage
	f.ok("GET", fmt.Sprintf("/api/v1/councils/%d", f.A), member{}, nil, &a)
	f.ok("GET", fmt.Sprintf("/api/v1/councils/%d", f.F), member{}, nil, &d)
	if a.Statutes != shortStatutes() {
		t.Errorf("A's statutes %+v, want the ones A adopted", a.Statutes)
	}
	if d.Statutes != council.DefaultStatutes() {
		t.Errorf("the district's statutes %+v, want the defaults", d.Statutes)
	}
	// Incoherent statutes are refused with nothing written; a non-member
	// cannot propose statutes for A; a rejected proposal changes nothing.
	bad := shortStatutes()
	bad.Quorum = 2000
	f.refused("POST", fmt.Sprintf("/api/v1/councils/%d/statutes", f.A), f.rosa, statutesRequest{Statutes: bad},
		http.StatusUnprocessableEntity, commune.EINVALID, "")
	f.refused("POST", fmt.Sprintf("/api/v1/councils/%d/statutes", f.A), f.dan, statutesRequest{Statutes: council.DefaultStatutes()},
		http.StatusForbidden, commune.EFORBIDDEN, "")
	sp := f.proposal(f.act("POST", fmt.Sprintf("/api/v1/councils/%d/statutes", f.A), f.rosa, statutesRequest{Statutes: council.DefaultStatutes()}))
	f.tick(council.Hour)
	f.vote(sp, f.rosa, "yes")
	f.vote(sp, f.ana, "no")
	f.vote(sp, f.ben, "no")
	f.tick(council.Day)
	f.ok("GET", fmt.Sprintf("/api/v1/councils/%d", f.A), member{}, nil, &a)
	if a.Statutes != shortStatutes() {
		t.Errorf("after a rejected change A's statutes are %+v", a.Statutes)
	}
}

// Election: ranked ballots (Schulze for one seat); terms end; rotation
// limits hold.
func TestElectionTermsAndRotation(t *testing.T) {
	f := newFederation(t)
	var a councilPage
	f.ok("GET", fmt.Sprintf("/api/v1/councils/%d", f.A), member{}, nil, &a)
	first := a.Elections[len(a.Elections)-1] // newest first
	if first.Status != "closed" || !slices.Equal(first.Elected, []council.ID{f.ana.ID}) {
		t.Fatalf("A's first election: %+v", first)
	}
	// Terms end after a year; a new election opens by itself.
	term := council.DefaultStatutes().Term
	next := func() council.ID {
		f.tick(term)
		f.ok("GET", fmt.Sprintf("/api/v1/councils/%d", f.A), member{}, nil, &a)
		e := a.Elections[0]
		if e.Status != "nominations" {
			t.Fatalf("after the term: last election %+v, want nominations open", e)
		}
		return e.ID
	}
	e2 := next()
	// Two candidates; Schulze picks the Condorcet winner Ben (2 of 3 prefer him).
	f.act("POST", fmt.Sprintf("/api/v1/elections/%d/candidacies", e2), f.ana, nil)
	f.act("POST", fmt.Sprintf("/api/v1/elections/%d/candidacies", e2), f.ben, nil)
	f.tick(council.Hour)
	f.act("POST", fmt.Sprintf("/api/v1/elections/%d/ballots", e2), f.rosa, map[string]any{"ranking": [][]council.ID{{f.ben.ID}, {f.ana.ID}}})
	f.act("POST", fmt.Sprintf("/api/v1/elections/%d/ballots", e2), f.ben, map[string]any{"ranking": [][]council.ID{{f.ben.ID}}})
	f.act("POST", fmt.Sprintf("/api/v1/elections/%d/ballots", e2), f.ana, map[string]any{"ranking": [][]council.ID{{f.ana.ID}, {f.ben.ID}}})
	f.refused("POST", fmt.Sprintf("/api/v1/elections/%d/ballots", e2), f.rosa, map[string]any{"choice": "yes"},
		http.StatusUnprocessableEntity, commune.EINVALID, "ranking_expected")
	f.tick(council.Day)
	var ep electionPage
	f.ok("GET", fmt.Sprintf("/api/v1/elections/%d", e2), member{}, nil, &ep)
	if !slices.Equal(ep.Elected, []council.ID{f.ben.ID}) || len(ep.Votes) != 3 {
		t.Fatalf("second election: %+v", ep)
	}
	// Ben serves a second consecutive term; then the rotation limit (2) holds.
	e3 := next()
	f.act("POST", fmt.Sprintf("/api/v1/elections/%d/candidacies", e3), f.ben, nil)
	f.tick(council.Hour)
	f.act("POST", fmt.Sprintf("/api/v1/elections/%d/ballots", e3), f.ben, map[string]any{"ranking": [][]council.ID{{f.ben.ID}}})
	f.tick(council.Day)
	e4 := next()
	f.refused("POST", fmt.Sprintf("/api/v1/elections/%d/candidacies", e4), f.ben, nil, http.StatusForbidden, commune.EFORBIDDEN, "rotation_limit")
	f.act("POST", fmt.Sprintf("/api/v1/elections/%d/candidacies", e4), f.rosa, nil)
}

// Proposal: discussion, amendments (accepted into the text, or standing as
// competing alternatives), decided by Schulze ranking with alternatives;
// a member may change their vote while voting is open.
func TestProposalWithAlternatives(t *testing.T) {
	f := newFederation(t)
	p := f.proposal(f.act("POST", fmt.Sprintf("/api/v1/councils/%d/proposals", f.A), f.rosa,
		map[string]any{"title": "Canteen", "text": "The canteen serves soup."}))
	acc := f.created(f.act("POST", fmt.Sprintf("/api/v1/proposals/%d/amendments", p), f.ben, map[string]any{"text": "The canteen serves hot soup."}), "amendment.made", "amendment")
	alt := f.created(f.act("POST", fmt.Sprintf("/api/v1/proposals/%d/alternatives", p), f.ana, map[string]any{"text": "The canteen serves salad."}), "amendment.made", "amendment")
	f.refused("POST", fmt.Sprintf("/api/v1/amendments/%d/accept", acc), f.ben, nil, http.StatusForbidden, commune.EFORBIDDEN, "not_proposer")
	f.act("POST", fmt.Sprintf("/api/v1/amendments/%d/accept", acc), f.rosa, nil)
	f.refused("POST", fmt.Sprintf("/api/v1/proposals/%d/votes", p), f.rosa, map[string]any{"ranking": [][]council.ID{{p}}},
		http.StatusConflict, commune.ECONFLICT, "voting_not_open")
	f.tick(council.Hour)
	pp := f.getProposal(p)
	if !strings.Contains(pp.Text, "hot soup") || !slices.Contains(pp.Tally.Options, alt) || !slices.Contains(pp.Tally.Options, p) {
		t.Fatalf("proposal in voting: text %q options %v", pp.Text, pp.Tally.Options)
	}
	rank := func(m member, r [][]council.ID) actResponse {
		return f.act("POST", fmt.Sprintf("/api/v1/proposals/%d/votes", p), m, map[string]any{"ranking": r})
	}
	rank(f.rosa, [][]council.ID{{p}, {alt}})
	rank(f.ana, [][]council.ID{{alt}})
	rank(f.ben, [][]council.ID{{alt}, {p}})
	// Ben changes his mind: recorded as a change of vote.
	rank(f.ben, [][]council.ID{{p}, {alt}})
	var again int
	if status, _ := f.call("POST", fmt.Sprintf("/api/v1/proposals/%d/votes", p), f.ben.Token, map[string]any{"ranking": [][]council.ID{{p}, {alt}}}); true {
		again = status
	}
	if again != http.StatusOK {
		t.Errorf("the same vote again: status %d, want 200 (nothing new)", again)
	}
	f.tick(council.Day)
	c := f.closed(p)
	if !c.Passed || c.Winner != p {
		t.Errorf("decision %+v, want the (amended) proposal %d to win", c, p)
	}
	if n := len(f.getProposal(p).Votes); n != 3 {
		t.Errorf("%d votes counted, want 3 (a change replaces)", n)
	}
}

// Votes are named: the record shows who voted how, on the proposal's page,
// on each voter's record, and in the entries of the public log.
func TestVotesAreNamed(t *testing.T) {
	f := newFederation(t)
	p := f.districtProposal("plants trees")
	f.tick(2 * council.Day)
	f.vote(p, f.ana, "yes")
	f.vote(p, f.dan, "no")
	pp := f.getProposal(p)
	got := map[string]string{}
	for _, v := range pp.Votes {
		got[v.Name] = v.Choice
	}
	if got["Ana"] != "yes" || got["Dan"] != "no" {
		t.Errorf("named votes %v", got)
	}
	var mp memberPage
	f.ok("GET", fmt.Sprintf("/api/v1/members/%d", f.dan.ID), member{}, nil, &mp)
	if n := len(mp.Record); n == 0 || mp.Record[n-1].Question != p || mp.Record[n-1].Choice != "no" {
		t.Errorf("Dan's record %+v", mp.Record)
	}
	actors := map[string]bool{}
	for _, e := range f.entries("vote.cast") {
		actors[e.Actor] = true
	}
	for _, m := range []member{f.ana, f.dan} {
		if !actors[fmt.Sprintf("member:%d", m.ID)] {
			t.Errorf("no vote.cast entry by %s on the record", m.Name)
		}
	}
}
