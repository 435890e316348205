package store_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"commune"
	"commune/council"
	"commune/record"
	"commune/sqlite"
	"commune/store"
)

func TestDoCommitsAndReopens(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 3, store.Options{})
	size := f.svc.Size()
	r, err := f.svc.Do(ctx, member(f.members[0]), vote(f.question, "yes"))
	if err != nil {
		t.Fatal(err)
	}
	// Entry size is the server opening the vote (due), then the vote.
	if diff := cmp.Diff([]int64{size + 1}, r.Entries); diff != "" {
		t.Errorf("receipt entries (-want +got):\n%s", diff)
	}
	if r.Size != size+2 || f.svc.Size() != size+2 {
		t.Errorf("receipt size %d, service size %d, want %d", r.Size, f.svc.Size(), size+2)
	}
	if e, _ := f.svc.Entry(ctx, size); e.Actor != "server" || e.Kind != "proposal.voting_opened" {
		t.Errorf("entry %d = %s by %s, want the server opening the vote", size, e.Kind, e.Actor)
	}
	cp, err := record.Open(f.svc.Checkpoint(), f.svc.VerifierKey())
	if err != nil {
		t.Fatalf("checkpoint: %v", err)
	}
	if cp.Size != size+2 {
		t.Errorf("checkpoint covers %d entries, want %d", cp.Size, size+2)
	}
	e, err := f.svc.Entry(ctx, r.Entries[0])
	if err != nil {
		t.Fatal(err)
	}
	if e.Actor != member(f.members[0]).String() || e.Time != r.Time {
		t.Errorf("entry = %+v, want actor %s at %d", e, member(f.members[0]), r.Time)
	}
	var before [][]any
	f.svc.View(func(s *council.State) { before = s.Rows("votes") })
	vkey := f.svc.VerifierKey()

	f.close(t)
	f.open(t, store.Options{})
	var after [][]any
	f.svc.View(func(s *council.State) { after = s.Rows("votes") })
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("votes after reopen (-before +after):\n%s", diff)
	}
	if f.svc.VerifierKey() != vkey {
		t.Error("the verifier key changed across a reopen")
	}
	if _, err := store.Audit(ctx, f.backend, vkey); err != nil {
		t.Errorf("audit: %v", err)
	}
}

func TestRefusedActWritesNothing(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 1, store.Options{})
	openVoting(t, f)
	size := f.svc.Size()
	_, err := f.svc.Do(ctx, member(999), vote(f.question, "yes"))
	if commune.ErrorCode(err) != commune.ENOTFOUND {
		t.Errorf("vote by a non-member: %v, want code %s", err, commune.ENOTFOUND)
	}
	if got := f.svc.Size(); got != size {
		t.Errorf("size %d after a refused act, want %d", got, size)
	}
	if n, _ := f.backend.Size(ctx); n != size {
		t.Errorf("stored size %d after a refused act, want %d", n, size)
	}
}

func TestDoManyStopsAtFirstRefusal(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 2, store.Options{})
	size := f.svc.Size()
	rs, err := f.svc.DoMany(ctx, []store.Item{
		{Actor: member(f.members[0]), Act: vote(f.question, "yes")},
		{Actor: member(999), Act: vote(f.question, "yes")},
		{Actor: member(f.members[1]), Act: vote(f.question, "yes")},
	})
	if commune.ErrorCode(err) != commune.ENOTFOUND || len(rs) != 1 {
		t.Fatalf("DoMany = %d receipts, %v; want 1 and a refusal", len(rs), err)
	}
	if got := f.svc.Size(); got != size+2 {
		t.Errorf("size %d, want %d (voting opened, one vote): the act before the refusal is committed, the one after is not", got, size+2)
	}
}

// TestConcurrentIdenticalVotesCountOnce: 100 concurrent identical votes by
// one member record one entry.
func TestConcurrentIdenticalVotesCountOnce(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 1, store.Options{})
	openVoting(t, f)
	size := f.svc.Size()
	var wg sync.WaitGroup
	var entries atomic.Int64
	errs := make(chan error, 100)
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := f.svc.Do(ctx, member(f.members[0]), vote(f.question, "no"))
			if err != nil {
				errs <- err
				return
			}
			entries.Add(int64(len(r.Entries)))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := entries.Load(); got != 1 {
		t.Errorf("100 identical votes recorded %d entries, want 1", got)
	}
	if got := f.svc.Size(); got != size+1 {
		t.Errorf("size %d, want %d", got, size+1)
	}
	var votes [][]any
	f.svc.View(func(s *council.State) { votes = s.Rows("votes") })
	if len(votes) != 1 {
		t.Errorf("votes table has %d rows, want 1", len(votes))
	}
}

// countingBackend counts Appends and can be told to fail one.
type countingBackend struct {
	store.Backend
	appends atomic.Int64
	failAt  atomic.Int64 // fail the Append with this 1-based number
}

func (c *countingBackend) Append(ctx context.Context, es []record.Entry, hs []record.IndexedHash, ch []council.Change) error {
	n := c.appends.Add(1)
	if n == c.failAt.Load() {
		return errors.New("disk on fire")
	}
	return c.Backend.Append(ctx, es, hs, ch)
}

// TestGroupCommit: many concurrent callers share few Appends, each gets
// its own entry, and the result audits; with the default batching, with a
// small MaxBatch and with a MaxDelay.
func TestGroupCommit(t *testing.T) {
	tests := []struct {
		name string
		opt  store.Options
	}{
		{"default", store.Options{}},
		{"small batches", store.Options{MaxBatch: 7}},
		{"delay", store.Options{MaxDelay: 2 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { testGroupCommit(t, tt.opt) })
	}
}

func testGroupCommit(t *testing.T, opt store.Options) {
	ctx := context.Background()
	f := newFixture(t, 200, store.Options{})
	openVoting(t, f)
	f.svc.Close()
	cb := &countingBackend{Backend: f.backend}
	opt.Tick, opt.Clock, opt.Logger = -1, f.clock.Load, slog.New(slog.DiscardHandler)
	svc, err := store.Open(ctx, cb, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	size := svc.Size()
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[int64]bool{}
	for _, m := range f.members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := svc.Do(ctx, member(m), vote(f.question, "no"))
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			for _, e := range r.Entries {
				if seen[e] {
					t.Errorf("entry %d acknowledged twice", e)
				}
				seen[e] = true
			}
		}()
	}
	wg.Wait()
	if len(seen) != len(f.members) || svc.Size() != size+int64(len(f.members)) {
		t.Errorf("%d entries acknowledged, size %d; want %d and %d", len(seen), svc.Size(), len(f.members), size+int64(len(f.members)))
	}
	n := cb.appends.Load()
	if n >= int64(len(f.members)) {
		t.Errorf("%d acts took %d Appends: no group commit", len(f.members), n)
	}
	if opt.MaxBatch > 0 && n < int64(len(f.members)/opt.MaxBatch) {
		t.Errorf("%d acts took %d Appends: batches exceed MaxBatch %d", len(f.members), n, opt.MaxBatch)
	}
	t.Logf("%d acts in %d Appends", len(f.members), n)
	if _, err := store.Audit(ctx, f.backend, svc.VerifierKey()); err != nil {
		t.Errorf("audit: %v", err)
	}
}

// TestFailedAppendRebuildsState: when the backend refuses a commit, the
// callers get an error and the in-memory state forgets the batch.
func TestFailedAppendRebuildsState(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 2, store.Options{})
	openVoting(t, f)
	f.svc.Close()
	cb := &countingBackend{Backend: f.backend}
	cb.failAt.Store(1)
	svc, err := store.Open(ctx, cb, store.Options{Tick: -1, Clock: f.clock.Load, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	size := svc.Size()
	_, err = svc.Do(ctx, member(f.members[1]), vote(f.question, "yes"))
	if commune.ErrorCode(err) != commune.EINTERNAL {
		t.Fatalf("Do with a failing disk: %v, want an internal error", err)
	}
	var votes [][]any
	svc.View(func(s *council.State) { votes = s.Rows("votes") })
	if len(votes) != 1 || svc.Size() != size {
		t.Fatalf("after a failed commit: %d votes in memory, size %d; want 1 (the founder's) and %d", len(votes), svc.Size(), size)
	}
	// The same vote again: the state must not think it was already cast.
	r, err := svc.Do(ctx, member(f.members[1]), vote(f.question, "yes"))
	if err != nil || len(r.Entries) != 1 {
		t.Fatalf("retry: %v, %v; want one entry", r, err)
	}
	if _, err := store.Audit(ctx, f.backend, svc.VerifierKey()); err != nil {
		t.Errorf("audit: %v", err)
	}
}

func TestTimeNeverDecreases(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 4, store.Options{})
	openVoting(t, f)
	for _, m := range f.members {
		f.clock.Add(-1000) // a clock running backwards
		if _, err := f.svc.Do(ctx, member(m), vote(f.question, "abstain")); err != nil {
			t.Fatal(err)
		}
	}
	prev := int64(0)
	err := f.svc.Entries(ctx, 0, f.svc.Size(), func(e record.Entry) error {
		if e.Time < prev {
			t.Errorf("entry %d: time %d before %d", e.Index, e.Time, prev)
		}
		prev = e.Time
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// openVoting records the due opening of the fixture's question with a
// first vote by the founder.
func openVoting(t *testing.T, f *fixture) {
	t.Helper()
	if _, err := f.svc.Do(context.Background(), member(f.members[0]), vote(f.question, "yes")); err != nil {
		t.Fatal(err)
	}
}

func TestProofs(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 9, store.Options{})
	cp, err := record.Open(f.svc.Checkpoint(), f.svc.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	err = f.svc.Entries(ctx, 0, cp.Size, func(e record.Entry) error {
		p, err := f.svc.InclusionProof(ctx, e.Index, cp.Size)
		if err != nil {
			return err
		}
		if err := record.VerifyInclusion(p, cp.Size, cp.Hash, e.Index, e.Encode()); err != nil {
			t.Errorf("entry %d: inclusion proof does not verify: %v", e.Index, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for old := int64(1); old < cp.Size; old++ {
		oldRoot, err := f.svc.TreeHash(old)
		if err != nil {
			t.Fatal(err)
		}
		p, err := f.svc.ConsistencyProof(ctx, old, cp.Size)
		if err != nil {
			t.Fatal(err)
		}
		if err := record.VerifyConsistency(p, old, cp.Size, oldRoot, cp.Hash); err != nil {
			t.Errorf("consistency %d→%d: %v", old, cp.Size, err)
		}
	}
	for _, bad := range [][2]int64{{-1, cp.Size}, {cp.Size, cp.Size}, {0, cp.Size + 1}} {
		if _, err := f.svc.InclusionProof(ctx, bad[0], bad[1]); commune.ErrorCode(err) != commune.EINVALID {
			t.Errorf("InclusionProof(%d, %d) = %v, want %s", bad[0], bad[1], err, commune.EINVALID)
		}
	}
}

func TestCredentials(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 2, store.Options{})
	m := f.members[0]
	if err := f.svc.SetPassword(ctx, m, "short"); commune.ErrorCode(err) != commune.EINVALID {
		t.Errorf("short password: %v, want %s", err, commune.EINVALID)
	}
	if err := f.svc.SetPassword(ctx, m, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	h, _ := f.backend.Password(ctx, m)
	if h == "correct horse battery" || len(h) < 40 {
		t.Errorf("stored password hash %q", h)
	}
	tests := []struct {
		member   council.ID
		password string
		want     string
	}{
		{m, "correct horse battery", ""},
		{m, "correct horse batterY", commune.EUNAUTH},
		{f.members[1], "correct horse battery", commune.EUNAUTH}, // no password set
		{999, "correct horse battery", commune.EUNAUTH},
	}
	for _, tt := range tests {
		if got := commune.ErrorCode(f.svc.CheckPassword(ctx, tt.member, tt.password)); got != tt.want {
			t.Errorf("CheckPassword(%d, %q) code %q, want %q", tt.member, tt.password, got, tt.want)
		}
	}
	tok, err := f.svc.NewToken(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := f.svc.Authenticate(ctx, tok); err != nil || got != m {
		t.Errorf("Authenticate = %d, %v, want %d", got, err, m)
	}
	for _, bad := range []string{"", tok + "x", tok[1:]} {
		if _, err := f.svc.Authenticate(ctx, bad); commune.ErrorCode(err) != commune.EUNAUTH {
			t.Errorf("Authenticate(%q) = %v, want %s", bad, err, commune.EUNAUTH)
		}
	}
	if err := f.svc.RevokeToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Authenticate(ctx, tok); commune.ErrorCode(err) != commune.EUNAUTH {
		t.Errorf("revoked token authenticates: %v", err)
	}
	// Revoking all of a member's tokens (a password reset) ends the ones
	// already checked and remembered too.
	var toks []string
	for i := 0; i < 3; i++ {
		tk, err := f.svc.NewToken(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Authenticate(ctx, tk); err != nil {
			t.Fatal(err)
		}
		toks = append(toks, tk)
	}
	if err := f.svc.RevokeTokens(ctx, m); err != nil {
		t.Fatal(err)
	}
	for _, tk := range toks {
		if _, err := f.svc.Authenticate(ctx, tk); commune.ErrorCode(err) != commune.EUNAUTH {
			t.Errorf("token survived RevokeTokens: %v", err)
		}
	}
}

func TestClosedServiceRefuses(t *testing.T) {
	f := newFixture(t, 1, store.Options{})
	svc := f.svc
	svc.Close()
	if _, err := svc.Do(context.Background(), member(f.members[0]), vote(f.question, "yes")); err == nil {
		t.Error("Do on a closed service succeeded")
	}
	f.backend.Close()
	f.svc = nil
}

// TestOpenRefusesTamperedTree: the Service checks the record against the
// stored tree before serving it.
func TestOpenRefusesTamperedTree(t *testing.T) {
	f := newFixture(t, 3, store.Options{})
	dir := f.dir
	f.close(t)
	db := plainDB(t, dir)
	if _, err := db.Exec(`UPDATE record_entries SET body = CAST(replace(CAST(body AS TEXT), 'founder', 'Founder') AS BLOB) WHERE idx = 0`); err != nil {
		t.Fatal(err)
	}
	b, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if svc, err := store.Open(context.Background(), b, store.Options{Tick: -1, Logger: slog.New(slog.DiscardHandler)}); err == nil {
		svc.Close()
		t.Error("Open of a tampered record succeeded")
	}
}

// TestOpenFillsNewTables: a derived table missing from the database (a
// newer program adding one) is created and filled from the replay.
func TestOpenFillsNewTables(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 3, store.Options{})
	openVoting(t, f)
	vkey := f.svc.VerifierKey()
	f.close(t)
	if _, err := plainDB(t, f.dir).Exec(`DROP TABLE votes`); err != nil {
		t.Fatal(err)
	}
	f.open(t, store.Options{})
	n := 0
	if _, err := f.backend.Rows(ctx, "votes", func([]any) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("recreated votes table has %d rows, want 1", n)
	}
	if _, err := store.Audit(ctx, f.backend, vkey); err != nil {
		t.Errorf("audit: %v", err)
	}
}

func TestAuditEmptyRecord(t *testing.T) {
	ctx := context.Background()
	b, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := store.Audit(ctx, b, "x"); err == nil || !strings.Contains(err.Error(), "no signed checkpoint") {
		t.Errorf("audit of a record never opened by a Service: %v, want no signed checkpoint", err)
	}
	svc, err := store.Open(ctx, b, store.Options{Tick: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	rep, err := store.Audit(ctx, b, svc.VerifierKey())
	if err != nil || rep.Entries != 0 || rep.TreeSize != 0 {
		t.Errorf("audit of an empty record: %+v, %v", rep, err)
	}
}
