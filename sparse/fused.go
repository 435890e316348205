package sparse

import "math"

// At 10^7 products BiCGSTAB is bound by memory traffic, and its vector
// updates and dot products, each a pass over vectors of 80 MB, moved as
// many bytes as its products with the matrix. The kernels here do the
// work of several passes in one: a product with M together with the dot
// products of its result, and the closing update of a step together with
// the norms and the dot product the next step needs.

// residualOperator is an Operator that can compute dst = src − M src
// and dot products of dst in the same pass over memory.
type residualOperator interface {
	// subMulDot sets dst = src − M src and returns dst·a, and dst·dst
	// when withSelf.
	subMulDot(dst, src, a []float64, withSelf bool) (da, dd float64)
}

// subMulDot computes dst = src − M src and dots for any Operator: with
// M's own fused kernel when it has one, else a product and one pass.
func subMulDot(m Operator, dst, src, a []float64, withSelf bool) (da, dd float64) {
	if f, ok := m.(residualOperator); ok {
		return f.subMulDot(dst, src, a, withSelf)
	}
	m.MulVec(dst, src)
	return finishResidual(dst, src, nil, a, withSelf)
}

// finishResidual sets dst = src − (dst + Σ bufs) and returns dst·a and,
// when withSelf, dst·dst, in parallel over index ranges.
func finishResidual(dst, src []float64, bufs [][]float64, a []float64, withSelf bool) (da, dd float64) {
	cuts := evenCuts(len(dst))
	part := make([][2]float64, len(cuts)-1)
	run(cuts, func(t, lo, hi int) {
		var sa, sd float64
		d, s := dst[lo:hi], src[lo:hi]
		for _, b := range bufs {
			b := b[lo:hi]
			for i := range d {
				d[i] += b[i]
			}
		}
		for i := range d {
			d[i] = s[i] - d[i]
		}
		if a != nil {
			a := a[lo:hi]
			for i := range d {
				sa += a[i] * d[i]
			}
		}
		if withSelf {
			for i := range d {
				sd += d[i] * d[i]
			}
		}
		part[t] = [2]float64{sa, sd}
	})
	return sumPairs(part)
}

// subMulDot sets dst = src − m src row by row, each row a gather, and
// sums dst·a and dst·dst as it goes.
func (m *CSR) subMulDot(dst, src, a []float64, withSelf bool) (da, dd float64) {
	if len(src) != m.Cols || len(dst) != m.Rows || m.Rows != m.Cols || (a != nil && len(a) != m.Rows) {
		panic("sparse: subMulDot shape mismatch")
	}
	cuts := split(m.RowPtr, m.Rows, workers(m.NNZ()))
	part := make([][2]float64, len(cuts)-1)
	run(cuts, func(t, lo, hi int) {
		ptr, ind, val := m.RowPtr, m.ColInd, m.Val
		var sa, sd float64
		for i := lo; i < hi; i++ {
			lo, hi := ptr[i], ptr[i+1]
			d := src[i] - rowSum(val[lo:hi], ind[lo:hi], src)
			dst[i] = d
			if a != nil {
				sa += a[i] * d
			}
			sd += d * d
		}
		if !withSelf {
			sd = 0
		}
		part[t] = [2]float64{sa, sd}
	})
	return sumPairs(part)
}

// subMulDot sets dst = src − m src: each goroutine scatters its columns
// into a buffer of its own, and one pass sums the buffers into dst,
// finishes the residual and its dots, and clears the buffers for the next
// product (which spares the two passes that cleared dst and a buffer).
func (o *ColumnOperator) subMulDot(dst, src, a []float64, withSelf bool) (da, dd float64) {
	m := o.m
	if len(src) != m.Cols || len(dst) != m.Rows || m.Rows != m.Cols || (a != nil && len(a) != m.Rows) {
		panic("sparse: subMulDot shape mismatch")
	}
	if len(o.bufs) != 1 {
		// One goroutine, or more than two: the general form.
		run(o.cuts, func(t, lo, hi int) {
			b := dst
			if t > 0 {
				b = o.bufs[t-1]
			}
			clear(b)
			scatter(m, b, src, lo, hi)
		})
		o.dirty = len(o.bufs) > 0
		return finishResidual(dst, src, o.bufs, a, withSelf)
	}
	if o.spare == nil {
		o.spare = make([]float64, m.Rows) // zero, as scatter wants it
	}
	b0, b1 := o.spare, o.bufs[0]
	if o.dirty {
		clear(b1)
		o.dirty = false
	}
	run(o.cuts, func(t, lo, hi int) {
		b := b0
		if t > 0 {
			b = b1
		}
		scatter(m, b, src, lo, hi)
	})
	cuts := evenCuts(len(dst))
	part := make([][2]float64, len(cuts)-1)
	run(cuts, func(t, lo, hi int) {
		var sa, sd float64
		d, s, p, q := dst[lo:hi], src[lo:hi], b0[lo:hi], b1[lo:hi]
		for i := range d {
			v := s[i] - (p[i] + q[i])
			p[i], q[i] = 0, 0
			d[i] = v
			if a != nil {
				sa += a[lo+i] * v
			}
			sd += v * v
		}
		if !withSelf {
			sd = 0
		}
		part[t] = [2]float64{sa, sd}
	})
	return sumPairs(part)
}

// closeStep ends a BiCGSTAB step: x += αp + ωs and r = s − ωt (s is held
// in r), returning ‖r‖∞, ‖x‖∞ and rh·r for the next step.
func closeStep(x, r, p, t, rh []float64, alpha, omega float64) (rn, xn, rho float64) {
	cuts := evenCuts(len(x))
	part := make([][3]float64, len(cuts)-1)
	run(cuts, func(k, lo, hi int) {
		var mr, mx, sr float64
		xs, rs, ps, ts, hs := x[lo:hi], r[lo:hi], p[lo:hi], t[lo:hi], rh[lo:hi]
		for i := range xs {
			xi := xs[i] + alpha*ps[i] + omega*rs[i]
			ri := rs[i] - omega*ts[i]
			xs[i], rs[i] = xi, ri
			if a := math.Abs(ri); a > mr || a != a {
				mr = a
			}
			if a := math.Abs(xi); a > mx || a != a {
				mx = a
			}
			sr += hs[i] * ri
		}
		part[k] = [3]float64{mr, mx, sr}
	})
	for _, p := range part {
		rn, xn = maxNaN(rn, p[0]), maxNaN(xn, p[1])
		rho += p[2]
	}
	return rn, xn, rho
}

// axpyNorm sets y += a·x and returns ‖y‖∞.
func axpyNorm(y []float64, a float64, x []float64) float64 {
	cuts := evenCuts(len(y))
	part := make([]float64, len(cuts)-1)
	run(cuts, func(k, lo, hi int) {
		var m float64
		ys, xs := y[lo:hi], x[lo:hi]
		for i := range ys {
			v := ys[i] + a*xs[i]
			ys[i] = v
			if v := math.Abs(v); v > m || v != v {
				m = v
			}
		}
		part[k] = m
	})
	var m float64
	for _, p := range part {
		m = maxNaN(m, p)
	}
	return m
}

// sumPairs adds up the goroutines' partial dot products, in order, so
// that a solve gives the same figures every time.
func sumPairs(part [][2]float64) (a, b float64) {
	for _, p := range part {
		a += p[0]
		b += p[1]
	}
	return a, b
}

// maxNaN is max that keeps a NaN, so that a solve that went wrong says so.
func maxNaN(a, b float64) float64 {
	if b > a || b != b {
		return b
	}
	return a
}
