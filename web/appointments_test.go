package web

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"commune/council"
)

// TestNoAppointments walks the routes table: no route gives anyone an
// office without an election by the body the office answers to.
//
// Statically: no route is an operator's, no act a route performs names
// the holder of an office except to recall them. Dynamically: a member
// fires every write route with every id in reach as path and body ids;
// afterwards no seat exists that an election closed by the server did not
// fill.
func TestNoAppointments(t *testing.T) {
	s := &Server{}
	recallActs := map[string]bool{"OpenRecall": true, "SignRecallPetition": true}
	var writes []route
	for _, rt := range s.routes() {
		if strings.Contains(rt.path, "admin") || strings.Contains(rt.path, "operator") {
			t.Errorf("%s %s: an operator's route in the API", rt.method, rt.path)
		}
		if rt.method == "GET" {
			if rt.act != nil {
				t.Errorf("GET %s performs an act", rt.path)
			}
			continue
		}
		if rt.act == nil {
			if rt.path != "/api/v1/session" {
				t.Errorf("%s %s: a write route that names no act", rt.method, rt.path)
			}
			continue
		}
		writes = append(writes, rt)
		typ := reflect.TypeOf(rt.act)
		if _, ok := rt.act.(council.OperatorNote); ok {
			t.Errorf("%s %s: operators act only through commune admin", rt.method, rt.path)
		}
		for i := range typ.NumField() {
			tag, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			switch tag {
			case "delegate", "elected", "seat", "seats", "office", "winner":
				if !recallActs[typ.Name()] {
					t.Errorf("%s %s: act %s names an office holder (%s)", rt.method, rt.path, typ.Name(), tag)
				}
			}
		}
	}

	// Dynamically: Ben, a member of A who holds no office, tries everything.
	f := newFederation(t)
	recall := f.created(f.act("POST", "/api/v1/recalls", f.rosa, map[string]any{"federation": f.F, "delegate": f.ana.ID}), "recall.opened", "recall")
	for _, m := range []member{f.rosa, f.ben} {
		f.act("POST", fmt.Sprintf("/api/v1/recalls/%d/votes", recall), m, map[string]any{"choice": "yes"})
	}
	f.tick(council.Day) // Ana's seat is vacant; a by-election is open
	seatsBefore := activeSeats(f)
	var ids []council.ID
	for id := council.ID(1); id <= 60; id++ { // every object so far (members, councils, questions...)
		ids = append(ids, id)
	}
	if f.svc.Size() == 0 || f.F > 60 || f.ben.ID > 60 {
		t.Fatalf("the fixture grew: ids up to 60 no longer cover it (F=%d)", f.F)
	}
	accepted := 0
	for _, rt := range writes {
		for _, id := range ids {
			path := strings.ReplaceAll(rt.path, "{id}", fmt.Sprint(id))
			body := fill(reflect.TypeOf(rt.act), id, f.ben.ID)
			// Ben, and Ben claiming to act for Ana (the actor is never read
			// from the body, so the extra field is refused).
			if status, _ := f.call(rt.method, path, f.ben.Token, body); status/100 == 2 {
				accepted++
			}
			if id == f.F {
				body["actor"] = fmt.Sprintf("member:%d", f.ana.ID)
				if status, _ := f.call(rt.method, path, f.ben.Token, body); status != 400 {
					t.Errorf("%s %s with an actor in the body: status %d, want 400", rt.method, path, status)
				}
			}
		}
	}
	if accepted < 5 {
		t.Fatalf("only %d of Ben's attempts were accepted: the walk did not reach the acts", accepted)
	}
	after := activeSeats(f)
	for k := range after {
		if !seatsBefore[k] {
			t.Errorf("seat %s appeared without an election closing", k)
		}
	}
	// Ben stood in the by-election (a candidacy is no office); only when
	// the server closes it do the electors' ballots give the seat.
	f.tick(council.Hour)
	f.tick(council.Day)
	// Every seat ever held was filled by an election the server closed.
	elected := map[string]bool{}
	for _, e := range f.entries("election.closed") {
		if e.Actor != "server" {
			t.Errorf("entry %d: an election closed by %s", e.Index, e.Actor)
		}
		var ev council.ElectionClosed
		if err := json.Unmarshal(e.Body, &ev); err != nil {
			t.Fatal(err)
		}
		for _, m := range ev.Elected {
			elected[fmt.Sprintf("%d/%d", ev.Election, m)] = true
		}
	}
	for _, row := range f.table("seats") {
		if k := fmt.Sprintf("%d/%d", row["election"], row["member"]); !elected[k] {
			t.Errorf("seat %s (election/member) was not filled by an election", k)
		}
	}
	if len(f.table("seats")) == 0 {
		t.Fatal("no seats at all: the test proves nothing")
	}
}

// activeSeats lists the active seats as "federation/member".
func activeSeats(f *federation) map[string]bool {
	out := map[string]bool{}
	for _, row := range f.table("seats") {
		if row["status"] == "active" {
			out[fmt.Sprintf("%d/%d", row["federation"], row["member"])] = true
		}
	}
	return out
}

// fill builds a JSON body for an act type with every id field set to id
// and plausible values elsewhere (self is the acting member).
func fill(t reflect.Type, id, self council.ID) map[string]any {
	body := map[string]any{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "" || tag == "-" {
			continue
		}
		switch {
		case f.Type == reflect.TypeFor[council.ID]():
			body[tag] = id
		case f.Type == reflect.TypeFor[[][]council.ID]():
			body[tag] = [][]council.ID{{self}, {id}}
		case f.Type.Kind() == reflect.String:
			body[tag] = map[string]string{"choice": "yes", "kind": "text", "code": "a-code-of-sixteen-chars"}[tag]
			if body[tag] == "" {
				body[tag] = "x"
			}
		case f.Type == reflect.TypeFor[council.Motion]():
			body[tag] = map[string]any{"federation": id, "member": self, "target": id}
		}
	}
	if slices.Contains([]string{"Propose"}, t.Name()) {
		body["kind"] = "join"
	}
	return body
}
