package ui

import (
	"fmt"

	"commune/council"
)

// allPages lists a path for every kind of page of the demo federation:
// each council, member, proposal, election, recall, referendum and
// tendency it holds, the record, an entry and the plan.
func (f *fixture) allPages() []string {
	paths := []string{"/", "/signin", "/settings", "/councils", "/tendencies", "/record", "/record/entries/0", "/plan", "/join/no-such-invitation-code"}
	f.svc.View(func(st *council.State) {
		for _, c := range st.Councils() {
			paths = append(paths, fmt.Sprintf("/councils/%d", c.ID))
			for _, p := range st.ProposalsOf(c.ID) {
				paths = append(paths, fmt.Sprintf("/proposals/%d", p.ID))
			}
			for _, e := range st.ElectionsOf(c.ID) {
				paths = append(paths, fmt.Sprintf("/elections/%d", e.ID))
			}
			for _, r := range st.RecallsOf(c.ID) {
				paths = append(paths, fmt.Sprintf("/recalls/%d", r.ID))
			}
		}
		for _, m := range st.Members() {
			paths = append(paths, fmt.Sprintf("/members/%d", m.ID))
		}
		for _, r := range st.Referendums() {
			paths = append(paths, fmt.Sprintf("/referendums/%d", r.ID))
		}
		for _, t := range st.Tendencies() {
			paths = append(paths, fmt.Sprintf("/tendencies/%d", t.ID))
		}
	})
	return dedupe(paths)
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	out := s[:0]
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
