package council

import (
	"crypto/sha256"
	"encoding/hex"

	"commune"
	"commune/ledger"
)

// Found founds the federation: its first member and first base council.
// It needs no operator and is allowed only on an empty state (commune init).
type Found struct {
	Federation string `json:"federation"`
	Name       string `json:"name"`    // the founding member's display name
	Council    string `json:"council"` // the first base council's name
	Kind       string `json:"kind"`    // workplace or neighbourhood
}

// Check implements Act.
func (a Found) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, Founded{Federation: a.Federation, Member: s.next(1), Name: a.Name,
		Council: s.next(2), CouncilName: a.Council, CouncilKind: a.Kind})
}

func (e Founded) validate(s *State, at int64, by Actor) error {
	if s.Founded() || s.last != 0 {
		return errf(commune.ECONFLICT, "already_founded", "the federation is already founded")
	}
	if by.Member != 0 {
		return errf(commune.EFORBIDDEN, "not_empty", "the founding act is by the server or an operator")
	}
	if err := checkText("federation", e.Federation, 1, 200); err != nil {
		return err
	}
	if err := checkText("name", e.Name, 1, 200); err != nil {
		return err
	}
	if err := checkText("council", e.CouncilName, 1, 200); err != nil {
		return err
	}
	if err := checkBaseKind(e.CouncilKind); err != nil {
		return err
	}
	if err := s.wantID(e.Member, 1); err != nil {
		return err
	}
	return s.wantID(e.Council, 2)
}

func (e Founded) apply(s *State, at int64, by Actor) {
	s.federation = e.Federation
	s.touch(tFederation, 1, 0, 0)
	m := s.addMember(e.Name, at)
	c := s.addCouncil(e.CouncilName, e.CouncilKind, m.id, at)
	s.join(c, m, at)
}

func checkBaseKind(kind string) error {
	if kind != KindWorkplace && kind != KindNeighbourhood {
		return errf(commune.EINVALID, "bad_kind", "a base council is a workplace or a neighbourhood council")
	}
	return nil
}

func (s *State) addMember(name string, at int64) *member {
	m := &member{id: s.alloc(), name: name, joined: at}
	s.members[m.id] = m
	if _, taken := s.byName[name]; !taken {
		if s.byName == nil {
			s.byName = map[string]ID{}
		}
		s.byName[name] = m.id // ids only grow: the first holder of a name keeps it
	}
	s.touch(tMembers, m.id, 0, 0)
	s.openAccount(m.id, ledger.Member, name, at)
	return m
}

func (s *State) addCouncil(name, kind string, founder ID, at int64) *council {
	c := &council{id: s.alloc(), name: name, kind: kind, created: at, founder: founder,
		statutes: DefaultStatutes(), members: map[ID]int64{}, parents: map[ID]int64{}}
	if kind == KindFederated {
		c.constituents = map[ID]int64{}
		c.delegates = map[ID]*seat{}
		c.seated = map[ID]int64{}
	}
	s.councils[c.id] = c
	s.touch(tCouncils, c.id, 0, 0)
	if kind == KindWorkplace {
		s.openAccount(c.id, ledger.Work, name, at)
	}
	return c
}

// join adds m to base council c.
func (s *State) join(c *council, m *member, at int64) {
	c.members[m.id] = at
	m.councils = append(m.councils, c.id)
	s.touch(tMemberships, c.id, m.id, 0)
	s.grow(c, 1)
}

// grow adds delta to the size of c and of every council above it.
func (s *State) grow(c *council, delta int64) {
	c.size += delta
	s.touch(tCouncils, c.id, 0, 0)
	for _, p := range sortedIDs(c.parents) {
		s.grow(s.councils[p], delta)
	}
}

// FoundCouncil founds a new base council; the founder is its first member.
type FoundCouncil struct {
	Name string `json:"name"`
	Kind string `json:"kind"` // workplace or neighbourhood
}

// Check implements Act.
func (a FoundCouncil) Check(s *State, by Actor, now int64) ([]Event, error) {
	return checkFirst(s, by, now, CouncilFounded{Council: s.next(1), Name: a.Name, CouncilKind: a.Kind})
}

func (e CouncilFounded) validate(s *State, at int64, by Actor) error {
	if _, err := s.asMember(by); err != nil {
		return err
	}
	if err := checkText("name", e.Name, 1, 200); err != nil {
		return err
	}
	if err := checkBaseKind(e.CouncilKind); err != nil {
		return err
	}
	return s.wantID(e.Council, 1)
}

func (e CouncilFounded) apply(s *State, at int64, by Actor) {
	m := s.members[by.Member]
	c := s.addCouncil(e.Name, e.CouncilKind, m.id, at)
	s.join(c, m, at)
}

// Invite issues an invitation to a base council. Code is the secret the
// invitee will present (at least 16 characters; the web layer generates it);
// only its SHA-256 goes on the record. Any member of the council may invite.
type Invite struct {
	Council ID     `json:"council"`
	Code    string `json:"code"`
}

// InvitationTTL is how long an invitation stays valid.
const InvitationTTL = 14 * Day

// CodeHash is the hex SHA-256 of an invitation code, as on the record.
func CodeHash(code string) string {
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])
}

// parseHash reads a code hash in lowercase hex, the only spelling on the record.
func parseHash(s string) ([32]byte, bool) {
	var h [32]byte
	if len(s) != 64 {
		return h, false
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil || hex.EncodeToString(h[:]) != s {
		return h, false
	}
	return h, true
}

// Check implements Act.
func (a Invite) Check(s *State, by Actor, now int64) ([]Event, error) {
	if len(a.Code) < 16 || len(a.Code) > 200 {
		return nil, errf(commune.EINVALID, "bad_code", "an invitation code has 16 to 200 characters")
	}
	return checkFirst(s, by, now, InvitationIssued{Invitation: s.next(1), Council: a.Council, CodeHash: CodeHash(a.Code)})
}

func (e InvitationIssued) validate(s *State, at int64, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	c, err := s.baseCouncil(e.Council)
	if err != nil {
		return err
	}
	if _, ok := c.members[m.id]; !ok {
		return errf(commune.EFORBIDDEN, "not_member", "only members of council %d may invite to it", c.id)
	}
	h, ok := parseHash(e.CodeHash)
	if !ok {
		return errf(commune.EINVALID, "bad_code", "bad code hash")
	}
	if _, dup := s.invByHash[h]; dup {
		return errf(commune.ECONFLICT, "code_reused", "this invitation code was already used")
	}
	return s.wantID(e.Invitation, 1)
}

func (e InvitationIssued) apply(s *State, at int64, by Actor) {
	h, _ := parseHash(e.CodeHash)
	inv := &invitation{id: s.alloc(), council: e.Council, hash: h, issuer: by.Member,
		expires: at + InvitationTTL, status: "open"}
	s.invitations[inv.id] = inv
	s.invByHash[inv.hash] = inv.id
	s.touch(tInvitations, inv.id, 0, 0)
}

// AcceptInvitation accepts an invitation by its code. By a member: adds
// them to the council. By the server acting for a newcomer who holds the
// code: creates a member named Name.
type AcceptInvitation struct {
	Code string `json:"code"`
	Name string `json:"name,omitempty"`
}

// Check implements Act.
func (a AcceptInvitation) Check(s *State, by Actor, now int64) ([]Event, error) {
	id, ok := s.invByHash[sha256.Sum256([]byte(a.Code))]
	if !ok {
		return nil, errf(commune.ENOTFOUND, "invitation", "no invitation with this code")
	}
	ev := InvitationAccepted{Invitation: id, Member: by.Member}
	if by.Server {
		ev.Member, ev.Name = s.next(1), a.Name
	}
	return checkFirst(s, by, now, ev)
}

func (e InvitationAccepted) validate(s *State, at int64, by Actor) error {
	inv := s.invitations[e.Invitation]
	if inv == nil {
		return errf(commune.ENOTFOUND, "invitation", "no invitation %d", e.Invitation)
	}
	if inv.status != "open" {
		return errf(commune.ECONFLICT, "invitation_used", "the invitation was already accepted")
	}
	if at >= inv.expires {
		return errf(commune.ECONFLICT, "invitation_expired", "the invitation has expired")
	}
	if by.Server {
		if err := checkText("name", e.Name, 1, 200); err != nil {
			return err
		}
		return s.wantID(e.Member, 1)
	}
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	if e.Member != m.id || e.Name != "" {
		return errf(commune.EINVALID, "bad_member", "an existing member accepts in their own name")
	}
	if _, ok := s.councils[inv.council].members[m.id]; ok {
		return errf(commune.ECONFLICT, "already_member", "member %d already belongs to council %d", m.id, inv.council)
	}
	return nil
}

func (e InvitationAccepted) apply(s *State, at int64, by Actor) {
	inv := s.invitations[e.Invitation]
	var m *member
	if by.Server {
		m = s.addMember(e.Name, at)
	} else {
		m = s.members[e.Member]
	}
	inv.status, inv.accepted = "accepted", m.id
	s.touch(tInvitations, inv.id, 0, 0)
	s.join(s.councils[inv.council], m, at)
}

// Leave takes the acting member out of a base council. Seats they held as
// its delegate fall vacant and by-elections open.
type Leave struct {
	Council ID `json:"council"`
}

// Check implements Act.
func (a Leave) Check(s *State, by Actor, now int64) ([]Event, error) {
	ev := MemberLeft{Council: a.Council}
	if m := s.members[by.Member]; m != nil && by.Operator == "" && !by.Server {
		ev.ByElections = s.leaveElections(m, a.Council, s.last)
	}
	return checkFirst(s, by, now, ev)
}

// leaveElections are the by-elections that m leaving c opens.
func (s *State) leaveElections(m *member, c ID, last ID) []ID {
	var out []ID
	for _, f := range sortedIDs(m.seats) {
		st := m.seats[f]
		if st.council == c && s.openElection(c, f) == 0 {
			last++
			out = append(out, last)
		}
	}
	return out
}

func (e MemberLeft) validate(s *State, at int64, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	c, err := s.baseCouncil(e.Council)
	if err != nil {
		return err
	}
	if _, ok := c.members[m.id]; !ok {
		return errf(commune.EFORBIDDEN, "not_member", "member %d is not a member of council %d", m.id, c.id)
	}
	return sameFigures(e, MemberLeft{Council: e.Council, ByElections: s.leaveElections(m, c.id, s.last)})
}

func (e MemberLeft) apply(s *State, at int64, by Actor) {
	m := s.members[by.Member]
	c := s.councils[e.Council]
	for _, f := range sortedIDs(m.seats) {
		st := m.seats[f]
		if st.council == c.id {
			s.vacate(st, SeatLeft, at)
			if s.openElection(c.id, f) == 0 {
				s.openElectionFor(c, s.councils[f], ReasonVacancy, at)
			}
		}
	}
	delete(c.members, m.id)
	for i, id := range m.councils {
		if id == c.id {
			m.councils = append(m.councils[:i:i], m.councils[i+1:]...)
			break
		}
	}
	s.touch(tMemberships, c.id, m.id, 0)
	s.grow(c, -1)
}

// baseCouncil looks up a base (workplace or neighbourhood) council.
func (s *State) baseCouncil(id ID) (*council, error) {
	c := s.councils[id]
	if c == nil {
		return nil, errf(commune.ENOTFOUND, "council", "no council %d", id)
	}
	if c.federated() {
		return nil, errf(commune.EINVALID, "federated_council", "council %d is a federated council: its members are delegates", id)
	}
	return c, nil
}

// council looks up any council.
func (s *State) council(id ID) (*council, error) {
	c := s.councils[id]
	if c == nil {
		return nil, errf(commune.ENOTFOUND, "council", "no council %d", id)
	}
	return c, nil
}
