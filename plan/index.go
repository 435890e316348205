package plan

import (
	"hash/maphash"
	"runtime"
	"sync"
)

// Index maps product ids to their position in products.csv. It is an
// open-addressing hash table of positions into the products themselves
// (the ids are not stored twice): 16 bytes or less per product, where a
// map[string]int32 takes about 40, which matters at 10^7 products. Each
// slot keeps the upper half of its id's hash beside the position, so a
// probe compares ids (two cache misses each, into the products and their
// text) only when the hashes agree.
//
// The table is cut into partitions of 64K slots (512 KB, within a core's
// cache) by the top bits of the hash. It is built in bulk: positions are
// first sorted by partition, then each partition is filled from its own
// list on one of the cores. Inserting 10^7 ids one by one into one table
// of 256 MB missed the cache on nearly every insert; this way none does.
type Index struct {
	ps    []Product
	table []uint64 // hash>>32<<32 | position+1; 0 is empty
	size  uint     // log2 of the slots, at most 32
	bits  uint     // log2 of the slots per partition
	mask  uint64   // slots per partition - 1
	seed  maphash.Seed
}

// home returns where the probe for hash h starts: the top size bits of
// h, the partition's number followed by the slot in it. Only the upper
// half of h decides, so the slot packs all a build needs to know.
func (x *Index) home(h uint64) (part, i uint64) {
	top := h >> (64 - x.size)
	return top >> x.bits << x.bits, top & x.mask
}

// slot packs a position with the upper half of its id's hash h.
func slot(h uint64, pos int) uint64 { return h&^0xffffffff | uint64(pos+1) }

// at returns the position held in slot v (v ≠ 0).
func at(v uint64) int { return int(uint32(v)) - 1 }

// sameHash reports whether slot v may hold an id whose hash is h.
func sameHash(v, h uint64) bool { return (v^h)>>32 == 0 }

// partitionBits is log2 of the slots of a full partition.
const partitionBits = 16

// NewIndex indexes products by id. With duplicate ids, Lookup finds the
// first.
func NewIndex(ps []Product) *Index {
	x := &Index{seed: maphash.MakeSeed()}
	hs := make([]uint64, len(ps))
	for k := range ps {
		hs[k] = maphash.String(x.seed, ps[k].ID)
	}
	x.build(ps, hs)
	return x
}

// Len returns the number of products indexed.
func (x *Index) Len() int { return len(x.ps) }

// Lookup returns the position of the product with the given id, or -1.
func (x *Index) Lookup(id string) int { return x.find(maphash.String(x.seed, id), id) }

func (x *Index) lookup(id []byte) int {
	h := maphash.Bytes(x.seed, id)
	base, i := x.home(h)
	for ; ; i = (i + 1) & x.mask {
		v := x.table[base+i]
		if v == 0 {
			return -1
		}
		if sameHash(v, h) && x.ps[at(v)].ID == string(id) {
			return at(v)
		}
	}
}

func (x *Index) find(h uint64, id string) int {
	base, i := x.home(h)
	for ; ; i = (i + 1) & x.mask {
		v := x.table[base+i]
		if v == 0 {
			return -1
		}
		if sameHash(v, h) && x.ps[at(v)].ID == id {
			return at(v)
		}
	}
}

// build indexes ps, whose ids have the hashes hs (with x.seed). It
// returns the position of the first product, in order, whose id an
// earlier one has, and that earlier position; or -1, -1. A repeated id is
// not indexed again, so Lookup finds the first.
func (x *Index) build(ps []Product, hs []uint64) (dup, first int) {
	n := len(ps)
	x.ps = ps
	// At most half full, so that probes stay short.
	size := uint(4)
	for 1<<size < 2*n {
		size++
	}
	x.size = size
	x.bits = min(size, partitionBits)
	parts := 1 << (size - x.bits)
	x.mask = 1<<x.bits - 1
	x.table = make([]uint64, 1<<size)

	// The slots to fill, by partition, each partition's in file order.
	start := make([]int, parts+1)
	for _, h := range hs {
		p, _ := x.home(h)
		start[p>>x.bits+1]++
	}
	for p := range parts {
		start[p+1] += start[p]
	}
	next := make([]int, parts)
	copy(next, start)
	order := make([]uint64, n)
	for k, h := range hs {
		p, _ := x.home(h)
		order[next[p>>x.bits]] = slot(h, k)
		next[p>>x.bits]++
	}

	workers := 1
	if n >= 1<<16 {
		workers = runtime.GOMAXPROCS(0)
	}
	dups := make([][2]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			best := [2]int{-1, -1}
			for p := parts * w / workers; p < parts*(w+1)/workers; p++ {
				tab := x.table[p<<x.bits : (p+1)<<x.bits]
				// Writing the fresh pages first costs one page fault each;
				// the probes' first reads would cost two (the kernel's zero
				// page, then a copy on the first write).
				clear(tab)
				for _, s := range order[start[p]:start[p+1]] {
					_, i := x.home(s)
					for ; ; i = (i + 1) & x.mask {
						v := tab[i]
						if v == 0 {
							tab[i] = s
							break
						}
						if sameHash(v, s) && ps[at(v)].ID == ps[at(s)].ID {
							if best[0] < 0 || at(s) < best[0] {
								best = [2]int{at(s), at(v)}
							}
							break
						}
					}
				}
			}
			dups[w] = best
		}()
	}
	wg.Wait()
	dup, first = -1, -1
	for _, d := range dups {
		if d[0] >= 0 && (dup < 0 || d[0] < dup) {
			dup, first = d[0], d[1]
		}
	}
	return dup, first
}
