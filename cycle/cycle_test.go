package cycle

import (
	"math"
	"math/rand"
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune"
)

// Councils of a small federation.
const (
	farm   CouncilID = 1
	mill   CouncilID = 2
	bakery CouncilID = 3
	north  CouncilID = 10 // neighbourhood councils
	south  CouncilID = 11
)

// villages is grain → flour → bread, with land shared, and two
// neighbourhoods needing bread at different priorities.
func villages() Submissions {
	return Submissions{
		Needs: []Need{
			{Council: north, Product: "bread", Quantity: 100, Priority: 1},
			{Council: south, Product: "bread", Quantity: 50, Priority: 2},
			{Council: south, Product: "flour", Quantity: 10, Priority: 1},
		},
		Processes: []Process{
			{Workplace: farm, ID: "wheat-field", Product: "grain", Output: 10, Labour: 2, Uses: []Use{{Item: "land", Quantity: 1}}},
			{Workplace: mill, ID: "stone-mill", Product: "flour", Output: 1, Labour: 0.5, Uses: []Use{{Item: "grain", Quantity: 1.2}}},
			{Workplace: bakery, ID: "oven", Product: "bread", Output: 2, Labour: 1, Uses: []Use{{Item: "flour", Quantity: 1}}},
			{Workplace: bakery, ID: "hand-bakery", Product: "bread", Output: 1, Labour: 1.5, Uses: []Use{{Item: "flour", Quantity: 0.5}}, Capacity: 100},
		},
		Offers:    []Offer{{Workplace: farm, Hours: 100}, {Workplace: mill, Hours: 100}, {Workplace: bakery, Hours: 100}},
		Resources: []Resource{{ID: "land", Unit: "hectare", Available: 30}},
	}
}

func TestComputeMeetsNeedsWithOfferedHours(t *testing.T) {
	vs, err := Compute(villages(), []VariantSpec{{Name: "full week", LabourScale: 1}}, 1e-7)
	if err != nil {
		t.Fatal(err)
	}
	v := vs[0]
	for _, lv := range v.Levels {
		if math.Abs(lv.Fulfilment-1) > 1e-5 {
			t.Errorf("priority %d fulfilled %.6f, want 1", lv.Priority, lv.Fulfilment)
		}
	}
	// The least-labour plan bakes with the oven (1 h per 2 loaves, 1 flour)
	// rather than by hand (1.5 h per loaf): 150 loaves = 75 oven runs.
	// Flour: 75 + 10 = 85; grain: 85 × 1.2 = 102; fields: 10.2.
	// Labour: 75 + 42.5 + 20.4 = 137.9 hours.
	if math.Abs(v.Labour-137.9) > 1e-3 {
		t.Errorf("labour %.4f, want 137.9", v.Labour)
	}
	values := map[string]float64{}
	for _, p := range v.Products {
		values[p.Product] = p.Value
	}
	// Values: grain 2/10 = 0.2; flour 0.5 + 1.2×0.2 = 0.74; bread (1 + 0.74)/2 = 0.87.
	want := map[string]float64{"grain": 0.2, "flour": 0.74, "bread": 0.87}
	if diff := cmp.Diff(want, values, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })); diff != "" {
		t.Errorf("labour values (-want +got):\n%s", diff)
	}
	hours := map[CouncilID]float64{}
	for _, tg := range v.Targets {
		hours[tg.Workplace] += tg.Hours
	}
	for w, h := range hours {
		if h > 100*(1+1e-6) {
			t.Errorf("workplace %d asked for %.3f hours, offered 100", w, h)
		}
	}
	alloc := map[CouncilID]float64{}
	for _, a := range v.Allocations {
		alloc[a.Council] += a.Quantity
	}
	if math.Abs(alloc[north]-100) > 1e-3 || math.Abs(alloc[south]-60) > 1e-3 {
		t.Errorf("allocations %v", alloc)
	}
}

func TestShorterWeekCutsTheLessUrgentFirst(t *testing.T) {
	// With a fifth of the bakery's hours (20) the oven makes 40 loaves:
	// not even priority 1 (100 loaves) is met: 40% of it; none for priority 2.
	vs, err := Compute(villages(), []VariantSpec{{Name: "full", LabourScale: 1}, {Name: "short", LabourScale: 0.2}}, 1e-7)
	if err != nil {
		t.Fatal(err)
	}
	short := vs[1]
	got := map[int]float64{}
	for _, lv := range short.Levels {
		got[lv.Priority] = lv.Fulfilment
	}
	// Priority 1 is bread for north (100) and flour for south (10); the
	// common proportion θ: oven loaves 2·a ≥ 100θ with a ≤ 20 hours →
	// θ ≤ 0.4; the mill (20 h → 40 flour) and farm suffice.
	if math.Abs(got[1]-0.4) > 1e-4 || got[2] > 1e-4 {
		t.Errorf("fulfilment by priority %v, want {1: 0.4, 2: 0}", got)
	}
	for _, r := range short.Resources {
		if r.Available >= 0 && r.Used > r.Available*(1+1e-6)+1e-6 {
			t.Errorf("resource %s over-used: %.4f of %.4f", r.Resource, r.Used, r.Available)
		}
	}
}

func TestBadSubmissions(t *testing.T) {
	tests := map[string]func(*Submissions){
		"need for a product nobody makes": func(s *Submissions) { s.Needs[0].Product = "cake" },
		"negative need":                   func(s *Submissions) { s.Needs[0].Quantity = -1 },
		"priority zero":                   func(s *Submissions) { s.Needs[0].Priority = 0 },
		"process id twice":                func(s *Submissions) { s.Processes[1].ID = "wheat-field" },
		"zero output":                     func(s *Submissions) { s.Processes[0].Output = 0 },
		"workplace without hours":         func(s *Submissions) { s.Processes[0].Workplace = 99 },
		"labour as a use": func(s *Submissions) {
			s.Processes[0].Uses = append(s.Processes[0].Uses, Use{Item: "labour", Quantity: 1})
		},
		"negative offer": func(s *Submissions) { s.Offers[0].Hours = -5 },
		"NaN use":        func(s *Submissions) { s.Processes[1].Uses[0].Quantity = math.NaN() },
	}
	for name, mutate := range tests {
		s := villages()
		mutate(&s)
		if _, err := Compute(s, []VariantSpec{{Name: "x", LabourScale: 1}}, 0); commune.ErrorCode(err) != commune.EINVALID {
			t.Errorf("%s: got %v, want an invalid error", name, err)
		}
	}
}

func TestReconcileFlagsExaggeration(t *testing.T) {
	targets := []Target{{Workplace: bakery, Process: "oven", Product: "bread", Quantity: 150}, {Workplace: mill, Process: "stone-mill", Product: "flour", Quantity: 85}}
	outputs := []OutputReport{
		{Workplace: bakery, Product: "bread", Quantity: 200}, // exaggerated: only 150 received
		{Workplace: mill, Product: "flour", Quantity: 60},    // short of the target, all delivered
	}
	receipts := []ReceiptReport{
		{Receiver: north, From: bakery, Product: "bread", Quantity: 100},
		{Receiver: south, From: bakery, Product: "bread", Quantity: 50},
		{Receiver: bakery, From: mill, Product: "flour", Quantity: 60},
		{Receiver: south, From: farm, Product: "grain", Quantity: 5}, // nobody reported making it
	}
	rec := Reconcile(targets, outputs, receipts, 0.01)
	got := map[string][]FlagKind{}
	for _, l := range rec.Lines {
		got[l.Product] = l.Flags
	}
	want := map[string][]FlagKind{
		"bread": {Unreceived},
		"flour": {Shortfall},
		"grain": {Unproduced},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("flags (-want +got):\n%s", diff)
	}
	if rec.Flagged != 3 {
		t.Errorf("flagged %d, want 3", rec.Flagged)
	}
	// Within tolerance nothing is flagged.
	rec = Reconcile(nil, []OutputReport{{Workplace: 1, Product: "x", Quantity: 100}}, []ReceiptReport{{From: 1, Product: "x", Quantity: 99.5}}, 0.01)
	if rec.Flagged != 0 {
		t.Errorf("difference within tolerance flagged: %+v", rec.Lines)
	}
}

// BenchmarkReconcile reconciles 10^6 reports (half outputs, half receipts)
// across 10,000 workplaces and 1,000 products.
func BenchmarkReconcile(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	const n = 1_000_000
	products := make([]string, 1000)
	for i := range products {
		products[i] = "p" + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676))
	}
	outputs := make([]OutputReport, n/2)
	receipts := make([]ReceiptReport, n/2)
	for i := range outputs {
		w, p := CouncilID(rng.Intn(10000)+1), products[rng.Intn(len(products))]
		q := float64(rng.Intn(100) + 1)
		outputs[i] = OutputReport{Workplace: w, Product: p, Quantity: q}
		receipts[i] = ReceiptReport{Receiver: CouncilID(rng.Intn(1000) + 20000), From: w, Product: p, Quantity: q}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Reconcile(nil, outputs, receipts, 0.01)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}
