package record

import (
	"errors"
	"fmt"

	"commune"
)

// VerifyError is a failed check of the record that names where it failed:
// Index is the first entry found wrong, or -1 when the failure cannot be
// pinned to one entry (a checkpoint root that differs while every stored
// hash agrees: the stored hashes were rewritten too). Err says what.
type VerifyError struct {
	Index int64
	Err   error
}

// Error implements error.
func (e *VerifyError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("record: %v", e.Err)
	}
	return fmt.Sprintf("record: entry %d: %v", e.Index, e.Err)
}

// Unwrap returns the underlying error, a *commune.Error.
func (e *VerifyError) Unwrap() error { return e.Err }

// FailedEntry returns the entry index a *VerifyError in err's chain names,
// and false when there is none or it names no entry.
func FailedEntry(err error) (int64, bool) {
	var ve *VerifyError
	if errors.As(err, &ve) && ve.Index >= 0 {
		return ve.Index, true
	}
	return -1, false
}

// mismatch returns a VerifyError at index with reason "record_mismatch".
func mismatch(index int64, format string, args ...any) error {
	return &VerifyError{Index: index, Err: mismatchErr(format, args...)}
}

// mismatchErr returns the EINVALID domain error of a record that does not
// verify.
func mismatchErr(format string, args ...any) error {
	return commune.Errorf(commune.EINVALID, "record_mismatch", format, args...)
}
