package council

import (
	"commune"
)

// proposalOutcome computes the decision on p from its votes; last is the
// last id assigned before the event, for the objects a passed proposal creates.
func (s *State) proposalOutcome(p *proposal, last ID) ProposalClosed {
	q := s.questions[p.id]
	c := s.councils[p.council]
	ev := ProposalClosed{Proposal: p.id, Electors: s.electorsOf(c)}
	if q.ranked {
		var ballots int64
		for _, v := range q.votes {
			ballots += v.weight
		}
		ev.Quorum = ballots > 0 && ballots*1000 >= c.statutes.Quorum*ev.Electors
		ranking := q.schulze()
		ev.Ranking = rankingString(ranking)
		ev.Yes = ballots
		if ev.Quorum && len(ranking) > 0 && len(ranking[0]) == 1 && ranking[0][0] != 0 {
			ev.Winner = ranking[0][0]
			ev.Passed = true
		}
	} else {
		ev.Yes, ev.No, ev.Abstain = q.recount()
		ev.Quorum, ev.Passed = c.statutes.yesNo(ev.Yes, ev.No, ev.Abstain, ev.Electors)
	}
	if ev.Passed {
		ev.Created = s.effectIDs(p, last)
	}
	return ev
}

// effectIDs lists the ids of the objects p creates on passing.
func (s *State) effectIDs(p *proposal, last ID) []ID {
	c := s.councils[p.council]
	switch p.kind {
	case ProposalFoundFederation:
		return []ID{last + 1, last + 2}
	case ProposalJoin:
		if s.canJoin(c, p.motion.Federation) {
			return []ID{last + 1}
		}
	case ProposalMandate:
		if t := s.proposals[p.motion.Target]; t.status == StatusDiscussion || t.status == StatusVoting {
			return []ID{last + 1}
		}
	case ProposalReferendum:
		t := s.proposals[p.motion.Target]
		f := s.councils[t.council]
		if _, ok := t.demands[c.id]; !ok && s.referable(t) == nil && (int64(len(t.demands))+1)*2 > int64(len(f.constituents)) {
			return []ID{last + 1}
		}
	default:
		return s.cycleEffectIDs(p, last)
	}
	return nil
}

// canJoin reports whether c may (still) join federation f.
func (s *State) canJoin(c *council, f ID) bool {
	_, already := s.councils[f].constituents[c.id]
	return !already && !s.isBelow(f, c.id)
}

func (e ProposalClosed) validate(s *State, at int64, by Actor) error {
	if err := serverOnly(by); err != nil {
		return err
	}
	p, err := s.proposal(e.Proposal)
	if err != nil {
		return err
	}
	if p.status != StatusVoting || at < p.closes {
		return errf(commune.ECONFLICT, "not_due", "proposal %d's vote has not closed", p.id)
	}
	return sameFigures(e, s.proposalOutcome(p, s.last))
}

func (e ProposalClosed) apply(s *State, at int64, by Actor) {
	p := s.proposals[e.Proposal]
	q := s.questions[p.id]
	s.closeQuestion(q)
	p.yes, p.no, p.abstain, p.electors, p.quorum = e.Yes, e.No, e.Abstain, e.Electors, e.Quorum
	p.ranking, p.winner, p.decided = e.Ranking, e.Winner, at
	p.status = StatusRejected
	if e.Passed {
		p.status = StatusPassed
		s.takeEffect(p, at)
	}
	s.touch(tProposals, p.id, 0, 0)
}

// closeQuestion stops voting on q and forgets its voters' open-vote marks.
func (s *State) closeQuestion(q *question) {
	q.open = false
	for voter := range q.votes {
		if m := s.members[voter]; m != nil {
			delete(m.votes, q.id)
		}
	}
}

// takeEffect carries out a passed proposal. It mirrors effectIDs.
func (s *State) takeEffect(p *proposal, at int64) {
	c := s.councils[p.council]
	switch p.kind {
	case ProposalText:
		if p.winner != 0 && p.winner != p.id {
			p.text = s.amendments[p.winner].text
		}
	case ProposalStatutes:
		prev := c.statutes
		p.prev = &prev
		c.statutes = *p.motion.Statutes
		s.touch(tCouncils, c.id, 0, 0)
	case ProposalFoundFederation:
		f := s.addCouncil(p.motion.Name, KindFederated, 0, at)
		s.addConstituent(f, c, at)
	case ProposalJoin:
		if s.canJoin(c, p.motion.Federation) {
			s.addConstituent(s.councils[p.motion.Federation], c, at)
		}
	case ProposalLeave:
		f := s.councils[p.motion.Federation]
		if _, ok := f.constituents[c.id]; ok {
			s.removeConstituent(f, c, at)
		}
	case ProposalAdmission:
		m := s.members[p.motion.Member]
		if _, ok := c.members[m.id]; !ok {
			s.join(c, m, at)
		}
	case ProposalMandate:
		if t := s.proposals[p.motion.Target]; t.status == StatusDiscussion || t.status == StatusVoting {
			md := &mandate{id: s.alloc(), council: c.id, proposal: t.id, choice: p.motion.Choice,
				option: p.motion.Option, source: p.id, at: at}
			s.mandates[md.id] = md
			s.mandateIdx[t.id] = append(s.mandateIdx[t.id], md.id)
			s.touch(tMandates, md.id, 0, 0)
		}
	case ProposalReferendum:
		t := s.proposals[p.motion.Target]
		f := s.councils[t.council]
		if _, ok := t.demands[c.id]; ok || s.referable(t) != nil {
			return
		}
		if t.demands == nil {
			t.demands = map[ID]int64{}
		}
		t.demands[c.id] = at
		s.touch(tReferendumDemands, t.id, c.id, 0)
		if int64(len(t.demands))*2 > int64(len(f.constituents)) {
			s.openReferendum(t, "demand", at)
		}
	default:
		s.cycleTakeEffect(p, c, at)
	}
}

// addConstituent makes c a constituent of federated council f and opens
// c's first election of its delegates to f.
func (s *State) addConstituent(f, c *council, at int64) {
	f.constituents[c.id] = at
	c.parents[f.id] = at
	s.touch(tConstituents, f.id, c.id, 0)
	s.grow(f, c.size)
	s.openElectionFor(c, f, ReasonFirst, at)
}

// removeConstituent takes c out of f: its delegates' seats end.
func (s *State) removeConstituent(f, c *council, at int64) {
	for _, mid := range sortedIDs(f.delegates) {
		if st := f.delegates[mid]; st.council == c.id {
			s.vacate(st, SeatEnded, at)
		}
	}
	if e := s.elections[c.elections[f.id]]; e != nil {
		s.cancelElection(e)
	}
	delete(f.constituents, c.id)
	delete(c.parents, f.id)
	s.touch(tConstituents, f.id, c.id, 0)
	s.grow(f, -c.size)
}
