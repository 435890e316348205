package ballot

import (
	"math/rand/v2"
	"testing"

	"commune"

	"github.com/google/go-cmp/cmp"
)

// The example of Wikipedia's "Single transferable vote" article: 20
// voters choose 3 foods; published result Chocolate, Oranges and
// Strawberries. A Oranges, B Pears, C Chocolate, D Strawberries,
// E Hamburgers.
func TestSTVWikipediaFoodElection(t *testing.T) {
	bs := letters("4 A", "2 BA", "8 CD", "4 CE", "1 D", "1 E")
	elected, rounds, err := STV(5, 3, bs)
	if err != nil {
		t.Fatal(err)
	}
	// Chocolate reaches the quota on first preferences, Strawberries on
	// Chocolate's surplus, Oranges once Pears are excluded.
	if diff := cmp.Diff([]int{2, 3, 0}, elected); diff != "" {
		t.Errorf("elected (-want +got):\n%s", diff)
	}
	// Droop quota as Meek computes it: 20/(3+1) plus 10⁻⁹.
	if got, want := rounds[0].Quota, 5*Unit+1; got != want {
		t.Errorf("first quota = %v, want %v", got, want)
	}
	if diff := cmp.Diff([]Fixed{4 * Unit, 2 * Unit, 12 * Unit, 1 * Unit, 1 * Unit}, rounds[0].Votes); diff != "" {
		t.Errorf("first preferences (-want +got):\n%s", diff)
	}
	var defeated []int
	for _, r := range rounds {
		defeated = append(defeated, r.Defeated...)
	}
	if diff := cmp.Diff([]int{1, 4}, defeated); diff != "" {
		t.Errorf("defeated (-want +got):\n%s", diff)
	}
}

// An example discussed on the election-methods list (Sept. 2004): 61 A,
// 60 A>B, 30 C>D, 29 D>C, 2 seats. Meek's keep factor for A converges
// to the fixed point 121·k = (119 + 61·k)/3, k = 119/302, and C is
// elected once D is excluded.
func TestSTVMeekConvergence(t *testing.T) {
	elected, rounds, err := STV(4, 2, letters("61 A", "60 AB", "30 CD", "29 DC"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{0, 2}, elected); diff != "" {
		t.Errorf("elected (-want +got):\n%s", diff)
	}
	// The stage that excluded D ran A's keep factor to convergence.
	var k Fixed
	for _, r := range rounds {
		if len(r.Defeated) == 1 && r.Defeated[0] == 3 {
			k = r.Keep[0]
		}
	}
	want := Fixed(119 * int64(Unit) / 302)
	if d := k - want; d < -10_000 || d > 10_000 { // within 10⁻⁵
		t.Errorf("A's keep factor = %v, want about %v", k, want)
	}
}

func TestSTVCases(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		seats   int
		ballots []Ballot
		want    []int
	}{
		// Equal preferences split the vote: A and B get 5 each, C is
		// excluded, then A and B tie at every stage and the higher
		// number (B) is defeated, so A fills the seat.
		{"tie broken by number", 3, 1, letters("10 (AB)", "3 C"), []int{0}},
		// Earlier stages break a tie: once A is excluded B and C have 3
		// votes each, but C had fewer at the first stage (2 to 3), so C
		// is excluded and its votes elect B over D.
		{"tie broken by earlier stage", 4, 1, letters("5 D", "3 B", "2 CB", "1 ACB"), []int{1}},
		{"as many seats as candidates", 3, 3, letters("1 A"), []int{0, 1, 2}},
		{"single seat, majority", 3, 1, letters("6 ABC", "5 BCA", "1 CBA"), []int{0}},
		// Single seat behaves as the alternative vote: C is excluded and
		// its votes elect B.
		{"single seat, transfer", 3, 1, letters("5 ABC", "4 BCA", "3 CBA"), []int{1}},
		{"no ballots", 3, 2, nil, []int{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := STV(tt.n, tt.seats, tt.ballots)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("elected (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSTVInvalid(t *testing.T) {
	tests := []struct {
		name     string
		n, seats int
		ballots  []Ballot
		reason   string
	}{
		{"no seats", 3, 0, nil, "bad_seats"},
		{"more seats than candidates", 2, 3, nil, "bad_seats"},
		{"alternative out of range", 2, 1, []Ballot{{Ranks: [][]int{{2}}, Count: 1}}, "bad_alternative"},
		{"twice on one ballot", 2, 1, []Ballot{{Ranks: [][]int{{1}, {1}}, Count: 1}}, "duplicate_alternative"},
		{"negative count", 2, 1, []Ballot{{Ranks: [][]int{{1}}, Count: -1}}, "bad_count"},
		{"too many votes", 2, 1, []Ballot{{Ranks: [][]int{{1}}, Count: maxVotes}, {Count: 1}}, "too_many_votes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := STV(tt.n, tt.seats, tt.ballots)
			if commune.ErrorCode(err) != commune.EINVALID || commune.ErrorReason(err) != tt.reason {
				t.Errorf("err = %v, want code %s reason %s", err, commune.EINVALID, tt.reason)
			}
		})
	}
}

// Properties on random elections: the right number of distinct winners,
// the same result on a second count, and every stage's tallies adding up
// exactly to the votes cast.
func TestSTVProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for range 300 {
		n := 1 + rng.IntN(7)
		seats := 1 + rng.IntN(n)
		bs := randomBallots(rng, n, rng.IntN(15))
		var total int64
		for _, b := range bs {
			total += int64(b.Count)
		}
		elected, rounds, err := STV(n, seats, bs)
		if err != nil {
			t.Fatal(err)
		}
		again, _, _ := STV(n, seats, bs)
		if diff := cmp.Diff(elected, again); diff != "" {
			t.Fatalf("second count differs:\n%s", diff)
		}
		seen := map[int]bool{}
		for _, x := range elected {
			if seen[x] || x < 0 || x >= n {
				t.Fatalf("elected %v: bad or repeated winner", elected)
			}
			seen[x] = true
		}
		if len(elected) != seats {
			t.Fatalf("elected %v for %d seats", elected, seats)
		}
		for i, r := range rounds {
			if r.Iterations == 0 {
				continue // the closing stage reports, it does not count
			}
			sum := r.Exhausted
			for _, v := range r.Votes {
				sum += v
			}
			// What a candidate keeps is taken from the ballot's weight,
			// so rounding moves weight but never creates or loses it.
			if sum != Fixed(total)*Unit {
				t.Fatalf("stage %d: votes+exhausted = %v, cast %d", i, sum, total)
			}
		}
	}
}
