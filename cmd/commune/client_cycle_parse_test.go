package main

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune/council"
	"commune/cycle"
)

func TestParseCycleValues(t *testing.T) {
	t.Run("need", func(t *testing.T) {
		got, err := parseNeed("bread:300:1")
		if want := (council.NeedLine{Product: "bread", Quantity: 300, Priority: 1}); err != nil || got != want {
			t.Errorf("parseNeed = %+v, %v; want %+v", got, err, want)
		}
		for _, bad := range []string{"bread:300", "bread:-1:1", "bread:1:0", ":1:1", "bread:NaN:1", "bread:1:x"} {
			if _, err := parseNeed(bad); err == nil {
				t.Errorf("parseNeed(%q) accepted", bad)
			}
		}
	})
	t.Run("process", func(t *testing.T) {
		got, err := parseProcess("oven:bread:2:1:0:flour=1,salt=0.01")
		want := council.ProcessLine{ID: "oven", Product: "bread", Output: 2, Labour: 1,
			Uses: []cycle.Use{{Item: "flour", Quantity: 1}, {Item: "salt", Quantity: 0.01}}}
		if diff := cmp.Diff(want, got); err != nil || diff != "" {
			t.Errorf("parseProcess: %v (-want +got):\n%s", err, diff)
		}
		got, err = parseProcess("mill:flour:1:0.5:40")
		if err != nil || got.Capacity != 40 || got.Uses != nil {
			t.Errorf("parseProcess with capacity = %+v, %v", got, err)
		}
		for _, bad := range []string{"oven:bread", "oven:bread:2:0", "oven:bread:2:1:0:flour", "oven:bread:2:1:-3", ":bread:1:1", "a:b:1:1:0:x=1:y"} {
			if _, err := parseProcess(bad); err == nil {
				t.Errorf("parseProcess(%q) accepted", bad)
			}
		}
	})
	t.Run("rate, variant, minutes, date", func(t *testing.T) {
		if r, err := parseRate("common needs=150"); err != nil || r != (council.FundRate{Fund: "common needs", PerMille: 150}) {
			t.Errorf("parseRate = %+v, %v", r, err)
		}
		if v, err := parseVariant("a=b=0.8"); err != nil || v != (cycle.VariantSpec{Name: "a=b", LabourScale: 0.8}) {
			t.Errorf("parseVariant = %+v, %v", v, err)
		}
		for in, want := range map[string]int64{"480": 480, "8h": 480, "7h30m": 450, "90m": 90} {
			if got, err := parseMinutes(in); err != nil || got != want {
				t.Errorf("parseMinutes(%q) = %d, %v; want %d", in, got, err, want)
			}
		}
		if got, err := parseDate("2026-03-01"); err != nil || got != 1772323200000000 {
			t.Errorf("parseDate = %d, %v", got, err)
		}
		for _, bad := range []string{"x=1001", "=5", "fund=-1"} {
			if _, err := parseRate(bad); err == nil {
				t.Errorf("parseRate(%q) accepted", bad)
			}
		}
		for _, bad := range []string{"0", "-5", "7.5", "30s", "1h30s", ""} {
			if _, err := parseMinutes(bad); err == nil {
				t.Errorf("parseMinutes(%q) accepted", bad)
			}
		}
	})
}

// FuzzCycleParsers checks that the cycle's value parsers never panic and
// that what they accept holds only finite positive quantities.
func FuzzCycleParsers(f *testing.F) {
	for _, s := range []string{"bread:300:1", "oven:bread:2:1:0:flour=1", "common needs=150", "as offered=1", "7h30m", "2026-03-01", "a:b:c:d:e:f=g", "=", ":::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok := func(x float64) bool { return x > 0 && !math.IsInf(x, 0) && !math.IsNaN(x) }
		if n, err := parseNeed(s); err == nil && (!ok(n.Quantity) || n.Priority < 1 || strings.TrimSpace(n.Product) == "") {
			t.Errorf("parseNeed(%q) = %+v", s, n)
		}
		if p, err := parseProcess(s); err == nil && (!ok(p.Output) || !ok(p.Labour) || p.Capacity < 0) {
			t.Errorf("parseProcess(%q) = %+v", s, p)
		}
		if r, err := parseRate(s); err == nil && (r.PerMille < 0 || r.PerMille > 1000 || r.Fund == "") {
			t.Errorf("parseRate(%q) = %+v", s, r)
		}
		if v, err := parseVariant(s); err == nil && (!ok(v.LabourScale) || v.Name == "") {
			t.Errorf("parseVariant(%q) = %+v", s, v)
		}
		if m, err := parseMinutes(s); err == nil && m <= 0 {
			t.Errorf("parseMinutes(%q) = %d", s, m)
		}
		parseDate(s)
	})
}
