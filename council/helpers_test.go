package council

import (
	"testing"

	"commune"
)

func fixture(t *testing.T) *Fixture {
	t.Helper()
	f, err := NewFixture()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// must performs an act that must succeed and returns its events.
func must(t *testing.T, f *Fixture, name string, act Act) []Event {
	t.Helper()
	evs, err := f.As(name, act)
	if err != nil {
		t.Fatalf("%s %T: %v", name, act, err)
	}
	return evs
}

// refused performs an act that must fail with the code and reason.
func refused(t *testing.T, f *Fixture, by Actor, act Act, code, reason string) {
	t.Helper()
	n := len(f.Log)
	_, err := f.Do(by, act)
	if commune.ErrorCode(err) != code || commune.ErrorReason(err) != reason {
		t.Fatalf("%v %T%+v: got %v, want %s/%s", by, act, act, err, code, reason)
	}
	if len(f.Log) != n {
		t.Fatalf("a refused act was recorded")
	}
}

func (f *Fixture) id(name string) Actor { return MemberActor(f.Member[name]) }

func advance(t *testing.T, f *Fixture, d int64) {
	t.Helper()
	if err := f.Advance(d); err != nil {
		t.Fatal(err)
	}
}

// propose makes a proposal and returns its id.
func propose(t *testing.T, f *Fixture, name string, p Propose) ID {
	t.Helper()
	return must(t, f, name, p)[0].(ProposalMade).Proposal
}

func proposalOf(t *testing.T, f *Fixture, id ID) ProposalView {
	t.Helper()
	p, ok := f.S.Proposal(id)
	if !ok {
		t.Fatalf("no proposal %d", id)
	}
	return p
}

// fastStatutes passes statutes with one-hour periods in a base council.
func fastStatutes(t *testing.T, f *Fixture, council ID, voters []string, edit func(*Statutes)) {
	t.Helper()
	c, _ := f.S.Council(council)
	st := c.Statutes
	st.Discussion, st.Voting = Hour, Hour
	if edit != nil {
		edit(&st)
	}
	p := propose(t, f, voters[0], Propose{Council: council, Kind: ProposalStatutes, Title: "Faster", Motion: Motion{Statutes: &st}})
	advance(t, f, c.Statutes.Discussion+Second)
	for _, v := range voters {
		must(t, f, v, Vote{Question: p, Choice: Yes})
	}
	advance(t, f, c.Statutes.Voting)
	if got := proposalOf(t, f, p).Status; got != StatusPassed {
		t.Fatalf("statutes: %s", got)
	}
}

// scenario runs a long life of the fixture federation touching most rules.
func scenario(t *testing.T) *Fixture {
	t.Helper()
	f := fixture(t)
	flowRecallWithdrawsOpenVotes(t, f)
	flowMandateDeviationOpensRecall(t, f)
	flowTendencyOnlyMembersDissolve(t, f)
	return f
}
