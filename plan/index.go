package plan

import "hash/maphash"

// Index maps product ids to their position in products.csv. It is an
// open-addressing hash table of positions into the products themselves
// (the ids are not stored twice): 16 bytes or less per product, where a
// map[string]int32 takes about 40, which matters at 10^7 products. Each
// slot keeps the upper half of its id's hash beside the position, so a
// probe compares ids (two cache misses each, into the products and their
// text) only when the hashes agree. With the batched inserts of
// ReadProducts (see hashes) this halved the time of indexing 10^7 ids.
type Index struct {
	ps    []Product
	table []uint64 // hash>>32<<32 | position+1; 0 is empty
	n     int
	seed  maphash.Seed
	sink  uint64 // keeps the loads of hashes
}

// slot packs a position with the upper half of its id's hash h.
func slot(h uint64, pos int) uint64 { return h&^0xffffffff | uint64(pos+1) }

// at returns the position held in slot v (v ≠ 0).
func at(v uint64) int { return int(uint32(v)) - 1 }

// sameHash reports whether slot v may hold an id whose hash is h.
func sameHash(v, h uint64) bool { return (v^h)>>32 == 0 }

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
	h := maphash.Bytes(x.seed, id)
	for i := h & mask; ; i = (i + 1) & mask {
		v := x.table[i]
		if v == 0 {
			return -1
		}
		if sameHash(v, h) && x.ps[at(v)].ID == string(id) {
			return at(v)
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
		if sameHash(v, h) && x.ps[at(v)].ID == id {
			return at(v)
		}
	}
}

// insert adds the product at position len(x.ps), whose id is id, unless
// the id is already there: then it returns the earlier position, else -1.
// The caller appends the product to x.ps afterwards.
func (x *Index) insert(id string) int { return x.insertHash(maphash.String(x.seed, id), id) }

// hashes fills hs with the hashes of the ids of ps and loads the slot
// where each one's probe starts. At 10^7 products nearly every slot is a
// cache miss; loads that do not depend on one another overlap, so the
// inserts that follow find their slots in the cache.
func (x *Index) hashes(ps []Product, hs []uint64) {
	mask := uint64(len(x.table) - 1)
	var sink uint64
	for k := range ps {
		hs[k] = maphash.String(x.seed, ps[k].ID)
		sink |= x.table[hs[k]&mask]
	}
	x.sink = sink
}

// insertHash is insert with the id's hash h.
func (x *Index) insertHash(h uint64, id string) int {
	if 2*(x.n+1) > len(x.table) {
		x.grow(2 * (x.n + 1))
	}
	mask := uint64(len(x.table) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		v := x.table[i]
		if v == 0 {
			x.table[i] = slot(h, len(x.ps))
			x.n++
			return -1
		}
		if sameHash(v, h) && x.ps[at(v)].ID == id {
			return at(v)
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
	x.table = make([]uint64, size)
	mask := uint64(size - 1)
	for _, v := range old {
		if v == 0 {
			continue
		}
		i := maphash.String(x.seed, x.ps[at(v)].ID) & mask
		for x.table[i] != 0 {
			i = (i + 1) & mask
		}
		x.table[i] = v
	}
}
