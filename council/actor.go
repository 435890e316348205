package council

import (
	"fmt"
	"strconv"
	"strings"

	"commune"
)

// Server is the actor of the server's clock.
var Server = Actor{Server: true}

// MemberActor is the actor of member id.
func MemberActor(id ID) Actor { return Actor{Member: id} }

// String returns the actor as written on the record: "member:12",
// "operator:NAME" or "server".
func (a Actor) String() string {
	switch {
	case a.Server:
		return "server"
	case a.Operator != "":
		return "operator:" + a.Operator
	default:
		return "member:" + strconv.FormatInt(int64(a.Member), 10)
	}
}

// valid reports whether exactly one of the actor's fields is set.
func (a Actor) valid() bool {
	n := 0
	if a.Server {
		n++
	}
	if a.Operator != "" {
		n++
	}
	if a.Member != 0 {
		n++
	}
	return n == 1 && a.Member >= 0
}

// ParseActor is the inverse of Actor.String.
func ParseActor(s string) (Actor, error) {
	switch {
	case s == "server":
		return Server, nil
	case strings.HasPrefix(s, "operator:"):
		name := strings.TrimPrefix(s, "operator:")
		if !validOperator(name) {
			return Actor{}, fmt.Errorf("parse actor %q: bad operator name", s)
		}
		return Actor{Operator: name}, nil
	case strings.HasPrefix(s, "member:"):
		d := strings.TrimPrefix(s, "member:")
		n, err := strconv.ParseInt(d, 10, 64)
		if err != nil || n <= 0 || strconv.FormatInt(n, 10) != d {
			return Actor{}, fmt.Errorf("parse actor %q: bad member id", s)
		}
		return Actor{Member: ID(n)}, nil
	}
	return Actor{}, fmt.Errorf("parse actor %q: want member:ID, operator:NAME or server", s)
}

// validOperator accepts 1 to 64 printable characters without spaces or colons.
func validOperator(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for _, r := range name {
		if r <= ' ' || r == ':' || r == 0x7f {
			return false
		}
	}
	return true
}

// errf is a shorthand for commune.Errorf.
func errf(code, reason, format string, args ...any) error {
	return commune.Errorf(code, reason, format, args...)
}

// asMember returns the member acting, refusing operators and the server:
// they hold no vote and no office.
func (s *State) asMember(by Actor) (*member, error) {
	switch {
	case !by.valid():
		return nil, errf(commune.EINVALID, "bad_actor", "no valid actor")
	case by.Operator != "":
		return nil, errf(commune.EFORBIDDEN, "operator", "operators hold no vote and no office")
	case by.Server:
		return nil, errf(commune.EFORBIDDEN, "server", "the server acts only on the clock")
	}
	m := s.members[by.Member]
	if m == nil {
		return nil, errf(commune.ENOTFOUND, "member", "no member %d", by.Member)
	}
	return m, nil
}

// checkText validates a user-supplied text field.
func checkText(field, v string, min, max int) error {
	if len(v) < min {
		return errf(commune.EINVALID, "bad_"+field, "%s must not be empty", field)
	}
	if len(v) > max {
		return errf(commune.EINVALID, "bad_"+field, "%s is longer than %d bytes", field, max)
	}
	if !utf8Valid(v) {
		return errf(commune.EINVALID, "bad_"+field, "%s is not valid UTF-8 text", field)
	}
	return nil
}
