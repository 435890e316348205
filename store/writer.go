package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"commune"
	"commune/council"
	"commune/record"
)

// request is one caller's acts waiting for the writer.
type request struct {
	items []Item
	reply chan result // nil for the ticker's requests
}

type result struct {
	receipts []Receipt
	err      error
}

// Do checks act as actor against the current state and, if it is accepted,
// records its events. It returns when they are durable (or the act was
// refused: a *commune.Error saying why, and nothing is written). Once
// queued, the act is decided even if ctx ends meanwhile.
func (s *Service) Do(ctx context.Context, actor council.Actor, act council.Act) (Receipt, error) {
	rs, err := s.DoMany(ctx, []Item{{Actor: actor, Act: act}})
	if err != nil {
		return Receipt{}, err
	}
	return rs[0], nil
}

// DoMany decides items in order within one commit: for bulk work (the
// demo generator, imports) where one transaction per act would be slow.
// It stops at the first refused act; the acts before it are committed and
// their receipts returned with the error.
func (s *Service) DoMany(ctx context.Context, items []Item) ([]Receipt, error) {
	if len(items) == 0 {
		return nil, nil
	}
	req := &request{items: items, reply: make(chan result, 1)}
	if err := s.enqueue(ctx, req); err != nil {
		return nil, err
	}
	r := <-req.reply
	return r.receipts, r.err
}

func (s *Service) enqueue(ctx context.Context, req *request) error {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return errClosed
	}
	select {
	case s.queue <- req:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

var serverActor = council.Actor{Server: true}

// tick asks the writer to record due events regularly, even when no act
// arrives.
func (s *Service) tick() {
	t := time.NewTicker(s.opt.Tick)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.closeMu.RLock()
			if !s.closed {
				select {
				case s.queue <- &request{}: // an empty batch still records due events
				default: // the writer is busy and will run Due before its next batch anyway
				}
			}
			s.closeMu.RUnlock()
		}
	}
}

// write is the single writer: it gathers queued requests into batches and
// commits each batch with one Append.
func (s *Service) write() {
	defer close(s.done)
	batch := make([]*request, 0, s.opt.MaxBatch)
	for first := range s.queue {
		batch = s.gather(append(batch[:0], first), len(first.items))
		s.commit(batch)
		clear(batch)
	}
}

// gather adds queued requests to batch until it holds MaxBatch acts, the
// queue is empty, or MaxDelay has passed.
func (s *Service) gather(batch []*request, n int) []*request {
	var deadline <-chan time.Time
	if s.opt.MaxDelay > 0 {
		t := time.NewTimer(s.opt.MaxDelay)
		defer t.Stop()
		deadline = t.C
	}
	for n < s.opt.MaxBatch {
		select {
		case r, ok := <-s.queue:
			if !ok {
				return batch
			}
			batch = append(batch, r)
			n += len(r.items)
			continue
		default:
		}
		if deadline == nil {
			return batch
		}
		select {
		case r, ok := <-s.queue:
			if !ok {
				return batch
			}
			batch = append(batch, r)
			n += len(r.items)
		case <-deadline:
			return batch
		}
	}
	return batch
}

// pending is a request's outcome while its batch is being built.
type pending struct {
	receipts []Receipt
	err      error // the refusal that stopped the request, if any
	wrote    bool  // some of its events are in the batch
}

// commit decides a batch of requests against the state, appends their
// entries, tree hashes and table changes in one transaction, signs a
// checkpoint, and only then answers the callers. If anything fails after
// events were applied, the state is rebuilt from the backend, so memory
// never holds what the disk does not.
func (s *Service) commit(batch []*request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]pending, len(batch))
	if s.broken != nil {
		for i := range out {
			out[i].err = s.broken
		}
		s.answer(batch, out)
		return
	}
	now := s.opt.Clock()
	if now < s.last {
		now = s.last // server time never decreases
	}
	bb := &batchBuilder{s: s, now: now}
	// The clock first: a vote that arrives after its period ended finds
	// the question closed, and the record shows it closed first.
	if err := bb.due(); err != nil {
		s.fail(batch, out, err)
		return
	}
	for i, req := range batch {
		for _, it := range req.items {
			before := len(bb.entries)
			rc, refused, fatal := bb.add(it.Actor, it.Act)
			if fatal != nil {
				s.fail(batch, out, fatal)
				return
			}
			if refused != nil {
				out[i].err = refused
				break
			}
			out[i].receipts = append(out[i].receipts, rc)
			out[i].wrote = out[i].wrote || len(bb.entries) > before
		}
	}
	entries, leaves := bb.entries, bb.leaves
	changes := s.state.TakeChanges()
	if len(entries) > 0 || len(changes) > 0 {
		hashes, err := record.AppendHashes(s.size, leaves, s.backend)
		if err != nil {
			s.fail(batch, out, err)
			return
		}
		// Not the callers' contexts: one caller giving up must not undo
		// the others' acts.
		if err := s.backend.Append(context.Background(), entries, hashes, changes); err != nil {
			s.fail(batch, out, err)
			return
		}
		s.size += int64(len(entries))
		s.last = now
		if len(entries) > 0 {
			if err := s.signCheckpoint(context.Background()); err != nil {
				// The entries are durable; the next batch (or restart) signs
				// again. Callers still get their receipts: the acts happened.
				s.log.Error("store: checkpoint after commit", "err", err)
			}
		}
	}
	for i := range out {
		for j := range out[i].receipts {
			out[i].receipts[j].Size = s.size
		}
	}
	s.answer(batch, out)
}

// fail answers every request of a batch that wrote nothing with its own
// refusal and the others with an internal error, then rebuilds the state
// from the backend. The caller holds s.mu.
func (s *Service) fail(batch []*request, out []pending, cause error) {
	s.log.Error("store: commit failed; rebuilding state from the record", "err", cause)
	internal := fmt.Errorf("store: commit: %w", cause)
	for i := range out {
		if out[i].err == nil || out[i].wrote || len(out[i].receipts) > 0 {
			out[i] = pending{err: internal}
		}
	}
	r, err := replay(context.Background(), s.backend)
	if err != nil {
		s.broken = fmt.Errorf("store: state lost after a failed commit, restart the server: %w", err)
		s.log.Error("store: rebuild failed", "err", err)
	} else {
		s.state, s.size, s.last = r.state, r.size, r.last
		if err := s.signCheckpoint(context.Background()); err != nil {
			s.log.Error("store: checkpoint after rebuild", "err", err)
		}
	}
	s.answer(batch, out)
}

func (s *Service) answer(batch []*request, out []pending) {
	for i, req := range batch {
		if req.reply == nil {
			if out[i].err != nil && !isRefusal(out[i].err) {
				s.log.Error("store: due events", "err", out[i].err)
			}
			continue
		}
		req.reply <- result{receipts: out[i].receipts, err: out[i].err}
	}
}

// isRefusal reports whether err is a domain decision (an act refused) rather
// than a fault.
func isRefusal(err error) bool {
	var e *commune.Error
	return errors.As(err, &e) && e.Code != commune.EINTERNAL
}

// batchBuilder accumulates the entries of one group commit while applying
// their events to the live state.
type batchBuilder struct {
	s       *Service
	now     int64
	entries []record.Entry
	leaves  [][]byte
}

// record applies one event as actor and adds its entry. A refused event
// leaves the state unchanged (council.Apply's contract).
func (bb *batchBuilder) record(actor council.Actor, ev council.Event) (int64, error) {
	body, err := council.EncodeEvent(ev)
	if err != nil {
		return 0, fmt.Errorf("encode %s: %w", ev.Kind(), err)
	}
	e := record.Entry{Index: bb.s.size + int64(len(bb.entries)), Time: bb.now, Actor: actor.String(), Kind: ev.Kind(), Body: body}
	// Apply what the record says, decoded, exactly as a replay will.
	if err := applyEntry(bb.s.state, e); err != nil {
		return 0, fmt.Errorf("entry %d: %w", e.Index, err)
	}
	bb.entries = append(bb.entries, e)
	bb.leaves = append(bb.leaves, e.Encode())
	return e.Index, nil
}

// add checks one act and applies its events. refused is the act's
// refusal (nothing changed); fatal means the state may hold part of the
// act and must be rebuilt.
func (bb *batchBuilder) add(actor council.Actor, act council.Act) (rc Receipt, refused, fatal error) {
	evs, err := act.Check(bb.s.state, actor, bb.now)
	if err != nil {
		return Receipt{}, err, nil
	}
	rc = Receipt{Time: bb.now, Events: evs}
	for i, ev := range evs {
		idx, err := bb.record(actor, ev)
		if err != nil && i == 0 {
			// Check passed but Apply refused: a domain bug, but the state
			// is untouched, so only this act fails.
			return Receipt{}, fmt.Errorf("store: accepted act refused by Apply: %w", err), nil
		}
		if err != nil {
			return rc, nil, err
		}
		rc.Entries = append(rc.Entries, idx)
	}
	return rc, nil, nil
}

// maxDueRounds bounds how often due asks the state again after one of
// its events was refused or more became due.
const maxDueRounds = 64

// due records, as actor server, the events the clock makes due. Due's
// events are computed against the state before any of them; when one is
// refused because an earlier one changed its premises, the rest are
// dropped and Due is asked again.
func (bb *batchBuilder) due() error {
	for round := 0; round < maxDueRounds; round++ {
		evs := bb.s.state.Due(bb.now)
		if len(evs) == 0 {
			return nil
		}
		applied := 0
		for _, ev := range evs {
			if _, err := bb.record(serverActor, ev); err != nil {
				if applied == 0 {
					// Nothing due can be applied: a domain bug. Log it and
					// let the acts proceed; the state is unchanged.
					bb.s.log.Error("store: due event refused", "kind", ev.Kind(), "err", err)
					return nil
				}
				break
			}
			applied++
		}
	}
	return nil
}
