package council

import (
	"commune"
)

// Proposal kinds.
const (
	ProposalText            = "text"              // a plain decision
	ProposalStatutes        = "statutes"          // new statutes for the council
	ProposalFoundFederation = "found_federation"  // found a federated council with this council as first constituent
	ProposalJoin            = "join"              // join a federated council
	ProposalLeave           = "leave"             // leave a federated council
	ProposalAdmission       = "admission"         // admit an existing member (statutes: admission vote)
	ProposalMandate         = "mandate"           // instruct the council's delegates how to vote on a higher council's proposal
	ProposalReferendum      = "referendum_demand" // demand a referendum on a higher council's decision
)

// Proposal statuses.
const (
	StatusDiscussion = "discussion"
	StatusVoting     = "voting"
	StatusPassed     = "passed"
	StatusRejected   = "rejected"
)

// Motion is what a proposal of a given kind would do if passed.
type Motion struct {
	Statutes   *Statutes    `json:"statutes,omitempty"`   // statutes
	Name       string       `json:"name,omitempty"`       // found_federation: the new council's name
	Federation ID           `json:"federation,omitempty"` // join, leave
	Member     ID           `json:"member,omitempty"`     // admission: who is admitted
	Target     ID           `json:"target,omitempty"`     // mandate, referendum_demand: the higher council's proposal
	Choice     string       `json:"choice,omitempty"`     // mandate on a yes/no question: yes, no or abstain
	Option     ID           `json:"option,omitempty"`     // mandate on a ranked question: the alternative to rank first
	Cycle      *CycleMotion `json:"cycle,omitempty"`      // planning cycle and accounts kinds (cycle.go)
}

type proposal struct {
	id, council, author ID
	kind, title, text   string
	motion              Motion
	created             int64
	opens, closes       int64
	status              string
	amendments          []ID
	yes, no, abstain    int64
	ballots, electors   int64
	quorum              bool
	ranking             string
	winner              ID
	decided             int64
	referendum          ID
	prev                *Statutes // statutes replaced when this proposal took effect
	demands             map[ID]int64
	signers             map[ID]int64 // referendum petition
	electorate          int64        // referendum petition: members beneath at the first signature
	reports             []ID         // minority reports
}

// Propose makes a proposal in a council: by any member of a base council,
// by any delegate in a federated council.
type Propose struct {
	Council ID     `json:"council"`
	Kind    string `json:"kind"`
	Title   string `json:"title"`
	Text    string `json:"text"`
	Motion  Motion `json:"motion"`
}

// Check implements Act.
func (a Propose) Check(s *State, by Actor, now int64) ([]Event, error) {
	kind := a.Kind
	if kind == "" {
		kind = ProposalText
	}
	return checkFirst(s, by, now, ProposalMade{Proposal: s.next(1), Council: a.Council, ProposalKind: kind,
		Title: a.Title, Text: a.Text, Motion: a.Motion})
}

// RequestAdmission asks a base council whose statutes say "admission: vote"
// to admit the acting member; it opens an admission proposal.
type RequestAdmission struct {
	Council ID     `json:"council"`
	Text    string `json:"text"`
}

// Check implements Act.
func (a RequestAdmission) Check(s *State, by Actor, now int64) ([]Event, error) {
	title := "Admission"
	if m := s.members[by.Member]; m != nil {
		title = "Admission of " + m.name
	}
	return checkFirst(s, by, now, ProposalMade{Proposal: s.next(1), Council: a.Council, ProposalKind: ProposalAdmission,
		Title: title, Text: a.Text, Motion: Motion{Member: by.Member}})
}

func (e ProposalMade) validate(s *State, at int64, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	c, err := s.council(e.Council)
	if err != nil {
		return err
	}
	selfAdmission := e.ProposalKind == ProposalAdmission && e.Motion.Member == m.id
	if !selfAdmission {
		if _, err := s.electorWeight(c, m, QProposal); err != nil {
			return err
		}
	}
	if err := checkText("title", e.Title, 1, 300); err != nil {
		return err
	}
	if err := checkText("text", e.Text, 0, 100_000); err != nil {
		return err
	}
	if err := s.checkMotion(c, e.ProposalKind, e.Motion); err != nil {
		return err
	}
	if e.ProposalKind == ProposalText && e.Text == "" {
		return errf(commune.EINVALID, "bad_text", "a text proposal needs a text")
	}
	return s.wantID(e.Proposal, 1)
}

// checkMotion validates a proposal's motion for its kind.
func (s *State) checkMotion(c *council, kind string, mo Motion) error {
	bad := func(format string, args ...any) error {
		return errf(commune.EINVALID, "bad_motion", format, args...)
	}
	want := Motion{}
	switch kind {
	case ProposalText:
	case ProposalStatutes:
		if mo.Statutes == nil {
			return bad("a statutes proposal carries the new statutes")
		}
		if err := mo.Statutes.Validate(); err != nil {
			return err
		}
		want.Statutes = mo.Statutes
	case ProposalFoundFederation:
		if err := checkText("name", mo.Name, 1, 200); err != nil {
			return err
		}
		want.Name = mo.Name
	case ProposalJoin, ProposalLeave:
		f := s.councils[mo.Federation]
		if f == nil {
			return errf(commune.ENOTFOUND, "council", "no council %d", mo.Federation)
		}
		if !f.federated() {
			return bad("council %d is not a federated council", f.id)
		}
		_, member := f.constituents[c.id]
		if kind == ProposalJoin && member {
			return errf(commune.ECONFLICT, "already_constituent", "council %d already belongs to council %d", c.id, f.id)
		}
		if kind == ProposalJoin && s.isBelow(f.id, c.id) {
			return bad("council %d is beneath council %d: no cycles", f.id, c.id)
		}
		if kind == ProposalLeave && !member {
			return errf(commune.ECONFLICT, "not_constituent", "council %d does not belong to council %d", c.id, f.id)
		}
		want.Federation = mo.Federation
	case ProposalAdmission:
		if c.federated() {
			return bad("a federated council admits no members: it seats delegates")
		}
		if c.statutes.Admission != "vote" {
			return errf(commune.EFORBIDDEN, "admission_by_invitation", "council %d admits by invitation", c.id)
		}
		if s.members[mo.Member] == nil {
			return errf(commune.ENOTFOUND, "member", "no member %d", mo.Member)
		}
		if _, ok := c.members[mo.Member]; ok {
			return errf(commune.ECONFLICT, "already_member", "member %d already belongs to council %d", mo.Member, c.id)
		}
		want.Member = mo.Member
	case ProposalMandate, ProposalReferendum:
		t := s.proposals[mo.Target]
		if t == nil {
			return errf(commune.ENOTFOUND, "proposal", "no proposal %d", mo.Target)
		}
		if _, ok := s.councils[t.council].constituents[c.id]; !ok {
			return bad("proposal %d is not before a council that council %d belongs to", t.id, c.id)
		}
		want.Target = mo.Target
		if kind == ProposalMandate {
			if t.status != StatusDiscussion && t.status != StatusVoting {
				return errf(commune.ECONFLICT, "voting_closed", "proposal %d is decided", t.id)
			}
			switch {
			case mo.Option != 0 && mo.Choice == "":
				want.Option = mo.Option
			case mo.Option == 0 && (mo.Choice == Yes || mo.Choice == No || mo.Choice == Abstain):
				want.Choice = mo.Choice
			default:
				return bad("a mandate gives either a choice (yes, no, abstain) or an option to rank first")
			}
		} else if err := s.referable(t); err != nil {
			return err
		}
	default:
		if handled, err := s.checkCycleMotion(c, kind, mo); handled {
			return err
		}
		return errf(commune.EINVALID, "bad_kind", "unknown proposal kind %q", kind)
	}
	if !sameMotion(mo, want) {
		return bad("the motion carries fields its kind does not use")
	}
	return nil
}

func sameMotion(a, b Motion) bool {
	if (a.Statutes == nil) != (b.Statutes == nil) || (a.Statutes != nil && *a.Statutes != *b.Statutes) {
		return false
	}
	if (a.Cycle == nil) != (b.Cycle == nil) || (a.Cycle != nil && jsonText(a.Cycle) != jsonText(b.Cycle)) {
		return false
	}
	a.Statutes, b.Statutes = nil, nil
	a.Cycle, b.Cycle = nil, nil
	return a == b
}

func (e ProposalMade) apply(s *State, at int64, by Actor) {
	c := s.councils[e.Council]
	p := &proposal{id: s.alloc(), council: c.id, author: by.Member, kind: e.ProposalKind, title: e.Title, text: e.Text,
		motion: e.Motion, created: at, status: StatusDiscussion}
	p.opens = at + c.statutes.Discussion
	p.closes = p.opens + c.statutes.Voting
	s.proposals[p.id] = p
	c.proposals = append(c.proposals, p.id)
	s.questions[p.id] = &question{id: p.id, kind: QProposal, body: c.id, closes: p.closes, votes: map[ID]*vote{}}
	s.schedule(deadline{at: p.opens, kind: dlDiscussion, id: p.id})
	s.touch(tProposals, p.id, 0, 0)
}

// Amend proposes an amendment to a text proposal in discussion. The
// proposer may accept it into the text; if not accepted it stands as a
// competing alternative when voting opens.
type Amend struct {
	Proposal ID     `json:"proposal"`
	Text     string `json:"text"`
}

// Check implements Act.
func (a Amend) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, AmendmentMade{Amendment: s.next(1), Proposal: a.Proposal, Text: a.Text})
}

func (e AmendmentMade) validate(s *State, at int64, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	p, err := s.proposal(e.Proposal)
	if err != nil {
		return err
	}
	if _, err := s.electorWeight(s.councils[p.council], m, QProposal); err != nil {
		return err
	}
	if p.kind != ProposalText {
		return errf(commune.EINVALID, "not_amendable", "only text proposals take amendments")
	}
	if p.status != StatusDiscussion {
		return errf(commune.ECONFLICT, "discussion_closed", "proposal %d is no longer in discussion", p.id)
	}
	if len(p.amendments) >= 50 {
		return errf(commune.ECONFLICT, "too_many_amendments", "proposal %d has 50 amendments", p.id)
	}
	if err := checkText("text", e.Text, 1, 100_000); err != nil {
		return err
	}
	return s.wantID(e.Amendment, 1)
}

func (e AmendmentMade) apply(s *State, at int64, by Actor) {
	a := &amendment{id: s.alloc(), proposal: e.Proposal, author: by.Member, text: e.Text, status: "open", at: at}
	s.amendments[a.id] = a
	p := s.proposals[e.Proposal]
	p.amendments = append(p.amendments, a.id)
	s.touch(tAmendments, a.id, 0, 0)
}

// AcceptAmendment takes an amendment into the proposal's text; only the
// proposer may, during discussion.
type AcceptAmendment struct {
	Amendment ID `json:"amendment"`
}

// Check implements Act.
func (a AcceptAmendment) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, AmendmentAccepted(a))
}

func (e AmendmentAccepted) validate(s *State, at int64, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	a := s.amendments[e.Amendment]
	if a == nil {
		return errf(commune.ENOTFOUND, "amendment", "no amendment %d", e.Amendment)
	}
	p := s.proposals[a.proposal]
	if p.author != m.id {
		return errf(commune.EFORBIDDEN, "not_proposer", "only the proposer accepts amendments")
	}
	if p.status != StatusDiscussion {
		return errf(commune.ECONFLICT, "discussion_closed", "proposal %d is no longer in discussion", p.id)
	}
	if a.status != "open" {
		return errf(commune.ECONFLICT, "amendment_accepted", "amendment %d was already accepted", a.id)
	}
	return nil
}

func (e AmendmentAccepted) apply(s *State, at int64, by Actor) {
	a := s.amendments[e.Amendment]
	a.status = "accepted"
	p := s.proposals[a.proposal]
	p.text = a.text
	s.touch(tAmendments, a.id, 0, 0)
	s.touch(tProposals, p.id, 0, 0)
}

func (s *State) proposal(id ID) (*proposal, error) {
	p := s.proposals[id]
	if p == nil {
		return nil, errf(commune.ENOTFOUND, "proposal", "no proposal %d", id)
	}
	return p, nil
}

// votingOpened computes the event that ends p's discussion.
func (s *State) votingOpened(p *proposal) VotingOpened {
	ev := VotingOpened{Proposal: p.id}
	if p.kind == ProposalPlanAdoption {
		// The alternatives are the period's variants, and "none of these".
		ev.Options = append([]ID{0}, s.cyc.periods[p.motion.Cycle.Period].variants...)
		return ev
	}
	var alts []ID
	for _, id := range p.amendments {
		if s.amendments[id].status == "open" {
			alts = append(alts, id)
		}
	}
	if len(alts) > 0 {
		ev.Options = append([]ID{0, p.id}, alts...)
	}
	return ev
}

func (e VotingOpened) validate(s *State, at int64, by Actor) error {
	if err := serverOnly(by); err != nil {
		return err
	}
	p, err := s.proposal(e.Proposal)
	if err != nil {
		return err
	}
	if p.status != StatusDiscussion || at < p.opens {
		return errf(commune.ECONFLICT, "not_due", "proposal %d's discussion has not ended", p.id)
	}
	return sameFigures(e, s.votingOpened(p))
}

func (e VotingOpened) apply(s *State, at int64, by Actor) {
	p := s.proposals[e.Proposal]
	p.status = StatusVoting
	q := s.questions[p.id]
	q.open = true
	if len(e.Options) > 0 {
		q.setOptions(e.Options)
		for _, id := range e.Options[min(2, len(e.Options)):] {
			if p.kind != ProposalText {
				break
			}
			s.amendments[id].status = "alternative"
			s.touch(tAmendments, id, 0, 0)
		}
	}
	s.schedule(deadline{at: p.closes, kind: dlVoting, id: p.id})
	s.touch(tProposals, p.id, 0, 0)
}

// setOptions makes q a ranked question over options.
func (q *question) setOptions(options []ID) {
	q.ranked = true
	q.options = append([]ID(nil), options...)
	q.index = make(map[ID]int, len(options))
	for i, o := range options {
		q.index[o] = i
	}
	q.pairs = make([]int64, len(options)*len(options))
}
