package ledger

import "fmt"

// Check verifies the book's invariants from its transfers alone: every
// account's debits and credits equal the sums of its transfers; no member
// or fund balance is below zero; all balances add up to zero (every minute
// debited somewhere is credited somewhere); transfer times strictly
// increase; every transfer's pair is allowed; a correction reverses, once,
// a transfer that is not itself a correction. The audit and the
// simulation tests call it; it returns the first violation found.
func (b *Book) Check() error {
	debits := make(map[AccountID]int64, len(b.accounts))
	credits := make(map[AccountID]int64, len(b.accounts))
	corrected := make(map[TransferID]bool)
	var last int64
	for i, tr := range b.transfers {
		if tr.ID != TransferID(i+1) {
			return fmt.Errorf("transfer %d has id %d", i+1, tr.ID)
		}
		if tr.Amount <= 0 {
			return fmt.Errorf("transfer %d: amount %d is not positive", tr.ID, tr.Amount)
		}
		if tr.Time <= last {
			return fmt.Errorf("transfer %d: time %d does not follow %d", tr.ID, tr.Time, last)
		}
		last = tr.Time
		dr, ok1 := b.accounts[tr.Debit]
		cr, ok2 := b.accounts[tr.Credit]
		if !ok1 || !ok2 {
			return fmt.Errorf("transfer %d names an unknown account", tr.ID)
		}
		if !Allowed(tr.Code, dr.Kind, cr.Kind) {
			return fmt.Errorf("transfer %d: %s from %s to %s is not allowed", tr.ID, tr.Code, dr.Kind, cr.Kind)
		}
		if tr.Code == CodeCorrection {
			if tr.Corrects < 1 || tr.Corrects >= tr.ID {
				return fmt.Errorf("transfer %d corrects %d, which does not precede it", tr.ID, tr.Corrects)
			}
			orig := b.transfers[tr.Corrects-1]
			if orig.Code == CodeCorrection || corrected[orig.ID] ||
				orig.Debit != tr.Credit || orig.Credit != tr.Debit || orig.Amount != tr.Amount {
				return fmt.Errorf("transfer %d is not a single full reversal of %d", tr.ID, orig.ID)
			}
			corrected[orig.ID] = true
		}
		debits[tr.Debit] += tr.Amount
		credits[tr.Credit] += tr.Amount
	}
	var sum int64
	for id, a := range b.accounts {
		if a.Debits != debits[id] || a.Credits != credits[id] {
			return fmt.Errorf("account %d: totals %d/%d, transfers give %d/%d", id, a.Debits, a.Credits, debits[id], credits[id])
		}
		if a.Kind.floored() && a.Balance() < 0 {
			return fmt.Errorf("account %d (%s) is below zero: %d", id, a.Kind, a.Balance())
		}
		sum += a.Balance()
	}
	if sum != 0 {
		return fmt.Errorf("balances add up to %d, not zero", sum)
	}
	return nil
}
