package store_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"commune/council"
	"commune/sqlite"
	"commune/store"
)

// Open a data directory, record the founding act through the Service, and
// audit the result.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "commune-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	b, err := sqlite.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()
	svc, err := store.Open(ctx, b, store.Options{Tick: -1})
	if err != nil {
		log.Fatal(err)
	}
	r, err := svc.Do(ctx, council.Actor{Operator: "admin"},
		council.Found{Federation: "Example", Name: "Rosa", Council: "Print shop", Kind: council.KindWorkplace})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("entries", r.Entries, "record size", r.Size)
	svc.Close()

	rep, err := store.Audit(ctx, b, svc.VerifierKey())
	fmt.Println("audited", rep.Entries, "entries against a checkpoint of", rep.TreeSize, "error:", err)
	// Output:
	// entries [0] record size 1
	// audited 1 entries against a checkpoint of 1 error: <nil>
}
