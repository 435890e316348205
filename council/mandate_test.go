package council

import (
	"testing"

	"commune"
)

// A vote against the council's mandate is recorded as a deviation, shown
// publicly, and opens a recall.
func TestMandateDeviationOpensRecall(t *testing.T) { flowMandateDeviationOpensRecall(t, fixture(t)) }

func flowMandateDeviationOpensRecall(t *testing.T, f *Fixture) {
	eve := f.Member["Eve"]
	fastStatutes(t, f, f.RueNeuve, []string{"Cleo", "Eve", "Finn"}, nil)
	p := propose(t, f, "Hana", Propose{Council: f.District, Title: "Close the night bus", Text: "Stop the 2am bus."})
	m := propose(t, f, "Finn", Propose{Council: f.RueNeuve, Kind: ProposalMandate, Title: "Vote no on the night bus",
		Motion: Motion{Target: p, Choice: No}})
	advance(t, f, Hour+Second)
	for _, n := range []string{"Cleo", "Finn", "Gus"} {
		must(t, f, n, Vote{Question: m, Choice: Yes})
	}
	advance(t, f, Hour)
	if got := proposalOf(t, f, m).Status; got != StatusPassed {
		t.Fatalf("mandate proposal %s", got)
	}
	mandates := f.S.MandatesOn(p)
	if len(mandates) != 1 || mandates[0].Council != f.RueNeuve || mandates[0].Choice != No {
		t.Fatalf("mandates %+v", mandates)
	}
	advance(t, f, 2*Day) // the district's vote opens

	// Hana (Print Shop, no mandate) votes yes: no deviation.
	if evs := must(t, f, "Hana", Vote{Question: p, Choice: Yes}); len(evs) != 1 {
		t.Fatalf("a vote without mandate gave %d events", len(evs))
	}
	// Eve votes yes against Rue Neuve's mandate.
	evs := must(t, f, "Eve", Vote{Question: p, Choice: Yes})
	if len(evs) != 2 {
		t.Fatalf("deviation: %d events, want vote and deviation", len(evs))
	}
	dev := evs[1].(DeviationRecorded)
	devs := f.S.Deviations(eve)
	if len(devs) != 1 || devs[0].Proposal != p || devs[0].Choice != Yes || devs[0].Recall != dev.Recall || dev.Recall == 0 {
		t.Fatalf("deviations %+v, event %+v", devs, dev)
	}
	r, _ := f.S.Recall(dev.Recall)
	if r.Reason != RecallDeviation || r.Delegate != eve || r.Council != f.RueNeuve || r.Status != RecallOpen {
		t.Fatalf("recall %+v", r)
	}
	rec := f.S.VotingRecord(eve)
	last := rec[len(rec)-1]
	if last.Question != p || last.Deviation != dev.Deviation || last.Mandate != mandates[0].ID {
		t.Fatalf("voting record %+v", last)
	}
	if all := f.S.AllDeviations(); len(all) != 1 {
		t.Fatalf("public deviations %+v", all)
	}
	// Deviating again while the recall is open records the deviation without a second recall.
	evs = must(t, f, "Eve", Vote{Question: p, Choice: Abstain})
	if len(evs) != 2 || evs[1].(DeviationRecorded).Recall != 0 {
		t.Fatalf("second deviation %+v", evs)
	}
	// Following the mandate is no deviation.
	if evs := must(t, f, "Eve", Vote{Question: p, Choice: No}); len(evs) != 1 {
		t.Fatalf("following the mandate gave %d events", len(evs))
	}
	if got := len(f.RecallsOf(f.RueNeuve)); got != 1 {
		t.Fatalf("%d recalls, want 1", got)
	}
}

func (f *Fixture) RecallsOf(c ID) []RecallView { return f.S.RecallsOf(c) }

func TestMandateRules(t *testing.T) { flowMandateRules(t, fixture(t)) }

func flowMandateRules(t *testing.T, f *Fixture) {
	p := propose(t, f, "Hana", Propose{Council: f.District, Title: "t", Text: "x"})
	other := propose(t, f, "Ben", Propose{Council: f.Bakery, Title: "t", Text: "x"})
	// A mandate targets a proposal of a council one belongs to, with a choice or an option.
	refused(t, f, f.id("Ben"), Propose{Council: f.Bakery, Kind: ProposalMandate, Title: "m", Motion: Motion{Target: other, Choice: No}},
		commune.EINVALID, "bad_motion")
	refused(t, f, f.id("Ben"), Propose{Council: f.Bakery, Kind: ProposalMandate, Title: "m", Motion: Motion{Target: p, Choice: "maybe"}},
		commune.EINVALID, "bad_motion")
	refused(t, f, f.id("Ben"), Propose{Council: f.Bakery, Kind: ProposalMandate, Title: "m", Motion: Motion{Target: 9999, Choice: No}},
		commune.ENOTFOUND, "proposal")
	must(t, f, "Ben", Propose{Council: f.Bakery, Kind: ProposalMandate, Title: "m", Motion: Motion{Target: p, Choice: No}})
}
