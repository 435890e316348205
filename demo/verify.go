package demo

import (
	"fmt"
	"strings"

	"commune/council"
)

// Verify checks that state s holds everything the small demo promises:
// at least three workplace and three neighbourhood councils, a district
// and a regional congress with elected delegates, a passed recall whose
// seat is marked recalled, an open proposal with a competing alternative,
// a mandate on it, a tendency with a minority report on it, and a whole
// planning cycle (verifyCycle). It reads the derived tables and the
// state's read helpers, so it checks what the API and the audit see.
func Verify(s *council.State, d *Demo) error {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	id := func(v any) council.ID { return council.ID(v.(int64)) }

	kinds := map[string]int{}
	for _, r := range s.Rows("councils") {
		kinds[r[2].(string)]++
	}
	if kinds[council.KindWorkplace] < 3 || kinds[council.KindNeighbourhood] < 3 || kinds[council.KindFederated] < 2 {
		bad("councils by kind %v: want at least 3 workplace, 3 neighbourhood, 2 federated", kinds)
	}
	constituents := map[council.ID]int{}
	for _, r := range s.Rows("constituents") {
		constituents[id(r[0])]++
	}
	if constituents[d.District] < 2 {
		bad("district %d has %d constituent councils, want at least 2", d.District, constituents[d.District])
	}
	if constituents[d.Region] < 2 {
		bad("regional congress %d has %d constituent councils, want at least 2", d.Region, constituents[d.Region])
	}
	active := map[council.ID]int{}
	recalledSeat := false
	for _, r := range s.Rows("seats") {
		switch st := r[6].(string); {
		case st == council.SeatActive:
			active[id(r[2])]++
		case st == council.SeatRecalled && id(r[1]) == d.Recalled && id(r[2]) == d.District:
			recalledSeat = true
		}
	}
	if active[d.District] < 2 || active[d.Region] < 2 {
		bad("active delegates: district %d, regional congress %d; want at least 2 each", active[d.District], active[d.Region])
	}
	if !recalledSeat {
		bad("member %d's seat in the district is not marked recalled", d.Recalled)
	}
	recalled := false
	for _, r := range s.Rows("recalls") {
		if id(r[3]) == d.Recalled && r[9].(string) == council.RecallPassed {
			recalled = true
		}
	}
	if !recalled {
		bad("no passed recall of member %d", d.Recalled)
	}
	open, local := false, false
	for _, r := range s.Rows("proposals") {
		if id(r[0]) == d.Open && id(r[1]) == d.District && r[10].(string) == council.StatusVoting {
			open = true
		}
		if id(r[0]) == d.OpenLocal && r[10].(string) == council.StatusVoting {
			local = true
		}
	}
	if !open {
		bad("proposal %d is not open for voting in the district", d.Open)
	}
	if !local {
		bad("proposal %d is not open for voting", d.OpenLocal)
	}
	alternatives := 0
	for _, r := range s.Rows("amendments") {
		if id(r[1]) == d.Open && r[4].(string) == "alternative" {
			alternatives++
		}
	}
	if alternatives == 0 {
		bad("proposal %d has no competing alternative", d.Open)
	}
	mandate := false
	for _, r := range s.Rows("mandates") {
		if id(r[0]) == d.Mandate && id(r[2]) == d.Open {
			mandate = true
		}
	}
	if !mandate {
		bad("no mandate %d on proposal %d", d.Mandate, d.Open)
	}
	tendency := false
	for _, r := range s.Rows("tendencies") {
		if id(r[0]) == d.Tendency && r[5].(string) == "active" && r[6].(int64) >= 2 {
			tendency = true
		}
	}
	if !tendency {
		bad("tendency %d is not active with at least 2 members", d.Tendency)
	}
	report := false
	for _, r := range s.Rows("minority_reports") {
		if id(r[0]) == d.Report && id(r[1]) == d.Tendency && id(r[2]) == d.Open {
			report = true
		}
	}
	if !report {
		bad("no minority report %d of tendency %d on proposal %d", d.Report, d.Tendency, d.Open)
	}
	problems = append(problems, verifyCycle(s, d)...)
	if len(problems) > 0 {
		return fmt.Errorf("demo: %s", strings.Join(problems, "; "))
	}
	return nil
}
