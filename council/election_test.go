package council

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune"
)

// Terms end by the clock; an election opens; the rotation limit holds.
func TestTermsAndRotation(t *testing.T) { flowTermsAndRotation(t, fixture(t)) }

func flowTermsAndRotation(t *testing.T, f *Fixture) {
	ada := f.Member["Ada"]
	term := DefaultStatutes().Term
	serve := func() ID {
		t.Helper()
		advance(t, f, term)
		m, _ := f.S.Member(ada)
		if len(m.Seats) != 0 {
			t.Fatalf("seat did not end: %+v", m.Seats)
		}
		e := f.S.openElection(f.Bakery, f.District)
		ev, _ := f.S.Election(e)
		if ev.Reason != ReasonTerm {
			t.Fatalf("election after term %+v", ev)
		}
		return e
	}
	for term := 2; term <= 2; term++ {
		e := serve()
		must(t, f, "Ada", Nominate{Election: e})
		must(t, f, "Ben", Nominate{Election: e})
		must(t, f, "Ben", WithdrawCandidacy{Election: e})
		refused(t, f, f.id("Ben"), WithdrawCandidacy{Election: e}, commune.ENOTFOUND, "candidacy")
		advance(t, f, 2*Day)
		refused(t, f, f.id("Dan"), Nominate{Election: e}, commune.ECONFLICT, "nominations_closed")
		must(t, f, "Ben", Vote{Question: e, Ranking: [][]ID{{ada}}})
		advance(t, f, 3*Day)
		if ev, _ := f.S.Election(e); !cmp.Equal(ev.Elected, []ID{ada}) {
			t.Fatalf("term %d: elected %v", term, ev.Elected)
		}
	}
	// Two consecutive terms served: the third is refused.
	e := serve()
	refused(t, f, f.id("Ada"), Nominate{Election: e}, commune.EFORBIDDEN, "rotation_limit")
	must(t, f, "Dan", Nominate{Election: e})
	advance(t, f, 2*Day)
	must(t, f, "Ada", Vote{Question: e, Ranking: [][]ID{{f.Member["Dan"]}}})
	advance(t, f, 3*Day)
	// After a break Ada may stand again.
	e = serve()
	must(t, f, "Ada", Nominate{Election: e})
}

// An election without candidates fails; any elector may then call one.
func TestFailedElectionAndCall(t *testing.T) { flowFailedElectionAndCall(t, fixture(t)) }

func flowFailedElectionAndCall(t *testing.T, f *Fixture) {
	advance(t, f, DefaultStatutes().Term)
	e := f.S.openElection(f.Bakery, f.District)
	refused(t, f, f.id("Ben"), CallElection{Council: f.Bakery, Federation: f.District}, commune.ECONFLICT, "election_open")
	advance(t, f, 5*Day+Second)
	if ev, _ := f.S.Election(e); ev.Status != ElectionFailed {
		t.Fatalf("election %+v", ev)
	}
	refused(t, f, f.id("Eve"), CallElection{Council: f.Bakery, Federation: f.District}, commune.EFORBIDDEN, "not_elector")
	refused(t, f, f.id("Ben"), CallElection{Council: f.Bakery, Federation: f.Bakery}, commune.ECONFLICT, "not_constituent")
	e2 := must(t, f, "Ben", CallElection{Council: f.Bakery, Federation: f.District})[0].(ElectionCalled).Election
	if ev, _ := f.S.Election(e2); ev.Reason != ReasonCalled || ev.Seats != 1 {
		t.Fatalf("called election %+v", ev)
	}
}

// Several seats per constituent are filled by Meek STV.
func TestMultiSeatElection(t *testing.T) { flowMultiSeatElection(t, fixture(t)) }

func flowMultiSeatElection(t *testing.T, f *Fixture) {
	// The district gives each constituent two seats.
	c, _ := f.S.Council(f.District)
	st := c.Statutes
	st.SeatCount = 2
	p := propose(t, f, "Ada", Propose{Council: f.District, Kind: ProposalStatutes, Title: "Two seats", Motion: Motion{Statutes: &st}})
	advance(t, f, 2*Day+Second)
	for _, n := range []string{"Ada", "Eve", "Hana"} {
		must(t, f, n, Vote{Question: p, Choice: Yes})
	}
	advance(t, f, 3*Day)
	e := must(t, f, "Gus", CallElection{Council: f.RueNeuve, Federation: f.District})[0].(ElectionCalled).Election
	for _, n := range []string{"Cleo", "Finn", "Gus"} {
		must(t, f, n, Nominate{Election: e})
	}
	refused(t, f, f.id("Eve"), Nominate{Election: e}, commune.ECONFLICT, "already_delegate")
	advance(t, f, 2*Day)
	cleo, finn, gus := f.Member["Cleo"], f.Member["Finn"], f.Member["Gus"]
	must(t, f, "Cleo", Vote{Question: e, Ranking: [][]ID{{cleo}, {finn}}})
	must(t, f, "Finn", Vote{Question: e, Ranking: [][]ID{{finn}, {cleo}}})
	must(t, f, "Gus", Vote{Question: e, Ranking: [][]ID{{gus}}})
	must(t, f, "Eve", Vote{Question: e, Ranking: [][]ID{{cleo}}})
	advance(t, f, 3*Day)
	ev, _ := f.S.Election(e)
	if ev.Seats != 1 || len(ev.Elected) != 1 {
		t.Fatalf("one vacancy (two seats, Eve holds one): %+v", ev)
	}
	if !cmp.Equal(ev.Elected, []ID{cleo}) {
		t.Fatalf("elected %v, want Cleo", ev.Elected)
	}
	// Print Shop has two vacancies after Hana's term... call now: one vacancy too.
	e = must(t, f, "Ivan", CallElection{Council: f.PrintShop, Federation: f.District})[0].(ElectionCalled).Election
	_ = e
}

// STV for two seats at once: the bakery's district seats after both terms end.
func TestSTVTwoSeats(t *testing.T) { flowSTVTwoSeats(t, fixture(t)) }

func flowSTVTwoSeats(t *testing.T, f *Fixture) {
	c, _ := f.S.Council(f.District)
	st := c.Statutes
	st.SeatCount = 3
	p := propose(t, f, "Ada", Propose{Council: f.District, Kind: ProposalStatutes, Title: "Three seats", Motion: Motion{Statutes: &st}})
	advance(t, f, 2*Day+Second)
	for _, n := range []string{"Ada", "Eve", "Hana"} {
		must(t, f, n, Vote{Question: p, Choice: Yes})
	}
	advance(t, f, 3*Day)
	e := must(t, f, "Ben", CallElection{Council: f.Bakery, Federation: f.District})[0].(ElectionCalled).Election
	if ev, _ := f.S.Election(e); ev.Seats != 2 {
		t.Fatalf("seats %d, want 2", ev.Seats)
	}
	for _, n := range []string{"Ben", "Cleo", "Dan"} {
		must(t, f, n, Nominate{Election: e})
	}
	advance(t, f, 2*Day)
	ben, cleo, dan := f.Member["Ben"], f.Member["Cleo"], f.Member["Dan"]
	must(t, f, "Ada", Vote{Question: e, Ranking: [][]ID{{ben}, {cleo}}})
	must(t, f, "Ben", Vote{Question: e, Ranking: [][]ID{{ben}, {cleo}}})
	must(t, f, "Cleo", Vote{Question: e, Ranking: [][]ID{{dan}}})
	must(t, f, "Dan", Vote{Question: e, Ranking: [][]ID{{dan}, {ben}}})
	advance(t, f, 3*Day)
	ev, _ := f.S.Election(e)
	if !cmp.Equal(ev.Elected, []ID{ben, dan}) {
		t.Fatalf("elected %v, want Ben and Dan", ev.Elected)
	}
	if got := len(f.S.DelegatesFrom(f.Bakery)); got != 3 {
		t.Fatalf("bakery has %d delegates", got)
	}
}

// Weighted votes in a federated council: by members represented.
func TestWeightedDelegates(t *testing.T) { flowWeightedDelegates(t, fixture(t)) }

func flowWeightedDelegates(t *testing.T, f *Fixture) {
	// Print Shop grows to 6 members.
	for i, n := range []string{"Kim", "Lou"} {
		code := "weighted-code-000" + string(rune('a'+i))
		must(t, f, "Dan", Invite{Council: f.PrintShop, Code: code})
		evs, err := f.Do(Server, AcceptInvitation{Code: code, Name: n})
		if err != nil {
			t.Fatal(err)
		}
		f.Member[n] = evs[0].(InvitationAccepted).Member
	}
	c, _ := f.S.Council(f.District)
	if c.Size != 14 {
		t.Fatalf("district size %d, want 4+4+6", c.Size)
	}
	st := c.Statutes
	st.Weighting = "members"
	p := propose(t, f, "Ada", Propose{Council: f.District, Kind: ProposalStatutes, Title: "Weights", Motion: Motion{Statutes: &st}})
	advance(t, f, 2*Day+Second)
	for _, n := range []string{"Ada", "Eve", "Hana"} {
		must(t, f, n, Vote{Question: p, Choice: Yes})
	}
	advance(t, f, 3*Day)
	q := propose(t, f, "Ada", Propose{Council: f.District, Title: "x", Text: "y"})
	advance(t, f, 2*Day+Second)
	must(t, f, "Ada", Vote{Question: q, Choice: Yes})
	must(t, f, "Eve", Vote{Question: q, Choice: Yes})
	must(t, f, "Hana", Vote{Question: q, Choice: No})
	pv := proposalOf(t, f, q)
	if pv.Tally.Yes != 8 || pv.Tally.No != 6 || pv.Tally.Electors != 14 {
		t.Fatalf("weighted tally %+v", pv.Tally)
	}
}

func TestProportionalSeats(t *testing.T) { flowProportionalSeats(t, fixture(t)) }

// Seats proportional to membership: one per two members represented.
func flowProportionalSeats(t *testing.T, f *Fixture) {
	c, _ := f.S.Council(f.District)
	st := c.Statutes
	st.Seats, st.SeatCount = "proportional", 3
	p := propose(t, f, "Ada", Propose{Council: f.District, Kind: ProposalStatutes, Title: "Proportional", Motion: Motion{Statutes: &st}})
	advance(t, f, 2*Day+Second)
	for _, n := range []string{"Ada", "Eve", "Hana"} {
		must(t, f, n, Vote{Question: p, Choice: Yes})
	}
	advance(t, f, 3*Day)
	// Four members, one seat per three: two seats; Ada holds one.
	e := must(t, f, "Ben", CallElection{Council: f.Bakery, Federation: f.District})[0].(ElectionCalled).Election
	if ev, _ := f.S.Election(e); ev.Seats != 1 {
		t.Fatalf("seats %d, want 1 vacancy", ev.Seats)
	}
	// Rue Neuve after Finn and Gus leave has two members: one seat, held.
	must(t, f, "Finn", Leave{Council: f.RueNeuve})
	must(t, f, "Gus", Leave{Council: f.RueNeuve})
	refused(t, f, f.id("Cleo"), CallElection{Council: f.RueNeuve, Federation: f.District}, commune.ECONFLICT, "no_vacancy")
}
