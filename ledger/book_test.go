package ledger_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune"
	"commune/ledger"
)

const (
	alice ledger.AccountID = 1
	bob   ledger.AccountID = 2
	works ledger.AccountID = 10
	renew ledger.AccountID = 20 // replacement of means of production
	commn ledger.AccountID = 21 // common needs
	suppt ledger.AccountID = 22 // support for those unable to work
)

// federation returns a book with two members, a workplace and three funds,
// and deductions of 100‰, 150‰ and 50‰.
func federation(t *testing.T) *ledger.Book {
	t.Helper()
	b := ledger.New(nil)
	reqs := []ledger.Request{
		ledger.OpenAccount{Account: alice, Kind: ledger.Member, Name: "alice"},
		ledger.OpenAccount{Account: bob, Kind: ledger.Member, Name: "bob"},
		ledger.OpenAccount{Account: works, Kind: ledger.Work, Name: "bakery"},
		ledger.OpenAccount{Account: renew, Kind: ledger.Fund, Name: "replacement"},
		ledger.OpenAccount{Account: commn, Kind: ledger.Fund, Name: "common needs"},
		ledger.OpenAccount{Account: suppt, Kind: ledger.Fund, Name: "support"},
		ledger.SetDeductions{Rates: []ledger.Rate{{Fund: renew, PerMille: 100}, {Fund: commn, PerMille: 150}, {Fund: suppt, PerMille: 50}}},
	}
	for i, r := range reqs {
		if _, err := b.Submit(int64(i+1), "setup-"+r.Op()+string(rune('a'+i)), r); err != nil {
			t.Fatalf("setup %d: %v", i, err)
		}
	}
	return b
}

func balance(t *testing.T, b *ledger.Book, id ledger.AccountID) int64 {
	t.Helper()
	a, ok := b.Account(id)
	if !ok {
		t.Fatalf("no account %d", id)
	}
	return a.Balance()
}

func TestConfirmHoursDeductions(t *testing.T) {
	tests := []struct {
		minutes                    int64
		net, renew, common, supprt int64
	}{
		{480, 336, 48, 72, 24},
		{1, 1, 0, 0, 0},   // every deduction rounds down to zero: the worker keeps the minute
		{7, 6, 0, 1, 0},   // 7×150/1000 = 1.05 → 1
		{59, 44, 5, 8, 2}, // floor(5.9), floor(8.85), floor(2.95)
	}
	for _, tt := range tests {
		b := federation(t)
		res, err := b.Submit(100, "conf", ledger.ConfirmHours{Worker: alice, Workplace: works, Minutes: tt.minutes})
		if err != nil {
			t.Fatalf("%d minutes: %v", tt.minutes, err)
		}
		got := []int64{balance(t, b, alice), balance(t, b, renew), balance(t, b, commn), balance(t, b, suppt)}
		want := []int64{tt.net, tt.renew, tt.common, tt.supprt}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%d minutes: balances (-want +got):\n%s", tt.minutes, diff)
		}
		var sum int64
		for _, tr := range res.Transfers {
			sum += tr.Amount
		}
		if sum != tt.minutes || -balance(t, b, works) != tt.minutes {
			t.Errorf("%d minutes: gross %d, work account %d", tt.minutes, sum, balance(t, b, works))
		}
		if err := b.Check(); err != nil {
			t.Error(err)
		}
	}
}

func TestRefusals(t *testing.T) {
	b := federation(t)
	if _, err := b.Submit(100, "c1", ledger.ConfirmHours{Worker: alice, Workplace: works, Minutes: 600}); err != nil {
		t.Fatal(err)
	}
	before := b.Transfers(1, 0)
	tests := []struct {
		name   string
		key    string
		req    ledger.Request
		code   string
		reason string
	}{
		{"draw beyond balance", "d1", ledger.Draw{Member: alice, Minutes: 421}, commune.ECONFLICT, "insufficient_balance"},
		{"negative draw", "d2", ledger.Draw{Member: alice, Minutes: -5}, commune.EINVALID, "not_positive"},
		{"zero hours", "d3", ledger.ConfirmHours{Worker: alice, Workplace: works, Minutes: 0}, commune.EINVALID, "not_positive"},
		{"member as workplace", "d4", ledger.ConfirmHours{Worker: alice, Workplace: bob, Minutes: 60}, commune.EFORBIDDEN, "pair_not_allowed"},
		{"support to a workplace", "d5", ledger.Support{Fund: suppt, Member: works, Minutes: 1}, commune.EFORBIDDEN, "pair_not_allowed"},
		{"fund overspent", "d6", ledger.SpendFund{Fund: renew, Minutes: 61}, commune.ECONFLICT, "insufficient_balance"},
		{"key reused with other fields", "c1", ledger.ConfirmHours{Worker: alice, Workplace: works, Minutes: 601}, commune.ECONFLICT, "key_reused"},
		{"no key", "", ledger.Draw{Member: alice, Minutes: 1}, commune.EINVALID, "missing_key"},
		{"unknown account", "d7", ledger.Draw{Member: 99, Minutes: 1}, commune.ENOTFOUND, "no_account"},
		{"deductions over the whole", "d8", ledger.SetDeductions{Rates: []ledger.Rate{{Fund: renew, PerMille: 600}, {Fund: commn, PerMille: 401}}}, commune.EINVALID, "deductions_exceed_whole"},
		{"sink opened by hand", "d9", ledger.OpenAccount{Account: 50, Kind: ledger.Cancelled}, commune.EINVALID, "bad_kind"},
		{"correct unknown", "d10", ledger.Correct{Transfer: 999}, commune.ENOTFOUND, "no_transfer"},
	}
	for _, tt := range tests {
		_, err := b.Submit(200, tt.key, tt.req)
		if got := commune.ErrorCode(err); got != tt.code {
			t.Errorf("%s: code %q, want %q (%v)", tt.name, got, tt.code, err)
		}
		if got := commune.ErrorReason(err); got != tt.reason {
			t.Errorf("%s: reason %q, want %q", tt.name, got, tt.reason)
		}
	}
	if diff := cmp.Diff(before, b.Transfers(1, 0)); diff != "" {
		t.Errorf("refused requests changed the transfers:\n%s", diff)
	}
	if err := b.Check(); err != nil {
		t.Error(err)
	}
}

func TestNoPairMovesValueBetweenPersons(t *testing.T) {
	codes := []ledger.Code{ledger.CodeCertificate, ledger.CodeDeduction, ledger.CodeDraw, ledger.CodeFundSpend,
		ledger.CodeSupport, ledger.CodeExpiry, ledger.CodeCorrection}
	for _, c := range codes {
		if ledger.Allowed(c, ledger.Member, ledger.Member) {
			t.Errorf("%s allows member → member", c)
		}
	}
	// Only labour confirmed at a workplace or a voted fund credits a member.
	for _, c := range codes {
		for k := ledger.Member; k <= ledger.Expired; k++ {
			if ledger.Allowed(c, k, ledger.Member) && c != ledger.CodeCorrection && k != ledger.Work && k != ledger.Fund {
				t.Errorf("%s credits a member from a %s account", c, k)
			}
		}
	}
}

func TestIdempotentRetry(t *testing.T) {
	b := federation(t)
	first, err := b.Submit(100, "conf-7", ledger.ConfirmHours{Worker: bob, Workplace: works, Minutes: 120, Ref: "week 7"})
	if err != nil {
		t.Fatal(err)
	}
	again, err := b.Submit(500, "conf-7", ledger.ConfirmHours{Worker: bob, Workplace: works, Minutes: 120, Ref: "week 7"})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Replayed {
		t.Error("retry not marked as replayed")
	}
	if diff := cmp.Diff(first.Transfers, again.Transfers); diff != "" {
		t.Errorf("retry result differs:\n%s", diff)
	}
	if got := balance(t, b, bob); got != 84 {
		t.Errorf("bob holds %d after a retried confirmation, want 84", got)
	}
}

func TestDrawCorrectionAndExpiry(t *testing.T) {
	b := federation(t)
	mustSubmit(t, b, 1000, "c1", ledger.ConfirmHours{Worker: alice, Workplace: works, Minutes: 100}) // net 70 at t=1000..
	mustSubmit(t, b, 5000, "c2", ledger.ConfirmHours{Worker: alice, Workplace: works, Minutes: 200}) // net 140 at t=5000..
	d := mustSubmit(t, b, 6000, "d1", ledger.Draw{Member: alice, Minutes: 50, Ref: "bread"})
	// A mistaken draw is corrected by a reversal that names it.
	mustSubmit(t, b, 6100, "x1", ledger.Correct{Transfer: d.Transfers[0].ID, Ref: "wrong product"})
	if _, err := b.Submit(6200, "x2", ledger.Correct{Transfer: d.Transfers[0].ID}); commune.ErrorReason(err) != "already_corrected" {
		t.Errorf("second correction: %v", err)
	}
	mustSubmit(t, b, 6300, "d2", ledger.Draw{Member: alice, Minutes: 15})
	// Expire what was credited before t=5000: the first 70 less the 50 and
	// 15 drawn (oldest first) leaves 5; the correction's 50 came back at
	// t=6100 as a new lot and stays.
	res := mustSubmit(t, b, 7000, "e1", ledger.Expire{Member: alice, Before: 5000})
	if len(res.Transfers) != 1 || res.Transfers[0].Amount != 5 {
		t.Fatalf("expiry transfers %+v, want one of 5 minutes", res.Transfers)
	}
	if got, want := balance(t, b, alice), int64(70+140-50+50-15-5); got != want {
		t.Errorf("alice holds %d, want %d", got, want)
	}
	if err := b.Check(); err != nil {
		t.Error(err)
	}
}

func TestReplayRebuildsTheBook(t *testing.T) {
	var j memJournal
	b := ledger.New(&j)
	for i, r := range []ledger.Request{
		ledger.OpenAccount{Account: alice, Kind: ledger.Member},
		ledger.OpenAccount{Account: works, Kind: ledger.Work},
		ledger.ConfirmHours{Worker: alice, Workplace: works, Minutes: 90},
		ledger.Draw{Member: alice, Minutes: 30},
	} {
		mustSubmit(t, b, int64(10*i), "k"+string(rune('0'+i)), r)
	}
	got, err := ledger.Replay(j.batches, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(b.Accounts(), got.Accounts()); diff != "" {
		t.Errorf("replayed accounts differ:\n%s", diff)
	}
	// A journal that declares a different figure is refused on replay.
	bad := append([]ledger.Batch(nil), j.batches...)
	bad[2].Transfers = append([]ledger.Transfer(nil), bad[2].Transfers...)
	bad[2].Transfers[0].Amount++
	if _, err := ledger.Replay(bad, nil); err == nil {
		t.Error("replay accepted a batch with a declared amount the request does not give")
	}
}

type memJournal struct{ batches []ledger.Batch }

func (j *memJournal) Append(b ledger.Batch) error {
	j.batches = append(j.batches, b)
	return nil
}

func mustSubmit(t *testing.T, b *ledger.Book, now int64, key string, r ledger.Request) ledger.Result {
	t.Helper()
	res, err := b.Submit(now, key, r)
	if err != nil {
		t.Fatalf("%s %s: %v", key, r.Op(), err)
	}
	return res
}
