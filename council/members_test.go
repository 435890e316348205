package council

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune"
)

func TestFounding(t *testing.T) {
	s := New()
	if _, err := (Propose{Council: 1, Title: "x", Text: "y"}).Check(s, MemberActor(1), 0); commune.ErrorReason(err) != "not_founded" {
		t.Fatalf("act before founding: %v", err)
	}
	if _, err := (Found{Federation: "F", Name: "A", Council: "C", Kind: "castle"}).Check(s, Server, 0); commune.ErrorReason(err) != "bad_kind" {
		t.Fatalf("bad kind: %v", err)
	}
	if _, err := (Found{Federation: "F", Name: "A", Council: "C", Kind: KindWorkplace}).Check(s, MemberActor(1), 0); commune.ErrorCode(err) != commune.EFORBIDDEN {
		t.Fatalf("founding by a member id: %v", err)
	}
	evs, err := (Found{Federation: "F", Name: "A", Council: "C", Kind: KindWorkplace}).Check(s, Actor{Operator: "init"}, 5)
	if err != nil {
		t.Fatal(err)
	}
	want := []Event{Founded{Federation: "F", Member: 1, Name: "A", Council: 2, CouncilName: "C", CouncilKind: KindWorkplace}}
	if diff := cmp.Diff(want, evs); diff != "" {
		t.Fatalf("events (-want +got):\n%s", diff)
	}
	if err := s.Apply(5, Actor{Operator: "init"}, evs[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(5, Actor{Operator: "init"}, evs[0]); commune.ErrorReason(err) != "already_founded" {
		t.Fatalf("second founding: %v", err)
	}
	if diff := cmp.Diff([][]any{{int64(2), int64(1), int64(5)}}, s.Rows("memberships")); diff != "" {
		t.Fatalf("memberships:\n%s", diff)
	}
	if err := s.Apply(4, MemberActor(1), CouncilFounded{Council: 3, Name: "D", CouncilKind: KindWorkplace}); commune.ErrorReason(err) != "time" {
		t.Fatalf("time going back: %v", err)
	}
}

func TestInvitations(t *testing.T) { flowInvitations(t, fixture(t)) }

func flowInvitations(t *testing.T, f *Fixture) {
	refused(t, f, f.id("Eve"), Invite{Council: f.Bakery, Code: "bakery-invite-0001"}, commune.EFORBIDDEN, "not_member")
	refused(t, f, f.id("Ada"), Invite{Council: f.Bakery, Code: "short"}, commune.EINVALID, "bad_code")
	refused(t, f, f.id("Ada"), Invite{Council: f.District, Code: "bakery-invite-0001"}, commune.EINVALID, "federated_council")
	evs := must(t, f, "Ada", Invite{Council: f.Bakery, Code: "bakery-invite-0001"})
	if h := evs[0].(InvitationIssued).CodeHash; h != CodeHash("bakery-invite-0001") || len(h) != 64 {
		t.Fatalf("code hash %q", h)
	}
	for _, r := range f.S.Rows("invitations") {
		for _, v := range r {
			if v == "bakery-invite-0001" {
				t.Fatal("the secret code is in a derived table")
			}
		}
	}
	refused(t, f, f.id("Ada"), Invite{Council: f.Bakery, Code: "bakery-invite-0001"}, commune.ECONFLICT, "code_reused")
	refused(t, f, f.id("Ben"), AcceptInvitation{Code: "bakery-invite-0001"}, commune.ECONFLICT, "already_member")
	refused(t, f, f.id("Ben"), AcceptInvitation{Code: "no-such-code-00000"}, commune.ENOTFOUND, "invitation")
	refused(t, f, Server, AcceptInvitation{Code: "bakery-invite-0001", Name: ""}, commune.EINVALID, "bad_name")
	// An existing member of another council accepts: a second base council.
	must(t, f, "Eve", AcceptInvitation{Code: "bakery-invite-0001"})
	m, _ := f.S.Member(f.Member["Eve"])
	if !cmp.Equal(m.Councils, []ID{f.RueNeuve, f.Bakery}) {
		t.Fatalf("Eve's councils %v", m.Councils)
	}
	refused(t, f, f.id("Finn"), AcceptInvitation{Code: "bakery-invite-0001"}, commune.ECONFLICT, "invitation_used")
	must(t, f, "Ada", Invite{Council: f.Bakery, Code: "bakery-invite-0002"})
	advance(t, f, InvitationTTL)
	refused(t, f, Server, AcceptInvitation{Code: "bakery-invite-0002", Name: "Late"}, commune.ECONFLICT, "invitation_expired")
}

// Admission by vote where the statutes say so.
func TestAdmissionVote(t *testing.T) { flowAdmissionVote(t, fixture(t)) }

func flowAdmissionVote(t *testing.T, f *Fixture) {
	refused(t, f, f.id("Eve"), RequestAdmission{Council: f.PrintShop}, commune.EFORBIDDEN, "admission_by_invitation")
	fastStatutes(t, f, f.PrintShop, []string{"Dan", "Hana", "Ivan"}, func(st *Statutes) { st.Admission = "vote" })
	p := must(t, f, "Eve", RequestAdmission{Council: f.PrintShop, Text: "I print posters."})[0].(ProposalMade).Proposal
	refused(t, f, f.id("Hana"), Vote{Question: p, Choice: Yes}, commune.ECONFLICT, "voting_not_open")
	advance(t, f, Hour+Second)
	refused(t, f, f.id("Eve"), Vote{Question: p, Choice: Yes}, commune.EFORBIDDEN, "not_member")
	must(t, f, "Hana", Vote{Question: p, Choice: Yes})
	must(t, f, "Ivan", Vote{Question: p, Choice: Yes})
	advance(t, f, Hour)
	members := f.S.MembersOf(f.PrintShop)
	found := false
	for _, m := range members {
		found = found || m.ID == f.Member["Eve"]
	}
	if !found {
		t.Fatalf("Eve not admitted: %+v", members)
	}
	refused(t, f, f.id("Eve"), RequestAdmission{Council: f.PrintShop}, commune.ECONFLICT, "already_member")
}

// Leaving a council: a delegate's seat from it falls vacant and a by-election opens.
func TestLeave(t *testing.T) { flowLeave(t, fixture(t)) }

func flowLeave(t *testing.T, f *Fixture) {
	refused(t, f, f.id("Eve"), Leave{Council: f.Bakery}, commune.EFORBIDDEN, "not_member")
	evs := must(t, f, "Eve", Leave{Council: f.RueNeuve})
	ml := evs[0].(MemberLeft)
	if len(ml.ByElections) != 1 {
		t.Fatalf("left %+v", ml)
	}
	e, _ := f.S.Election(ml.ByElections[0])
	if e.Council != f.RueNeuve || e.Reason != ReasonVacancy {
		t.Fatalf("by-election %+v", e)
	}
	if got := len(f.S.Delegates(f.District)); got != 2 {
		t.Fatalf("%d delegates", got)
	}
	c, _ := f.S.Council(f.RueNeuve)
	d, _ := f.S.Council(f.District)
	if c.Size != 3 || d.Size != 11 {
		t.Fatalf("sizes %d %d, want 3 11", c.Size, d.Size)
	}
	// Ben leaves a council without seats: no by-election.
	if evs := must(t, f, "Ben", Leave{Council: f.Bakery}); len(evs[0].(MemberLeft).ByElections) != 0 {
		t.Fatalf("%+v", evs)
	}
}

// A council may leave a federation by its own decision; a federated council
// may join a higher one (any depth), without cycles.
func TestFederationStructure(t *testing.T) { flowFederationStructure(t, fixture(t)) }

func flowFederationStructure(t *testing.T, f *Fixture) {
	// The district founds a region.
	p := propose(t, f, "Ada", Propose{Council: f.District, Kind: ProposalFoundFederation, Title: "Region", Motion: Motion{Name: "Region North"}})
	advance(t, f, 2*Day+Second)
	for _, n := range []string{"Ada", "Eve", "Hana"} {
		must(t, f, n, Vote{Question: p, Choice: Yes})
	}
	advance(t, f, 3*Day)
	pv := proposalOf(t, f, p)
	if pv.Status != StatusPassed {
		t.Fatalf("%+v", pv)
	}
	region := ID(0)
	c, _ := f.S.Council(f.District)
	region = c.Federations[0]
	r, _ := f.S.Council(region)
	if r.Kind != KindFederated || r.Size != 12 || !cmp.Equal(r.Constituents, []ID{f.District}) {
		t.Fatalf("region %+v", r)
	}
	// The district's delegates elect the district's delegate to the region.
	e := f.S.openElection(f.District, region)
	refused(t, f, f.id("Ben"), Nominate{Election: e}, commune.EFORBIDDEN, "not_delegate")
	must(t, f, "Hana", Nominate{Election: e})
	// No cycles: a council cannot join itself or a council beneath it.
	refused(t, f, f.id("Hana"), Propose{Council: f.District, Kind: ProposalJoin, Title: "loop", Motion: Motion{Federation: f.District}},
		commune.EINVALID, "bad_motion")
	refused(t, f, f.id("Hana"), Propose{Council: f.District, Kind: ProposalJoin, Title: "again", Motion: Motion{Federation: region}},
		commune.ECONFLICT, "already_constituent")
	// The print shop leaves the district.
	q := propose(t, f, "Dan", Propose{Council: f.PrintShop, Kind: ProposalLeave, Title: "Leave", Motion: Motion{Federation: f.District}})
	advance(t, f, 2*Day+Second)
	for _, n := range []string{"Dan", "Ivan", "Jo"} {
		must(t, f, n, Vote{Question: q, Choice: Yes})
	}
	advance(t, f, 3*Day)
	if d := f.S.Delegates(f.District); len(d) != 2 {
		t.Fatalf("delegates after leaving %+v", d)
	}
	if r, _ = f.S.Council(region); r.Size != 8 {
		t.Fatalf("region size %d, want 8", r.Size)
	}
}
