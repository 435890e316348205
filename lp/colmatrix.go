package lp

import (
	"math"
	"slices"
)

// colMatrix is the scaled constraint matrix K stored once, by column (the
// CSR form of Kᵀ), and cut into parts that run on their own goroutines.
// Both products of a PDHG iteration read this one copy:
//
//   - Kᵀ·y column by column, gathering from y (each part writes its own
//     columns of the result);
//   - K·x by scattering x_p·K[:,p] into the result, which reads the matrix
//     and x in storage order. A gather by row, from a CSR copy of K, would
//     read x at random wherever a row is long and spread out (a widely
//     used product is an input of processes all over the economy), which
//     costs a cache miss per entry; the scatter writes to rows near the
//     column's own, or to the few popular rows, which stay in cache.
//
// Part k owns the rows [r0, r1) that its columns use most: it scatters
// into them directly; the entries of its columns in other rows ("remote")
// are summed in a small buffer of its own, one slot per distinct remote
// row, and added in by the rows' owners after all parts are done. So the
// parts never write the same memory, without locks or atomics.
//
// Since both products read the same entries, an iteration can make them in
// one pass over the matrix (see colArgs): Kᵀ·y of the accepted dual
// point, the next primal step from it, and K·x of that step.
type colMatrix struct {
	m, n  int
	parts []colPart
}

// colPart is one part of a colMatrix: columns [c0, c1), rows [r0, r1).
type colPart struct {
	c0, c1, r0, r1 int
	// ownPtr[p-c0] … ownPtr[p-c0+1] index the entries of column p in owned
	// rows (ownRow, absolute row numbers); remPtr likewise the others
	// (remIdx: indices into rows).
	ownPtr, remPtr []int32
	ownRow, remIdx []int32
	ownVal, remVal []float64
	rows           []int32   // the remote rows, increasing
	cut            []int     // rows[cut[j]:cut[j+1]] are owned by part j
	buf            []float64 // per remote row: this part's share of K·x
	yrem           []float64 // per remote row: its y, copied for the gather

	sums [3]float64 // the part's partial sums of the last pass
	_    [64]byte   // keeps the parts' sums on separate cache lines
}

// newColMatrix returns the m×n matrix whose columns are the rows of kt (an
// n×m CSR matrix) cut into at most parts parts: as many as make each part
// at least minPart entries.
func newColMatrix(kt *Matrix, parts int) *colMatrix {
	n, m := kt.Dims()
	nnz := kt.NNZ()
	parts = max(1, min(parts, nnz/minPart, n))
	cm := &colMatrix{m: m, n: n, parts: make([]colPart, parts)}
	// Columns: equal numbers of entries per part.
	cb := make([]int, parts+1)
	cb[parts] = n
	for k := 1; k < parts; k++ {
		cb[k] = max(cb[k-1], searchRow(kt.rowPtr, k*nnz/parts, cb[k-1]))
	}
	rb := rowBounds(kt, cb)
	for k := range cm.parts {
		cm.parts[k].c0, cm.parts[k].c1 = cb[k], cb[k+1]
		cm.parts[k].r0, cm.parts[k].r1 = rb[k], rb[k+1]
	}
	slot := make([]int32, m)
	for i := range slot {
		slot[i] = -1
	}
	for k := range cm.parts {
		cm.parts[k].fill(kt, slot, rb)
	}
	return cm
}

// rowBounds returns the row ranges of the parts with columns cut at cb:
// each boundary is the row that leaves the fewest entries outside their
// part's rows (rows at or after it used by earlier columns, plus rows
// before it used by later ones).
func rowBounds(kt *Matrix, cb []int) []int {
	n, m := kt.Dims()
	parts := len(cb) - 1
	rb := make([]int, parts+1)
	rb[parts] = m
	if parts == 1 {
		return rb
	}
	left, right := make([]int32, m), make([]int32, m)
	for _, i := range kt.colIdx {
		right[i]++
	}
	for k := 1; k < parts; k++ {
		for p := kt.rowPtr[cb[k-1]]; p < kt.rowPtr[cb[k]]; p++ {
			i := kt.colIdx[p]
			left[i]++
			right[i]--
		}
		// cost(r) = Σ_{i≥r} left[i] + Σ_{i<r} right[i], for r ≥ rb[k-1].
		cost := 0
		for i := rb[k-1]; i < m; i++ {
			cost += int(left[i])
		}
		for i := 0; i < rb[k-1]; i++ {
			cost += int(right[i])
		}
		best, at := cost, rb[k-1]
		for r := rb[k-1]; r < m; r++ {
			cost += int(right[r]) - int(left[r])
			if cost < best {
				best, at = cost, r+1
			}
		}
		rb[k] = at
	}
	_ = n
	return rb
}

// fill copies the part's columns of kt into own and remote entries. slot
// is scratch of length m, all −1, and is left so.
func (c *colPart) fill(kt *Matrix, slot []int32, rb []int) {
	cols := c.c1 - c.c0
	c.ownPtr, c.remPtr = make([]int32, cols+1), make([]int32, cols+1)
	var nOwn, nRem int
	for p := kt.rowPtr[c.c0]; p < kt.rowPtr[c.c1]; p++ {
		i := int(kt.colIdx[p])
		if i >= c.r0 && i < c.r1 {
			nOwn++
			continue
		}
		nRem++
		if slot[i] < 0 {
			slot[i] = 0
			c.rows = append(c.rows, int32(i))
		}
	}
	slices.Sort(c.rows)
	for q, i := range c.rows {
		slot[i] = int32(q)
	}
	c.ownRow, c.ownVal = make([]int32, 0, nOwn), make([]float64, 0, nOwn)
	c.remIdx, c.remVal = make([]int32, 0, nRem), make([]float64, 0, nRem)
	for j := c.c0; j < c.c1; j++ {
		for p := kt.rowPtr[j]; p < kt.rowPtr[j+1]; p++ {
			i, v := kt.colIdx[p], kt.val[p]
			if int(i) >= c.r0 && int(i) < c.r1 {
				c.ownRow = append(c.ownRow, i)
				c.ownVal = append(c.ownVal, v)
			} else {
				c.remIdx = append(c.remIdx, slot[i])
				c.remVal = append(c.remVal, v)
			}
		}
		c.ownPtr[j-c.c0+1] = int32(len(c.ownRow))
		c.remPtr[j-c.c0+1] = int32(len(c.remIdx))
	}
	for _, i := range c.rows {
		slot[i] = -1
	}
	c.buf, c.yrem = make([]float64, len(c.rows)), make([]float64, len(c.rows))
	c.cut = make([]int, len(rb))
	for j, r := range rb {
		c.cut[j], _ = slices.BinarySearch(c.rows, int32(r))
	}
}

// maxAbs returns the largest absolute entry.
func (cm *colMatrix) maxAbs() float64 {
	s := 0.0
	for k := range cm.parts {
		for _, v := range cm.parts[k].ownVal {
			s = math.Max(s, math.Abs(v))
		}
		for _, v := range cm.parts[k].remVal {
			s = math.Max(s, math.Abs(v))
		}
	}
	return s
}

// colArgs are the vectors and scalars of one pass over the columns. The
// pass does, for each column p of a part, in this order:
//
//   - if Gather: KTy[p] = (Kᵀ·Y)[p], and SumX[p] += W·X[p] if W ≠ 0;
//   - if Step: XN[p] = clamp(X[p] − Tau·(C[p] − KTy[p]), L[p], U[p]) and the
//     part's sums[0] gets (XN[p] − X[p])²;
//   - if Scatter: the column times XN[p] (X[p] when not Step) is added into
//     KX, to be completed by rowPass.
type colArgs struct {
	Gather, Step, Scatter bool
	Y, KTy, SumX, X       []float64
	W                     float64
	C, L, U, XN           []float64
	Tau                   float64
	KX                    []float64
}

// colPass runs the pass of a over the columns of part k. Each
// combination of operations has a loop of its own, so that the loops keep
// their few variables in registers.
func (cm *colMatrix) colPass(k int, a *colArgs) {
	c := &cm.parts[k]
	if a.Scatter {
		clear(a.KX[c.r0:c.r1])
		clear(c.buf)
	}
	if a.Gather {
		for q, i := range c.rows {
			c.yrem[q] = a.Y[i]
		}
	}
	c.sums[0] = 0
	switch {
	case a.Gather && a.Step && a.Scatter:
		c.sums[0] = c.fused(a)
	case a.Gather && !a.Step && !a.Scatter:
		c.gather(a)
	case !a.Gather && a.Step && a.Scatter:
		c.sums[0] = c.stepScatter(a.X, a.KTy, a.C, a.L, a.U, a.XN, a.Tau, a.KX)
	case !a.Gather && !a.Step && a.Scatter:
		c.scatter(a.X, a.KX)
	default:
		panic("lp: unsupported column pass")
	}
}

// fused is colPass with Gather, Step and Scatter.
func (c *colPart) fused(a *colArgs) float64 {
	ownPtr, remPtr := c.ownPtr, c.remPtr
	ownRow, ownVal, remIdx, remVal := c.ownRow, c.ownVal, c.remIdx, c.remVal
	buf, yrem, y, kx := c.buf, c.yrem, a.Y, a.KX
	x := a.X[c.c0:c.c1]
	kty, cc, l, u, xn := a.KTy[c.c0:c.c1], a.C[c.c0:c.c1], a.L[c.c0:c.c1], a.U[c.c0:c.c1], a.XN[c.c0:c.c1]
	kty, cc, l, u, xn = kty[:len(x)], cc[:len(x)], l[:len(x)], u[:len(x)], xn[:len(x)]
	var sumX []float64
	if a.W != 0 {
		sumX = a.SumX[c.c0:c.c1]
		sumX = sumX[:len(x)]
	}
	w, tau := a.W, a.Tau
	var d2 float64
	o0, e0 := ownPtr[0], remPtr[0]
	for q, xq := range x {
		o1, e1 := ownPtr[q+1], remPtr[q+1]
		rows, vals := ownRow[o0:o1], ownVal[o0:o1]
		vals = vals[:len(rows)]
		ri, rv := remIdx[e0:e1], remVal[e0:e1]
		rv = rv[:len(ri)]
		o0, e0 = o1, e1
		g := 0.0
		for t, i := range rows {
			g += vals[t] * y[i]
		}
		for t, i := range ri {
			g += rv[t] * yrem[i]
		}
		kty[q] = g
		if sumX != nil {
			sumX[q] += w * xq
		}
		v := xq - tau*(cc[q]-g)
		if v < l[q] {
			v = l[q]
		}
		if v > u[q] {
			v = u[q]
		}
		xn[q] = v
		d := v - xq
		d2 += d * d
		if v == 0 {
			continue
		}
		for t, i := range rows {
			kx[i] += vals[t] * v
		}
		for t, i := range ri {
			buf[i] += rv[t] * v
		}
	}
	return d2
}

// gather is colPass with Gather only.
func (c *colPart) gather(a *colArgs) {
	ownPtr, remPtr := c.ownPtr, c.remPtr
	ownRow, ownVal, remIdx, remVal := c.ownRow, c.ownVal, c.remIdx, c.remVal
	yrem, y := c.yrem, a.Y
	kty := a.KTy[c.c0:c.c1]
	var x, sumX []float64
	if a.W != 0 {
		x, sumX = a.X[c.c0:c.c1], a.SumX[c.c0:c.c1]
		x, sumX = x[:len(kty)], sumX[:len(kty)]
	}
	w := a.W
	o0, e0 := ownPtr[0], remPtr[0]
	for q := range kty {
		o1, e1 := ownPtr[q+1], remPtr[q+1]
		rows, vals := ownRow[o0:o1], ownVal[o0:o1]
		vals = vals[:len(rows)]
		ri, rv := remIdx[e0:e1], remVal[e0:e1]
		rv = rv[:len(ri)]
		o0, e0 = o1, e1
		g := 0.0
		for t, i := range rows {
			g += vals[t] * y[i]
		}
		for t, i := range ri {
			g += rv[t] * yrem[i]
		}
		kty[q] = g
		if sumX != nil {
			sumX[q] += w * x[q]
		}
	}
}

// stepScatter is colPass with Step and Scatter.
func (c *colPart) stepScatter(xAll, ktyAll, cAll, lAll, uAll, xnAll []float64, tau float64, kx []float64) float64 {
	ownPtr, remPtr := c.ownPtr, c.remPtr
	ownRow, ownVal, remIdx, remVal, buf := c.ownRow, c.ownVal, c.remIdx, c.remVal, c.buf
	x := xAll[c.c0:c.c1]
	kty, cc, l, u, xn := ktyAll[c.c0:c.c1], cAll[c.c0:c.c1], lAll[c.c0:c.c1], uAll[c.c0:c.c1], xnAll[c.c0:c.c1]
	kty, cc, l, u, xn = kty[:len(x)], cc[:len(x)], l[:len(x)], u[:len(x)], xn[:len(x)]
	var d2 float64
	for q, xq := range x {
		v := xq - tau*(cc[q]-kty[q])
		if v < l[q] {
			v = l[q]
		}
		if v > u[q] {
			v = u[q]
		}
		xn[q] = v
		d := v - xq
		d2 += d * d
		if v == 0 {
			continue
		}
		o0, o1, e0, e1 := ownPtr[q], ownPtr[q+1], remPtr[q], remPtr[q+1]
		rows, vals := ownRow[o0:o1], ownVal[o0:o1]
		vals = vals[:len(rows)]
		for t, i := range rows {
			kx[i] += vals[t] * v
		}
		ri, rv := remIdx[e0:e1], remVal[e0:e1]
		rv = rv[:len(ri)]
		for t, i := range ri {
			buf[i] += rv[t] * v
		}
	}
	return d2
}

// scatter is colPass with Scatter only: K·x.
func (c *colPart) scatter(xAll, kx []float64) {
	ownPtr, remPtr := c.ownPtr, c.remPtr
	ownRow, ownVal, remIdx, remVal, buf := c.ownRow, c.ownVal, c.remIdx, c.remVal, c.buf
	for q, v := range xAll[c.c0:c.c1] {
		if v == 0 {
			continue
		}
		o0, o1, e0, e1 := ownPtr[q], ownPtr[q+1], remPtr[q], remPtr[q+1]
		rows, vals := ownRow[o0:o1], ownVal[o0:o1]
		vals = vals[:len(rows)]
		for t, i := range rows {
			kx[i] += vals[t] * v
		}
		ri, rv := remIdx[e0:e1], remVal[e0:e1]
		rv = rv[:len(ri)]
		for t, i := range ri {
			buf[i] += rv[t] * v
		}
	}
}

// gatherRemote adds into kx the remote sums of every part that fall in the
// rows of part j. It runs after colPass of all parts, for each j.
func (cm *colMatrix) gatherRemote(j int, kx []float64) {
	for k := range cm.parts {
		c := &cm.parts[k]
		lo, hi := c.cut[j], c.cut[j+1]
		rows, buf := c.rows[lo:hi], c.buf[lo:hi]
		for q, i := range rows {
			kx[i] += buf[q]
		}
	}
}

// ColumnProducts returns functions computing dst = a·x and dst = aᵀ·y as
// Solve does, from one copy of a stored by column and cut into parts for
// up to threads goroutines. It is for benchmarks of the solver's
// products; the functions must not be called concurrently.
func ColumnProducts(a *Matrix, threads int) (mul, mulT func(dst, v []float64)) {
	s := &solver{m: a.rows, n: a.cols}
	s.usePasses(newColMatrix(a.T(), threads))
	return s.mul, s.mulT
}
