package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"commune/council"
	"commune/cycle"
)

// Parsers of the planning cycle's command-line values. Each names what is
// wrong; the commands turn their errors into a usage exit (2).

// parseNeed parses PRODUCT:QUANTITY:PRIORITY ("bread:300:1").
func parseNeed(s string) (council.NeedLine, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return council.NeedLine{}, fmt.Errorf("need %q: want PRODUCT:QUANTITY:PRIORITY", s)
	}
	q, err := parseQuantity("quantity", parts[1])
	if err != nil {
		return council.NeedLine{}, fmt.Errorf("need %q: %w", s, err)
	}
	p, err := strconv.Atoi(parts[2])
	if err != nil || p < 1 {
		return council.NeedLine{}, fmt.Errorf("need %q: priority %q is not a whole number from 1", s, parts[2])
	}
	if strings.TrimSpace(parts[0]) == "" {
		return council.NeedLine{}, fmt.Errorf("need %q: no product", s)
	}
	return council.NeedLine{Product: parts[0], Quantity: q, Priority: p}, nil
}

// parseProcess parses ID:PRODUCT:OUTPUT:LABOUR[:CAPACITY[:ITEM=QTY,ITEM=QTY]]
// ("oven:bread:2:1:0:flour=1"): per unit of activity, OUTPUT units of
// PRODUCT from LABOUR hours and the items used; CAPACITY 0 is no limit.
func parseProcess(s string) (council.ProcessLine, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 4 || len(parts) > 6 {
		return council.ProcessLine{}, fmt.Errorf("process %q: want ID:PRODUCT:OUTPUT:LABOUR[:CAPACITY[:ITEM=QTY,...]]", s)
	}
	p := council.ProcessLine{ID: parts[0], Product: parts[1]}
	if p.ID == "" || p.Product == "" {
		return p, fmt.Errorf("process %q: no id or no product", s)
	}
	var err error
	if p.Output, err = parseQuantity("output", parts[2]); err != nil {
		return p, fmt.Errorf("process %q: %w", s, err)
	}
	if p.Labour, err = parseQuantity("labour", parts[3]); err != nil {
		return p, fmt.Errorf("process %q: %w", s, err)
	}
	if len(parts) > 4 && parts[4] != "" && parts[4] != "0" {
		if p.Capacity, err = parseQuantity("capacity", parts[4]); err != nil {
			return p, fmt.Errorf("process %q: %w", s, err)
		}
	}
	if len(parts) == 6 {
		for _, u := range strings.Split(parts[5], ",") {
			item, qty, ok := strings.Cut(u, "=")
			if !ok || item == "" {
				return p, fmt.Errorf("process %q: use %q: want ITEM=QUANTITY", s, u)
			}
			q, err := parseQuantity("used quantity", qty)
			if err != nil {
				return p, fmt.Errorf("process %q: %w", s, err)
			}
			p.Uses = append(p.Uses, cycle.Use{Item: item, Quantity: q})
		}
	}
	return p, nil
}

// parseRate parses FUND=PERMILLE ("common needs=150").
func parseRate(s string) (council.FundRate, error) {
	i := strings.LastIndex(s, "=")
	if i <= 0 {
		return council.FundRate{}, fmt.Errorf("rate %q: want FUND=PERMILLE", s)
	}
	n, err := strconv.ParseInt(s[i+1:], 10, 64)
	if err != nil || n < 0 || n > 1000 {
		return council.FundRate{}, fmt.Errorf("rate %q: %q is not a whole number of thousandths from 0 to 1000", s, s[i+1:])
	}
	return council.FundRate{Fund: s[:i], PerMille: n}, nil
}

// parseVariant parses NAME=SCALE ("shorter week=0.8").
func parseVariant(s string) (cycle.VariantSpec, error) {
	i := strings.LastIndex(s, "=")
	if i <= 0 {
		return cycle.VariantSpec{}, fmt.Errorf("variant %q: want NAME=LABOUR_SCALE", s)
	}
	x, err := parseQuantity("labour scale", s[i+1:])
	if err != nil {
		return cycle.VariantSpec{}, fmt.Errorf("variant %q: %w", s, err)
	}
	return cycle.VariantSpec{Name: s[:i], LabourScale: x}, nil
}

// parseQuantity parses a finite positive number.
func parseQuantity(what, s string) (float64, error) {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x <= 0 {
		return 0, fmt.Errorf("%s %q is not a positive number", what, s)
	}
	return x, nil
}

// parseMinutes parses a whole positive number of minutes, or hours and
// minutes written as Go durations ("8h", "7h30m").
func parseMinutes(s string) (int64, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n <= 0 {
			return 0, fmt.Errorf("minutes %q: not positive", s)
		}
		return n, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 || d%time.Minute != 0 {
		return 0, fmt.Errorf("minutes %q: want a whole positive number of minutes, or a duration such as 7h30m", s)
	}
	return int64(d / time.Minute), nil
}

// parseDate parses a date (2026-03-01) or an RFC 3339 time as
// microseconds since the Unix epoch, UTC.
func parseDate(s string) (int64, error) {
	for _, layout := range []string{"2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().UnixMicro(), nil
		}
	}
	return 0, fmt.Errorf("date %q: want YYYY-MM-DD or an RFC 3339 time", s)
}
