package council

import (
	"commune"
)

// Vote casts or changes the acting member's named vote on an open
// question: a proposal, an election, a recall or a referendum. Yes/no
// questions take Choice (yes, no, abstain); ranked ones (proposals with
// alternatives, elections) take Ranking: groups of option ids, best first;
// unranked options rank below ranked ones and tie. Casting the same vote
// again changes nothing and records nothing.
type Vote struct {
	Question ID     `json:"question"`
	Choice   string `json:"choice,omitempty"`
	Ranking  [][]ID `json:"ranking,omitempty"`
}

// Check implements Act.
func (a Vote) Check(s *State, by Actor, now int64) ([]Event, error) {
	m, err := s.asMember(by)
	if err != nil {
		return nil, err
	}
	q := s.questions[a.Question]
	if q == nil {
		return nil, errf(commune.ENOTFOUND, "question", "no question %d", a.Question)
	}
	ev := VoteCast{Question: a.Question, Choice: a.Choice, Ranking: canonicalRanking(a.Ranking)}
	if len(a.Ranking) == 0 {
		ev.Ranking = nil
	}
	ev.Weight, err = s.eligible(q, m)
	if err != nil {
		return nil, err
	}
	if err := s.checkOpen(q, now); err != nil {
		return nil, err
	}
	if err := q.checkChoice(ev); err != nil {
		return nil, err
	}
	if old := q.votes[m.id]; old != nil && old.weight == ev.Weight && old.choice == ev.Choice && sameRanking(old.ranking, ev.Ranking) {
		return nil, nil // the same vote again: idempotent
	}
	evs := []fact{ev}
	if md := s.deviates(q, m, ev); md != nil {
		dev := DeviationRecorded{Deviation: s.next(1), Mandate: md.id}
		if s.openRecallOn(m.seats[q.body]) == 0 {
			dev.Recall = s.next(2)
		}
		evs = append(evs, dev)
	}
	return checkFirst(s, by, now, evs...)
}

// checkOpen refuses votes outside q's voting period.
func (s *State) checkOpen(q *question, at int64) error {
	if !q.open {
		if q.kind == QProposal && s.proposals[q.id].status == StatusDiscussion ||
			q.kind == QElection && s.elections[q.id].status == ElectionNominations {
			return errf(commune.ECONFLICT, "voting_not_open", "voting on question %d has not opened", q.id)
		}
		return errf(commune.ECONFLICT, "voting_closed", "voting on question %d is closed", q.id)
	}
	if at >= q.closes {
		return errf(commune.ECONFLICT, "voting_closed", "voting on question %d is closed", q.id)
	}
	return nil
}

// checkChoice validates a vote's form for q.
func (q *question) checkChoice(ev VoteCast) error {
	if q.ranked {
		if ev.Choice != "" {
			return errf(commune.EINVALID, "ranking_expected", "question %d is decided by ranking its alternatives", q.id)
		}
		return q.checkRanking(ev.Ranking)
	}
	if ev.Ranking != nil {
		return errf(commune.EINVALID, "choice_expected", "question %d is a yes/no question", q.id)
	}
	switch ev.Choice {
	case Yes, No, Abstain:
		return nil
	}
	return errf(commune.EINVALID, "bad_choice", "a vote is yes, no or abstain")
}

func (e VoteCast) validate(s *State, at int64, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	q := s.questions[e.Question]
	if q == nil {
		return errf(commune.ENOTFOUND, "question", "no question %d", e.Question)
	}
	w, err := s.eligible(q, m)
	if err != nil {
		return err
	}
	if err := s.checkOpen(q, at); err != nil {
		return err
	}
	if err := q.checkChoice(e); err != nil {
		return err
	}
	if e.Weight != w {
		return errf(commune.EINVALID, "figures_differ", "vote weight %d, computed %d", e.Weight, w)
	}
	if old := q.votes[m.id]; old != nil && old.weight == w && old.choice == e.Choice && sameRanking(old.ranking, e.Ranking) {
		return errf(commune.ECONFLICT, "same_vote", "member %d already cast this vote", m.id)
	}
	return nil
}

func (e VoteCast) apply(s *State, at int64, by Actor) {
	m := s.members[by.Member]
	q := s.questions[e.Question]
	if old := q.votes[m.id]; old != nil {
		q.add(old, -1)
	} else if n := len(m.voted); n == 0 || m.voted[n-1] != q.id {
		m.voted = append(m.voted, q.id)
	}
	v := &vote{choice: e.Choice, ranking: e.Ranking, weight: e.Weight, at: at}
	q.votes[m.id] = v
	q.add(v, +1)
	if m.votes == nil {
		m.votes = map[ID]struct{}{}
	}
	m.votes[q.id] = struct{}{}
	s.touch(tVotes, q.id, m.id, 0)
}

// withdraw removes m's vote on q from the tally.
func (s *State) withdraw(q *question, m *member) {
	if v := q.votes[m.id]; v != nil {
		q.add(v, -1)
		delete(q.votes, m.id)
		delete(m.votes, q.id)
		s.touch(tVotes, q.id, m.id, 0)
	}
}

// deviates returns the mandate m's vote ev on q goes against, if any: the
// latest mandate of the council that elected m on that proposal.
func (s *State) deviates(q *question, m *member, ev VoteCast) *mandate {
	if q.kind != QProposal || m.seats[q.body] == nil {
		return nil
	}
	from := m.seats[q.body].council
	var md *mandate
	for _, id := range s.mandatesOn(q.id) {
		if x := s.mandates[id]; x.council == from {
			md = x
		}
	}
	if md == nil {
		return nil
	}
	if q.ranked {
		if md.option == 0 {
			return nil
		}
		if len(ev.Ranking) > 0 && len(ev.Ranking[0]) == 1 && ev.Ranking[0][0] == md.option {
			return nil
		}
		return md
	}
	if md.choice == "" || md.choice == ev.Choice {
		return nil
	}
	return md
}

// mandatesOn lists the mandates on proposal p, oldest first.
func (s *State) mandatesOn(p ID) []ID {
	return s.mandateIdx[p]
}

func (e DeviationRecorded) validate(s *State, at int64, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	md := s.mandates[e.Mandate]
	if md == nil {
		return errf(commune.ENOTFOUND, "mandate", "no mandate %d", e.Mandate)
	}
	q := s.questions[md.proposal]
	v := q.votes[m.id]
	if v == nil || v.at != at || s.deviates(q, m, VoteCast{Choice: v.choice, Ranking: v.ranking}) != md {
		return errf(commune.EINVALID, "no_deviation", "member %d's vote just cast does not go against mandate %d", m.id, md.id)
	}
	if err := s.wantID(e.Deviation, 1); err != nil {
		return err
	}
	want := ID(0)
	if s.openRecallOn(m.seats[q.body]) == 0 {
		want = s.next(2)
	}
	if e.Recall != want {
		return errf(commune.EINVALID, "figures_differ", "recall %d, computed %d", e.Recall, want)
	}
	return nil
}

func (e DeviationRecorded) apply(s *State, at int64, by Actor) {
	m := s.members[by.Member]
	md := s.mandates[e.Mandate]
	q := s.questions[md.proposal]
	v := q.votes[m.id]
	d := &deviation{id: s.alloc(), mandate: md.id, proposal: md.proposal, member: m.id, council: md.council,
		choice: v.choice, at: at}
	if v.ranking != nil {
		d.choice = rankingString(v.ranking)
	}
	s.deviations[d.id] = d
	m.devs = append(m.devs, d.id)
	if e.Recall != 0 {
		r := s.openRecall(m.seats[q.body], RecallDeviation, 0, at)
		d.recall = r.id
	} else {
		d.recall = s.openRecallOn(m.seats[q.body])
	}
	s.touch(tDeviations, d.id, 0, 0)
}
