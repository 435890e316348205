package sparse

// rowSum returns Σ val[k]·x[ind[k]]: one row of a product, a gather.
//
// Four partial sums, because one would make every addition wait for the
// one before; and the slices are walked four at a time by reslicing,
// which lets the compiler drop the bounds checks on val and ind.
func rowSum(val []float64, ind []int32, x []float64) float64 {
	ind = ind[:len(val)]
	var s0, s1, s2, s3 float64
	for len(val) >= 4 && len(ind) >= 4 {
		s0 += val[0] * x[ind[0]]
		s1 += val[1] * x[ind[1]]
		s2 += val[2] * x[ind[2]]
		s3 += val[3] * x[ind[3]]
		val, ind = val[4:], ind[4:]
	}
	for k, v := range val {
		s0 += v * x[ind[k]]
	}
	return (s0 + s1) + (s2 + s3)
}
