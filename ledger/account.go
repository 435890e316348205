package ledger

import "fmt"

// AccountID identifies an account. The caller chooses account ids (the
// council domain uses its member, council and fund ids), so that an account
// can be named before its first transfer.
type AccountID int64

// Kind is what an account is for. The kind decides which transfers may
// touch it and whether its balance may go below zero.
type Kind uint8

// The account kinds.
const (
	// Member holds a member's certificates. Its balance (credits less
	// debits) never goes below zero.
	Member Kind = iota + 1
	// Work is a workplace's account of confirmed labour: the source from
	// which certificates and deductions are issued. Its balance is
	// negative: minus the hours confirmed there.
	Work
	// Fund holds one deduction voted by the federation (replacement of
	// means of production, expansion, reserves, administration, common
	// needs, support for those unable to work). It never goes below zero.
	Fund
	// Cancelled receives certificates given up for goods drawn and fund
	// minutes spent: they leave circulation there.
	Cancelled
	// Expired receives certificates that expired unused.
	Expired
)

var kindNames = [...]string{Member: "member", Work: "work", Fund: "fund", Cancelled: "cancelled", Expired: "expired"}

// String returns the kind's name as used on the record.
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// ParseKind returns the kind with the given name.
func ParseKind(s string) (Kind, error) {
	for k, n := range kindNames {
		if n != "" && n == s {
			return Kind(k), nil
		}
	}
	return 0, fmt.Errorf("unknown account kind %q", s)
}

// floored reports whether accounts of kind k may never go below zero.
func (k Kind) floored() bool { return k == Member || k == Fund }

// Account is one account and its running totals. Balance is always
// Credits - Debits; the totals are kept separately, as TigerBeetle does, so
// that the audit can recompute both from the transfers.
type Account struct {
	ID      AccountID `json:"id"`
	Kind    Kind      `json:"kind"`
	Name    string    `json:"name"`
	Debits  int64     `json:"debits"`
	Credits int64     `json:"credits"`
}

// Balance returns the account's credits less its debits, in minutes.
func (a Account) Balance() int64 { return a.Credits - a.Debits }

// MarshalText writes the kind by name, so that the record and the API
// say "member" rather than a number.
func (k Kind) MarshalText() ([]byte, error) {
	if int(k) >= len(kindNames) || kindNames[k] == "" {
		return nil, fmt.Errorf("ledger: no account kind %d", uint8(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText reads a kind written by MarshalText.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}
