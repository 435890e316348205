package council

import (
	"sort"
	"strconv"
	"strings"

	"commune"
	"commune/ballot"
)

// Question kinds: everything members vote on is a question with an id.
const (
	QProposal   = "proposal"
	QElection   = "election"
	QRecall     = "recall"
	QReferendum = "referendum"
)

// Vote choices on yes/no questions.
const (
	Yes     = "yes"
	No      = "no"
	Abstain = "abstain"
)

// question holds the votes on one question and its live tally, kept
// incrementally so a vote costs O(size of the question), never O(members).
type question struct {
	id      ID
	kind    string
	body    ID // council whose electors vote; for a referendum the federation
	open    bool
	closes  int64
	ranked  bool
	options []ID       // ranked: the alternatives, in order
	index   map[ID]int // ranked: option id -> position in options
	votes   map[ID]*vote
	yes     int64
	no      int64
	abstain int64
	ballots int64   // ranked: weight of ballots cast
	pairs   []int64 // ranked: pairwise matrix, options x options, weighted
}

type vote struct {
	choice  string
	ranking [][]ID
	weight  int64
	at      int64
}

// add counts v into the live tally with sign +1 or -1.
func (q *question) add(v *vote, sign int64) {
	w := sign * v.weight
	if !q.ranked {
		switch v.choice {
		case Yes:
			q.yes += w
		case No:
			q.no += w
		case Abstain:
			q.abstain += w
		}
		return
	}
	q.ballots += w
	n := len(q.options)
	pos := q.positions(v.ranking)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if pos[i] < pos[j] {
				q.pairs[i*n+j] += w
			}
		}
	}
}

// positions gives each option its rank group on a ranking (unranked: last).
func (q *question) positions(r [][]ID) []int {
	pos := make([]int, len(q.options))
	for i := range pos {
		pos[i] = len(r)
	}
	for g, grp := range r {
		for _, o := range grp {
			pos[q.index[o]] = g
		}
	}
	return pos
}

// ballots returns the votes as ballots over option positions, in voter order.
func (q *question) toBallots() []ballot.Ballot {
	out := make([]ballot.Ballot, 0, len(q.votes))
	for _, voter := range sortedIDs(q.votes) {
		v := q.votes[voter]
		b := ballot.Ballot{Count: int(v.weight)}
		for _, grp := range v.ranking {
			g := make([]int, len(grp))
			for k, o := range grp {
				g[k] = q.index[o]
			}
			b.Ranks = append(b.Ranks, g)
		}
		out = append(out, b)
	}
	return out
}

// recount tallies the yes/no votes afresh from the votes themselves.
func (q *question) recount() (yes, no, abstain int64) {
	for _, v := range q.votes {
		switch v.choice {
		case Yes:
			yes += v.weight
		case No:
			no += v.weight
		case Abstain:
			abstain += v.weight
		}
	}
	return
}

// rankingString writes groups of option ids best first: "4>0=9>7".
func rankingString(r [][]ID) string {
	var b strings.Builder
	for g, grp := range r {
		if g > 0 {
			b.WriteByte('>')
		}
		for k, o := range grp {
			if k > 0 {
				b.WriteByte('=')
			}
			b.WriteString(strconv.FormatInt(int64(o), 10))
		}
	}
	return b.String()
}

// checkRanking validates a ranking of q's options: known options, none
// twice, no empty group, each group in increasing order (canonical form).
func (q *question) checkRanking(r [][]ID) error {
	if len(r) == 0 {
		return errf(commune.EINVALID, "bad_ranking", "a ranking must rank at least one alternative")
	}
	seen := map[ID]bool{}
	for _, grp := range r {
		if len(grp) == 0 {
			return errf(commune.EINVALID, "bad_ranking", "a ranking has an empty group")
		}
		for k, o := range grp {
			if _, ok := q.index[o]; !ok {
				return errf(commune.EINVALID, "bad_ranking", "%d is not an alternative of question %d", o, q.id)
			}
			if seen[o] {
				return errf(commune.EINVALID, "bad_ranking", "%d is ranked twice", o)
			}
			seen[o] = true
			if k > 0 && grp[k-1] >= o {
				return errf(commune.EINVALID, "bad_ranking", "alternatives in a group must be in increasing order")
			}
		}
	}
	return nil
}

// canonicalRanking sorts each group, so that equal rankings are equal.
func canonicalRanking(r [][]ID) [][]ID {
	out := make([][]ID, 0, len(r))
	for _, grp := range r {
		g := append([]ID(nil), grp...)
		sort.Slice(g, func(i, j int) bool { return g[i] < g[j] })
		out = append(out, g)
	}
	return out
}

func sameRanking(a, b [][]ID) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for k := range a[i] {
			if a[i][k] != b[i][k] {
				return false
			}
		}
	}
	return true
}

// schulze ranks q's options by the Schulze method over the votes; the
// result is in option ids, best first.
func (q *question) schulze() [][]ID {
	res := ballot.Schulze(len(q.options), q.toBallots())
	out := make([][]ID, len(res.Ranking))
	for g, grp := range res.Ranking {
		for _, i := range grp {
			out[g] = append(out[g], q.options[i])
		}
		sort.Slice(out[g], func(a, b int) bool { return out[g][a] < out[g][b] })
	}
	return out
}

// eligible returns the weight of m's vote on q, or why m may not vote.
func (s *State) eligible(q *question, m *member) (int64, error) {
	if q.kind == QReferendum {
		if !s.beneath(m, q.body) {
			return 0, errf(commune.EFORBIDDEN, "not_elector", "member %d is not a member of a council beneath council %d", m.id, q.body)
		}
		return 1, nil
	}
	c := s.councils[q.body]
	return s.electorWeight(c, m, q.kind)
}

// electorWeight returns the weight of m as an elector of c: a member of a
// base council, a seated delegate of a federated one.
func (s *State) electorWeight(c *council, m *member, kind string) (int64, error) {
	if !c.federated() {
		if _, ok := c.members[m.id]; !ok {
			reason := "not_member"
			if kind == QRecall || kind == QElection {
				reason = "not_elector"
			}
			return 0, errf(commune.EFORBIDDEN, reason, "member %d is not a member of council %d", m.id, c.id)
		}
		return 1, nil
	}
	st := c.delegates[m.id]
	if st == nil {
		if s.wasRecalled(m, c.id) {
			return 0, errf(commune.EFORBIDDEN, "recalled", "member %d was recalled from council %d", m.id, c.id)
		}
		return 0, errf(commune.EFORBIDDEN, "not_delegate", "member %d is not a delegate in council %d", m.id, c.id)
	}
	return s.delegateWeight(c, st), nil
}

// delegateWeight is one, or under "members" weighting the members the
// delegate's constituent has per seat it is entitled to.
func (s *State) delegateWeight(f *council, st *seat) int64 {
	if f.statutes.Weighting != "members" {
		return 1
	}
	c := s.councils[st.council]
	w := c.size / f.statutes.seatsFor(c.size)
	if w < 1 {
		w = 1
	}
	return w
}

// electorsOf is the total weight of c's electors.
func (s *State) electorsOf(c *council) int64 {
	if !c.federated() || c.statutes.Weighting != "members" {
		return c.electors()
	}
	var n int64
	for _, st := range c.delegates {
		n += s.delegateWeight(c, st)
	}
	return n
}

// wasRecalled reports whether m's last seat in federation f ended by recall.
func (s *State) wasRecalled(m *member, f ID) bool {
	var last *seat
	for _, st := range m.history {
		if st.federation == f && (last == nil || st.start >= last.start) {
			last = st
		}
	}
	return last != nil && last.status == "recalled"
}

// beneath reports whether m belongs to a base council beneath federation f.
func (s *State) beneath(m *member, f ID) bool {
	for _, b := range m.councils {
		if s.isBelow(b, f) {
			return true
		}
	}
	return false
}

// isBelow reports whether council c is f or a constituent of f at any depth.
func (s *State) isBelow(c, f ID) bool {
	seen := map[ID]bool{}
	var walk func(x ID) bool
	walk = func(x ID) bool {
		if x == f {
			return true
		}
		if seen[x] {
			return false
		}
		seen[x] = true
		for p := range s.councils[x].parents {
			if walk(p) {
				return true
			}
		}
		return false
	}
	return walk(c)
}
