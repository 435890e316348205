package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"commune/record"
	"commune/store"
)

// recordServer serves the JSON shapes of docs/storage.md from a Service,
// in pages of at most pageSize entries; beforeTables runs before the first
// table is served (to grow the record under the auditor).
func recordServer(t *testing.T, svc *store.Service, pageSize int64, beforeTables func()) *httptest.Server {
	var once sync.Once
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/record/checkpoint", func(w http.ResponseWriter, r *http.Request) {
		w.Write(svc.Checkpoint())
	})
	mux.HandleFunc("GET /api/v1/record/verification-key", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(svc.VerifierKey() + "\n"))
	})
	mux.HandleFunc("GET /api/v1/record/entries", func(w http.ResponseWriter, r *http.Request) {
		from, _ := strconv.ParseInt(r.URL.Query().Get("from"), 10, 64)
		to, _ := strconv.ParseInt(r.URL.Query().Get("to"), 10, 64)
		size := svc.Size()
		to = min(to, size, from+pageSize)
		p := store.EntriesPage{From: from, To: max(from, to), Size: size, Entries: []record.EntryJSON{}}
		svc.Entries(r.Context(), from, to, func(e record.Entry) error {
			p.Entries = append(p.Entries, record.NewEntryJSON(e))
			return nil
		})
		json.NewEncoder(w).Encode(p)
	})
	mux.HandleFunc("GET /api/v1/record/tables/{name}", func(w http.ResponseWriter, r *http.Request) {
		if beforeTables != nil {
			once.Do(beforeTables)
		}
		var rows [][]any
		size, err := svc.Table(r.Context(), r.PathValue("name"), func(row []any) error {
			rows = append(rows, row)
			return nil
		})
		if err != nil {
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"error":{"code":"not_found","message":"no such table"}}`))
			return
		}
		spec, _ := store.TableSpec(r.PathValue("name"))
		cols := make([]store.TableColumn, len(spec.Columns))
		for i, c := range spec.Columns {
			cols[i] = store.TableColumn{Name: c.Name, Type: c.Type}
		}
		if rows == nil {
			rows = [][]any{}
		}
		json.NewEncoder(w).Encode(map[string]any{"table": spec.Name, "columns": cols, "rows": rows, "size": size})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestRemoteAudit audits over HTTP with small pages, while the record
// grows between reading the entries and reading the tables.
func TestRemoteAudit(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 6, store.Options{})
	openVoting(t, f)
	grow := func() {
		for _, m := range f.members[1:] {
			if _, err := f.svc.Do(ctx, member(m), vote(f.question, "no")); err != nil {
				t.Error(err)
			}
		}
	}
	srv := recordServer(t, f.svc, 3, grow)
	r, err := store.NewRemote(srv.URL+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	vkey, err := r.VerifierKey(ctx)
	if err != nil || vkey != f.svc.VerifierKey() {
		t.Fatalf("VerifierKey = %q, %v", vkey, err)
	}
	before := f.svc.Size()
	rep, err := store.Audit(ctx, r, vkey)
	if err != nil {
		t.Fatalf("remote audit: %v", err)
	}
	if rep.Entries != f.svc.Size() || rep.Entries <= before || rep.TreeSize != before {
		t.Errorf("audited %d entries (checkpoint %d); the record grew from %d to %d", rep.Entries, rep.TreeSize, before, f.svc.Size())
	}
	if rep.HashesRead {
		t.Error("a remote audit claims to have read stored hashes")
	}
	if _, err := r.Rows(ctx, "no_such_table", func([]any) error { return nil }); err == nil {
		t.Error("Rows of an unknown table succeeded")
	}
}

// TestRemoteAuditTamperedRow: a server whose stored row differs from the
// replay fails the remote audit, naming the row and its entry.
func TestRemoteAuditTamperedRow(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 3, store.Options{})
	openVoting(t, f)
	if _, err := plainDB(t, f.dir).Exec(`UPDATE memberships SET since = since + 1 WHERE member = ?`, f.members[2]); err != nil {
		t.Fatal(err)
	}
	srv := recordServer(t, f.svc, 4, nil)
	r, _ := store.NewRemote(srv.URL, nil)
	_, err := store.Audit(ctx, r, f.svc.VerifierKey())
	var d *store.Discrepancy
	if !errors.As(err, &d) || d.Table != "memberships" || d.Index < 0 {
		t.Fatalf("remote audit of a tampered server: %v, want a discrepancy in memberships naming an entry", err)
	}
	if !strings.Contains(err.Error(), "last written by entry") {
		t.Errorf("discrepancy %q does not name the entry", err)
	}
}

func TestNewRemoteRefusesBadURLs(t *testing.T) {
	for _, u := range []string{"", "ftp://x", "http://", "://x", "localhost:8080"} {
		if _, err := store.NewRemote(u, nil); err == nil {
			t.Errorf("NewRemote(%q) succeeded", u)
		}
	}
}
