// Package storetest is the conformance suite every store.Backend runs:
// call Run from the implementation's tests with a function that opens a
// fresh, empty backend.
package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/mod/sumdb/tlog"

	"commune"
	"commune/council"
	"commune/record"
	"commune/store"
)

// Run runs the conformance suite. open must return a new, empty backend
// whose derived tables are council.Tables(); Run closes it.
func Run(t *testing.T, open func(t *testing.T) store.Backend) {
	tests := []struct {
		name string
		fn   func(t *testing.T, b store.Backend)
	}{
		{"Empty", testEmpty},
		{"AppendAndRead", testAppendAndRead},
		{"AppendRejectsGaps", testAppendRejectsGaps},
		{"AppendIsAtomic", testAppendIsAtomic},
		{"Rows", testRows},
		{"Checkpoint", testCheckpoint},
		{"Passwords", testPasswords},
		{"Tokens", testTokens},
		{"Settings", testSettings},
		{"ConcurrentReads", testConcurrentReads},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := open(t)
			defer func() {
				if err := b.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			}()
			tt.fn(t, b)
		})
	}
}

// entries returns n entries starting at index from, with distinct bodies.
func entries(from int64, n int) []record.Entry {
	es := make([]record.Entry, n)
	for i := range es {
		idx := from + int64(i)
		es[i] = record.Entry{
			Index: idx,
			Time:  1_700_000_000_000_000 + idx,
			Actor: fmt.Sprintf("member:%d", idx%7+1),
			Kind:  "test.event",
			Body:  fmt.Appendf(nil, `{"n":%d}`, idx),
		}
	}
	return es
}

// appendEntries appends es (continuing b) with their tree hashes and the
// given changes, mirroring the hashes into mem.
func appendEntries(t *testing.T, b store.Backend, mem *record.MemoryHashes, es []record.Entry, changes []council.Change) {
	t.Helper()
	hs, err := hashes(mem, es)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Append(context.Background(), es, hs, changes); err != nil {
		t.Fatalf("Append(%d entries from %d): %v", len(es), es[0].Index, err)
	}
	if err := mem.Store(hs); err != nil {
		t.Fatal(err)
	}
}

func hashes(mem *record.MemoryHashes, es []record.Entry) ([]record.IndexedHash, error) {
	leaves := make([][]byte, len(es))
	for i, e := range es {
		leaves[i] = e.Encode()
	}
	return record.AppendHashes(mem.Size(), leaves, mem)
}

func readAll(t *testing.T, b store.Backend, from, to int64) []record.Entry {
	t.Helper()
	var got []record.Entry
	err := b.Entries(context.Background(), from, to, func(e record.Entry) error {
		got = append(got, e)
		return nil
	})
	if err != nil {
		t.Fatalf("Entries(%d, %d): %v", from, to, err)
	}
	return got
}

func size(t *testing.T, b store.Backend) int64 {
	t.Helper()
	n, err := b.Size(context.Background())
	if err != nil {
		t.Fatalf("Size: %v", err)
	}
	return n
}

func rows(t *testing.T, b store.Backend, table string) (int64, [][]any) {
	t.Helper()
	var out [][]any
	n, err := b.Rows(context.Background(), table, func(r []any) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		t.Fatalf("Rows(%s): %v", table, err)
	}
	return n, out
}

func testEmpty(t *testing.T, b store.Backend) {
	ctx := context.Background()
	if got := size(t, b); got != 0 {
		t.Errorf("Size = %d, want 0", got)
	}
	if got := readAll(t, b, 0, 10); len(got) != 0 {
		t.Errorf("Entries of an empty record = %v", got)
	}
	if _, err := b.Checkpoint(ctx); commune.ErrorCode(err) != commune.ENOTFOUND {
		t.Errorf("Checkpoint error = %v, want code %s", err, commune.ENOTFOUND)
	}
	for _, tb := range council.Tables() {
		n, got := rows(t, b, tb.Name)
		if n != 0 || len(got) != 0 {
			t.Errorf("Rows(%s) = %d rows at size %d, want none at 0", tb.Name, len(got), n)
		}
	}
	if _, err := b.Rows(ctx, "no_such_table", func([]any) error { return nil }); err == nil {
		t.Error("Rows of an unknown table succeeded")
	}
	root, err := record.TreeHash(0, b)
	if err != nil || root != record.EmptyHash {
		t.Errorf("TreeHash(0) = %v, %v", root, err)
	}
}

func testAppendAndRead(t *testing.T, b store.Backend) {
	mem := new(record.MemoryHashes)
	var all []record.Entry
	for _, n := range []int{1, 2, 5, 13, 1} {
		es := entries(int64(len(all)), n)
		appendEntries(t, b, mem, es, nil)
		all = append(all, es...)
		if got, want := size(t, b), int64(len(all)); got != want {
			t.Fatalf("Size = %d, want %d", got, want)
		}
	}
	if diff := cmp.Diff(all, readAll(t, b, 0, int64(len(all)))); diff != "" {
		t.Errorf("Entries(all) (-want +got):\n%s", diff)
	}
	for _, r := range []struct{ from, to int64 }{{0, 1}, {3, 9}, {21, 22}, {5, 5}, {20, 100}, {30, 40}} {
		var want []record.Entry
		for _, e := range all {
			if e.Index >= r.from && e.Index < r.to {
				want = append(want, e)
			}
		}
		if diff := cmp.Diff(want, readAll(t, b, r.from, r.to)); diff != "" {
			t.Errorf("Entries(%d, %d) (-want +got):\n%s", r.from, r.to, diff)
		}
	}
	// Every stored hash, in one read and scattered.
	n := tlog.StoredHashCount(int64(len(all)))
	var idx []int64
	for i := int64(0); i < n; i++ {
		idx = append(idx, i)
	}
	idx = append(idx, 7, 3, 0, n-1, 7)
	got, err := b.ReadHashes(idx)
	if err != nil {
		t.Fatalf("ReadHashes: %v", err)
	}
	want, _ := mem.ReadHashes(idx)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadHashes (-want +got):\n%s", diff)
	}
	if _, err := b.ReadHashes([]int64{n}); err == nil {
		t.Errorf("ReadHashes(%d) beyond the stored hashes succeeded", n)
	}
	for size := int64(1); size <= int64(len(all)); size++ {
		got, err := record.TreeHash(size, b)
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := record.TreeHash(size, mem); got != want {
			t.Errorf("TreeHash(%d) = %v, want %v", size, got, want)
		}
	}
	// The stop-early contract of Entries.
	stop := fmt.Errorf("stop")
	calls := 0
	err = b.Entries(context.Background(), 0, 10, func(record.Entry) error { calls++; return stop })
	if err != stop || calls != 1 {
		t.Errorf("Entries with fn failing: err %v after %d calls, want %v after 1", err, calls, stop)
	}
}

func testAppendRejectsGaps(t *testing.T, b store.Backend) {
	ctx := context.Background()
	mem := new(record.MemoryHashes)
	appendEntries(t, b, mem, entries(0, 3), nil)
	good := entries(3, 2)
	hs, err := hashes(mem, good)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		entries []record.Entry
		hashes  []record.IndexedHash
	}{
		{"gap", entries(4, 2), hs},
		{"repeat", entries(2, 2), hs},
		{"no hashes", good, nil},
		{"hashes short", good, hs[:len(hs)-1]},
		{"hashes shifted", good, shift(hs, 1)},
		{"out of order", []record.Entry{good[1], good[0]}, hs},
	}
	for _, tt := range tests {
		if err := b.Append(ctx, tt.entries, tt.hashes, nil); err == nil {
			t.Errorf("Append(%s) succeeded", tt.name)
		}
		if got := size(t, b); got != 3 {
			t.Fatalf("after Append(%s): Size = %d, want 3", tt.name, got)
		}
	}
	if err := b.Append(ctx, good, hs, nil); err != nil {
		t.Fatalf("Append after refused ones: %v", err)
	}
	if got := size(t, b); got != 5 {
		t.Errorf("Size = %d, want 5", got)
	}
}

func shift(hs []record.IndexedHash, d int64) []record.IndexedHash {
	out := append([]record.IndexedHash(nil), hs...)
	for i := range out {
		out[i].Index += d
	}
	return out
}

// table returns the first derived table and rows for it: row k has key
// values made from k and other values from v.
func table(t *testing.T) council.Table {
	t.Helper()
	ts := council.Tables()
	if len(ts) == 0 {
		t.Fatal("council.Tables() is empty")
	}
	return ts[0]
}

func row(tb council.Table, k int64, v string) []any {
	r := make([]any, len(tb.Columns))
	for i, c := range tb.Columns {
		var s string
		if i < tb.Key {
			s = fmt.Sprintf("k%03d", k)
		} else {
			s = fmt.Sprintf("%s-%d", v, i)
		}
		if c.Type == "INTEGER" {
			if i < tb.Key {
				r[i] = k*10 + int64(i)
			} else {
				r[i] = int64(len(v)*100 + i)
			}
		} else {
			r[i] = s
		}
	}
	return r
}

func testAppendIsAtomic(t *testing.T, b store.Backend) {
	ctx := context.Background()
	tb := table(t)
	mem := new(record.MemoryHashes)
	appendEntries(t, b, mem, entries(0, 2), []council.Change{{Table: tb.Name, Row: row(tb, 1, "a")}})
	es := entries(2, 3)
	hs, err := hashes(mem, es)
	if err != nil {
		t.Fatal(err)
	}
	badType := row(tb, 3, "c")
	for i, c := range tb.Columns { // a value of the wrong type
		if c.Type == "INTEGER" {
			badType[i] = "not a number"
		} else {
			badType[i] = int64(5)
		}
		break
	}
	bad := [][]council.Change{
		{{Table: tb.Name, Row: row(tb, 2, "b")}, {Table: "no_such_table", Row: row(tb, 3, "c")}},
		{{Table: tb.Name, Row: row(tb, 2, "b")}, {Table: tb.Name, Row: row(tb, 3, "c")[:len(tb.Columns)-1]}},
		{{Table: tb.Name, Row: row(tb, 2, "b")}, {Table: tb.Name, Row: badType}},
		{{Table: tb.Name, Row: row(tb, 2, "b")}, {Table: tb.Name, Row: append(row(tb, 3, "c"), int64(1))}},
		{{Table: tb.Name, Row: row(tb, 2, "b")}, {Table: tb.Name, Row: []any{}, Delete: true}},
	}
	for i, changes := range bad {
		if err := b.Append(ctx, es, hs, changes); err == nil {
			t.Fatalf("Append with bad changes %d succeeded", i)
		}
		if got := size(t, b); got != 2 {
			t.Errorf("bad changes %d: Size = %d, want 2: the entries were not rolled back", i, got)
		}
		if _, err := b.ReadHashes([]int64{hs[0].Index}); err == nil {
			t.Errorf("bad changes %d: hash %d readable: the hashes were not rolled back", i, hs[0].Index)
		}
		n, got := rows(t, b, tb.Name)
		if diff := cmp.Diff([][]any{row(tb, 1, "a")}, got); diff != "" || n != 2 {
			t.Errorf("bad changes %d: rows at size %d, want 2 (-want +got):\n%s", i, n, diff)
		}
	}
	// A cancelled context writes nothing either.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := b.Append(cctx, es, hs, nil); err == nil {
		t.Error("Append with a cancelled context succeeded")
	}
	if got := size(t, b); got != 2 {
		t.Errorf("after a cancelled Append: Size = %d, want 2", got)
	}
	if err := b.Append(ctx, es, hs, []council.Change{{Table: tb.Name, Row: row(tb, 2, "b")}}); err != nil {
		t.Fatalf("Append: %v", err)
	}
	if n, got := rows(t, b, tb.Name); len(got) != 2 || n != 5 {
		t.Errorf("after a good Append: %d rows at size %d, want 2 at 5", len(got), n)
	}
}

func testRows(t *testing.T, b store.Backend) {
	ctx := context.Background()
	tb := table(t)
	var changes []council.Change
	for _, k := range []int64{5, 1, 9, 3, 7, 2} { // out of order on purpose
		changes = append(changes, council.Change{Table: tb.Name, Row: row(tb, k, "x")})
	}
	changes = append(changes,
		council.Change{Table: tb.Name, Row: row(tb, 3, "replaced")},
		council.Change{Table: tb.Name, Row: row(tb, 7, ""), Delete: true},
		council.Change{Table: tb.Name, Row: row(tb, 8, ""), Delete: true}, // deleting nothing is fine
	)
	mem := new(record.MemoryHashes)
	appendEntries(t, b, mem, entries(0, 1), changes)
	want := [][]any{row(tb, 1, "x"), row(tb, 2, "x"), row(tb, 3, "replaced"), row(tb, 5, "x"), row(tb, 9, "x")}
	n, got := rows(t, b, tb.Name)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Rows (-want +got):\n%s", diff)
	}
	if n != 1 {
		t.Errorf("Rows size = %d, want 1", n)
	}
	// Changes without entries (filling a new table) are allowed.
	if err := b.Append(ctx, nil, nil, []council.Change{{Table: tb.Name, Row: row(tb, 1, ""), Delete: true}}); err != nil {
		t.Fatalf("Append of changes only: %v", err)
	}
	if _, got := rows(t, b, tb.Name); len(got) != 4 {
		t.Errorf("after deleting one of 5 rows: %d rows", len(got))
	}
	stop := fmt.Errorf("stop")
	if _, err := b.Rows(ctx, tb.Name, func([]any) error { return stop }); err != stop {
		t.Errorf("Rows with fn failing: %v, want %v", err, stop)
	}
}

func testCheckpoint(t *testing.T, b store.Backend) {
	ctx := context.Background()
	for i, s := range []string{"first checkpoint\n", "second checkpoint\n"} {
		if err := b.SaveCheckpoint(ctx, int64(i), []byte(s)); err != nil {
			t.Fatalf("SaveCheckpoint: %v", err)
		}
		got, err := b.Checkpoint(ctx)
		if err != nil || string(got) != s {
			t.Errorf("Checkpoint = %q, %v, want %q", got, err, s)
		}
	}
}

func testPasswords(t *testing.T, b store.Backend) {
	ctx := context.Background()
	if _, err := b.Password(ctx, 1); commune.ErrorCode(err) != commune.ENOTFOUND {
		t.Errorf("Password of unknown member: %v, want %s", err, commune.ENOTFOUND)
	}
	for _, h := range []string{"$argon2id$first", "$argon2id$second"} {
		if err := b.SetPassword(ctx, 1, h); err != nil {
			t.Fatal(err)
		}
		if got, err := b.Password(ctx, 1); err != nil || got != h {
			t.Errorf("Password = %q, %v, want %q", got, err, h)
		}
	}
	if err := b.SetPassword(ctx, 2, "$argon2id$other"); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.Password(ctx, 1); got != "$argon2id$second" {
		t.Errorf("member 1's password changed with member 2's: %q", got)
	}
}

func testTokens(t *testing.T, b store.Backend) {
	ctx := context.Background()
	d := func(s string) (out [32]byte) { copy(out[:], s); return out }
	for _, m := range []council.ID{1, 2} {
		if err := b.SetPassword(ctx, m, "$argon2id$x"); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.AddToken(ctx, d("a"), 1, 10); err != nil {
		t.Fatal(err)
	}
	if err := b.AddToken(ctx, d("b"), 1, 11); err != nil {
		t.Fatal(err)
	}
	if err := b.AddToken(ctx, d("c"), 2, 12); err != nil {
		t.Fatal(err)
	}
	if err := b.AddToken(ctx, d("c"), 1, 13); err == nil {
		t.Error("AddToken with a digest already stored succeeded")
	}
	check := func(digest string, want council.ID, wantCode string) {
		t.Helper()
		got, err := b.TokenMember(ctx, d(digest))
		if commune.ErrorCode(err) != wantCode || got != want {
			t.Errorf("TokenMember(%s) = %d, %v, want %d, code %q", digest, got, err, want, wantCode)
		}
	}
	check("a", 1, "")
	check("c", 2, "")
	check("z", 0, commune.EUNAUTH)
	if err := b.RevokeToken(ctx, d("a"), 20); err != nil {
		t.Fatal(err)
	}
	check("a", 0, commune.EUNAUTH)
	check("b", 1, "")
	if err := b.RevokeToken(ctx, d("z"), 20); commune.ErrorCode(err) != commune.ENOTFOUND {
		t.Errorf("RevokeToken(unknown) = %v, want %s", err, commune.ENOTFOUND)
	}
	if err := b.RevokeTokens(ctx, 1, 21); err != nil {
		t.Fatal(err)
	}
	check("b", 0, commune.EUNAUTH)
	check("c", 2, "")
}

func testSettings(t *testing.T, b store.Backend) {
	ctx := context.Background()
	if _, err := b.Setting(ctx, "k"); commune.ErrorCode(err) != commune.ENOTFOUND {
		t.Errorf("Setting(unknown) = %v, want %s", err, commune.ENOTFOUND)
	}
	for _, v := range []string{"one", "two", ""} {
		if err := b.SetSetting(ctx, "k", []byte(v)); err != nil {
			t.Fatal(err)
		}
		got, err := b.Setting(ctx, "k")
		if err != nil || string(got) != v {
			t.Errorf("Setting = %q, %v, want %q", got, err, v)
		}
	}
}

// testConcurrentReads reads entries and rows while batches are appended:
// readers see whole batches only.
func testConcurrentReads(t *testing.T, b store.Backend) {
	ctx := context.Background()
	tb := table(t)
	mem := new(record.MemoryHashes)
	const batches, per = 30, 4
	var wg sync.WaitGroup
	done := make(chan struct{})
	errs := make(chan error, 8)
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				var got int
				n, err := b.Rows(ctx, tb.Name, func([]any) error { got++; return nil })
				if err != nil {
					errs <- err
					return
				}
				if n%per != 0 || int64(got) != n/per {
					errs <- fmt.Errorf("rows: %d rows at size %d: a batch was seen half-written", got, n)
					return
				}
				size, err := b.Size(ctx)
				if err != nil {
					errs <- err
					return
				}
				if size%per != 0 {
					errs <- fmt.Errorf("size %d is not a whole number of batches", size)
					return
				}
			}
		}()
	}
	for i := 0; i < batches; i++ {
		appendEntries(t, b, mem, entries(int64(i*per), per), []council.Change{{Table: tb.Name, Row: row(tb, int64(i), "r")}})
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := readAll(t, b, 0, batches*per); len(got) != batches*per {
		t.Errorf("read %d entries, want %d", len(got), batches*per)
	}
}
