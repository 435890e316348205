package ledger

import (
	"errors"

	"commune"
)

// Decide returns the batch that Submit would journal for req under key at
// server time now, without changing the book: the council domain records
// it as an event and applies it later with Apply, so that the ledger
// needs no journal of its own. Retry is true when the key was already used
// for the same request (the batch is then empty: nothing new happens); a
// key used for another request is a conflict.
func (b *Book) Decide(now int64, key string, req Request) (bt Batch, retry bool, err error) {
	if key == "" {
		return Batch{}, false, commune.Errorf(commune.EINVALID, "missing_key", "an idempotency key is required")
	}
	body, err := EncodeRequest(req)
	if err != nil {
		return Batch{}, false, err
	}
	if d, ok := b.keys[key]; ok {
		if d.fingerprint != fingerprint(req.Op(), body) {
			return Batch{}, false, commune.Errorf(commune.ECONFLICT, "key_reused", "idempotency key %q was used for another request", key)
		}
		return Batch{}, true, nil
	}
	t := now
	if t <= b.lastTime {
		t = b.lastTime + 1
	}
	trs, err := b.decide(t, key, req)
	if err != nil {
		return Batch{}, false, err
	}
	return Batch{Key: key, Op: req.Op(), Request: body, Time: t, Transfers: trs}, false, nil
}

// Commit applies a batch that Decide returned for req, with no other change
// to the book in between, without deciding it again. The council domain
// calls it right after checking an event's declared transfers with Decide.
func (b *Book) Commit(bt Batch, req Request) error {
	if _, ok := b.keys[bt.Key]; ok || bt.Key == "" {
		return errors.New("ledger: commit: idempotency key repeated or empty")
	}
	if bt.Time <= b.lastTime || (len(bt.Transfers) > 0 && bt.Transfers[0].ID != TransferID(len(b.transfers)+1)) {
		return errors.New("ledger: commit: the batch was not decided against this book")
	}
	b.record(bt, req)
	return nil
}

// Transfer returns the transfer with the id.
func (b *Book) Transfer(id TransferID) (Transfer, bool) {
	if id < 1 || int(id) > len(b.transfers) {
		return Transfer{}, false
	}
	return b.transfers[id-1], true
}

// Len is the number of transfers made.
func (b *Book) Len() int { return len(b.transfers) }
