package sparse

// rowSum returns Σ val[k]·x[ind[k]]: one row of a product, a gather.
//
// Four partial sums, because one would make every addition wait for the
// one before (its latency, not memory, then bounds the product); reslicing
// ind to val's length lets the compiler drop the bounds checks on it.
func rowSum(val []float64, ind []int32, x []float64) float64 {
	ind = ind[:len(val)]
	var s0, s1, s2, s3 float64
	k := 0
	for ; k+4 <= len(val); k += 4 {
		s0 += val[k] * x[ind[k]]
		s1 += val[k+1] * x[ind[k+1]]
		s2 += val[k+2] * x[ind[k+2]]
		s3 += val[k+3] * x[ind[k+3]]
	}
	for ; k < len(val); k++ {
		s0 += val[k] * x[ind[k]]
	}
	return (s0 + s1) + (s2 + s3)
}
