// Package store keeps Commune's public record and the state derived from it.
//
// A Backend persists entries, their RFC 6962 tree hashes and the derived
// (query) tables in one transaction per batch. The Service holds the live
// council.State in memory, checks acts against it on a single writer
// goroutine and commits them in groups (group commit). Audit replays a
// record from any Reader and compares it with what is stored.
//
// This package does no SQL: the sqlite package implements Backend, and the
// conformance suite in store/storetest checks any implementation.
package store

import (
	"context"

	"commune/council"
	"commune/record"

	"golang.org/x/mod/sumdb/tlog"
)

// Reader is the read side of a record: what an auditor needs. A Backend is
// a Reader; so is Remote, which reads a running server's JSON API.
type Reader interface {
	// Size returns the number of entries on the record.
	Size(ctx context.Context) (int64, error)
	// Entries calls fn for every entry with from <= Index < to, in order,
	// stopping at the first error fn returns.
	Entries(ctx context.Context, from, to int64, fn func(record.Entry) error) error
	// Checkpoint returns the latest signed checkpoint (a note), or an
	// *commune.Error with code ENOTFOUND when none was saved yet.
	Checkpoint(ctx context.Context) ([]byte, error)
	// Rows calls fn for every row of a derived table, sorted by key (int64
	// and string values in column order; fn may keep the row), and returns
	// the record size the rows reflect (read consistently with them).
	Rows(ctx context.Context, table string, fn func(row []any) error) (size int64, err error)
}

// Backend persists the record, its tree hashes, the derived tables, the
// credentials and the installation settings. Credentials and settings are
// not on the public record. Methods are safe for concurrent use, but Append
// and the other writes are called by one writer at a time.
type Backend interface {
	Reader
	tlog.HashReader

	// Append writes entries (whose indexes must continue the record), the
	// tree hashes they create (whose stored-hash indexes must continue
	// those stored) and the derived-table changes they caused, in ONE
	// transaction, durable when Append returns. On error nothing is written.
	Append(ctx context.Context, entries []record.Entry, hashes []record.IndexedHash, changes []council.Change) error

	// SaveCheckpoint replaces the latest signed checkpoint, which covers
	// size entries. It need not be durable on return (a backend may defer
	// its sync to the next Append): after a crash the Service signs a new
	// one, and an older checkpoint is still a valid prefix of the record.
	SaveCheckpoint(ctx context.Context, size int64, signed []byte) error

	// SetPassword stores a member's password hash (PHC string, argon2id).
	SetPassword(ctx context.Context, member council.ID, hash string) error
	// Password returns a member's password hash, or ENOTFOUND.
	Password(ctx context.Context, member council.ID) (string, error)
	// AddToken stores the SHA-256 digest of a bearer token for a member.
	AddToken(ctx context.Context, digest [32]byte, member council.ID, created int64) error
	// TokenMember returns the member a token digest belongs to, or an
	// *commune.Error with code EUNAUTH if it is unknown or revoked.
	TokenMember(ctx context.Context, digest [32]byte) (council.ID, error)
	// RevokeToken revokes a token; revoking an unknown token is ENOTFOUND.
	RevokeToken(ctx context.Context, digest [32]byte, at int64) error
	// RevokeTokens revokes every token of a member (after a password reset).
	RevokeTokens(ctx context.Context, member council.ID, at int64) error

	// SetSetting stores an installation setting (such as the checkpoint
	// signing key); Setting returns it, or ENOTFOUND.
	SetSetting(ctx context.Context, name string, value []byte) error
	Setting(ctx context.Context, name string) ([]byte, error)

	// Close releases the backend's resources.
	Close() error
}
