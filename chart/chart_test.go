package chart

import (
	"encoding/xml"
	"math"
	"strings"
	"testing"
)

func TestHorizontalBars(t *testing.T) {
	svg, err := HorizontalBars(Spec{Title: "Fulfilment by priority", Desc: "Share of needs met, per priority.", Axis: "fulfilment (%)", Max: 100},
		[]Bar{{"Priority 1", 100}, {"Priority 2", 62.5}, {"Priority 3 <urgent & rare>", 0}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	if !strings.HasPrefix(s, "<svg") {
		t.Fatalf("does not start with <svg: %.80s", s)
	}
	// Well-formed XML, with the name and description a screen reader reads.
	var doc struct {
		XMLName xml.Name
		Role    string `xml:"role,attr"`
		Label   string `xml:"aria-label,attr"`
		Title   string `xml:"title"`
		Desc    string `xml:"desc"`
	}
	if err := xml.Unmarshal([]byte(s), &doc); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	if doc.Role != "img" || doc.Label != "Fulfilment by priority" || doc.Title != "Fulfilment by priority" || doc.Desc == "" {
		t.Errorf("accessibility attributes: %+v", doc)
	}
	for _, label := range []string{"Priority 1", "Priority 2", "Priority 3 &lt;urgent &amp; rare&gt;"} {
		if !strings.Contains(s, label) {
			t.Errorf("label %q not drawn", label)
		}
	}
}

func TestHorizontalBarsRefusesNaN(t *testing.T) {
	if _, err := HorizontalBars(Spec{Title: "x"}, []Bar{{"a", math.NaN()}}); err == nil {
		t.Error("NaN accepted")
	}
}
