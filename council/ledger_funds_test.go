package council

import (
	"testing"

	"commune"
	"commune/ledger"

	"github.com/google/go-cmp/cmp"
)

func init() {
	flows["FundsAndExpiry"] = flowFundsAndExpiry
}

// passText passes a text proposal in the district by its three delegates.
func passText(t *testing.T, f *Fixture, title string) ID {
	t.Helper()
	c, _ := f.S.Council(f.District)
	p := propose(t, f, "Ada", Propose{Council: f.District, Kind: ProposalText, Title: title, Text: title})
	advance(t, f, c.Statutes.Discussion+Second)
	for _, v := range []string{"Ada", "Eve", "Hana"} {
		must(t, f, v, Vote{Question: p, Choice: Yes})
	}
	advance(t, f, c.Statutes.Voting)
	if got := proposalOf(t, f, p).Status; got != StatusPassed {
		t.Fatalf("%s: %s", title, got)
	}
	return p
}

func fundNamed(t *testing.T, s *State, name string) FundView {
	t.Helper()
	for _, fv := range s.Funds() {
		if fv.Name == name {
			return fv
		}
	}
	t.Fatalf("no fund %q", name)
	return FundView{}
}

func balance(s *State, id ID) int64 {
	a, _ := s.Account(id)
	return a.Balance()
}

func TestFundsAndExpiry(t *testing.T) { flowFundsAndExpiry(t, fixture(t)) }

// flowFundsAndExpiry spends a fund and supports Ben from another under
// district decisions, then expires Ben's certificates under a 30-day
// statute. After RunCycle: replacement holds 48 minutes, common needs 72,
// Ben 480 − 120 deducted − 90 of bread = 270.
func flowFundsAndExpiry(t *testing.T, f *Fixture) {
	runCycle(t, f)
	ben, eve, cleo := f.Member["Ben"], f.id("Eve"), f.id("Cleo")
	repl, common := fundNamed(t, f.S, "replacement").ID, fundNamed(t, f.S, "common needs").ID
	for _, c := range []struct {
		id   ID
		want int64
	}{{repl, 48}, {common, 72}, {ben, 270}} {
		if got := balance(f.S, c.id); got != c.want {
			t.Fatalf("balance of %d: got %d, want %d", c.id, got, c.want)
		}
	}

	// Authority: a passed text proposal of the district, acted on by a delegate.
	open := propose(t, f, "Eve", Propose{Council: f.District, Kind: ProposalText, Title: "Not yet", Text: "pending"})
	refused(t, f, eve, SpendFund{Fund: repl, Minutes: 10, Decision: open, Key: "k-open"}, commune.ECONFLICT, "not_passed")
	base := propose(t, f, "Ben", Propose{Council: f.Bakery, Kind: ProposalText, Title: "Bakery", Text: "ours"})
	refused(t, f, eve, SpendFund{Fund: repl, Minutes: 10, Decision: base, Key: "k-base"}, commune.EINVALID, "bad_decision")
	decision := passText(t, f, "New oven and support for Ben")
	refused(t, f, cleo, SpendFund{Fund: repl, Minutes: 10, Decision: decision, Key: "k-cleo"}, commune.EFORBIDDEN, "not_delegate")
	refused(t, f, eve, SpendFund{Fund: 999999, Minutes: 10, Decision: decision, Key: "k-nofund"}, commune.ENOTFOUND, "fund")
	refused(t, f, eve, SpendFund{Fund: repl, Minutes: 49, Decision: decision, Key: "k-much"}, commune.ECONFLICT, "insufficient_balance")
	refused(t, f, eve, SpendFund{Fund: repl, Minutes: 0, Decision: decision, Key: "k-zero"}, commune.EINVALID, "not_positive")
	refused(t, f, eve, GrantSupport{Fund: common, Member: ben, Minutes: 73, Decision: decision, Key: "k-much2"}, commune.ECONFLICT, "insufficient_balance")
	refused(t, f, eve, GrantSupport{Fund: common, Member: repl, Minutes: 1, Decision: decision, Key: "k-notmember"}, commune.ENOTFOUND, "member")

	spend := SpendFund{Fund: repl, Minutes: 30, Ref: "oven parts", Decision: decision, Key: "spend-oven"}
	evs := must(t, f, "Eve", spend)
	if got := evs[0].(FundSpent); got.Minutes != 30 || got.Transfer == 0 {
		t.Fatalf("spent: %+v", got)
	}
	n := len(f.Log)
	if evs, err := f.Do(eve, spend); err != nil || len(evs) != 0 || len(f.Log) != n {
		t.Fatalf("retry: %v %v", evs, err)
	}
	refused(t, f, eve, SpendFund{Fund: repl, Minutes: 31, Decision: decision, Key: "spend-oven"}, commune.ECONFLICT, "key_reused")
	must(t, f, "Hana", GrantSupport{Fund: common, Member: ben, Minutes: 50, Ref: "injury", Decision: decision, Key: "support-ben"})

	// Expiry needs a lifetime in the statutes.
	refused(t, f, eve, ExpireCertificates{Key: "exp-0"}, commune.ECONFLICT, "no_expiry")
	fastStatutes(t, f, f.District, []string{"Ada", "Eve", "Hana"}, func(st *Statutes) { st.CertificateDays = 30 })
	refused(t, f, eve, ExpireCertificates{Key: "exp-1"}, commune.ECONFLICT, "nothing_due")
	refused(t, f, cleo, ExpireCertificates{Key: "exp-2"}, commune.EFORBIDDEN, "not_delegate")
	advance(t, f, 31*Day)
	// Ten minutes of support credited now do not expire with the old ones.
	must(t, f, "Hana", GrantSupport{Fund: common, Member: ben, Minutes: 10, Decision: decision, Key: "support-ben-2"})
	good, err := ExpireCertificates{Key: "exp-3"}.Check(f.S, eve, f.Now)
	if err != nil {
		t.Fatal(err)
	}
	forged := good[0].(CertificatesExpired)
	forged.Lines = append([]ExpiryLine(nil), forged.Lines...)
	forged.Lines[0].Minutes++
	if err := f.S.Apply(f.Now, eve, forged); commune.ErrorReason(err) != "figures_differ" {
		t.Fatalf("forged expiry: %v", err)
	}
	evs = must(t, f, "Eve", ExpireCertificates{Key: "exp-3"})
	got := evs[0].(CertificatesExpired)
	want := []ExpiryLine{{Member: ben, Transfer: got.Lines[0].Transfer, Minutes: 320}}
	if diff := cmp.Diff(want, got.Lines); diff != "" {
		t.Errorf("expired (-want +got):\n%s", diff)
	}
	if got.Before != f.Now-30*Day {
		t.Errorf("cut-off %d, want %d", got.Before, f.Now-30*Day)
	}
	for _, c := range []struct {
		id   ID
		want int64
	}{{repl, 18}, {common, 12}, {ben, 10}} {
		if got := balance(f.S, c.id); got != c.want {
			t.Errorf("balance of %d: got %d, want %d", c.id, got, c.want)
		}
	}
	tr := f.S.AccountTransfers(ben)
	if last := tr[len(tr)-1]; last.Code != ledger.CodeExpiry || last.Amount != 320 {
		t.Errorf("last transfer of Ben: %+v", last)
	}
	refused(t, f, eve, ExpireCertificates{Key: "exp-4"}, commune.ECONFLICT, "nothing_due")
	if err := f.S.CheckLedger(); err != nil {
		t.Error(err)
	}
}

// fundsFixture runs a cycle, passes a spending decision in the district,
// sets a 30-day certificate lifetime and lets a month pass, so that
// spending, support and expiry are all possible.
func fundsFixture() (*Fixture, ID, error) {
	g, err := NewFixture()
	if err != nil {
		return nil, 0, err
	}
	if _, err := RunCycle(g, g); err != nil {
		return nil, 0, err
	}
	c, _ := g.S.Council(g.District)
	pass := func(p Propose) (ID, error) {
		evs, err := g.As("Ada", p)
		if err != nil {
			return 0, err
		}
		id := evs[0].(ProposalMade).Proposal
		if err := g.Advance(c.Statutes.Discussion + Second); err != nil {
			return 0, err
		}
		for _, v := range []string{"Ada", "Eve", "Hana"} {
			if _, err := g.As(v, Vote{Question: id, Choice: Yes}); err != nil {
				return 0, err
			}
		}
		return id, g.Advance(c.Statutes.Voting)
	}
	dec, err := pass(Propose{Council: g.District, Kind: ProposalText, Title: "Spend", Text: "Spend"})
	if err != nil {
		return nil, 0, err
	}
	st := c.Statutes
	st.CertificateDays = 30
	if _, err := pass(Propose{Council: g.District, Kind: ProposalStatutes, Title: "Expiry", Motion: Motion{Statutes: &st}}); err != nil {
		return nil, 0, err
	}
	return g, dec, g.Advance(31 * Day)
}

// FuzzFundsEvents decodes and applies the funds' and expiry's events: a
// decodable event never panics, a refused one leaves the accounts as they
// were, and the ledger's invariants always hold.
func FuzzFundsEvents(f *testing.F) {
	g, dec, err := fundsFixture()
	if err != nil {
		f.Fatal(err)
	}
	eve := MemberActor(g.Member["Eve"])
	fund := g.S.Funds()[0].ID
	for _, act := range []Act{
		SpendFund{Fund: fund, Minutes: 5, Decision: dec, Key: "s"},
		GrantSupport{Fund: fund, Member: g.Member["Ben"], Minutes: 5, Decision: dec, Key: "g"},
		ExpireCertificates{Key: "e"},
	} {
		evs, err := act.Check(g.S, eve, g.Now)
		if err != nil {
			f.Fatal(err)
		}
		body, _ := EncodeEvent(evs[0])
		f.Add(evs[0].Kind(), string(body))
	}
	f.Add("ledger.fund_spent", `{"fund":1,"minutes":-5,"decision":1,"key":"k","transfer":1}`)
	f.Add("ledger.certificates_expired", `{"key":"k","before":9e18,"lines":[{"member":2,"transfer":1,"minutes":1}]}`)
	f.Fuzz(func(t *testing.T, kind, body string) {
		ev, err := DecodeEvent(kind, []byte(body))
		if err != nil {
			return
		}
		g, _, err := fundsFixture()
		if err != nil {
			t.Fatal(err)
		}
		for _, by := range []Actor{MemberActor(g.Member["Eve"]), MemberActor(g.Member["Ben"]), Server} {
			accounts := g.S.Rows("accounts")
			if err := g.S.Apply(g.Now, by, ev); err != nil {
				if diff := cmp.Diff(accounts, g.S.Rows("accounts")); diff != "" {
					t.Fatalf("refused event changed accounts:\n%s", diff)
				}
			}
			if err := g.S.CheckLedger(); err != nil {
				t.Fatal(err)
			}
		}
	})
}
