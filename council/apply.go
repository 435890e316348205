package council

import (
	"bytes"
	"fmt"

	"commune"
)

// fact is an event that knows how to validate itself against a state and
// apply itself. validate never mutates; apply is only called after
// validate succeeded and cannot fail.
type fact interface {
	Event
	validate(s *State, at int64, by Actor) error
	apply(s *State, at int64, by Actor)
}

// Apply validates that ev could have been produced by a valid act of by at
// time at (microseconds UTC, never before the last applied event) and
// changes the state accordingly. It is deterministic: the live path and the
// audit's replay call it with the same arguments and reach the same state.
// A refused event leaves the state unchanged.
func (s *State) Apply(at int64, by Actor, ev Event) error {
	f, ok := ev.(fact)
	if !ok {
		return fmt.Errorf("apply: unknown event %T", ev)
	}
	if !by.valid() {
		return fmt.Errorf("apply %s: %w", ev.Kind(), errf(commune.EINVALID, "bad_actor", "no valid actor"))
	}
	if at < s.now {
		return fmt.Errorf("apply %s: %w", ev.Kind(), errf(commune.EINVALID, "time", "time %d is before the last event's %d", at, s.now))
	}
	if _, isFound := ev.(Founded); !isFound && !s.Founded() {
		return fmt.Errorf("apply %s: %w", ev.Kind(), errf(commune.ECONFLICT, "not_founded", "the federation has not been founded"))
	}
	if err := f.validate(s, at, by); err != nil {
		return fmt.Errorf("apply %s: %w", ev.Kind(), err)
	}
	s.now = at
	f.apply(s, at, by)
	s.dropStale()
	return nil
}

// checkFirst validates the first of an act's events against the state and
// returns them all; the later ones are consequences built by the act from
// the same state, and Apply validates them in turn.
func checkFirst(s *State, by Actor, now int64, evs ...fact) ([]Event, error) {
	if !s.Founded() {
		if _, ok := evs[0].(Founded); !ok {
			return nil, errf(commune.ECONFLICT, "not_founded", "the federation has not been founded")
		}
	}
	if err := evs[0].validate(s, now, by); err != nil {
		return nil, err
	}
	out := make([]Event, len(evs))
	for i, e := range evs {
		out[i] = e
	}
	return out, nil
}

// sameFigures reports whether a declared event equals the computed one, by
// canonical encoding; when not, an error names both.
func sameFigures(declared, computed Event) error {
	a, err1 := EncodeEvent(declared)
	b, err2 := EncodeEvent(computed)
	if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
		return errf(commune.EINVALID, "figures_differ", "declared %s, computed %s", a, b)
	}
	return nil
}

// serverOnly refuses anyone but the server's clock.
func serverOnly(by Actor) error {
	if !by.Server {
		return errf(commune.EFORBIDDEN, "server_only", "only the server's clock records this")
	}
	return nil
}

// wantID checks that an event names the id the state will assign next.
func (s *State) wantID(got ID, k int) error {
	if got != s.next(k) {
		return errf(commune.EINVALID, "bad_id", "id %d, want %d", got, s.next(k))
	}
	return nil
}
