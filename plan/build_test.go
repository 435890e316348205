package plan

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// parsed makes a chunk as a worker leaves it.
func parsed(cols, rows []int32) *chunk {
	c := &chunk{}
	for k := range cols {
		c.add(rows[k], cols[k], float64(k+1), k+1)
	}
	c.scan()
	return c
}

// TestAddChunk checks the bulk merge of chunks against what adding their
// entries one by one finds: the first duplicate, counting one that
// repeats an entry of the column the previous chunk ended in.
func TestAddChunk(t *testing.T) {
	first := func() *chunk { return parsed([]int32{0, 0, 1, 1}, []int32{0, 1, 0, 2}) }
	for _, tt := range []struct {
		name       string
		cols, rows []int32
		dup        int // in the second chunk, -1 for none
	}{
		{"new columns", []int32{2, 2, 3}, []int32{0, 1, 1}, -1},
		{"column continued", []int32{1, 1, 2}, []int32{1, 3, 3}, -1},
		{"repeat across chunks", []int32{1, 2}, []int32{2, 0}, 0},
		{"repeat across chunks later", []int32{1, 1}, []int32{3, 0}, 1},
		{"repeat within the chunk first", []int32{1, 1, 1}, []int32{4, 4, 0}, 1},
		{"repeat across before within", []int32{1, 1, 1, 1}, []int32{5, 0, 6, 6}, 1},
		{"repeat within a later column", []int32{3, 3, 4, 4, 4}, []int32{1, 2, 0, 7, 0}, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bulk, each := newBuilder(10, 5), newBuilder(10, 5)
			if k := bulk.addChunk(&piece{}, first()); k != -1 {
				t.Fatalf("first chunk: duplicate at %d", k)
			}
			c := first()
			for k := range c.len() {
				each.add(c.row[k], c.col[k], c.val[k], k+1)
			}
			got := bulk.addChunk(&piece{base: 4}, parsed(tt.cols, tt.rows))
			want := -1
			for k := range tt.cols {
				if each.add(tt.rows[k], tt.cols[k], 1, k+5) != 0 {
					want = k
					break
				}
			}
			if want != tt.dup {
				t.Fatalf("test case: one by one finds %d, case says %d", want, tt.dup)
			}
			if got != want {
				t.Fatalf("addChunk = %d, want %d", got, want)
			}
			if want >= 0 {
				return
			}
			mb, _ := bulk.finish()
			me, _ := each.finish()
			if diff := cmp.Diff(me.ColPtr, mb.ColPtr); diff != "" {
				t.Errorf("column pointers (-one by one +bulk):\n%s", diff)
			}
			if diff := cmp.Diff(me.RowInd, mb.RowInd); diff != "" {
				t.Errorf("rows (-one by one +bulk):\n%s", diff)
			}
		})
	}
}

// TestAppendInPlace checks that a chunk written where the append would
// put it is taken without a copy, and anything else is copied.
func TestAppendInPlace(t *testing.T) {
	out := make([]int32, 10)
	dst := out[:3]
	src := out[3:3:6]
	src = append(src, 7, 8, 9)
	got := appendInPlace(dst, src)
	if &got[3] != &out[3] || got[5] != 9 || len(got) != 6 {
		t.Fatalf("in place: got %v", got)
	}
	// A gap (a comment line) before the chunk: copied down.
	gapped := out[7:7:10]
	gapped = append(gapped, 1, 2)
	got = appendInPlace(got, gapped)
	if diff := cmp.Diff([]int32{0, 0, 0, 7, 8, 9, 1, 2}, got); diff != "" {
		t.Fatalf("with a gap (-want +got):\n%s", diff)
	}
}
