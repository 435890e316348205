package council

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune"
)

func TestVoteRules(t *testing.T) { flowVoteRules(t, fixture(t)) }

func flowVoteRules(t *testing.T, f *Fixture) {
	p := propose(t, f, "Ben", Propose{Council: f.Bakery, Title: "New oven", Text: "Buy a new oven."})
	d := propose(t, f, "Eve", Propose{Council: f.District, Title: "District bus", Text: "Run a bus."})
	tests := []struct {
		name   string
		by     Actor
		act    Act
		code   string
		reason string
	}{
		{"before voting opens", f.id("Ben"), Vote{Question: p, Choice: Yes}, commune.ECONFLICT, "voting_not_open"},
		{"unknown question", f.id("Ben"), Vote{Question: 99999, Choice: Yes}, commune.ENOTFOUND, "question"},
		{"unknown member", MemberActor(99999), Vote{Question: p, Choice: Yes}, commune.ENOTFOUND, "member"},
		{"operator", Actor{Operator: "root"}, Vote{Question: p, Choice: Yes}, commune.EFORBIDDEN, "operator"},
		{"not a member", f.id("Eve"), Vote{Question: p, Choice: Yes}, commune.EFORBIDDEN, "not_member"},
		{"not a delegate", f.id("Ben"), Vote{Question: d, Choice: Yes}, commune.EFORBIDDEN, "not_delegate"},
		{"propose in district as non-delegate", f.id("Ben"), Propose{Council: f.District, Title: "x", Text: "y"}, commune.EFORBIDDEN, "not_delegate"},
		{"propose in other council", f.id("Eve"), Propose{Council: f.Bakery, Title: "x", Text: "y"}, commune.EFORBIDDEN, "not_member"},
		{"bad kind", f.id("Ben"), Propose{Council: f.Bakery, Kind: "coup", Title: "x", Text: "y"}, commune.EINVALID, "bad_kind"},
		{"empty title", f.id("Ben"), Propose{Council: f.Bakery, Title: "", Text: "y"}, commune.EINVALID, "bad_title"},
		{"stray motion", f.id("Ben"), Propose{Council: f.Bakery, Title: "x", Text: "y", Motion: Motion{Member: 3}}, commune.EINVALID, "bad_motion"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { refused(t, f, tt.by, tt.act, tt.code, tt.reason) })
	}
	advance(t, f, 2*Day+Second)
	refused(t, f, f.id("Ben"), Vote{Question: p, Choice: "maybe"}, commune.EINVALID, "bad_choice")
	refused(t, f, f.id("Ben"), Vote{Question: p, Ranking: [][]ID{{p}}}, commune.EINVALID, "choice_expected")
	must(t, f, "Ben", Vote{Question: p, Choice: Yes})
	// The same vote again is idempotent: no event.
	if evs := must(t, f, "Ben", Vote{Question: p, Choice: Yes}); len(evs) != 0 {
		t.Fatalf("same vote twice gave %v", evs)
	}
	// Changing one's vote is recorded.
	n := len(f.Log)
	must(t, f, "Ben", Vote{Question: p, Choice: No})
	if len(f.Log) != n+1 {
		t.Fatal("vote change not recorded")
	}
	must(t, f, "Ada", Vote{Question: p, Choice: Yes})
	must(t, f, "Cleo", Vote{Question: p, Choice: Abstain})
	pv := proposalOf(t, f, p)
	want := Tally{Open: true, Closes: pv.VotingCloses, Voters: 3, Electors: 4, Yes: 1, No: 1, Abstain: 1}
	if diff := cmp.Diff(want, pv.Tally); diff != "" {
		t.Fatalf("tally (-want +got):\n%s", diff)
	}
	advance(t, f, 3*Day)
	refused(t, f, f.id("Dan"), Vote{Question: p, Choice: Yes}, commune.ECONFLICT, "voting_closed")
	if pv = proposalOf(t, f, p); pv.Status != StatusRejected || !pv.Quorum {
		t.Fatalf("1 yes 1 no: %+v", pv)
	}
	rows := f.S.Rows("votes")
	var got [][]any
	for _, r := range rows {
		if r[0] == int64(p) {
			got = append(got, r[:3])
		}
	}
	wantRows := [][]any{{int64(p), int64(f.Member["Ada"]), Yes}, {int64(p), int64(f.Member["Ben"]), No}, {int64(p), int64(f.Member["Cleo"]), Abstain}}
	if diff := cmp.Diff(wantRows, got); diff != "" {
		t.Fatalf("vote rows (-want +got):\n%s", diff)
	}
}

// Quorum and majority rules, exact in integers.
func TestYesNoRules(t *testing.T) {
	st := DefaultStatutes()
	tests := []struct {
		name                       string
		majority                   string
		quorum, qualified          int64
		yes, no, abstain, electors int64
		wantQuorum, wantPassed     bool
	}{
		{"simple pass", MajoritySimple, 200, 0, 3, 2, 5, 10, true, true},
		{"simple tie fails", MajoritySimple, 200, 0, 2, 2, 0, 10, true, false},
		{"exact quorum", MajoritySimple, 200, 0, 2, 0, 0, 10, true, true},
		{"below quorum", MajoritySimple, 200, 0, 1, 0, 0, 10, false, false},
		{"nobody voted", MajoritySimple, 0, 0, 0, 0, 0, 10, false, false},
		{"absolute counts abstentions", MajorityAbsolute, 200, 0, 3, 1, 2, 10, true, false},
		{"absolute pass", MajorityAbsolute, 200, 0, 4, 1, 2, 10, true, true},
		{"qualified two thirds exact", MajorityQualified, 200, 667, 667, 333, 0, 1000, true, true},
		{"qualified short", MajorityQualified, 200, 667, 666, 334, 0, 1000, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st.Majority, st.Quorum, st.Qualified = tt.majority, tt.quorum, tt.qualified
			q, p := st.yesNo(tt.yes, tt.no, tt.abstain, tt.electors)
			if q != tt.wantQuorum || p != tt.wantPassed {
				t.Fatalf("quorum %v passed %v, want %v %v", q, p, tt.wantQuorum, tt.wantPassed)
			}
		})
	}
}

// Amendments: the proposer accepts one into the text; the others stand as
// competing alternatives ranked by Schulze, "none" included.
func TestAmendmentsAndAlternatives(t *testing.T) { flowAmendmentsAndAlternatives(t, fixture(t)) }

func flowAmendmentsAndAlternatives(t *testing.T, f *Fixture) {
	p := propose(t, f, "Ada", Propose{Council: f.Bakery, Title: "Opening hours", Text: "Open 6 to 14."})
	a1 := must(t, f, "Ben", Amend{Proposal: p, Text: "Open 7 to 15."})[0].(AmendmentMade).Amendment
	refused(t, f, f.id("Ben"), AcceptAmendment{Amendment: a1}, commune.EFORBIDDEN, "not_proposer")
	must(t, f, "Ada", AcceptAmendment{Amendment: a1})
	refused(t, f, f.id("Ada"), AcceptAmendment{Amendment: a1}, commune.ECONFLICT, "amendment_accepted")
	if pv := proposalOf(t, f, p); pv.Text != "Open 7 to 15." {
		t.Fatalf("text %q", pv.Text)
	}
	a2 := must(t, f, "Dan", Amend{Proposal: p, Text: "Open 8 to 16."})[0].(AmendmentMade).Amendment
	a3 := must(t, f, "Cleo", Amend{Proposal: p, Text: "Open 10 to 18."})[0].(AmendmentMade).Amendment
	refused(t, f, f.id("Eve"), Amend{Proposal: p, Text: "x"}, commune.EFORBIDDEN, "not_member")
	advance(t, f, 2*Day+Second)
	refused(t, f, f.id("Dan"), Amend{Proposal: p, Text: "x"}, commune.ECONFLICT, "discussion_closed")
	pv := proposalOf(t, f, p)
	if !cmp.Equal(pv.Tally.Options, []ID{0, p, a2, a3}) {
		t.Fatalf("options %v", pv.Tally.Options)
	}
	refused(t, f, f.id("Ada"), Vote{Question: p, Choice: Yes}, commune.EINVALID, "ranking_expected")
	refused(t, f, f.id("Ada"), Vote{Question: p, Ranking: [][]ID{{p}, {p}}}, commune.EINVALID, "bad_ranking")
	refused(t, f, f.id("Ada"), Vote{Question: p, Ranking: [][]ID{{777}}}, commune.EINVALID, "bad_ranking")
	// Two rank a2 first; Ada ranks the original first, then a2; Cleo ranks a3 only.
	must(t, f, "Ben", Vote{Question: p, Ranking: [][]ID{{a2}, {p}}})
	must(t, f, "Dan", Vote{Question: p, Ranking: [][]ID{{a2}, {a3, 0}}})
	must(t, f, "Ada", Vote{Question: p, Ranking: [][]ID{{p}, {a2}}})
	must(t, f, "Cleo", Vote{Question: p, Ranking: [][]ID{{a3}}})
	pv = proposalOf(t, f, p)
	// a2 beats p 2:1 (Cleo ranks neither), a2 beats a3 3:1, a2 beats none 3:1.
	if pv.Tally.Ranking[:len(itoa(a2))] != itoa(a2) || pv.Tally.Ballots != 4 {
		t.Fatalf("live tally %+v", pv.Tally)
	}
	advance(t, f, 3*Day)
	pv = proposalOf(t, f, p)
	if pv.Status != StatusPassed || pv.Winner != a2 || pv.Text != "Open 8 to 16." {
		t.Fatalf("decision %+v", pv)
	}
}

func itoa(id ID) string { return rankingString([][]ID{{id}}) }

// Ranked alternatives beat unranked ones, unranked ones tie: a ballot
// ranking only "none" defeats the proposal.
func TestNoneWins(t *testing.T) { flowNoneWins(t, fixture(t)) }

func flowNoneWins(t *testing.T, f *Fixture) {
	p := propose(t, f, "Ada", Propose{Council: f.Bakery, Title: "Logo", Text: "Red."})
	must(t, f, "Ben", Amend{Proposal: p, Text: "Blue."})
	advance(t, f, 2*Day+Second)
	must(t, f, "Ben", Vote{Question: p, Ranking: [][]ID{{0}}})
	advance(t, f, 3*Day)
	if pv := proposalOf(t, f, p); pv.Status != StatusRejected || pv.Winner != 0 {
		t.Fatalf("decision %+v", pv)
	}
}
