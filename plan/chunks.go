package plan

// chunk is what a worker parsed from a piece of a matrix file: its
// entries in file order, column by column (parallel arrays, so that a
// merge can copy rows and values in bulk).
type chunk struct {
	row []int32
	col []int32
	val []float64
	// line holds each entry's line in the piece, but only once a line
	// that is not an entry (a comment, a blank) came before it: until
	// then entry k is on line k+1, and writing that down for 10^8 entries
	// would cost more than it tells (see lineOf).
	line []int32
	// sorted reports that col never decreases; then dup is the index of
	// the first entry repeating an earlier (row, col) of the chunk, or -1.
	sorted bool
	dup    int
	// The worker's own buffers, kept between uses.
	ownRow  []int32
	ownVal  []float64
	ownLine []int32
}

// add appends an entry read on line (of the piece).
func (c *chunk) add(i, j int32, v float64, line int) {
	k := len(c.val)
	if c.line == nil && line != k+1 {
		c.line = c.ownLine[:0]
		if c.line == nil {
			c.line = make([]int32, 0, 1024)
		}
		for m := range k {
			c.line = append(c.line, int32(m+1))
		}
	}
	if c.line != nil {
		c.line = append(c.line, int32(line))
	}
	c.row = append(c.row, i)
	c.col = append(c.col, j)
	c.val = append(c.val, v)
}

// lineOf returns the line in the piece of entry k.
func (c *chunk) lineOf(k int) int {
	if c.line == nil {
		return k + 1
	}
	return int(c.line[k])
}

// len returns the number of entries parsed.
func (c *chunk) len() int { return len(c.val) }

// scan sets c.sorted and c.dup. It runs on the worker, so that the merge,
// which is sequential, has only bulk copies left to do on the common path.
func (c *chunk) scan() {
	c.sorted, c.dup = true, -1
	start := 0
	var seen map[int32]struct{}
	for k := 1; k <= len(c.col); k++ {
		if k < len(c.col) && c.col[k] == c.col[k-1] {
			continue
		}
		if k < len(c.col) && c.col[k] < c.col[k-1] {
			c.sorted, c.dup = false, -1
			return
		}
		// The run start..k of one column.
		if c.dup < 0 {
			if d := firstRepeat(c.row[start:k], &seen); d >= 0 {
				c.dup = start + d
			}
		}
		start = k
	}
}

// firstRepeat returns the index of the first row in rows equal to an
// earlier one, or -1. Rows in increasing order (as Commune writes them)
// take one comparison each; short runs a few; long unordered ones a map.
func firstRepeat(rows []int32, seen *map[int32]struct{}) int {
	inc := true
	for k := 1; k < len(rows); k++ {
		if rows[k] <= rows[k-1] {
			inc = false
			break
		}
	}
	if inc {
		return -1
	}
	if len(rows) <= 32 {
		for k := 1; k < len(rows); k++ {
			for p := 0; p < k; p++ {
				if rows[p] == rows[k] {
					return k
				}
			}
		}
		return -1
	}
	if *seen == nil {
		*seen = make(map[int32]struct{}, len(rows))
	}
	clear(*seen)
	for k, r := range rows {
		if _, ok := (*seen)[r]; ok {
			return k
		}
		(*seen)[r] = struct{}{}
	}
	return -1
}

// chunkParser parses the lines of one piece with s (whose lines count
// from 1 within the piece), adding each entry to c.
type chunkParser func(s *scanner, c *chunk) error

// parallelRead parses the rest of the input after s's current position
// with parse, on every core (see inParallel), and hands every chunk in
// file order to merge with its piece (whose base gives its lines).
// progress is called after each piece with the bytes handled so far.
// With out, workers write rows and values in place where they fit (see
// direct); merge must not add entries other than the chunk's while it
// does.
func parallelRead(s *scanner, parse chunkParser, merge func(p *piece, c *chunk) error, progress func(consumed int64), out *direct) error {
	work := func(cs *scanner, p *piece, c *chunk) error {
		c.row, c.val = c.ownRow[:0], c.ownVal[:0]
		c.col, c.line = c.col[:0], nil
		inOut := false
		if out != nil && p.offset+int64(p.lines) <= int64(len(out.row)) {
			lo, hi := p.offset, p.offset+int64(p.lines)
			c.row, c.val = out.row[lo:lo:hi], out.val[lo:lo:hi]
			inOut = true
		}
		err := parse(cs, c)
		c.scan()
		if c.line != nil {
			c.ownLine = c.line
		}
		if !inOut {
			c.ownRow, c.ownVal = c.row, c.val
		}
		return err
	}
	return inParallel(s, work, merge, progress)
}

// direct holds the final arrays of a matrix being read, long enough for
// every entry the file announces. Workers write the rows and values of a
// piece straight into them at the piece's offset (one entry per line, so
// the offset is the number of lines before it), which spares the merge,
// the one sequential stage, from copying gigabytes: when no line was a
// comment, every chunk is already in place (see appendInPlace).
type direct struct {
	row []int32
	val []float64
}

// appendInPlace appends src to dst, and only extends dst when src is
// already where the append would put it.
func appendInPlace[T any](dst, src []T) []T {
	n := len(dst)
	if len(src) > 0 && cap(dst)-n >= len(src) && &dst[:n+1][n] == &src[0] {
		return dst[:n+len(src)]
	}
	return append(dst, src...)
}
