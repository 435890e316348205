package demo

import (
	"context"
	"testing"
	"time"

	"commune/council"
)

func TestLargeBuildsLevels(t *testing.T) {
	const n = 2000
	tg, clock := newStateTarget(LargeSpan)
	start := time.Now()
	d, err := Large(context.Background(), tg, clock, n, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d members: %d entries in %v", n, tg.Entries, time.Since(start))
	s := tg.State
	if got := len(s.Rows("members")); got != n {
		t.Errorf("members: got %d, want %d", got, n)
	}
	kinds := map[string]int{}
	for _, r := range s.Rows("councils") {
		kinds[r[2].(string)]++
	}
	// n/10 base councils, a district per ten, a region per ten districts.
	want := map[string]int{council.KindWorkplace: 100, council.KindNeighbourhood: 100, council.KindFederated: 20 + 2}
	for k, w := range want {
		if kinds[k] != w {
			t.Errorf("%s councils: got %d, want %d", k, kinds[k], w)
		}
	}
	if d.Count != 222 || d.Members != n {
		t.Errorf("demo says %d councils, %d members", d.Count, d.Members)
	}
	constituents := 0
	for range s.Rows("constituents") {
		constituents++
	}
	if want := 200 + 20; constituents != want {
		t.Errorf("constituent links: got %d, want %d", constituents, want)
	}
	seats := map[int64]int{}
	for _, r := range s.Rows("seats") {
		if r[6].(string) == council.SeatActive {
			seats[r[2].(int64)]++
		}
	}
	if got := seats[int64(d.District)]; got != Group {
		t.Errorf("delegates in district %d: got %d, want %d", d.District, got, Group)
	}
	if got := seats[int64(d.Region)]; got != Group {
		t.Errorf("delegates in region %d: got %d, want %d", d.Region, got, Group)
	}
	// Every base council has exactly n/200... members: sizes even.
	for _, r := range s.Rows("councils") {
		if r[2].(string) != council.KindFederated && r[5].(int64) != 10 {
			t.Errorf("council %v has %v members, want 10", r[0], r[5])
			break
		}
	}
	if now := time.Now().UnixMicro(); clock.Now() > now {
		t.Errorf("the history ends in the future")
	}
	// Every base council has a question open for voting.
	open := 0
	for _, r := range s.Rows("proposals") {
		if r[10].(string) == council.StatusVoting {
			open++
			if r[0].(int64) == int64(d.OpenLocal) {
				open += 1000
			}
		}
	}
	if open != 200+1000 {
		t.Errorf("open proposals: %d (plus 1000 if d.OpenLocal is one); want one per base council", open)
	}
}

func TestLargeRefusesTiny(t *testing.T) {
	tg, clock := newStateTarget(LargeSpan)
	if _, err := Large(context.Background(), tg, clock, 5, 1, nil); err == nil {
		t.Fatal("Large built a federation of 5 members")
	}
}
