package ballot

import (
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The worked examples of Schulze's paper (Social Choice and Welfare 36,
// 2011, section 3; the same examples open the method's Wikipedia and
// Electowiki articles). Example 1 is the Wikipedia 45-voter example.
func TestSchulzePaperExamples(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		ballots []Ballot
		want    []string
	}{
		{"example 1 (45 voters)", 5, letters(
			"5 ACBED", "5 ADECB", "8 BEDAC", "3 CABED", "7 CAEBD", "2 CBADE", "7 DCEBA", "8 EBADC",
		), []string{"E", "A", "C", "B", "D"}},
		{"example 2 (30 voters)", 4, letters(
			"5 ACBD", "2 ACDB", "3 ADCB", "4 BACD", "3 CBDA", "3 CDBA", "1 DACB", "5 DBAC", "4 DCBA",
		), []string{"D", "A", "C", "B"}},
		{"example 3 (30 voters)", 5, letters(
			"3 ABDEC", "5 ADEBC", "1 ADECB", "2 BADEC", "2 BDECA", "4 CABDE", "6 CBADE", "2 DBECA", "5 DECAB",
		), []string{"B", "A", "D", "E", "C"}},
		{"example 4 (9 voters, tie)", 4, letters(
			"3 ABCD", "2 DABC", "2 DBCA", "2 CBDA",
		), []string{"BD", "AC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := names(Schulze(tt.n, tt.ballots).Ranking)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ranking (-want +got):\n%s", diff)
			}
		})
	}
}

// The matrices published with example 1 (d and p tables of the paper and
// of Wikipedia).
func TestSchulzeExample1Matrices(t *testing.T) {
	r := Schulze(5, letters("5 ACBED", "5 ADECB", "8 BEDAC", "3 CABED", "7 CAEBD", "2 CBADE", "7 DCEBA", "8 EBADC"))
	wantD := [][]int64{
		{0, 20, 26, 30, 22},
		{25, 0, 16, 33, 18},
		{19, 29, 0, 17, 24},
		{15, 12, 28, 0, 14},
		{23, 27, 21, 31, 0},
	}
	wantP := [][]int64{
		{0, 28, 28, 30, 24},
		{25, 0, 28, 33, 24},
		{25, 29, 0, 29, 24},
		{25, 28, 28, 0, 24},
		{25, 28, 28, 31, 0},
	}
	if diff := cmp.Diff(wantD, r.D); diff != "" {
		t.Errorf("d (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantP, r.P); diff != "" {
		t.Errorf("p (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{4}, r.Winners()); diff != "" {
		t.Errorf("winners (-want +got):\n%s", diff)
	}
}

// The Debian elections on PrefLib, with the winners history records.
func TestSchulzeDebian(t *testing.T) {
	tests := []struct {
		file, winner string
	}{
		{"00002-00000006.toc", "Stefano Zacchiroli"}, // DPL 2010
		{"00002-00000007.toc", "Stefano Zacchiroli"}, // DPL 2012
		{"00002-00000008.toc", "Swirl"},              // logo
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			e := readFile(t, "testdata/"+tt.file)
			r := Schulze(len(e.Names), e.Ballots)
			var got []string
			for _, a := range r.Winners() {
				got = append(got, e.Names[a])
			}
			if diff := cmp.Diff([]string{tt.winner}, got); diff != "" {
				t.Errorf("winners (-want +got):\n%s", diff)
			}
			// Every alternative appears exactly once in the ranking.
			var all []int
			for _, g := range r.Ranking {
				all = append(all, g...)
			}
			slices.Sort(all)
			if len(all) != len(e.Names) || all[0] != 0 || all[len(all)-1] != len(e.Names)-1 {
				t.Errorf("ranking %v is not a partition of %d alternatives", r.Ranking, len(e.Names))
			}
		})
	}
}

func readFile(t *testing.T, path string) *Election {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e, err := ReadPrefLib(f)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Unranked alternatives rank below ranked ones and tie among themselves;
// a ballot with ties gives no pairwise preference inside a tie.
func TestSchulzeUnrankedAndTies(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		ballots []Ballot
		wantD   [][]int64
		want    []string
	}{
		{"unranked tie at bottom", 3, letters("2 A"), [][]int64{
			{0, 2, 2}, {0, 0, 0}, {0, 0, 0},
		}, []string{"A", "BC"}},
		{"tie group", 3, letters("1 (AB)C"), [][]int64{
			{0, 0, 1}, {0, 0, 1}, {0, 0, 0},
		}, []string{"AB", "C"}},
		{"no ballots", 3, nil, [][]int64{
			{0, 0, 0}, {0, 0, 0}, {0, 0, 0},
		}, []string{"ABC"}},
		{"condorcet cycle, equal strength", 3, letters("1 ABC", "1 BCA", "1 CAB"), [][]int64{
			{0, 2, 1}, {1, 0, 2}, {2, 1, 0},
		}, []string{"ABC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Schulze(tt.n, tt.ballots)
			if diff := cmp.Diff(tt.wantD, r.D); diff != "" {
				t.Errorf("d (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, names(r.Ranking)); diff != "" {
				t.Errorf("ranking (-want +got):\n%s", diff)
			}
		})
	}
}

// Malformed ballots count as far as they are meaningful, and Validate
// names them.
func TestSchulzeTolerantAndValidate(t *testing.T) {
	bad := []Ballot{{Ranks: [][]int{{0}, {7}, {0}, {1}}, Count: 1}, {Ranks: [][]int{{2}}, Count: -4}}
	good := []Ballot{{Ranks: [][]int{{0}, {1}}, Count: 1}}
	if diff := cmp.Diff(Schulze(3, good).D, Schulze(3, bad).D); diff != "" {
		t.Errorf("malformed ballots counted differently (-clean +malformed):\n%s", diff)
	}
	if err := Validate(3, bad); err == nil {
		t.Error("Validate accepted alternative 7 of 3")
	}
	if err := Validate(3, good); err != nil {
		t.Errorf("Validate(good) = %v", err)
	}
}

// randomBallots makes seeded random ballots with ties and truncation.
func randomBallots(rng *rand.Rand, n, count int) []Ballot {
	bs := make([]Ballot, count)
	for i := range bs {
		perm := rng.Perm(n)
		k := rng.IntN(n + 1)
		var ranks [][]int
		for j := 0; j < k; {
			size := 1
			if rng.IntN(4) == 0 {
				size = 1 + rng.IntN(min(3, k-j))
			}
			ranks = append(ranks, perm[j:j+size])
			j += size
		}
		bs[i] = Ballot{Ranks: ranks, Count: 1 + rng.IntN(5)}
	}
	return bs
}

// Property: when an alternative beats every other pairwise (a Condorcet
// winner), it is the only Schulze winner.
func TestSchulzeCondorcetWinnerWins(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	found := 0
	for range 2000 {
		n := 2 + rng.IntN(6)
		bs := randomBallots(rng, n, 1+rng.IntN(12))
		r := Schulze(n, bs)
		for x := range n {
			beatsAll := true
			for y := range n {
				if x != y && r.D[x][y] <= r.D[y][x] {
					beatsAll = false
				}
			}
			if beatsAll {
				found++
				if diff := cmp.Diff([]int{x}, r.Winners()); diff != "" {
					t.Fatalf("Condorcet winner %d lost, ballots %v (-want +got):\n%s", x, bs, diff)
				}
			}
		}
	}
	if found < 500 {
		t.Fatalf("only %d profiles with a Condorcet winner: the property was hardly tested", found)
	}
}

// Property (reversal symmetry, proved in Schulze 2011): reversing every
// ballot reverses the Schulze relation (x above y becomes y above x, for
// every pair), so a unique winner is no winner of the reversed ballots.
// Ballots are made complete so that reversal is well defined.
func TestSchulzeReversalSymmetry(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	unique := 0
	for range 1000 {
		n := 2 + rng.IntN(6)
		bs := randomBallots(rng, n, 1+rng.IntN(12))
		for i := range bs {
			bs[i].Ranks = complete(n, bs[i].Ranks)
		}
		rev := make([]Ballot, len(bs))
		for i, b := range bs {
			rev[i] = Ballot{Ranks: slices.Clone(b.Ranks), Count: b.Count}
			slices.Reverse(rev[i].Ranks)
		}
		r, rr := Schulze(n, bs), Schulze(n, rev)
		for x := range n {
			for y := range n {
				if r.Better(x, y) != rr.Better(y, x) {
					t.Fatalf("ballots %v: %d above %d is %v, reversed %d above %d is %v",
						bs, x, y, r.Better(x, y), y, x, rr.Better(y, x))
				}
			}
		}
		if w := r.Winners(); len(w) == 1 {
			unique++
			if slices.Contains(rr.Winners(), w[0]) {
				t.Fatalf("ballots %v: unique winner %d also wins reversed", bs, w[0])
			}
		}
	}
	if unique < 300 {
		t.Fatalf("only %d profiles with a unique winner", unique)
	}
}

// Property: the ranking is consistent with the relation: x in an earlier
// group than y never has y above x, and within a group nobody is above
// anybody else.
func TestSchulzeRankingConsistent(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 1000 {
		n := 1 + rng.IntN(8)
		r := Schulze(n, randomBallots(rng, n, 1+rng.IntN(12)))
		group := make([]int, n)
		for g, grp := range r.Ranking {
			for _, a := range grp {
				group[a] = g
			}
		}
		for x := range n {
			for y := range n {
				if r.Better(x, y) && group[x] >= group[y] {
					t.Fatalf("%d above %d but ranked in group %d vs %d: %v", x, y, group[x], group[y], r.Ranking)
				}
			}
		}
	}
}

// complete appends the unranked alternatives as a last tie group.
func complete(n int, ranks [][]int) [][]int {
	seen := make([]bool, n)
	for _, g := range ranks {
		for _, a := range g {
			seen[a] = true
		}
	}
	var rest []int
	for a := range n {
		if !seen[a] {
			rest = append(rest, a)
		}
	}
	if len(rest) > 0 {
		ranks = append(slices.Clone(ranks), rest)
	}
	return ranks
}

// Property: the fast pairwise count equals the definition, voter by voter.
func TestPairwiseMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 500 {
		n := 1 + rng.IntN(7)
		bs := randomBallots(rng, n, 1+rng.IntN(10))
		want := make([]int64, n*n)
		for _, b := range bs {
			pos := make([]int, n)
			for a := range pos {
				pos[a] = len(b.Ranks)
			}
			for g, grp := range b.Ranks {
				for _, a := range grp {
					pos[a] = g
				}
			}
			for x := range n {
				for y := range n {
					if pos[x] < pos[y] {
						want[x*n+y] += int64(b.Count)
					}
				}
			}
		}
		if diff := cmp.Diff(want, Pairwise(n, bs)); diff != "" {
			t.Fatalf("ballots %v (-definition +Pairwise):\n%s", bs, diff)
		}
	}
}
