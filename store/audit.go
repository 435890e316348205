package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"commune"
	"commune/council"
	"commune/record"
)

// Report summarises an audit.
type Report struct {
	Entries    int64         // entries replayed (the record's size)
	TreeSize   int64         // entries the signed checkpoint covers
	Root       tlog.Hash     // the checkpoint's root hash
	Origin     string        // the checkpoint's origin (the log's name)
	Tables     int           // derived tables compared
	Rows       int64         // derived rows compared
	HashesRead bool          // the stored tree hashes were compared one by one
	Elapsed    time.Duration // wall time of the whole audit
}

// EntriesPerSecond is the audit's replay rate.
func (r Report) EntriesPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Entries) / r.Elapsed.Seconds()
}

// Discrepancy is an audit failure: the first place where the record, its
// tree, its checkpoint or the derived tables disagree.
type Discrepancy struct {
	Index  int64  // the entry implicated, -1 if none can be named
	Table  string // for a derived-table discrepancy: the table
	Key    string // and the row's key, such as "(12, 40)"
	Reason string

	key []any // the row's key values, to find the entry that wrote it
}

// Error implements error.
func (d *Discrepancy) Error() string {
	var b strings.Builder
	b.WriteString("audit: ")
	if d.Table != "" {
		fmt.Fprintf(&b, "derived table %s differs at key %s", d.Table, d.Key)
		if d.Index >= 0 {
			fmt.Fprintf(&b, " (last written by entry %d)", d.Index)
		}
		fmt.Fprintf(&b, ": %s", d.Reason)
		return b.String()
	}
	if d.Index >= 0 {
		fmt.Fprintf(&b, "entry %d: ", d.Index)
	}
	b.WriteString(d.Reason)
	return b.String()
}

// Audit verifies a record: the checkpoint's signature by vkey, the tree
// recomputed from the entries against the stored hashes (when r can read
// them) and the checkpoint, a replay of every entry into a fresh
// council.State (an entry Apply refuses fails there), and every derived
// table row by row against the replayed state. The first problem is
// returned as a *Discrepancy naming the entry; other errors are faults of
// reading. The report is filled as far as the audit got.
func Audit(ctx context.Context, r Reader, vkey string) (rep Report, err error) {
	start := time.Now()
	defer func() { rep.Elapsed = time.Since(start) }()

	signed, err := r.Checkpoint(ctx)
	if err != nil {
		if commune.ErrorCode(err) == commune.ENOTFOUND {
			return rep, &Discrepancy{Index: -1, Reason: "no signed checkpoint"}
		}
		return rep, fmt.Errorf("audit: %w", err)
	}
	cp, err := record.Open(signed, vkey)
	if err != nil {
		return rep, &Discrepancy{Index: -1, Reason: "checkpoint: " + commune.ErrorMessage(err)}
	}
	rep.TreeSize, rep.Root, rep.Origin = cp.Size, cp.Hash, cp.Origin

	size, err := r.Size(ctx)
	if err != nil {
		return rep, fmt.Errorf("audit: %w", err)
	}
	a := &auditor{r: r, st: council.New(), v: record.NewVerifier()}
	hr, hasHashes := r.(tlog.HashReader)
	var (
		compared bool
		cmpErr   error
	)
	compare := func() {
		compared = true
		_, cmpErr = a.v.CompareStored(hr)
	}
	var after func()
	if hasHashes {
		after = compare // while the replay stage still works
	}
	treeErr, replayErr := feed(ctx, r, a.st, a.v, 0, size, after)
	rep = a.report(rep)
	if replayErr != nil && hasHashes && !compared {
		compare() // the hashes of the entries read so far
	}
	// The earliest failure wins: an entry the replay refuses may be the
	// consequence of an earlier entry changed in place (a vote altered,
	// then its tally refused), which the stored hashes name.
	var found *Discrepancy
	for _, err := range []error{treeErr, replayErr, cmpErr} {
		if err == nil {
			continue
		}
		d, ok := asDiscrepancy(err)
		if !ok {
			return rep, fmt.Errorf("audit: %w", err)
		}
		if found == nil || d.Index >= 0 && (found.Index < 0 || d.Index < found.Index) {
			found = d
		}
	}
	if found != nil {
		return rep, found
	}
	if got := a.v.Size(); got != size {
		return rep, &Discrepancy{Index: got, Reason: fmt.Sprintf("entry missing: the record has %d entries, read only %d", size, got)}
	}
	rep.HashesRead = compared
	if err := a.v.Check(cp); err != nil {
		return rep, verifyDiscrepancy(err)
	}
	for _, t := range council.Tables() {
		if err := a.compareTable(ctx, t); err != nil {
			return a.report(rep), err
		}
		rep.Tables++
	}
	return a.report(rep), nil
}

// verifyDiscrepancy turns a record verification failure into a Discrepancy.
func verifyDiscrepancy(err error) error {
	if d, ok := asDiscrepancy(err); ok {
		return d
	}
	return fmt.Errorf("audit: %w", err)
}

// asDiscrepancy returns the Discrepancy err is or describes (a record
// verification failure), and false for other errors (faults of reading).
func asDiscrepancy(err error) (*Discrepancy, bool) {
	var d *Discrepancy
	if errors.As(err, &d) {
		return d, true
	}
	var ve *record.VerifyError
	if errors.As(err, &ve) {
		return &Discrepancy{Index: ve.Index, Reason: verifyReason(ve.Err)}, true
	}
	return nil, false
}

func verifyReason(err error) string {
	var ce *commune.Error
	if errors.As(err, &ce) {
		return ce.Message
	}
	return err.Error()
}

// auditor is the audit's replay: a fresh state and tree fed with entries.
type auditor struct {
	r    Reader
	st   *council.State
	v    *record.Verifier
	rows int64
}

func (a *auditor) report(rep Report) Report {
	rep.Entries = a.v.Size()
	rep.Rows = a.rows
	return rep
}

// replayTo feeds the entries from the current size up to size (a live
// record that grew while the audit read it).
func (a *auditor) replayTo(ctx context.Context, size int64) error {
	from := a.v.Size()
	if size <= from {
		return nil
	}
	treeErr, replayErr := feed(ctx, a.r, a.st, a.v, from, size, nil)
	if replayErr != nil {
		return replayErr
	}
	if treeErr != nil {
		return verifyDiscrepancy(treeErr)
	}
	if got := a.v.Size(); got != size {
		return &Discrepancy{Index: got, Reason: fmt.Sprintf("entry missing: the record has %d entries, read only %d", size, got)}
	}
	return nil
}

// tableRetries bounds how often compareTable chases a live record that
// grows while its table is read.
const tableRetries = 5

// compareTable compares a stored derived table with the replayed state's,
// row by row. If the record grew meanwhile (a live server), it replays the
// new entries and reads the table again.
func (a *auditor) compareTable(ctx context.Context, t council.Table) error {
	for try := 0; ; try++ {
		want := sortedRows(t, a.st.Rows(t.Name))
		var first *Discrepancy
		i := 0
		var n int64
		size, err := a.r.Rows(ctx, t.Name, func(row []any) error {
			n++
			if first != nil {
				return nil
			}
			for i < len(want) && compareKeys(t, want[i], row) < 0 {
				first = rowDiscrepancy(t, want[i], "row missing from the stored table; replay gives "+formatRow(want[i]))
				return nil
			}
			if i < len(want) && compareKeys(t, want[i], row) == 0 {
				if !equalRows(want[i], row) {
					first = rowDiscrepancy(t, row, "stored "+formatRow(row)+", replay gives "+formatRow(want[i]))
				}
				i++
				return nil
			}
			first = rowDiscrepancy(t, row, "stored row "+formatRow(row)+" is not in the replayed state")
			return nil
		})
		if err != nil {
			return fmt.Errorf("audit: table %s: %w", t.Name, err)
		}
		if first == nil && i < len(want) {
			first = rowDiscrepancy(t, want[i], "row missing from the stored table; replay gives "+formatRow(want[i]))
		}
		if size != a.v.Size() && try < tableRetries {
			if size < a.v.Size() {
				return fmt.Errorf("audit: table %s reflects %d entries, fewer than the %d already read", t.Name, size, a.v.Size())
			}
			if err := a.replayTo(ctx, size); err != nil {
				return err
			}
			continue
		}
		if size != a.v.Size() {
			return fmt.Errorf("audit: table %s: the record keeps growing; try again", t.Name)
		}
		a.rows += n
		if first != nil {
			first.Index = a.lastWriter(ctx, t, first.key)
			return first
		}
		return nil
	}
}

// rowDiscrepancy describes a row that differs; its entry is found later.
func rowDiscrepancy(t council.Table, row []any, reason string) *Discrepancy {
	key := row[:min(t.Key, len(row))]
	return &Discrepancy{Index: -1, Table: t.Name, Key: formatRow(key), Reason: reason, key: key}
}

// lastWriter replays the record again, in a second fresh state, to find
// the last entry whose changes touched the row with this key. It runs only
// after a discrepancy was found, so audits that pass pay nothing for it.
func (a *auditor) lastWriter(ctx context.Context, t council.Table, key []any) int64 {
	st := council.New()
	last := int64(-1)
	err := a.r.Entries(ctx, 0, a.v.Size(), func(e record.Entry) error {
		if err := applyEntry(st, e); err != nil {
			return err
		}
		for _, c := range st.TakeChanges() {
			if c.Table == t.Name && len(c.Row) >= t.Key && compareKeys(t, c.Row, key) == 0 {
				last = e.Index
			}
		}
		return nil
	})
	if err != nil {
		return -1
	}
	return last
}

// sortedRows normalises the state's rows to int64 and string values and
// sorts them by key as the store does (integers by value, text bytewise).
func sortedRows(t council.Table, rows [][]any) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		nr := make([]any, len(r))
		for j, v := range r {
			nr[j] = normalise(v)
		}
		out[i] = nr
	}
	sort.SliceStable(out, func(i, j int) bool { return compareKeys(t, out[i], out[j]) < 0 })
	return out
}

func normalise(v any) any {
	switch v := v.(type) {
	case int:
		return int64(v)
	case int32:
		return int64(v)
	case council.ID:
		return int64(v)
	case bool:
		if v {
			return int64(1)
		}
		return int64(0)
	case []byte:
		return string(v)
	}
	return v
}

// compareKeys orders two rows by their first t.Key values.
func compareKeys(t council.Table, a, b []any) int {
	for k := 0; k < t.Key && k < len(a) && k < len(b); k++ {
		if c := compareValues(normalise(a[k]), normalise(b[k])); c != 0 {
			return c
		}
	}
	return 0
}

// compareValues orders int64 before string, int64 numerically and strings
// bytewise, as SQLite's BINARY collation does.
func compareValues(a, b any) int {
	ai, aInt := a.(int64)
	bi, bInt := b.(int64)
	switch {
	case aInt && bInt:
		switch {
		case ai < bi:
			return -1
		case ai > bi:
			return 1
		}
		return 0
	case aInt:
		return -1
	case bInt:
		return 1
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func equalRows(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if normalise(a[i]) != normalise(b[i]) {
			return false
		}
	}
	return true
}

func formatRow(row []any) string {
	parts := make([]string, len(row))
	for i, v := range row {
		if s, ok := v.(string); ok {
			parts[i] = fmt.Sprintf("%q", s)
		} else {
			parts[i] = fmt.Sprint(v)
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
