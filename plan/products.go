package plan

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"sort"
)

// ReadProducts reads products.csv (id,unit,labour[,name]; extra columns
// are ignored). When needLabour is false the labour column may be absent
// (the multi-technique form) and labour is returned nil. file names the
// file in errors.
//
// Lines are parsed on every core (see inParallel), each worker hashing
// the ids it read; the index is built once all are read (see
// Index.build). Errors are the ones a reader going line by line would
// give first: a repeated id before a bad line is reported, not the line.
func ReadProducts(r io.Reader, file string, needLabour bool) ([]Product, []float64, *Index, error) {
	s := newScanner(r, file)
	required := []string{"id", "unit"}
	if needLabour {
		required = append(required, "labour")
	}
	col, err := s.readHeader(required, "labour", "name")
	if err != nil {
		return nil, nil, nil, err
	}
	cols := productColumns{id: col[0], unit: col[1], labour: col[len(col)-2], name: col[len(col)-1]}
	headerLine, headerBlank := s.line, s.blank
	idx := &Index{seed: maphash.MakeSeed()}

	// Size the arrays once from the lines the scanner holds, so that a
	// file of 10^7 products is not copied as it grows, and workers can
	// write each piece's products straight into place (see direct).
	est := 16
	if size := sizeOf(r); size > 0 {
		held := s.buf[s.start:s.end]
		if n := bytes.Count(held, []byte{'\n'}); n > 0 && len(held) > 0 {
			est += int(float64(size-s.consumed()) / float64(len(held)) * float64(n) * 1.02)
		}
	}
	out := &productChunk{ps: make([]Product, est), hs: make([]uint64, est)}
	if cols.labour >= 0 {
		out.labour = make([]float64, est)
	}
	ps, labour, hs := out.ps[:0], out.labour[:0], out.hs[:0]
	var spans []productSpan
	merge := func(p *piece, c *productChunk) error {
		if len(ps)+len(c.ps) >= math.MaxInt32-1 {
			k := math.MaxInt32 - 2 - len(ps)
			return s.errorf(p.base+int(c.line[k]), 0, "", "too many products")
		}
		sp := productSpan{first: len(ps), base: p.base}
		if p.lines != len(c.ps) {
			sp.lines = append([]int32(nil), c.line...) // blank lines or an error: keep where each product was
		}
		spans = append(spans, sp)
		ps = appendInPlace(ps, c.ps)
		hs = appendInPlace(hs, c.hs)
		if cols.labour >= 0 {
			labour = appendInPlace(labour, c.labour)
		}
		return nil
	}
	work := func(cs *scanner, p *piece, c *productChunk) error {
		c.reset()
		c.ends, c.line = grow(c.ends, p.lines), grow(c.line, p.lines)
		c.ids = grow(c.ids, len(p.data)/2)
		if lo, hi := p.offset, p.offset+int64(p.lines); hi <= int64(est) {
			c.ps, c.hs = out.ps[lo:lo:hi], out.hs[lo:lo:hi]
			if cols.labour >= 0 {
				c.labour = out.labour[lo:lo:hi]
			}
		}
		return c.parse(cs, cols, idx.seed)
	}
	readErr := inParallel(s, work, merge, nil)
	if readErr == nil && s.err != nil {
		readErr = s.err
	}
	// Index what was read: a repeated id comes before any later error.
	if dup, first := idx.build(ps, hs); dup >= 0 {
		line := spanLine(spans, dup)
		// Blank lines before the repeat make line numbers of records
		// differ from their positions: then say which record came first.
		blank := headerBlank + (line - headerLine - 1) - dup
		where := fmt.Sprintf("on line %d", first+2)
		if blank != 0 {
			where = fmt.Sprintf("as record %d", first+1)
		}
		return nil, nil, nil, s.errorf(line, cols.id+1, "id", "duplicate product %q (first %s)", clip([]byte(ps[dup].ID)), where)
	}
	if readErr != nil {
		return nil, nil, nil, readErr
	}
	if len(ps) == 0 {
		return nil, nil, nil, s.errorf(0, 0, "", "no products")
	}
	return ps, labour, idx, nil
}

// productColumns are the columns of products.csv (-1 when absent).
type productColumns struct{ id, unit, labour, name int }

// productSpan locates the products of one piece: their first position
// and the lines before the piece; lines holds each product's line in
// the piece when the piece had lines that were not products.
type productSpan struct {
	first int
	base  int
	lines []int32
}

// spanLine returns the line of the product at position k.
func spanLine(spans []productSpan, k int) int {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].first > k }) - 1
	sp := spans[i]
	if sp.lines == nil {
		return sp.base + k - sp.first + 1
	}
	return sp.base + int(sp.lines[k-sp.first])
}

// productChunk is what a worker read from a piece of products.csv.
type productChunk struct {
	ps     []Product
	labour []float64
	hs     []uint64
	line   []int32 // of each product, in the piece
	ids    []byte  // the piece's ids, end to end
	ends   []int32 // where each id ends in ids
	names  []string
	units  map[string]string
}

func (c *productChunk) reset() {
	// ps, labour and hs go to the caller (in place, or copied by the
	// merge after which a new piece may reuse them only if they are not
	// in place): start them afresh each time.
	c.ps, c.labour, c.hs = nil, nil, nil
	c.line = c.line[:0]
	c.ids, c.ends, c.names = c.ids[:0], c.ends[:0], c.names[:0]
	if c.units == nil {
		c.units = map[string]string{}
	}
}

// parse reads the products of the piece cs scans. The ids of a piece
// share one string, one allocation where 10^7 strings would cost the
// garbage collector dearly.
func (c *productChunk) parse(cs *scanner, cols productColumns, seed maphash.Seed) error {
	var err error
	for cs.next() {
		var id, u []byte
		if id, err = cs.id(cols.id); err != nil {
			break
		}
		if u, err = cs.field(cols.unit); err != nil {
			break
		}
		unit, ok := c.units[string(u)]
		if !ok {
			unit = string(u)
			c.units[unit] = unit
		}
		if cols.labour >= 0 {
			var l float64
			if l, err = cs.quantity(cols.labour); err != nil {
				break
			}
			c.labour = append(c.labour, l)
		}
		if cols.name >= 0 {
			name := ""
			if nm := cs.optField(cols.name); len(nm) > 0 {
				name = string(nm)
			}
			c.names = append(c.names, name)
		}
		c.ids = append(c.ids, id...)
		c.ends = append(c.ends, int32(len(c.ids)))
		c.line = append(c.line, int32(cs.line))
		c.ps = append(c.ps, Product{Unit: unit})
	}
	if err == nil {
		err = cs.err
	}
	all := string(c.ids)
	start := int32(0)
	for k, end := range c.ends {
		c.ps[k].ID = all[start:end]
		if cols.name >= 0 {
			c.ps[k].Name = c.names[k]
		}
		c.hs = append(c.hs, maphash.String(seed, c.ps[k].ID))
		start = end
	}
	return err
}
