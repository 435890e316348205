package web

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strconv"

	"commune"
	"commune/council"
	"commune/record"
	"commune/store"
)

// maxEntriesPerPage bounds one GET of entries; clients page with from/to.
const maxEntriesPerPage = 10_000

// getCheckpoint serves the latest signed checkpoint, a C2SP tlog-checkpoint
// note, as text: auditors verify its signature with the verification key.
func (s *Server) getCheckpoint(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	cp := s.svc.Checkpoint()
	if len(cp) == 0 {
		return commune.Errorf(commune.ENOTFOUND, "no_checkpoint", "no checkpoint signed yet")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(cp)
	return err
}

// getVerificationKey serves the note verifier key of the checkpoints.
func (s *Server) getVerificationKey(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte(s.svc.VerifierKey() + "\n"))
	return err
}

// entriesPage is the body of GET /record/entries, in the shape the store's
// Remote (commune audit URL) reads.
type entriesPage = store.EntriesPage

// getEntries serves entries from <= index < to (to defaults to the size of
// the record, and a page holds at most maxEntriesPerPage entries).
func (s *Server) getEntries(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	size := s.svc.Size()
	from, err := queryInt(r, "from", 0)
	if err != nil {
		return err
	}
	to, err := queryInt(r, "to", max(size, from))
	if err != nil {
		return err
	}
	if to < from {
		return paramError("to", strconv.FormatInt(to, 10), "must not be below from")
	}
	to = min(to, size)
	if to-from > maxEntriesPerPage {
		to = from + maxEntriesPerPage
	}
	to = max(to, from) // from beyond the end: an empty page
	page := entriesPage{From: from, To: to, Size: size, Entries: []record.EntryJSON{}}
	err = s.svc.Entries(r.Context(), from, to, func(e record.Entry) error {
		page.Entries = append(page.Entries, record.NewEntryJSON(e))
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

// getInclusion serves the proof that entry {index} is in the tree of size
// entries (default: the latest checkpoint's size).
func (s *Server) getInclusion(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	index, err := pathInt(r, "index")
	if err != nil {
		return err
	}
	size, err := queryInt(r, "size", 0)
	if err != nil {
		return err
	}
	if size == 0 {
		size = s.svc.Size()
	}
	if index >= size {
		return commune.Errorf(commune.ENOTFOUND, "no_entry", "no entry %d in a tree of %d entries", index, size)
	}
	e, err := s.svc.Entry(r.Context(), index)
	if err != nil {
		return err
	}
	p, err := s.svc.InclusionProof(r.Context(), index, size)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, record.NewInclusionJSON(index, size, e.LeafHash(), p))
	return nil
}

// getConsistency serves the proof that the tree of to entries (default:
// the latest) extends the tree of from entries.
func (s *Server) getConsistency(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	from, err := queryInt(r, "from", 0)
	if err != nil {
		return err
	}
	to, err := queryInt(r, "to", 0)
	if err != nil {
		return err
	}
	if to == 0 {
		to = s.svc.Size()
	}
	p, err := s.svc.ConsistencyProof(r.Context(), from, to)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, record.NewConsistencyJSON(from, to, p))
	return nil
}

// getTable streams a derived table's rows, sorted by key, as
// {"table": name, "columns": [...], "size": N, "rows": [[...], ...]}
// where size is the record size the rows reflect. Rows stream one by one:
// a table of a large federation does not sit in memory twice.
func (s *Server) getTable(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	name := r.PathValue("name")
	spec, ok := store.TableSpec(name)
	if !ok {
		return commune.Errorf(commune.ENOTFOUND, "unknown_table", "no derived table %q", name)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	tc := make([]store.TableColumn, len(spec.Columns))
	for i, c := range spec.Columns {
		tc[i] = store.TableColumn{Name: c.Name, Type: c.Type}
	}
	cols, _ := json.Marshal(tc)
	started := false
	size, err := s.svc.Table(r.Context(), name, func(row []any) error {
		if !started {
			started = true
			bw.WriteString(`{"table":` + strconv.Quote(name) + `,"columns":` + string(cols) + `,"rows":[`)
		} else {
			bw.WriteByte(',')
		}
		return enc.Encode(row)
	})
	if err != nil {
		if !started {
			return err
		}
		// Too late for a status: cut the body short so the client's JSON
		// decoder fails rather than reading a partial table as whole.
		s.log.Error("stream table", "table", name, "err", err)
		bw.Flush()
		panic(http.ErrAbortHandler)
	}
	if !started {
		bw.WriteString(`{"table":` + strconv.Quote(name) + `,"columns":` + string(cols) + `,"rows":[`)
	}
	bw.WriteString(`],"size":` + strconv.FormatInt(size, 10) + "}\n")
	return bw.Flush()
}
