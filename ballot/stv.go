package ballot

import (
	"slices"

	"commune"
)

// Round is one stage of an STV count: the iterations that ended with
// candidates elected or one defeated, and the tallies at that point.
type Round struct {
	Quota      Fixed   // the quota at the end of the stage
	Votes      []Fixed // votes credited to each alternative
	Keep       []Fixed // each alternative's keep factor (0: defeated)
	Exhausted  Fixed   // votes that passed every continuing candidate
	Iterations int     // Meek iterations in this stage
	Elected    []int   // alternatives elected at this stage, in order
	Defeated   []int   // alternatives defeated at this stage
}

// maxVotes bounds the number of votes so that tallies in Fixed units
// (10⁻⁹ vote) cannot overflow int64.
const maxVotes = 1_000_000_000

// omega is the reference rule's convergence tolerance, 10⁻⁶ vote.
const omega Fixed = 1000

// status of a candidate during an STV count.
type status uint8

const (
	hopeful status = iota
	elected
	defeated
)

// STV elects seats of the n alternatives by Meek's method, following the
// Proportional Representation Foundation's "Reference Meek Rule" (its
// rendering of I. D. Hill, B. A. Wichmann and D. R. Woodall, "Algorithm
// 123: Single Transferable Vote by Meek's Method", The Computer Journal
// 30(3), 1987): 9-decimal fixed point, keep factors rounded up, quota =
// total votes credited to candidates / (seats+1) truncated + 10⁻⁹,
// ω = 10⁻⁶, iteration until the total surplus is below ω or stops falling.
//
// Two points the reference rule leaves to the implementer:
//   - Ties at a defeat (every hopeful candidate whose vote is within the
//     total surplus of the lowest) are broken by looking back through the
//     earlier stages, most recent first, for the candidate with fewer
//     votes; if they tied at every stage, the highest-numbered alternative
//     is defeated. Counts are thus deterministic (no lot).
//   - Tied alternatives within a ballot (equal preferences, which
//     Algorithm 123 leaves out; this rule is ours) share the ballot's
//     remaining weight equally among those not defeated; each keeps its
//     share times its keep factor and passes the rest on.
//
// elected lists the winners in order of election; rounds records every
// stage for display. Invalid input (seats outside 1..n, ballots failing
// Validate, more than 10⁹ votes) returns an *commune.Error, EINVALID.
func STV(n, seats int, ballots []Ballot) (elected []int, rounds []Round, err error) {
	if n < 1 || seats < 1 || seats > n {
		return nil, nil, commune.Errorf(commune.EINVALID, "bad_seats", "stv: %d seats among %d alternatives", seats, n)
	}
	if err := Validate(n, ballots); err != nil {
		return nil, nil, err
	}
	var total int64
	var bs []Ballot
	for _, b := range ballots {
		if b.Count == 0 {
			continue
		}
		total += int64(b.Count)
		if total > maxVotes {
			return nil, nil, commune.Errorf(commune.EINVALID, "too_many_votes", "stv: more than %d votes", maxVotes)
		}
		bs = append(bs, b)
	}
	c := &meek{n: n, seats: seats, ballots: bs,
		state: make([]status, n), keep: make([]Fixed, n), votes: make([]Fixed, n)}
	for i := range c.keep {
		c.keep[i] = Unit
	}
	return c.run()
}

// meek is the state of one Meek count.
type meek struct {
	n, seats  int
	ballots   []Ballot
	state     []status
	keep      []Fixed
	votes     []Fixed
	exhausted Fixed
	quota     Fixed
	elected   []int
	rounds    []Round
}

func (c *meek) count(s status) int {
	k := 0
	for _, st := range c.state {
		if st == s {
			k++
		}
	}
	return k
}

func (c *meek) run() ([]int, []Round, error) {
	for {
		if len(c.elected) == c.seats || len(c.elected)+c.count(hopeful) <= c.seats {
			break
		}
		iters := 0
		var prev Fixed = -1
		var surplus Fixed
		var newly []int
		for {
			iters++
			c.distribute()
			newly = c.findWinners()
			if len(newly) > 0 {
				break
			}
			surplus = 0
			for x, st := range c.state {
				if st == elected {
					surplus += c.votes[x] - c.quota
				}
			}
			surplus = max(surplus, 0)
			if surplus < omega || (iters > 1 && surplus >= prev) {
				break
			}
			prev = surplus
			for x, st := range c.state {
				if st == elected && c.votes[x] > 0 {
					c.keep[x] = min(divUp(mulUp(c.keep[x], c.quota), c.votes[x]), Unit)
				}
			}
		}
		if len(newly) > 0 {
			for _, x := range newly {
				c.state[x] = elected
			}
			c.elected = append(c.elected, newly...)
			c.record(iters, newly, nil)
			continue
		}
		x := c.lowest(surplus)
		c.state[x] = defeated
		c.keep[x] = 0
		c.record(iters, nil, []int{x})
	}
	// Step C: fill the remaining seats with every hopeful candidate, or
	// defeat those left once all seats are filled.
	var rest []int
	for x, st := range c.state {
		if st == hopeful {
			rest = append(rest, x)
		}
	}
	if len(rest) > 0 {
		c.byVotes(rest)
		if len(c.elected) < c.seats {
			for _, x := range rest {
				c.state[x] = elected
			}
			c.elected = append(c.elected, rest...)
			c.record(0, rest, nil)
		} else {
			for _, x := range rest {
				c.state[x] = defeated
				c.keep[x] = 0
			}
			c.record(0, nil, rest)
		}
	}
	return c.elected, c.rounds, nil
}

// distribute credits every ballot to candidates by their keep factors and
// recomputes the quota.
func (c *meek) distribute() {
	clear(c.votes)
	c.exhausted = 0
	live := make([]int, 0, c.n)
	for _, b := range c.ballots {
		w := Unit
		cnt := Fixed(b.Count)
		for _, g := range b.Ranks {
			live = live[:0]
			for _, x := range g {
				if c.state[x] != defeated {
					live = append(live, x)
				}
			}
			switch len(live) {
			case 0:
				continue
			case 1:
				kept := mulUp(w, c.keep[live[0]])
				c.votes[live[0]] += kept * cnt
				w -= kept
			default:
				share := w / Fixed(len(live))
				w -= share * Fixed(len(live))
				for _, x := range live {
					kept := mulUp(share, c.keep[x])
					c.votes[x] += kept * cnt
					w += share - kept
				}
			}
			if w == 0 {
				break
			}
		}
		c.exhausted += w * cnt
	}
	var sum Fixed
	for _, v := range c.votes {
		sum += v
	}
	c.quota = sum/Fixed(c.seats+1) + 1
}

// findWinners returns the hopeful candidates at or above the quota, most
// votes first (ties: lower number first).
func (c *meek) findWinners() []int {
	var w []int
	for x, st := range c.state {
		if st == hopeful && c.votes[x] >= c.quota {
			w = append(w, x)
		}
	}
	c.byVotes(w)
	return w
}

// byVotes sorts xs by current votes, most first, then by number.
func (c *meek) byVotes(xs []int) {
	slices.SortStableFunc(xs, func(a, b int) int {
		if c.votes[a] != c.votes[b] {
			if c.votes[a] > c.votes[b] {
				return -1
			}
			return 1
		}
		return a - b
	})
}

// lowest picks the hopeful candidate to defeat: the lowest vote, where
// every candidate within surplus of it counts as tied.
func (c *meek) lowest(surplus Fixed) int {
	low := Fixed(-1)
	for x, st := range c.state {
		if st == hopeful && (low < 0 || c.votes[x] < low) {
			low = c.votes[x]
		}
	}
	var tied []int
	for x, st := range c.state {
		if st == hopeful && c.votes[x] <= low+surplus {
			tied = append(tied, x)
		}
	}
	for r := len(c.rounds) - 1; r >= 0 && len(tied) > 1; r-- {
		v := c.rounds[r].Votes
		m := v[tied[0]]
		for _, x := range tied {
			m = min(m, v[x])
		}
		kept := tied[:0]
		for _, x := range tied {
			if v[x] == m {
				kept = append(kept, x)
			}
		}
		tied = kept
	}
	return tied[len(tied)-1]
}

func (c *meek) record(iters int, el, def []int) {
	c.rounds = append(c.rounds, Round{
		Quota: c.quota, Votes: slices.Clone(c.votes), Keep: slices.Clone(c.keep),
		Exhausted: c.exhausted, Iterations: iters,
		Elected: slices.Clone(el), Defeated: slices.Clone(def),
	})
}
