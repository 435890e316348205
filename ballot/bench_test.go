package ballot

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// truncated makes count ballots over n alternatives that each rank k
// random alternatives (the others unranked), as voters facing a long list
// do; seeded, so every run counts the same ballots.
func truncated(n, k, count int) []Ballot {
	rng := rand.New(rand.NewPCG(11, 12))
	bs := make([]Ballot, count)
	for i := range bs {
		ranks := make([][]int, k)
		seen := map[int]bool{}
		for j := range ranks {
			a := rng.IntN(n)
			for seen[a] {
				a = rng.IntN(n)
			}
			seen[a] = true
			ranks[j] = []int{a}
		}
		bs[i] = Ballot{Ranks: ranks, Count: 1}
	}
	return bs
}

// Schulze with 1,000 alternatives and 100,000 ballots ranking 10 each:
// the pairwise count plus the O(n³) strongest paths and the ranking.
func BenchmarkSchulze1000x100k(b *testing.B) {
	bs := truncated(1000, 10, 100_000)
	b.ResetTimer()
	for b.Loop() {
		Schulze(1000, bs)
	}
}

// The pairwise count alone for the same ballots.
func BenchmarkPairwise1000x100k(b *testing.B) {
	bs := truncated(1000, 10, 100_000)
	b.ResetTimer()
	for b.Loop() {
		Pairwise(1000, bs)
	}
}

// Ballots that rank all 1,000 alternatives cost O(n²) each; this gives
// the per-ballot cost of complete ballots.
func BenchmarkPairwiseComplete1000(b *testing.B) {
	bs := truncated(1000, 1000, 100)
	b.ResetTimer()
	for b.Loop() {
		Pairwise(1000, bs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(bs)), "ns/ballot")
}

// Meek STV: 5 seats among 30 candidates, 100,000 ballots ranking 8 each.
func BenchmarkSTV30x100k(b *testing.B) {
	bs := truncated(30, 8, 100_000)
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := STV(30, 5, bs); err != nil {
			b.Fatal(err)
		}
	}
}

// Reading a PrefLib file of 100,000 orders over 20 alternatives.
func BenchmarkReadPrefLib(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("# DATA TYPE: toi\n# NUMBER ALTERNATIVES: 20\n")
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&sb, "# ALTERNATIVE NAME %d: Candidate %d\n", i, i)
	}
	for _, bl := range truncated(20, 6, 100_000) {
		sb.WriteString("1: ")
		for j, g := range bl.Ranks {
			if j > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, "%d", g[0]+1)
		}
		sb.WriteByte('\n')
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := ReadPrefLib(strings.NewReader(text)); err != nil {
			b.Fatal(err)
		}
	}
}
