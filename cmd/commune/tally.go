package main

import (
	"context"
	"errors"
	"io"
)

// runTally is being written by the ballot work; see docs/architecture.md.
func runTally(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("not implemented yet")
}
