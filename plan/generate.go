package plan

import (
	"bufio"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"strconv"

	"commune/sparse"
)

// Generator makes a synthetic productive economy with the structure of
// real ones: a few inputs (energy, transport, maintenance, office
// services) used by nearly every product; the other inputs drawn half
// from a Zipf law (exponent 1.5) over products, so that some components
// are used widely and most by few, and half from the 2,000 products
// nearest in number (suppliers within the same branch, which real
// classifications number together). Every product uses up between 0.2 and 0.8 money-worth of
// inputs per unit in total, so the column sums of A stay below 0.81 and
// the economy is productive.
//
// Quantities are multiples of 10^-6, so they read back exactly as
// written. The same seed gives the same economy.
type Generator struct {
	Products int    // number of products, ≥ 2
	Inputs   int    // inputs per product, 1 ≤ Inputs < Products
	Seed     uint64 // random seed
}

// universal is the number of inputs that nearly every product uses.
const universal = 4

var universalNames = [universal]string{"energy", "transport", "maintenance", "office services"}

func (g Generator) check() error {
	if g.Products < 2 {
		return errors.New("generate: want at least 2 products")
	}
	if g.Inputs < 1 || g.Inputs >= g.Products {
		return errors.New("generate: want 1 ≤ inputs < products")
	}
	if g.Products > math.MaxInt32-1 {
		return errors.New("generate: too many products")
	}
	return nil
}

// column is one generated product: its direct labour and its need in
// micro-units, its inputs and their quantities in micro-units.
type column struct {
	labour, need int64
	rows         []int32
	qty          []int64
}

// each generates the products in order and calls f with each.
func (g Generator) each(f func(j int, c *column) error) error {
	if err := g.check(); err != nil {
		return err
	}
	n, k := g.Products, g.Inputs
	rng := rand.New(rand.NewPCG(g.Seed, 0x636f6d6d756e65))
	u := min(universal, k/2+1, n-1)
	c := &column{rows: make([]int32, 0, k), qty: make([]int64, 0, k)}
	w := make([]float64, k)
	has := func(i int32) bool {
		for _, r := range c.rows {
			if r == i {
				return true
			}
		}
		return false
	}
	for j := 0; j < n; j++ {
		c.rows, c.qty = c.rows[:0], c.qty[:0]
		for i := 0; i < u && len(c.rows) < k; i++ {
			if i != j && rng.Float64() < 0.97 { // nearly every product
				c.rows = append(c.rows, int32(i))
			}
		}
		for tries := 0; len(c.rows) < k && tries < 20*k; tries++ {
			var i int
			if rng.IntN(2) == 0 {
				// A power law with P(i ≥ k) ≈ k^(-1/2), by inversion (a
				// continuous Zipf law of exponent 1.5): popular components
				// first. Cheaper than rand.Zipf, whose rejection step
				// takes logarithms and powers.
				u := 1 - rng.Float64() // in (0, 1]
				f := 1 / (u * u)
				if f > float64(n) {
					continue
				}
				i = int(f) - 1
			} else {
				i = j + rng.IntN(2001) - 1000 // a nearby supplier
			}
			if i < 0 || i >= n || i == j || has(int32(i)) {
				continue
			}
			c.rows = append(c.rows, int32(i))
		}
		total := 0.2 + 0.6*rng.Float64()
		var sum float64
		for t := range c.rows {
			w[t] = rng.ExpFloat64()
			if t < u {
				w[t] *= 2 // energy and transport weigh more
			}
			sum += w[t]
		}
		for t := range c.rows {
			q := int64(total * w[t] / sum * 1e6)
			c.qty = append(c.qty, max(q, 1))
		}
		// Inputs in increasing order, as a column of compressed storage
		// keeps them: the files read back without reordering, and a
		// product's gathers walk memory forwards.
		for a := 1; a < len(c.rows); a++ {
			for b := a; b > 0 && c.rows[b] < c.rows[b-1]; b-- {
				c.rows[b], c.rows[b-1] = c.rows[b-1], c.rows[b]
				c.qty[b], c.qty[b-1] = c.qty[b-1], c.qty[b]
			}
		}
		c.labour = max(1, int64(1e6*math.Exp(rng.NormFloat64()-1)))
		c.need = int64(rng.IntN(1000)+1) * 1e6
		if err := f(j, c); err != nil {
			return err
		}
	}
	return nil
}

// ProductID is the id of generated product j: the universal inputs by
// name, the others "p" and a number.
func ProductID(j int) string {
	if j < universal {
		return [universal]string{"energy", "transport", "maintenance", "office"}[j]
	}
	return "p" + strconv.Itoa(j)
}

// Economy returns the generated economy in memory, with a need for every
// product.
func (g Generator) Economy() (*Economy, error) {
	n := g.Products
	e := &Economy{Labour: make([]float64, n), Products: make([]Product, n), Needs: make([]Need, n)}
	a := &sparse.CSC{Rows: n, Cols: n, ColPtr: make([]int64, n+1)}
	err := g.each(func(j int, c *column) error {
		e.Products[j] = Product{ID: ProductID(j), Unit: "unit"}
		if j < universal {
			e.Products[j].Name = universalNames[j]
		}
		e.Labour[j] = float64(c.labour) / 1e6
		e.Needs[j] = Need{Product: j, Quantity: float64(c.need) / 1e6, Priority: 1}
		for t, i := range c.rows {
			a.RowInd = append(a.RowInd, i)
			a.Val = append(a.Val, float64(c.qty[t])/1e6)
		}
		a.ColPtr[j+1] = int64(len(a.Val))
		return nil
	})
	if err != nil {
		return nil, err
	}
	e.A = a
	return e, nil
}

// Write streams the generated economy as products.csv, needs.csv and
// either inputs.csv or (mtx true) inputs.mtx, without holding it in
// memory. progress, when set, is called with the products written so far.
func (g Generator) Write(products, inputs, needs io.Writer, mtx bool, progress func(done int)) error {
	if err := g.check(); err != nil {
		return err
	}
	pw := bufio.NewWriterSize(products, 1<<20)
	iw := bufio.NewWriterSize(inputs, 1<<20)
	nw := bufio.NewWriterSize(needs, 1<<20)
	pw.WriteString("id,unit,labour,name\n")
	nw.WriteString("product,quantity\n")
	if mtx {
		// The entry count is known in advance only up to the rare product
		// that found fewer than Inputs distinct inputs, so count first.
		var nnz int64
		if err := g.each(func(_ int, c *column) error { nnz += int64(len(c.rows)); return nil }); err != nil {
			return err
		}
		iw.WriteString("%%MatrixMarket matrix coordinate real general\n% generated by commune plan generate\n")
		iw.WriteString(strconv.Itoa(g.Products) + " " + strconv.Itoa(g.Products) + " " + strconv.FormatInt(nnz, 10) + "\n")
	} else {
		iw.WriteString("product,input,quantity\n")
	}
	var b []byte
	ids := func(b []byte, j int) []byte {
		if j < universal {
			return append(b, ProductID(j)...)
		}
		return strconv.AppendInt(append(b, 'p'), int64(j), 10)
	}
	err := g.each(func(j int, c *column) error {
		b = ids(b[:0], j)
		b = append(b, ",unit,"...)
		b = appendMicro(b, c.labour)
		b = append(b, ',')
		if j < universal {
			b = append(b, universalNames[j]...)
		}
		b = append(b, '\n')
		pw.Write(b)
		b = ids(b[:0], j)
		b = append(b, ',')
		b = appendMicro(b, c.need)
		b = append(b, '\n')
		nw.Write(b)
		b = b[:0]
		for t, i := range c.rows {
			if mtx {
				b = strconv.AppendInt(b, int64(i)+1, 10)
				b = append(b, ' ')
				b = strconv.AppendInt(b, int64(j)+1, 10)
				b = append(b, ' ')
			} else {
				b = ids(b, j)
				b = append(b, ',')
				b = ids(b, int(i))
				b = append(b, ',')
			}
			b = appendMicro(b, c.qty[t])
			b = append(b, '\n')
		}
		if _, err := iw.Write(b); err != nil {
			return err
		}
		if progress != nil && j&0xffff == 0 {
			progress(j)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, w := range []*bufio.Writer{pw, iw, nw} {
		if err := w.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// appendMicro writes m × 10^-6 in plain decimal, without trailing zeros.
func appendMicro(b []byte, m int64) []byte {
	b = strconv.AppendInt(b, m/1e6, 10)
	f := m % 1e6
	if f == 0 {
		return b
	}
	var d [7]byte
	d[0] = '.'
	for p := 6; p >= 1; p-- {
		d[p] = byte('0' + f%10)
		f /= 10
	}
	e := 7
	for d[e-1] == '0' {
		e--
	}
	return append(b, d[:e]...)
}
