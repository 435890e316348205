package ui

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"commune"
	"commune/record"
	"commune/store"
)

// entriesShown is how many entries the record page lists at once.
const entriesShown = 25

// entryRow is one entry as the record pages show it.
type entryRow struct {
	record.Entry
	Pretty string // the body, indented
}

// auditResult is the outcome of the last audit run from the record page.
type auditResult struct {
	At      time.Time
	OK      bool
	Report  store.Report
	Problem string
	Entry   int64 // the entry implicated, -1 if none
}

// recordData is the public record's page.
type recordData struct {
	Size       int64
	Checkpoint string
	Verifier   string
	Entries    []entryRow
	From       int64 // the first entry listed (entries are newest first)
	Older      int64 // the ?before= of the next older page, -1 if none
	Audit      *auditResult
}

func (u *UI) getRecord(w http.ResponseWriter, r *http.Request, p *page) error {
	d := recordData{Size: u.svc.Size(), Checkpoint: string(u.svc.Checkpoint()), Verifier: u.svc.VerifierKey()}
	before := d.Size
	if s := r.URL.Query().Get("before"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return commune.Errorf(commune.EINVALID, "bad_parameter", "before must be an entry index")
		}
		before = min(n, d.Size)
	}
	from := max(0, before-entriesShown)
	err := u.svc.Entries(r.Context(), from, before, func(e record.Entry) error {
		d.Entries = append(d.Entries, entryRow{Entry: e})
		return nil
	})
	if err != nil {
		return err
	}
	for i, j := 0, len(d.Entries)-1; i < j; i, j = i+1, j-1 {
		d.Entries[i], d.Entries[j] = d.Entries[j], d.Entries[i]
	}
	d.From, d.Older = from, -1
	if from > 0 {
		d.Older = from
	}
	u.auditMu.Lock()
	d.Audit = u.lastAudit
	u.auditMu.Unlock()
	p.Title = p.T("record.title")
	p.Data = d
	return u.render(w, r, http.StatusOK, "record", p)
}

// entryData is one entry with its inclusion proof.
type entryData struct {
	entryRow
	Size     int64
	Root     string
	Proof    []string
	Verified bool
	Leaf     string
}

func (u *UI) getEntry(w http.ResponseWriter, r *http.Request, p *page) error {
	n, err := strconv.ParseInt(r.PathValue("index"), 10, 64)
	if err != nil || n < 0 {
		return commune.Errorf(commune.ENOTFOUND, "bad_index", "%q is not an entry index", r.PathValue("index"))
	}
	e, err := u.svc.Entry(r.Context(), n)
	if err != nil {
		return err
	}
	cp, err := record.Open(u.svc.Checkpoint(), u.svc.VerifierKey())
	if err != nil {
		return fmt.Errorf("entry page: checkpoint: %w", err)
	}
	if e.Index >= cp.Size {
		return commune.Errorf(commune.ENOTFOUND, "not_checkpointed", "entry %d is not covered by the checkpoint yet", n)
	}
	proof, err := u.svc.InclusionProof(r.Context(), e.Index, cp.Size)
	if err != nil {
		return err
	}
	leaf := e.LeafHash()
	d := entryData{entryRow: entryRow{Entry: e, Pretty: pretty(e.Body)}, Size: cp.Size,
		Root: base64.StdEncoding.EncodeToString(cp.Hash[:]), Leaf: base64.StdEncoding.EncodeToString(leaf[:])}
	for _, h := range proof {
		d.Proof = append(d.Proof, base64.StdEncoding.EncodeToString(h[:]))
	}
	// Check the proof here too, as any reader could: the page says so.
	d.Verified = record.VerifyInclusionHash(proof, cp.Size, cp.Hash, e.Index, leaf) == nil
	p.Title = p.T("entry.title", "n", p.Num(e.Index))
	p.Data = d
	return u.render(w, r, http.StatusOK, "entry", p)
}

// pretty indents a JSON body for reading; anything else is shown as is.
func pretty(b []byte) string {
	var out bytes.Buffer
	if json.Indent(&out, b, "", "  ") != nil {
		return string(b)
	}
	return out.String()
}

// postAudit runs the audit (checkpoint signature, tree, replay of every
// entry and comparison of every derived table) and shows its result on the
// record page. Anyone may ask: it reads only public data. Only one audit
// runs at a time.
func (u *UI) postAudit(w http.ResponseWriter, r *http.Request, p *page) error {
	if !u.auditMu.TryLock() {
		return commune.Errorf(commune.ECONFLICT, "audit_running", "an audit is already running; try again when it ends")
	}
	res := &auditResult{At: time.Now(), Entry: -1}
	rep, err := store.Audit(r.Context(), u.svc.Backend(), u.svc.VerifierKey())
	res.Report = rep
	if err == nil {
		res.OK = true
	} else {
		var d *store.Discrepancy
		if asDiscrepancy(err, &d) {
			res.Problem, res.Entry = d.Error(), d.Index
		} else {
			u.log.Error("audit", "err", err)
			res.Problem = "the audit could not read the record"
		}
	}
	u.lastAudit = res
	u.auditMu.Unlock()
	http.Redirect(w, r, "/record#audit", http.StatusSeeOther)
	return nil
}
