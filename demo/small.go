package demo

import (
	"context"
	"fmt"

	"commune/council"
	"commune/store"
)

// SmallSpan is how far back in time Small starts its history: start the
// Clock at now-SmallSpan, so that the open questions it leaves are still
// open when it is served.
const SmallSpan = 33*council.Day + CycleSpan

// smallNames are the members of the small demo, in joining order.
var smallNames = []string{
	"Rosa Brandt", "Amal Haddad", "Jonas Weber", "Mei Lin", "Tomás Ortega", "Ada Okafor",
	"Ilse Krüger", "Karim Benali", "Sofia Rossi", "Nils Eriksen", "Priya Nair", "Lucía Fernández",
	"Oskar Nowak", "Fatima Yilmaz", "Elena Popescu", "Kwame Mensah", "Hanna Virtanen", "Diego Alves",
	"Yara Saleh", "Marek Kowalski", "Aiko Tanaka", "Samuel Cohen", "Leila Rahimi", "Ben Murphy",
}

var (
	smallWork = []string{"Bakery Collective", "Tram Depot Council", "City Hospital Council"}
	smallHood = []string{"Northside Neighbourhood", "Riverside Neighbourhood", "Old Town Neighbourhood"}
)

// small is the state of a Small build.
type small struct {
	*builder
	d       *Demo
	council map[string]council.ID
	members map[council.ID][]council.ID // members of each base council, joining order
}

// Small builds the demo federation on t from an empty state, starting at
// the clock's current time and moving it forward SmallSpan less a day.
func Small(ctx context.Context, t Target, clock *Clock) (*Demo, error) {
	s := &small{
		builder: &builder{ctx: ctx, t: t, clock: clock},
		d:       &Demo{Federation: "Federation of the Northern Councils"},
		council: map[string]council.ID{},
		members: map[council.ID][]council.ID{},
	}
	steps := []func() error{s.people, s.districts, s.joins, s.elections, s.congress, s.congressJoin, s.congressElection, s.planCycle, s.open}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	s.d.Members = int64(len(s.d.People))
	for _, r := range s.rows("councils") {
		s.d.Councils = append(s.d.Councils, Place{ID: council.ID(r[0].(int64)), Name: r[1].(string), Kind: r[2].(string)})
	}
	s.d.Count = int64(len(s.d.Councils))
	return s.d, nil
}

const (
	discussion = 2 * council.Day // DefaultStatutes' periods
	voting     = 3 * council.Day
)

// people founds the federation and brings everyone in: each person works
// in one workplace council and lives in one neighbourhood council, joining
// by invitation (or founding the council when it does not exist yet).
func (s *small) people() error {
	for i, name := range smallNames {
		w, h := smallWork[i%3], smallHood[(i/3)%3]
		var id council.ID
		if i == 0 {
			evs, err := s.do(server, council.Found{Federation: s.d.Federation, Name: name, Council: w, Kind: council.KindWorkplace})
			if err != nil {
				return err
			}
			f, _ := eventOf[council.Founded](evs)
			id = f.Member
			s.council[w] = f.Council
			s.members[f.Council] = []council.ID{id}
		} else {
			first := w
			if _, ok := s.council[w]; !ok {
				first = h
			}
			c := s.council[first]
			code := s.code()
			if _, err := s.do(as(s.members[c][0]), council.Invite{Council: c, Code: code}); err != nil {
				return err
			}
			evs, err := s.do(server, council.AcceptInvitation{Code: code, Name: name})
			if err != nil {
				return err
			}
			a, _ := eventOf[council.InvitationAccepted](evs)
			id = a.Member
			s.members[c] = append(s.members[c], id)
		}
		for _, other := range []string{w, h} {
			if c, ok := s.council[other]; ok {
				if contains(s.members[c], id) {
					continue
				}
				code := s.code()
				if _, err := s.do(as(s.members[c][0]), council.Invite{Council: c, Code: code}); err != nil {
					return err
				}
				if _, err := s.do(as(id), council.AcceptInvitation{Code: code}); err != nil {
					return err
				}
				s.members[c] = append(s.members[c], id)
				continue
			}
			kind := council.KindWorkplace
			if other == h {
				kind = council.KindNeighbourhood
			}
			evs, err := s.do(as(id), council.FoundCouncil{Name: other, Kind: kind})
			if err != nil {
				return err
			}
			cf, _ := eventOf[council.CouncilFounded](evs)
			s.council[other] = cf.Council
			s.members[cf.Council] = []council.ID{id}
		}
		s.d.People = append(s.d.People, Person{ID: id, Name: name, Councils: []string{w, h}})
	}
	return nil
}

func contains(ids []council.ID, id council.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// propose makes a proposal and returns its id.
func (s *small) propose(by council.ID, p council.Propose) (council.ID, error) {
	evs, err := s.do(as(by), p)
	if err != nil {
		return 0, err
	}
	pm, _ := eventOf[council.ProposalMade](evs)
	return pm.Proposal, nil
}

// voteAll has each voter vote choice on question q; every third one votes
// against when dissent is set, for realistic tallies.
func (s *small) voteAll(q council.ID, voters []council.ID, choice string, dissent bool) error {
	var items []store.Item
	for i, v := range voters {
		c := choice
		if dissent && i%3 == 2 {
			c = council.No
		}
		items = append(items, store.Item{Actor: as(v), Act: council.Vote{Question: q, Choice: c}})
	}
	_, err := s.many(items)
	return err
}

// rankAll has each voter rank the options of q as given.
func (s *small) rankAll(q council.ID, voters []council.ID, ranking [][]council.ID) error {
	var items []store.Item
	for _, v := range voters {
		items = append(items, store.Item{Actor: as(v), Act: council.Vote{Question: q, Ranking: ranking}})
	}
	_, err := s.many(items)
	return err
}

// councilByName finds a council created by a due event.
func (s *small) councilByName(name string) (council.ID, error) {
	for _, r := range s.rows("councils") {
		if r[1].(string) == name {
			return council.ID(r[0].(int64)), nil
		}
	}
	return 0, fmt.Errorf("demo: no council %q was created", name)
}

// electionOf finds the open election of c's delegates to f.
func (s *small) electionOf(c, f council.ID) (council.ID, error) {
	for _, r := range s.rows("elections") {
		st := r[8].(string)
		if council.ID(r[1].(int64)) == c && council.ID(r[2].(int64)) == f && (st == council.ElectionNominations || st == council.ElectionVoting) {
			return council.ID(r[0].(int64)), nil
		}
	}
	return 0, fmt.Errorf("demo: no open election of council %d's delegates to %d", c, f)
}

// delegates lists the active delegates in federated council f, with the
// council each represents.
func (s *small) delegates(f council.ID) (ids []council.ID, from map[council.ID]council.ID) {
	from = map[council.ID]council.ID{}
	for _, r := range s.rows("seats") {
		if council.ID(r[2].(int64)) == f && r[6].(string) == council.SeatActive {
			m := council.ID(r[1].(int64))
			ids = append(ids, m)
			from[m] = council.ID(r[3].(int64))
		}
	}
	return ids, from
}

// districts: the Bakery founds the North District and the Hospital the
// South District, each by its members' vote.
func (s *small) districts() error {
	w1, w3 := s.council[smallWork[0]], s.council[smallWork[2]]
	p1, err := s.propose(s.members[w1][0], council.Propose{Council: w1, Kind: council.ProposalFoundFederation,
		Title: "Found the North District", Text: "Federate the councils of the north bank in a district council.",
		Motion: council.Motion{Name: "North District"}})
	if err != nil {
		return err
	}
	p2, err := s.propose(s.members[w3][0], council.Propose{Council: w3, Kind: council.ProposalFoundFederation,
		Title: "Found the South District", Text: "Federate the councils of the south bank in a district council.",
		Motion: council.Motion{Name: "South District"}})
	if err != nil {
		return err
	}
	if err := s.advance(discussion); err != nil {
		return err
	}
	if err := s.voteAll(p1, s.members[w1], council.Yes, true); err != nil {
		return err
	}
	if err := s.voteAll(p2, s.members[w3], council.Yes, false); err != nil {
		return err
	}
	if err := s.advance(voting); err != nil {
		return err
	}
	if s.d.District, err = s.councilByName("North District"); err != nil {
		return err
	}
	_, err = s.councilByName("South District")
	return err
}

// joins: the other councils join their district; meanwhile the founding
// councils elect their first delegates.
func (s *small) joins() error {
	north, _ := s.councilByName("North District")
	south, _ := s.councilByName("South District")
	join := map[string]council.ID{smallWork[1]: north, smallHood[0]: north, smallHood[1]: north, smallHood[2]: south}
	var props []council.ID
	var bodies []council.ID
	for _, name := range []string{smallWork[1], smallHood[0], smallHood[1], smallHood[2]} {
		c := s.council[name]
		p, err := s.propose(s.members[c][0], council.Propose{Council: c, Kind: council.ProposalJoin,
			Title: "Join the district", Text: "Send delegates to our district council.", Motion: council.Motion{Federation: join[name]}})
		if err != nil {
			return err
		}
		props, bodies = append(props, p), append(bodies, c)
	}
	return s.electRound([][2]council.ID{{s.council[smallWork[0]], north}, {s.council[smallWork[2]], south}}, func() error {
		for i, p := range props {
			if err := s.voteAll(p, s.members[bodies[i]], council.Yes, true); err != nil {
				return err
			}
		}
		return nil
	})
}

// electRound runs, over one discussion and one voting period, the open
// elections of each pair's council to the pair's federated council: the
// first two electors stand, everyone ranks them (most put the first
// first). During voting it calls also (for other votes of the period).
func (s *small) electRound(pairs [][2]council.ID, also func() error) error {
	type el struct {
		id, council council.ID
		cands       []council.ID
		voters      []council.ID
	}
	var els []el
	standing := map[[2]council.ID]bool{} // federation, member: one seat each
	for _, pr := range pairs {
		id, err := s.electionOf(pr[0], pr[1])
		if err != nil {
			return err
		}
		voters := s.members[pr[0]]
		if voters == nil { // a federated council elects: its delegates vote
			voters, _ = s.delegates(pr[0])
		}
		var cands []council.ID
		for _, v := range voters {
			if len(cands) == 2 {
				break
			}
			if v == s.d.Recalled || standing[[2]council.ID{pr[1], v}] {
				continue
			}
			if _, err := s.do(as(v), council.Nominate{Election: id}); err != nil {
				continue // e.g. already a delegate there for another council
			}
			cands = append(cands, v)
			standing[[2]council.ID{pr[1], v}] = true
		}
		if len(cands) == 0 {
			return fmt.Errorf("demo: nobody could stand in election %d", id)
		}
		els = append(els, el{id, pr[0], cands, voters})
	}
	if err := s.advance(discussion); err != nil {
		return err
	}
	for _, e := range els {
		var items []store.Item
		for i, v := range e.voters {
			r := [][]council.ID{{e.cands[0]}}
			if len(e.cands) > 1 {
				r = [][]council.ID{{e.cands[0]}, {e.cands[1]}}
				if i%4 == 3 {
					r = [][]council.ID{{e.cands[1]}, {e.cands[0]}}
				}
			}
			items = append(items, store.Item{Actor: as(v), Act: council.Vote{Question: e.id, Ranking: r}})
		}
		if _, err := s.many(items); err != nil {
			return err
		}
	}
	if also != nil {
		if err := also(); err != nil {
			return err
		}
	}
	return s.advance(voting)
}

// elections: the joined councils elect their delegates; the Bakery adopts
// shorter periods for its own decisions.
func (s *small) elections() error {
	north, _ := s.councilByName("North District")
	south, _ := s.councilByName("South District")
	w1 := s.council[smallWork[0]]
	st := council.DefaultStatutes()
	st.Discussion, st.Voting = council.Day, council.Day
	p, err := s.propose(s.members[w1][1], council.Propose{Council: w1, Kind: council.ProposalStatutes,
		Title: "Quicker decisions", Text: "One day of discussion and one day of voting are enough for a bakery.",
		Motion: council.Motion{Statutes: &st}})
	if err != nil {
		return err
	}
	pairs := [][2]council.ID{{s.council[smallWork[1]], north}, {s.council[smallHood[0]], north},
		{s.council[smallHood[1]], north}, {s.council[smallHood[2]], south}}
	return s.electRound(pairs, func() error { return s.voteAll(p, s.members[w1], council.Yes, false) })
}

// congress: the North District founds the Regional Congress; meanwhile
// the Tram Depot recalls its delegate.
func (s *small) congress() error {
	north := s.d.District
	dels, from := s.delegates(north)
	p, err := s.propose(dels[0], council.Propose{Council: north, Kind: council.ProposalFoundFederation,
		Title: "Found the Regional Congress", Text: "Federate the districts of the region.",
		Motion: council.Motion{Name: "Regional Congress"}})
	if err != nil {
		return err
	}
	w2 := s.council[smallWork[1]]
	for _, d := range dels {
		if from[d] == w2 {
			s.d.Recalled = d
		}
	}
	if s.d.Recalled == 0 {
		return fmt.Errorf("demo: the Tram Depot has no delegate to recall")
	}
	var opener council.ID
	for _, m := range s.members[w2] {
		if m != s.d.Recalled {
			opener = m
			break
		}
	}
	evs, err := s.do(as(opener), council.OpenRecall{Federation: north, Delegate: s.d.Recalled})
	if err != nil {
		return err
	}
	ro, _ := eventOf[council.RecallOpened](evs)
	if err := s.advance(discussion); err != nil {
		return err
	}
	if err := s.voteAll(p, dels, council.Yes, false); err != nil {
		return err
	}
	var yes []council.ID
	for _, m := range s.members[w2] {
		if m != s.d.Recalled {
			yes = append(yes, m)
		}
	}
	if err := s.voteAll(ro.Recall, yes, council.Yes, false); err != nil {
		return err
	}
	if err := s.voteAll(ro.Recall, []council.ID{s.d.Recalled}, council.No, false); err != nil {
		return err
	}
	if err := s.advance(voting); err != nil {
		return err
	}
	s.d.Region, err = s.councilByName("Regional Congress")
	return err
}

// congressJoin: the South District joins the congress; the North District
// elects its delegates to it and the Tram Depot fills its vacant seat.
func (s *small) congressJoin() error {
	south, _ := s.councilByName("South District")
	dels, _ := s.delegates(south)
	p, err := s.propose(dels[0], council.Propose{Council: south, Kind: council.ProposalJoin,
		Title: "Join the Regional Congress", Text: "Send delegates to the Regional Congress.", Motion: council.Motion{Federation: s.d.Region}})
	if err != nil {
		return err
	}
	pairs := [][2]council.ID{{s.d.District, s.d.Region}, {s.council[smallWork[1]], s.d.District}}
	return s.electRound(pairs, func() error { return s.voteAll(p, dels, council.Yes, false) })
}

// congressElection: the South District elects its delegates to the
// congress; a tendency forms across councils.
func (s *small) congressElection() error {
	south, _ := s.councilByName("South District")
	if err := s.electRound([][2]council.ID{{south, s.d.Region}}, nil); err != nil {
		return err
	}
	founder := s.d.People[4].ID
	evs, err := s.do(as(founder), council.FormTendency{Name: "Green Transport Caucus",
		Platform: "Every new workplace within walking distance of a tram stop; bread delivered by cargo bike."})
	if err != nil {
		return err
	}
	tf, _ := eventOf[council.TendencyFormed](evs)
	s.d.Tendency = tf.Tendency
	var items []store.Item
	for _, p := range []int{1, 7, 10, 13, 19} {
		items = append(items, store.Item{Actor: as(s.d.People[p].ID), Act: council.JoinTendency{Tendency: tf.Tendency}})
	}
	_, err = s.many(items)
	return err
}

// open leaves questions open: a district proposal with a competing
// alternative, a mandate of the Bakery on it, a minority report of the
// tendency, and a neighbourhood proposal with an alternative.
func (s *small) open() error {
	north := s.d.District
	dels, from := s.delegates(north)
	target, err := s.propose(dels[0], council.Propose{Council: north, Kind: council.ProposalText,
		Title: "A second bakery in Riverside", Text: "Open a second bakery in Riverside, staffed from the Bakery Collective, by spring.",
		Motion: council.Motion{}})
	if err != nil {
		return err
	}
	s.d.Open = target
	evs, err := s.do(as(dels[1]), council.Amend{Proposal: target, Text: "Open the second bakery in Northside instead, next to the tram depot."})
	if err != nil {
		return err
	}
	am, _ := eventOf[council.AmendmentMade](evs)
	w1 := s.council[smallWork[0]]
	mp, err := s.propose(s.members[w1][0], council.Propose{Council: w1, Kind: council.ProposalMandate,
		Title: "Mandate: Riverside first", Text: "Our delegates rank the Riverside bakery first.",
		Motion: council.Motion{Target: target, Option: target}})
	if err != nil {
		return err
	}
	evs, err = s.do(as(s.d.People[4].ID), council.FileMinorityReport{Tendency: s.d.Tendency, Proposal: target,
		Text: "Neither site is served by the tram yet: decide the tram extension first."})
	if err != nil {
		return err
	}
	mr, _ := eventOf[council.MinorityReportFiled](evs)
	s.d.Report = mr.Report
	if _, err := s.do(as(s.d.People[7].ID), council.SignMinorityReport{Report: mr.Report}); err != nil {
		return err
	}
	n2 := s.council[smallHood[1]]
	np, err := s.propose(s.members[n2][0], council.Propose{Council: n2, Kind: council.ProposalText,
		Title: "Traffic calming on River Street", Text: "Close River Street to through traffic.", Motion: council.Motion{}})
	if err != nil {
		return err
	}
	evs, err = s.do(as(s.members[n2][1]), council.Amend{Proposal: np, Text: "Close River Street to through traffic on weekends only."})
	if err != nil {
		return err
	}
	nam, _ := eventOf[council.AmendmentMade](evs)
	s.d.OpenLocal = np
	// The Bakery's quicker statutes: its mandate is decided in two days,
	// while the district still votes.
	if err := s.advance(council.Day); err != nil {
		return err
	}
	if err := s.voteAll(mp, s.members[w1], council.Yes, false); err != nil {
		return err
	}
	if err := s.advance(council.Day + council.Hour); err != nil {
		return err
	}
	for _, r := range s.rows("mandates") {
		if council.ID(r[2].(int64)) == target {
			s.d.Mandate = council.ID(r[0].(int64))
		}
	}
	if s.d.Mandate == 0 {
		return fmt.Errorf("demo: the Bakery's mandate did not pass")
	}
	// Some delegates have voted; the vote stays open.
	var items []store.Item
	for i, d := range dels {
		r := [][]council.ID{{target}, {am.Amendment}}
		if i%2 == 1 && from[d] != w1 {
			r = [][]council.ID{{am.Amendment}, {target}}
		}
		items = append(items, store.Item{Actor: as(d), Act: council.Vote{Question: target, Ranking: r}})
	}
	if _, err := s.many(items); err != nil {
		return err
	}
	n2m := s.members[n2]
	return s.rankAll(np, n2m[:len(n2m)/2], [][]council.ID{{nam.Amendment}, {np}})
}
