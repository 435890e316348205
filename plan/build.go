package plan

import "commune/sparse"

// builder assembles a sparse matrix from entries (i, j, v) read from a
// file, checking for duplicate pairs. Entries that come in order of
// non-decreasing column (as Commune writes files) go straight into
// compressed columns, so a 10^7-column matrix is never held twice;
// otherwise the builder falls back to triplets and a counting sort.
type builder struct {
	rows, cols int
	m          sparse.CSC
	cur        int32         // current column of the fast path
	curMap     map[int32]int // row → position in a long current column
	general    bool
	ci         []int32 // general mode: column of each entry (rows in m.RowInd)
	lines      []int32 // general mode: line of each entry (0 when unknown)
}

func newBuilder(rows, cols int) *builder {
	b := &builder{rows: rows, cols: cols}
	b.m = sparse.CSC{Rows: rows, Cols: cols, ColPtr: make([]int64, cols+1)}
	return b
}

// reserve grows the entry arrays once to the number of entries a file of
// size bytes will hold, judging from the first entries (read in
// consumed bytes), so that a 10^8-entry matrix is not copied while it
// grows. A size of 0 (unknown) does nothing.
func (b *builder) reserve(size, consumed int64) {
	n := int64(len(b.m.Val))
	if size <= 0 || consumed <= 0 || n == 0 || b.general {
		return
	}
	want := int(float64(n) * float64(size) / float64(consumed) * 1.02)
	if want <= cap(b.m.Val) {
		return
	}
	ri := make([]int32, len(b.m.RowInd), want)
	copy(ri, b.m.RowInd)
	v := make([]float64, len(b.m.Val), want)
	copy(v, b.m.Val)
	b.m.RowInd, b.m.Val = ri, v
}

// add records entry (i, j) = v read on line. It returns a non-zero value
// when it can tell at once that (i, j) came before (on the fast path);
// otherwise finish reports duplicates.
func (b *builder) add(i, j int32, v float64, line int) int {
	if !b.general && j < b.cur {
		b.toGeneral()
	}
	if b.general {
		b.m.RowInd = append(b.m.RowInd, i)
		b.m.Val = append(b.m.Val, v)
		b.ci = append(b.ci, j)
		b.lines = append(b.lines, int32(line))
		return 0
	}
	if j > b.cur {
		for c := b.cur + 1; c <= j; c++ {
			b.m.ColPtr[c] = int64(len(b.m.Val))
		}
		b.cur = j
		b.curMap = nil
	}
	if b.inCurrent(i) {
		return -1 // the fast path keeps no lines: the caller reports it
	}
	if b.curMap != nil {
		b.curMap[i] = len(b.m.Val)
	}
	b.m.RowInd = append(b.m.RowInd, i)
	b.m.Val = append(b.m.Val, v)
	return 0
}

// inCurrent reports whether row i is already in the current column. A
// short column is searched; a long one gets a map of its rows, which add
// and addChunk extend while the column lasts.
func (b *builder) inCurrent(i int32) bool {
	start, end := b.m.ColPtr[b.cur], int64(len(b.m.Val))
	if end-start < 32 {
		for p := start; p < end; p++ {
			if b.m.RowInd[p] == i {
				return true
			}
		}
		return false
	}
	if b.curMap == nil {
		b.curMap = make(map[int32]int)
		for p := start; p < end; p++ {
			b.curMap[b.m.RowInd[p]] = int(p)
		}
	}
	_, ok := b.curMap[i]
	return ok
}

// toGeneral turns the columns built so far into triplets.
func (b *builder) toGeneral() {
	b.general = true
	n := len(b.m.Val)
	b.ci = make([]int32, n, n+n/2+16)
	b.lines = make([]int32, n, n+n/2+16)
	for c := int32(0); c < b.cur; c++ {
		for p := b.m.ColPtr[c]; p < b.m.ColPtr[c+1]; p++ {
			b.ci[p] = c
		}
	}
	for p := b.m.ColPtr[b.cur]; p < int64(n); p++ {
		b.ci[p] = b.cur
	}
}

// dupEntry locates a duplicate pair found in finish.
type dupEntry struct {
	row, col    int32
	line, first int // first is 0 when the earlier line is unknown
}

// finish returns the matrix, or the first duplicate pair.
func (b *builder) finish() (*sparse.CSC, *dupEntry) {
	if !b.general {
		for c := int(b.cur) + 1; c <= b.cols; c++ {
			b.m.ColPtr[c] = int64(len(b.m.Val))
		}
		m := b.m
		return &m, nil
	}
	n := len(b.m.Val)
	ptr := make([]int64, b.cols+1)
	for _, j := range b.ci {
		ptr[j+1]++
	}
	for j := 0; j < b.cols; j++ {
		ptr[j+1] += ptr[j]
	}
	next := make([]int64, b.cols)
	copy(next, ptr[:b.cols])
	perm := make([]int64, n) // stable: entries keep file order within a column
	for k, j := range b.ci {
		perm[next[j]] = int64(k)
		next[j]++
	}
	next = nil
	out := &sparse.CSC{Rows: b.rows, Cols: b.cols, ColPtr: ptr, RowInd: make([]int32, n), Val: make([]float64, n)}
	mark := make([]int32, b.rows) // column+1 where the row was last seen
	pos := make([]int64, b.rows)  // its position in out
	var dup *dupEntry
	for j := 0; j < b.cols; j++ {
		for p := ptr[j]; p < ptr[j+1]; p++ {
			k := perm[p]
			i := b.m.RowInd[k]
			if mark[i] == int32(j+1) {
				// perm is stable, so the entry at pos[i] came first in the file.
				d := &dupEntry{row: i, col: int32(j), line: int(b.lines[k]), first: int(b.lines[perm[pos[i]]])}
				if dup == nil || d.line < dup.line {
					dup = d
				}
			}
			mark[i], pos[i] = int32(j+1), p
			out.RowInd[p] = i
			out.Val[p] = b.m.Val[k]
		}
	}
	if dup != nil {
		return nil, dup
	}
	return out, nil
}

// addChunk adds the entries of a parsed chunk, in order. It returns the
// index in the chunk of the first entry that it can tell at once repeats
// an earlier pair (as add does), or -1. A chunk whose columns never
// decrease and start at or after the current column — every chunk of a
// file grouped by column — is checked against the current column and
// copied in bulk; any other goes entry by entry.
func (b *builder) addChunk(p *piece, c *chunk) int {
	n := c.len()
	if n == 0 {
		return -1
	}
	if b.general || !c.sorted || c.col[0] < b.cur {
		for k := 0; k < n; k++ {
			if b.add(c.row[k], c.col[k], c.val[k], p.base+c.lineOf(k)) != 0 {
				return k
			}
		}
		return -1
	}
	dup := c.dup
	if j := c.col[0]; j == b.cur {
		// The chunk may continue the current column: compare its first
		// run with what that column holds.
		for k := 0; k < n && c.col[k] == j && (dup < 0 || k < dup); k++ {
			if b.inCurrent(c.row[k]) {
				dup = k
			}
		}
	}
	if dup >= 0 {
		return dup
	}
	base := int64(len(b.m.Val))
	cur := b.cur
	for k, j := range c.col {
		if j > cur {
			for col := cur + 1; col <= j; col++ {
				b.m.ColPtr[col] = base + int64(k)
			}
			cur = j
		}
	}
	if cur != b.cur {
		b.cur, b.curMap = cur, nil
	} else if b.curMap != nil {
		for k := range n {
			b.curMap[c.row[k]] = int(base) + k
		}
	}
	b.m.RowInd = appendInPlace(b.m.RowInd, c.row)
	b.m.Val = appendInPlace(b.m.Val, c.val)
	return -1
}
