package council

import (
	"commune"
)

// Operator actions on the record.
const (
	OpNote          = "note"
	OpPasswordReset = "password_reset"
	OpKeyRotated    = "key_rotated"
)

// OperatorNote records an operator's act on the installation: a note, a
// password reset (Member; the new hash stays off the record) or a key
// rotation. Only operators may record it; it gives no vote and no office.
type OperatorNote struct {
	Action string `json:"action"`
	Member ID     `json:"member,omitempty"`
	Text   string `json:"text,omitempty"`
}

// Check implements Act.
func (a OperatorNote) Check(s *State, by Actor, now int64) ([]Event, error) {
	action := a.Action
	if action == "" {
		action = OpNote
	}
	return checkFirst(s, by, now, OperatorNoted{Note: s.next(1), Action: action, Member: a.Member, Text: a.Text})
}

func (e OperatorNoted) validate(s *State, at int64, by Actor) error {
	if by.Operator == "" {
		return errf(commune.EFORBIDDEN, "operator_only", "only operators record operator acts")
	}
	switch e.Action {
	case OpNote, OpKeyRotated:
		if e.Member != 0 {
			return errf(commune.EINVALID, "bad_member", "a %s names no member", e.Action)
		}
	case OpPasswordReset:
		if s.members[e.Member] == nil {
			return errf(commune.ENOTFOUND, "member", "no member %d", e.Member)
		}
	default:
		return errf(commune.EINVALID, "bad_action", "unknown operator action %q", e.Action)
	}
	if err := checkText("text", e.Text, 0, 10_000); err != nil {
		return err
	}
	return s.wantID(e.Note, 1)
}

func (e OperatorNoted) apply(s *State, at int64, by Actor) {
	n := &note{id: s.alloc(), operator: by.Operator, action: e.Action, member: e.Member, text: e.Text, at: at}
	s.notes[n.id] = n
	s.touch(tOperatorActs, n.id, 0, 0)
}
