package ballot

import "strings"

// letters builds ballots from "count ORDER" lines where ORDER spells
// alternatives as letters A, B, …, strictly ranked, e.g. "5 ACBED";
// "(BC)" inside ORDER is a tie group.
func letters(lines ...string) []Ballot {
	var bs []Ballot
	for _, l := range lines {
		var count int
		var order string
		f := strings.Fields(l)
		count = atoi(f[0])
		if len(f) > 1 {
			order = f[1]
		}
		var ranks [][]int
		var group []int
		in := false
		for _, r := range order {
			switch {
			case r == '(':
				in, group = true, nil
			case r == ')':
				in = false
				ranks = append(ranks, group)
			case in:
				group = append(group, int(r-'A'))
			default:
				ranks = append(ranks, []int{int(r - 'A')})
			}
		}
		bs = append(bs, Ballot{Ranks: ranks, Count: count})
	}
	return bs
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// names turns a ranking of numbers into one of letters: [["E"] ["A"] …].
func names(ranking [][]int) []string {
	var out []string
	for _, g := range ranking {
		var b strings.Builder
		for _, a := range g {
			b.WriteByte(byte('A' + a))
		}
		out = append(out, b.String())
	}
	return out
}
