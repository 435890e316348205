package council

import (
	"testing"

	"commune"
)

// acts fills every act with plausible arguments against the fixture.
func someActs(t *testing.T, f *Fixture) map[string]Act {
	t.Helper()
	p := propose(t, f, "Ben", Propose{Council: f.Bakery, Title: "t", Text: "x"})
	am := must(t, f, "Dan", Amend{Proposal: p, Text: "y"})[0].(AmendmentMade).Amendment
	tid := must(t, f, "Ben", FormTendency{Name: "T"})[0].(TendencyFormed).Tendency
	rep := must(t, f, "Ben", FileMinorityReport{Tendency: tid, Proposal: p, Text: "z"})[0].(MinorityReportFiled).Report
	must(t, f, "Ada", Invite{Council: f.Bakery, Code: "operator-test-code-1"})
	ada := f.Member["Ada"]
	acts := map[string]Act{
		"found":                Found{Federation: "F", Name: "N", Council: "C", Kind: KindWorkplace},
		"found_council":        FoundCouncil{Name: "New", Kind: KindWorkplace},
		"invite":               Invite{Council: f.Bakery, Code: "operator-test-code-2"},
		"accept_invitation":    AcceptInvitation{Code: "operator-test-code-1", Name: "Op"},
		"leave":                Leave{Council: f.Bakery},
		"propose":              Propose{Council: f.Bakery, Title: "t", Text: "x"},
		"request_admission":    RequestAdmission{Council: f.Bakery},
		"amend":                Amend{Proposal: p, Text: "w"},
		"accept_amendment":     AcceptAmendment{Amendment: am},
		"vote":                 Vote{Question: p, Choice: Yes},
		"call_election":        CallElection{Council: f.Bakery, Federation: f.District},
		"nominate":             Nominate{Election: 1},
		"withdraw_candidacy":   WithdrawCandidacy{Election: 1},
		"open_recall":          OpenRecall{Federation: f.District, Delegate: ada},
		"sign_recall_petition": SignRecallPetition{Federation: f.District, Delegate: ada},
		"sign_referendum":      SignReferendum{Proposal: p},
		"form_tendency":        FormTendency{Name: "U"},
		"join_tendency":        JoinTendency{Tendency: tid},
		"leave_tendency":       LeaveTendency{Tendency: tid},
		"publish_platform":     PublishPlatform{Tendency: tid, Platform: "p"},
		"dissolve_tendency":    DissolveTendency{Tendency: tid},
		"file_minority_report": FileMinorityReport{Tendency: tid, Proposal: p, Text: "r"},
		"sign_minority_report": SignMinorityReport{Report: rep},
		"operator_note":        OperatorNote{Text: "backup taken"},
	}
	for name, act := range cycleActs(t, f) {
		acts[name] = act
	}
	return acts
}

// Operators hold no vote and no office: every act refuses them but their
// own, which is recorded.
func TestOperatorsHoldNoVoteNoOffice(t *testing.T) { flowOperatorsHoldNoVoteNoOffice(t, fixture(t)) }

func flowOperatorsHoldNoVoteNoOffice(t *testing.T, f *Fixture) {
	acts := someActs(t, f)
	if len(acts) != len(Acts()) {
		t.Fatalf("test covers %d acts, there are %d", len(acts), len(Acts()))
	}
	op := Actor{Operator: "root"}
	for name, act := range acts {
		_, err := act.Check(f.S, op, f.Now)
		switch name {
		case "operator_note":
			if err != nil {
				t.Errorf("operator note: %v", err)
			}
		case "found":
			if commune.ErrorReason(err) != "already_founded" {
				t.Errorf("found: %v", err)
			}
		case "accept_invitation":
			if commune.ErrorCode(err) != commune.EFORBIDDEN {
				t.Errorf("%s by an operator: %v, want forbidden", name, err)
			}
		default:
			if commune.ErrorCode(err) != commune.EFORBIDDEN || commune.ErrorReason(err) != "operator" {
				t.Errorf("%s by an operator: %v, want forbidden/operator", name, err)
			}
		}
	}
	// Members cannot record operator acts.
	refused(t, f, f.id("Ada"), OperatorNote{Text: "x"}, commune.EFORBIDDEN, "operator_only")
	evs, err := f.Do(op, OperatorNote{Action: OpPasswordReset, Member: f.Member["Ben"]})
	if err != nil {
		t.Fatal(err)
	}
	rows := f.S.Rows("operator_acts")
	if len(rows) != 1 || rows[0][1] != "root" || rows[0][2] != OpPasswordReset {
		t.Fatalf("operator acts %v (events %v)", rows, evs)
	}
	refused(t, f, op, OperatorNote{Action: "appoint", Member: f.Member["Ben"]}, commune.EINVALID, "bad_action")
	// Nothing an operator did gave anyone a seat.
	if got := len(f.S.Rows("seats")); got != 3 {
		t.Fatalf("%d seats", got)
	}
}

// The server's clock acts only through Due; it may found the federation and
// accept an invitation for a newcomer holding the code, nothing else.
func TestServerActsOnlyOnTheClock(t *testing.T) { flowServerActsOnlyOnTheClock(t, fixture(t)) }

func flowServerActsOnlyOnTheClock(t *testing.T, f *Fixture) {
	for name, act := range someActs(t, f) {
		_, err := act.Check(f.S, Server, f.Now)
		switch name {
		case "accept_invitation":
			if err != nil {
				t.Errorf("newcomer accepting: %v", err)
			}
		case "found":
			if commune.ErrorReason(err) != "already_founded" {
				t.Errorf("found: %v", err)
			}
		case "operator_note":
			if commune.ErrorReason(err) != "operator_only" {
				t.Errorf("operator note by server: %v", err)
			}
		default:
			if commune.ErrorCode(err) != commune.EFORBIDDEN {
				t.Errorf("%s by the server: %v, want forbidden", name, err)
			}
		}
	}
}

// No act gives an office: every seat on the record was given by an
// election's closing, computed from the ballots.
func TestNoAppointments(t *testing.T) {
	f := scenario(t)
	elected := map[seatKey]bool{}
	for _, r := range f.Log {
		if ev, ok := r.Event.(ElectionClosed); ok {
			for _, m := range ev.Elected {
				elected[seatKey{ev.Election, m}] = true
			}
			if !r.By.Server {
				t.Fatalf("election closed by %v", r.By)
			}
		}
	}
	rows := f.S.Rows("seats")
	if len(rows) == 0 {
		t.Fatal("no seats")
	}
	for _, row := range rows {
		k := seatKey{ID(row[0].(int64)), ID(row[1].(int64))}
		if !elected[k] {
			t.Errorf("seat %v was not given by an election", row)
		}
	}
	// A forged election result is refused: the figures are recomputed.
	e := must(t, f, "Ben", FoundCouncil{Name: "x", Kind: KindWorkplace})
	_ = e
	for _, r := range f.Log {
		if ev, ok := r.Event.(ElectionClosed); ok {
			forged := ev
			forged.Elected = []ID{f.Member["Gus"]}
			if err := New().Apply(r.At, Server, forged); err == nil {
				t.Fatal("a forged election result was applied to an empty state")
			}
			break
		}
	}
}

// Check never changes the state, whether it accepts or refuses.
func TestCheckDoesNotMutate(t *testing.T) {
	f := fixture(t)
	acts := someActs(t, f)
	before := New()
	for _, r := range f.Log {
		if err := before.Apply(r.At, r.By, r.Event); err != nil {
			t.Fatal(err)
		}
	}
	for name, act := range acts {
		for _, by := range []Actor{f.id("Ben"), f.id("Eve"), f.id("Ada"), Server, {Operator: "x"}} {
			_, _ = act.Check(f.S, by, f.Now)
			if f.S.LastID() != before.LastID() || !sameTables(f.S, before) {
				t.Fatalf("%s checked by %v changed the state", name, by)
			}
		}
	}
}
