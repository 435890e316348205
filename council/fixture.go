package council

import (
	"fmt"
)

// Recorded is an event as it was applied: time, actor, event.
type Recorded struct {
	At    int64
	By    Actor
	Event Event
}

// Fixture is a small federation built through acts, for tests, examples and
// demos in any package: three base councils (a bakery and a print shop, two
// workplace councils, and Rue Neuve, a neighbourhood council) federated in
// District 1, each with one elected delegate there. Its clock is explicit.
type Fixture struct {
	S      *State
	Now    int64      // the fixture's clock, microseconds UTC
	Log    []Recorded // every event applied, in order
	Member map[string]ID

	Bakery, RueNeuve, PrintShop ID // base councils
	District                    ID // the federated council
}

// FixtureStart is the fixture's initial clock: 2026-01-01T00:00:00Z.
const FixtureStart int64 = 1_767_225_600 * Second

// Do checks an act by an actor at the fixture's clock and applies its events.
func (f *Fixture) Do(by Actor, act Act) ([]Event, error) {
	evs, err := act.Check(f.S, by, f.Now)
	if err != nil {
		return nil, err
	}
	for _, ev := range evs {
		if err := f.S.Apply(f.Now, by, ev); err != nil {
			return nil, fmt.Errorf("fixture: apply after check: %w", err)
		}
		f.Log = append(f.Log, Recorded{f.Now, by, ev})
	}
	return evs, nil
}

// As performs an act in the name of the named member.
func (f *Fixture) As(name string, act Act) ([]Event, error) {
	id, ok := f.Member[name]
	if !ok {
		return nil, fmt.Errorf("fixture: no member %q", name)
	}
	return f.Do(MemberActor(id), act)
}

// Advance moves the clock forward by d and applies every event the clock
// makes due, as the store's ticker would.
func (f *Fixture) Advance(d int64) error {
	f.Now += d
	for round := 0; round < 1000; round++ {
		evs := f.S.Due(f.Now)
		if len(evs) == 0 {
			return nil
		}
		for _, ev := range evs {
			if err := f.S.Apply(f.Now, Server, ev); err != nil {
				break // premises changed by an earlier event: ask Due again
			}
			f.Log = append(f.Log, Recorded{f.Now, Server, ev})
		}
	}
	return fmt.Errorf("fixture: the clock does not settle")
}

// Vote casts a yes/no vote in a member's name.
func (f *Fixture) Vote(name string, question ID, choice string) error {
	_, err := f.As(name, Vote{Question: question, Choice: choice})
	return err
}

// Period is one discussion or voting period of the default statutes, plus a second.
func (f *Fixture) Period() int64 { return 3*Day + Second }

// NewFixture builds the fixture's federation through acts.
func NewFixture() (*Fixture, error) {
	f := &Fixture{S: New(), Now: FixtureStart, Member: map[string]ID{}}
	if err := f.build(); err != nil {
		return nil, fmt.Errorf("fixture: %w", err)
	}
	return f, nil
}

func (f *Fixture) build() error {
	evs, err := f.Do(Server, Found{Federation: "Federation of Test Councils", Name: "Ada", Council: "Bakery", Kind: KindWorkplace})
	if err != nil {
		return err
	}
	fd := evs[0].(Founded)
	f.Member["Ada"], f.Bakery = fd.Member, fd.Council

	code := 0
	invite := func(by string, council ID, names ...string) error {
		for _, n := range names {
			code++
			c := fmt.Sprintf("fixture-code-%08d", code)
			if _, err := f.As(by, Invite{Council: council, Code: c}); err != nil {
				return err
			}
			if id, ok := f.Member[n]; ok {
				_, err = f.Do(MemberActor(id), AcceptInvitation{Code: c})
			} else {
				var evs []Event
				evs, err = f.Do(Server, AcceptInvitation{Code: c, Name: n})
				if err == nil {
					f.Member[n] = evs[0].(InvitationAccepted).Member
				}
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	if err := invite("Ada", f.Bakery, "Ben", "Cleo", "Dan"); err != nil {
		return err
	}
	evs, err = f.As("Cleo", FoundCouncil{Name: "Rue Neuve", Kind: KindNeighbourhood})
	if err != nil {
		return err
	}
	f.RueNeuve = evs[0].(CouncilFounded).Council
	if err := invite("Cleo", f.RueNeuve, "Eve", "Finn", "Gus"); err != nil {
		return err
	}
	evs, err = f.As("Dan", FoundCouncil{Name: "Print Shop", Kind: KindWorkplace})
	if err != nil {
		return err
	}
	f.PrintShop = evs[0].(CouncilFounded).Council
	if err := invite("Dan", f.PrintShop, "Hana", "Ivan", "Jo"); err != nil {
		return err
	}

	// The bakery founds the district; the others join it.
	evs, err = f.As("Ada", Propose{Council: f.Bakery, Kind: ProposalFoundFederation, Title: "Found District 1",
		Motion: Motion{Name: "District 1"}})
	if err != nil {
		return err
	}
	found := evs[0].(ProposalMade).Proposal
	if err := f.Advance(f.Period()); err != nil {
		return err
	}
	for _, n := range []string{"Ada", "Ben", "Cleo"} {
		if err := f.Vote(n, found, Yes); err != nil {
			return err
		}
	}
	if err := f.Advance(f.Period()); err != nil {
		return err
	}
	p, _ := f.S.Proposal(found)
	if p.Status != StatusPassed {
		return fmt.Errorf("founding the district: %s", p.Status)
	}
	f.District = f.S.councils[f.Bakery].sortedParents()[0]

	// Each council elects its delegate: Ada, Eve and Hana stand.
	nominate := func(c ID, name string) (ID, error) {
		e := f.S.openElection(c, f.District)
		if e == 0 {
			return 0, fmt.Errorf("no election open in council %d", c)
		}
		_, err := f.As(name, Nominate{Election: e})
		return e, err
	}
	elect := func(e ID, cand string, voters ...string) error {
		for _, n := range voters {
			if _, err := f.As(n, Vote{Question: e, Ranking: [][]ID{{f.Member[cand]}}}); err != nil {
				return err
			}
		}
		return nil
	}
	bakeryElection, err := nominate(f.Bakery, "Ada")
	if err != nil {
		return err
	}
	joins := map[ID][]string{f.RueNeuve: {"Cleo", "Eve", "Finn"}, f.PrintShop: {"Dan", "Hana", "Ivan"}}
	var props []ID
	for _, c := range []ID{f.RueNeuve, f.PrintShop} {
		evs, err := f.As(joins[c][0], Propose{Council: c, Kind: ProposalJoin, Title: "Join District 1",
			Motion: Motion{Federation: f.District}})
		if err != nil {
			return err
		}
		props = append(props, evs[0].(ProposalMade).Proposal)
	}
	if err := f.Advance(f.Period()); err != nil {
		return err
	}
	if err := elect(bakeryElection, "Ada", "Ada", "Ben", "Dan"); err != nil {
		return err
	}
	for i, c := range []ID{f.RueNeuve, f.PrintShop} {
		for _, n := range joins[c] {
			if err := f.Vote(n, props[i], Yes); err != nil {
				return err
			}
		}
	}
	if err := f.Advance(f.Period()); err != nil {
		return err
	}
	rn, err := nominate(f.RueNeuve, "Eve")
	if err != nil {
		return err
	}
	ps, err := nominate(f.PrintShop, "Hana")
	if err != nil {
		return err
	}
	if err := f.Advance(f.Period()); err != nil {
		return err
	}
	if err := elect(rn, "Eve", "Eve", "Gus", "Cleo"); err != nil {
		return err
	}
	if err := elect(ps, "Hana", "Hana", "Ivan", "Jo"); err != nil {
		return err
	}
	if err := f.Advance(f.Period()); err != nil {
		return err
	}
	if n := len(f.S.Delegates(f.District)); n != 3 {
		return fmt.Errorf("district has %d delegates, want 3", n)
	}
	return nil
}

func (c *council) sortedParents() []ID { return sortedIDs(c.parents) }
