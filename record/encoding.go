package record

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/tlog"

	"commune"
)

// EncodingVersion is the first byte of every canonical entry encoding. A
// future incompatible encoding would use another value, so old and new
// leaves can never be confused.
const EncodingVersion = 1

// fixedSize is the length of the fixed part of an encoding: the version
// byte, Index and Time, and the three length prefixes.
const fixedSize = 1 + 8 + 8 + 4 + 4 + 4

// Encode returns the canonical encoding of e: the leaf data hashed into the
// tree. All integers are big-endian:
//
//	byte    version (1)
//	uint64  Index
//	uint64  Time (two's complement)
//	uint32  len(Actor), then Actor
//	uint32  len(Kind), then Kind
//	uint32  len(Body), then Body
//
// Every field is length-delimited, so no two different entries share an
// encoding.
func (e Entry) Encode() []byte {
	return e.AppendEncoding(make([]byte, 0, e.EncodedLen()))
}

// EncodedLen returns the length of e's canonical encoding.
func (e Entry) EncodedLen() int {
	return fixedSize + len(e.Actor) + len(e.Kind) + len(e.Body)
}

// AppendEncoding appends the canonical encoding of e to b and returns the
// extended slice. It lets a hot loop (the audit replay) reuse one buffer.
func (e Entry) AppendEncoding(b []byte) []byte {
	b = append(b, EncodingVersion)
	b = binary.BigEndian.AppendUint64(b, uint64(e.Index))
	b = binary.BigEndian.AppendUint64(b, uint64(e.Time))
	b = binary.BigEndian.AppendUint32(b, uint32(len(e.Actor)))
	b = append(b, e.Actor...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(e.Kind)))
	b = append(b, e.Kind...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(e.Body)))
	return append(b, e.Body...)
}

// LeafHash returns the RFC 6962 leaf hash of e: SHA-256(0x00 || Encode()).
func (e Entry) LeafHash() tlog.Hash {
	return tlog.RecordHash(e.Encode())
}

// DecodeEntry parses a canonical encoding. It rejects anything that is not
// exactly the encoding of a valid Entry: a wrong version, truncated or
// trailing bytes, and entries Validate rejects.
func DecodeEntry(b []byte) (Entry, error) {
	var e Entry
	if len(b) < fixedSize {
		return Entry{}, entryErrorf("entry encoding is %d bytes, shorter than the minimum %d", len(b), fixedSize)
	}
	if b[0] != EncodingVersion {
		return Entry{}, entryErrorf("entry encoding version %d, want %d", b[0], EncodingVersion)
	}
	e.Index = int64(binary.BigEndian.Uint64(b[1:]))
	e.Time = int64(binary.BigEndian.Uint64(b[9:]))
	rest := b[17:]
	var actor, kind, body []byte
	var ok bool
	if actor, rest, ok = cutField(rest); !ok {
		return Entry{}, entryErrorf("entry encoding: actor length exceeds the data")
	}
	if kind, rest, ok = cutField(rest); !ok {
		return Entry{}, entryErrorf("entry encoding: kind length exceeds the data")
	}
	if body, rest, ok = cutField(rest); !ok {
		return Entry{}, entryErrorf("entry encoding: body length exceeds the data")
	}
	if len(rest) != 0 {
		return Entry{}, entryErrorf("entry encoding: %d trailing bytes", len(rest))
	}
	e.Actor, e.Kind = string(actor), string(kind)
	e.Body = append([]byte{}, body...)
	if err := e.Validate(); err != nil {
		return Entry{}, err
	}
	// The parse above admits only canonical input; this states the
	// contract outright, so a future field cannot silently break it.
	if !bytes.Equal(e.Encode(), b) {
		return Entry{}, entryErrorf("entry encoding is not canonical")
	}
	return e, nil
}

// cutField splits a uint32 length-prefixed field off the front of b.
func cutField(b []byte) (field, rest []byte, ok bool) {
	if len(b) < 4 {
		return nil, nil, false
	}
	n := binary.BigEndian.Uint32(b)
	b = b[4:]
	if uint64(n) > uint64(len(b)) {
		return nil, nil, false
	}
	return b[:n], b[n:], true
}

// Validate reports whether e may stand on the record: Index is not
// negative, Actor and Kind are non-empty UTF-8 text without control
// characters. The Body is the event's JSON; the council decodes it, not
// this package, so here it is opaque bytes.
func (e Entry) Validate() error {
	if e.Index < 0 {
		return entryErrorf("entry index %d is negative", e.Index)
	}
	if err := checkText("actor", e.Actor); err != nil {
		return err
	}
	return checkText("kind", e.Kind)
}

// checkText rejects empty strings, invalid UTF-8 and control characters,
// which would make entries hard to show and compare.
func checkText(field, s string) error {
	if s == "" {
		return entryErrorf("entry %s is empty", field)
	}
	if !utf8.ValidString(s) {
		return entryErrorf("entry %s is not valid UTF-8", field)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return entryErrorf("entry %s contains control character %U", field, r)
		}
	}
	return nil
}

// entryErrorf returns an EINVALID domain error for a malformed entry.
func entryErrorf(format string, args ...any) error {
	return commune.Errorf(commune.EINVALID, "bad_entry", format, args...)
}
