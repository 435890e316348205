package council

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune"
)

func TestDue(t *testing.T) {
	f := fixture(t)
	if evs := f.S.Due(f.Now); len(evs) != 0 {
		t.Fatalf("due right after the fixture settled: %v", evs)
	}
	p := propose(t, f, "Ada", Propose{Council: f.Bakery, Title: "t", Text: "x"})
	q := propose(t, f, "Eve", Propose{Council: f.RueNeuve, Title: "t", Text: "x"})
	if evs := f.S.Due(f.Now + 2*Day - 1); len(evs) != 0 {
		t.Fatalf("due before the discussion ends: %v", evs)
	}
	// Applying before the time is refused: the clock's events are checked too.
	if err := f.S.Apply(f.Now, Server, VotingOpened{Proposal: p}); commune.ErrorReason(err) != "not_due" {
		t.Fatalf("early voting opened: %v", err)
	}
	if err := f.S.Apply(f.Now+2*Day, f.id("Ada"), VotingOpened{Proposal: p}); commune.ErrorReason(err) != "server_only" {
		t.Fatalf("voting opened by a member: %v", err)
	}
	at := f.Now + 2*Day
	evs := f.S.Due(at)
	want := []Event{VotingOpened{Proposal: p}, VotingOpened{Proposal: q}}
	if diff := cmp.Diff(want, evs); diff != "" {
		t.Fatalf("due (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(evs, f.S.Due(at)); diff != "" {
		t.Fatalf("Due is not deterministic:\n%s", diff)
	}
	for _, ev := range evs {
		if err := f.S.Apply(at, Server, ev); err != nil {
			t.Fatal(err)
		}
	}
	if evs := f.S.Due(at); len(evs) != 0 {
		t.Fatalf("due again after applying: %v", evs)
	}
}
