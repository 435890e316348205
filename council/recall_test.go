package council

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune"
)

// A recall passing while a vote in the higher council is open: the seat is
// vacant at once, the delegate's vote is withdrawn (the tally changes), the
// delegate can no longer act there, and a by-election opens.
func TestRecallWithdrawsOpenVotes(t *testing.T) { flowRecallWithdrawsOpenVotes(t, fixture(t)) }

func flowRecallWithdrawsOpenVotes(t *testing.T, f *Fixture) {
	ada := f.Member["Ada"]
	evs := must(t, f, "Ben", OpenRecall{Federation: f.District, Delegate: ada})
	rec := evs[0].(RecallOpened).Recall
	p := propose(t, f, "Eve", Propose{Council: f.District, Title: "Shared canteen", Text: "Open a canteen for the district."})
	advance(t, f, 2*Day+Second) // the district's discussion ends; the recall is still open
	for _, n := range []string{"Ada", "Eve", "Hana"} {
		must(t, f, n, Vote{Question: p, Choice: Yes})
	}
	if got := proposalOf(t, f, p).Tally.Yes; got != 3 {
		t.Fatalf("yes before recall = %d, want 3", got)
	}
	for _, n := range []string{"Ben", "Cleo", "Dan"} {
		must(t, f, n, Vote{Question: rec, Choice: Yes})
	}
	must(t, f, "Ada", Vote{Question: rec, Choice: No})
	advance(t, f, Day) // the recall closes (3 days after opening), the district vote is still open

	r, _ := f.S.Recall(rec)
	if r.Status != RecallPassed || !cmp.Equal(r.Withdrawn, []ID{p}) || r.ByElection == 0 {
		t.Fatalf("recall = %+v", r)
	}
	pv := proposalOf(t, f, p)
	if pv.Status != StatusVoting || pv.Tally.Yes != 2 || pv.Tally.Voters != 2 {
		t.Fatalf("after recall: status %s tally %+v, want voting with 2 yes", pv.Status, pv.Tally)
	}
	for _, v := range f.S.Votes(p) {
		if v.Voter == ada {
			t.Fatalf("the recalled delegate's vote is still counted: %+v", v)
		}
	}
	if got := len(f.S.Delegates(f.District)); got != 2 {
		t.Fatalf("district has %d delegates, want 2", got)
	}
	m, _ := f.S.Member(ada)
	if len(m.Seats) != 0 || m.History[0].Status != SeatRecalled {
		t.Fatalf("ada's seats %+v history %+v", m.Seats, m.History)
	}
	refused(t, f, f.id("Ada"), Vote{Question: p, Choice: Yes}, commune.EFORBIDDEN, "recalled")
	refused(t, f, f.id("Ada"), Propose{Council: f.District, Title: "x", Text: "y"}, commune.EFORBIDDEN, "recalled")

	e, _ := f.S.Election(r.ByElection)
	if e.Council != f.Bakery || e.Federation != f.District || e.Reason != ReasonRecall || e.Status != ElectionNominations {
		t.Fatalf("by-election %+v", e)
	}
	refused(t, f, f.id("Ada"), Nominate{Election: e.ID}, commune.EFORBIDDEN, "recalled")
	must(t, f, "Ben", Nominate{Election: e.ID})
	advance(t, f, 2*Day)
	must(t, f, "Dan", Vote{Question: e.ID, Ranking: [][]ID{{f.Member["Ben"]}}})
	advance(t, f, 3*Day)
	if e, _ = f.S.Election(e.ID); !cmp.Equal(e.Elected, []ID{f.Member["Ben"]}) {
		t.Fatalf("by-election elected %v", e.Elected)
	}
	pv = proposalOf(t, f, p)
	if pv.Status != StatusPassed || pv.Tally.Yes != 2 {
		t.Fatalf("decision %+v", pv)
	}
}

func TestRecallRules(t *testing.T) { flowRecallRules(t, fixture(t)) }

func flowRecallRules(t *testing.T, f *Fixture) {
	ada := f.Member["Ada"]
	// Only the delegate's electors (members of the council that elected them).
	refused(t, f, f.id("Eve"), OpenRecall{Federation: f.District, Delegate: ada}, commune.EFORBIDDEN, "not_elector")
	refused(t, f, f.id("Ben"), OpenRecall{Federation: f.District, Delegate: f.Member["Ben"]}, commune.ENOTFOUND, "seat")
	refused(t, f, Actor{Operator: "root"}, OpenRecall{Federation: f.District, Delegate: ada}, commune.EFORBIDDEN, "operator")
	rec := must(t, f, "Ben", OpenRecall{Federation: f.District, Delegate: ada})[0].(RecallOpened).Recall
	refused(t, f, f.id("Dan"), OpenRecall{Federation: f.District, Delegate: ada}, commune.ECONFLICT, "recall_open")
	refused(t, f, f.id("Eve"), Vote{Question: rec, Choice: Yes}, commune.EFORBIDDEN, "not_elector")
	// A majority of votes cast is needed: 1 yes, 1 no, 1 abstain fails.
	must(t, f, "Ben", Vote{Question: rec, Choice: Yes})
	must(t, f, "Dan", Vote{Question: rec, Choice: No})
	must(t, f, "Cleo", Vote{Question: rec, Choice: Abstain})
	advance(t, f, 3*Day)
	r, _ := f.S.Recall(rec)
	if r.Status != RecallFailed || len(f.S.Delegates(f.District)) != 3 {
		t.Fatalf("recall %+v", r)
	}
	refused(t, f, f.id("Ben"), Vote{Question: rec, Choice: Yes}, commune.ECONFLICT, "voting_closed")
}

// A recall petition opens a recall by itself at the threshold.
func TestRecallPetition(t *testing.T) { flowRecallPetition(t, fixture(t)) }

func flowRecallPetition(t *testing.T, f *Fixture) {
	hana := f.Member["Hana"]
	// Print Shop has 4 members; the default threshold is 250 per-mille: one signature... make it 500.
	fastStatutes(t, f, f.PrintShop, []string{"Dan", "Ivan", "Jo"}, func(st *Statutes) { st.RecallPetition = 500 })
	evs := must(t, f, "Ivan", SignRecallPetition{Federation: f.District, Delegate: hana})
	if evs[0].(RecallPetitionSigned).Recall != 0 {
		t.Fatalf("one signature of four opened a recall at 500 per-mille")
	}
	refused(t, f, f.id("Ivan"), SignRecallPetition{Federation: f.District, Delegate: hana}, commune.ECONFLICT, "already_signed")
	refused(t, f, f.id("Ada"), SignRecallPetition{Federation: f.District, Delegate: hana}, commune.EFORBIDDEN, "not_elector")
	if got := f.S.RecallPetition(f.District, hana); !cmp.Equal(got, []ID{f.Member["Ivan"]}) {
		t.Fatalf("petition %v", got)
	}
	evs = must(t, f, "Jo", SignRecallPetition{Federation: f.District, Delegate: hana})
	rec := evs[0].(RecallPetitionSigned).Recall
	r, ok := f.S.Recall(rec)
	if !ok || r.Reason != RecallPetition || r.Status != RecallOpen || r.Delegate != hana {
		t.Fatalf("recall %+v", r)
	}
}
