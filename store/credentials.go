package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"sync"

	"commune"
	"commune/council"
)

// dummyHash is verified against when a member has no password, so a
// sign-in for an unknown member takes as long as one for a known member.
// It is computed on first use, not at start-up.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("commune: no such member")
	return h
})

// SetPassword stores an argon2id hash of a member's password (off the
// record). Changing a password does not revoke tokens; call RevokeTokens.
func (s *Service) SetPassword(ctx context.Context, member council.ID, password string) error {
	if len(password) < 8 {
		return commune.Errorf(commune.EINVALID, "weak_password", "a password needs at least 8 characters")
	}
	h, err := HashPassword(password)
	if err != nil {
		return err
	}
	if err := s.backend.SetPassword(ctx, member, h); err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	return nil
}

// CheckPassword returns nil if password is the member's, and an
// *commune.Error with code EUNAUTH otherwise (unknown member included).
func (s *Service) CheckPassword(ctx context.Context, member council.ID, password string) error {
	h, err := s.backend.Password(ctx, member)
	switch commune.ErrorCode(err) {
	case "":
	case commune.ENOTFOUND:
		h = dummyHash()
	default:
		return fmt.Errorf("check password: %w", err)
	}
	ok, verr := VerifyPassword(h, password)
	if verr != nil {
		return fmt.Errorf("check password of member %d: %w", member, verr)
	}
	if !ok || err != nil {
		return commune.Errorf(commune.EUNAUTH, "bad_credentials", "wrong member or password")
	}
	return nil
}

// NewToken creates a random bearer token for a member and stores its
// SHA-256 digest. The token itself is returned once and never stored.
func (s *Service) NewToken(ctx context.Context, member council.ID) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("new token: %w", err)
	}
	tok := base64.RawURLEncoding.EncodeToString(raw)
	if err := s.backend.AddToken(ctx, sha256.Sum256([]byte(tok)), member, s.opt.Clock()); err != nil {
		return "", fmt.Errorf("new token: %w", err)
	}
	return tok, nil
}

// Authenticate returns the member a bearer token belongs to, or EUNAUTH.
func (s *Service) Authenticate(ctx context.Context, token string) (council.ID, error) {
	if token == "" {
		return 0, commune.Errorf(commune.EUNAUTH, "no_token", "a bearer token is required")
	}
	digest := sha256.Sum256([]byte(token))
	if m, ok := s.tokens.get(digest); ok {
		return m, nil
	}
	m, err := s.backend.TokenMember(ctx, digest)
	if err == nil {
		s.tokens.put(digest, m)
	}
	return m, err
}

// RevokeToken revokes one bearer token (signing out).
func (s *Service) RevokeToken(ctx context.Context, token string) error {
	digest := sha256.Sum256([]byte(token))
	// Forget it first: a request racing the revocation may still pass,
	// but none after RevokeToken returns.
	s.tokens.forget(digest)
	err := s.backend.RevokeToken(ctx, digest, s.opt.Clock())
	s.tokens.forget(digest)
	return err
}

// RevokeTokens revokes every bearer token of a member (after a password
// reset).
func (s *Service) RevokeTokens(ctx context.Context, member council.ID) error {
	s.tokens.forgetMember(member)
	err := s.backend.RevokeTokens(ctx, member, s.opt.Clock())
	s.tokens.forgetMember(member)
	return err
}

// tokenCache remembers tokens the backend has confirmed. It is only sound
// because one Service writes a data directory at a time (the CLI's lock),
// so every revocation passes through the Service that holds the cache.
// It holds at most tokenCacheMax tokens and starts afresh when full.
type tokenCache struct {
	mu sync.Mutex
	m  map[[sha256.Size]byte]council.ID
}

const tokenCacheMax = 1 << 16

func (c *tokenCache) get(d [sha256.Size]byte) (council.ID, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m, ok := c.m[d]
	return m, ok
}

func (c *tokenCache) put(d [sha256.Size]byte, member council.ID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= tokenCacheMax {
		c.m = make(map[[sha256.Size]byte]council.ID)
	}
	c.m[d] = member
}

func (c *tokenCache) forget(d [sha256.Size]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, d)
}

func (c *tokenCache) forgetMember(member council.ID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for d, m := range c.m {
		if m == member {
			delete(c.m, d)
		}
	}
}
