package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"commune/council"
	"commune/record"
)

// pipeBatch is how many entries travel between the pipeline's stages at once.
const pipeBatch = 512

// feed reads entries [from, to) from r and replays them into st, with the
// tree hashing in v. Two stages run on their own goroutines: the first
// reads and hashes entries (then runs after, if given, while the second
// still works: the audit compares stored hashes there), the second decodes
// and applies them. It returns the first failure of each stage: a
// *Discrepancy-worthy *record.VerifyError for the tree, a *Discrepancy for
// the replay, or a plain error for reading.
func feed(ctx context.Context, r Reader, st *council.State, v *record.Verifier, from, to int64, after func()) (treeErr, replayErr error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan []record.Entry, 4)
	var stopped atomic.Bool // the second stage failed and cancelled the first
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		batch := make([]record.Entry, 0, pipeBatch)
		err := r.Entries(ctx, from, to, func(e record.Entry) error {
			if err := v.Add(e); err != nil {
				return err
			}
			batch = append(batch, e)
			if len(batch) == pipeBatch {
				select {
				case ch <- batch:
				case <-ctx.Done():
					return ctx.Err()
				}
				batch = make([]record.Entry, 0, pipeBatch)
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			select {
			case ch <- batch:
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
		close(ch) // the second stage may finish while this one goes on
		if err != nil {
			if !stopped.Load() || !errors.Is(err, context.Canceled) {
				treeErr = err
			}
			return
		}
		if after != nil {
			after()
		}
	}()
	// A middle stage decodes events (JSON, and the canonical re-encoding
	// check) so that the last one only applies: three stages keep two
	// cores busy.
	type decoded struct {
		e     record.Entry
		actor council.Actor
		ev    council.Event
		err   error
	}
	dch := make(chan []decoded, 4)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(dch)
		for batch := range ch {
			out := make([]decoded, len(batch))
			for i, e := range batch {
				actor, ev, err := decodeEntry(e)
				out[i] = decoded{e: e, actor: actor, ev: ev, err: err}
			}
			select {
			case dch <- out:
			case <-ctx.Done():
				for range ch { // let the first stage finish
				}
				return
			}
		}
	}()
	n := int64(0)
	for batch := range dch {
		if replayErr != nil {
			continue // drain
		}
		for _, d := range batch {
			err := d.err
			if err == nil {
				if err = st.Apply(d.e.Time, d.actor, d.ev); err != nil {
					err = fmt.Errorf("apply %s: %w", d.e.Kind, err)
				}
			}
			if err != nil {
				replayErr = &Discrepancy{Index: d.e.Index, Reason: "replay refused: " + verifyReason(err)}
				stopped.Store(true)
				cancel()
				break
			}
			if n++; n%changeDrain == 0 {
				st.TakeChanges()
			}
		}
	}
	wg.Wait()
	st.TakeChanges()
	return treeErr, replayErr
}
