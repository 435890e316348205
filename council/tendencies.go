package council

import (
	"commune"
)

// FormTendency forms a tendency: members across councils around a
// platform. The founder is its first member.
type FormTendency struct {
	Name     string `json:"name"`
	Platform string `json:"platform"`
}

// Check implements Act.
func (a FormTendency) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, TendencyFormed{Tendency: s.next(1), Name: a.Name, Platform: a.Platform})
}

func (e TendencyFormed) validate(s *State, at int64, by Actor) error {
	if _, err := s.asMember(by); err != nil {
		return err
	}
	if err := checkText("name", e.Name, 1, 200); err != nil {
		return err
	}
	if err := checkText("platform", e.Platform, 0, 100_000); err != nil {
		return err
	}
	return s.wantID(e.Tendency, 1)
}

func (e TendencyFormed) apply(s *State, at int64, by Actor) {
	t := &tendency{id: s.alloc(), name: e.Name, platform: e.Platform, founder: by.Member, created: at,
		status: "active", members: map[ID]int64{}, dissolve: map[ID]int64{}}
	s.tendencies[t.id] = t
	s.touch(tTendencies, t.id, 0, 0)
	s.tendencyJoin(t, s.members[by.Member], at)
}

func (s *State) tendencyJoin(t *tendency, m *member, at int64) {
	t.members[m.id] = at
	if m.tends == nil {
		m.tends = map[ID]struct{}{}
	}
	m.tends[t.id] = struct{}{}
	s.touch(tTendencyMembers, t.id, m.id, 0)
	s.touch(tTendencies, t.id, 0, 0)
}

// activeTendency looks up a tendency that has not been dissolved.
func (s *State) activeTendency(id ID) (*tendency, error) {
	t := s.tendencies[id]
	if t == nil {
		return nil, errf(commune.ENOTFOUND, "tendency", "no tendency %d", id)
	}
	if t.status != "active" {
		return nil, errf(commune.ECONFLICT, "dissolved", "tendency %d is dissolved", id)
	}
	return t, nil
}

// tendencyMember checks that the actor belongs to an active tendency.
func (s *State) tendencyMember(by Actor, id ID) (*member, *tendency, error) {
	m, err := s.asMember(by)
	if err != nil {
		return nil, nil, err
	}
	t, err := s.activeTendency(id)
	if err != nil {
		return nil, nil, err
	}
	if _, ok := t.members[m.id]; !ok {
		return nil, nil, errf(commune.EFORBIDDEN, "not_tendency_member", "member %d does not belong to tendency %d", m.id, t.id)
	}
	return m, t, nil
}

// JoinTendency joins a tendency; any member may.
type JoinTendency struct {
	Tendency ID `json:"tendency"`
}

// Check implements Act.
func (a JoinTendency) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, TendencyJoined(a))
}

func (e TendencyJoined) validate(s *State, at int64, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	t, err := s.activeTendency(e.Tendency)
	if err != nil {
		return err
	}
	if _, ok := t.members[m.id]; ok {
		return errf(commune.ECONFLICT, "already_member", "member %d already belongs to tendency %d", m.id, t.id)
	}
	return nil
}

func (e TendencyJoined) apply(s *State, at int64, by Actor) {
	s.tendencyJoin(s.tendencies[e.Tendency], s.members[by.Member], at)
}

// LeaveTendency leaves a tendency.
type LeaveTendency struct {
	Tendency ID `json:"tendency"`
}

// Check implements Act.
func (a LeaveTendency) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, TendencyLeft(a))
}

func (e TendencyLeft) validate(s *State, at int64, by Actor) error {
	_, _, err := s.tendencyMember(by, e.Tendency)
	return err
}

func (e TendencyLeft) apply(s *State, at int64, by Actor) {
	t := s.tendencies[e.Tendency]
	m := s.members[by.Member]
	delete(t.members, m.id)
	delete(m.tends, t.id)
	if _, ok := t.dissolve[m.id]; ok {
		delete(t.dissolve, m.id)
	}
	s.touch(tTendencyMembers, t.id, m.id, 0)
	s.touch(tTendencies, t.id, 0, 0)
}

// PublishPlatform replaces a tendency's platform; any of its members may.
type PublishPlatform struct {
	Tendency ID     `json:"tendency"`
	Platform string `json:"platform"`
}

// Check implements Act.
func (a PublishPlatform) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, PlatformPublished(a))
}

func (e PlatformPublished) validate(s *State, at int64, by Actor) error {
	if _, _, err := s.tendencyMember(by, e.Tendency); err != nil {
		return err
	}
	return checkText("platform", e.Platform, 0, 100_000)
}

func (e PlatformPublished) apply(s *State, at int64, by Actor) {
	t := s.tendencies[e.Tendency]
	t.platform = e.Platform
	s.touch(tTendencies, t.id, 0, 0)
}

// DissolveTendency asks to dissolve a tendency. Only its own members may;
// it is dissolved once a majority of its members have asked.
type DissolveTendency struct {
	Tendency ID `json:"tendency"`
}

// Check implements Act.
func (a DissolveTendency) Check(s *State, by Actor, now int64) ([]Event, error) {
	ev := DissolutionSigned{Tendency: a.Tendency}
	if t := s.tendencies[a.Tendency]; t != nil {
		ev.Dissolved = s.dissolves(t)
	}
	return checkFirst(s, by, now, ev)
}

// dissolves reports whether one more request makes a majority.
func (s *State) dissolves(t *tendency) bool {
	return (int64(len(t.dissolve))+1)*2 > int64(len(t.members))
}

func (e DissolutionSigned) validate(s *State, at int64, by Actor) error {
	m, t, err := s.tendencyMember(by, e.Tendency)
	if err != nil {
		return err
	}
	if _, ok := t.dissolve[m.id]; ok {
		return errf(commune.ECONFLICT, "already_signed", "member %d already asked to dissolve tendency %d", m.id, t.id)
	}
	if e.Dissolved != s.dissolves(t) {
		return errf(commune.EINVALID, "figures_differ", "dissolved %v, computed %v", e.Dissolved, !e.Dissolved)
	}
	return nil
}

func (e DissolutionSigned) apply(s *State, at int64, by Actor) {
	t := s.tendencies[e.Tendency]
	t.dissolve[by.Member] = at
	if e.Dissolved {
		t.status = "dissolved"
	}
	s.touch(tTendencies, t.id, 0, 0)
}

// FileMinorityReport attaches a tendency's minority report to a proposal
// or decision; any member of the tendency may file one (and signs it).
type FileMinorityReport struct {
	Tendency ID     `json:"tendency"`
	Proposal ID     `json:"proposal"`
	Text     string `json:"text"`
}

// Check implements Act.
func (a FileMinorityReport) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, MinorityReportFiled{Report: s.next(1), Tendency: a.Tendency, Proposal: a.Proposal, Text: a.Text})
}

func (e MinorityReportFiled) validate(s *State, at int64, by Actor) error {
	if _, _, err := s.tendencyMember(by, e.Tendency); err != nil {
		return err
	}
	if _, err := s.proposal(e.Proposal); err != nil {
		return err
	}
	if err := checkText("text", e.Text, 1, 100_000); err != nil {
		return err
	}
	return s.wantID(e.Report, 1)
}

func (e MinorityReportFiled) apply(s *State, at int64, by Actor) {
	r := &report{id: s.alloc(), tendency: e.Tendency, proposal: e.Proposal, author: by.Member, text: e.Text,
		at: at, signers: map[ID]int64{by.Member: at}}
	s.reports[r.id] = r
	p := s.proposals[e.Proposal]
	p.reports = append(p.reports, r.id)
	s.touch(tMinorityReports, r.id, 0, 0)
	s.touch(tReportSignatures, r.id, by.Member, 0)
}

// SignMinorityReport adds the acting member's signature to a minority
// report of a tendency they belong to.
type SignMinorityReport struct {
	Report ID `json:"report"`
}

// Check implements Act.
func (a SignMinorityReport) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, MinorityReportSigned(a))
}

func (e MinorityReportSigned) validate(s *State, at int64, by Actor) error {
	r := s.reports[e.Report]
	if r == nil {
		return errf(commune.ENOTFOUND, "report", "no minority report %d", e.Report)
	}
	m, _, err := s.tendencyMember(by, r.tendency)
	if err != nil {
		return err
	}
	if _, ok := r.signers[m.id]; ok {
		return errf(commune.ECONFLICT, "already_signed", "member %d already signed", m.id)
	}
	return nil
}

func (e MinorityReportSigned) apply(s *State, at int64, by Actor) {
	r := s.reports[e.Report]
	r.signers[by.Member] = at
	s.touch(tMinorityReports, r.id, 0, 0)
	s.touch(tReportSignatures, r.id, by.Member, 0)
}
