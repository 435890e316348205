package plan

import (
	"bufio"
	"io"
	"runtime"
	"strconv"
	"strings"
)

// WriteEconomy writes e in Commune's format: products.csv and inputs.csv
// (grouped by product in the order of products.csv, so reading it back
// takes the fast path). Numbers are written in the shortest form that
// reads back to the same float64. needs may be nil when e has no needs.
func WriteEconomy(e *Economy, products, inputs, needs io.Writer) error {
	w := bufio.NewWriterSize(products, 1<<16)
	w.WriteString("id,unit,labour,name\n")
	var b []byte
	for j, p := range e.Products {
		b = b[:0]
		b = appendField(b, p.ID)
		b = append(b, ',')
		b = appendField(b, p.Unit)
		b = append(b, ',')
		b = strconv.AppendFloat(b, e.Labour[j], 'g', -1, 64)
		b = append(b, ',')
		b = appendField(b, p.Name)
		b = append(b, '\n')
		w.Write(b)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	w = bufio.NewWriterSize(inputs, 1<<16)
	w.WriteString("product,input,quantity\n")
	for j := 0; j < e.A.Cols; j++ {
		for k := e.A.ColPtr[j]; k < e.A.ColPtr[j+1]; k++ {
			b = b[:0]
			b = appendField(b, e.Products[j].ID)
			b = append(b, ',')
			b = appendField(b, e.Products[e.A.RowInd[k]].ID)
			b = append(b, ',')
			b = strconv.AppendFloat(b, e.A.Val[k], 'g', -1, 64)
			b = append(b, '\n')
			w.Write(b)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if needs == nil || len(e.Needs) == 0 {
		return nil
	}
	w = bufio.NewWriterSize(needs, 1<<16)
	w.WriteString("product,quantity,priority\n")
	for _, nd := range e.Needs {
		b = appendField(b[:0], e.Products[nd.Product].ID)
		b = append(b, ',')
		b = strconv.AppendFloat(b, nd.Quantity, 'g', -1, 64)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(nd.Priority), 10)
		b = append(b, '\n')
		w.Write(b)
	}
	return w.Flush()
}

// appendField appends s, quoted if it holds a comma, quote or line break.
func appendField(b []byte, s string) []byte {
	if !needsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

// needsQuotes reports whether s holds a comma, quote or line break. A
// plain loop: strings.ContainsAny took a fifth of the time of writing the
// values of 10^7 products.
func needsQuotes(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	return false
}

// WriteVector writes one number per product as CSV with the given header
// (such as "product,value"), in the order of products.
func WriteVector(w io.Writer, header string, ps []Product, cols ...[]float64) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(header)
	bw.WriteByte('\n')
	// Formatting numbers is most of the work at 10^7 products, so blocks
	// of products are formatted on every core and written in order.
	const block = 16384
	workers := runtime.GOMAXPROCS(0)
	nb := (len(ps) + block - 1) / block
	if workers > nb {
		workers = nb
	}
	type part struct {
		b    []byte
		done chan struct{}
	}
	parts := make(chan *part, 2*workers)
	// Written blocks' buffers come back for reuse: at 10^7 products new
	// ones would make a gigabyte of garbage, and a collection, while the
	// heap is at its largest.
	free := make(chan []byte, 3*workers+1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(parts)
		sem := make(chan struct{}, workers)
		for k := 0; k < nb; k++ {
			p := &part{done: make(chan struct{})}
			select {
			case parts <- p:
			case <-stop:
				return
			}
			sem <- struct{}{}
			go func(lo, hi int) {
				defer func() { <-sem }()
				var b []byte
				select {
				case b = <-free:
				default:
					// About 32 bytes a line: grown by doubling, the
					// buffers were copied as much as written.
					b = make([]byte, 0, (hi-lo)*(24+9*len(cols)))
				}
				b = b[:0]
				for j := lo; j < hi; j++ {
					b = appendField(b, ps[j].ID)
					for _, c := range cols {
						b = append(b, ',')
						b = appendNumber(b, c[j])
					}
					b = append(b, '\n')
				}
				p.b = b
				close(p.done)
			}(k*block, min((k+1)*block, len(ps)))
		}
	}()
	for p := range parts {
		<-p.done
		if _, err := bw.Write(p.b); err != nil {
			return err
		}
		select {
		case free <- p.b:
		default:
		}
	}
	return bw.Flush()
}
