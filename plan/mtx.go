package plan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"commune/sparse"
)

// ReadMatrixMarket reads the input matrix A from Matrix Market coordinate
// format (inputs.mtx): rows and columns are products in the order of
// products.csv, entry (i, j) the units of product i used to make one unit
// of product j, as in Economy.A. Real and integer fields, general and
// symmetric symmetry are accepted; the matrix must be n × n.
func ReadMatrixMarket(r io.Reader, file string, n int) (*sparse.CSC, error) {
	return readMatrixMarket(r, file, n, 0)
}

// errOtherSize stops an early read whose size line does not give a
// square matrix of at most the expected size (see readInputsEarly).
var errOtherSize = errors.New("matrix size not as expected")

// readMatrixMarket is ReadMatrixMarket; with n < 0 it takes n from the
// size line instead, when that gives a square matrix of at most maxN rows,
// and fails with errOtherSize otherwise.
func readMatrixMarket(r io.Reader, file string, n int, maxN int64) (*sparse.CSC, error) {
	s := newScanner(r, file)
	ln, ok := s.readLine()
	if !ok {
		if s.err != nil {
			return nil, s.err
		}
		return nil, s.errorf(1, 0, "", "empty file: want a %%%%MatrixMarket header")
	}
	s.line = 1
	head := bytes.Fields(bytes.ToLower(ln))
	if len(head) != 5 || string(head[0]) != "%%matrixmarket" || string(head[1]) != "matrix" {
		return nil, s.errorf(1, 0, "", "want the header %q", "%%MatrixMarket matrix coordinate real general")
	}
	if string(head[2]) != "coordinate" {
		return nil, s.errorf(1, 3, "", "format %q not supported, want coordinate", head[2])
	}
	if f := string(head[3]); f != "real" && f != "integer" {
		return nil, s.errorf(1, 4, "", "field %q not supported, want real or integer", f)
	}
	symmetric := false
	switch string(head[4]) {
	case "general":
	case "symmetric":
		symmetric = true
	default:
		return nil, s.errorf(1, 5, "", "symmetry %q not supported, want general or symmetric", head[4])
	}
	var fields [3][]byte
	var rows, cols, nnz int64 = -1, -1, -1
	var b *builder
	size := sizeOf(r)
	// The comments and the size line, read sequentially.
	for b == nil {
		ln, ok := s.readLine()
		if !ok {
			if s.err != nil {
				return nil, s.err
			}
			return nil, s.errorf(s.line, 0, "", "missing the size line")
		}
		s.line++
		if len(ln) > 0 && ln[0] == '%' {
			continue
		}
		k := splitWords(ln, &fields)
		if k == 0 {
			continue
		}
		if k != 3 {
			return nil, s.errorf(s.line, 0, "", "want the size line \"rows columns entries\"")
		}
		var err error
		for c, p := range []*int64{&rows, &cols, &nnz} {
			if *p, err = strconv.ParseInt(string(fields[c]), 10, 64); err != nil || *p < 0 {
				return nil, s.errorf(s.line, c+1, "", "not a non-negative whole number: %q", clip(fields[c]))
			}
		}
		if n < 0 {
			if rows != cols || rows > maxN || rows > math.MaxInt32 {
				return nil, errOtherSize
			}
			n = int(rows)
		}
		if rows != int64(n) || cols != int64(n) {
			return nil, s.errorf(s.line, 0, "", "matrix is %d × %d, want %d × %d (the products of products.csv)", rows, cols, n, n)
		}
		if nnz > rows*cols {
			return nil, s.errorf(s.line, 3, "", "%d entries cannot fit a %d × %d matrix", nnz, rows, cols)
		}
		b = newBuilder(n, n)
		// Trust the announced count only as far as the file's size
		// allows (an entry takes at least 6 bytes).
		if size > 0 && nnz <= size/6 {
			b.m.RowInd = make([]int32, 0, nnz)
			b.m.Val = make([]float64, 0, nnz)
		}
	}
	parse := func(s *scanner, c *chunk) error {
		var fields [3][]byte
		for {
			if i, j, v, size := fastLine(s.buf[s.start:s.end], n, symmetric); size > 0 {
				s.start += size
				s.line++
				c.add(i, j, v, s.line)
				continue
			}
			ln, ok := s.readLine()
			if !ok {
				return s.err
			}
			s.line++
			if i, j, v, ok := fastEntry(ln, n, symmetric); ok {
				c.add(i, j, v, s.line)
				continue
			}
			if len(ln) > 0 && ln[0] == '%' {
				continue
			}
			k := splitWords(ln, &fields)
			if k == 0 {
				continue
			}
			if k != 3 {
				return s.errorf(s.line, 0, "", "want \"row column value\", got %d fields", k)
			}
			i, ok1 := parseIndex(fields[0], n)
			if !ok1 {
				return s.errorf(s.line, 1, "row", "row index %q not in 1..%d", clip(fields[0]), n)
			}
			j, ok2 := parseIndex(fields[1], n)
			if !ok2 {
				return s.errorf(s.line, 2, "column", "column index %q not in 1..%d", clip(fields[1]), n)
			}
			v, ok3 := parseFloat(fields[2])
			if !ok3 {
				return s.errorf(s.line, 3, "value", "not a number: %q", clip(fields[2]))
			}
			if v < 0 {
				return s.errorf(s.line, 3, "value", "negative quantity %s", fields[2])
			}
			if symmetric && i < j {
				return s.errorf(s.line, 0, "", "symmetric file: give only the lower triangle (row ≥ column)")
			}
			c.add(i, j, v, s.line)
		}
	}
	var count int64
	last := s.line
	merge := func(p *piece, c *chunk) error {
		n := c.len()
		if n == 0 {
			return nil
		}
		if count+int64(n) > nnz {
			k := nnz - count
			return &InputError{File: file, Line: p.base + c.lineOf(int(k)), Reason: fmt.Sprintf("more entries than the %d the size line announces", nnz)}
		}
		count += int64(n)
		last = p.base + c.lineOf(n-1)
		if !symmetric {
			if k := b.addChunk(p, c); k >= 0 {
				return &InputError{File: file, Line: p.base + c.lineOf(k), Reason: fmt.Sprintf("duplicate entry (%d, %d)%s", c.row[k]+1, c.col[k]+1, firstOn(0))}
			}
			return nil
		}
		for k := range n {
			i, j, v, line := c.row[k], c.col[k], c.val[k], p.base+c.lineOf(k)
			if b.add(i, j, v, line) != 0 {
				return &InputError{File: file, Line: line, Reason: fmt.Sprintf("duplicate entry (%d, %d)%s", i+1, j+1, firstOn(0))}
			}
			if i != j {
				b.add(j, i, v, line)
			}
		}
		return nil
	}
	var out *direct
	if !symmetric && int64(cap(b.m.Val)) == nnz {
		out = &direct{row: b.m.RowInd[:nnz], val: b.m.Val[:nnz]}
	}
	if err := parallelRead(s, parse, merge, nil, out); err != nil {
		return nil, err
	}
	if count != nnz {
		return nil, &InputError{File: file, Line: last, Reason: fmt.Sprintf("%d entries, but the size line announces %d", count, nnz)}
	}
	m, dup := b.finish()
	if dup != nil {
		return nil, &InputError{File: file, Line: dup.line, Reason: "duplicate entry" + firstOn(dup.first)}
	}
	return m, nil
}

// splitWords fills fields with the line's first whitespace-separated
// words and returns how many there are (4 meaning "more than 3").
func splitWords(ln []byte, fields *[3][]byte) int {
	k := 0
	for len(ln) > 0 {
		for len(ln) > 0 && (ln[0] == ' ' || ln[0] == '\t' || ln[0] == '\r') {
			ln = ln[1:]
		}
		if len(ln) == 0 {
			break
		}
		e := 0
		for e < len(ln) && ln[e] != ' ' && ln[e] != '\t' && ln[e] != '\r' {
			e++
		}
		if k == 3 {
			return 4
		}
		fields[k] = ln[:e]
		k++
		ln = ln[e:]
	}
	return k
}

// parseIndex parses a 1-based index in 1..n and returns it 0-based.
func parseIndex(b []byte, n int) (int32, bool) {
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if v < 1 || v > int64(n) {
		return 0, false
	}
	return int32(v - 1), true
}

// fastEntry parses the common form of an entry line, "row column value"
// with single spaces, in one pass. It reports false for anything else —
// other spacing, comments, bad or out-of-range numbers — and the caller
// then takes the general path, which accepts exactly the same lines and
// gives the errors; so the fast path changes speed, never results.
func fastEntry(ln []byte, n int, symmetric bool) (int32, int32, float64, bool) {
	var i, j uint64
	k := 0
	for k < len(ln) && k < 10 && ln[k]-'0' <= 9 {
		i = i*10 + uint64(ln[k]-'0')
		k++
	}
	if k == 0 || k >= len(ln) || ln[k] != ' ' {
		return 0, 0, 0, false
	}
	k++
	s := k
	for k < len(ln) && k-s < 10 && ln[k]-'0' <= 9 {
		j = j*10 + uint64(ln[k]-'0')
		k++
	}
	if k == s || k >= len(ln) || ln[k] != ' ' {
		return 0, 0, 0, false
	}
	rest := ln[k+1:]
	if len(rest) > 0 && rest[len(rest)-1] == '\r' {
		rest = rest[:len(rest)-1]
	}
	v, ok := parseFloat(rest)
	if !ok || v < 0 || i < 1 || j < 1 || i > uint64(n) || j > uint64(n) || (symmetric && i < j) {
		return 0, 0, 0, false
	}
	return int32(i - 1), int32(j - 1), v, true
}

// fastLine parses the line at the start of buf in one pass when it has
// the form Commune writes, "row column value\n" with single spaces and a
// plain decimal value ("0.052652", "3"), and returns its entry and its
// length with the "\n". It returns size 0 for anything else, and the
// caller takes the general path; a value it accepts has at most 2^53 as
// its digits and at most 22 decimals, so that dividing by an exact power
// of ten gives the correctly rounded result, as parseFloat does.
func fastLine(buf []byte, n int, symmetric bool) (i, j int32, v float64, size int) {
	if len(buf) >= lineWindow {
		return fastLineWindow((*[lineWindow]byte)(buf), n, symmetric)
	}
	// Near the end of the buffer: the same parse over a copy padded with
	// zero bytes, which end no number and are no line end.
	var w [lineWindow]byte
	copy(w[:], buf)
	return fastLineWindow(&w, n, symmetric)
}

// lineWindow is the most bytes fastLineWindow looks at: longer lines take
// the general path.
const lineWindow = 64

// fastLineWindow is fastLine for a line that starts a window of at least
// lineWindow bytes. Indexing a fixed-size array with k&(lineWindow-1)
// needs no bounds checks: parsing inputs.mtx is most of the work of
// reading an economy of 10^7 products. (Reading each number as one 8-byte
// word — SWAR — measured no faster here than this loop, so the loop stays.)
// FuzzFastLine checks it against the general path.
func fastLineWindow(b *[lineWindow]byte, n int, symmetric bool) (i, j int32, v float64, size int) {
	const m = lineWindow - 1
	var r, c, mant uint64
	k := 0
	for ; k < 10; k++ {
		d := b[k&m] - '0'
		if d > 9 {
			break
		}
		r = r*10 + uint64(d)
	}
	if k == 0 || b[k&m] != ' ' {
		return 0, 0, 0, 0
	}
	k++
	s := k
	for ; k < s+10; k++ {
		d := b[k&m] - '0'
		if d > 9 {
			break
		}
		c = c*10 + uint64(d)
	}
	if k == s || b[k&m] != ' ' {
		return 0, 0, 0, 0
	}
	k++
	s = k
	for ; k < s+19; k++ {
		d := b[k&m] - '0'
		if d > 9 {
			break
		}
		mant = mant*10 + uint64(d)
	}
	digits, frac := k-s, 0
	if digits == 0 {
		return 0, 0, 0, 0
	}
	if b[k&m] == '.' {
		k++
		f := k
		for ; digits < 19 && k < lineWindow-2; k++ {
			d := b[k&m] - '0'
			if d > 9 {
				break
			}
			mant = mant*10 + uint64(d)
			digits++
		}
		frac = k - f
		if frac == 0 || frac > 22 {
			return 0, 0, 0, 0
		}
	}
	if b[k&m] == '\r' {
		k++
	}
	if k >= lineWindow || b[k&m] != '\n' || mant > 1<<53 {
		return 0, 0, 0, 0
	}
	if r < 1 || c < 1 || r > uint64(n) || c > uint64(n) || (symmetric && r < c) {
		return 0, 0, 0, 0
	}
	return int32(r - 1), int32(c - 1), float64(mant) / pow10[frac&31], k + 1
}
