package lp

import "math"

// bound is a column whose bounds are not the common [0, +∞): its index
// within its part and the scaled bounds. The Halpern column pass reads
// these from a short list instead of two vectors of bounds, which saves it
// two of its memory streams (the pass is limited by memory traffic).
type bound struct {
	q      int32
	lo, hi float64
}

// partBounds returns, for each part of cm, the columns with bounds other
// than [0, +∞), in order.
func partBounds(cm *colMatrix, l, u []float64) [][]bound {
	out := make([][]bound, len(cm.parts))
	for k := range cm.parts {
		c := &cm.parts[k]
		for j := c.c0; j < c.c1; j++ {
			if l[j] != 0 || !math.IsInf(u[j], 1) {
				out[k] = append(out[k], bound{int32(j - c.c0), l[j], u[j]})
			}
		}
	}
	return out
}

// hcolArgs are the vectors and scalars of the column pass of a Halpern
// iteration. For each column p of a part, in order:
//
//   - g = (Kᵀ·Y)[p];
//   - the PDHG step x̂ = proj(X[p] − Tau·(C[p] − g)) onto the bounds, and
//     the part's sums[0] gets (x̂ − X[p])²;
//   - the column times x̂ is added into KX (completed by the row pass);
//   - if Update, the Halpern step X[p] ← A1·x̂ + A2·X[p] + B·X0[p], else
//     XH[p] = x̂ (an evaluation, which may restart from it).
//
// Making the Halpern step in the same pass as the PDHG step means x̂ is
// not stored between them, and X is read and written once.
type hcolArgs struct {
	Y         []float64
	X, XH, X0 []float64
	C         []float64
	Tau       float64
	KX        []float64
	Bounds    [][]bound // per part, see partBounds
	Update    bool
	A1, A2, B float64
}

// halpernPass runs a's column pass over part k.
func (cm *colMatrix) halpernPass(k int, a *hcolArgs) {
	c := &cm.parts[k]
	clear(a.KX[c.r0:c.r1])
	clear(c.buf)
	for q, i := range c.rows {
		c.yrem[q] = a.Y[i]
	}
	ownPtr, remPtr := c.ownPtr, c.remPtr
	ownRow, ownVal, remIdx, remVal := c.ownRow, c.ownVal, c.remIdx, c.remVal
	buf, yrem, y, kx := c.buf, c.yrem, a.Y, a.KX
	x := a.X[c.c0:c.c1]
	xh, x0, cc := a.XH[c.c0:c.c1], a.X0[c.c0:c.c1], a.C[c.c0:c.c1]
	xh, x0, cc = xh[:len(x)], x0[:len(x)], cc[:len(x)]
	bnd := a.Bounds[k]
	next, bi := -1, 0
	if len(bnd) > 0 {
		next = int(bnd[0].q)
	}
	update, a1, a2, b, tau := a.Update, a.A1, a.A2, a.B, a.Tau
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
		v := xq - tau*(cc[q]-g)
		if q == next {
			bd := bnd[bi]
			v = clamp(v, bd.lo, bd.hi)
			bi++
			next = -1
			if bi < len(bnd) {
				next = int(bnd[bi].q)
			}
		} else if v < 0 {
			v = 0
		}
		d := v - xq
		d2 += d * d
		if update {
			x[q] = a1*v + a2*xq + b*x0[q]
		} else {
			xh[q] = v
		}
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
	c.sums[0] = d2
}

// hrowArgs are the vectors and scalars of the row pass of a Halpern
// iteration. For each row i of a part: complete KXH (the remote sums of
// the column pass), make the dual PDHG step ŷ = proj(Y + Sigma·(b − 2·KXH
// + KX)), add ‖ŷ − Y‖² to the part's sums[1] and (ŷ − Y)·(KXH − KX) to
// sums[2]; then, if Update, the Halpern step Y ← A1·ŷ + A2·Y + B·Y0 and
// KX ← A1·KXH + A2·KX + B·KX0 (K·X follows X by linearity), else keep ŷ
// in YH (an evaluation, which may restart from it).
type hrowArgs struct {
	KXH, KX, KX0 []float64
	Y, Y0, YH    []float64
	Sigma        float64
	Update       bool
	A1, A2, B    float64
}

// halpernRows runs s.hrargs on the rows of part j.
func (s *solver) halpernRows(j int) {
	a := &s.hrargs
	part := &s.k.parts[j]
	s.k.gatherRemote(j, a.KXH)
	lo, hi := part.r0, part.r1
	kxh, kx, kx0 := a.KXH[lo:hi], a.KX[lo:hi], a.KX0[lo:hi]
	y, y0, yh := a.Y[lo:hi], a.Y0[lo:hi], a.YH[lo:hi]
	b, eq := s.b[lo:hi], s.eq[lo:hi]
	kx, kx0, y, y0, yh, b, eq = kx[:len(kxh)], kx0[:len(kxh)], y[:len(kxh)], y0[:len(kxh)], yh[:len(kxh)], b[:len(kxh)], eq[:len(kxh)]
	sigma, a1, a2, bb := a.Sigma, a.A1, a.A2, a.B
	update := a.Update
	var d2, inter float64
	for i, kh := range kxh {
		ko, yo := kx[i], y[i]
		v := yo + sigma*(b[i]-2*kh+ko)
		if v < 0 && !eq[i] {
			v = 0
		}
		d := v - yo
		d2 += d * d
		inter += d * (kh - ko)
		if update {
			y[i] = a1*v + a2*yo + bb*y0[i]
			kx[i] = a1*kh + a2*ko + bb*kx0[i]
		} else {
			yh[i] = v
		}
	}
	part.sums[1], part.sums[2] = d2, inter
}
