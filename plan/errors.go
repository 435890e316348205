package plan

import (
	"fmt"
	"strings"

	"commune"
)

// InputError is a fault in an economy's files: which file, line (1-based,
// the header is line 1), column (1-based; 0 when the fault is the whole
// line or file) and why. It unwraps to a *commune.Error with code
// EINVALID and reason "bad_input".
type InputError struct {
	File   string
	Line   int
	Column int
	Field  string // the column's name in the header, when known
	Reason string
}

// Error implements error as "file:line:column: field: reason".
func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap lets callers test with commune.ErrorCode.
func (e *InputError) Unwrap() error {
	return commune.Errorf(commune.EINVALID, "bad_input", "%s", e.Error())
}

// UnproductiveError says the economy cannot produce a surplus: some group
// of products (a strongly connected set, a cycle of mutual use) uses up
// more of itself than it makes, so no labour values or gross outputs exist.
type UnproductiveError struct {
	Products []string // ids of the products of the cycle
	Radius   float64  // a lower bound on the cycle's spectral radius (≥ 1)
}

// Error names the products of the cycle (the first 20 of them).
func (e *UnproductiveError) Error() string {
	ids := e.Products
	more := ""
	if len(ids) > 20 {
		more = fmt.Sprintf(" and %d more", len(ids)-20)
		ids = ids[:20]
	}
	return fmt.Sprintf("unproductive economy: the cycle of products %s%s uses up more than it makes (spectral radius ≥ %.6g)",
		strings.Join(ids, ", "), more, e.Radius)
}

// Unwrap lets callers test with commune.ErrorCode.
func (e *UnproductiveError) Unwrap() error {
	return commune.Errorf(commune.EINVALID, "unproductive", "%s", e.Error())
}
