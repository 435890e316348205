package ballot

import (
	"fmt"
	"math/bits"
)

// Fixed is a number of votes (or a keep factor) in units of 10⁻⁹, the
// precision of the reference Meek rule. Integers keep STV counts exact and
// identical on every machine, which a replayed audit needs.
type Fixed int64

// Unit is one whole vote, or a keep factor of 1.
const Unit Fixed = 1_000_000_000

// String formats f with nine decimals, such as "4.666666667".
func (f Fixed) String() string {
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	return fmt.Sprintf("%s%d.%09d", sign, f/Unit, f%Unit)
}

// mulUp returns a·b rounded up to the precision (a, b ≥ 0).
func mulUp(a, b Fixed) Fixed {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	return quoUp(hi, lo, uint64(Unit))
}

// divUp returns a/b rounded up to the precision (a ≥ 0, b > 0).
func divUp(a, b Fixed) Fixed {
	hi, lo := bits.Mul64(uint64(a), uint64(Unit))
	return quoUp(hi, lo, uint64(b))
}

// quoUp returns ⌈(hi·2⁶⁴+lo)/d⌉, saturating instead of overflowing.
func quoUp(hi, lo, d uint64) Fixed {
	if hi >= d {
		return Fixed(1<<63 - 1)
	}
	q, r := bits.Div64(hi, lo, d)
	if r != 0 {
		q++
	}
	if q > 1<<63-1 {
		return Fixed(1<<63 - 1)
	}
	return Fixed(q)
}
