package council

// This file is the contract between the domain and its adapters (store,
// sqlite, web). Change a name here only together with every user of it.

// ID identifies a member, council, proposal, election, recall, mandate,
// referendum, petition or tendency. State assigns ids in order (one counter
// for all kinds), so a replay of the record gives every object the same id.
type ID int64

// Actor is who performs an act. Exactly one of Member, Operator or Server is set.
type Actor struct {
	Member   ID     // a member acting in their own name
	Operator string // a server operator (commune admin): no vote, no office; acts recorded
	Server   bool   // the server's clock (closing votes whose period ended, ending terms)
}

// Event is a fact on the public record: what an accepted act changed.
// Every event type is a struct with JSON tags; its canonical encoding is
// its JSON (encoding/json: fields in declaration order, no HTML escaping).
type Event interface {
	// Kind is the event's stable name on the record, such as "vote.cast".
	Kind() string
}

// Act is an attempt by an actor to do something. Check decides it against
// the current state without changing it and returns the events to apply,
// or an *commune.Error saying why not. now is server time in microseconds
// since the Unix epoch, UTC.
type Act interface {
	Check(s *State, by Actor, now int64) ([]Event, error)
}

// Table describes one derived (query) table. Rows are []any of int64 and
// string values in Columns order; the first Key columns identify a row.
type Table struct {
	Name    string
	Columns []Column
	Key     int
}

// Column is one column of a derived table. Type is "INTEGER" or "TEXT".
type Column struct {
	Name string
	Type string
}

// Change is one row of a derived table written (Delete false: insert or
// replace Row) or removed (Delete true: Row holds at least the key values)
// by applying events. The store writes changes in the same transaction as
// the entries that caused them.
type Change struct {
	Table  string
	Row    []any
	Delete bool
}
