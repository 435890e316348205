package record

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"commune"
)

// Checkpoint is a tree head: the log's origin (its name), the number of
// entries and the RFC 6962 root of those entries. Signed, it is the C2SP
// tlog-checkpoint note (https://c2sp.org/tlog-checkpoint):
//
//	<origin>
//	<size, decimal>
//	<root hash, base64>
//
//	— <origin> <base64 key hash and ed25519 signature>
type Checkpoint struct {
	Origin string
	Size   int64
	Hash   tlog.Hash
}

// Format returns the checkpoint body: the note text that is signed.
func (c Checkpoint) Format() []byte {
	return fmt.Appendf(nil, "%s\n%d\n%s\n", c.Origin, c.Size, base64.StdEncoding.EncodeToString(c.Hash[:]))
}

// ParseCheckpoint parses a checkpoint body strictly: a valid origin, a
// decimal size without sign or leading zeros, a canonical base64 hash of 32
// bytes, each line ending in a newline. Extension lines after the hash are
// allowed by the C2SP format; they must be non-empty and are ignored
// (Commune writes none).
func ParseCheckpoint(body []byte) (Checkpoint, error) {
	text := string(body)
	if !strings.HasSuffix(text, "\n") {
		return Checkpoint{}, checkpointErrorf("checkpoint body does not end in a newline")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 3 {
		return Checkpoint{}, checkpointErrorf("checkpoint body has %d lines, want at least 3", len(lines))
	}
	var c Checkpoint
	c.Origin = lines[0]
	if !validOrigin(c.Origin) {
		return Checkpoint{}, checkpointErrorf("checkpoint origin %q is not a valid key name", c.Origin)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return Checkpoint{}, checkpointErrorf("checkpoint size %q is not a canonical decimal", lines[1])
	}
	c.Size = size
	if c.Hash, err = ParseHash(lines[2]); err != nil {
		return Checkpoint{}, checkpointErrorf("checkpoint hash %q is not base64 of %d bytes", lines[2], tlog.HashSize)
	}
	for i, ext := range lines[3:] {
		if ext == "" {
			return Checkpoint{}, checkpointErrorf("checkpoint line %d is empty", i+4)
		}
	}
	return c, nil
}

// validOrigin reports whether s can be both the origin line and the note
// key name that signs it: non-empty UTF-8, no spaces, no '+', and (for the
// note text) no control characters.
func validOrigin(s string) bool {
	if s == "" || !utf8.ValidString(s) || strings.Contains(s, "+") {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// GenerateKey returns a new ed25519 signing key and its verifier key, both
// in the note package's text form and named origin. The skey is secret; the
// vkey is published so anyone can check the checkpoints.
func GenerateKey(origin string) (skey, vkey string, err error) {
	if !validOrigin(origin) {
		return "", "", checkpointErrorf("origin %q is not a valid key name (no spaces, no '+')", origin)
	}
	skey, vkey, err = note.GenerateKey(rand.Reader, origin)
	if err != nil {
		return "", "", fmt.Errorf("generate key: %w", err)
	}
	return skey, vkey, nil
}

// Sign returns the signed checkpoint note. The key's name must be the
// checkpoint's origin, so a verifier key names exactly one log.
func Sign(c Checkpoint, skey string) ([]byte, error) {
	if !validOrigin(c.Origin) {
		return nil, checkpointErrorf("checkpoint origin %q is not a valid key name", c.Origin)
	}
	if c.Size < 0 {
		return nil, checkpointErrorf("checkpoint size %d is negative", c.Size)
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		return nil, fmt.Errorf("sign checkpoint: %w", err)
	}
	if s.Name() != c.Origin {
		return nil, checkpointErrorf("signing key is named %q, checkpoint origin is %q", s.Name(), c.Origin)
	}
	msg, err := note.Sign(&note.Note{Text: string(c.Format())}, s)
	if err != nil {
		return nil, fmt.Errorf("sign checkpoint: %w", err)
	}
	return msg, nil
}

// Open verifies the signed checkpoint note against vkey and parses its
// body. It fails unless the note carries a valid signature by vkey and the
// checkpoint's origin is vkey's name. Signatures by other keys (witnesses)
// are allowed and ignored.
func Open(signed []byte, vkey string) (Checkpoint, error) {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return Checkpoint{}, checkpointErrorf("verifier key: %v", err)
	}
	n, err := note.Open(signed, note.VerifierList(v))
	if err != nil {
		return Checkpoint{}, commune.Errorf(commune.EINVALID, "bad_signature", "checkpoint signature: %v", err)
	}
	c, err := ParseCheckpoint([]byte(n.Text))
	if err != nil {
		return Checkpoint{}, err
	}
	if c.Origin != v.Name() {
		return Checkpoint{}, checkpointErrorf("checkpoint origin %q is not the key's name %q", c.Origin, v.Name())
	}
	return c, nil
}

// checkpointErrorf returns an EINVALID domain error for a bad checkpoint.
func checkpointErrorf(format string, args ...any) error {
	return commune.Errorf(commune.EINVALID, "bad_checkpoint", format, args...)
}
