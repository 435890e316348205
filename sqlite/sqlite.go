// Package sqlite implements store.Backend on SQLite through the pure-Go
// driver modernc.org/sqlite.
//
// The database runs in WAL mode with synchronous=FULL (a commit is on disk
// when it returns), foreign keys on and STRICT tables. One connection
// writes; a small pool of read-only connections serves reads, which WAL
// lets run beside the writer. The schema of the record, credentials and
// settings comes from embedded migrations; the derived (query) tables are
// created from council.Tables() and checked against it at every open.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"

	"commune/council"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// FileName is the database file inside a data directory.
const FileName = "commune.db"

// readers is the size of the read-only connection pool.
const readers = 4

// Backend is a store.Backend on one SQLite database file.
type Backend struct {
	path   string
	writer *sql.DB // exactly one connection: SQLite has one writer anyway
	reader *sql.DB // query_only connections

	tables map[string]*table // derived tables by name
	names  []string          // derived table names in council.Tables() order
	fresh  []string          // derived tables this open created

	mu sync.Mutex // serialises writes, so Append's checks see a stable record
}

// Open opens (creating if needed) the database DIR/commune.db with the
// derived tables of council.Tables().
func Open(dir string) (*Backend, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return OpenFile(filepath.Join(dir, FileName), council.Tables())
}

// OpenFile opens (creating if needed) the database at path with the given
// derived tables. Existing derived tables must match their specification
// exactly (names, types, key and STRICT); missing ones are created empty
// and listed by NewTables.
func OpenFile(path string, tables []council.Table) (*Backend, error) {
	b := &Backend{path: path}
	var err error
	b.writer, err = sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	b.writer.SetMaxOpenConns(1)
	b.writer.SetMaxIdleConns(1)
	b.writer.SetConnMaxLifetime(0)
	b.writer.SetConnMaxIdleTime(0)
	ctx := context.Background()
	if err := b.writer.PingContext(ctx); err != nil {
		b.writer.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := migrate(ctx, b.writer); err != nil {
		b.writer.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	if err := b.openTables(ctx, tables); err != nil {
		b.writer.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	b.reader, err = sql.Open("sqlite", dsn(path, true))
	if err != nil {
		b.writer.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	b.reader.SetMaxOpenConns(readers)
	b.reader.SetMaxIdleConns(readers)
	return b, nil
}

// dsn builds the driver's connection string. Every connection gets the
// same pragmas; readers are also query_only, so a bug cannot write
// through them.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Path returns the database file's path.
func (b *Backend) Path() string { return b.path }

// NewTables lists the derived tables that this open created because the
// database lacked them. On a database with entries they must be filled
// (the Service does it by writing the replayed state's rows).
func (b *Backend) NewTables() []string { return append([]string(nil), b.fresh...) }

// Close closes both connection pools.
func (b *Backend) Close() error {
	for _, t := range b.tables {
		t.upsertStmt.Close()
		t.deleteStmt.Close()
	}
	err := b.reader.Close()
	if werr := b.writer.Close(); err == nil {
		err = werr
	}
	if err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}
