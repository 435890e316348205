package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"commune/council"
	"commune/record"
)

// federation is a small federation built through the API: two base
// councils, A (a workplace: Rosa, Ana, Ben) and B (a neighbourhood: Carla,
// Dan, Eve), both with short periods (discussion 1h, voting 1 day), and the
// federated council F (district) they form, with default statutes, whose
// delegates are Ana (elected by A) and Dan (elected by B).
type federation struct {
	*harness
	A, B, F                         council.ID
	rosa, ana, ben, carla, dan, eve member
}

// shortStatutes are A's and B's statutes: everything else default.
func shortStatutes() council.Statutes {
	st := council.DefaultStatutes()
	st.Discussion = council.Hour
	st.Voting = council.Day
	return st
}

func newFederation(t *testing.T) *federation {
	t.Helper()
	h := newHarness(t)
	f := &federation{harness: h, A: h.base, rosa: h.founder}
	f.ana = h.invite(f.rosa, f.A, "Ana")
	f.ben = h.invite(f.rosa, f.A, "Ben")
	f.carla = h.invite(f.rosa, f.A, "Carla")
	f.B = f.created(h.act("POST", "/api/v1/councils", f.carla, map[string]any{"name": "Bakery street", "kind": "neighbourhood"}), "council.founded", "council")
	h.act("POST", fmt.Sprintf("/api/v1/councils/%d/leave", f.A), f.carla, nil)
	f.dan = h.invite(f.carla, f.B, "Dan")
	f.eve = h.invite(f.carla, f.B, "Eve")

	// Both base councils shorten their periods, A founds the district.
	stA := f.proposal(h.act("POST", fmt.Sprintf("/api/v1/councils/%d/statutes", f.A), f.rosa, statutesRequest{Statutes: shortStatutes()}))
	stB := f.proposal(h.act("POST", fmt.Sprintf("/api/v1/councils/%d/statutes", f.B), f.carla, statutesRequest{Statutes: shortStatutes()}))
	fed := f.proposal(h.act("POST", fmt.Sprintf("/api/v1/councils/%d/proposals", f.A), f.rosa, map[string]any{
		"kind": "found_federation", "title": "Found the district", "motion": map[string]any{"name": "District"}}))
	h.tick(2 * council.Day) // discussion over
	for _, m := range []member{f.rosa, f.ana, f.ben} {
		f.vote(stA, m, "yes")
		f.vote(fed, m, "yes")
	}
	for _, m := range []member{f.carla, f.dan, f.eve} {
		f.vote(stB, m, "yes")
	}
	h.tick(3 * council.Day) // voting over
	created := f.closed(fed).Created
	if len(created) != 2 {
		t.Fatalf("found_federation created %v, want a council and an election", created)
	}
	f.F = created[0]
	electA := created[1]

	// B joins the district.
	join := f.proposal(h.act("POST", fmt.Sprintf("/api/v1/councils/%d/proposals", f.B), f.carla, map[string]any{
		"kind": "join", "title": "Join the district", "motion": map[string]any{"federation": f.F}}))
	h.act("POST", fmt.Sprintf("/api/v1/elections/%d/candidacies", electA), f.ana, nil)
	h.tick(council.Hour)
	for _, m := range []member{f.carla, f.dan, f.eve} {
		f.vote(join, m, "yes")
	}
	for _, m := range []member{f.rosa, f.ana, f.ben} {
		f.rank(electA, m, f.ana.ID)
	}
	h.tick(council.Day)
	if got := f.closed(join); !got.Passed || len(got.Created) != 1 {
		t.Fatalf("join: %+v", got)
	}
	electB := f.closed(join).Created[0]
	h.act("POST", fmt.Sprintf("/api/v1/elections/%d/candidacies", electB), f.dan, nil)
	h.tick(council.Hour)
	for _, m := range []member{f.carla, f.dan, f.eve} {
		f.rank(electB, m, f.dan.ID)
	}
	h.tick(council.Day)
	for _, d := range []member{f.ana, f.dan} {
		if got := f.seatStatus(d); got != "active" {
			t.Fatalf("%s's seat in the district: %q, want active", d.Name, got)
		}
	}
	return f
}

// proposal returns the id of the proposal a receipt made.
func (f *federation) proposal(rc actResponse) council.ID {
	return f.created(rc, "proposal.made", "proposal")
}

// created returns field of the first event of kind in a receipt.
func (f *federation) created(rc actResponse, kind, field string) council.ID {
	f.t.Helper()
	for _, ev := range rc.Events {
		if ev.Kind == kind {
			dec := json.NewDecoder(bytes.NewReader(ev.Body))
			dec.UseNumber()
			var raw map[string]any
			if err := dec.Decode(&raw); err != nil {
				f.t.Fatal(err)
			}
			n, ok := raw[field].(json.Number)
			if !ok {
				f.t.Fatalf("%s has no %s: %s", kind, field, ev.Body)
			}
			id, _ := n.Int64()
			return council.ID(id)
		}
	}
	f.t.Fatalf("no %s event in %+v", kind, rc.Events)
	return 0
}

// vote casts a yes/no/abstain vote on a proposal.
func (f *federation) vote(q council.ID, m member, choice string) actResponse {
	f.t.Helper()
	return f.act("POST", fmt.Sprintf("/api/v1/proposals/%d/votes", q), m, map[string]any{"choice": choice})
}

// rank casts a ballot ranking one candidate first.
func (f *federation) rank(election council.ID, m member, first council.ID) {
	f.t.Helper()
	f.act("POST", fmt.Sprintf("/api/v1/elections/%d/ballots", election), m, map[string]any{"ranking": [][]council.ID{{first}}})
}

// closed returns the proposal.closed event of proposal p, read from the
// record through the API.
func (f *federation) closed(p council.ID) council.ProposalClosed {
	f.t.Helper()
	for _, e := range f.entries("proposal.closed") {
		var ev council.ProposalClosed
		if err := json.Unmarshal(e.Body, &ev); err != nil {
			f.t.Fatal(err)
		}
		if ev.Proposal == p {
			return ev
		}
	}
	f.t.Fatalf("proposal %d is not closed", p)
	return council.ProposalClosed{}
}

// seatStatus is the status of m's latest seat in the district.
func (f *federation) seatStatus(m member) string {
	status := ""
	for _, row := range f.table("seats") {
		if row["member"] == int64(m.ID) && row["federation"] == int64(f.F) {
			status = row["status"].(string)
		}
	}
	return status
}

// entries returns the record's entries of one kind, read through the API.
func (h *harness) entries(kind string) []record.EntryJSON {
	h.t.Helper()
	var out []record.EntryJSON
	for from := int64(0); ; {
		var page entriesPage
		h.ok("GET", fmt.Sprintf("/api/v1/record/entries?from=%d", from), member{}, nil, &page)
		for _, e := range page.Entries {
			if e.Kind == kind {
				out = append(out, e)
			}
		}
		if page.To >= page.Size {
			return out
		}
		from = page.To
	}
}

// table returns a derived table's rows, read through the API, as maps from
// column name to int64 or string.
func (h *harness) table(name string) []map[string]any {
	h.t.Helper()
	status, data := h.call("GET", "/api/v1/record/tables/"+name, "", nil)
	if status != 200 {
		h.t.Fatalf("table %s: %d %s", name, status, data)
	}
	var raw struct {
		Columns []struct{ Name, Type string } `json:"columns"`
		Rows    [][]any                       `json:"rows"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		h.t.Fatal(err)
	}
	var out []map[string]any
	for _, r := range raw.Rows {
		m := map[string]any{}
		for i, c := range raw.Columns {
			switch v := r[i].(type) {
			case json.Number:
				n, _ := v.Int64()
				m[c.Name] = n
			default:
				m[c.Name] = v
			}
		}
		out = append(out, m)
	}
	return out
}

// row returns the row of a one-column-key table with key id.
func (h *harness) row(table string, id council.ID) map[string]any {
	h.t.Helper()
	for _, r := range h.table(table) {
		if r["id"] == int64(id) {
			return r
		}
	}
	h.t.Fatalf("table %s has no row %d", table, id)
	return nil
}
