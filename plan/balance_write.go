package plan

import (
	"bufio"
	"io"
	"math"
	"strconv"
)

// TechniquesWriters are the files of the multi-technique form, for
// WriteTechniques.
type TechniquesWriters struct {
	Products  io.Writer // products.csv: id,unit[,name]
	Processes io.Writer // processes.csv: id,product,output,capacity
	Uses      io.Writer // uses.csv: process,item,quantity
	Resources io.Writer // resources.csv: id,unit,available
	Needs     io.Writer // needs.csv: product,quantity,priority
}

// WriteTechniques writes t in the multi-technique form that
// ReadTechniques reads: numbers in the shortest form that reads back to
// the same float64, an unlimited capacity or availability as an empty
// field. progress, if not nil, is called with the number of processes
// written so far, now and then.
func WriteTechniques(t *Techniques, w TechniquesWriters, progress func(done int)) error {
	var b []byte
	num := func(v float64) {
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	named := false
	for _, p := range t.Products {
		named = named || p.Name != ""
	}
	bw := bufio.NewWriterSize(w.Products, 1<<16)
	if named {
		bw.WriteString("id,unit,name\n")
	} else {
		bw.WriteString("id,unit\n")
	}
	for _, p := range t.Products {
		b = balanceField(b[:0], p.ID)
		b = append(b, ',')
		b = balanceField(b, p.Unit)
		if named {
			b = append(b, ',')
			b = balanceField(b, p.Name)
		}
		b = append(b, '\n')
		bw.Write(b)
	}
	if err := bw.Flush(); err != nil {
		return err
	}

	bw = bufio.NewWriterSize(w.Processes, 1<<16)
	bu := bufio.NewWriterSize(w.Uses, 1<<16)
	bw.WriteString("id,product,output,capacity\n")
	bu.WriteString("process,item,quantity\n")
	for k, pr := range t.Processes {
		id := balanceField(nil, pr.ID)
		b = append(b[:0], id...)
		b = append(b, ',')
		b = balanceField(b, t.Products[pr.Product].ID)
		b = append(b, ',')
		num(pr.Output)
		b = append(b, ',')
		if !math.IsInf(pr.Capacity, 1) {
			num(pr.Capacity)
		}
		b = append(b, '\n')
		bw.Write(b)
		b = b[:0]
		use := func(item string, q float64) {
			b = append(b, id...)
			b = append(b, ',')
			b = balanceField(b, item)
			b = append(b, ',')
			num(q)
			b = append(b, '\n')
		}
		if pu := t.ProductUse; pu != nil {
			for q := pu.ColPtr[k]; q < pu.ColPtr[k+1]; q++ {
				use(t.Products[pu.RowInd[q]].ID, pu.Val[q])
			}
		}
		if ru := t.ResourceUse; ru != nil {
			for q := ru.ColPtr[k]; q < ru.ColPtr[k+1]; q++ {
				use(t.Resources[ru.RowInd[q]].ID, ru.Val[q])
			}
		}
		bu.Write(b)
		if progress != nil && k%(1<<16) == 0 {
			progress(k)
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := bu.Flush(); err != nil {
		return err
	}

	bw = bufio.NewWriterSize(w.Resources, 1<<12)
	bw.WriteString("id,unit,available\n")
	for _, r := range t.Resources {
		b = balanceField(b[:0], r.ID)
		b = append(b, ',')
		b = balanceField(b, r.Unit)
		b = append(b, ',')
		if !math.IsInf(r.Available, 1) {
			num(r.Available)
		}
		b = append(b, '\n')
		bw.Write(b)
	}
	if err := bw.Flush(); err != nil {
		return err
	}

	bw = bufio.NewWriterSize(w.Needs, 1<<16)
	bw.WriteString("product,quantity,priority\n")
	for _, nd := range t.Needs {
		b = balanceField(b[:0], t.Products[nd.Product].ID)
		b = append(b, ',')
		num(nd.Quantity)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(nd.Priority), 10)
		b = append(b, '\n')
		bw.Write(b)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if progress != nil {
		progress(len(t.Processes))
	}
	return nil
}
