package council

import (
	"commune"
)

// Referendum statuses and triggers.
const (
	ReferendumOpen    = "open"
	ReferendumDecided = "closed"

	TriggerPetition = "petition" // members beneath signed for it
	TriggerDemand   = "demand"   // a majority of constituent councils demanded it
)

type referendum struct {
	id, proposal, federation ID
	trigger                  string
	electorate               int64
	opened, closes           int64
	status                   string
	yes, no, abstain         int64
	quorum, passed           bool
	overturned               bool
}

// referable reports why decision t cannot go to a referendum, or nil.
func (s *State) referable(t *proposal) error {
	if !s.councils[t.council].federated() {
		return errf(commune.EINVALID, "not_federated", "only decisions of federated councils go to a referendum from below")
	}
	if t.kind != ProposalText && t.kind != ProposalStatutes {
		return errf(commune.EINVALID, "not_referable", "only text and statutes decisions go to a referendum")
	}
	if t.status != StatusPassed && t.status != StatusRejected {
		return errf(commune.ECONFLICT, "not_decided", "proposal %d is not decided yet", t.id)
	}
	if t.referendum != 0 {
		return errf(commune.ECONFLICT, "referendum_exists", "proposal %d already went to a referendum", t.id)
	}
	return nil
}

// membersBeneath counts the distinct members of the base councils beneath
// f: the electorate of a referendum. O(members beneath), paid once per
// petition or referendum.
func (s *State) membersBeneath(f ID) int64 {
	seen := map[ID]bool{}
	people := map[ID]bool{}
	var walk func(id ID)
	walk = func(id ID) {
		if seen[id] {
			return
		}
		seen[id] = true
		c := s.councils[id]
		for m := range c.members {
			people[m] = true
		}
		for k := range c.constituents {
			walk(k)
		}
	}
	walk(f)
	return int64(len(people))
}

// SignReferendum signs the petition to put a federated council's decision
// to a direct vote of all members of the base councils beneath it. When the
// signatures reach the statutes' share of those members, the referendum opens.
type SignReferendum struct {
	Proposal ID `json:"proposal"`
}

// Check implements Act.
func (a SignReferendum) Check(s *State, by Actor, now int64) ([]Event, error) {
	ev := ReferendumSigned{Proposal: a.Proposal}
	if t := s.proposals[a.Proposal]; t != nil && s.councils[t.council].federated() && s.refReaches(t) {
		ev.Referendum = s.next(1)
	}
	return checkFirst(s, by, now, ev)
}

// refReaches reports whether one more signature on t reaches the threshold.
func (s *State) refReaches(t *proposal) bool {
	f := s.councils[t.council]
	electorate := t.electorate
	if len(t.signers) == 0 {
		electorate = s.membersBeneath(f.id)
	}
	return (int64(len(t.signers))+1)*1000 >= f.statutes.Referendum*electorate
}

func (e ReferendumSigned) validate(s *State, at int64, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	t, err := s.proposal(e.Proposal)
	if err != nil {
		return err
	}
	if err := s.referable(t); err != nil {
		return err
	}
	f := s.councils[t.council]
	if at > t.decided+f.statutes.Petition {
		return errf(commune.ECONFLICT, "petition_closed", "the time to petition against proposal %d has passed", t.id)
	}
	if !s.beneath(m, f.id) {
		return errf(commune.EFORBIDDEN, "not_elector", "member %d is not a member of a council beneath council %d", m.id, f.id)
	}
	if _, ok := t.signers[m.id]; ok {
		return errf(commune.ECONFLICT, "already_signed", "member %d already signed", m.id)
	}
	want := ID(0)
	if s.refReaches(t) {
		want = s.next(1)
	}
	if e.Referendum != want {
		return errf(commune.EINVALID, "figures_differ", "referendum %d, computed %d", e.Referendum, want)
	}
	return nil
}

func (e ReferendumSigned) apply(s *State, at int64, by Actor) {
	t := s.proposals[e.Proposal]
	if t.signers == nil {
		t.signers = map[ID]int64{}
		t.electorate = s.membersBeneath(t.council)
	}
	t.signers[by.Member] = at
	s.touch(tReferendumSignatures, t.id, by.Member, 0)
	if e.Referendum != 0 {
		s.openReferendum(t, TriggerPetition, at)
	}
}

// openReferendum puts decision t to a direct vote.
func (s *State) openReferendum(t *proposal, trigger string, at int64) *referendum {
	f := s.councils[t.council]
	r := &referendum{id: s.alloc(), proposal: t.id, federation: f.id, trigger: trigger,
		electorate: s.membersBeneath(f.id), opened: at, closes: at + f.statutes.Voting, status: ReferendumOpen}
	s.referendums[r.id] = r
	t.referendum = r.id
	s.questions[r.id] = &question{id: r.id, kind: QReferendum, body: f.id, open: true, closes: r.closes, votes: map[ID]*vote{}}
	s.schedule(deadline{at: r.closes, kind: dlReferendum, id: r.id})
	s.touch(tReferendums, r.id, 0, 0)
	s.touch(tProposals, t.id, 0, 0)
	return r
}

// referendumOutcome decides a referendum from its votes, with the
// federated council's quorum and majority over the whole electorate.
func (s *State) referendumOutcome(r *referendum) ReferendumClosed {
	q := s.questions[r.id]
	f := s.councils[r.federation]
	t := s.proposals[r.proposal]
	ev := ReferendumClosed{Referendum: r.id, Electorate: r.electorate}
	ev.Yes, ev.No, ev.Abstain = q.recount()
	ev.Quorum, ev.Passed = f.statutes.yesNo(ev.Yes, ev.No, ev.Abstain, ev.Electorate)
	ev.Overturned = ev.Passed != (t.status == StatusPassed)
	return ev
}

func (e ReferendumClosed) validate(s *State, at int64, by Actor) error {
	if err := serverOnly(by); err != nil {
		return err
	}
	r := s.referendums[e.Referendum]
	if r == nil {
		return errf(commune.ENOTFOUND, "referendum", "no referendum %d", e.Referendum)
	}
	if r.status != ReferendumOpen || at < r.closes {
		return errf(commune.ECONFLICT, "not_due", "referendum %d has not closed", r.id)
	}
	return sameFigures(e, s.referendumOutcome(r))
}

func (e ReferendumClosed) apply(s *State, at int64, by Actor) {
	r := s.referendums[e.Referendum]
	s.closeQuestion(s.questions[r.id])
	r.status = ReferendumDecided
	r.yes, r.no, r.abstain, r.quorum, r.passed, r.overturned = e.Yes, e.No, e.Abstain, e.Quorum, e.Passed, e.Overturned
	s.touch(tReferendums, r.id, 0, 0)
	if !e.Overturned {
		return
	}
	t := s.proposals[r.proposal]
	f := s.councils[t.council]
	if e.Passed {
		t.status = StatusPassed
		if t.kind == ProposalStatutes {
			prev := f.statutes
			t.prev = &prev
			f.statutes = *t.motion.Statutes
		}
	} else {
		t.status = StatusRejected
		if t.kind == ProposalStatutes && t.prev != nil {
			f.statutes = *t.prev
		}
	}
	s.touch(tProposals, t.id, 0, 0)
	s.touch(tCouncils, f.id, 0, 0)
}
