package demo

import (
	"context"
	"fmt"

	"commune/council"
	"commune/store"
)

// builder performs a demo's acts on a Target at the demo's clock.
type builder struct {
	ctx   context.Context
	t     Target
	clock *Clock
	codes int // invitation codes issued, for unique codes
}

// chunk is how many acts one DoMany carries: one commit each on a Service.
const chunk = 20000

// server and member actors.
var server = council.Actor{Server: true}

func as(m council.ID) council.Actor { return council.Actor{Member: m} }

// do performs one act and returns its events.
func (b *builder) do(by council.Actor, act council.Act) ([]council.Event, error) {
	rs, err := b.t.DoMany(b.ctx, []store.Item{{Actor: by, Act: act}})
	if err != nil {
		return nil, fmt.Errorf("demo: %T by %s: %w", act, by, err)
	}
	return rs[0].Events, nil
}

// many performs items in order, in commits of up to chunk acts, and
// returns every act's events.
func (b *builder) many(items []store.Item) ([][]council.Event, error) {
	out := make([][]council.Event, 0, len(items))
	for len(items) > 0 {
		n := min(len(items), chunk)
		rs, err := b.t.DoMany(b.ctx, items[:n])
		if err != nil {
			i := len(out) + len(rs)
			return nil, fmt.Errorf("demo: act %d (%T by %s): %w", i, items[len(rs)].Act, items[len(rs)].Actor, err)
		}
		for _, r := range rs {
			out = append(out, r.Events)
		}
		items = items[n:]
	}
	return out, nil
}

// batcher streams acts to the target in commits of chunk acts, calling
// each act's then (if any) with its events: for passes too large to hold
// every act and its events in memory at once.
type batcher struct {
	b     *builder
	items []store.Item
	then  []func([]council.Event)
}

// add queues an act, performing the queue when it is full.
func (q *batcher) add(it store.Item, then func([]council.Event)) error {
	q.items = append(q.items, it)
	q.then = append(q.then, then)
	if len(q.items) >= chunk {
		return q.flush()
	}
	return nil
}

// flush performs the queued acts.
func (q *batcher) flush() error {
	if len(q.items) == 0 {
		return nil
	}
	rs, err := q.b.t.DoMany(q.b.ctx, q.items)
	if err != nil {
		return fmt.Errorf("demo: %T by %s: %w", q.items[len(rs)].Act, q.items[len(rs)].Actor, err)
	}
	for i, r := range rs {
		if q.then[i] != nil {
			q.then[i](r.Events)
		}
	}
	clear(q.items)
	clear(q.then)
	q.items, q.then = q.items[:0], q.then[:0]
	return nil
}

// advance moves the clock forward by d and records what fell due (the
// Service records due events before each commit; an empty act makes one).
func (b *builder) advance(d int64) error {
	b.clock.Advance(d)
	_, err := b.t.DoMany(b.ctx, []store.Item{{Actor: server, Act: nothing{}}})
	if err != nil {
		return fmt.Errorf("demo: advance: %w", err)
	}
	return nil
}

// nothing is an act with no events: it lets the clock's due events be
// recorded without doing anything else.
type nothing struct{}

func (nothing) Check(*council.State, council.Actor, int64) ([]council.Event, error) { return nil, nil }

// code returns a fresh invitation code.
func (b *builder) code() string {
	b.codes++
	return fmt.Sprintf("demo-invitation-%012d", b.codes)
}

// eventOf returns the first event of type E among evs.
func eventOf[E council.Event](evs []council.Event) (E, bool) {
	for _, ev := range evs {
		if e, ok := ev.(E); ok {
			return e, true
		}
	}
	var zero E
	return zero, false
}

// rows returns a derived table's rows (for finding what due events made).
func (b *builder) rows(table string) [][]any {
	var out [][]any
	b.t.View(func(s *council.State) { out = s.Rows(table) })
	return out
}
