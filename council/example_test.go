package council_test

import (
	"fmt"

	"commune/council"
)

// A federation is built only through acts: Check decides an act against
// the state, Apply records its events.
func Example() {
	s := council.New()
	now := council.FixtureStart
	do := func(by council.Actor, act council.Act) []council.Event {
		evs, err := act.Check(s, by, now)
		if err != nil {
			fmt.Println("refused:", err)
			return nil
		}
		for _, ev := range evs {
			if err := s.Apply(now, by, ev); err != nil {
				panic(err)
			}
		}
		return evs
	}
	founded := do(council.Server, council.Found{Federation: "Commune", Name: "Ada", Council: "Bakery", Kind: council.KindWorkplace})[0].(council.Founded)
	ada := council.MemberActor(founded.Member)
	do(ada, council.Invite{Council: founded.Council, Code: "a-long-secret-code"})
	do(council.Server, council.AcceptInvitation{Code: "a-long-secret-code", Name: "Ben"})
	p := do(ada, council.Propose{Council: founded.Council, Title: "New oven", Text: "Buy one."})[0].(council.ProposalMade)
	do(ada, council.Vote{Question: p.Proposal, Choice: council.Yes}) // too early: still in discussion
	do(council.Actor{Operator: "root"}, council.Vote{Question: p.Proposal, Choice: council.Yes})

	now += 2*council.Day + council.Second
	for _, ev := range s.Due(now) {
		_ = s.Apply(now, council.Server, ev)
	}
	do(ada, council.Vote{Question: p.Proposal, Choice: council.Yes})
	now += 3 * council.Day
	for _, ev := range s.Due(now) {
		_ = s.Apply(now, council.Server, ev)
	}
	v, _ := s.Proposal(p.Proposal)
	fmt.Println(v.Status, v.Tally.Yes, "of", v.Tally.Electors)
	for _, row := range s.Rows("votes") {
		fmt.Println(row)
	}
	// Output:
	// refused: commune error: code=conflict reason=voting_not_open message=voting on question 5 has not opened
	// refused: commune error: code=forbidden reason=operator message=operators hold no vote and no office
	// passed 1 of 2
	// [5 1 yes 1 1767398401000000]
}

// The fixture builds a small federation for tests in any package.
func ExampleNewFixture() {
	f, err := council.NewFixture()
	if err != nil {
		panic(err)
	}
	for _, d := range f.S.Delegates(f.District) {
		fmt.Println(d.Name, "delegate of council", d.Council)
	}
	// Output:
	// Ada delegate of council 2
	// Eve delegate of council 9
	// Hana delegate of council 16
}
