package ui

import (
	"errors"

	"commune/store"
)

// asDiscrepancy finds an audit discrepancy in err's chain.
func asDiscrepancy(err error, d **store.Discrepancy) bool {
	return errors.As(err, d)
}
