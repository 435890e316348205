package ballot

import (
	"math"
	"testing"

	"commune"

	"github.com/google/go-cmp/cmp"
)

// votes makes y yes, n no and a abstain unweighted votes.
func votes(y, n, a int) []Vote {
	var vs []Vote
	for range y {
		vs = append(vs, Vote{Choice: Yes})
	}
	for range n {
		vs = append(vs, Vote{Choice: No})
	}
	for range a {
		vs = append(vs, Vote{Choice: Abstain})
	}
	return vs
}

func TestYesNo(t *testing.T) {
	simple := Rule{Quorum: 500, Majority: Simple}
	tests := []struct {
		name     string
		rule     Rule
		electors int64
		votes    []Vote
		want     Outcome
	}{
		{"simple majority passes", simple, 10, votes(3, 2, 1),
			Outcome{Yes: 3, No: 2, Abstain: 1, Cast: 6, Electors: 10, QuorumMet: true, Passed: true}},
		{"tie fails", simple, 10, votes(3, 3, 0),
			Outcome{Yes: 3, No: 3, Cast: 6, Electors: 10, QuorumMet: true}},
		{"exact quorum is met", simple, 10, votes(3, 2, 0),
			Outcome{Yes: 3, No: 2, Cast: 5, Electors: 10, QuorumMet: true, Passed: true}},
		{"one short of quorum", simple, 10, votes(4, 0, 0),
			Outcome{Yes: 4, Cast: 4, Electors: 10}},
		{"abstentions count for quorum", simple, 10, votes(1, 0, 4),
			Outcome{Yes: 1, Abstain: 4, Cast: 5, Electors: 10, QuorumMet: true, Passed: true}},
		{"quorum of odd electors rounds up", Rule{Quorum: 500, Majority: Simple}, 7, votes(3, 0, 0),
			Outcome{Yes: 3, Cast: 3, Electors: 7}},
		{"absolute: abstentions weigh as no", Rule{Majority: Absolute}, 10, votes(3, 2, 1),
			Outcome{Yes: 3, No: 2, Abstain: 1, Cast: 6, Electors: 10, QuorumMet: true}},
		{"absolute passes", Rule{Majority: Absolute}, 10, votes(4, 2, 1),
			Outcome{Yes: 4, No: 2, Abstain: 1, Cast: 7, Electors: 10, QuorumMet: true, Passed: true}},
		{"qualified 2/3 exactly reached", Rule{Majority: Qualified, Threshold: 667}, 3, votes(2, 1, 0),
			Outcome{Yes: 2, No: 1, Cast: 3, Electors: 3, QuorumMet: true}},
		{"qualified 666‰: 2 of 3 passes", Rule{Majority: Qualified, Threshold: 666}, 3, votes(2, 1, 0),
			Outcome{Yes: 2, No: 1, Cast: 3, Electors: 3, QuorumMet: true, Passed: true}},
		{"qualified 3/4 exactly", Rule{Majority: Qualified, Threshold: 750}, 8, votes(6, 2, 5),
			Outcome{Yes: 6, No: 2, Abstain: 5, Cast: 13, Electors: 8, QuorumMet: true, Passed: true}},
		{"qualified with nobody voting yes or no", Rule{Majority: Qualified, Threshold: 500}, 3, votes(0, 0, 3),
			Outcome{Abstain: 3, Cast: 3, Electors: 3, QuorumMet: true}},
		{"no votes, no quorum", Rule{Majority: Simple}, 0, nil,
			Outcome{QuorumMet: true}},
		{"weighted federated vote", Rule{Quorum: 600, Majority: Simple}, 1000,
			[]Vote{{Yes, 350}, {No, 300}, {No, 40}, {Abstain, 10}},
			Outcome{Yes: 350, No: 340, Abstain: 10, Cast: 700, Electors: 1000, QuorumMet: true, Passed: true}},
		{"negative weight and unknown choice count nothing", simple, 4,
			[]Vote{{Yes, -5}, {Choice(9), 1}, {Yes, 0}, {No, 1}, {Yes, 1}},
			Outcome{Yes: 2, No: 1, Cast: 3, Electors: 4, QuorumMet: true, Passed: true}},
		{"huge weights stay exact", Rule{Quorum: 1000, Majority: Absolute}, math.MaxInt64 / 2,
			[]Vote{{Yes, math.MaxInt64/4 + 1}, {No, math.MaxInt64 / 4}},
			Outcome{Yes: math.MaxInt64/4 + 1, No: math.MaxInt64 / 4, Cast: math.MaxInt64 / 2, Electors: math.MaxInt64 / 2, QuorumMet: true, Passed: true}},
		{"invalid rule never passes", Rule{Quorum: 0, Majority: Majority(7)}, 1, votes(1, 0, 0),
			Outcome{Yes: 1, Cast: 1, Electors: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, YesNo(tt.rule, tt.electors, tt.votes)); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRuleValidate(t *testing.T) {
	tests := []struct {
		rule   Rule
		reason string
	}{
		{Rule{Quorum: 500, Majority: Simple}, ""},
		{Rule{Quorum: 1000, Majority: Absolute}, ""},
		{Rule{Majority: Qualified, Threshold: 667}, ""},
		{Rule{Quorum: -1, Majority: Simple}, "bad_quorum"},
		{Rule{Quorum: 1001, Majority: Simple}, "bad_quorum"},
		{Rule{Majority: Qualified}, "bad_threshold"},
		{Rule{Majority: Qualified, Threshold: 1001}, "bad_threshold"},
		{Rule{}, "bad_majority"},
	}
	for _, tt := range tests {
		err := tt.rule.Validate()
		if got := commune.ErrorReason(err); got != tt.reason {
			t.Errorf("%+v: reason %q, want %q (err %v)", tt.rule, got, tt.reason, err)
		}
		if err != nil && commune.ErrorCode(err) != commune.EINVALID {
			t.Errorf("%+v: code %q", tt.rule, commune.ErrorCode(err))
		}
	}
}
