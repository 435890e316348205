// Package ledger keeps labour-time accounts: the certificates of Marx's
// Critique of the Gotha Programme, kept with the discipline of a
// double-entry ledger in the manner of TigerBeetle.
//
// A member who works is credited, for each hour confirmed by their
// workplace council, with that hour less the deductions the federation has
// voted, each deduction going to its fund. Drawing goods that are not free
// debits the member's certificates by the goods' labour value and cancels
// them. Certificates cannot pass between persons, earn nothing, and expire
// as the statutes say.
//
// Every movement is a Transfer that debits one account and credits another
// by the same positive number of minutes. Only a fixed list of (debit kind,
// credit kind) pairs is allowed (see Allowed), so that no operation can move
// value from one person to another. A transfer is never edited or deleted: a
// correction is a new transfer in the opposite direction that names the one
// it corrects. Requests carry idempotency keys chosen by the client: the same
// key with the same fields gives back the first result, with other fields an
// error.
//
// The package does no I/O. Book holds the state and decides; a Journal,
// supplied by the caller, makes transfers durable. The same Apply code
// rebuilds a Book from its journal, which is how a crash is recovered and
// how the audit recomputes every balance.
package ledger
