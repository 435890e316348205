package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"commune/council"
	"commune/record"
	"commune/sqlite"
	"commune/store"
	"commune/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Backend {
		b, err := sqlite.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
}

func TestPragmas(t *testing.T) {
	dir := t.TempDir()
	b, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	db := plainDB(t, filepath.Join(dir, sqlite.FileName))
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v, want wal", mode, err)
	}
	for _, tb := range append(council.Tables(), council.Table{Name: "record_entries"}, council.Table{Name: "tokens"}) {
		var strict int
		if err := db.QueryRow(`SELECT strict FROM pragma_table_list WHERE name = ?`, tb.Name).Scan(&strict); err != nil || strict != 1 {
			t.Errorf("table %s: strict = %d, %v, want 1", tb.Name, strict, err)
		}
	}
	var version int
	if err := db.QueryRow(`SELECT max(version) FROM schema_version`).Scan(&version); err != nil || version < 1 {
		t.Errorf("schema_version = %d, %v", version, err)
	}
}

// plainDB opens the file with a plain connection, as a tamperer would.
func plainDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestReopenKeepsEverything(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	b, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	es := []record.Entry{{Index: 0, Time: 5, Actor: "server", Kind: "test.event", Body: []byte(`{}`)}}
	mem := new(record.MemoryHashes)
	hs, err := mem.Append(es[0].Encode())
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Append(ctx, es, hs, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.SaveCheckpoint(ctx, 1, []byte("cp\n")); err != nil {
		t.Fatal(err)
	}
	if err := b.SetSetting(ctx, "k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	b, err = sqlite.Open(dir)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer b.Close()
	if n, err := b.Size(ctx); n != 1 || err != nil {
		t.Errorf("Size after reopen = %d, %v", n, err)
	}
	if cp, err := b.Checkpoint(ctx); string(cp) != "cp\n" || err != nil {
		t.Errorf("Checkpoint after reopen = %q, %v", cp, err)
	}
	if v, err := b.Setting(ctx, "k"); string(v) != "v" || err != nil {
		t.Errorf("Setting after reopen = %q, %v", v, err)
	}
	if len(b.NewTables()) != 0 {
		t.Errorf("NewTables after reopen = %v, want none", b.NewTables())
	}
}

func TestSchemaMismatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	spec := []council.Table{{Name: "things", Columns: []council.Column{{Name: "id", Type: "INTEGER"}, {Name: "name", Type: "TEXT"}}, Key: 1}}
	b, err := sqlite.OpenFile(path, spec)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.NewTables(); len(got) != 1 || got[0] != "things" {
		t.Errorf("NewTables = %v, want [things]", got)
	}
	b.Close()
	tests := []struct {
		name string
		spec council.Table
		want string
	}{
		{"type", council.Table{Name: "things", Columns: []council.Column{{Name: "id", Type: "INTEGER"}, {Name: "name", Type: "INTEGER"}}, Key: 1}, "stored column 1"},
		{"name", council.Table{Name: "things", Columns: []council.Column{{Name: "id", Type: "INTEGER"}, {Name: "label", Type: "TEXT"}}, Key: 1}, "stored column 1"},
		{"key", council.Table{Name: "things", Columns: []council.Column{{Name: "id", Type: "INTEGER"}, {Name: "name", Type: "TEXT"}}, Key: 2}, "stored column 1"},
		{"more columns", council.Table{Name: "things", Columns: []council.Column{{Name: "id", Type: "INTEGER"}, {Name: "name", Type: "TEXT"}, {Name: "x", Type: "TEXT"}}, Key: 1}, "3"},
		{"fewer columns", council.Table{Name: "things", Columns: []council.Column{{Name: "id", Type: "INTEGER"}}, Key: 1}, "extra column"},
		{"reserved name", council.Table{Name: "tokens", Columns: []council.Column{{Name: "id", Type: "INTEGER"}}, Key: 1}, "not allowed"},
		{"bad type", council.Table{Name: "other", Columns: []council.Column{{Name: "id", Type: "REAL"}}, Key: 1}, "REAL"},
		{"no key", council.Table{Name: "other", Columns: []council.Column{{Name: "id", Type: "TEXT"}}, Key: 0}, "key"},
	}
	for _, tt := range tests {
		b, err := sqlite.OpenFile(path, []council.Table{tt.spec})
		if err == nil {
			b.Close()
			t.Errorf("%s: open succeeded", tt.name)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q does not mention %q", tt.name, err, tt.want)
		}
	}
	// The original spec still opens: a refused open changed nothing.
	b, err = sqlite.OpenFile(path, spec)
	if err != nil {
		t.Fatalf("reopen with the right spec: %v", err)
	}
	b.Close()
}

func TestNotStrictRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	db := plainDB(t, path)
	if _, err := db.Exec(`CREATE TABLE things (id INTEGER NOT NULL, PRIMARY KEY (id))`); err != nil {
		t.Fatal(err)
	}
	_, err := sqlite.OpenFile(path, []council.Table{{Name: "things", Columns: []council.Column{{Name: "id", Type: "INTEGER"}}, Key: 1}})
	if err == nil || !strings.Contains(err.Error(), "STRICT") {
		t.Errorf("open of a non-STRICT table: %v, want an error about STRICT", err)
	}
}
