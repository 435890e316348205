package main

import (
	"context"
	"errors"
	"io"
)

// runAudit is being written by the store/audit work; see docs/architecture.md.
func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("not implemented yet")
}
