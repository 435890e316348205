package ballot

import (
	"math/bits"

	"commune"
)

// Majority says how many yes votes a decision needs.
type Majority int

// The majorities a council's statutes may require.
const (
	// Simple passes when yes > no; abstentions do not count.
	Simple Majority = iota + 1
	// Absolute passes when yes > half of all votes cast, abstentions
	// included (so an abstention weighs like a no).
	Absolute
	// Qualified passes when yes ≥ Threshold/1000 of yes+no, and yes > 0.
	Qualified
)

// String names the majority as statutes write it.
func (m Majority) String() string {
	switch m {
	case Simple:
		return "simple"
	case Absolute:
		return "absolute"
	case Qualified:
		return "qualified"
	}
	return "unknown"
}

// Rule is the part of a council's statutes that decides a yes/no question.
// Shares are in per-mille so every comparison is exact integer arithmetic.
type Rule struct {
	// Quorum is the share of the electors (by weight) that must take part,
	// yes, no and abstain alike, in per-mille: 500 means half. 0: none.
	Quorum int64
	// Majority is the kind of majority required.
	Majority Majority
	// Threshold is the qualified majority in per-mille of yes+no, e.g. 750
	// for three quarters. Two thirds is no whole per-mille: 667 asks a
	// little more (2 of 3 fails), 666 a little less (2 of 3 passes).
	// Used only with Qualified.
	Threshold int64
}

// Validate reports a rule that cannot be applied: a quorum outside
// 0..1000, an unknown majority, or a qualified threshold outside 1..1000.
func (r Rule) Validate() error {
	if r.Quorum < 0 || r.Quorum > 1000 {
		return commune.Errorf(commune.EINVALID, "bad_quorum", "rule: quorum %d‰ outside 0..1000", r.Quorum)
	}
	switch r.Majority {
	case Simple, Absolute:
	case Qualified:
		if r.Threshold < 1 || r.Threshold > 1000 {
			return commune.Errorf(commune.EINVALID, "bad_threshold", "rule: qualified threshold %d‰ outside 1..1000", r.Threshold)
		}
	default:
		return commune.Errorf(commune.EINVALID, "bad_majority", "rule: unknown majority %d", r.Majority)
	}
	return nil
}

// Choice is a voter's answer to a yes/no question.
type Choice int

// The answers.
const (
	Yes Choice = iota + 1
	No
	Abstain
)

// String names the choice.
func (c Choice) String() string {
	switch c {
	case Yes:
		return "yes"
	case No:
		return "no"
	case Abstain:
		return "abstain"
	}
	return "unknown"
}

// Vote is one named vote. Weight is what the vote counts for in a
// weighted federated vote (the members a delegate represents); 0 means 1,
// the unweighted case. A negative weight or an unknown choice counts for
// nothing.
type Vote struct {
	Choice Choice
	Weight int64
}

// Outcome is the count of a yes/no vote. Yes, No, Abstain and Cast are
// weights (numbers of voters when unweighted).
type Outcome struct {
	Yes, No, Abstain int64
	Cast             int64 // Yes + No + Abstain
	Electors         int64 // the total weight of everyone entitled to vote
	QuorumMet        bool
	Passed           bool // QuorumMet and the majority reached
}

// YesNo counts votes under rule. electors is the total weight of those
// entitled to vote (their number when unweighted); the quorum is met when
// Cast*1000 ≥ Quorum*electors, so a quorum reached exactly is met. A tie
// never passes. An invalid rule (see Rule.Validate) never passes.
// All arithmetic is on integers, exact even for products beyond int64.
func YesNo(rule Rule, electors int64, votes []Vote) Outcome {
	o := Outcome{Electors: electors}
	for _, v := range votes {
		w := v.Weight
		if w == 0 {
			w = 1
		}
		if w < 0 {
			continue
		}
		switch v.Choice {
		case Yes:
			o.Yes += w
		case No:
			o.No += w
		case Abstain:
			o.Abstain += w
		}
	}
	o.Cast = o.Yes + o.No + o.Abstain
	if rule.Validate() != nil {
		return o
	}
	o.QuorumMet = geq(o.Cast, 1000, rule.Quorum, max(electors, 0))
	var majority bool
	switch rule.Majority {
	case Simple:
		majority = o.Yes > o.No
	case Absolute:
		majority = !geq(o.Cast, 1, o.Yes, 2) // 2·yes > cast
	case Qualified:
		majority = o.Yes > 0 && geq(o.Yes, 1000, rule.Threshold, o.Yes+o.No)
	}
	o.Passed = o.QuorumMet && majority
	return o
}

// geq reports a*b ≥ c*d for non-negative operands, exactly.
func geq(a, b, c, d int64) bool {
	hi1, lo1 := bits.Mul64(uint64(a), uint64(b))
	hi2, lo2 := bits.Mul64(uint64(c), uint64(d))
	return hi1 > hi2 || (hi1 == hi2 && lo1 >= lo2)
}
