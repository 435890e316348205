package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"commune"
	"commune/council"

	"commune/sqlite"
	"commune/store"
)

func plainDB(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.FileName)+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestAuditTamper changes the SQLite file behind the store's back, as an
// insider would, and checks that the audit fails and names the entry.
func TestAuditTamper(t *testing.T) {
	// locate gives the SQL that finds, before tampering, the entry the
	// audit must name.
	tests := []struct {
		name     string
		sql      string
		locate   string
		wantText string
	}{
		{
			name:     "entry body",
			sql:      `UPDATE record_entries SET body = CAST(replace(CAST(body AS TEXT), '"yes"', '"no"') AS BLOB) WHERE idx = (SELECT min(idx) FROM record_entries WHERE kind = 'vote.cast')`,
			locate:   `SELECT min(idx) FROM record_entries WHERE kind = 'vote.cast'`,
			wantText: "entry",
		},
		{
			name:     "vote row",
			sql:      `UPDATE votes SET choice = 'no' WHERE voter = %[2]d`,
			locate:   `SELECT max(idx) FROM record_entries WHERE kind = 'vote.cast' AND actor = 'member:%[2]d'`,
			wantText: "derived table votes differs at key",
		},
		{
			name:     "deleted vote row",
			sql:      `DELETE FROM votes WHERE voter = %[3]d`,
			locate:   `SELECT max(idx) FROM record_entries WHERE kind = 'vote.cast' AND actor = 'member:%[3]d'`,
			wantText: "row missing",
		},
		{
			name:     "stored tally",
			sql:      `UPDATE proposals SET yes = yes + 1 WHERE id = %[1]d`,
			locate:   `SELECT max(idx) FROM record_entries WHERE kind = 'proposal.closed'`,
			wantText: "derived table proposals differs at key",
		},
		{
			name:     "stored hash",
			sql:      `UPDATE record_hashes SET hash = zeroblob(32) WHERE idx = 7`,
			locate:   `SELECT 4`, // stored hash 7 is entry 4's leaf
			wantText: "stored",
		},
		{
			name:     "deleted last entry",
			sql:      `DELETE FROM record_entries WHERE idx = (SELECT max(idx) FROM record_entries)`,
			locate:   `SELECT max(idx) FROM record_entries`,
			wantText: "checkpoint covers",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t, 5, store.Options{})
			for i, m := range f.members[:4] {
				if _, err := f.svc.Do(ctx, member(m), vote(f.question, "yes")); err != nil {
					t.Fatalf("vote %d: %v", i, err)
				}
			}
			// Past the voting period: the next batch closes the proposal
			// and records its tally (the late vote itself is refused).
			f.clock.Add(council.DefaultStatutes().Voting)
			if _, err := f.svc.Do(ctx, member(f.members[4]), vote(f.question, "no")); commune.ErrorReason(err) != "voting_closed" {
				t.Fatalf("late vote: %v, want voting_closed", err)
			}
			vkey := f.svc.VerifierKey()
			if _, err := store.Audit(ctx, f.backend, vkey); err != nil {
				t.Fatalf("audit before tampering: %v", err)
			}
			f.close(t)
			db := plainDB(t, f.dir)
			args := []any{f.question, f.members[1], f.members[2]}
			var want int64
			if err := db.QueryRow(fill(tt.locate, args)).Scan(&want); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(fill(tt.sql, args)); err != nil {
				t.Fatal(err)
			}
			b, err := sqlite.Open(f.dir)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			_, err = store.Audit(ctx, b, vkey)
			var d *store.Discrepancy
			if !errors.As(err, &d) {
				t.Fatalf("audit after tampering: %v, want a discrepancy", err)
			}
			t.Log(err)
			if d.Index != want {
				t.Errorf("discrepancy names entry %d, want %d: %v", d.Index, want, err)
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("discrepancy %q does not say %q", err, tt.wantText)
			}
		})
	}
}

func TestAuditWrongKey(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 2, store.Options{})
	other := newFixture(t, 1, store.Options{Origin: "commune"})
	_, err := store.Audit(ctx, f.backend, other.svc.VerifierKey())
	var d *store.Discrepancy
	if !errors.As(err, &d) || !strings.Contains(err.Error(), "checkpoint") {
		t.Errorf("audit with another log's key: %v, want a checkpoint discrepancy", err)
	}
}

// fill substitutes the fixture's ids into a statement that names them as
// %[1]d (question), %[2]d and %[3]d (members).
func fill(sql string, args []any) string {
	if !strings.Contains(sql, "%[") {
		return sql
	}
	return fmt.Sprintf(sql, args...)
}
