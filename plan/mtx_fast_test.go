package plan

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// slowEntry is the general path of ReadMatrixMarket for one line: the
// reference that fastLine and fastEntry must agree with.
func slowEntry(ln []byte, n int, symmetric bool) (int32, int32, float64, bool) {
	if len(ln) > 0 && ln[0] == '%' {
		return 0, 0, 0, false
	}
	var fields [3][]byte
	if splitWords(ln, &fields) != 3 {
		return 0, 0, 0, false
	}
	i, ok1 := parseIndex(fields[0], n)
	j, ok2 := parseIndex(fields[1], n)
	v, ok3 := parseFloat(fields[2])
	if !ok1 || !ok2 || !ok3 || v < 0 || (symmetric && i < j) {
		return 0, 0, 0, false
	}
	return i, j, v, true
}

// FuzzFastLine checks that the fast paths accept only lines the general
// path accepts, with bit-identical entries.
func FuzzFastLine(f *testing.F) {
	for _, s := range []string{"2 1 0.052652", "12 3 4", "1 1 0.000000001", "3 2 1e-05", "1 1 -0",
		"2 1 0.1\r", "1  2 3", "0 1 1", "4 1 1", "1 2 3.", "1 2 .5", "1 2 9007199254740993",
		"1 2 0.12345678901234567890123", "2 1 +1", "1 2 1", "%1 2 3", "1 2 3 4", "1\t2\t3",
		"1 2 1234567.1234567", "3 3 0.1234567\r", "1 1 12345678.5", "2 2 1.12345678", "0000003 0000001 0000000.0000001",
		"1 2 1.5\r\r", "1 2 1.5 ", "1 2 7\x00", "1\xfa2 3"} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, ln []byte, symmetric bool) {
		const n = 3
		wi, wj, wv, wok := slowEntry(ln, n, symmetric)
		same := func(path string, i, j int32, v float64) {
			if !wok || i != wi || j != wj || math.Float64bits(v) != math.Float64bits(wv) {
				t.Fatalf("%s(%q) = (%d, %d, %v); general path (%d, %d, %v, %v)", path, ln, i, j, v, wi, wj, wv, wok)
			}
		}
		if i, j, v, ok := fastEntry(ln, n, symmetric); ok {
			same("fastEntry", i, j, v)
		}
		if bytes.IndexByte(ln, '\n') >= 0 {
			return // a line never holds its "\n"
		}
		// Short buffers are parsed from a zero-padded copy; one padded to a full window
		// takes fastLineWindow.
		padded := append(append(ln[:len(ln):len(ln)], '\n'), bytes.Repeat([]byte("7"), lineWindow)...)
		for _, b := range [][]byte{ln, append(ln[:len(ln):len(ln)], '\n'), append(ln[:len(ln):len(ln)], "\n9 9 9\n"...), padded} {
			i, j, v, size := fastLine(b, n, symmetric)
			if size == 0 {
				continue
			}
			if size != len(ln)+1 {
				t.Fatalf("fastLine(%q) took %d bytes, want the line's %d", b, size, len(ln)+1)
			}
			same("fastLine", i, j, v)
		}
	})
}

// TestFastLineCommon checks that the generator's form takes the fast path.
func TestFastLineCommon(t *testing.T) {
	for _, tt := range []struct {
		line string
		i, j int32
		v    float64
	}{
		{"2 1 0.052652\n", 1, 0, 0.052652},
		{"3 3 12\n", 2, 2, 12},
		{"1 2 0.000832\r\n", 0, 1, 0.000832},
	} {
		for _, buf := range []string{tt.line, tt.line + strings.Repeat("9", lineWindow)} {
			i, j, v, size := fastLine([]byte(buf), 3, false)
			if size != len(tt.line) || i != tt.i || j != tt.j || v != tt.v {
				t.Errorf("fastLine(%q) = (%d, %d, %v, %d), want (%d, %d, %v, %d)", buf, i, j, v, size, tt.i, tt.j, tt.v, len(tt.line))
			}
		}
	}
}
