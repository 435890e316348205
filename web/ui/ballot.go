package ui

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"commune"
	"commune/council"
)

// option is one alternative of a ranked ballot as the form shows it.
type option struct {
	ID   council.ID
	Name string
	Rank int // the viewer's current rank of it, 0 if unranked
}

// parseRanking reads a ranking string as the council writes it ("4>0=9":
// groups best first, ties joined by "=") into each option's rank.
func parseRanking(s string) map[council.ID]int {
	out := map[council.ID]int{}
	if s == "" {
		return out
	}
	for i, group := range strings.Split(s, ">") {
		for _, f := range strings.Split(group, "=") {
			if n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64); err == nil {
				out[council.ID(n)] = i + 1
			}
		}
	}
	return out
}

// parseID reads a decimal option id of a ranking (0 is "none of them").
func parseID(s string) (council.ID, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return council.ID(n), err == nil && n >= 0
}

// rankingForm reads a ranked ballot: one field rank_ID per option, holding
// its rank (1 best); equal ranks tie; an empty field leaves the option
// unranked (below every ranked one). At least one must be ranked.
func rankingForm(r *http.Request, options []council.ID) ([][]council.ID, error) {
	type ranked struct {
		id   council.ID
		rank int
	}
	var rs []ranked
	for _, id := range options {
		v := strings.TrimSpace(r.PostFormValue("rank_" + strconv.FormatInt(int64(id), 10)))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > len(options) {
			return nil, commune.Errorf(commune.EINVALID, "bad_rank", "a rank is a whole number from 1 to %d, not %q", len(options), v)
		}
		rs = append(rs, ranked{id, n})
	}
	if len(rs) == 0 {
		return nil, commune.Errorf(commune.EINVALID, "empty_ballot", "rank at least one alternative")
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].rank < rs[j].rank })
	var out [][]council.ID
	for i, x := range rs {
		if i > 0 && rs[i-1].rank == x.rank {
			out[len(out)-1] = append(out[len(out)-1], x.id)
			continue
		}
		out = append(out, []council.ID{x.id})
	}
	return out, nil
}

// choiceForm reads a yes/no/abstain vote.
func choiceForm(r *http.Request) (string, error) {
	switch c := r.PostFormValue("choice"); c {
	case council.Yes, "no", "abstain":
		return c, nil
	default:
		return "", commune.Errorf(commune.EINVALID, "bad_choice", "choose yes, no or abstain")
	}
}

// tallyData is a question's tally as the pages show it, with a share per
// choice for the bars.
type tallyData struct {
	council.Tally
	Question council.ID
	Mine     string // the viewer's current vote
}

// Share is part of all votes cast, for the tally bars.
func (t tallyData) Share(n int64) float64 {
	total := t.Yes + t.No + t.Abstain
	if total == 0 {
		return 0
	}
	return float64(n) / float64(total)
}

// Turnout is the share of electors who voted.
func (t tallyData) Turnout() float64 {
	if t.Electors == 0 {
		return 0
	}
	return float64(t.Voters) / float64(t.Electors)
}

// myVote returns the viewer's vote on a question, "" if none.
func myVote(st *council.State, q, member council.ID) string {
	if member == 0 {
		return ""
	}
	// The viewer's own record is short; the question's votes may be many.
	for _, v := range st.VotingRecord(member) {
		if v.Question == q {
			return v.Choice
		}
	}
	return ""
}
