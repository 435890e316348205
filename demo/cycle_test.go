package demo

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune/cycle"
)

// TestSmallPlanCycle checks the small demo's cycle by its figures: each
// confirmed day is 480 minutes less 30 % to the funds, a loaf costs its
// labour value in the adopted plan (45 minutes: half an hour at the oven
// and half a unit of flour at half an hour), tram passes are free, and
// only the Tram Depot's exaggerated output is flagged.
func TestSmallPlanCycle(t *testing.T) {
	tg, clock := newStateTarget(SmallSpan)
	d, err := Small(context.Background(), tg, clock)
	if err != nil {
		t.Fatal(err)
	}
	st := tg.State
	v, ok := st.AdoptedPlan(d.Period)
	if !ok || v.Figures.Spec.Name != "as offered" {
		t.Fatalf("adopted plan of period %d: %+v", d.Period, v.Figures.Spec)
	}
	var flags []string
	for _, l := range st.Flags(d.Period, 0) {
		for _, f := range l.Flags {
			flags = append(flags, l.Product+": "+string(f))
		}
	}
	if diff := cmp.Diff([]string{"tram passes: " + string(cycle.Unreceived)}, flags); diff != "" {
		t.Errorf("flags (-want +got):\n%s", diff)
	}
	workers := 0
	for _, h := range st.HoursReports(0) {
		if h.Status != "confirmed" || h.ConfirmedBy == h.Member || h.Minutes != demoDay {
			t.Errorf("hours report %+v: want %d minutes confirmed by a workmate", h, demoDay)
		}
		workers++
	}
	funds := map[string]int64{}
	for _, f := range st.Funds() {
		funds[f.Name] = f.Balance
	}
	want := map[string]int64{"replacement of means of production": int64(workers) * 48, "common needs": int64(workers) * 72,
		"support for those unable to work": int64(workers) * 24}
	if diff := cmp.Diff(want, funds); diff != "" {
		t.Errorf("funds (-want +got):\n%s", diff)
	}
	bread := 0
	for _, dr := range st.Draws(0) {
		a, _ := st.Account(dr.Member)
		switch {
		case dr.Product == demoFree && !dr.Free:
			t.Errorf("draw %+v: tram passes are free", dr)
		case dr.Product == "bread":
			bread++
			if dr.Minutes != demoBread*45 || a.Balance() != demoDay-144-demoBread*45 {
				t.Errorf("bread drawn by %d: %d minutes, balance %d; want %d and %d", dr.Member, dr.Minutes, a.Balance(), demoBread*45, demoDay-144-demoBread*45)
			}
		}
	}
	if bread == 0 {
		t.Error("nobody drew bread")
	}
	if err := st.CheckLedger(); err != nil {
		t.Error(err)
	}
	for name, spoil := range map[string]func(*Demo){
		"period":  func(d *Demo) { d.Period = d.Open },
		"variant": func(d *Demo) { d.Variant++ },
		"flagged": func(d *Demo) { d.Flagged = d.District },
	} {
		dd := *d
		spoil(&dd)
		if err := Verify(st, &dd); err == nil {
			t.Errorf("%s: Verify passed a demo without it", name)
		}
	}
}
