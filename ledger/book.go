package ledger

import (
	"errors"
	"fmt"
	"sort"

	"commune"
)

// Journal makes batches durable. Append returns nil only when the batch
// will survive a crash. When it returns an error the batch may or may not
// have been written: the Book then refuses further requests until it is
// rebuilt from the journal (see Replay), so memory never runs ahead of, or
// behind, what is durable.
type Journal interface {
	Append(b Batch) error
}

// lot is certificates credited to a member at one time and not yet used.
type lot struct {
	time, remaining int64
}

// done is the remembered outcome of an accepted request.
type done struct {
	fingerprint string
	transfers   []TransferID
}

// Book is the ledger's state: accounts, transfers, the deduction schedule
// and the idempotency keys seen. It decides requests and applies batches.
// A Book is not safe for concurrent use.
type Book struct {
	accounts  map[AccountID]*Account
	transfers []Transfer // by id - 1
	corrected map[TransferID]TransferID
	rates     []Rate
	lots      map[AccountID][]lot
	keys      map[string]done
	lastTime  int64
	journal   Journal
	broken    error
}

// New returns an empty Book that writes accepted batches to j. A nil j
// keeps the book in memory only (for the audit's replay and for tests).
func New(j Journal) *Book {
	b := &Book{
		accounts:  make(map[AccountID]*Account),
		corrected: make(map[TransferID]TransferID),
		lots:      make(map[AccountID][]lot),
		keys:      make(map[string]done),
		journal:   j,
	}
	b.accounts[cancelledID] = &Account{ID: cancelledID, Kind: Cancelled, Name: Cancelled.String()}
	b.accounts[expiredID] = &Account{ID: expiredID, Kind: Expired, Name: Expired.String()}
	return b
}

// Replay returns a Book rebuilt from batches, in journal order, that
// writes new batches to j. It fails at the first batch that could not have
// been accepted, naming its position.
func Replay(batches []Batch, j Journal) (*Book, error) {
	b := New(nil)
	for i, bt := range batches {
		if err := b.Apply(bt); err != nil {
			return nil, fmt.Errorf("replay: batch %d (key %q): %w", i, bt.Key, err)
		}
	}
	b.journal = j
	return b, nil
}

// Result is the outcome of a request: the transfers it made, and whether
// it was a retry answered from the first result.
type Result struct {
	Transfers []Transfer
	Replayed  bool
}

// Submit decides req under the idempotency key at server time now
// (microseconds), makes it durable through the journal, and applies it.
// A key seen before with the same request returns the first result; with
// another request, a conflict. Nothing changes when an error is returned.
func (b *Book) Submit(now int64, key string, req Request) (Result, error) {
	if b.broken != nil {
		return Result{}, fmt.Errorf("ledger: journal failed earlier, rebuild required: %w", b.broken)
	}
	if key == "" {
		return Result{}, commune.Errorf(commune.EINVALID, "missing_key", "an idempotency key is required")
	}
	body, err := EncodeRequest(req)
	if err != nil {
		return Result{}, err
	}
	fp := fingerprint(req.Op(), body)
	if d, ok := b.keys[key]; ok {
		if d.fingerprint != fp {
			return Result{}, commune.Errorf(commune.ECONFLICT, "key_reused", "idempotency key %q was used for another request", key)
		}
		res := Result{Replayed: true}
		for _, id := range d.transfers {
			res.Transfers = append(res.Transfers, b.transfers[id-1])
		}
		return res, nil
	}
	t := now
	if t <= b.lastTime {
		t = b.lastTime + 1
	}
	trs, err := b.decide(t, key, req)
	if err != nil {
		return Result{}, err
	}
	bt := Batch{Key: key, Op: req.Op(), Request: body, Time: t, Transfers: trs}
	if b.journal != nil {
		if err := b.journal.Append(bt); err != nil {
			b.broken = err
			return Result{}, fmt.Errorf("ledger: journal: %w", err)
		}
	}
	if err := b.apply(bt, req); err != nil {
		// decide and apply disagree: a programmer error.
		panic(fmt.Sprintf("ledger: applying a decided batch: %v", err))
	}
	return Result{Transfers: trs}, nil
}

// Apply applies a batch from the journal: it decodes the request, decides
// it again at the batch's time, and refuses the batch unless the same
// transfers come out and the key is new.
func (b *Book) Apply(bt Batch) error {
	req, err := DecodeRequest(bt.Op, bt.Request)
	if err != nil {
		return err
	}
	if _, ok := b.keys[bt.Key]; ok || bt.Key == "" {
		return errors.New("idempotency key repeated or empty")
	}
	if bt.Time <= b.lastTime {
		return fmt.Errorf("time %d does not follow %d", bt.Time, b.lastTime)
	}
	return b.apply(bt, req)
}

func (b *Book) apply(bt Batch, req Request) error {
	want, err := b.decide(bt.Time, bt.Key, req)
	if err != nil {
		return err
	}
	if len(want) != len(bt.Transfers) {
		return fmt.Errorf("batch has %d transfers, the request makes %d", len(bt.Transfers), len(want))
	}
	for i := range want {
		if want[i] != bt.Transfers[i] {
			return fmt.Errorf("transfer %d is %+v, the request makes %+v", i, bt.Transfers[i], want[i])
		}
	}
	b.record(bt, req)
	return nil
}

// record applies a batch whose transfers were just decided for req.
func (b *Book) record(bt Batch, req Request) {
	want := bt.Transfers
	switch r := req.(type) {
	case OpenAccount:
		b.accounts[r.Account] = &Account{ID: r.Account, Kind: r.Kind, Name: r.Name}
	case SetDeductions:
		b.rates = append([]Rate(nil), r.Rates...)
	}
	ids := make([]TransferID, len(want))
	for i, tr := range want {
		b.post(tr)
		ids[i] = tr.ID
	}
	b.keys[bt.Key] = done{fingerprint: fingerprint(bt.Op, bt.Request), transfers: ids}
	b.lastTime = bt.Time
	if n := len(want); n > 0 {
		b.lastTime = want[n-1].Time
	}
}

// post applies one decided transfer to the accounts and lots.
func (b *Book) post(tr Transfer) {
	dr, cr := b.accounts[tr.Debit], b.accounts[tr.Credit]
	dr.Debits += tr.Amount
	cr.Credits += tr.Amount
	if dr.Kind == Member {
		b.lots[dr.ID] = consume(b.lots[dr.ID], tr.Amount)
	}
	if cr.Kind == Member {
		b.lots[cr.ID] = append(b.lots[cr.ID], lot{time: tr.Time, remaining: tr.Amount})
	}
	if tr.Code == CodeCorrection {
		b.corrected[tr.Corrects] = tr.ID
	}
	b.transfers = append(b.transfers, tr)
}

// consume uses amount from the oldest lots first.
func consume(lots []lot, amount int64) []lot {
	for amount > 0 && len(lots) > 0 {
		if lots[0].remaining > amount {
			lots[0].remaining -= amount
			return lots
		}
		amount -= lots[0].remaining
		lots = lots[1:]
	}
	return lots
}

// Account returns the account with the id.
func (b *Book) Account(id AccountID) (Account, bool) {
	a, ok := b.accounts[id]
	if !ok {
		return Account{}, false
	}
	return *a, true
}

// Accounts returns every account, by id.
func (b *Book) Accounts() []Account {
	out := make([]Account, 0, len(b.accounts))
	for _, a := range b.accounts {
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Transfers returns the transfers from id from (1-based) on, at most n of them.
func (b *Book) Transfers(from TransferID, n int) []Transfer {
	if from < 1 {
		from = 1
	}
	if int(from) > len(b.transfers) {
		return nil
	}
	end := int(from) - 1 + n
	if end > len(b.transfers) || n <= 0 {
		end = len(b.transfers)
	}
	return append([]Transfer(nil), b.transfers[from-1:end]...)
}

// Deductions returns the deduction schedule in force.
func (b *Book) Deductions() []Rate { return append([]Rate(nil), b.rates...) }
