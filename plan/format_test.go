package plan

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// checkNumber compares appendNumber with strconv's 'g' format, precision 15.
func checkNumber(t *testing.T, v float64) {
	t.Helper()
	want := strconv.FormatFloat(v, 'g', 15, 64)
	if v == 0 || math.Abs(v) < 1e-300 {
		want = "0"
	}
	if got := string(appendNumber(nil, v)); got != want {
		t.Fatalf("appendNumber(%v) = %s, want %s", v, got, want)
	}
}

// TestAppendNumber checks the fast path against strconv on numbers of
// every magnitude, on ties, and next to powers of ten.
func TestAppendNumber(t *testing.T) {
	for _, v := range []float64{1, 0.5, 123.456, 1e-4, 9.99999999999999e-5, 1e-5, 0.000123, 1e14, 1e15, 999999999999999,
		999999999999999.5, 99999999999999.95, 123456789012345.5, 123456789012346.5, 1<<53 - 1, 1 << 53, 1 << 52,
		0.1, 0.3, 2.5, 1e300, 1e-300, 5e-324, math.MaxFloat64, math.Inf(1), math.NaN(), -1.5, -123.456e-3} {
		checkNumber(t, v)
		checkNumber(t, -v)
		checkNumber(t, math.Nextafter(v, 0))
		checkNumber(t, math.Nextafter(v, math.Inf(1)))
	}
	for e := -6; e <= 16; e++ {
		p := math.Pow(10, float64(e))
		for _, v := range []float64{p, math.Nextafter(p, 0), math.Nextafter(p, 2*p), p * (1 - 5e-16), p * (1 - 5e-15), p * (1 + 5e-15)} {
			checkNumber(t, v)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 400000 {
		// Values as solves produce them, and bit patterns of every kind.
		checkNumber(t, math.Exp(rng.NormFloat64()*8))
		checkNumber(t, math.Float64frombits(rng.Uint64()))
		// Exact ties at the 16th digit: q.5 · 10^-d.
		d := rng.IntN(5)
		checkNumber(t, (float64(rng.Int64N(1e15))+0.5)/math.Pow(10, float64(d)))
	}
}

// FuzzAppendNumber checks appendNumber against strconv on any float64.
func FuzzAppendNumber(f *testing.F) {
	for _, v := range []float64{1, 0.1, 1e-4, 123456789012345.5, 999999999999999.5} {
		f.Add(math.Float64bits(v))
	}
	f.Fuzz(func(t *testing.T, u uint64) {
		checkNumber(t, math.Float64frombits(u))
	})
}

// BenchmarkAppendNumber compares the fast path with strconv on the kind
// of numbers values and outputs write.
func BenchmarkAppendNumber(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	vs := make([]float64, 1<<16)
	for i := range vs {
		vs[i] = math.Exp(rng.NormFloat64() * 3)
	}
	buf := make([]byte, 0, 32)
	b.Run("appendNumber", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			buf = appendNumber(buf[:0], vs[i&(len(vs)-1)])
		}
	})
	b.Run("strconv", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			buf = strconv.AppendFloat(buf[:0], vs[i&(len(vs)-1)], 'g', 15, 64)
		}
	})
}
