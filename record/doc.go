// Package record is Commune's tamper-evident public record: the canonical
// encoding of an Entry, the RFC 6962 Merkle tree over the encoded entries
// (built on golang.org/x/mod/sumdb/tlog), checkpoints in the C2SP
// tlog-checkpoint format signed with ed25519 through
// golang.org/x/mod/sumdb/note, inclusion and consistency proofs, and the
// Verifier with which an audit replays the whole log.
//
// The package does no I/O. The store writes what AppendHashes returns in the
// same transaction as the entries; web serves checkpoints and proofs in the
// shapes of json.go; the audit feeds every entry to a Verifier. docs/record.md
// describes the formats for an outside auditor.
package record
