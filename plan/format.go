package plan

import (
	"math"
	"math/bits"
	"strconv"
)

// appendNumber writes results with 15 significant digits: beyond what
// any tolerance reached means, short enough to read. The output is
// exactly strconv's 'g' format with precision 15 (FuzzAppendNumber);
// most numbers take a faster path (see appendG15).
func appendNumber(b []byte, v float64) []byte {
	if v == 0 || math.Abs(v) < 1e-300 {
		return append(b, '0')
	}
	if out, ok := appendG15(b, v); ok {
		return out
	}
	return strconv.AppendFloat(b, v, 'g', 15, 64)
}

// pow10s holds the powers of ten that fit in 64 bits.
var pow10s = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// appendG15 formats v as strconv's 'g' with precision 15 when 10^-4 ≤
// |v| < 2^53 (printed without an exponent), and reports false otherwise.
// Writing the values of 10^7 products spent most of its time in strconv's
// general algorithm; here v = m·2^e with e ≤ 0, so v·10^k for the k that
// leaves 15 digits before the point is m·10^k (128 bits, exact) shifted
// right by −e bits, rounded to nearest, ties to even — exact arithmetic,
// hence the same digits as strconv.
func appendG15(b []byte, v float64) ([]byte, bool) {
	neg := v < 0
	if neg {
		v = -v
	}
	if !(v >= 1e-4 && v < 1<<53) {
		return b, false
	}
	fb := math.Float64bits(v)
	m := fb&(1<<52-1) | 1<<52
	shift := uint(1075 - int(fb>>52&0x7FF)) // v = m / 2^shift
	// log10(v) ≥ (52 − shift)·log10(2): an estimate at most one too low
	// (78913/2^18 is log10(2) rounded down), which the loop corrects.
	e10 := (52 - int(shift)) * 78913 >> 18
	var q uint64
	for try := 0; ; try++ {
		k := 14 - e10
		if k < 0 || k >= len(pow10s) || try > 2 {
			return b, false
		}
		hi, lo := bits.Mul64(m, pow10s[k])
		// q = (hi:lo) >> shift, with the bits shifted out in rest.
		// above and tie say how the bits shifted out compare with half.
		var above, tie bool
		switch {
		case shift == 0:
			if hi != 0 {
				return b, false
			}
			q = lo
		case shift < 64:
			if hi>>shift != 0 {
				return b, false
			}
			q = hi<<(64-shift) | lo>>shift
			rest, half := lo&(1<<shift-1), uint64(1)<<(shift-1)
			above, tie = rest > half, rest == half
		case shift == 64:
			q = hi
			above, tie = lo > 1<<63, lo == 1<<63
		case shift < 128:
			q = hi >> (shift - 64)
			rest, half := hi&(1<<(shift-64)-1), uint64(1)<<(shift-65)
			above, tie = rest > half || rest == half && lo > 0, rest == half && lo == 0
		default:
			return b, false
		}
		// The exponent is right when the digits before rounding are
		// 15: rounding first could carry 99…9.96 into the next power
		// at too coarse a scale.
		if q < pow10s[14] {
			e10--
			continue
		}
		if q >= pow10s[15] {
			e10++
			continue
		}
		if above || tie && q&1 == 1 {
			q++
		}
		if q == pow10s[15] {
			q, e10 = pow10s[14], e10+1 // 9.99…95 rounded up to the next power
		}
		break
	}
	if e10 > 14 || e10 < -4 {
		return b, false // strconv writes an exponent
	}
	// Two digits at a time, in 32-bit halves: divisions by constants are
	// multiplications, and shorter ones in 32 bits.
	var buf [16]byte // a leading 0, then the 15 digits
	putDigits(buf[8:16], uint32(q%1e8))
	putDigits(buf[0:8], uint32(q/1e8))
	digits := buf[1:]
	nd := 15
	for nd > 1 && digits[nd-1] == '0' {
		nd--
	}
	if neg {
		b = append(b, '-')
	}
	if e10 < 0 {
		b = append(b, '0', '.')
		for range -e10 - 1 {
			b = append(b, '0')
		}
		return append(b, digits[:nd]...), true
	}
	if nd <= e10+1 {
		b = append(b, digits[:nd]...)
		for range e10 + 1 - nd {
			b = append(b, '0')
		}
		return b, true
	}
	b = append(b, digits[:e10+1]...)
	b = append(b, '.')
	return append(b, digits[e10+1:nd]...), true
}

// twoDigits holds "00" to "99".
const twoDigits = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// putDigits writes the 8 decimal digits of x (< 10^8) into d.
func putDigits(d []byte, x uint32) {
	_ = d[7]
	for i := 6; i >= 0; i -= 2 {
		r := x % 100
		x /= 100
		d[i], d[i+1] = twoDigits[2*r], twoDigits[2*r+1]
	}
}
