package ballot

import "commune"

// Ballot is a ranked ballot cast Count times: Ranks lists groups of tied
// alternatives, best first. Alternatives a ballot does not mention rank
// below every alternative it mentions and tie among themselves, so an
// empty ballot expresses no preference at all.
type Ballot struct {
	Ranks [][]int
	Count int
}

// Validate reports the first ballot that names an alternative outside
// 0..n-1, names one twice, or has a negative Count, as an *commune.Error
// with code EINVALID. The counting functions tolerate such ballots (see
// their docs) so that a replay never fails; callers accepting ballots
// from voters should reject them here first.
func Validate(n int, ballots []Ballot) error {
	if n < 0 {
		return commune.Errorf(commune.EINVALID, "bad_alternatives", "ballot: %d alternatives", n)
	}
	seen := make([]int, n) // seen[a] == i+1 when ballot i mentioned a
	for i, b := range ballots {
		if b.Count < 0 {
			return commune.Errorf(commune.EINVALID, "bad_count", "ballot %d: negative count %d", i+1, b.Count)
		}
		for _, g := range b.Ranks {
			for _, a := range g {
				if a < 0 || a >= n {
					return commune.Errorf(commune.EINVALID, "bad_alternative", "ballot %d: alternative %d out of range 0..%d", i+1, a, n-1)
				}
				if seen[a] == i+1 {
					return commune.Errorf(commune.EINVALID, "duplicate_alternative", "ballot %d: alternative %d ranked twice", i+1, a)
				}
				seen[a] = i + 1
			}
		}
	}
	return nil
}

// flatten lists the alternatives b mentions, best first, into listed and
// returns it with ends: group g of the ballot is listed[start:ends[g]].
// Out-of-range alternatives are skipped and a repeated alternative keeps
// its first (best) place, so a malformed ballot still counts as far as it
// is meaningful. mark must be all false on entry and is left so.
func flatten(n int, b Ballot, mark []bool, listed, ends []int) ([]int, []int) {
	listed, ends = listed[:0], ends[:0]
	for _, grp := range b.Ranks {
		start := len(listed)
		for _, a := range grp {
			if a < 0 || a >= n || mark[a] {
				continue
			}
			mark[a] = true
			listed = append(listed, a)
		}
		if len(listed) > start {
			ends = append(ends, len(listed))
		}
	}
	for _, a := range listed {
		mark[a] = false
	}
	return listed, ends
}
