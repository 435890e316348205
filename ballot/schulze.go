package ballot

import "slices"

// Result is the outcome of a Schulze count over n alternatives.
type Result struct {
	// Ranking is the Schulze order: groups of alternatives, best first.
	// Ranking[0] is the set of winners (more than one only when tied).
	// Within a group alternatives are in increasing order.
	Ranking [][]int
	// D is the pairwise matrix: D[x][y] is how many voters strictly
	// prefer x to y.
	D [][]int64
	// P holds the strengths of the strongest paths, with winning votes
	// as the strength of a link: P[x][y] > P[y][x] means x ranks above y.
	P [][]int64
}

// Winners returns the alternatives ranked first (several only on a tie).
func (r Result) Winners() []int {
	if len(r.Ranking) == 0 {
		return nil
	}
	return r.Ranking[0]
}

// Better reports whether the Schulze method ranks x above y:
// P[x][y] > P[y][x].
func (r Result) Better(x, y int) bool { return r.P[x][y] > r.P[y][x] }

// Schulze counts ranked ballots over n alternatives by the Schulze method
// (M. Schulze, "A new monotonic, clone-independent, reversal symmetric,
// and Condorcet-consistent single-winner election method", Social Choice
// and Welfare 36 (2011) 267–303), with winning votes as the strength of a
// link. The strongest paths are found by the O(n³) Floyd–Warshall variant
// given in that paper.
//
// The full ranking puts x above y when P[x][y] > P[y][x]; Schulze proves
// this relation transitive. Ranking lists it in layers: first every
// alternative that no other beats (the winners), then those beaten only by
// the first layer, and so on, so alternatives in one group are tied.
//
// Ballots are counted as far as they are meaningful: out-of-range
// alternatives are skipped, a repeated alternative keeps its first place,
// a negative Count counts as zero. Use Validate to reject such ballots.
func Schulze(n int, ballots []Ballot) Result {
	if n <= 0 {
		return Result{}
	}
	d := Pairwise(n, ballots)
	p := strongestPaths(n, d)
	return Result{Ranking: rank(n, p), D: square(n, d), P: square(n, p)}
}

// Pairwise returns the pairwise matrix of the ballots as a flat n×n slice:
// element x*n+y is the number of voters who strictly prefer x to y.
//
// Each ballot costs O(k²) for its k mentioned alternatives, not O(n²): a
// mentioned alternative first gets the ballot's count against everyone
// (deferred to one row total), then loses it again against the
// alternatives ranked at or above it; unmentioned ones need no work.
func Pairwise(n int, ballots []Ballot) []int64 {
	if n <= 0 {
		return nil
	}
	d := make([]int64, n*n)
	row := make([]int64, n) // row[x]: votes where x beats every unlisted alternative
	mark := make([]bool, n)
	var listed, ends []int
	for _, b := range ballots {
		if b.Count <= 0 {
			continue
		}
		c := int64(b.Count)
		listed, ends = flatten(n, b, mark, listed, ends)
		start := 0
		for _, end := range ends {
			// Alternatives of this group lose c again against everything
			// listed up to the group's end: those above and their equals.
			above := listed[:end]
			for _, x := range listed[start:end] {
				row[x] += c
				dx := d[x*n : (x+1)*n]
				for _, y := range above {
					dx[y] -= c
				}
			}
			start = end
		}
	}
	for x := range n {
		dx := d[x*n : (x+1)*n]
		r := row[x]
		for y := range dx {
			dx[y] += r
		}
		dx[x] = 0
	}
	return d
}

// strongestPaths computes p from the flat pairwise matrix d.
func strongestPaths(n int, d []int64) []int64 {
	p := make([]int64, n*n)
	for x := range n {
		for y := range n {
			if x != y && d[x*n+y] > d[y*n+x] {
				p[x*n+y] = d[x*n+y]
			}
		}
	}
	for i := range n {
		pi := p[i*n : (i+1)*n]
		for j := range n {
			if j == i {
				continue
			}
			pji := p[j*n+i]
			if pji == 0 {
				continue
			}
			pj := p[j*n : (j+1)*n]
			pj = pj[:len(pi)] // one bounds check, not n
			// The diagonal may pick up a value here (a cycle j→i→j);
			// it never strengthens a real path and is cleared below.
			// Branch-free min/max: the comparisons are unpredictable.
			for k, pik := range pi {
				pj[k] = max(pj[k], min(pji, pik))
			}
		}
	}
	for x := range n {
		p[x*n+x] = 0
	}
	return p
}

// rank layers the alternatives by the Schulze relation, best first.
func rank(n int, p []int64) [][]int {
	beaten := make([]int, n) // beaten[y]: how many remaining x beat y
	for x := range n {
		for y := range n {
			if p[x*n+y] > p[y*n+x] {
				beaten[y]++
			}
		}
	}
	var ranking [][]int
	done := make([]bool, n)
	left := n
	for left > 0 {
		var layer []int
		for x := range n {
			if !done[x] && beaten[x] == 0 {
				layer = append(layer, x)
			}
		}
		if len(layer) == 0 {
			// Impossible for a transitive relation; guard against a
			// cycle anyway by tying everything left.
			for x := range n {
				if !done[x] {
					layer = append(layer, x)
				}
			}
		}
		for _, x := range layer {
			done[x] = true
			left--
		}
		for _, x := range layer {
			for y := range n {
				if p[x*n+y] > p[y*n+x] {
					beaten[y]--
				}
			}
		}
		slices.Sort(layer)
		ranking = append(ranking, layer)
	}
	return ranking
}

// square views a flat n×n slice as rows sharing its storage.
func square(n int, flat []int64) [][]int64 {
	m := make([][]int64, n)
	for i := range m {
		m[i] = flat[i*n : (i+1)*n : (i+1)*n]
	}
	return m
}
