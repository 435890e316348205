package ui

import (
	"html/template"
	"strings"

	"commune/council"
)

// funcs are the few template functions the page methods cannot be.
var funcs = template.FuncMap{
	"int64":    toInt64,
	"permille": func(n int64) float64 { return float64(n) / 1000 },
}

// with pairs the page with a partial template's own value.
type with struct {
	P *page
	V any
}

// With passes the page and v to a partial template.
func (p *page) With(v any) with { return with{P: p, V: v} }

// ballotArgs is what the yes/no and ranked ballot partials show.
type ballotArgs struct {
	Action   string
	Legend   string
	Question council.ID
	Mine     string
	Options  []option
}

// Ballot builds a ballot partial's arguments.
func (p *page) Ballot(action, legend string, q council.ID, mine string, opts []option) ballotArgs {
	// Show the alternatives in the order of the viewer's ranking, unranked
	// last, so the list reads as the ballot cast.
	sorted := append([]option(nil), opts...)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && less(sorted[j], sorted[j-1]); j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	return ballotArgs{Action: action, Legend: legend, Question: q, Mine: mine, Options: sorted}
}

func less(a, b option) bool {
	switch {
	case a.Rank == 0:
		return false
	case b.Rank == 0:
		return true
	}
	return a.Rank < b.Rank
}

// optionName names an alternative of a ranked question: a candidate of an
// election, or a proposal's text or amendment.
func (p *page) optionName(q, id council.ID) string {
	if p.kinds == nil {
		p.kinds = map[council.ID]string{}
	}
	kind, ok := p.kinds[q]
	if !ok {
		p.u.svc.View(func(st *council.State) {
			if qv, ok := st.Question(q); ok {
				kind = qv.Kind
			}
		})
		p.kinds[q] = kind
	}
	if kind == council.QElection {
		return p.Member(id)
	}
	return p.Option(q, id)
}

// Groups turns a ranking string ("4>0=9") into lines of names, best first.
func (p *page) Groups(q council.ID, ranking string) []string {
	var out []string
	for _, g := range strings.Split(ranking, ">") {
		var names []string
		for _, f := range strings.Split(g, "=") {
			if id, ok := parseID(f); ok {
				names = append(names, p.optionName(q, id))
			}
		}
		out = append(out, strings.Join(names, " = "))
	}
	return out
}

// Choice writes a vote for reading: yes/no/abstain in the viewer's
// language, a ranking as names.
func (p *page) Choice(q council.ID, choice string) string {
	switch choice {
	case council.Yes, "no", "abstain":
		return p.T("vote." + choice)
	}
	return strings.Join(p.Groups(q, choice), " > ")
}

// Status writes a status word (passed, open, recalled, …) in the viewer's
// language.
func (p *page) Status(s string) string { return p.T("status." + s) }

// toInt64 converts the integers templates meet (int, ids) for Num.
func toInt64(v any) int64 {
	switch n := v.(type) {
	case int:
		return int64(n)
	case int64:
		return n
	case council.ID:
		return int64(n)
	}
	return 0
}

// Tendency returns a tendency's name.
func (p *page) Tendency(id council.ID) string {
	name := ""
	p.u.svc.View(func(st *council.State) {
		if t, ok := st.Tendency(id); ok {
			name = t.Name
		}
	})
	return name
}
