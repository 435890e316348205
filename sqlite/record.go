package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"commune"
	"commune/council"
	"commune/record"

	"golang.org/x/mod/sumdb/tlog"
)

func errUnknownTable(name string) error {
	return commune.Errorf(commune.ENOTFOUND, "unknown_table", "no derived table %q", name)
}

// Append writes entries, their tree hashes and the derived-table changes in
// one transaction. It checks that entries continue the record and that the
// hashes are exactly the ones the new size needs, so a stale writer (for
// example a second process) fails instead of forking the record.
func (b *Backend) Append(ctx context.Context, entries []record.Entry, hashes []record.IndexedHash, changes []council.Change) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	tx, err := b.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: append: %w", err)
	}
	defer tx.Rollback()
	if err := b.append(ctx, tx, entries, hashes, changes); err != nil {
		return fmt.Errorf("sqlite: append: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: append: commit: %w", err)
	}
	return nil
}

func (b *Backend) append(ctx context.Context, tx *sql.Tx, entries []record.Entry, hashes []record.IndexedHash, changes []council.Change) error {
	var size, nhashes int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(idx) + 1, 0) FROM record_entries`).Scan(&size); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(idx) + 1, 0) FROM record_hashes`).Scan(&nhashes); err != nil {
		return err
	}
	if nhashes != tlog.StoredHashCount(size) {
		return fmt.Errorf("stored record has %d entries but %d hashes", size, nhashes)
	}
	newSize := size + int64(len(entries))
	if want := tlog.StoredHashCount(newSize) - nhashes; int64(len(hashes)) != want {
		return fmt.Errorf("%d entries need %d new hashes, got %d", len(entries), want, len(hashes))
	}
	if len(entries) > 0 {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO record_entries (idx, time, actor, kind, body) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for i, e := range entries {
			if e.Index != size+int64(i) {
				return fmt.Errorf("entry index %d, want %d", e.Index, size+int64(i))
			}
			body := e.Body
			if body == nil {
				body = []byte{}
			}
			if _, err := ins.ExecContext(ctx, e.Index, e.Time, e.Actor, e.Kind, body); err != nil {
				return fmt.Errorf("entry %d: %w", e.Index, err)
			}
		}
	}
	if len(hashes) > 0 {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO record_hashes (idx, hash) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for i, h := range hashes {
			if h.Index != nhashes+int64(i) {
				return fmt.Errorf("hash index %d, want %d", h.Index, nhashes+int64(i))
			}
			if _, err := ins.ExecContext(ctx, h.Index, h.Hash[:]); err != nil {
				return fmt.Errorf("hash %d: %w", h.Index, err)
			}
		}
	}
	stmts := txStmts{}
	for _, c := range changes {
		if err := b.writeChange(ctx, tx, stmts, c); err != nil {
			return err
		}
	}
	return nil
}

// Size returns the number of entries on the record.
func (b *Backend) Size(ctx context.Context) (int64, error) {
	var n int64
	if err := b.reader.QueryRowContext(ctx, `SELECT coalesce(max(idx) + 1, 0) FROM record_entries`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: size: %w", err)
	}
	return n, nil
}

// Entries calls fn for every entry with from <= Index < to, in order.
func (b *Backend) Entries(ctx context.Context, from, to int64, fn func(record.Entry) error) error {
	rows, err := b.reader.QueryContext(ctx,
		`SELECT idx, time, actor, kind, body FROM record_entries WHERE idx >= ? AND idx < ? ORDER BY idx`, from, to)
	if err != nil {
		return fmt.Errorf("sqlite: entries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e record.Entry
		if err := rows.Scan(&e.Index, &e.Time, &e.Actor, &e.Kind, &e.Body); err != nil {
			return fmt.Errorf("sqlite: entries: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: entries: %w", err)
	}
	return nil
}

// ReadHashes returns the stored tree hashes at the given stored-hash
// indexes (tlog.HashReader). Runs of consecutive indexes are read with one
// range query, which is what an audit's sequential scan asks for.
func (b *Backend) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	ctx := context.Background()
	out := make([]tlog.Hash, len(indexes))
	conn, err := b.reader.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read hashes: %w", err)
	}
	defer conn.Close()
	for i := 0; i < len(indexes); {
		j := i + 1
		for j < len(indexes) && indexes[j] == indexes[j-1]+1 {
			j++
		}
		if err := readHashRun(ctx, conn, indexes[i], out[i:j]); err != nil {
			return nil, fmt.Errorf("sqlite: read hashes: %w", err)
		}
		i = j
	}
	return out, nil
}

// readHashRun fills out with the hashes at indexes first, first+1, ...
func readHashRun(ctx context.Context, conn *sql.Conn, first int64, out []tlog.Hash) error {
	if len(out) == 1 {
		var h []byte
		err := conn.QueryRowContext(ctx, `SELECT hash FROM record_hashes WHERE idx = ?`, first).Scan(&h)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no stored hash at index %d", first)
		} else if err != nil {
			return err
		}
		return copyHash(&out[0], h, first)
	}
	rows, err := conn.QueryContext(ctx, `SELECT idx, hash FROM record_hashes WHERE idx >= ? AND idx < ? ORDER BY idx`,
		first, first+int64(len(out)))
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var idx int64
		var h []byte
		if err := rows.Scan(&idx, &h); err != nil {
			return err
		}
		if idx != first+int64(n) {
			return fmt.Errorf("no stored hash at index %d", first+int64(n))
		}
		if err := copyHash(&out[n], h, idx); err != nil {
			return err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n != len(out) {
		return fmt.Errorf("no stored hash at index %d", first+int64(n))
	}
	return nil
}

func copyHash(dst *tlog.Hash, h []byte, idx int64) error {
	if len(h) != tlog.HashSize {
		return fmt.Errorf("stored hash %d has %d bytes", idx, len(h))
	}
	copy(dst[:], h)
	return nil
}

// Checkpoint returns the latest signed checkpoint, or ENOTFOUND.
func (b *Backend) Checkpoint(ctx context.Context) ([]byte, error) {
	var signed []byte
	err := b.reader.QueryRowContext(ctx, `SELECT signed FROM record_checkpoint WHERE id = 1`).Scan(&signed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, commune.Errorf(commune.ENOTFOUND, "no_checkpoint", "no checkpoint has been signed yet")
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: checkpoint: %w", err)
	}
	return signed, nil
}

// SaveCheckpoint replaces the latest checkpoint. It commits without its
// own fsync (synchronous=NORMAL for this one transaction): in WAL mode the
// next Append's fsync makes it durable, and a crash before that leaves the
// previous checkpoint, still a valid signature over a prefix of the record.
// That spares one fsync per group commit.
func (b *Backend) SaveCheckpoint(ctx context.Context, size int64, signed []byte) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	conn, err := b.writer.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: save checkpoint: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL`); err != nil {
		return fmt.Errorf("sqlite: save checkpoint: %w", err)
	}
	defer conn.ExecContext(context.Background(), `PRAGMA synchronous = FULL`)
	_, err = conn.ExecContext(ctx, `INSERT INTO record_checkpoint (id, size, signed) VALUES (1, ?, ?)
		ON CONFLICT (id) DO UPDATE SET size = excluded.size, signed = excluded.signed`, size, signed)
	if err != nil {
		return fmt.Errorf("sqlite: save checkpoint: %w", err)
	}
	return nil
}
