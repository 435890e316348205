package record

// Entry is one act on the public record. Its canonical encoding (Encode) is
// the leaf data hashed into the RFC 6962 tree, so every field is covered.
type Entry struct {
	Index int64  // position in the log, from 0
	Time  int64  // server time, microseconds since the Unix epoch, UTC; never decreases
	Actor string // "member:12", "operator:NAME" or "server"
	Kind  string // the event's kind, such as "vote.cast"
	Body  []byte // the event's canonical JSON
}
