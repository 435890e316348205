package store_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"testing"

	"commune/council"
	"commune/sqlite"
	"commune/store"
)

// fixture is a Service on a fresh SQLite data directory holding a
// federation built through real acts: a founder and n-1 invited members of
// one workplace council, and a proposal open for voting (question).
type fixture struct {
	dir      string
	backend  *sqlite.Backend
	svc      *store.Service
	clock    atomic.Int64 // server time, microseconds
	council  council.ID
	members  []council.ID
	question council.ID
}

// start is the fixture's first server time (2023-11-14).
const start = 1_700_000_000_000_000

func newFixture(t testing.TB, n int, opt store.Options) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{dir: t.TempDir()}
	f.clock.Store(start)
	f.open(t, opt)
	r, err := f.svc.Do(ctx, council.Actor{Operator: "test"},
		council.Found{Federation: "Test Federation", Name: "founder", Council: "Works", Kind: council.KindWorkplace})
	if err != nil {
		t.Fatal(err)
	}
	founded := r.Events[0].(council.Founded)
	f.council = founded.Council
	f.members = []council.ID{founded.Member}
	var items []store.Item
	for i := 1; i < n; i++ {
		code := fmt.Sprintf("invitation-code-%06d", i)
		items = append(items,
			store.Item{Actor: member(founded.Member), Act: council.Invite{Council: f.council, Code: code}},
			store.Item{Actor: council.Actor{Server: true}, Act: council.AcceptInvitation{Code: code, Name: fmt.Sprintf("member %d", i)}})
	}
	rs, err := f.svc.DoMany(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if acc, ok := r.Events[0].(council.InvitationAccepted); ok {
			f.members = append(f.members, acc.Member)
		}
	}
	r, err = f.svc.Do(ctx, member(founded.Member), council.Propose{Council: f.council, Title: "Shorter week", Text: "Four days."})
	if err != nil {
		t.Fatal(err)
	}
	f.question = r.Events[0].(council.ProposalMade).Proposal
	// Past the discussion period: the next batch opens voting.
	f.clock.Add(council.DefaultStatutes().Discussion + council.Second)
	return f
}

func (f *fixture) open(t testing.TB, opt store.Options) {
	t.Helper()
	b, err := sqlite.Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	if opt.Tick == 0 {
		opt.Tick = -1
	}
	if opt.Clock == nil {
		opt.Clock = f.clock.Load
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	svc, err := store.Open(context.Background(), b, opt)
	if err != nil {
		b.Close()
		t.Fatal(err)
	}
	f.backend, f.svc = b, svc
	t.Cleanup(func() { f.close(t) })
}

func (f *fixture) close(t testing.TB) {
	if f.svc == nil {
		return
	}
	if err := f.svc.Close(); err != nil {
		t.Error(err)
	}
	if err := f.backend.Close(); err != nil {
		t.Error(err)
	}
	f.svc, f.backend = nil, nil
}

func member(id council.ID) council.Actor { return council.Actor{Member: id} }

func vote(q council.ID, choice string) council.Act { return council.Vote{Question: q, Choice: choice} }
