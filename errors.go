// Package commune holds what every part of Commune shares: the domain error
// codes. The domain packages (council, ballot, record, ledger, plan) do no
// I/O; adapters (sqlite, web) and the wiring in cmd/commune build on them.
package commune

import (
	"errors"
	"fmt"
)

// Error codes. They are machine-readable and stable: the JSON API returns
// them in its error bodies and the CLI prints them. Map them to transport
// statuses only at the edge (web).
const (
	EINVALID   = "invalid"      // the request is malformed or breaks a rule
	ENOTFOUND  = "not_found"    // an id names nothing
	EFORBIDDEN = "forbidden"    // the actor may not do this (not a member, not an elector, recalled)
	ECONFLICT  = "conflict"     // the act clashes with current state (closed vote, duplicate, key reuse)
	EUNAUTH    = "unauthorized" // no valid credentials
	EINTERNAL  = "internal"     // a fault of ours; details are logged, never shown
)

// Error is a domain error with a code and a message fit to show a user.
// Reason, when set, is a finer machine-readable cause (for example
// "voting_closed" or "not_elector") that clients may branch on.
type Error struct {
	Code    string
	Reason  string
	Message string
}

// Error implements error.
func (e *Error) Error() string {
	if e.Reason != "" {
		return fmt.Sprintf("commune error: code=%s reason=%s message=%s", e.Code, e.Reason, e.Message)
	}
	return fmt.Sprintf("commune error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the code, a finer reason, and a formatted message.
func Errorf(code, reason, format string, args ...any) *Error {
	return &Error{Code: code, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain,
// EINTERNAL for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorReason returns the finer reason of the first *Error in err's chain, or "".
func ErrorReason(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

// ErrorMessage returns the user-facing message of the first *Error in err's
// chain, or a generic text for internal errors: internal detail is never shown.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
