// Package chart draws the planning pages' charts as SVG on the server,
// with gonum's plot library, so that pages need no JavaScript to show them
// and the binary serves everything itself.
//
// Each chart comes with its figures as a table (Bar.Label, Bar.Value) that
// the page prints beside it: the SVG is named for screen readers by its
// title and description, and the table carries the numbers.
package chart

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"regexp"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Bar is one bar: a label and its value.
type Bar struct {
	Label string
	Value float64
}

// Spec says what to draw.
type Spec struct {
	Title  string  // shown above the chart and as the SVG's <title>
	Desc   string  // the SVG's <desc>: one sentence saying what it shows
	Axis   string  // the value axis label, with its unit
	Max    float64 // the value axis maximum; 0 chooses from the data
	Width  vg.Length
	Height vg.Length
}

// Colours with at least 3:1 contrast against white (WCAG 2.2, 1.4.11).
var (
	barColour  = color.RGBA{R: 0x1f, G: 0x4e, B: 0x79, A: 0xff}
	textColour = color.RGBA{R: 0x1a, G: 0x1a, B: 0x1a, A: 0xff}
)

// HorizontalBars draws bars as horizontal bars, one per row, top to bottom
// in the order given. It returns the SVG, ready to put inline in a page.
// It panics if bars is empty (a programmer error: pages show a sentence
// instead of an empty chart).
func HorizontalBars(spec Spec, bars []Bar) (template.HTML, error) {
	if len(bars) == 0 {
		panic("chart: no bars")
	}
	p := plot.New()
	p.Title.Text = spec.Title
	p.Title.TextStyle.Color = textColour
	p.X.Label.Text = spec.Axis
	p.X.Label.TextStyle.Color = textColour
	p.X.Min = 0
	max := spec.Max
	for _, b := range bars {
		if math.IsNaN(b.Value) || math.IsInf(b.Value, 0) {
			return "", fmt.Errorf("chart: bar %q has no finite value", b.Label)
		}
		if b.Value > max && spec.Max == 0 {
			max = b.Value
		}
	}
	if max <= 0 {
		max = 1
	}
	p.X.Max = max
	// Bars are drawn bottom-up; reverse so the first is on top.
	vals := make(plotter.Values, len(bars))
	names := make([]string, len(bars))
	for i, b := range bars {
		vals[len(bars)-1-i] = math.Max(0, b.Value)
		names[len(bars)-1-i] = b.Label
	}
	h, err := plotter.NewBarChart(vals, vg.Points(14))
	if err != nil {
		return "", fmt.Errorf("chart: %w", err)
	}
	h.Horizontal = true
	h.Color = barColour
	h.LineStyle.Width = 0
	p.Add(h)
	p.NominalY(names...)
	p.Y.Tick.Label.Color = textColour
	p.X.Tick.Label.Color = textColour
	p.Add(plotter.NewGrid())

	w, ht := spec.Width, spec.Height
	if w == 0 {
		w = 16 * vg.Centimeter
	}
	if ht == 0 {
		ht = vg.Length(len(bars))*0.8*vg.Centimeter + 3*vg.Centimeter
	}
	c := vgsvg.New(w, ht)
	// A right margin, so that the label of the last tick (centred on the
	// axis's end) is not cut off.
	p.Draw(draw.Crop(draw.New(c), 0, -vg.Points(14), 0, 0))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", fmt.Errorf("chart: %w", err)
	}
	return accessible(buf.Bytes(), spec), nil
}

var svgOpen = regexp.MustCompile(`<svg[^>]*>`)

// accessible drops the XML prolog, gives the <svg> the image role and a
// name, and adds <title> and <desc>, so that a screen reader announces
// the chart by what it shows.
func accessible(svg []byte, spec Spec) template.HTML {
	if i := bytes.Index(svg, []byte("<svg")); i > 0 {
		svg = svg[i:]
	}
	loc := svgOpen.FindIndex(svg)
	if loc == nil {
		return template.HTML(svg)
	}
	open := string(svg[loc[0] : loc[1]-1])
	esc := template.HTMLEscapeString
	head := fmt.Sprintf(`%s role="img" aria-label="%s" style="max-width:100%%;height:auto"><title>%s</title><desc>%s</desc>`,
		open, esc(spec.Title), esc(spec.Title), esc(spec.Desc))
	return template.HTML(head + string(svg[loc[1]:]))
}
