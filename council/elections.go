package council

import (
	"sort"

	"commune"
	"commune/ballot"
)

// Election statuses.
const (
	ElectionNominations = "nominations"
	ElectionVoting      = "voting"
	ElectionDecided     = "closed"
	ElectionFailed      = "failed"
	ElectionCancelled   = "cancelled"
)

// Why an election was opened.
const (
	ReasonFirst   = "first"   // the council just joined the federated council
	ReasonTerm    = "term"    // terms ended
	ReasonVacancy = "vacancy" // a delegate left their council
	ReasonRecall  = "recall"  // a delegate was recalled
	ReasonCalled  = "called"  // an elector called it for vacant seats
)

// Seat statuses.
const (
	SeatActive   = "active"
	SeatEnded    = "ended"
	SeatRecalled = "recalled"
	SeatLeft     = "left"
)

type election struct {
	id, council, federation ID
	seats                   int64
	reason                  string
	recalled                ID // by-election after a recall: the recalled delegate
	opened, nominations     int64
	closes                  int64
	status                  string
	candidates              []ID
	ballots                 int64
	elected                 []ID
}

type rotKey struct{ council, federation, member ID }

// rotation counts a delegate's consecutive terms in one seat; next is the
// election that would continue the run.
type rotation struct {
	terms int64
	next  ID
}

// openElection is c's open election of delegates to f, or 0.
func (s *State) openElection(c, f ID) ID {
	return s.councils[c].elections[f]
}

// vacancies is the number of c's seats in f without a delegate.
func (s *State) vacancies(c, f *council) int64 {
	return f.statutes.seatsFor(c.size) - f.seated[c.id]
}

// openElectionFor opens c's election of delegates to f for its vacant seats.
func (s *State) openElectionFor(c, f *council, reason string, at int64) *election {
	n := s.vacancies(c, f)
	if n < 1 {
		n = 1
	}
	e := &election{id: s.alloc(), council: c.id, federation: f.id, seats: n, reason: reason, opened: at,
		nominations: at + c.statutes.Discussion, status: ElectionNominations}
	e.closes = e.nominations + c.statutes.Voting
	s.elections[e.id] = e
	c.electionIDs = append(c.electionIDs, e.id)
	f.electionIDs = append(f.electionIDs, e.id)
	if c.elections == nil {
		c.elections = map[ID]ID{}
	}
	c.elections[f.id] = e.id
	s.questions[e.id] = &question{id: e.id, kind: QElection, body: c.id, closes: e.closes, votes: map[ID]*vote{}}
	s.schedule(deadline{at: e.nominations, kind: dlNominations, id: e.id})
	s.touch(tElections, e.id, 0, 0)
	return e
}

// cancelElection ends an election without result (its council left).
func (s *State) cancelElection(e *election) {
	e.status = ElectionCancelled
	s.closeQuestion(s.questions[e.id])
	delete(s.councils[e.council].elections, e.federation)
	s.touch(tElections, e.id, 0, 0)
}

func (s *State) election(id ID) (*election, error) {
	e := s.elections[id]
	if e == nil {
		return nil, errf(commune.ENOTFOUND, "election", "no election %d", id)
	}
	return e, nil
}

// CallElection opens an election of a council's delegates to a federated
// council when seats are vacant and no election is open. Any elector may.
type CallElection struct {
	Council    ID `json:"council"`
	Federation ID `json:"federation"`
}

// Check implements Act.
func (a CallElection) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, ElectionCalled{Election: s.next(1), Council: a.Council, Federation: a.Federation})
}

func (e ElectionCalled) validate(s *State, at int64, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	c, err := s.council(e.Council)
	if err != nil {
		return err
	}
	if _, err := s.electorWeight(c, m, QElection); err != nil {
		return err
	}
	f := s.councils[e.Federation]
	if f == nil {
		return errf(commune.ENOTFOUND, "council", "no council %d", e.Federation)
	}
	if _, ok := c.parents[f.id]; !ok {
		return errf(commune.ECONFLICT, "not_constituent", "council %d does not belong to council %d", c.id, f.id)
	}
	if s.openElection(c.id, f.id) != 0 {
		return errf(commune.ECONFLICT, "election_open", "an election is already open")
	}
	if s.vacancies(c, f) < 1 {
		return errf(commune.ECONFLICT, "no_vacancy", "council %d has no vacant seat in council %d", c.id, f.id)
	}
	return s.wantID(e.Election, 1)
}

func (e ElectionCalled) apply(s *State, at int64, by Actor) {
	s.openElectionFor(s.councils[e.Council], s.councils[e.Federation], ReasonCalled, at)
}

// Nominate files the acting member's own candidacy in an election during
// nominations: self-nomination only, by an elector of the electing council.
type Nominate struct {
	Election ID `json:"election"`
}

// Check implements Act.
func (a Nominate) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, CandidacyFiled(a))
}

func (e CandidacyFiled) validate(s *State, at int64, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	el, err := s.election(e.Election)
	if err != nil {
		return err
	}
	if _, err := s.electorWeight(s.councils[el.council], m, QElection); err != nil {
		return err
	}
	if el.status != ElectionNominations {
		return errf(commune.ECONFLICT, "nominations_closed", "nominations for election %d are closed", el.id)
	}
	for _, c := range el.candidates {
		if c == m.id {
			return errf(commune.ECONFLICT, "already_candidate", "member %d is already a candidate", m.id)
		}
	}
	if m.seats[el.federation] != nil {
		return errf(commune.ECONFLICT, "already_delegate", "member %d already holds a seat in council %d", m.id, el.federation)
	}
	if el.recalled == m.id {
		return errf(commune.EFORBIDDEN, "recalled", "a recalled delegate does not stand in the by-election their recall opened")
	}
	if r := s.rotation[rotKey{el.council, el.federation, m.id}]; r != nil && r.next == el.id && r.terms >= s.councils[el.council].statutes.RotationLimit {
		return errf(commune.EFORBIDDEN, "rotation_limit", "member %d has served %d consecutive terms", m.id, r.terms)
	}
	if len(el.candidates) >= 200 {
		return errf(commune.ECONFLICT, "too_many_candidates", "election %d has 200 candidates", el.id)
	}
	return nil
}

func (e CandidacyFiled) apply(s *State, at int64, by Actor) {
	el := s.elections[e.Election]
	el.candidates = append(el.candidates, by.Member)
	s.touch(tCandidacies, el.id, by.Member, 0)
	s.touch(tElections, el.id, 0, 0)
}

// WithdrawCandidacy withdraws the acting member's candidacy during nominations.
type WithdrawCandidacy struct {
	Election ID `json:"election"`
}

// Check implements Act.
func (a WithdrawCandidacy) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, CandidacyWithdrawn(a))
}

func (e CandidacyWithdrawn) validate(s *State, at int64, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	el, err := s.election(e.Election)
	if err != nil {
		return err
	}
	if el.status != ElectionNominations {
		return errf(commune.ECONFLICT, "nominations_closed", "nominations for election %d are closed", el.id)
	}
	for _, c := range el.candidates {
		if c == m.id {
			return nil
		}
	}
	return errf(commune.ENOTFOUND, "candidacy", "member %d is not a candidate", m.id)
}

func (e CandidacyWithdrawn) apply(s *State, at int64, by Actor) {
	el := s.elections[e.Election]
	for i, c := range el.candidates {
		if c == by.Member {
			el.candidates = append(el.candidates[:i:i], el.candidates[i+1:]...)
			break
		}
	}
	s.touch(tCandidacies, el.id, by.Member, 0)
	s.touch(tElections, el.id, 0, 0)
}

// nominationsClosed computes the event that opens an election's vote.
func (s *State) nominationsClosed(e *election) ElectionVotingOpened {
	return ElectionVotingOpened{Election: e.id, Candidates: append([]ID(nil), e.candidates...)}
}

func (e ElectionVotingOpened) validate(s *State, at int64, by Actor) error {
	if err := serverOnly(by); err != nil {
		return err
	}
	el, err := s.election(e.Election)
	if err != nil {
		return err
	}
	if el.status != ElectionNominations || at < el.nominations {
		return errf(commune.ECONFLICT, "not_due", "nominations for election %d have not closed", el.id)
	}
	return sameFigures(e, s.nominationsClosed(el))
}

func (e ElectionVotingOpened) apply(s *State, at int64, by Actor) {
	el := s.elections[e.Election]
	el.status = ElectionVoting
	q := s.questions[el.id]
	q.open = true
	q.setOptions(el.candidates)
	s.schedule(deadline{at: el.closes, kind: dlElection, id: el.id})
	s.touch(tElections, el.id, 0, 0)
}

// electionOutcome counts an election's ballots: the Schulze method for one
// seat, Meek STV (ballot.STV) for several. Candidates who are no longer
// electors of the council or already sit in the federated council are
// left out; ties for one seat go to the earlier candidacy.
func (s *State) electionOutcome(e *election) ElectionClosed {
	q := s.questions[e.id]
	c, f := s.councils[e.council], s.councils[e.federation]
	ev := ElectionClosed{Election: e.id}
	var keep []int // option positions still eligible
	for i, cand := range q.options {
		m := s.members[cand]
		if _, err := s.electorWeight(c, m, QElection); err == nil && m.seats[f.id] == nil {
			keep = append(keep, i)
		}
	}
	pos := make(map[int]int, len(keep))
	for k, i := range keep {
		pos[i] = k
	}
	var ballots []ballot.Ballot
	for _, voter := range sortedIDs(q.votes) {
		v := q.votes[voter]
		ev.Ballots += v.weight
		b := ballot.Ballot{Count: int(v.weight)}
		for _, grp := range v.ranking {
			var g []int
			for _, o := range grp {
				if k, ok := pos[q.index[o]]; ok {
					g = append(g, k)
				}
			}
			if len(g) > 0 {
				b.Ranks = append(b.Ranks, g)
			}
		}
		ballots = append(ballots, b)
	}
	n := len(keep)
	if n == 0 || ev.Ballots == 0 {
		return ev
	}
	var won []int
	switch {
	case int64(n) <= e.seats:
		for k := range keep {
			won = append(won, k)
		}
	case e.seats == 1:
		won = []int{ballot.Schulze(n, ballots).Ranking[0][0]}
	default:
		var err error
		won, _, err = ballot.STV(n, int(e.seats), ballots)
		if err != nil {
			return ev
		}
	}
	for _, k := range won {
		ev.Elected = append(ev.Elected, q.options[keep[k]])
	}
	sort.Slice(ev.Elected, func(i, j int) bool { return ev.Elected[i] < ev.Elected[j] })
	return ev
}

func (e ElectionClosed) validate(s *State, at int64, by Actor) error {
	if err := serverOnly(by); err != nil {
		return err
	}
	el, err := s.election(e.Election)
	if err != nil {
		return err
	}
	if el.status != ElectionVoting || at < el.closes {
		return errf(commune.ECONFLICT, "not_due", "election %d has not closed", el.id)
	}
	return sameFigures(e, s.electionOutcome(el))
}

func (e ElectionClosed) apply(s *State, at int64, by Actor) {
	el := s.elections[e.Election]
	c, f := s.councils[el.council], s.councils[el.federation]
	s.closeQuestion(s.questions[el.id])
	el.ballots, el.elected = e.Ballots, e.Elected
	el.status = ElectionDecided
	if len(e.Elected) == 0 {
		el.status = ElectionFailed
	}
	delete(c.elections, f.id)
	for _, mid := range e.Elected {
		m := s.members[mid]
		st := &seat{election: el.id, federation: f.id, council: c.id, member: mid, start: at,
			end: at + c.statutes.Term, status: SeatActive}
		s.seats[seatKey{el.id, mid}] = st
		f.delegates[mid] = st
		if f.seated == nil {
			f.seated = map[ID]int64{}
		}
		f.seated[c.id]++
		if m.seats == nil {
			m.seats = map[ID]*seat{}
		}
		m.seats[f.id] = st
		m.history = append(m.history, st)
		k := rotKey{c.id, f.id, mid}
		r := s.rotation[k]
		if r == nil {
			r = &rotation{}
			s.rotation[k] = r
		}
		if r.next == el.id {
			r.terms++
		} else {
			r.terms = 1
		}
		r.next = 0
		s.schedule(deadline{at: st.end, kind: dlTerm, id: el.id, member: mid})
		s.touch(tSeats, el.id, mid, 0)
	}
	s.touch(tElections, el.id, 0, 0)
}

// vacate ends a seat with the given status.
func (s *State) vacate(st *seat, status string, at int64) {
	st.status, st.ended = status, at
	f := s.councils[st.federation]
	delete(f.delegates, st.member)
	f.seated[st.council]--
	delete(s.members[st.member].seats, st.federation)
	s.touch(tSeats, st.election, st.member, 0)
}

// termsOutcome computes the end of the terms of members elected by e.
func (s *State) termsOutcome(e ID, members []ID, last ID) TermsEnded {
	ms := append([]ID(nil), members...)
	sort.Slice(ms, func(i, j int) bool { return ms[i] < ms[j] })
	el := s.elections[e]
	ev := TermsEnded{Election: e, Members: ms}
	if s.openElection(el.council, el.federation) == 0 {
		ev.Next = last + 1
	}
	return ev
}

func (e TermsEnded) validate(s *State, at int64, by Actor) error {
	if err := serverOnly(by); err != nil {
		return err
	}
	if _, err := s.election(e.Election); err != nil {
		return err
	}
	if len(e.Members) == 0 {
		return errf(commune.EINVALID, "bad_members", "no members")
	}
	for i, mid := range e.Members {
		st := s.seats[seatKey{e.Election, mid}]
		if st == nil || st.status != SeatActive || at < st.end {
			return errf(commune.ECONFLICT, "not_due", "member %d's term from election %d has not ended", mid, e.Election)
		}
		if i > 0 && e.Members[i-1] >= mid {
			return errf(commune.EINVALID, "bad_members", "members must be in increasing order")
		}
	}
	return sameFigures(e, s.termsOutcome(e.Election, e.Members, s.last))
}

func (e TermsEnded) apply(s *State, at int64, by Actor) {
	el := s.elections[e.Election]
	c, f := s.councils[el.council], s.councils[el.federation]
	for _, mid := range e.Members {
		s.vacate(s.seats[seatKey{e.Election, mid}], SeatEnded, at)
	}
	if e.Next == 0 {
		return
	}
	next := s.openElectionFor(c, f, ReasonTerm, at)
	for _, mid := range e.Members {
		if r := s.rotation[rotKey{c.id, f.id, mid}]; r != nil {
			r.next = next.id
		}
	}
}
