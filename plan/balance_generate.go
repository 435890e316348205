package plan

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"commune/sparse"
)

// TechniquesSpec describes a synthetic multi-technique economy for tests
// and benchmarks of Balance.
type TechniquesSpec struct {
	Products  int     // number of products
	Processes int     // at most this many processes per product (default 2)
	Inputs    int     // products used per process (default 6)
	Machines  int     // resources other than labour (default 3)
	Scarcity  float64 // labour available as a fraction of what meeting every need would take with the first processes (default 0.8)
	// MachineScarcity is machine time available as a fraction of what
	// meeting every need would take with the first processes (default 1.2).
	MachineScarcity float64
	Seed            uint64
}

// GenerateTechniques returns a random economy of the multi-technique form
// with the structure of real ones (as Generator's): nearly every process
// uses the first three products (universal inputs, like energy and
// transport); its other inputs are drawn half from a power law over the
// products (a continuous Zipf law of exponent 1.5: a few components are
// used widely, most by few) and half from the products numbered within
// branchWidth of its own (suppliers in the same branch, which real
// classifications number together). Every process uses labour, and
// sometimes machine time; some processes have a capacity; about half the
// products have a need, of priority 1 to 3. Labour is scarce (see
// Scarcity), so the low priorities are not all met. The same spec gives
// the same economy.
//
// The locality matters for speed as well as realism: with inputs drawn
// uniformly, every product with the constraint matrix of a large economy
// is a cache miss.
func GenerateTechniques(s TechniquesSpec) *Techniques {
	if s.Processes <= 0 {
		s.Processes = 2
	}
	if s.Inputs <= 0 {
		s.Inputs = 6
	}
	if s.Machines < 0 {
		s.Machines = 0
	} else if s.Machines == 0 {
		s.Machines = 3
	}
	if s.MachineScarcity <= 0 {
		s.MachineScarcity = 1.2
	}
	if s.Scarcity <= 0 {
		s.Scarcity = 0.8
	}
	rng := rand.New(rand.NewPCG(s.Seed, 0x636f6d6d756e65))
	n := s.Products
	t := &Techniques{Products: make([]Product, n)}
	for i := range t.Products {
		t.Products[i] = Product{ID: fmt.Sprintf("p%d", i+1), Unit: "unit"}
	}
	t.Resources = append(t.Resources, Resource{ID: LabourID, Unit: "hour"})
	for m := 0; m < s.Machines; m++ {
		t.Resources = append(t.Resources, Resource{ID: fmt.Sprintf("machine%d", m+1), Unit: "hour"})
	}
	pu := &sparse.CSC{Rows: n, ColPtr: []int64{0}}
	ru := &sparse.CSC{Rows: len(t.Resources), ColPtr: []int64{0}}
	hubs := min(3, n)
	for i := 0; i < n; i++ {
		np := 1 + rng.IntN(s.Processes)
		for k := 0; k < np; k++ {
			out := 0.5 + rng.Float64()
			t.Processes = append(t.Processes, Process{ID: fmt.Sprintf("p%d-%d", i+1, k+1), Product: i, Output: out, Capacity: math.Inf(1)})
			budget := out * (0.3 + 0.4*rng.Float64()) // units of input per unit of output, in all
			start := len(pu.RowInd)
			for q := 0; q < hubs && q < s.Inputs; q++ {
				if rng.Float64() < 0.9 {
					pu.RowInd = append(pu.RowInd, int32(q))
				}
			}
			for tries := 0; len(pu.RowInd)-start < s.Inputs && tries < 4*s.Inputs; tries++ {
				in := drawInput(rng, i, n)
				if in < 0 || slices.Contains(pu.RowInd[start:], in) {
					continue
				}
				pu.RowInd = append(pu.RowInd, in)
			}
			for range pu.RowInd[start:] {
				pu.Val = append(pu.Val, budget*rng.Float64()/float64(s.Inputs))
			}
			sortColumn(pu, start)
			pu.ColPtr = append(pu.ColPtr, int64(len(pu.Val)))
			ru.RowInd = append(ru.RowInd, 0)
			ru.Val = append(ru.Val, out*(0.5+1.5*rng.Float64()))
			if s.Machines > 0 && rng.Float64() < 0.3 {
				ru.RowInd = append(ru.RowInd, int32(1+rng.IntN(s.Machines)))
				ru.Val = append(ru.Val, out*rng.Float64())
			}
			ru.ColPtr = append(ru.ColPtr, int64(len(ru.Val)))
		}
	}
	pu.Cols, ru.Cols = len(t.Processes), len(t.Processes)
	t.ProductUse, t.ResourceUse = pu, ru
	for i := 0; i < n; i++ {
		if rng.IntN(2) == 0 {
			t.Needs = append(t.Needs, Need{Product: i, Quantity: 1 + 99*rng.Float64(), Priority: 1 + rng.IntN(3)})
		}
	}
	// Estimate what meeting every need takes with each product's first
	// process (x = d + Ax by a few Neumann steps), and make labour scarce,
	// machines a little less so, and some capacities binding.
	first := make([]int, n)
	for p := len(t.Processes) - 1; p >= 0; p-- {
		first[t.Processes[p].Product] = p
	}
	d := t.Need()
	act := make([]float64, len(t.Processes))
	gross := append([]float64(nil), d...)
	for it := 0; it < 30; it++ {
		next := append([]float64(nil), d...)
		for i := 0; i < n; i++ {
			p := first[i]
			a := gross[i] / t.Processes[p].Output
			act[p] = a
			for q := pu.ColPtr[p]; q < pu.ColPtr[p+1]; q++ {
				next[pu.RowInd[q]] += pu.Val[q] * a
			}
		}
		gross = next
	}
	use := make([]float64, len(t.Resources))
	for p, a := range act {
		for q := ru.ColPtr[p]; q < ru.ColPtr[p+1]; q++ {
			use[ru.RowInd[q]] += ru.Val[q] * a
		}
	}
	t.Resources[0].Available = s.Scarcity * use[0]
	for m := 1; m < len(t.Resources); m++ {
		t.Resources[m].Available = math.Max(1, s.MachineScarcity*use[m])
	}
	// Capacities only where the product has another process to turn to,
	// so that they decide the choice of technique rather than cap a need.
	nproc := make([]int, n)
	for _, pr := range t.Processes {
		nproc[pr.Product]++
	}
	for p := range t.Processes {
		if act[p] > 0 && nproc[t.Processes[p].Product] > 1 && rng.Float64() < 0.5 {
			t.Processes[p].Capacity = 0.7 * act[p]
		}
	}
	return t
}

// branchWidth is how far in number a nearby supplier may be from the
// product it supplies.
const branchWidth = 1000

// drawInput returns an input for product i of n other than the universal
// ones: half the time a popular one, from a power law with
// P(input ≥ k) ≈ k^(−1/2) by inversion; otherwise one within branchWidth
// of i. It returns −1 for a draw that falls outside the products or on i.
func drawInput(rng *rand.Rand, i, n int) int32 {
	var in int
	if rng.IntN(2) == 0 {
		u := 1 - rng.Float64() // in (0, 1]
		f := 1 / (u * u)
		if f > float64(n) {
			return -1
		}
		in = int(f) - 1
	} else {
		in = i + rng.IntN(2*branchWidth+1) - branchWidth
	}
	if in < 0 || in >= n || in == i {
		return -1
	}
	return int32(in)
}

// sortColumn sorts the entries of the last column of m, from start on, by row.
func sortColumn(m *sparse.CSC, start int) {
	ri, v := m.RowInd[start:], m.Val[start:]
	for a := 1; a < len(ri); a++ {
		for b := a; b > 0 && ri[b] < ri[b-1]; b-- {
			ri[b], ri[b-1] = ri[b-1], ri[b]
			v[b], v[b-1] = v[b-1], v[b]
		}
	}
}
