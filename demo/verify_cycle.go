package demo

import (
	"fmt"

	"commune/council"
	"commune/cycle"
)

// verifyCycle checks the small demo's planning cycle: a period with its
// submissions, several variants and one adopted, its targets and
// allocations; the exaggerated output report flagged on its workplace and
// nowhere else; hours confirmed with deductions to the funds; goods drawn
// against certificates and free goods handed out; and the accounts'
// invariants. It returns the problems found.
func verifyCycle(s *council.State, d *Demo) []string {
	var bad []string
	p, ok := s.Period(d.Period)
	if !ok {
		return []string{fmt.Sprintf("no plan period %d", d.Period)}
	}
	if p.Status != council.PeriodAdopted || p.Adopted == 0 || p.Adopted != d.Variant || len(p.Variants) < 2 {
		bad = append(bad, fmt.Sprintf("period %d: status %s, adopted %d of %v; want variant %d adopted among 2 or more", p.ID, p.Status, p.Adopted, p.Variants, d.Variant))
	}
	if sub, _ := s.Submissions(d.Period); len(sub.Needs) == 0 || len(sub.Processes) == 0 {
		bad = append(bad, fmt.Sprintf("period %d has %d needs and %d processes submitted", p.ID, len(sub.Needs), len(sub.Processes)))
	}
	if len(s.Targets(d.Period, 0)) == 0 || len(s.Allocations(d.Period, 0)) == 0 {
		bad = append(bad, fmt.Sprintf("period %d's adopted plan has no targets or no allocations", p.ID))
	}
	flagged := map[council.ID]bool{}
	unreceived := false
	for _, l := range s.Flags(d.Period, 0) {
		flagged[council.ID(l.Workplace)] = true
		for _, f := range l.Flags {
			unreceived = unreceived || (f == cycle.Unreceived && council.ID(l.Workplace) == d.Flagged)
		}
	}
	if !unreceived || len(flagged) != 1 {
		bad = append(bad, fmt.Sprintf("flagged workplaces %v: want only %d, for output nobody received", flagged, d.Flagged))
	}
	report := false
	for _, r := range s.PlanReports(d.Period) {
		report = report || (r.ID == d.Exaggerated && r.Kind == "output" && r.Council == d.Flagged)
	}
	if !report {
		bad = append(bad, fmt.Sprintf("no output report %d of workplace %d", d.Exaggerated, d.Flagged))
	}
	confirmed := 0
	for _, h := range s.HoursReports(0) {
		if h.Status == "confirmed" && h.ConfirmedBy != h.Member {
			confirmed++
		}
	}
	if confirmed == 0 {
		bad = append(bad, "no hours confirmed")
	}
	funded := 0
	for _, f := range s.Funds() {
		if f.Balance > 0 {
			funded++
		}
	}
	if funded == 0 {
		bad = append(bad, "no fund received deductions")
	}
	paid, free := 0, 0
	for _, dr := range s.Draws(0) {
		switch {
		case dr.Free:
			free++
		case dr.Minutes > 0:
			paid++
		}
	}
	if paid == 0 || free == 0 || len(s.FreeGoods()) == 0 {
		bad = append(bad, fmt.Sprintf("%d goods drawn against certificates, %d free: want some of each", paid, free))
	}
	if err := s.CheckLedger(); err != nil {
		bad = append(bad, fmt.Sprintf("accounts: %v", err))
	}
	return bad
}
