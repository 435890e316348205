package store

import (
	"context"
	"errors"
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
	n := int64(0)
	for batch := range ch {
		if replayErr != nil {
			continue // drain
		}
		for _, e := range batch {
			if err := applyEntry(st, e); err != nil {
				replayErr = &Discrepancy{Index: e.Index, Reason: "replay refused: " + verifyReason(err)}
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
