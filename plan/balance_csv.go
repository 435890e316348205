package plan

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"
)

// WriteProcesses writes process,activity for every process of t.
func (p *BalancedPlan) WriteProcesses(w io.Writer, t *Techniques) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("process,activity\n")
	var b []byte
	for k, pr := range t.Processes {
		b = balanceField(b[:0], pr.ID)
		b = append(b, ',')
		b = balanceNumber(b, p.Activity[k])
		b = append(b, '\n')
		bw.Write(b)
	}
	return bw.Flush()
}

// WriteProducts writes product,gross_output,net_output,need,fulfilment for
// every product of t. fulfilment (net output over need, to six decimals)
// is empty where there is no need. A net output smaller than the rounding error of its
// sum (10⁻¹² of the product's flows) is written as 0.
func (p *BalancedPlan) WriteProducts(w io.Writer, t *Techniques) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("product,gross_output,net_output,need,fulfilment\n")
	var b []byte
	for i, pr := range t.Products {
		net := p.Net[i]
		if math.Abs(net) <= roundoff*(p.Gross[i]+math.Abs(p.Gross[i]-net)) {
			net = 0
		}
		b = balanceField(b[:0], pr.ID)
		b = append(b, ',')
		b = balanceNumber(b, p.Gross[i])
		b = append(b, ',')
		b = balanceNumber(b, net)
		b = append(b, ',')
		b = balanceNumber(b, p.Need[i])
		b = append(b, ',')
		if !math.IsNaN(p.Fulfilment[i]) {
			// Six decimals: the solver vouches for no more.
			b = strconv.AppendFloat(b, p.Fulfilment[i], 'f', 6, 64)
		}
		b = append(b, '\n')
		bw.Write(b)
	}
	return bw.Flush()
}

// WriteResources writes resource,used,available,shadow_price for every
// resource of t; available is "inf" when unlimited.
func (p *BalancedPlan) WriteResources(w io.Writer, t *Techniques) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("resource,used,available,shadow_price\n")
	var b []byte
	for r, res := range t.Resources {
		b = balanceField(b[:0], res.ID)
		b = append(b, ',')
		b = balanceNumber(b, p.Used[r])
		b = append(b, ',')
		if math.IsInf(res.Available, 1) {
			b = append(b, "inf"...)
		} else {
			b = balanceNumber(b, res.Available)
		}
		b = append(b, ',')
		b = balanceNumber(b, p.ShadowPrice[r])
		b = append(b, '\n')
		bw.Write(b)
	}
	return bw.Flush()
}

// balanceNumber formats v with 12 significant digits: more than the
// solver's tolerance can vouch for would be noise.
func balanceNumber(b []byte, v float64) []byte {
	if v == 0 {
		return append(b, '0')
	}
	return strconv.AppendFloat(b, v, 'g', 12, 64)
}

// balanceField appends s as a CSV field, quoted when it must be.
func balanceField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\n\r") {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}
