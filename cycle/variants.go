package cycle

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"commune/plan"
	"commune/sparse"
)

// VariantSpec is one plan variant the federated council asks for.
// LabourScale scales the hours every workplace offered: 1 plans with the
// hours offered, 0.9 with a tenth less (a shorter working week against
// fewer goods).
type VariantSpec struct {
	Name        string  `json:"name"`
	LabourScale float64 `json:"labour_scale"`
}

// ProductLine is one product's figures in a variant.
type ProductLine struct {
	Product    string  `json:"product"`
	Gross      float64 `json:"gross"`
	Net        float64 `json:"net"`
	Need       float64 `json:"need"`
	Fulfilment float64 `json:"fulfilment"` // net / need, at most 1; 1 when nothing is needed
	Value      float64 `json:"value"`      // labour value, hours per unit, by the techniques the plan runs
}

// ResourceLine is one resource's figures in a variant.
type ResourceLine struct {
	Resource    string  `json:"resource"`
	Used        float64 `json:"used"`
	Available   float64 `json:"available"` // -1: not limited
	ShadowPrice float64 `json:"shadow_price"`
}

// LevelLine is the fulfilment of one priority.
type LevelLine struct {
	Priority   int     `json:"priority"`
	Fulfilment float64 `json:"fulfilment"`
}

// Target is what the adopted plan asks of one workplace process.
type Target struct {
	Workplace CouncilID `json:"workplace"`
	Process   string    `json:"process"`
	Product   string    `json:"product"`
	Quantity  float64   `json:"quantity"` // units of the product to make
	Hours     float64   `json:"hours"`    // hours of work it takes
}

// Allocation is what the adopted plan gives one neighbourhood council.
type Allocation struct {
	Council  CouncilID `json:"council"`
	Product  string    `json:"product"`
	Priority int       `json:"priority"`
	Quantity float64   `json:"quantity"`
}

// Variant is one computed plan variant, as published for the vote.
type Variant struct {
	Spec        VariantSpec    `json:"spec"`
	Labour      float64        `json:"labour"` // hours of labour the plan uses
	Levels      []LevelLine    `json:"levels"`
	Products    []ProductLine  `json:"products"`
	Resources   []ResourceLine `json:"resources"`
	Targets     []Target       `json:"targets"`
	Allocations []Allocation   `json:"allocations"`
	// Residuals reached by the last programme, for the record.
	PrimalResidual float64 `json:"primal_residual"`
	DualResidual   float64 `json:"dual_residual"`
	Gap            float64 `json:"gap"`
}

// Compute builds the economy for each spec and balances it. tol is the
// solver's relative tolerance (0: the engine's default).
func Compute(s Submissions, specs []VariantSpec, tol float64) ([]Variant, error) {
	return compute(s, specs, &plan.BalanceOptions{Tol: tol})
}

func compute(s Submissions, specs []VariantSpec, opt *plan.BalanceOptions) ([]Variant, error) {
	if len(specs) == 0 {
		return nil, invalid("ask for at least one variant")
	}
	out := make([]Variant, 0, len(specs))
	for _, spec := range specs {
		m, err := Build(s, spec.LabourScale)
		if err != nil {
			return nil, err
		}
		p, err := plan.Balance(m.Tech, opt)
		if err != nil {
			return nil, fmt.Errorf("variant %q: %w", spec.Name, err)
		}
		v, err := m.variant(spec, p)
		if err != nil {
			return nil, fmt.Errorf("variant %q: %w", spec.Name, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// variant turns a balanced plan into the published figures.
func (m *Model) variant(spec VariantSpec, p *plan.BalancedPlan) (Variant, error) {
	t := m.Tech
	values, err := m.values(p)
	if err != nil {
		return Variant{}, err
	}
	v := Variant{Spec: spec, Labour: p.Labour}
	for _, lv := range p.Levels {
		v.Levels = append(v.Levels, LevelLine{Priority: lv.Priority, Fulfilment: lv.Fulfilment})
	}
	fulfil := make([]float64, len(t.Products))
	for i, pr := range t.Products {
		f := 1.0
		if p.Need[i] > 0 {
			f = math.Min(1, math.Max(0, p.Net[i]/p.Need[i]))
		}
		fulfil[i] = f
		if strings.Contains(pr.ID, "@") && m.products[pr.ID] == i && isVirtual(pr.ID, m) {
			continue
		}
		v.Products = append(v.Products, ProductLine{Product: pr.ID, Gross: p.Gross[i], Net: p.Net[i], Need: p.Need[i], Fulfilment: f, Value: values[i]})
	}
	for r, res := range t.Resources {
		avail := res.Available
		if math.IsInf(avail, 1) {
			avail = -1 // JSON has no infinity
		}
		v.Resources = append(v.Resources, ResourceLine{Resource: res.ID, Used: p.Used[r], Available: avail, ShadowPrice: finite(p.ShadowPrice[r])})
	}
	for j, pr := range t.Processes {
		if m.workplace[j] == 0 || p.Activity[j] <= 0 {
			continue
		}
		hours := 0.0
		ru := t.ResourceUse
		lab := t.Resource(plan.LabourID)
		for q := ru.ColPtr[j]; q < ru.ColPtr[j+1]; q++ {
			if int(ru.RowInd[q]) == lab {
				hours = ru.Val[q] * p.Activity[j]
			}
		}
		v.Targets = append(v.Targets, Target{Workplace: m.workplace[j], Process: pr.ID, Product: t.Products[pr.Product].ID,
			Quantity: pr.Output * p.Activity[j], Hours: hours})
	}
	// Each council's need is met in the proportion its product (at its
	// priority) is met.
	for _, n := range m.needs {
		i := m.products[n.Product]
		if vi, ok := m.products[fmt.Sprintf("%s@%d", n.Product, n.Priority)]; ok {
			i = vi
		}
		v.Allocations = append(v.Allocations, Allocation{Council: n.Council, Product: n.Product, Priority: n.Priority, Quantity: n.Quantity * fulfil[i]})
	}
	sort.SliceStable(v.Allocations, func(a, b int) bool { return v.Allocations[a].Council < v.Allocations[b].Council })
	if k := len(p.Stages); k > 0 {
		r := p.Stages[k-1].Result
		v.PrimalResidual, v.DualResidual, v.Gap = r.RelPrimalResidual, r.RelDualResidual, r.RelGap
	}
	return v, nil
}

// isVirtual reports whether id names a per-priority delivery product.
func isVirtual(id string, m *Model) bool {
	base, _, ok := strings.Cut(id, "@")
	if !ok {
		return false
	}
	_, real := m.products[base]
	return real
}

// values returns each product's labour value, hours per unit, by the
// techniques the plan runs: for each product the process with the most
// activity (or, where nothing runs, the one using least labour per unit).
func (m *Model) values(p *plan.BalancedPlan) ([]float64, error) {
	t := m.Tech
	n := len(t.Products)
	chosen := make([]int, n)
	for i := range chosen {
		chosen[i] = -1
	}
	lab := t.Resource(plan.LabourID)
	labourPer := func(j int) float64 {
		ru := t.ResourceUse
		for q := ru.ColPtr[j]; q < ru.ColPtr[j+1]; q++ {
			if int(ru.RowInd[q]) == lab {
				return ru.Val[q] / t.Processes[j].Output
			}
		}
		return 0
	}
	for j, pr := range t.Processes {
		c := chosen[pr.Product]
		switch {
		case c < 0:
			chosen[pr.Product] = j
		case p.Activity[j] > p.Activity[c]:
			chosen[pr.Product] = j
		case p.Activity[j] == p.Activity[c] && labourPer(j) < labourPer(c):
			chosen[pr.Product] = j
		}
	}
	e := &plan.Economy{Products: t.Products, Labour: make([]float64, n)}
	a := &sparse.CSC{Rows: n, Cols: n, ColPtr: make([]int64, n+1)}
	for i := 0; i < n; i++ {
		j := chosen[i]
		if j < 0 {
			return nil, invalid("no process makes %q", t.Products[i].ID)
		}
		out := t.Processes[j].Output
		e.Labour[i] = labourPer(j)
		pu := t.ProductUse
		for q := pu.ColPtr[j]; q < pu.ColPtr[j+1]; q++ {
			a.RowInd = append(a.RowInd, pu.RowInd[q])
			a.Val = append(a.Val, pu.Val[q]/out)
		}
		a.ColPtr[i+1] = int64(len(a.Val))
	}
	e.A = a
	vals, _, err := e.Values(sparse.Settings{})
	if err != nil {
		return nil, fmt.Errorf("labour values: %w", err)
	}
	return vals, nil
}

// finite returns x, or 0 where x is NaN or infinite.
func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

// ComputeSerial is Compute with a single-threaded solver, so that the
// same submissions give bit-for-bit the same figures on every machine and
// every replay: the council domain records variants with it and checks
// them with it again when the record is replayed.
func ComputeSerial(s Submissions, specs []VariantSpec, tol float64) ([]Variant, error) {
	return compute(s, specs, &plan.BalanceOptions{Tol: tol, Threads: 1})
}
