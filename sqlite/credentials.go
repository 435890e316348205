package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"commune"
	"commune/council"
)

// SetPassword stores a member's password hash, replacing any earlier one.
func (b *Backend) SetPassword(ctx context.Context, member council.ID, hash string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, err := b.writer.ExecContext(ctx, `INSERT INTO credentials (member, hash) VALUES (?, ?)
		ON CONFLICT (member) DO UPDATE SET hash = excluded.hash`, int64(member), hash)
	if err != nil {
		return fmt.Errorf("sqlite: set password: %w", err)
	}
	return nil
}

// Password returns a member's password hash, or ENOTFOUND.
func (b *Backend) Password(ctx context.Context, member council.ID) (string, error) {
	var h string
	err := b.reader.QueryRowContext(ctx, `SELECT hash FROM credentials WHERE member = ?`, int64(member)).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", commune.Errorf(commune.ENOTFOUND, "no_password", "member %d has no password", member)
	} else if err != nil {
		return "", fmt.Errorf("sqlite: password: %w", err)
	}
	return h, nil
}

// AddToken stores a token digest for a member.
func (b *Backend) AddToken(ctx context.Context, digest [32]byte, member council.ID, created int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, err := b.writer.ExecContext(ctx, `INSERT INTO tokens (digest, member, created) VALUES (?, ?, ?)`,
		digest[:], int64(member), created)
	if err != nil {
		return fmt.Errorf("sqlite: add token: %w", err)
	}
	return nil
}

// TokenMember returns the member a live token belongs to, or EUNAUTH.
func (b *Backend) TokenMember(ctx context.Context, digest [32]byte) (council.ID, error) {
	var m int64
	err := b.reader.QueryRowContext(ctx, `SELECT member FROM tokens WHERE digest = ? AND revoked IS NULL`, digest[:]).Scan(&m)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, commune.Errorf(commune.EUNAUTH, "bad_token", "the token is unknown or revoked")
	} else if err != nil {
		return 0, fmt.Errorf("sqlite: token: %w", err)
	}
	return council.ID(m), nil
}

// RevokeToken marks a token revoked at the given time.
func (b *Backend) RevokeToken(ctx context.Context, digest [32]byte, at int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	res, err := b.writer.ExecContext(ctx, `UPDATE tokens SET revoked = coalesce(revoked, ?) WHERE digest = ?`, at, digest[:])
	if err != nil {
		return fmt.Errorf("sqlite: revoke token: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("sqlite: revoke token: %w", err)
	} else if n == 0 {
		return commune.Errorf(commune.ENOTFOUND, "no_token", "no such token")
	}
	return nil
}

// RevokeTokens revokes every live token of a member.
func (b *Backend) RevokeTokens(ctx context.Context, member council.ID, at int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, err := b.writer.ExecContext(ctx, `UPDATE tokens SET revoked = ? WHERE member = ? AND revoked IS NULL`, at, int64(member))
	if err != nil {
		return fmt.Errorf("sqlite: revoke tokens: %w", err)
	}
	return nil
}

// SetSetting stores an installation setting.
func (b *Backend) SetSetting(ctx context.Context, name string, value []byte) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if value == nil {
		value = []byte{}
	}
	_, err := b.writer.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
	if err != nil {
		return fmt.Errorf("sqlite: set setting: %w", err)
	}
	return nil
}

// Setting returns an installation setting, or ENOTFOUND.
func (b *Backend) Setting(ctx context.Context, name string) ([]byte, error) {
	var v []byte
	err := b.reader.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = ?`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, commune.Errorf(commune.ENOTFOUND, "no_setting", "no setting %q", name)
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: setting: %w", err)
	}
	return v, nil
}
