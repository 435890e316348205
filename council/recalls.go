package council

import (
	"sort"

	"commune"
)

// Recall statuses and reasons.
const (
	RecallOpen   = "open"
	RecallPassed = "passed"
	RecallFailed = "failed"

	RecallElector   = "elector"   // opened by one of the delegate's electors
	RecallPetition  = "petition"  // opened by a petition reaching the threshold
	RecallDeviation = "deviation" // opened by a vote against a mandate
)

type recall struct {
	id, federation, council, delegate ID
	seat                              seatKey
	reason                            string
	opener                            ID
	opened, closes                    int64
	status                            string
	yes, no, abstain, electors        int64
	quorum                            bool
	withdrawn                         []ID
	byElection                        ID
}

// openRecallOn is the open recall on a seat, or 0.
func (s *State) openRecallOn(st *seat) ID {
	if st == nil {
		return 0
	}
	return s.seatRecall[seatKey{st.election, st.member}]
}

// openRecall opens a recall vote on a seat among the delegate's electors.
func (s *State) openRecall(st *seat, reason string, opener ID, at int64) *recall {
	c := s.councils[st.council]
	r := &recall{id: s.alloc(), federation: st.federation, council: st.council, delegate: st.member,
		seat: seatKey{st.election, st.member}, reason: reason, opener: opener, opened: at,
		closes: at + c.statutes.Voting, status: RecallOpen}
	s.recalls[r.id] = r
	c.recallIDs = append(c.recallIDs, r.id)
	s.councils[st.federation].recallIDs = append(s.councils[st.federation].recallIDs, r.id)
	s.seatRecall[r.seat] = r.id
	s.questions[r.id] = &question{id: r.id, kind: QRecall, body: c.id, open: true, closes: r.closes, votes: map[ID]*vote{}}
	s.schedule(deadline{at: r.closes, kind: dlRecall, id: r.id})
	if p := s.petitions[petitionKey{st.federation, st.member}]; p != nil {
		for signer := range p.signers {
			s.touch(tRecallPetitions, st.federation, st.member, signer)
		}
		delete(s.petitions, petitionKey{st.federation, st.member})
	}
	s.touch(tRecalls, r.id, 0, 0)
	return r
}

// delegateSeat finds the current seat of delegate in federated council f
// and checks that m is one of its electors.
func (s *State) delegateSeat(m *member, f, delegate ID) (*seat, error) {
	d := s.members[delegate]
	if d == nil {
		return nil, errf(commune.ENOTFOUND, "member", "no member %d", delegate)
	}
	st := d.seats[f]
	if st == nil {
		return nil, errf(commune.ENOTFOUND, "seat", "member %d holds no seat in council %d", delegate, f)
	}
	if _, err := s.electorWeight(s.councils[st.council], m, QRecall); err != nil {
		return nil, err
	}
	return st, nil
}

// OpenRecall opens a recall vote on a delegate; any of the delegate's
// electors (the members of the council that elected them) may.
type OpenRecall struct {
	Federation ID `json:"federation"`
	Delegate   ID `json:"delegate"`
}

// Check implements Act.
func (a OpenRecall) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, RecallOpened{Recall: s.next(1), Federation: a.Federation, Delegate: a.Delegate})
}

func (e RecallOpened) validate(s *State, at int64, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	st, err := s.delegateSeat(m, e.Federation, e.Delegate)
	if err != nil {
		return err
	}
	if s.openRecallOn(st) != 0 {
		return errf(commune.ECONFLICT, "recall_open", "a recall of member %d is already open", e.Delegate)
	}
	return s.wantID(e.Recall, 1)
}

func (e RecallOpened) apply(s *State, at int64, by Actor) {
	s.openRecall(s.members[e.Delegate].seats[e.Federation], RecallElector, by.Member, at)
}

// SignRecallPetition signs the petition to recall a delegate; when the
// signatures reach the statutes' share of the delegate's electors, a
// recall opens by itself.
type SignRecallPetition struct {
	Federation ID `json:"federation"`
	Delegate   ID `json:"delegate"`
}

// Check implements Act.
func (a SignRecallPetition) Check(s *State, by Actor, now int64) ([]Event, error) {
	ev := RecallPetitionSigned{Federation: a.Federation, Delegate: a.Delegate}
	if s.petitionReaches(a.Federation, a.Delegate) {
		ev.Recall = s.next(1)
	}
	return checkFirst(s, by, now, ev)
}

// petitionReaches reports whether one more signature reaches the threshold.
func (s *State) petitionReaches(f, delegate ID) bool {
	d := s.members[delegate]
	if d == nil || d.seats[f] == nil {
		return false
	}
	c := s.councils[d.seats[f].council]
	n := int64(1)
	if p := s.petitions[petitionKey{f, delegate}]; p != nil {
		n += int64(len(p.signers))
	}
	return n*1000 >= c.statutes.RecallPetition*c.electors()
}

func (e RecallPetitionSigned) validate(s *State, at int64, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	st, err := s.delegateSeat(m, e.Federation, e.Delegate)
	if err != nil {
		return err
	}
	if s.openRecallOn(st) != 0 {
		return errf(commune.ECONFLICT, "recall_open", "a recall of member %d is already open", e.Delegate)
	}
	if p := s.petitions[petitionKey{e.Federation, e.Delegate}]; p != nil {
		if _, ok := p.signers[m.id]; ok {
			return errf(commune.ECONFLICT, "already_signed", "member %d already signed", m.id)
		}
	}
	want := ID(0)
	if s.petitionReaches(e.Federation, e.Delegate) {
		want = s.next(1)
	}
	if e.Recall != want {
		return errf(commune.EINVALID, "figures_differ", "recall %d, computed %d", e.Recall, want)
	}
	return nil
}

func (e RecallPetitionSigned) apply(s *State, at int64, by Actor) {
	st := s.members[e.Delegate].seats[e.Federation]
	k := petitionKey{e.Federation, e.Delegate}
	if e.Recall != 0 {
		s.openRecall(st, RecallPetition, 0, at)
		return
	}
	p := s.petitions[k]
	if p == nil {
		p = &petition{federation: e.Federation, member: e.Delegate, signers: map[ID]int64{}}
		s.petitions[k] = p
	}
	p.signers[by.Member] = at
	s.touch(tRecallPetitions, e.Federation, e.Delegate, by.Member)
}

// recallOutcome decides recall r from its votes: it passes by a majority of
// the votes cast, with the constituent's quorum.
func (s *State) recallOutcome(r *recall, last ID) RecallClosed {
	q := s.questions[r.id]
	c := s.councils[r.council]
	ev := RecallClosed{Recall: r.id, Electors: s.electorsOf(c)}
	ev.Yes, ev.No, ev.Abstain = q.recount()
	cast := ev.Yes + ev.No + ev.Abstain
	ev.Quorum = cast > 0 && cast*1000 >= c.statutes.Quorum*ev.Electors
	ev.Passed = ev.Quorum && ev.Yes*2 > cast
	st := s.seats[r.seat]
	if !ev.Passed || st.status != SeatActive {
		return ev
	}
	for id := range s.members[r.delegate].votes {
		if q := s.questions[id]; q.open && q.kind != QReferendum && q.body == r.federation {
			ev.Withdrawn = append(ev.Withdrawn, id)
		}
	}
	sort.Slice(ev.Withdrawn, func(i, j int) bool { return ev.Withdrawn[i] < ev.Withdrawn[j] })
	if s.openElection(r.council, r.federation) == 0 {
		ev.ByElection = last + 1
	}
	return ev
}

func (e RecallClosed) validate(s *State, at int64, by Actor) error {
	if err := serverOnly(by); err != nil {
		return err
	}
	r := s.recalls[e.Recall]
	if r == nil {
		return errf(commune.ENOTFOUND, "recall", "no recall %d", e.Recall)
	}
	if r.status != RecallOpen || at < r.closes {
		return errf(commune.ECONFLICT, "not_due", "recall %d has not closed", r.id)
	}
	return sameFigures(e, s.recallOutcome(r, s.last))
}

func (e RecallClosed) apply(s *State, at int64, by Actor) {
	r := s.recalls[e.Recall]
	s.closeQuestion(s.questions[r.id])
	delete(s.seatRecall, r.seat)
	r.yes, r.no, r.abstain, r.electors, r.quorum = e.Yes, e.No, e.Abstain, e.Electors, e.Quorum
	r.status = RecallFailed
	if e.Passed {
		r.status = RecallPassed
		st := s.seats[r.seat]
		if st.status == SeatActive {
			m := s.members[r.delegate]
			for _, id := range e.Withdrawn {
				s.withdraw(s.questions[id], m)
			}
			r.withdrawn = e.Withdrawn
			s.vacate(st, SeatRecalled, at)
			if e.ByElection != 0 {
				el := s.openElectionFor(s.councils[r.council], s.councils[r.federation], ReasonRecall, at)
				el.recalled = r.delegate
				r.byElection = el.id
			}
		}
	}
	s.touch(tRecalls, r.id, 0, 0)
}
