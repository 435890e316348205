// Package demo builds demo federations through real acts: a small one a
// person can explore (several workplace and neighbourhood councils, two
// districts and a regional congress, elected delegates, one recalled, open
// proposals with alternatives, a mandate, a tendency with a minority
// report, a whole planning cycle in labour time), and large generated
// ones for benchmarks (Large).
//
// It does no I/O: it drives a Target, which is a *store.Service (so every
// act lands on the record, in large batches) or a bare council.State. Time
// is the demo's Clock: the history is built in the recent past, the clock
// moved forward so that discussion and voting periods end, and the open
// questions stay open for days after the demo is served.
package demo

import (
	"fmt"

	"commune/council"
)

// Demo is what a build made: the people one can sign in as, and the ids of
// the things worth looking at.
type Demo struct {
	Federation string     `json:"federation"`
	People     []Person   `json:"people"`   // every member of the small demo; a sample of a large one
	Councils   []Place    `json:"councils"` // every council of the small demo; a sample of a large one
	Members    int64      `json:"members"`  // how many members in all
	Count      int64      `json:"council_count"`
	District   council.ID `json:"district,omitempty"`
	Region     council.ID `json:"region,omitempty"`
	Recalled   council.ID `json:"recalled,omitempty"`            // the delegate recalled
	Open       council.ID `json:"open_proposal,omitempty"`       // the district's open proposal with alternatives
	OpenLocal  council.ID `json:"open_local_proposal,omitempty"` // small: a neighbourhood council's open proposal with an alternative; large: the first base council's open question (every base council has one)
	Mandate    council.ID `json:"mandate,omitempty"`
	Tendency   council.ID `json:"tendency,omitempty"`
	Report     council.ID `json:"minority_report,omitempty"`

	// The small demo's planning cycle in the district.
	Period      council.ID `json:"plan_period,omitempty"`
	Variant     council.ID `json:"adopted_variant,omitempty"` // adopted by the delegates' ranked vote
	VariantName string     `json:"adopted_variant_name,omitempty"`
	Flagged     council.ID `json:"flagged_workplace,omitempty"`  // the workplace whose output report is flagged
	Exaggerated council.ID `json:"exaggerated_report,omitempty"` // that report
}

// Person is a demo member.
type Person struct {
	ID       council.ID `json:"id"`
	Name     string     `json:"name"`
	Councils []string   `json:"councils,omitempty"`
}

// Place is a demo council.
type Place struct {
	ID   council.ID `json:"id"`
	Name string     `json:"name"`
	Kind string     `json:"kind"`
}

// CycleSummary is one line about the small demo's planning cycle, for
// `commune demo` to print ("" when the demo ran none).
func (d *Demo) CycleSummary() string {
	if d.Period == 0 {
		return ""
	}
	return fmt.Sprintf("Plan period %d: the district's delegates adopted variant %d (%q) by ranked vote; workplace %d's output report %d is flagged (output nobody received).",
		d.Period, d.Variant, d.VariantName, d.Flagged, d.Exaggerated)
}
