package cycle

import (
	"math"
	"sort"
)

// OutputReport is a workplace council's report of what it made.
type OutputReport struct {
	Workplace CouncilID `json:"workplace"`
	Product   string    `json:"product"`
	Quantity  float64   `json:"quantity"`
}

// ReceiptReport is a council's report of what it received from a
// workplace: a workplace using inputs, or a distribution point.
type ReceiptReport struct {
	Receiver CouncilID `json:"receiver"`
	From     CouncilID `json:"from"`
	Product  string    `json:"product"`
	Quantity float64   `json:"quantity"`
}

// FlagKind says what reconciliation found.
type FlagKind string

// The flags, each shown publicly on the workplace's page and on the record.
const (
	// Unreceived is output reported that nobody reports receiving: goods
	// stored, lost, or an exaggerated report.
	Unreceived FlagKind = "unreceived_output"
	// Unproduced is goods reported received that the workplace did not
	// report making: a report missing, or a receipt overstated.
	Unproduced FlagKind = "unproduced_receipt"
	// Shortfall is output below the adopted plan's target.
	Shortfall FlagKind = "shortfall"
)

// Line is the reconciliation of one (workplace, product).
type Line struct {
	Workplace CouncilID  `json:"workplace"`
	Product   string     `json:"product"`
	Target    float64    `json:"target"`
	Produced  float64    `json:"produced"`
	Received  float64    `json:"received"`
	Flags     []FlagKind `json:"flags,omitempty"`
}

// Reconciliation is the outcome for a period.
type Reconciliation struct {
	Lines   []Line `json:"lines"`   // every (workplace, product) with a target or a report, sorted
	Flagged int    `json:"flagged"` // lines with at least one flag
}

// Reconcile compares output reports with receipt reports and targets.
// tol is the relative tolerance below which a difference is not flagged
// (goods in transit, rounding): a line is flagged when the difference
// exceeds tol × the larger of the two figures compared.
func Reconcile(targets []Target, outputs []OutputReport, receipts []ReceiptReport, tol float64) Reconciliation {
	type key struct {
		w CouncilID
		p string
	}
	idx := make(map[key]int, len(targets)+len(outputs)/4)
	var lines []Line
	line := func(w CouncilID, p string) *Line {
		k := key{w, p}
		i, ok := idx[k]
		if !ok {
			i = len(lines)
			idx[k] = i
			lines = append(lines, Line{Workplace: w, Product: p})
		}
		return &lines[i]
	}
	for _, t := range targets {
		line(t.Workplace, t.Product).Target += t.Quantity
	}
	for _, o := range outputs {
		line(o.Workplace, o.Product).Produced += o.Quantity
	}
	for _, r := range receipts {
		line(r.From, r.Product).Received += r.Quantity
	}
	var rec Reconciliation
	for i := range lines {
		l := &lines[i]
		if exceeds(l.Produced-l.Received, l.Produced, l.Received, tol) {
			l.Flags = append(l.Flags, Unreceived)
		}
		if exceeds(l.Received-l.Produced, l.Produced, l.Received, tol) {
			l.Flags = append(l.Flags, Unproduced)
		}
		if exceeds(l.Target-l.Produced, l.Target, l.Produced, tol) {
			l.Flags = append(l.Flags, Shortfall)
		}
		if len(l.Flags) > 0 {
			rec.Flagged++
		}
	}
	sort.Slice(lines, func(a, b int) bool {
		if lines[a].Workplace != lines[b].Workplace {
			return lines[a].Workplace < lines[b].Workplace
		}
		return lines[a].Product < lines[b].Product
	})
	rec.Lines = lines
	return rec
}

// exceeds reports whether diff is positive and more than tol times the
// larger of a and b (and more than rounding: 1e-9 absolute).
func exceeds(diff, a, b, tol float64) bool {
	return diff > 1e-9 && diff > tol*math.Max(math.Abs(a), math.Abs(b))
}
