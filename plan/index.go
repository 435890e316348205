package plan

import "hash/maphash"

// Index maps product ids to their position in products.csv. It is an
// open-addressing hash table of int32 positions into the products
// themselves (the ids are not stored twice): 8 bytes or less per product,
// where a map[string]int32 takes about 40, which matters at 10^7 products.
type Index struct {
	ps    []Product
	table []int32 // position + 1; 0 is empty
	n     int
	seed  maphash.Seed
}

// NewIndex indexes products by id. With duplicate ids, Lookup finds the
// first.
func NewIndex(ps []Product) *Index {
	x := newIndex(len(ps))
	for j, p := range ps {
		x.ps = ps[:j]
		x.insert(p.ID)
	}
	x.ps = ps
	return x
}

func newIndex(capacity int) *Index {
	x := &Index{seed: maphash.MakeSeed()}
	x.grow(capacity)
	return x
}

// Len returns the number of products indexed.
func (x *Index) Len() int { return x.n }

// Lookup returns the position of the product with the given id, or -1.
func (x *Index) Lookup(id string) int { return x.find(maphash.String(x.seed, id), id) }

func (x *Index) lookup(id []byte) int {
	mask := uint64(len(x.table) - 1)
	for i := maphash.Bytes(x.seed, id) & mask; ; i = (i + 1) & mask {
		v := x.table[i]
		if v == 0 {
			return -1
		}
		if x.ps[v-1].ID == string(id) {
			return int(v - 1)
		}
	}
}

func (x *Index) find(h uint64, id string) int {
	mask := uint64(len(x.table) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		v := x.table[i]
		if v == 0 {
			return -1
		}
		if x.ps[v-1].ID == id {
			return int(v - 1)
		}
	}
}

// insert adds the product at position len(x.ps), whose id is id, unless
// the id is already there: then it returns the earlier position, else -1.
// The caller appends the product to x.ps afterwards.
func (x *Index) insert(id string) int {
	if 2*(x.n+1) > len(x.table) {
		x.grow(2 * (x.n + 1))
	}
	mask := uint64(len(x.table) - 1)
	for i := maphash.String(x.seed, id) & mask; ; i = (i + 1) & mask {
		v := x.table[i]
		if v == 0 {
			x.table[i] = int32(len(x.ps) + 1)
			x.n++
			return -1
		}
		if x.ps[v-1].ID == id {
			return int(v - 1)
		}
	}
}

// grow makes room for at least capacity products at a load of at most
// one half, so that probes stay short.
func (x *Index) grow(capacity int) {
	size := 16
	for size < 2*capacity {
		size *= 2
	}
	if size <= len(x.table) {
		return
	}
	old := x.table
	x.table = make([]int32, size)
	mask := uint64(size - 1)
	for _, v := range old {
		if v == 0 {
			continue
		}
		i := maphash.String(x.seed, x.ps[v-1].ID) & mask
		for x.table[i] != 0 {
			i = (i + 1) & mask
		}
		x.table[i] = v
	}
}
