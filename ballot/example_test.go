package ballot_test

import (
	"fmt"
	"strings"

	"commune/ballot"
)

// Three candidates; A beats B and C pairwise, so A wins.
func ExampleSchulze() {
	const a, b, c = 0, 1, 2
	r := ballot.Schulze(3, []ballot.Ballot{
		{Ranks: [][]int{{a}, {b}, {c}}, Count: 4},
		{Ranks: [][]int{{b}, {c}, {a}}, Count: 3},
		{Ranks: [][]int{{c}, {a}}, Count: 2}, // b unranked: below a and c
	})
	fmt.Println("ranking:", r.Ranking)
	fmt.Println("a over b:", r.D[a][b], "b over a:", r.D[b][a])
	// Output:
	// ranking: [[0] [1] [2]]
	// a over b: 6 b over a: 3
}

// Two seats among four candidates by Meek STV.
func ExampleSTV() {
	elected, rounds, err := ballot.STV(4, 2, []ballot.Ballot{
		{Ranks: [][]int{{0}, {1}}, Count: 6},
		{Ranks: [][]int{{1}}, Count: 2},
		{Ranks: [][]int{{2}, {3}}, Count: 3},
		{Ranks: [][]int{{3}}, Count: 1},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("elected:", elected)
	fmt.Println("first quota:", rounds[0].Quota)
	// Output:
	// elected: [0 1]
	// first quota: 4.000000001
}

// A council with 40 members, a quorum of half and a two-thirds majority.
func ExampleYesNo() {
	rule := ballot.Rule{Quorum: 500, Majority: ballot.Qualified, Threshold: 667}
	var votes []ballot.Vote
	for range 14 {
		votes = append(votes, ballot.Vote{Choice: ballot.Yes})
	}
	for range 6 {
		votes = append(votes, ballot.Vote{Choice: ballot.No})
	}
	o := ballot.YesNo(rule, 40, votes)
	fmt.Printf("yes %d no %d, quorum met %v, passed %v\n", o.Yes, o.No, o.QuorumMet, o.Passed)
	// Output:
	// yes 14 no 6, quorum met true, passed true
}

func ExampleReadPrefLib() {
	e, err := ballot.ReadPrefLib(strings.NewReader(`# DATA TYPE: toi
# NUMBER ALTERNATIVES: 3
# ALTERNATIVE NAME 1: Ann
# ALTERNATIVE NAME 2: Bob
# ALTERNATIVE NAME 3: Cy
5: 2,{1,3}
3: 1
`))
	if err != nil {
		panic(err)
	}
	r := ballot.Schulze(len(e.Names), e.Ballots)
	for _, a := range r.Winners() {
		fmt.Println(e.Names[a], "wins with", e.Voters, "voters")
	}
	// Output:
	// Bob wins with 8 voters
}
