package demo

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"commune/council"
	"commune/store"
)

// Target is what a federation is built into: a *store.Service (whose
// DoMany commits many acts in one transaction), or a StateTarget holding a
// bare council.State for tests. Either way every change is an act checked
// against the state, exactly as if members had done it through the API.
type Target interface {
	DoMany(ctx context.Context, items []store.Item) ([]store.Receipt, error)
	// View calls fn with the current state under a read lock.
	View(fn func(*council.State))
}

// Clock is the time a demo is built at. The demo's history happens in the
// past: the clock starts weeks ago, the builder moves it forward so that
// discussion and voting periods end, and Live switches it to the wall
// clock when the federation is served. Give Now to store.Options.Clock.
type Clock struct {
	t    atomic.Int64
	live atomic.Bool
}

// NewClock returns a clock at start (microseconds since the Unix epoch, UTC).
func NewClock(start int64) *Clock {
	c := &Clock{}
	c.t.Store(start)
	return c
}

// Now returns the clock's time: the built time, or once Live the wall
// clock (never earlier than the built time).
func (c *Clock) Now() int64 {
	t := c.t.Load()
	if c.live.Load() {
		if w := time.Now().UnixMicro(); w > t {
			return w
		}
	}
	return t
}

// Advance moves the built time forward by d microseconds.
func (c *Clock) Advance(d int64) { c.t.Add(d) }

// Live switches the clock to the wall clock.
func (c *Clock) Live() { c.live.Store(true) }

// StateTarget applies acts to a bare council.State, the way the Service
// does but without a record: for tests and for sizing.
type StateTarget struct {
	State *council.State
	Clock func() int64
	// Entries counts the events applied.
	Entries int64
}

// View implements Target.
func (t *StateTarget) View(fn func(*council.State)) { fn(t.State) }

// DoMany implements Target: the clock's due events first, then each act's
// events, stopping at the first refusal.
func (t *StateTarget) DoMany(ctx context.Context, items []store.Item) ([]store.Receipt, error) {
	now := t.Clock()
	server := council.Actor{Server: true}
	// Due computes each event against the state before the earlier
	// ones; when an earlier one changed a later one's premises, the later
	// one is refused: drop the rest and ask again (as council.Due says).
	for {
		evs := t.State.Due(now)
		applied := 0
		for _, ev := range evs {
			if err := t.State.Apply(now, server, ev); err != nil {
				if applied == 0 {
					return nil, fmt.Errorf("due %s: %w", ev.Kind(), err)
				}
				break
			}
			applied++
			t.Entries++
		}
		if applied == len(evs) {
			break
		}
	}
	out := make([]store.Receipt, 0, len(items))
	for _, it := range items {
		evs, err := it.Act.Check(t.State, it.Actor, now)
		if err != nil {
			return out, err
		}
		rc := store.Receipt{Time: now, Events: evs}
		for _, ev := range evs {
			if err := t.State.Apply(now, it.Actor, ev); err != nil {
				return out, fmt.Errorf("apply %s: %w", ev.Kind(), err)
			}
			rc.Entries = append(rc.Entries, t.Entries)
			t.Entries++
		}
		out = append(out, rc)
	}
	t.State.TakeChanges() // a bare state keeps no tables: drop them
	return out, nil
}
