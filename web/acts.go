package web

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"commune"
	"commune/council"
	"commune/store"
)

// actResponse answers every write: the indexes of the entries it put on
// the record (ask GET /record/entries/{index}/proof for their inclusion
// proofs), the record's size after the commit, the server time of the act,
// and the events themselves, from which a client reads the ids of what it
// created.
type actResponse struct {
	Entries []int64     `json:"entries"`
	Size    int64       `json:"size"`
	Time    int64       `json:"time"`
	Events  []eventJSON `json:"events"`
}

// eventJSON is one event as the record holds it: its kind and canonical
// JSON body.
type eventJSON struct {
	Kind string          `json:"kind"`
	Body json.RawMessage `json:"body"`
}

// newActResponse describes a receipt.
func newActResponse(rc store.Receipt) (actResponse, error) {
	out := actResponse{Entries: rc.Entries, Size: rc.Size, Time: rc.Time, Events: make([]eventJSON, 0, len(rc.Events))}
	if out.Entries == nil {
		out.Entries = []int64{}
	}
	for _, ev := range rc.Events {
		body, err := council.EncodeEvent(ev)
		if err != nil {
			return actResponse{}, err
		}
		out.Events = append(out.Events, eventJSON{Kind: ev.Kind(), Body: body})
	}
	return out, nil
}

// actRoute is the handler of a route that performs one council act: the
// body decodes strictly into the act, the path's {id} is bound into the
// act's field whose JSON name is field (unless field is ""), and the
// Service checks and commits it. The actor comes from the token, never
// from the body. Nothing is written when the act is refused.
func actRoute[A council.Act](s *Server, field string) handlerFunc {
	index := -1
	if field != "" {
		index = idField(reflect.TypeFor[A](), field)
	}
	return func(w http.ResponseWriter, r *http.Request, by council.Actor) error {
		var a A
		if err := decodeRequest(r.Body, maxBodyBytes, &a); err != nil {
			return err
		}
		if index >= 0 {
			f := reflect.ValueOf(&a).Elem().Field(index).Addr().Interface().(*council.ID)
			if err := bindID(r, "id", field, f); err != nil {
				return err
			}
		}
		return s.do(w, r, by, a)
	}
}

// idField returns the index of t's field of type council.ID whose JSON name
// is name. The routes table is fixed at compile time, so a wrong name is a
// programming error and panics when the server is built.
func idField(t reflect.Type, name string) int {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == name && f.Type == reflect.TypeFor[council.ID]() {
			return i
		}
	}
	panic(fmt.Sprintf("web: %v has no council.ID field with JSON name %q", t, name))
}

// do commits act for by and answers with its receipt.
func (s *Server) do(w http.ResponseWriter, r *http.Request, by council.Actor, act council.Act) error {
	rc, err := s.svc.Do(r.Context(), by, act)
	if err != nil {
		return err
	}
	resp, err := newActResponse(rc)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if len(rc.Entries) == 0 {
		// A repeated identical act (the same vote again) changes nothing.
		status = http.StatusOK
	}
	writeJSON(w, status, resp)
	return nil
}

// bindID sets *dst from the path wildcard name. A body that names a
// different id than the path is refused rather than silently overridden.
func bindID(r *http.Request, name, field string, dst *council.ID) error {
	id, err := pathID(r, name)
	if err != nil {
		return err
	}
	if *dst != 0 && *dst != id {
		return commune.Errorf(commune.EINVALID, reasonBadParam, "the body's %s (%d) differs from the path's (%d)", field, *dst, id)
	}
	*dst = id
	return nil
}

// newCode returns a fresh random invitation code (32 characters).
func newCode() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// actR is the routes-table line of a route performing act A, which needs a
// bearer token: the actor is always the token's member.
func actR[A council.Act](s *Server, method, path, field string) route {
	var zero A
	return route{method: method, path: path, auth: true, act: zero, handle: actRoute[A](s, field)}
}
