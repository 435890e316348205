package store

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"

	"commune"
)

// Argon2id parameters for new password hashes: the OWASP minimum for
// argon2id (19 MiB, 2 passes, 1 lane), chosen so that a small shared
// server can afford sign-ins. Hashes record their own parameters, so these
// can be raised later without invalidating old ones.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// HashPassword returns an argon2id hash of password with a random salt, in
// the PHC string format:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (unpadded standard base64).
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches an argon2id PHC hash,
// comparing in constant time. A malformed hash is an error.
func VerifyPassword(phc, password string) (bool, error) {
	p, err := ParsePHC(phc)
	if err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(password), p.Salt, p.Time, p.Memory, p.Threads, uint32(len(p.Key)))
	return subtle.ConstantTimeCompare(key, p.Key) == 1, nil
}

// PHC is a parsed argon2id hash string.
type PHC struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	Salt    []byte
	Key     []byte
}

// Limits that keep a stored (or hostile) hash from making verification
// absurdly expensive.
const (
	maxArgonMemory = 1 << 21 // 2 GiB in KiB
	maxArgonTime   = 64
)

// ParsePHC parses an argon2id PHC string as HashPassword writes it.
func ParsePHC(s string) (PHC, error) {
	bad := func(format string, args ...any) (PHC, error) {
		return PHC{}, commune.Errorf(commune.EINVALID, "bad_password_hash", "password hash: "+format, args...)
	}
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" {
		return bad("want 5 '$'-separated fields")
	}
	if parts[1] != "argon2id" {
		return bad("algorithm %q is not argon2id", parts[1])
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("version %q is not v=%d", parts[2], argon2.Version)
	}
	var p PHC
	params := strings.Split(parts[3], ",")
	if len(params) != 3 {
		return bad("want parameters m=,t=,p=")
	}
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(params[i], name+"=")
		if !ok {
			return bad("parameter %d is not %s=", i+1, name)
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n == 0 || (v[0] == '0') {
			return bad("parameter %s=%q is not a positive integer", name, v)
		}
		switch name {
		case "m":
			if n > maxArgonMemory {
				return bad("memory %d KiB is too large", n)
			}
			p.Memory = uint32(n)
		case "t":
			if n > maxArgonTime {
				return bad("time %d is too large", n)
			}
			p.Time = uint32(n)
		case "p":
			if n > 255 {
				return bad("parallelism %d is too large", n)
			}
			p.Threads = uint8(n)
		}
	}
	if p.Memory < 8*uint32(p.Threads) {
		return bad("memory %d KiB is below 8 KiB per lane", p.Memory)
	}
	var err error
	if p.Salt, err = base64.RawStdEncoding.Strict().DecodeString(parts[4]); err != nil || len(p.Salt) < 8 {
		return bad("salt is not unpadded base64 of at least 8 bytes")
	}
	if p.Key, err = base64.RawStdEncoding.Strict().DecodeString(parts[5]); err != nil || len(p.Key) < 16 || len(p.Key) > 64 {
		return bad("key is not unpadded base64 of 16 to 64 bytes")
	}
	return p, nil
}
