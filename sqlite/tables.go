package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	"commune/council"
)

// reserved are this package's own tables: a derived table may not take
// their names.
var reserved = map[string]bool{
	"record_entries": true, "record_hashes": true, "record_checkpoint": true,
	"credentials": true, "tokens": true, "settings": true, "schema_version": true,
}

var identRE = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// table is a derived table and its SQL, built once at open.
type table struct {
	spec   council.Table
	create string
	upsert string // INSERT OR REPLACE of a whole row
	delete string // DELETE by key
	query  string // every row, sorted by key

	upsertStmt, deleteStmt *sql.Stmt // prepared on the writer
}

func newTable(t council.Table) (*table, error) {
	if !identRE.MatchString(t.Name) || reserved[t.Name] {
		return nil, fmt.Errorf("derived table %q: name not allowed", t.Name)
	}
	if t.Key < 1 || t.Key > len(t.Columns) {
		return nil, fmt.Errorf("derived table %s: key of %d columns out of range", t.Name, t.Key)
	}
	var cols, keys, marks, where []string
	seen := map[string]bool{}
	for i, c := range t.Columns {
		if !identRE.MatchString(c.Name) || seen[c.Name] {
			return nil, fmt.Errorf("derived table %s: column %q not allowed", t.Name, c.Name)
		}
		seen[c.Name] = true
		if c.Type != "INTEGER" && c.Type != "TEXT" {
			return nil, fmt.Errorf("derived table %s: column %s: type %q is not INTEGER or TEXT", t.Name, c.Name, c.Type)
		}
		cols = append(cols, c.Name)
		marks = append(marks, "?")
		if i < t.Key {
			keys = append(keys, c.Name)
			where = append(where, c.Name+" = ?")
		}
	}
	defs := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		defs[i] = fmt.Sprintf("%s %s NOT NULL", c.Name, c.Type)
	}
	return &table{
		spec: t,
		create: fmt.Sprintf("CREATE TABLE %s (%s, PRIMARY KEY (%s)) STRICT, WITHOUT ROWID",
			t.Name, strings.Join(defs, ", "), strings.Join(keys, ", ")),
		upsert: fmt.Sprintf("INSERT OR REPLACE INTO %s (%s) VALUES (%s)",
			t.Name, strings.Join(cols, ", "), strings.Join(marks, ", ")),
		delete: fmt.Sprintf("DELETE FROM %s WHERE %s", t.Name, strings.Join(where, " AND ")),
		query: fmt.Sprintf("SELECT %s FROM %s ORDER BY %s",
			strings.Join(cols, ", "), t.Name, strings.Join(keys, ", ")),
	}, nil
}

// openTables creates missing derived tables and checks existing ones
// against their specification.
func (b *Backend) openTables(ctx context.Context, specs []council.Table) error {
	b.tables = map[string]*table{}
	for _, spec := range specs {
		t, err := newTable(spec)
		if err != nil {
			return err
		}
		if b.tables[spec.Name] != nil {
			return fmt.Errorf("derived table %s listed twice", spec.Name)
		}
		b.tables[spec.Name] = t
		b.names = append(b.names, spec.Name)
		var n int
		err = b.writer.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, spec.Name).Scan(&n)
		if err != nil {
			return fmt.Errorf("derived table %s: %w", spec.Name, err)
		}
		if n == 0 {
			if _, err := b.writer.ExecContext(ctx, t.create); err != nil {
				return fmt.Errorf("derived table %s: %w", spec.Name, err)
			}
			b.fresh = append(b.fresh, spec.Name)
			continue
		}
		if err := checkTable(ctx, b.writer, spec); err != nil {
			return err
		}
	}
	for _, t := range b.tables {
		var err error
		if t.upsertStmt, err = b.writer.PrepareContext(ctx, t.upsert); err != nil {
			return fmt.Errorf("derived table %s: %w", t.spec.Name, err)
		}
		if t.deleteStmt, err = b.writer.PrepareContext(ctx, t.delete); err != nil {
			return fmt.Errorf("derived table %s: %w", t.spec.Name, err)
		}
	}
	return nil
}

// txStmts caches, for one transaction, the derived tables' statements
// bound to it.
type txStmts map[*sql.Stmt]*sql.Stmt

func (c txStmts) get(ctx context.Context, tx *sql.Tx, st *sql.Stmt) *sql.Stmt {
	s, ok := c[st]
	if !ok {
		s = tx.StmtContext(ctx, st)
		c[st] = s
	}
	return s
}

// checkTable compares a stored table's columns, types, primary key and
// strictness with its specification.
func checkTable(ctx context.Context, db *sql.DB, spec council.Table) error {
	rows, err := db.QueryContext(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`, spec.Name)
	if err != nil {
		return fmt.Errorf("derived table %s: %w", spec.Name, err)
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var name, typ string
		var notNull, pk int
		if err := rows.Scan(&name, &typ, &notNull, &pk); err != nil {
			return fmt.Errorf("derived table %s: %w", spec.Name, err)
		}
		if i >= len(spec.Columns) {
			return fmt.Errorf("derived table %s: stored schema has extra column %s", spec.Name, name)
		}
		c := spec.Columns[i]
		wantPK := 0
		if i < spec.Key {
			wantPK = i + 1
		}
		if name != c.Name || !strings.EqualFold(typ, c.Type) || pk != wantPK || notNull != 1 {
			return fmt.Errorf("derived table %s: stored column %d is %s %s (key %d), want %s %s (key %d)",
				spec.Name, i, name, typ, pk, c.Name, c.Type, wantPK)
		}
		i++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("derived table %s: %w", spec.Name, err)
	}
	if i != len(spec.Columns) {
		return fmt.Errorf("derived table %s: stored schema has %d columns, want %d", spec.Name, i, len(spec.Columns))
	}
	var strict int
	if err := db.QueryRowContext(ctx, `SELECT strict FROM pragma_table_list WHERE name = ?`, spec.Name).Scan(&strict); err != nil {
		return fmt.Errorf("derived table %s: %w", spec.Name, err)
	}
	if strict != 1 {
		return fmt.Errorf("derived table %s: stored table is not STRICT", spec.Name)
	}
	return nil
}

// value converts a row value to what the driver stores: int64 or string.
func value(v any) (any, error) {
	switch v := v.(type) {
	case int64, string:
		return v, nil
	case int:
		return int64(v), nil
	case int32:
		return int64(v), nil
	case council.ID:
		return int64(v), nil
	case bool:
		if v {
			return int64(1), nil
		}
		return int64(0), nil
	}
	return nil, fmt.Errorf("value %v of type %T is not an int64 or a string", v, v)
}

// writeChange applies one derived-table change inside tx.
func (b *Backend) writeChange(ctx context.Context, tx *sql.Tx, stmts txStmts, c council.Change) error {
	t := b.tables[c.Table]
	if t == nil {
		return fmt.Errorf("change to unknown derived table %q", c.Table)
	}
	n := len(t.spec.Columns)
	q := t.upsertStmt
	if c.Delete {
		n, q = t.spec.Key, t.deleteStmt
		if len(c.Row) < n {
			return fmt.Errorf("delete from %s: row has %d values, key needs %d", c.Table, len(c.Row), n)
		}
	} else if len(c.Row) != n {
		return fmt.Errorf("write to %s: row has %d values, want %d", c.Table, len(c.Row), n)
	}
	args := make([]any, n)
	for i := range args {
		v, err := value(c.Row[i])
		if err != nil {
			return fmt.Errorf("write to %s: column %s: %w", c.Table, t.spec.Columns[i].Name, err)
		}
		args[i] = v
	}
	if _, err := stmts.get(ctx, tx, q).ExecContext(ctx, args...); err != nil {
		return fmt.Errorf("write to %s: %w", c.Table, err)
	}
	return nil
}

// Rows calls fn for every row of a derived table, sorted by key, and
// returns the record size the rows reflect: they are read in one
// transaction with the size, so a concurrent Append cannot fall between.
func (b *Backend) Rows(ctx context.Context, name string, fn func(row []any) error) (int64, error) {
	t := b.tables[name]
	if t == nil {
		return 0, fmt.Errorf("sqlite: rows: %w", errUnknownTable(name))
	}
	tx, err := b.reader.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("sqlite: rows of %s: %w", name, err)
	}
	defer tx.Rollback()
	var size int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(idx) + 1, 0) FROM record_entries`).Scan(&size); err != nil {
		return 0, fmt.Errorf("sqlite: rows of %s: %w", name, err)
	}
	rows, err := tx.QueryContext(ctx, t.query)
	if err != nil {
		return 0, fmt.Errorf("sqlite: rows of %s: %w", name, err)
	}
	defer rows.Close()
	n := len(t.spec.Columns)
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, fmt.Errorf("sqlite: rows of %s: %w", name, err)
		}
		row := make([]any, n)
		for i, v := range vals {
			if bs, ok := v.([]byte); ok { // a BLOB smuggled into a table: show it as text
				v = string(bs)
			}
			row[i] = v
		}
		if err := fn(row); err != nil {
			return 0, err
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("sqlite: rows of %s: %w", name, err)
	}
	return size, nil
}
