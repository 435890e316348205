package plan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
)

// scanner reads a CSV file line by line without encoding/csv's
// allocations: fields are sub-slices of one read buffer, valid until the
// next call to next. It handles LF and CRLF line ends, and double-quoted
// fields (without line breaks inside them) on a slower path.
type scanner struct {
	r      io.Reader
	file   string
	buf    []byte
	start  int // start of unread data in buf
	end    int // end of data in buf
	eof    bool
	line   int      // 1-based number of the current line
	fields [][]byte // fields of the current line
	quoted []byte   // scratch for unquoted fields
	header []string
	blank  int   // blank lines skipped so far
	total  int64 // bytes read from r
	inner  bool  // scans a chunk inside a file (see parallelRead)
	err    error
}

// recordLine describes where the k-th record (0-based, after the header)
// was: its line when no blank line came before, else its position.
func (s *scanner) recordLine(k int) string {
	if s.blank == 0 {
		return fmt.Sprintf("on line %d", k+2)
	}
	return fmt.Sprintf("as record %d", k+1)
}

const scanBufSize = 1 << 20

func newScanner(r io.Reader, file string) *scanner {
	return &scanner{r: r, file: file, buf: make([]byte, scanBufSize)}
}

// consumed returns the number of bytes of input handled so far.
func (s *scanner) consumed() int64 { return s.total - int64(s.end-s.start) }

// next advances to the next non-empty line and splits it into fields. It
// returns false at the end of the input or on a read error (see s.err).
func (s *scanner) next() bool {
	for {
		ln, ok := s.readLine()
		if !ok {
			return false
		}
		s.line++
		if len(ln) > 0 && ln[len(ln)-1] == '\r' {
			ln = ln[:len(ln)-1]
		}
		if len(ln) == 0 {
			s.blank++
			continue
		}
		if s.line == 1 && !s.inner && bytes.HasPrefix(ln, []byte("\xef\xbb\xbf")) {
			ln = ln[3:] // a UTF-8 byte-order mark
		}
		if bytes.IndexByte(ln, '"') >= 0 {
			if err := s.splitQuoted(ln); err != nil {
				s.err = err
				return false
			}
			return true
		}
		s.fields = s.fields[:0]
		for {
			i := bytes.IndexByte(ln, ',')
			if i < 0 {
				s.fields = append(s.fields, ln)
				break
			}
			s.fields = append(s.fields, ln[:i])
			ln = ln[i+1:]
		}
		return true
	}
}

// readLine returns the next line without its "\n".
func (s *scanner) readLine() ([]byte, bool) {
	for {
		if i := bytes.IndexByte(s.buf[s.start:s.end], '\n'); i >= 0 {
			ln := s.buf[s.start : s.start+i]
			s.start += i + 1
			return ln, true
		}
		if s.eof {
			if s.start < s.end {
				ln := s.buf[s.start:s.end]
				s.start = s.end
				return ln, true
			}
			return nil, false
		}
		// Move the partial line to the front and read more.
		n := copy(s.buf, s.buf[s.start:s.end])
		s.start, s.end = 0, n
		if s.end == len(s.buf) {
			if len(s.buf) >= 1<<26 {
				s.err = s.errorf(s.line+1, 0, "", "line longer than %d bytes", len(s.buf))
				return nil, false
			}
			nb := make([]byte, 2*len(s.buf))
			copy(nb, s.buf[:s.end])
			s.buf = nb
		}
		m, err := s.r.Read(s.buf[s.end:])
		s.end += m
		s.total += int64(m)
		if errors.Is(err, io.EOF) {
			s.eof = true
		} else if err != nil {
			s.err = fmt.Errorf("%s: %w", s.file, err)
			return nil, false
		}
	}
}

// splitQuoted splits a line with RFC 4180 double-quoted fields.
func (s *scanner) splitQuoted(ln []byte) error {
	s.quoted = s.quoted[:0]
	type span struct{ a, b int }
	var spans []span
	i := 0
	for {
		a := len(s.quoted)
		if i < len(ln) && ln[i] == '"' {
			i++
			for {
				if i >= len(ln) {
					return s.errorf(s.line, len(spans)+1, "", "unterminated quoted field")
				}
				if ln[i] == '"' {
					if i+1 < len(ln) && ln[i+1] == '"' {
						s.quoted = append(s.quoted, '"')
						i += 2
						continue
					}
					i++
					break
				}
				s.quoted = append(s.quoted, ln[i])
				i++
			}
			if i < len(ln) && ln[i] != ',' {
				return s.errorf(s.line, len(spans)+1, "", "text after a closing quote")
			}
		} else {
			for i < len(ln) && ln[i] != ',' {
				if ln[i] == '"' {
					return s.errorf(s.line, len(spans)+1, "", "quote inside an unquoted field")
				}
				s.quoted = append(s.quoted, ln[i])
				i++
			}
		}
		spans = append(spans, span{a, len(s.quoted)})
		if i >= len(ln) {
			break
		}
		i++ // the comma
	}
	s.fields = s.fields[:0]
	for _, sp := range spans {
		s.fields = append(s.fields, s.quoted[sp.a:sp.b])
	}
	return nil
}

func (s *scanner) errorf(line, col int, field, format string, args ...any) *InputError {
	return &InputError{File: s.file, Line: line, Column: col, Field: field, Reason: fmt.Sprintf(format, args...)}
}

// readHeader reads the header line and returns, for each wanted column
// name, its index (-1 when absent). A required column that is absent is
// an error; unknown columns are ignored.
func (s *scanner) readHeader(required []string, optional ...string) ([]int, error) {
	if !s.next() {
		if s.err != nil {
			return nil, s.err
		}
		return nil, s.errorf(1, 0, "", "empty file: a header row is required")
	}
	s.header = make([]string, len(s.fields))
	for i, f := range s.fields {
		s.header[i] = string(bytes.TrimSpace(f))
	}
	idx := make([]int, 0, len(required)+len(optional))
	for k, name := range append(append([]string(nil), required...), optional...) {
		at := -1
		for i, h := range s.header {
			if h == name {
				if at >= 0 {
					return nil, s.errorf(1, i+1, name, "column appears twice in the header")
				}
				at = i
			}
		}
		if at < 0 && k < len(required) {
			return nil, s.errorf(1, 0, "", "missing column %q in the header (want %v)", name, required)
		}
		idx = append(idx, at)
	}
	return idx, nil
}

// field returns the line's field at column index i, with surrounding
// spaces trimmed, or an error when the line is too short.
func (s *scanner) field(i int) ([]byte, error) {
	if i >= len(s.fields) {
		return nil, s.errorf(s.line, i+1, s.header[i], "missing field (the line has %d, the header %d)", len(s.fields), len(s.header))
	}
	f := s.fields[i]
	if len(f) > 0 && (f[0] == ' ' || f[len(f)-1] == ' ' || f[0] == '\t' || f[len(f)-1] == '\t') {
		f = bytes.TrimSpace(f)
	}
	return f, nil
}

// optField returns the field at i, or nil when i < 0 or the line is short.
func (s *scanner) optField(i int) []byte {
	if i < 0 || i >= len(s.fields) {
		return nil
	}
	return bytes.TrimSpace(s.fields[i])
}

// id returns the non-empty identifier at column i.
func (s *scanner) id(i int) ([]byte, error) {
	f, err := s.field(i)
	if err != nil {
		return nil, err
	}
	if len(f) == 0 {
		return nil, s.errorf(s.line, i+1, s.header[i], "empty id")
	}
	return f, nil
}

// quantity parses the non-negative finite number at column i.
func (s *scanner) quantity(i int) (float64, error) {
	f, err := s.field(i)
	if err != nil {
		return 0, err
	}
	return s.quantityOf(f, i)
}

func (s *scanner) quantityOf(f []byte, i int) (float64, error) {
	name := ""
	if i < len(s.header) {
		name = s.header[i]
	}
	v, ok := parseFloat(f)
	if !ok {
		if len(f) == 0 {
			return 0, s.errorf(s.line, i+1, name, "empty, want a number")
		}
		return 0, s.errorf(s.line, i+1, name, "not a number: %q", clip(f))
	}
	if v < 0 {
		return 0, s.errorf(s.line, i+1, name, "negative quantity %s", f)
	}
	return v, nil
}

func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseFloat parses a finite decimal number. Plain decimals with at most
// 15 significant digits and a small exponent take an exact fast path
// (Clinger's: an exact integer times or divided by an exact power of ten
// is correctly rounded); anything else goes to strconv.ParseFloat. NaN
// and infinities are rejected.
func parseFloat(b []byte) (float64, bool) {
	i := 0
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		i++
	}
	var mant uint64
	digits, exp := 0, 0
	sawDigit, sawDot := false, false
	for ; i < len(b); i++ {
		c := b[i]
		if c >= '0' && c <= '9' {
			sawDigit = true
			if mant == 0 && c == '0' {
				if sawDot {
					exp--
				}
				continue
			}
			if digits >= 15 {
				return parseSlow(b)
			}
			mant = mant*10 + uint64(c-'0')
			digits++
			if sawDot {
				exp--
			}
			continue
		}
		if c == '.' && !sawDot {
			sawDot = true
			continue
		}
		break
	}
	if !sawDigit {
		return parseSlow(b)
	}
	if i < len(b) {
		if b[i] != 'e' && b[i] != 'E' {
			return 0, false
		}
		i++
		eneg := false
		if i < len(b) && (b[i] == '-' || b[i] == '+') {
			eneg = b[i] == '-'
			i++
		}
		if i >= len(b) {
			return 0, false
		}
		e := 0
		for ; i < len(b); i++ {
			c := b[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			if e > 10000 {
				return parseSlow(b)
			}
			e = e*10 + int(c-'0')
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	f := float64(mant)
	switch {
	case mant == 0:
		f = 0
	case exp == 0:
	case exp > 0 && exp <= 22:
		f *= pow10[exp]
	case exp < 0 && exp >= -22:
		f /= pow10[-exp]
	default:
		return parseSlow(b)
	}
	if neg {
		f = -f
	}
	return f, true
}

func parseSlow(b []byte) (float64, bool) {
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}
