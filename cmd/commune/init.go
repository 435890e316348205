package main

import (
	"context"
	"errors"
	"io"
)

// runInit is being written by the API/CLI work; see docs/architecture.md.
func runInit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("not implemented yet")
}
