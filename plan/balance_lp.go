package plan

import (
	"math"
	"sort"

	"commune/lp"
)

// balanceProblem is the constraint system shared by all the programmes of
// Balance. Columns: the processes' activities, then one proportion θ per
// priority level. Rows: one per product (net output ≥ θ·need), then one per
// limited resource (−use ≥ −available).
type balanceProblem struct {
	t           *Techniques
	levels      []Level
	levelOf     []int     // per product: index of its need's level, or -1
	need        []float64 // per product
	nProc       int
	rows, cols  int
	resourceRow []int // per resource: its row, or -1 when unlimited
	a           *lp.Matrix
	b           []float64
	producers   [][]int32 // per product: the processes that make it
}

func newBalanceProblem(t *Techniques) *balanceProblem {
	nProd, nProc := len(t.Products), len(t.Processes)
	bp := &balanceProblem{t: t, nProc: nProc, levels: priorityLevels(t.Needs), need: t.Need()}
	levelIndex := map[int]int{}
	for k, lv := range bp.levels {
		levelIndex[lv.Priority] = k
	}
	bp.levelOf = make([]int, nProd)
	for i := range bp.levelOf {
		bp.levelOf[i] = -1
	}
	for _, nd := range t.Needs {
		if nd.Quantity > 0 {
			bp.levelOf[nd.Product] = levelIndex[nd.Priority]
		}
	}
	bp.resourceRow = make([]int, len(t.Resources))
	rows := nProd
	for r, res := range t.Resources {
		bp.resourceRow[r] = -1
		if !math.IsInf(res.Available, 1) {
			bp.resourceRow[r] = rows
			rows++
		}
	}
	bp.rows, bp.cols = rows, nProc+len(bp.levels)
	bp.b = make([]float64, rows)
	for r, row := range bp.resourceRow {
		if row >= 0 {
			bp.b[row] = -t.Resources[r].Available
		}
	}
	// Build the transpose (one row per column of the programme) directly in
	// CSR form: the economy is stored by process, which is by column.
	ptr := make([]int, 0, bp.cols+1)
	ptr = append(ptr, 0)
	nnz := t.ProductUse.NNZ() + nProc + len(t.Needs)
	if t.ResourceUse != nil {
		nnz += t.ResourceUse.NNZ()
	}
	idx := make([]int32, 0, nnz)
	val := make([]float64, 0, nnz)
	bp.producers = make([][]int32, nProd)
	type entry struct {
		i int32
		v float64
	}
	var buf []entry
	for k, pr := range t.Processes {
		bp.producers[pr.Product] = append(bp.producers[pr.Product], int32(k))
		buf = append(buf[:0], entry{int32(pr.Product), pr.Output})
		pu := t.ProductUse
		for q := pu.ColPtr[k]; q < pu.ColPtr[k+1]; q++ {
			buf = append(buf, entry{pu.RowInd[q], -pu.Val[q]})
		}
		if ru := t.ResourceUse; ru != nil {
			for q := ru.ColPtr[k]; q < ru.ColPtr[k+1]; q++ {
				if row := bp.resourceRow[ru.RowInd[q]]; row >= 0 {
					buf = append(buf, entry{int32(row), -ru.Val[q]})
				}
			}
		}
		sort.Slice(buf, func(a, b int) bool { return buf[a].i < buf[b].i })
		start := len(idx)
		for _, e := range buf {
			if len(idx) > start && idx[len(idx)-1] == e.i {
				val[len(val)-1] += e.v
				continue
			}
			idx = append(idx, e.i)
			val = append(val, e.v)
		}
		ptr = append(ptr, len(idx))
	}
	for k := range bp.levels {
		for i, lv := range bp.levelOf {
			if lv == k {
				idx = append(idx, int32(i))
				val = append(val, -bp.need[i])
			}
		}
		ptr = append(ptr, len(idx))
	}
	bp.a = lp.NewMatrix(bp.cols, bp.rows, ptr, idx, val).T()
	return bp
}

// stage returns programme k: maximise θ_k for k < len(levels), with θ_j
// fixed at theta[j] for j < k and at 0 for j > k; for k = len(levels),
// minimise labour with every θ fixed.
func (bp *balanceProblem) stage(k int, theta []float64) *lp.Problem {
	nProc := bp.nProc
	c := make([]float64, bp.cols)
	lower, upper := make([]float64, bp.cols), make([]float64, bp.cols)
	for p, pr := range bp.t.Processes {
		upper[p] = pr.Capacity
	}
	for j := range bp.levels {
		switch {
		case j < k:
			lower[nProc+j], upper[nProc+j] = theta[j], theta[j]
		case j == k:
			upper[nProc+j] = 1
			c[nProc+j] = -1
		}
	}
	if k == len(bp.levels) {
		if lab := bp.t.Resource(LabourID); lab >= 0 && bp.t.ResourceUse != nil {
			ru := bp.t.ResourceUse
			for p := 0; p < nProc; p++ {
				for q := ru.ColPtr[p]; q < ru.ColPtr[p+1]; q++ {
					if int(ru.RowInd[q]) == lab {
						c[p] += ru.Val[q]
					}
				}
			}
		}
	}
	return &lp.Problem{A: bp.a, B: bp.b, C: c, Lower: lower, Upper: upper}
}

// flows returns, for activities a, the gross output and net output of
// each product and the use of each resource.
func (bp *balanceProblem) flows(a []float64) (gross, net, used []float64) {
	t := bp.t
	gross, net = make([]float64, len(t.Products)), make([]float64, len(t.Products))
	used = make([]float64, len(t.Resources))
	for p, pr := range t.Processes {
		x := a[p]
		if x == 0 {
			continue
		}
		gross[pr.Product] += pr.Output * x
		pu := t.ProductUse
		for q := pu.ColPtr[p]; q < pu.ColPtr[p+1]; q++ {
			net[pu.RowInd[q]] -= pu.Val[q] * x
		}
		if ru := t.ResourceUse; ru != nil {
			for q := ru.ColPtr[p]; q < ru.ColPtr[p+1]; q++ {
				used[ru.RowInd[q]] += ru.Val[q] * x
			}
		}
	}
	for i := range net {
		net[i] += gross[i]
	}
	return gross, net, used
}

// Relative size below which a shortfall or an overdraft is rounding error
// of the sums, not a fault of the plan.
const roundoff = 1e-12

// repair makes activities a meet θ·need for every product and stay within
// every resource, where the solver left them short by its tolerance: it
// adds activity to a process with spare capacity for each product short
// (which makes the inputs of that product short by less, so a few rounds
// settle it in a productive economy), then scales the whole plan down by
// the factor s ≤ 1 that brings every resource within its availability.
// It returns s: the plan then meets s·θ·need.
func (bp *balanceProblem) repair(a []float64, theta []float64) float64 {
	bp.meet(a, theta)
	return bp.scaleDown(a)
}

// meet is the first half of repair: it adds activity until every product
// meets θ·need, without regard to the resources.
func (bp *balanceProblem) meet(a []float64, theta []float64) {
	t := bp.t
	for p, pr := range t.Processes {
		a[p] = math.Max(0, math.Min(a[p], pr.Capacity))
	}
	scale := make([]float64, len(t.Products)) // Σ|flows| of each product, for the roundoff test
	for round := 0; round < 100; round++ {
		gross, net, _ := bp.flows(a)
		if round == 0 {
			for i := range scale {
				scale[i] = gross[i] + math.Abs(gross[i]-net[i])
			}
		}
		short := false
		for i := range net {
			target := 0.0
			if lv := bp.levelOf[i]; lv >= 0 {
				target = theta[lv] * bp.need[i]
			}
			def := target - net[i]
			if def <= roundoff*math.Max(scale[i], target) {
				continue
			}
			// The cheapest process with capacity left (producers are in
			// order of cost, see orderProducers).
			best := int32(-1)
			for _, p := range bp.producers[i] {
				if a[p] < t.Processes[p].Capacity {
					best = p
					break
				}
			}
			if best < 0 {
				// Nothing can make more of it: use less of it instead, by
				// running its consumers a little less (their own outputs
				// fall short then, which the next rounds settle).
				bp.consumeLess(a, i, def)
				short = true
				continue
			}
			pr := t.Processes[best]
			a[best] = math.Min(pr.Capacity, a[best]+def/pr.Output*(1+1e-6))
			short = true
		}
		if !short {
			break
		}
	}
}

// scaleDown is the second half of repair: it scales a down by the factor
// s ≤ 1 that brings every resource within its availability, and returns s.
func (bp *balanceProblem) scaleDown(a []float64) float64 {
	t := bp.t
	_, _, used := bp.flows(a)
	s := 1.0
	for r, res := range t.Resources {
		if used[r] > res.Available*(1+roundoff) {
			s = math.Min(s, res.Available/used[r])
		}
	}
	if s < 1 {
		for p := range a {
			a[p] *= s
		}
	}
	return s
}

// hold returns the value at which proportion k is held in the later
// programmes, given activities a from programme k with proportion got:
// 1 if a repair of a meets every need of level k in full, otherwise
// (1 − 2·tol)·got', where got' is got when the repair of a stays within
// every resource. The slack keeps the later programmes strictly feasible.
// a is repaired in place.
//
// A plan solved only to the tolerance can overdraw a binding resource a
// little. Scaling it down would lower the proportions already held for
// the more urgent levels too, against the order of priorities; so when
// before (the plan that held theta before programme k) is given, a is
// instead blended towards it, and got' is the part of got the blend keeps
// (see blendLevel). Only without before are all the proportions scaled.
func (bp *balanceProblem) hold(a, before, theta []float64, k int, got, tol float64) float64 {
	got = math.Max(0, math.Min(1, got))
	slack := 2 * tol
	if got >= 1-slack && bp.meetInFull(a, theta, k) {
		return 1
	}
	theta[k] = got
	trial := append([]float64(nil), a...)
	s := bp.repair(trial, theta)
	if s < 1 && before != nil {
		if kept, ok := bp.blendLevel(a, before, theta, k, got, 1-s); ok {
			theta[k] = kept
			return kept * (1 - slack)
		}
	}
	copy(a, trial)
	for j := 0; j < k; j++ {
		theta[j] *= s
	}
	return got * s * (1 - slack)
}

// blendLevel sets a to the repaired plan (1−λ)·before + λ·a for nearly
// the largest λ in [0, 1] whose repair, meeting level k at λ·got and the
// earlier levels at theta, stays within every resource, and returns λ·got.
// before meets the earlier levels and nothing of level k, and resources
// and net outputs are linear in the plan: the blend trades a little of
// level k, the least urgent, for the overdraft. short is 1 − s for the
// factor s by which a repair of a alone had to scale.
func (bp *balanceProblem) blendLevel(a, before, theta []float64, k int, got, short float64) (float64, bool) {
	trial := make([]float64, len(a))
	lambda, ok := largestBlend(short, func(lambda float64) bool {
		for p := range trial {
			trial[p] = (1-lambda)*before[p] + lambda*a[p]
		}
		theta[k] = lambda * got
		return bp.repair(trial, theta) == 1 && bp.feasible(trial, theta)
	}, func() { copy(a, trial) })
	return lambda * got, ok
}

// blend sets a to the repaired plan (1−λ)·held + λ·least for nearly the
// largest λ in [0, 1] whose repair needs no scaling, and reports whether
// there was one. held meets theta within every resource (the plan after
// the priority programmes); least is the least-labour programme's plan,
// which, solved only to the tolerance, may leave needs short that the
// repair can meet only by overdrawing a binding resource. Scaling the
// whole plan down then would take from the most urgent needs too,
// against the order of priorities; a blend gives up a little of the
// labour saved instead. short is as for blendLevel.
func (bp *balanceProblem) blend(a, held, least, theta []float64, short float64) bool {
	if held == nil {
		return false
	}
	trial := make([]float64, len(a))
	_, ok := largestBlend(short, func(lambda float64) bool {
		for p := range trial {
			trial[p] = (1-lambda)*held[p] + lambda*least[p]
		}
		return bp.repair(trial, theta) == 1 && bp.feasible(trial, theta)
	}, func() { copy(a, trial) })
	return ok
}

// largestBlend returns nearly the largest λ in [0, 1] for which try(λ)
// holds, calling keep right after each successful try (so that the caller
// keeps the trial it made), and false when even try(0) fails. It looks
// down from 1 − short in steps that double, then narrows to a 1/1024 of
// the last step: what the blend gives up is of the order of the
// overdraft, however small the solver's tolerance made it.
func largestBlend(short float64, try func(lambda float64) bool, keep func()) (float64, bool) {
	lo, hi := -1.0, 1.0 // lo qualifies (once found), hi does not
	for step := math.Max(short, 1e-15); ; step *= 2 {
		m := math.Max(0, 1-step)
		if try(m) {
			lo = m
			keep()
			break
		}
		hi = m
		if m == 0 {
			return 0, false
		}
	}
	for range 10 {
		mid := (lo + hi) / 2
		if try(mid) {
			lo = mid
			keep()
		} else {
			hi = mid
		}
	}
	return lo, true
}

// meetInFull reports whether a repair of activities a meets every need of
// level k in full, with the earlier levels at theta and the later ones at
// 0, within every resource and capacity. If so, a is replaced by the
// repaired plan and theta[k] set to 1; if not, both are left as they were.
// A plan that meets level k in full solves programme k (θ_k ≤ 1 is a bound
// of it) without the solver.
func (bp *balanceProblem) meetInFull(a []float64, theta []float64, k int) bool {
	trial := append([]float64(nil), a...)
	saved := theta[k]
	theta[k] = 1
	if s := bp.repair(trial, theta); s == 1 && bp.feasible(trial, theta) {
		copy(a, trial)
		return true
	}
	theta[k] = saved
	return false
}

// feasible reports whether activities a meet θ·need for every product and
// stay within every resource and capacity, to rounding (roundoff of each
// product's flows).
func (bp *balanceProblem) feasible(a []float64, theta []float64) bool {
	t := bp.t
	for p, pr := range t.Processes {
		if !(a[p] >= 0 && a[p] <= pr.Capacity) {
			return false
		}
	}
	gross, net, used := bp.flows(a)
	for i := range net {
		target := 0.0
		if lv := bp.levelOf[i]; lv >= 0 {
			target = theta[lv] * bp.need[i]
		}
		scale := gross[i] + math.Abs(gross[i]-net[i])
		if target-net[i] > roundoff*math.Max(scale, target) {
			return false
		}
	}
	for r, res := range t.Resources {
		if used[r] > res.Available*(1+roundoff) {
			return false
		}
	}
	return true
}

// consumeLess lowers the activity of every process that uses product i
// (more than it makes of it) in the same proportion, so that their use of
// i falls by def.
func (bp *balanceProblem) consumeLess(a []float64, i int, def float64) {
	cols, vals := bp.a.Row(i)
	use := 0.0
	for q, k := range cols {
		if int(k) < bp.nProc && vals[q] < 0 {
			use -= vals[q] * a[k]
		}
	}
	if use <= 0 {
		return
	}
	f := math.Max(0, 1-def/use*(1+1e-6))
	for q, k := range cols {
		if int(k) < bp.nProc && vals[q] < 0 {
			a[k] *= f
		}
	}
}
