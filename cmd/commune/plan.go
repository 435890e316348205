package main

import (
	"context"
	"errors"
	"io"
)

// runPlan is being written by the planning work; see docs/architecture.md.
func runPlan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("not implemented yet")
}
