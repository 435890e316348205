package council

import (
	"testing"

	"commune"
)

// decide passes a text proposal in the district with its three delegates.
func decide(t *testing.T, f *Fixture, title string, choice string) ID {
	t.Helper()
	p := propose(t, f, "Hana", Propose{Council: f.District, Title: title, Text: title + "."})
	advance(t, f, 2*Day+Second)
	for _, n := range []string{"Ada", "Eve", "Hana"} {
		must(t, f, n, Vote{Question: p, Choice: choice})
	}
	advance(t, f, 3*Day)
	return p
}

// A referendum petitioned from below overturns the district's decision.
func TestReferendumOverturnsDecision(t *testing.T) { flowReferendumOverturnsDecision(t, fixture(t)) }

func flowReferendumOverturnsDecision(t *testing.T, f *Fixture) {
	p := decide(t, f, "Build a car park", Yes)
	if got := proposalOf(t, f, p).Status; got != StatusPassed {
		t.Fatalf("decision %s", got)
	}
	// Members beneath the district: 10 distinct people. Threshold 100 per-mille... raise it to 200:
	// two signatures needed. (Default statutes: 100 per-mille, one signature.)
	refused(t, f, Actor{Operator: "root"}, SignReferendum{Proposal: p}, commune.EFORBIDDEN, "operator")
	evs := must(t, f, "Gus", SignReferendum{Proposal: p})
	ref := evs[0].(ReferendumSigned).Referendum
	if ref == 0 {
		t.Fatalf("one signature of ten at 100 per-mille did not open the referendum")
	}
	r, _ := f.S.Referendum(ref)
	if r.Electorate != 10 || r.Trigger != TriggerPetition || r.Status != ReferendumOpen {
		t.Fatalf("referendum %+v", r)
	}
	refused(t, f, f.id("Finn"), SignReferendum{Proposal: p}, commune.ECONFLICT, "referendum_exists")
	for _, n := range []string{"Ben", "Cleo", "Dan", "Finn", "Gus", "Ivan"} {
		must(t, f, n, Vote{Question: ref, Choice: No})
	}
	must(t, f, "Ada", Vote{Question: ref, Choice: Yes})
	advance(t, f, 3*Day)
	r, _ = f.S.Referendum(ref)
	if !r.Overturned || r.Passed || r.Tally.No != 6 || r.Tally.Yes != 1 {
		t.Fatalf("referendum %+v", r)
	}
	if got := proposalOf(t, f, p).Status; got != StatusRejected {
		t.Fatalf("decision after referendum: %s, want rejected", got)
	}
}

// A majority of constituent councils demanding it also opens a referendum;
// a statutes decision overturned is undone.
func TestReferendumByDemand(t *testing.T) { flowReferendumByDemand(t, fixture(t)) }

func flowReferendumByDemand(t *testing.T, f *Fixture) {
	c, _ := f.S.Council(f.District)
	st := c.Statutes
	st.Quorum = 500
	p := propose(t, f, "Eve", Propose{Council: f.District, Kind: ProposalStatutes, Title: "Higher quorum", Motion: Motion{Statutes: &st}})
	advance(t, f, 2*Day+Second)
	for _, n := range []string{"Ada", "Eve", "Hana"} {
		must(t, f, n, Vote{Question: p, Choice: Yes})
	}
	advance(t, f, 3*Day)
	if c, _ = f.S.Council(f.District); c.Statutes.Quorum != 500 {
		t.Fatalf("statutes not changed: %+v", c.Statutes)
	}
	demand := func(council ID, voters ...string) ProposalView {
		d := propose(t, f, voters[0], Propose{Council: council, Kind: ProposalReferendum, Title: "Referendum on the quorum", Motion: Motion{Target: p}})
		advance(t, f, 2*Day+Second)
		for _, n := range voters {
			must(t, f, n, Vote{Question: d, Choice: Yes})
		}
		advance(t, f, 3*Day)
		return proposalOf(t, f, d)
	}
	refused(t, f, f.id("Hana"), Propose{Council: f.District, Kind: ProposalReferendum, Title: "x", Motion: Motion{Target: p}},
		commune.EINVALID, "bad_motion")
	demand(f.Bakery, "Ben", "Cleo", "Dan")
	if pv := proposalOf(t, f, p); pv.Referendum != 0 || len(pv.Demands) != 1 {
		t.Fatalf("one demand of three opened a referendum: %+v", pv)
	}
	demand(f.PrintShop, "Ivan", "Jo", "Dan")
	pv := proposalOf(t, f, p)
	if pv.Referendum == 0 || len(pv.Demands) != 2 {
		t.Fatalf("two demands of three: %+v", pv)
	}
	r, _ := f.S.Referendum(pv.Referendum)
	if r.Trigger != TriggerDemand {
		t.Fatalf("referendum %+v", r)
	}
	for _, n := range []string{"Ben", "Cleo", "Dan", "Finn", "Gus", "Ivan"} {
		must(t, f, n, Vote{Question: r.ID, Choice: No})
	}
	advance(t, f, 3*Day)
	if c, _ = f.S.Council(f.District); c.Statutes.Quorum != DefaultStatutes().Quorum {
		t.Fatalf("statutes not restored after the referendum: %+v", c.Statutes)
	}
}

func TestReferendumRules(t *testing.T) { flowReferendumRules(t, fixture(t)) }

func flowReferendumRules(t *testing.T, f *Fixture) {
	base := propose(t, f, "Ben", Propose{Council: f.Bakery, Title: "t", Text: "x"})
	refused(t, f, f.id("Ben"), SignReferendum{Proposal: base}, commune.EINVALID, "not_federated")
	p := propose(t, f, "Hana", Propose{Council: f.District, Title: "t", Text: "x"})
	refused(t, f, f.id("Ben"), SignReferendum{Proposal: p}, commune.ECONFLICT, "not_decided")
	advance(t, f, 6*Day)
	// Nobody voted: rejected for lack of quorum, still a decision one may petition against.
	outsider := must(t, f, "Ben", FoundCouncil{Name: "Allotment", Kind: KindNeighbourhood})
	_ = outsider
	code := "outsider-code-0000001"
	evs, err := f.Do(f.id("Ben"), Invite{Council: outsider[0].(CouncilFounded).Council, Code: code})
	if err != nil {
		t.Fatal(err)
	}
	_ = evs
	evs, err = f.Do(Server, AcceptInvitation{Code: code, Name: "Zed"})
	if err != nil {
		t.Fatal(err)
	}
	f.Member["Zed"] = evs[0].(InvitationAccepted).Member
	refused(t, f, f.id("Zed"), SignReferendum{Proposal: p}, commune.EFORBIDDEN, "not_elector")
	advance(t, f, 15*Day)
	refused(t, f, f.id("Ben"), SignReferendum{Proposal: p}, commune.ECONFLICT, "petition_closed")
}
