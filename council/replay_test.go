package council

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// replay encodes, decodes and applies a log to a fresh state.
func replay(t *testing.T, log []Recorded) *State {
	t.Helper()
	s, _ := replayMirror(t, log)
	return s
}

// replayMirror replays a log and mirrors the derived tables from the
// changes taken after every event.
func replayMirror(t *testing.T, log []Recorded) (*State, mirror) {
	t.Helper()
	s := New()
	m := mirror{}
	for i, r := range log {
		body, err := EncodeEvent(r.Event)
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		actor, err := ParseActor(r.By.String())
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		ev, err := DecodeEvent(r.Event.Kind(), body)
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		if err := s.Apply(r.At, actor, ev); err != nil {
			t.Fatalf("entry %d (%s %s): %v", i, r.Event.Kind(), body, err)
		}
		m.take(s)
	}
	return s, m
}

// mirror keeps derived tables as the store would, from TakeChanges.
type mirror map[string]map[string][]any

func (m mirror) take(s *State) {
	for _, c := range s.TakeChanges() {
		if m[c.Table] == nil {
			m[c.Table] = map[string][]any{}
		}
		key := fmt.Sprint(c.Row[:keyLen(c.Table)]...)
		if c.Delete {
			delete(m[c.Table], key)
		} else {
			m[c.Table][key] = c.Row
		}
	}
}

func keyLen(table string) int { return specs[tableIndex[table]].Key }

// sameRows compares the rows of every table of two states.
func sameRows(t *testing.T, a, b *State) {
	t.Helper()
	for _, tb := range Tables() {
		if diff := cmp.Diff(a.Rows(tb.Name), b.Rows(tb.Name)); diff != "" {
			t.Errorf("table %s differs (-a +b):\n%s", tb.Name, diff)
		}
	}
}

// checkMirror compares a mirror built from changes with Rows.
func checkMirror(t *testing.T, m mirror, s *State) {
	t.Helper()
	for _, tb := range Tables() {
		rows := s.Rows(tb.Name)
		got := map[string][]any{}
		for _, r := range rows {
			got[fmt.Sprint(r[:tb.Key]...)] = r
		}
		want := m[tb.Name]
		if want == nil {
			want = map[string][]any{}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("table %s: changes and rows differ (-changes +rows):\n%s", tb.Name, diff)
		}
	}
}

// flows are the rule tests' scenarios, replayed by TestReplayDeterminism.
var flows = map[string]func(*testing.T, *Fixture){
	"TendencyOnlyMembersDissolve": flowTendencyOnlyMembersDissolve,
	"TendencyLeave":               flowTendencyLeave,
	"Invitations":                 flowInvitations,
	"AdmissionVote":               flowAdmissionVote,
	"Leave":                       flowLeave,
	"FederationStructure":         flowFederationStructure,
	"VoteRules":                   flowVoteRules,
	"AmendmentsAndAlternatives":   flowAmendmentsAndAlternatives,
	"NoneWins":                    flowNoneWins,
	"RecallWithdrawsOpenVotes":    flowRecallWithdrawsOpenVotes,
	"RecallRules":                 flowRecallRules,
	"RecallPetition":              flowRecallPetition,
	"TermsAndRotation":            flowTermsAndRotation,
	"FailedElectionAndCall":       flowFailedElectionAndCall,
	"MultiSeatElection":           flowMultiSeatElection,
	"STVTwoSeats":                 flowSTVTwoSeats,
	"WeightedDelegates":           flowWeightedDelegates,
	"ProportionalSeats":           flowProportionalSeats,
	"MandateDeviationOpensRecall": flowMandateDeviationOpensRecall,
	"MandateRules":                flowMandateRules,
	"OperatorsHoldNoVoteNoOffice": flowOperatorsHoldNoVoteNoOffice,
	"ServerActsOnlyOnTheClock":    flowServerActsOnlyOnTheClock,
	"ReferendumOverturnsDecision": flowReferendumOverturnsDecision,
	"ReferendumByDemand":          flowReferendumByDemand,
	"ReferendumRules":             flowReferendumRules,
}

// Replaying a record into a fresh state gives identical rows, and the
// changes TakeChanges reports, applied in order, give the same rows too.
func TestReplayDeterminism(t *testing.T) {
	for name, flow := range flows {
		t.Run(name, func(t *testing.T) {
			f := fixture(t)
			m := mirror{}
			m.take(f.S)
			flow(t, f)
			m.take(f.S)
			checkMirror(t, m, f.S)
			s, m2 := replayMirror(t, f.Log)
			sameRows(t, f.S, s)
			checkMirror(t, m2, s)
			if s.LastID() != f.S.LastID() {
				t.Fatalf("ids: %d vs %d", s.LastID(), f.S.LastID())
			}
		})
	}
}
