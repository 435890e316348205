package store

import (
	"bytes"
	"context"
	"fmt"

	"commune"
	"commune/council"
	"commune/record"
)

// decodeEntry returns the actor and event an entry records. It insists on
// the canonical encoding: an event body that does not re-encode to the
// same bytes could mean different things to different readers.
func decodeEntry(e record.Entry) (council.Actor, council.Event, error) {
	actor, err := council.ParseActor(e.Actor)
	if err != nil {
		return council.Actor{}, nil, fmt.Errorf("actor %q: %w", e.Actor, err)
	}
	ev, err := council.DecodeEvent(e.Kind, e.Body)
	if err != nil {
		return council.Actor{}, nil, fmt.Errorf("event %s: %w", e.Kind, err)
	}
	if ev.Kind() != e.Kind {
		return council.Actor{}, nil, fmt.Errorf("event decodes as kind %s, entry says %s", ev.Kind(), e.Kind)
	}
	again, err := council.EncodeEvent(ev)
	if err != nil {
		return council.Actor{}, nil, fmt.Errorf("event %s: %w", e.Kind, err)
	}
	if !bytes.Equal(again, e.Body) {
		return council.Actor{}, nil, fmt.Errorf("event %s: body is not in canonical form", e.Kind)
	}
	return actor, ev, nil
}

// applyEntry applies one recorded entry to st.
func applyEntry(st *council.State, e record.Entry) error {
	actor, ev, err := decodeEntry(e)
	if err != nil {
		return err
	}
	if err := st.Apply(e.Time, actor, ev); err != nil {
		return fmt.Errorf("apply %s: %w", e.Kind, err)
	}
	return nil
}

// replayed is a state rebuilt from a stored record.
type replayed struct {
	state *council.State
	size  int64
	last  int64 // time of the last entry
}

// changeDrain is how many entries a replay applies between discarding the
// state's accumulated table changes (which a replay does not need).
const changeDrain = 4096

// replay rebuilds the state from every entry of b and checks the
// recomputed tree against the stored one, so the Service never serves a
// state that disagrees with its record.
func replay(ctx context.Context, b Backend) (*replayed, error) {
	size, err := b.Size(ctx)
	if err != nil {
		return nil, err
	}
	st := council.New()
	v := record.NewVerifier()
	treeErr, replayErr := feed(ctx, b, st, v, 0, size, nil)
	if replayErr != nil {
		return nil, fmt.Errorf("replay: %w (run commune audit)", replayErr)
	}
	if treeErr != nil {
		return nil, fmt.Errorf("replay: %w", treeErr)
	}
	var last int64
	if size > 0 {
		err := b.Entries(ctx, size-1, size, func(e record.Entry) error { last = e.Time; return nil })
		if err != nil {
			return nil, fmt.Errorf("replay: %w", err)
		}
	}
	if v.Size() != size {
		return nil, fmt.Errorf("replay: read %d entries, the record has %d", v.Size(), size)
	}
	want, err := v.TreeHash(size)
	if err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	got, err := record.TreeHash(size, b)
	if err != nil {
		return nil, fmt.Errorf("replay: stored tree: %w", err)
	}
	if got != want {
		return nil, commune.Errorf(commune.EINTERNAL, "tree_mismatch",
			"replay: stored tree root %v differs from the root %v recomputed from the entries (run commune audit)", got, want)
	}
	return &replayed{state: st, size: size, last: last}, nil
}
