package plan

import (
	"math"
	"slices"
)

// labourValues returns, per product, the labour it takes to make one unit
// with the cheapest technique, counting the labour in its inputs: the
// fixed point of v_i = min over the processes p making i of
// (labour_p + Σ_j use_jp·v_j) / output_p, by value iteration from 0
// (monotone, and a contraction in a productive economy). Machines and
// capacities are left out: it is an estimate, for the solver's start.
func (bp *balanceProblem) labourValues() []float64 {
	t := bp.t
	lab := t.Resource(LabourID)
	labour := make([]float64, len(t.Processes))
	if ru := t.ResourceUse; lab >= 0 && ru != nil {
		for p := range t.Processes {
			for q := ru.ColPtr[p]; q < ru.ColPtr[p+1]; q++ {
				if int(ru.RowInd[q]) == lab {
					labour[p] += ru.Val[q]
				}
			}
		}
	}
	v := make([]float64, len(t.Products))
	next := make([]float64, len(t.Products))
	pu := t.ProductUse
	for it := 0; it < 200; it++ {
		for i := range next {
			next[i] = math.Inf(1)
		}
		for p, pr := range t.Processes {
			cost := labour[p]
			for q := pu.ColPtr[p]; q < pu.ColPtr[p+1]; q++ {
				cost += pu.Val[q] * v[pu.RowInd[q]]
			}
			next[pr.Product] = math.Min(next[pr.Product], cost/pr.Output)
		}
		change, size := 0.0, 0.0
		for i, x := range next {
			if math.IsInf(x, 1) {
				x = 0 // made by no process
			}
			change = math.Max(change, math.Abs(x-v[i]))
			size = math.Max(size, math.Abs(x))
			v[i] = x
		}
		if change <= 1e-12*size {
			break
		}
	}
	return v
}

// dualStart sets y to an estimate of programme k's dual solution, priced
// by labour values v (see labourValues): in programme K+1 (least labour)
// a unit of product i is worth v_i hours; in a priority programme, where
// labour is what limits θ_k, it is worth v_i / (v·d_k) of θ_k (d_k the
// level's needs), and an hour of labour 1 / (v·d_k). Starting PDHG there
// instead of at the previous programme's dual, which is in other units,
// saves it the iterations of finding the prices' scale and pattern.
func (bp *balanceProblem) dualStart(y, v []float64, k int) {
	clear(y)
	scale := 1.0
	if k < len(bp.levels) {
		vd := 0.0
		for i, lv := range bp.levelOf {
			if lv == k {
				vd += v[i] * bp.need[i]
			}
		}
		if vd <= 0 {
			return
		}
		scale = 1 / vd
		if lab := bp.t.Resource(LabourID); lab >= 0 && bp.resourceRow[lab] >= 0 {
			y[bp.resourceRow[lab]] = scale
		}
	}
	for i := range v {
		y[i] = scale * v[i]
	}
}

// primalStart estimates the proportion of level k that the labour left
// after the earlier levels (held at theta) affords, priced by labour
// values v, and moves activities a to a plan that meets it (and the
// earlier levels) regardless of the other resources: a start for
// programme k nearer its solution than the plan of the levels before,
// which has θ_k = 0. It returns the estimate.
func (bp *balanceProblem) primalStart(a, theta, v []float64, k int) float64 {
	lab := bp.t.Resource(LabourID)
	if lab < 0 || math.IsInf(bp.t.Resources[lab].Available, 1) {
		return 0
	}
	left := bp.t.Resources[lab].Available
	var vd float64
	for i, lv := range bp.levelOf {
		switch {
		case lv >= 0 && lv < k:
			left -= theta[lv] * v[i] * bp.need[i]
		case lv == k:
			vd += v[i] * bp.need[i]
		}
	}
	if vd <= 0 || left <= 0 {
		return 0
	}
	est := math.Min(1, left/vd)
	saved := theta[k]
	theta[k] = est
	bp.meet(a, theta)
	theta[k] = saved
	return est
}

// orderProducers sorts each product's processes by their cost per unit of
// output in labour, counting the labour in the inputs at values v (see
// labourValues), cheapest first, so that the repairs of a plan (meet) make
// what is short with the cheapest process that has capacity left: a plan
// built so uses the least labour when labour is what is scarce (the
// non-substitution theorem), which puts the solver's start near the
// solution.
func (bp *balanceProblem) orderProducers(v []float64) {
	t := bp.t
	lab := t.Resource(LabourID)
	cost := make([]float64, len(t.Processes))
	pu, ru := t.ProductUse, t.ResourceUse
	for p, pr := range t.Processes {
		c := 0.0
		for q := pu.ColPtr[p]; q < pu.ColPtr[p+1]; q++ {
			c += pu.Val[q] * v[pu.RowInd[q]]
		}
		if ru != nil && lab >= 0 {
			for q := ru.ColPtr[p]; q < ru.ColPtr[p+1]; q++ {
				if int(ru.RowInd[q]) == lab {
					c += ru.Val[q]
				}
			}
		}
		cost[p] = c / pr.Output
	}
	for _, ps := range bp.producers {
		if len(ps) > 1 {
			slices.SortStableFunc(ps, func(a, b int32) int {
				switch {
				case cost[a] < cost[b]:
					return -1
				case cost[a] > cost[b]:
					return 1
				}
				return 0
			})
		}
	}
}
