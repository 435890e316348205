package plan

import (
	"io"
	"math"
	"strconv"
)

// ReadNeeds reads needs.csv (product,quantity[,priority]). A product may
// appear once per priority.
//
// Workers parse pieces of the file on every core (see inParallel); the
// merge, in file order, finds repeated needs, so the one reported is the
// first a line-by-line reader would meet.
func ReadNeeds(r io.Reader, file string, idx *Index) ([]Need, error) {
	s := newScanner(r, file)
	col, err := s.readHeader([]string{"product", "quantity"}, "priority")
	if err != nil {
		return nil, err
	}
	// The first need of each product is remembered in two arrays; a
	// product with needs at several priorities (rare) goes to a map.
	ps := idx.ps
	firstLine := make([]int32, len(ps))
	firstPrio := make([]int32, len(ps))
	type key struct{ p, prio int }
	more := map[key]int{}
	var needs []Need
	size := sizeOf(r)
	merge := func(p *piece, c *needChunk) error {
		if needs == nil && size > 0 && len(c.needs) > 0 {
			// Size the slice once from the first piece (10^7 needs).
			est := int(float64(size)/float64(len(p.data))*float64(len(c.needs))*1.05) + 16
			needs = make([]Need, 0, est)
		}
		for k, nd := range c.needs {
			j, prio, line := nd.Product, nd.Priority, p.base+int(c.line[k])
			first := 0
			switch {
			case firstLine[j] == 0:
				firstLine[j], firstPrio[j] = int32(line), int32(prio)
			case int(firstPrio[j]) == prio:
				first = int(firstLine[j])
			default:
				first = more[key{j, prio}]
				if first == 0 {
					more[key{j, prio}] = line
				}
			}
			if first > 0 {
				return s.errorf(line, 0, "", "duplicate need for product %q at priority %d (first on line %d)", clip([]byte(ps[j].ID)), prio, first)
			}
		}
		needs = append(needs, c.needs...)
		return nil
	}
	work := func(cs *scanner, p *piece, c *needChunk) error {
		c.needs, c.line = grow(c.needs[:0], p.lines), grow(c.line[:0], p.lines)
		return c.parse(cs, col, idx)
	}
	if err := inParallel(s, work, merge, nil); err != nil {
		return nil, err
	}
	return needs, nil
}

// needChunk is what a worker read from a piece of needs.csv.
type needChunk struct {
	needs []Need
	line  []int32 // of each need, in the piece
}

func (c *needChunk) parse(cs *scanner, col []int, idx *Index) error {
	ps := idx.ps
	for cs.next() {
		p, err := cs.id(col[0])
		if err != nil {
			return err
		}
		// Needs usually follow the order of products.csv: try the
		// product after the last one before hashing.
		j := -1
		if k := len(c.needs); k > 0 && c.needs[k-1].Product+1 < len(ps) && ps[c.needs[k-1].Product+1].ID == string(p) {
			j = c.needs[k-1].Product + 1
		} else if j = idx.lookup(p); j < 0 {
			return cs.errorf(cs.line, col[0]+1, "product", "unknown product %q (not in products.csv)", clip(p))
		}
		q, err := cs.quantity(col[1])
		if err != nil {
			return err
		}
		prio := 1
		if f := cs.optField(col[2]); len(f) > 0 {
			v, err := strconv.Atoi(string(f))
			if err != nil || v < 1 || v > math.MaxInt32 {
				return cs.errorf(cs.line, col[2]+1, "priority", "want a whole number ≥ 1, got %q", clip(f))
			}
			prio = v
		}
		c.needs = append(c.needs, Need{Product: j, Quantity: q, Priority: prio})
		c.line = append(c.line, int32(cs.line))
	}
	return cs.err
}
