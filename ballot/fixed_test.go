package ballot

import (
	"math"
	"testing"
)

func TestFixed(t *testing.T) {
	strs := []struct {
		f    Fixed
		want string
	}{
		{0, "0.000000000"},
		{Unit, "1.000000000"},
		{5*Unit + 1, "5.000000001"},
		{-Unit / 2, "-0.500000000"},
	}
	for _, tt := range strs {
		if got := tt.f.String(); got != tt.want {
			t.Errorf("Fixed(%d).String() = %q, want %q", int64(tt.f), got, tt.want)
		}
	}
	ops := []struct {
		name string
		got  Fixed
		want Fixed
	}{
		{"1/3 rounded up", divUp(Unit, 3*Unit), 333_333_334},
		{"exact division", divUp(5*Unit, 10*Unit), Unit / 2},
		{"product rounded up", mulUp(Unit/3, Unit/3), 111_111_111},
		{"exact product", mulUp(2*Unit, Unit/2), Unit},
		{"huge product stays exact", mulUp(math.MaxInt64/2, 2*Unit), math.MaxInt64 - 1},
		{"overflow saturates", mulUp(math.MaxInt64, 2*Unit), math.MaxInt64},
		{"division overflow saturates", divUp(math.MaxInt64, 1), math.MaxInt64},
	}
	for _, tt := range ops {
		if tt.got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, int64(tt.got), int64(tt.want))
		}
	}
}
