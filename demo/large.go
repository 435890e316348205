package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"commune/council"
	"commune/store"
)

// LargeSpan is how far back in time Large starts its history (five rounds
// of a discussion and a voting period each, a discussion period for the
// open questions, and a day to spare).
const LargeSpan = 28 * council.Day

// Group is how many councils federate into one council of the level above:
// ten base councils form a district, ten districts a region.
const Group = 10

// Large builds a generated federation of n members on t (n ≥ 20): n/10
// base councils (workplace and neighbourhood alternately) of about ten
// members each, joined by invitation; districts of ten base councils and
// regions of ten districts, each founded and joined by the members' (and
// then the delegates') votes; every council's delegates elected. The acts
// go to t in batches of thousands (one commit each on a Service). Names and
// votes are drawn from seed: the same n and seed give the same record.
// progress, if not nil, is called with a short description of each phase.
func Large(ctx context.Context, t Target, clock *Clock, n int, seed uint64, progress func(phase string)) (*Demo, error) {
	if n < 20 {
		return nil, fmt.Errorf("demo: a large federation needs at least 20 members, not %d", n)
	}
	if progress == nil {
		progress = func(string) {}
	}
	g := &large{
		builder: &builder{ctx: ctx, t: t, clock: clock},
		rng:     rand.New(rand.NewPCG(seed, seed^0x5eed)),
		d:       &Demo{Federation: fmt.Sprintf("Generated federation of %d members", n)},
		fed:     map[council.ID]*body{},
	}
	nc := max(2, n/10)
	progress(fmt.Sprintf("%d members in %d base councils", n, nc))
	if err := g.members(n, nc); err != nil {
		return nil, err
	}
	// Districts over the base councils, regions over the districts.
	progress(fmt.Sprintf("%d districts: founding", (nc+Group-1)/Group))
	districts, err := g.federate(g.base, "District", nil)
	if err != nil {
		return nil, err
	}
	progress(fmt.Sprintf("%d regions: founding; district delegates: electing", (len(districts)+Group-1)/Group))
	regions, err := g.federate(districts, "Region", g.pendingElections)
	if err != nil {
		return nil, err
	}
	progress("region delegates: electing")
	if err := g.electRound(g.pendingElections, nil); err != nil {
		return nil, err
	}
	progress(fmt.Sprintf("%d open questions: one per base council", len(g.base)))
	if err := g.openQuestions(); err != nil {
		return nil, err
	}
	g.d.Members = int64(n)
	g.d.Count = int64(len(g.base) + len(districts) + len(regions))
	g.d.District, g.d.Region = districts[0].id, regions[0].id
	g.d.OpenLocal = g.open
	for _, c := range [][]*body{g.base[:min(4, len(g.base))], districts[:1], regions[:1]} {
		for _, b := range c {
			g.d.Councils = append(g.d.Councils, Place{ID: b.id, Name: b.name, Kind: b.kind})
		}
	}
	return g.d, nil
}

// body is a council of the generated federation with who votes in it.
type body struct {
	id     council.ID
	name   string
	kind   string
	voters []council.ID // members (base) or delegates (federated)
}

// large is the state of a Large build.
type large struct {
	*builder
	rng  *rand.Rand
	d    *Demo
	base []*body
	// pendingElections are the elections opened by the last round of
	// joins, to be held in the next round: electing council, federation.
	pendingElections [][2]*body
	fed              map[council.ID]*body // federated councils by id
	open             council.ID           // the first base council's open question
}

// openQuestions leaves a yes/no proposal open for voting in every base
// council (for benchmarks of voting at scale): made, then a discussion
// period and an hour later voting is open, for the three days after.
func (g *large) openQuestions() error {
	q := &batcher{b: g.builder}
	for i, b := range g.base {
		first := i == 0
		err := q.add(store.Item{Actor: as(b.voters[0]), Act: council.Propose{Council: b.id, Kind: council.ProposalText,
			Title: "Extend the opening hours", Text: "Open an hour longer on weekdays."}}, func(evs []council.Event) {
			if pm, ok := eventOf[council.ProposalMade](evs); ok && first {
				g.open = pm.Proposal
			}
		})
		if err != nil {
			return err
		}
	}
	if err := q.flush(); err != nil {
		return err
	}
	return g.advance(discussion + council.Hour)
}

var (
	firstNames = []string{"Ada", "Amal", "Ben", "Chen", "Dara", "Diego", "Elena", "Emil", "Fatima", "Femi", "Grace", "Hana",
		"Ilse", "Ivan", "Jonas", "Kwame", "Lea", "Leila", "Luis", "Mei", "Nils", "Noor", "Oskar", "Priya", "Rosa",
		"Sami", "Sofia", "Tariq", "Tomás", "Uma", "Vera", "Wen", "Yara", "Zoe"}
	lastNames = []string{"Alves", "Benali", "Brandt", "Cohen", "Eriksen", "Haddad", "Kowalski", "Krüger", "Lin", "Mensah",
		"Murphy", "Nair", "Nowak", "Okafor", "Ortega", "Popescu", "Rahimi", "Rossi", "Saleh", "Tanaka", "Virtanen",
		"Weber", "Yilmaz", "Fernández"}
)

func (g *large) name() string {
	return firstNames[g.rng.IntN(len(firstNames))] + " " + lastNames[g.rng.IntN(len(lastNames))]
}

// members founds the federation and nc base councils holding n members
// in all. Each council's first member is invited into the first council,
// founds their own and leaves the first; then invites the others. Each
// step is one pass over all councils, in large batches.
func (g *large) members(n, nc int) error {
	first := g.name()
	evs, err := g.do(server, council.Found{Federation: g.d.Federation, Name: first, Council: "Workplace 1", Kind: council.KindWorkplace})
	if err != nil {
		return err
	}
	f, _ := eventOf[council.Founded](evs)
	c0 := &body{id: f.Council, name: "Workplace 1", kind: council.KindWorkplace, voters: []council.ID{f.Member}}
	g.base = append(g.base, c0)
	g.d.People = append(g.d.People, Person{ID: f.Member, Name: first, Councils: []string{c0.name}})
	for i := 1; i < nc; i++ {
		kind, label := council.KindWorkplace, "Workplace"
		if i%2 == 1 {
			kind, label = council.KindNeighbourhood, "Neighbourhood"
		}
		g.base = append(g.base, &body{name: fmt.Sprintf("%s %d", label, i+1), kind: kind})
	}
	// Sizes: n members in all, spread evenly.
	size := make([]int, nc)
	for i := 0; i < n; i++ {
		size[i%nc]++
	}
	// Pass 1: each new council's first member joins the first council.
	var items []store.Item
	for range g.base[1:] {
		code := g.code()
		items = append(items, store.Item{Actor: as(f.Member), Act: council.Invite{Council: c0.id, Code: code}},
			store.Item{Actor: server, Act: council.AcceptInvitation{Code: code, Name: g.name()}})
	}
	out, err := g.many(items)
	if err != nil {
		return err
	}
	founders := make([]council.ID, 0, nc-1)
	for i := 1; i < len(out); i += 2 {
		a, _ := eventOf[council.InvitationAccepted](out[i])
		founders = append(founders, a.Member)
	}
	// Pass 2: they found their councils.
	items = items[:0]
	for i, b := range g.base[1:] {
		items = append(items, store.Item{Actor: as(founders[i]), Act: council.FoundCouncil{Name: b.name, Kind: b.kind}})
	}
	if out, err = g.many(items); err != nil {
		return err
	}
	for i, b := range g.base[1:] {
		cf, _ := eventOf[council.CouncilFounded](out[i])
		b.id = cf.Council
		b.voters = []council.ID{founders[i]}
	}
	// Pass 3: and leave the first council.
	items = items[:0]
	for _, m := range founders {
		items = append(items, store.Item{Actor: as(m), Act: council.Leave{Council: c0.id}})
	}
	if _, err = g.many(items); err != nil {
		return err
	}
	// Pass 4: each council's first member invites the rest.
	q := &batcher{b: g.builder}
	for ci, b := range g.base {
		for j := 1; j < size[ci]; j++ {
			code := g.code()
			nm := g.name()
			if err := q.add(store.Item{Actor: as(b.voters[0]), Act: council.Invite{Council: b.id, Code: code}}, nil); err != nil {
				return err
			}
			err := q.add(store.Item{Actor: server, Act: council.AcceptInvitation{Code: code, Name: nm}}, func(evs []council.Event) {
				a, _ := eventOf[council.InvitationAccepted](evs)
				b.voters = append(b.voters, a.Member)
				if len(g.d.People) < 12 {
					g.d.People = append(g.d.People, Person{ID: a.Member, Name: nm, Councils: []string{b.name}})
				}
			})
			if err != nil {
				return err
			}
		}
	}
	if err := q.flush(); err != nil {
		return err
	}
	return nil
}

// federate groups parts by Group: the first of each group proposes to
// found "<label> k", and once it exists the others propose to join it.
// While the founding proposals are decided, the elections in pending are
// held; while the joins are decided, the founders' first elections. The
// joiners' first elections are left in g.pendingElections.
func (g *large) federate(parts []*body, label string, pending [][2]*body) ([]*body, error) {
	var groups [][]*body
	for k := 0; k < len(parts); k += Group {
		groups = append(groups, parts[k:min(k+Group, len(parts))])
	}
	var items []store.Item
	for k, grp := range groups {
		name := fmt.Sprintf("%s %d", label, k+1)
		items = append(items, store.Item{Actor: as(grp[0].voters[0]), Act: council.Propose{Council: grp[0].id,
			Kind: council.ProposalFoundFederation, Title: "Found " + name,
			Text: "Federate our neighbouring councils.", Motion: council.Motion{Name: name}}})
	}
	found, err := g.proposals(items)
	if err != nil {
		return nil, err
	}
	first := make([]*body, len(groups))
	for k, grp := range groups {
		first[k] = grp[0]
	}
	if err := g.electRound(pending, func() error { return g.voteYes(found, first) }); err != nil {
		return nil, err
	}
	byName := map[string]council.ID{}
	for _, r := range g.rows("councils") {
		if r[2].(string) == council.KindFederated {
			byName[r[1].(string)] = council.ID(r[0].(int64))
		}
	}
	feds := make([]*body, len(groups))
	var firstElections [][2]*body
	for k, grp := range groups {
		name := fmt.Sprintf("%s %d", label, k+1)
		id, ok := byName[name]
		if !ok {
			return nil, fmt.Errorf("demo: %s was not founded", name)
		}
		feds[k] = &body{id: id, name: name, kind: council.KindFederated}
		g.fed[id] = feds[k]
		firstElections = append(firstElections, [2]*body{grp[0], feds[k]})
	}
	items = items[:0]
	var joiners []*body
	g.pendingElections = nil
	for k, grp := range groups {
		for _, b := range grp[1:] {
			items = append(items, store.Item{Actor: as(b.voters[0]), Act: council.Propose{Council: b.id,
				Kind: council.ProposalJoin, Title: "Join " + feds[k].name, Text: "Send delegates to " + feds[k].name + ".",
				Motion: council.Motion{Federation: feds[k].id}}})
			joiners = append(joiners, b)
			g.pendingElections = append(g.pendingElections, [2]*body{b, feds[k]})
		}
	}
	joins, err := g.proposals(items)
	if err != nil {
		return nil, err
	}
	if err := g.electRound(firstElections, func() error { return g.voteYes(joins, joiners) }); err != nil {
		return nil, err
	}
	return feds, nil
}

// proposals performs Propose items and returns the proposals' ids.
func (g *large) proposals(items []store.Item) ([]council.ID, error) {
	out, err := g.many(items)
	if err != nil {
		return nil, err
	}
	ids := make([]council.ID, len(out))
	for i, evs := range out {
		pm, _ := eventOf[council.ProposalMade](evs)
		ids[i] = pm.Proposal
	}
	return ids, nil
}

// voteYes has up to three voters of each body vote on its proposal: yes,
// now and then an abstention, enough for the default quorum.
func (g *large) voteYes(props []council.ID, bodies []*body) error {
	var items []store.Item
	for i, p := range props {
		for j, v := range bodies[i].voters[:min(3, len(bodies[i].voters))] {
			choice := council.Yes
			if j == 2 && g.rng.IntN(4) == 0 {
				choice = council.Abstain
			}
			items = append(items, store.Item{Actor: as(v), Act: council.Vote{Question: p, Choice: choice}})
		}
	}
	_, err := g.many(items)
	return err
}

// electRound holds the open first elections of each pair's council to the
// pair's federated council over one discussion and one voting period: one
// candidate stands (the council's first voter), up to three electors vote.
// also casts the period's other votes. Then the federated councils' voters
// are brought up to date with the seats filled.
func (g *large) electRound(pairs [][2]*body, also func() error) error {
	open := map[[2]council.ID]council.ID{}
	if len(pairs) > 0 {
		for _, r := range g.rows("elections") {
			if r[8].(string) == council.ElectionNominations {
				open[[2]council.ID{council.ID(r[1].(int64)), council.ID(r[2].(int64))}] = council.ID(r[0].(int64))
			}
		}
	}
	ids := make([]council.ID, len(pairs))
	var items []store.Item
	for i, pr := range pairs {
		id, ok := open[[2]council.ID{pr[0].id, pr[1].id}]
		if !ok {
			return fmt.Errorf("demo: no open election of %s's delegates to %s", pr[0].name, pr[1].name)
		}
		ids[i] = id
		items = append(items, store.Item{Actor: as(pr[0].voters[0]), Act: council.Nominate{Election: id}})
	}
	if _, err := g.many(items); err != nil {
		return err
	}
	if err := g.advance(discussion); err != nil {
		return err
	}
	items = items[:0]
	for i, pr := range pairs {
		cand := pr[0].voters[0]
		for _, v := range pr[0].voters[:min(3, len(pr[0].voters))] {
			items = append(items, store.Item{Actor: as(v), Act: council.Vote{Question: ids[i], Ranking: [][]council.ID{{cand}}}})
		}
	}
	if _, err := g.many(items); err != nil {
		return err
	}
	if also != nil {
		if err := also(); err != nil {
			return err
		}
	}
	if err := g.advance(voting); err != nil {
		return err
	}
	if len(pairs) > 0 {
		for _, f := range g.fed {
			f.voters = f.voters[:0]
		}
		for _, r := range g.rows("seats") {
			if r[6].(string) == council.SeatActive {
				if f := g.fed[council.ID(r[2].(int64))]; f != nil {
					f.voters = append(f.voters, council.ID(r[1].(int64)))
				}
			}
		}
	}
	return nil
}
