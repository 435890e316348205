package main

import (
	"context"
	"errors"
	"io"
)

// runDemo is being written by the API/CLI work; see docs/architecture.md.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("not implemented yet")
}
