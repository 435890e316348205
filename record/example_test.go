package record_test

import (
	"fmt"
	"log"

	"commune/record"
)

// A store appends entries: it encodes them, computes the new stored hashes
// and writes both in one transaction; then it signs a checkpoint.
func Example() {
	var tree record.MemoryHashes // stands in for the database's hash table
	entries := []record.Entry{
		{Index: 0, Time: 1_000, Actor: "operator:ada", Kind: "council.founded", Body: []byte(`{"name":"Bakery"}`)},
		{Index: 1, Time: 2_000, Actor: "member:1", Kind: "vote.cast", Body: []byte(`{"proposal":2,"choice":"yes"}`)},
	}
	leaves := make([][]byte, len(entries))
	for i, e := range entries {
		leaves[i] = e.Encode()
	}
	hashes, err := record.AppendHashes(tree.Size(), leaves, &tree)
	if err != nil {
		log.Fatal(err)
	}
	if err := tree.Store(hashes); err != nil { // after the commit
		log.Fatal(err)
	}
	root, err := record.TreeHash(tree.Size(), &tree)
	if err != nil {
		log.Fatal(err)
	}

	skey, vkey, err := record.GenerateKey("commune.example/record")
	if err != nil {
		log.Fatal(err)
	}
	signed, err := record.Sign(record.Checkpoint{Origin: "commune.example/record", Size: tree.Size(), Hash: root}, skey)
	if err != nil {
		log.Fatal(err)
	}

	// Anyone holding vkey checks the checkpoint and an entry's inclusion.
	c, err := record.Open(signed, vkey)
	if err != nil {
		log.Fatal(err)
	}
	proof, err := record.InclusionProof(1, c.Size, &tree)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(hashes), "hashes stored;", c.Size, "entries signed")
	fmt.Println("entry 1 included:", record.VerifyInclusion(proof, c.Size, c.Hash, 1, entries[1].Encode()) == nil)
	// Output:
	// 3 hashes stored; 2 entries signed
	// entry 1 included: true
}

// The audit replays every entry and names the first one that does not
// match what the store holds.
func ExampleVerifier() {
	var stored record.MemoryHashes
	entries := []record.Entry{
		{Index: 0, Time: 10, Actor: "member:1", Kind: "vote.cast", Body: []byte(`{"choice":"yes"}`)},
		{Index: 1, Time: 11, Actor: "member:2", Kind: "vote.cast", Body: []byte(`{"choice":"no"}`)},
		{Index: 2, Time: 12, Actor: "member:3", Kind: "vote.cast", Body: []byte(`{"choice":"yes"}`)},
	}
	for _, e := range entries {
		if _, err := stored.Append(e.Encode()); err != nil {
			log.Fatal(err)
		}
	}

	entries[1].Body = []byte(`{"choice":"yes"}`) // someone edits the database
	v := record.NewVerifier()
	for _, e := range entries {
		if err := v.Add(e); err != nil {
			log.Fatal(err)
		}
	}
	bad, err := v.CompareStored(&stored)
	fmt.Println("first bad entry:", bad)
	fmt.Println(err != nil)
	// Output:
	// first bad entry: 1
	// true
}

func ExampleEntry_Encode() {
	e := record.Entry{Index: 1, Time: 2, Actor: "server", Kind: "k", Body: []byte(`{}`)}
	fmt.Printf("%x\n", e.Encode())
	// Output:
	// 010000000000000001000000000000000200000006736572766572000000016b000000027b7d
}
