package lp

import "math"

// equilibrate returns row and column scalings dr, dc such that
// diag(dr)·A·diag(dc) is well balanced: ruiz passes of Ruiz equilibration
// (each divides every row and column by the square root of its largest
// entry, driving all ℓ∞ norms towards 1), then, if pc, one Pock–Chambolle
// pass with α = 1 (rows and columns divided by the square roots of their ℓ1
// norms), which bounds ‖A‖₂ by 1 and so suits PDHG's step sizes.
func equilibrate(a *Matrix, ruiz int, pc bool) (dr, dc []float64) {
	m, n := a.Dims()
	dr, dc = ones(m), ones(n)
	val := append([]float64(nil), a.val...)
	rowNorm, colNorm := make([]float64, m), make([]float64, n)
	apply := func(r, c []float64) {
		for i := 0; i < m; i++ {
			for p := a.rowPtr[i]; p < a.rowPtr[i+1]; p++ {
				val[p] *= r[i] * c[a.colIdx[p]]
			}
		}
		for i := range dr {
			dr[i] *= r[i]
		}
		for j := range dc {
			dc[j] *= c[j]
		}
	}
	invSqrt := func(v []float64) {
		for i, x := range v {
			if x > 0 {
				v[i] = 1 / math.Sqrt(x)
			} else {
				v[i] = 1 // empty row or column: leave it
			}
		}
	}
	for k := 0; k < ruiz; k++ {
		clear(rowNorm)
		clear(colNorm)
		for i := 0; i < m; i++ {
			for p := a.rowPtr[i]; p < a.rowPtr[i+1]; p++ {
				v := math.Abs(val[p])
				rowNorm[i] = math.Max(rowNorm[i], v)
				j := a.colIdx[p]
				colNorm[j] = math.Max(colNorm[j], v)
			}
		}
		invSqrt(rowNorm)
		invSqrt(colNorm)
		apply(rowNorm, colNorm)
	}
	if pc {
		clear(rowNorm)
		clear(colNorm)
		for i := 0; i < m; i++ {
			for p := a.rowPtr[i]; p < a.rowPtr[i+1]; p++ {
				v := math.Abs(val[p])
				rowNorm[i] += v
				colNorm[a.colIdx[p]] += v
			}
		}
		invSqrt(rowNorm)
		invSqrt(colNorm)
		apply(rowNorm, colNorm)
	}
	return dr, dc
}

func ones(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = 1
	}
	return v
}
