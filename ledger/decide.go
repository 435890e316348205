package ledger

import (
	"commune"
)

// decide turns a request into the transfers it makes at time t, checking
// every rule, without changing the book. Transfer times start at t and
// increase by one microsecond per transfer, so that server times only
// increase.
func (b *Book) decide(t int64, key string, req Request) ([]Transfer, error) {
	var out []Transfer
	next := TransferID(len(b.transfers) + 1)
	add := func(code Code, debit, credit AccountID, amount int64, ref string, corrects TransferID) {
		out = append(out, Transfer{
			ID: next, Request: key, Debit: debit, Credit: credit, Amount: amount,
			Code: code, Ref: ref, Corrects: corrects, Time: t + int64(len(out)),
		})
		next++
	}
	switch r := req.(type) {
	case OpenAccount:
		if r.Account <= 0 {
			return nil, commune.Errorf(commune.EINVALID, "bad_account", "account ids are positive")
		}
		if _, ok := b.accounts[r.Account]; ok {
			return nil, commune.Errorf(commune.ECONFLICT, "account_exists", "account %d exists", r.Account)
		}
		if r.Kind != Member && r.Kind != Work && r.Kind != Fund {
			return nil, commune.Errorf(commune.EINVALID, "bad_kind", "accounts opened are member, work or fund accounts, not %s", r.Kind)
		}
	case SetDeductions:
		var total int64
		seen := make(map[AccountID]bool)
		for _, rt := range r.Rates {
			if err := b.need(rt.Fund, Fund); err != nil {
				return nil, err
			}
			if seen[rt.Fund] {
				return nil, commune.Errorf(commune.EINVALID, "duplicate_fund", "fund %d named twice", rt.Fund)
			}
			seen[rt.Fund] = true
			if rt.PerMille < 0 {
				return nil, commune.Errorf(commune.EINVALID, "negative_amount", "a deduction cannot be negative")
			}
			total += rt.PerMille
			if total > 1000 {
				return nil, commune.Errorf(commune.EINVALID, "deductions_exceed_whole", "deductions add up to more than the whole hour")
			}
		}
	case ConfirmHours:
		if err := positive(r.Minutes); err != nil {
			return nil, err
		}
		if err := b.need(r.Worker, Member); err != nil {
			return nil, err
		}
		if err := b.need(r.Workplace, Work); err != nil {
			return nil, err
		}
		net := r.Minutes
		for _, rt := range b.rates {
			d := r.Minutes * rt.PerMille / 1000
			if d > 0 {
				add(CodeDeduction, r.Workplace, rt.Fund, d, r.Ref, 0)
				net -= d
			}
		}
		if net > 0 {
			add(CodeCertificate, r.Workplace, r.Worker, net, r.Ref, 0)
		}
	case Draw:
		if err := b.debitable(r.Member, Member, r.Minutes); err != nil {
			return nil, err
		}
		add(CodeDraw, r.Member, b.sink(Cancelled), r.Minutes, r.Ref, 0)
	case SpendFund:
		if err := b.debitable(r.Fund, Fund, r.Minutes); err != nil {
			return nil, err
		}
		add(CodeFundSpend, r.Fund, b.sink(Cancelled), r.Minutes, r.Ref, 0)
	case Support:
		if err := b.debitable(r.Fund, Fund, r.Minutes); err != nil {
			return nil, err
		}
		if err := b.need(r.Member, Member); err != nil {
			return nil, err
		}
		add(CodeSupport, r.Fund, r.Member, r.Minutes, r.Ref, 0)
	case Expire:
		if err := b.need(r.Member, Member); err != nil {
			return nil, err
		}
		var due int64
		for _, l := range b.lots[r.Member] {
			if l.time >= r.Before {
				break
			}
			due += l.remaining
		}
		if due > 0 {
			add(CodeExpiry, r.Member, b.sink(Expired), due, "", 0)
		}
	case Correct:
		if r.Transfer < 1 || int(r.Transfer) > len(b.transfers) {
			return nil, commune.Errorf(commune.ENOTFOUND, "no_transfer", "no transfer %d", r.Transfer)
		}
		orig := b.transfers[r.Transfer-1]
		if orig.Code == CodeCorrection {
			return nil, commune.Errorf(commune.ECONFLICT, "correcting_correction", "transfer %d is a correction; make a new transfer instead", r.Transfer)
		}
		if by, ok := b.corrected[r.Transfer]; ok {
			return nil, commune.Errorf(commune.ECONFLICT, "already_corrected", "transfer %d was corrected by %d", r.Transfer, by)
		}
		if err := b.debitable(orig.Credit, b.accounts[orig.Credit].Kind, orig.Amount); err != nil {
			return nil, err
		}
		add(CodeCorrection, orig.Credit, orig.Debit, orig.Amount, r.Ref, orig.ID)
	default:
		return nil, commune.Errorf(commune.EINVALID, "unknown_op", "unknown ledger request %T", req)
	}
	for _, tr := range out {
		dk, ck := b.accounts[tr.Debit].Kind, b.accounts[tr.Credit].Kind
		if !Allowed(tr.Code, dk, ck) {
			// The cases above only build allowed pairs; this guards the list.
			return nil, commune.Errorf(commune.EFORBIDDEN, "pair_not_allowed", "%s from %s to %s is not allowed", tr.Code, dk, ck)
		}
	}
	return out, nil
}

// The sink accounts have fixed ids below zero, so that they never clash
// with the caller's ids; every Book has them from the start.
const (
	cancelledID AccountID = -1
	expiredID   AccountID = -2
)

// sink returns the id of the sink account of kind k.
func (b *Book) sink(k Kind) AccountID {
	if k == Expired {
		return expiredID
	}
	return cancelledID
}

func positive(minutes int64) error {
	if minutes <= 0 {
		return commune.Errorf(commune.EINVALID, "not_positive", "amounts are whole positive minutes")
	}
	return nil
}

// need checks that the account exists and has kind k.
func (b *Book) need(id AccountID, k Kind) error {
	a, ok := b.accounts[id]
	if !ok {
		return commune.Errorf(commune.ENOTFOUND, "no_account", "no account %d", id)
	}
	if a.Kind != k {
		return commune.Errorf(commune.EFORBIDDEN, "pair_not_allowed", "account %d is a %s account, not a %s account", id, a.Kind, k)
	}
	return nil
}

// debitable checks that an account of kind k may be debited by amount
// without going below zero where its kind forbids it.
func (b *Book) debitable(id AccountID, k Kind, amount int64) error {
	if err := positive(amount); err != nil {
		return err
	}
	if err := b.need(id, k); err != nil {
		return err
	}
	a := b.accounts[id]
	if k.floored() && a.Balance() < amount {
		return commune.Errorf(commune.ECONFLICT, "insufficient_balance", "account %d holds %d minutes, %d asked", id, a.Balance(), amount)
	}
	return nil
}
