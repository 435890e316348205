package web

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"

	"commune"
	"commune/council"
	"commune/record"
)

// keyedRoute is the handler of a route performing a keyed act of the
// labour-time accounts (report_hours, confirm_hours, draw_goods,
// correct_transfer). It is actRoute, except that a retry — the same key,
// actor and fields, which the domain answers with no new entries — is
// answered 200 with the original entry, so a client that lost the first
// answer learns the ids it created.
func keyedRoute[A council.Act](s *Server, field string, key func(A) string) handlerFunc {
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
		if err := keyedForm(a, key(a)); err != nil {
			return err
		}
		rc, err := s.svc.Do(r.Context(), by, a)
		if err != nil {
			return err
		}
		resp, err := newActResponse(rc)
		if err != nil {
			return err
		}
		if len(rc.Entries) > 0 {
			writeJSON(w, http.StatusCreated, resp)
			return nil
		}
		if e, ok, err := s.keyedEntry(r.Context(), by, key(a)); err != nil {
			return err
		} else if ok {
			resp.Entries = []int64{e.Index}
			resp.Time = e.Time
			resp.Events = []eventJSON{{Kind: e.Kind, Body: json.RawMessage(e.Body)}}
		}
		writeJSON(w, http.StatusOK, resp)
		return nil
	}
}

// keyedForm refuses, as a malformed request (400), a keyed act without its
// idempotency key and minutes that are not a positive whole number: they
// are the form of the request, which the domain would refuse anyway.
func keyedForm(a any, key string) error {
	if key == "" {
		return commune.Errorf(commune.EINVALID, reasonBadParam, "key is required: an idempotency key of your choosing")
	}
	if h, ok := a.(council.ReportHours); ok && h.Minutes <= 0 {
		return commune.Errorf(commune.EINVALID, reasonBadParam, "minutes must be a positive whole number, not %d", h.Minutes)
	}
	return nil
}

// keyedEntry finds the ledger entry by actor under idempotency key. Keys
// are unique on the record, and a retry usually follows its first attempt
// closely, so the record is scanned backwards a chunk at a time from its
// end (there is no index by key).
func (s *Server) keyedEntry(ctx context.Context, by council.Actor, key string) (record.Entry, bool, error) {
	const chunk = 4096
	actor := by.String()
	for hi := s.svc.Size(); hi > 0; hi -= chunk {
		var found record.Entry
		ok := false
		err := s.svc.Entries(ctx, max(hi-chunk, 0), hi, func(e record.Entry) error {
			if ok || e.Actor != actor || !strings.HasPrefix(e.Kind, "ledger.") {
				return nil
			}
			var body struct {
				Key string `json:"key"`
			}
			if json.Unmarshal(e.Body, &body) == nil && body.Key == key {
				found, ok = e, true
			}
			return nil
		})
		if err != nil || ok {
			return found, ok, err
		}
	}
	return record.Entry{}, false, nil
}

// actK is the routes-table line of a route performing keyed act A.
func actK[A council.Act](s *Server, method, path, field string, key func(A) string) route {
	var zero A
	return route{method: method, path: path, auth: true, act: zero, handle: keyedRoute(s, field, key)}
}

// Keys of the keyed acts, for actK.
func hoursKey(a council.ReportHours) string       { return a.Key }
func confirmKey(a council.ConfirmHours) string    { return a.Key }
func drawKey(a council.DrawGoods) string          { return a.Key }
func correctKey(a council.CorrectTransfer) string { return a.Key }
