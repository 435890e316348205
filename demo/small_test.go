package demo

import (
	"context"
	"testing"
	"time"

	"commune/council"

	"github.com/google/go-cmp/cmp"
)

// newStateTarget returns a bare-state target whose clock starts span ago.
func newStateTarget(span int64) (*StateTarget, *Clock) {
	clock := NewClock(time.Now().UnixMicro() - span)
	return &StateTarget{State: council.New(), Clock: clock.Now}, clock
}

func TestSmallBuildsEverything(t *testing.T) {
	tg, clock := newStateTarget(SmallSpan)
	d, err := Small(context.Background(), tg, clock)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(tg.State, d); err != nil {
		t.Fatal(err)
	}
	if got, want := len(d.People), len(smallNames); got != want {
		t.Errorf("people: got %d, want %d", got, want)
	}
	// The open questions must still be open when the demo is served.
	if now := time.Now().UnixMicro(); clock.Now() > now {
		t.Errorf("the demo's history ends %v in the future", time.Duration(clock.Now()-now)*time.Microsecond)
	}
}

func TestVerifyNoticesMissingPieces(t *testing.T) {
	tg, clock := newStateTarget(SmallSpan)
	d, err := Small(context.Background(), tg, clock)
	if err != nil {
		t.Fatal(err)
	}
	for name, spoil := range map[string]func(*Demo){
		"recalled": func(d *Demo) { d.Recalled = d.People[0].ID },
		"open":     func(d *Demo) { d.Open = 1 },
		"mandate":  func(d *Demo) { d.Mandate = 0 },
		"report":   func(d *Demo) { d.Report = 0 },
		"region":   func(d *Demo) { d.Region = d.District + 1000 },
	} {
		dd := *d
		spoil(&dd)
		if err := Verify(tg.State, &dd); err == nil {
			t.Errorf("%s: Verify passed a demo without it", name)
		}
	}
}

func TestSmallIsDeterministic(t *testing.T) {
	start := time.Now().UnixMicro() - SmallSpan
	var tables [2]map[string][][]any
	for i := range tables {
		tg := &StateTarget{State: council.New()}
		clock := NewClock(start)
		tg.Clock = clock.Now
		if _, err := Small(context.Background(), tg, clock); err != nil {
			t.Fatal(err)
		}
		tables[i] = map[string][][]any{}
		for _, tb := range council.Tables() {
			tables[i][tb.Name] = tg.State.Rows(tb.Name)
		}
	}
	if diff := cmp.Diff(tables[0], tables[1]); diff != "" {
		t.Errorf("two builds from the same start differ (-first +second):\n%s", diff)
	}
}
