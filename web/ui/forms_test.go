package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"commune/council"
)

// form is one state-changing form of the interface, as a test drives it.
type form struct {
	name   string
	path   string
	fields url.Values
	// member may send it (a signed-in member for whom it is allowed, ""
	// for forms anyone may send); outsider must be refused: a member who
	// does not belong where the form acts ("" means signed out).
	member, outsider string
	outsiderStatus   int
	// memberOK is the status the member's genuine, same-origin post gets.
	memberOK int
}

// forms lists every form of the interface with realistic values from the
// demo federation and the scene.
func (f *fixture) forms(s scene) []form {
	var (
		rec        council.RecallView
		election   council.ElectionView
		decided    council.ID // a federated council's decision
		discussion council.ID // a Bakery proposal still in discussion
		amendment  council.ID
	)
	rosa, mei := "Rosa Brandt", "Mei Lin"
	f.person(rosa) // sets the password the sign-in form uses
	proposer := f.name(s.others[0])
	evs := f.do(s.others[0], council.Propose{Council: s.bakery, Kind: council.ProposalText, Title: "Flour from the cooperative mill", Text: "Buy flour only from the cooperative mill."})
	discussion = evs[0].(council.ProposalMade).Proposal
	amendment = f.do(s.others[2], council.Amend{Proposal: discussion, Text: "Buy at least half our flour from the cooperative mill."})[0].(council.AmendmentMade).Amendment
	f.svc.View(func(st *council.State) {
		for _, c := range st.Councils() {
			for _, r := range st.RecallsOf(c.ID) {
				if rec.ID == 0 {
					rec = r
				}
			}
			for _, e := range st.ElectionsOf(c.ID) {
				if election.ID == 0 && e.Council == s.bakery {
					election = e
				}
			}
			if c.Kind == council.KindFederated {
				for _, p := range st.ProposalsOf(c.ID) {
					if decided == 0 && (p.Status == council.StatusPassed || p.Status == council.StatusRejected) {
						decided = p.ID
					}
				}
			}
		}
	})
	if rec.ID == 0 || election.ID == 0 || decided == 0 {
		f.t.Fatalf("demo lacks a recall (%d), a Bakery election (%d) or a federated decision (%d)", rec.ID, election.ID, decided)
	}
	notIn := func(c council.ID) string { return f.outsider(c) }
	tend, report := f.demo.Tendency, f.demo.Report
	tendencyMember := f.demo.People[1].Name // joined the tendency, has not signed the report
	return []form{
		{name: "sign in", path: "/signin", fields: url.Values{"member": {rosa}, "password": {testPassword}}, memberOK: http.StatusSeeOther, outsiderStatus: http.StatusUnauthorized,
			// An outsider here is a wrong password.
			outsider: "wrong-password"},
		{name: "sign out", path: "/signout", member: rosa, memberOK: http.StatusSeeOther},
		{name: "accept invitation", path: "/join/" + s.code, fields: url.Values{"name": {"Tess Tester"}, "password": {"long enough pw"}, "password2": {"long enough pw"}}, memberOK: http.StatusSeeOther},
		{name: "settings", path: "/settings", fields: url.Values{"lang": {"de"}}, memberOK: http.StatusSeeOther},
		{name: "propose", path: fmt.Sprintf("/councils/%d/proposals", s.bakery), fields: url.Values{"kind": {"text"}, "title": {"More ovens"}, "text": {"Build two more ovens."}},
			member: rosa, outsider: notIn(s.bakery), outsiderStatus: http.StatusForbidden, memberOK: http.StatusSeeOther},
		{name: "mandate", path: fmt.Sprintf("/councils/%d/proposals", s.bakery), fields: url.Values{"kind": {"mandate"}, "title": {"Mandate"}, "text": {"Rank Riverside first."}, "target": {fmt.Sprint(f.demo.Open)}, "option": {fmt.Sprint(f.demo.Open)}},
			member: rosa, outsider: notIn(s.bakery), outsiderStatus: http.StatusForbidden, memberOK: http.StatusSeeOther},
		{name: "invite", path: fmt.Sprintf("/councils/%d/invitations", s.bakery), member: rosa, outsider: notIn(s.bakery), outsiderStatus: http.StatusForbidden, memberOK: http.StatusCreated},
		{name: "call election", path: fmt.Sprintf("/councils/%d/elections", s.bakery), fields: url.Values{"federation": {fmt.Sprint(s.federation)}},
			member: rosa, outsider: notIn(s.bakery), outsiderStatus: http.StatusForbidden, memberOK: http.StatusConflict /* no vacant seat */},
		{name: "vote yes/no", path: fmt.Sprintf("/proposals/%d/votes", s.yesNo), fields: url.Values{"choice": {"no"}},
			member: rosa, outsider: notIn(s.bakery), outsiderStatus: http.StatusForbidden, memberOK: http.StatusSeeOther},
		{name: "ranked ballot (rank inputs)", path: fmt.Sprintf("/proposals/%d/votes", s.ranked), fields: url.Values{fmt.Sprintf("rank_%d", s.alternative): {"1"}, fmt.Sprintf("rank_%d", s.ranked): {"2"}},
			member: mei, outsider: notIn(s.bakery), outsiderStatus: http.StatusForbidden, memberOK: http.StatusSeeOther},
		{name: "amend", path: fmt.Sprintf("/proposals/%d/amendments", discussion), fields: url.Values{"text": {"Buy all our flour there by summer."}},
			member: rosa, outsider: notIn(s.bakery), outsiderStatus: http.StatusForbidden, memberOK: http.StatusSeeOther},
		{name: "accept amendment", path: fmt.Sprintf("/amendments/%d/accept", amendment), member: proposer, outsider: notIn(s.bakery), outsiderStatus: http.StatusForbidden, memberOK: http.StatusSeeOther},
		{name: "referendum petition", path: fmt.Sprintf("/proposals/%d/referendum-petition", decided), member: rosa, outsiderStatus: http.StatusUnauthorized},
		{name: "file minority report", path: fmt.Sprintf("/proposals/%d/minority-reports", s.yesNo), fields: url.Values{"tendency": {fmt.Sprint(tend)}, "text": {"Rye needs a longer proof."}},
			member: tendencyMember, outsider: rosa, outsiderStatus: http.StatusForbidden, memberOK: http.StatusSeeOther},
		{name: "sign minority report", path: fmt.Sprintf("/minority-reports/%d/signatures", report), member: tendencyMember, outsider: rosa, outsiderStatus: http.StatusForbidden, memberOK: http.StatusSeeOther},
		{name: "nominate", path: fmt.Sprintf("/elections/%d/candidacies", election.ID), member: mei, outsider: notIn(s.bakery), outsiderStatus: http.StatusForbidden},
		{name: "election ballot", path: fmt.Sprintf("/elections/%d/ballots", election.ID), fields: url.Values{"rank_1": {"1"}}, member: mei, outsider: notIn(s.bakery), outsiderStatus: http.StatusForbidden},
		{name: "sign recall petition", path: "/recall-petitions", fields: url.Values{"federation": {fmt.Sprint(s.federation)}, "delegate": {fmt.Sprint(s.delegate)}},
			member: mei, outsider: notIn(s.bakery), outsiderStatus: http.StatusForbidden, memberOK: http.StatusSeeOther},
		{name: "open recall", path: "/recalls", fields: url.Values{"federation": {fmt.Sprint(s.federation)}, "delegate": {fmt.Sprint(s.delegate)}},
			member: mei, outsider: notIn(s.bakery), outsiderStatus: http.StatusForbidden, memberOK: http.StatusSeeOther},
		{name: "recall vote", path: fmt.Sprintf("/recalls/%d/votes", rec.ID), fields: url.Values{"choice": {"yes"}}, outsider: notIn(rec.Council), outsiderStatus: http.StatusForbidden},
		{name: "referendum vote", path: "/referendums/1/votes", fields: url.Values{"choice": {"yes"}}, member: rosa, outsiderStatus: http.StatusUnauthorized},
		{name: "form tendency", path: "/tendencies", fields: url.Values{"name": {"Bread for All"}, "platform": {"Free bread in every canteen."}}, member: rosa, outsiderStatus: http.StatusUnauthorized, memberOK: http.StatusSeeOther},
		{name: "join tendency", path: fmt.Sprintf("/tendencies/%d/members", tend), member: rosa, outsiderStatus: http.StatusUnauthorized, memberOK: http.StatusSeeOther},
		{name: "leave tendency", path: fmt.Sprintf("/tendencies/%d/leave", tend), member: tendencyMember, outsider: mei, outsiderStatus: http.StatusForbidden, memberOK: http.StatusSeeOther},
		{name: "publish platform", path: fmt.Sprintf("/tendencies/%d/platform", tend), fields: url.Values{"platform": {"Trams first."}},
			member: f.demo.People[4].Name, outsider: mei, outsiderStatus: http.StatusForbidden, memberOK: http.StatusSeeOther},
		{name: "run audit", path: "/record/audit", memberOK: http.StatusSeeOther},
	}
}

// name returns a member's name.
func (f *fixture) name(id council.ID) string {
	var n string
	f.svc.View(func(st *council.State) { m, _ := st.Member(id); n = m.Name })
	return n
}

// outsider returns a demo person who is not a member of base council c.
func (f *fixture) outsider(c council.ID) string {
	var out string
	f.svc.View(func(st *council.State) {
		for _, p := range f.demo.People {
			m, _ := st.Member(p.ID)
			in := false
			for _, id := range m.Councils {
				in = in || id == c
			}
			if !in && out == "" {
				out = p.Name
			}
		}
	})
	if out == "" {
		f.t.Fatalf("everyone is in council %d", c)
	}
	return out
}

// TestFormsRefuseForgeriesAndOutsiders posts every form three ways: as
// a forged cross-site request by a member entitled to it (refused, 403,
// nothing written), by an outsider (refused, nothing written), and as
// the member's genuine same-origin request (accepted where the state
// allows it), which shows the refusals are the protections at work.
func TestFormsRefuseForgeriesAndOutsiders(t *testing.T) {
	f := newFixture(t)
	s := f.scene()
	forged := []map[string]string{
		{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
		// Browsers without Fetch metadata: the Origin alone gives it away.
		{"Sec-Fetch-Site": "", "Origin": "https://evil.example"},
	}
	for _, fm := range f.forms(s) {
		t.Run(fm.name, func(t *testing.T) {
			member := f.clientFor(t)
			if fm.member != "" {
				member.signIn(fm.member)
			}
			for _, h := range forged {
				before := f.svc.Size()
				status, body := member.post(fm.path, fm.fields, h)
				if status != http.StatusForbidden {
					t.Errorf("forged post (%v): status %d, want 403\n%s", h, status, snippet(body))
				}
				if after := f.svc.Size(); after != before {
					t.Errorf("forged post wrote %d entries", after-before)
				}
			}
			if fm.outsiderStatus != 0 {
				out := f.clientFor(t)
				fields := fm.fields
				switch fm.outsider {
				case "":
				case "wrong-password":
					fields = url.Values{"member": {"Rosa Brandt"}, "password": {"not her password"}}
				default:
					out.signIn(fm.outsider)
				}
				before := f.svc.Size()
				status, body := out.post(fm.path, fields, nil)
				if status != fm.outsiderStatus {
					t.Errorf("post by outsider %q: status %d, want %d\n%s", fm.outsider, status, fm.outsiderStatus, snippet(body))
				}
				if after := f.svc.Size(); after != before {
					t.Errorf("outsider's post wrote %d entries", after-before)
				}
			}
			if fm.memberOK != 0 {
				status, body := member.post(fm.path, fm.fields, nil)
				if status != fm.memberOK {
					t.Errorf("genuine post by %q: status %d, want %d\n%s", fm.member, status, fm.memberOK, snippet(body))
				}
			}
		})
	}
}
