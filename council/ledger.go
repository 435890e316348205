package council

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"

	"commune"
	"commune/ledger"
)

// The labour-time accounts live in the same state and record as the
// councils: a ledger.Book without a journal, changed only by events. Every
// member has a member account and every workplace council a work account
// (same id), opened when they come into being; funds are opened by the
// federation's deductions decision. Client acts carry an idempotency key:
// the same key with the same fields changes nothing (no entry); with other
// fields it is refused.

// HoursReported is a member's report of minutes worked at a workplace,
// waiting for another member of its council to confirm it.
type HoursReported struct {
	Report    ID     `json:"report"`
	Workplace ID     `json:"workplace"`
	Minutes   int64  `json:"minutes"`
	Ref       string `json:"ref,omitempty"`
	Key       string `json:"key"`
}

// HoursConfirmed is the confirmation of an hours report by another member
// of the workplace council. It issues Net minutes of certificates and
// Deducted minutes to the funds in transfers from First on (figures
// computed again by Apply; the transfers table lists them).
type HoursConfirmed struct {
	Report   ID                `json:"report"`
	Key      string            `json:"key"`
	First    ledger.TransferID `json:"first_transfer"`
	Net      int64             `json:"net"`
	Deducted int64             `json:"deducted"`
}

// GoodsDrawn is goods handed to a member at a distribution point. Free
// goods are recorded in kind (Free, no transfer); others debit the
// member's certificates by Minutes, their labour value in the adopted plan.
type GoodsDrawn struct {
	Draw     ID                `json:"draw"`
	Period   ID                `json:"period"`
	Point    ID                `json:"point"`
	Member   ID                `json:"member"`
	Product  string            `json:"product"`
	Quantity float64           `json:"quantity"`
	Free     bool              `json:"free"`
	Minutes  int64             `json:"minutes"`
	Key      string            `json:"key"`
	Transfer ledger.TransferID `json:"transfer,omitempty"` // the draw's transfer (none for free goods)
}

// TransferCorrected reverses a transfer in full by a new transfer that
// references it: entries are never edited. Correction is the reversing
// transfer, of Minutes.
type TransferCorrected struct {
	Transfer   ledger.TransferID `json:"transfer"`
	Ref        string            `json:"ref,omitempty"`
	Key        string            `json:"key"`
	Correction ledger.TransferID `json:"correction"`
	Minutes    int64             `json:"minutes"`
}

// Kinds of the accounts' events.
func (HoursReported) Kind() string     { return "ledger.hours_reported" }
func (HoursConfirmed) Kind() string    { return "ledger.hours_confirmed" }
func (GoodsDrawn) Kind() string        { return "ledger.goods_drawn" }
func (TransferCorrected) Kind() string { return "ledger.transfer_corrected" }

// ReportHours reports Minutes the acting member worked at Workplace.
type ReportHours struct {
	Workplace ID     `json:"workplace"`
	Minutes   int64  `json:"minutes"`
	Ref       string `json:"ref,omitempty"`
	Key       string `json:"key"`
}

// ConfirmHours confirms an hours report; only another member of the
// workplace council may (nobody confirms their own hours).
type ConfirmHours struct {
	Report ID     `json:"report"`
	Key    string `json:"key"`
}

// DrawGoods records goods handed to Member at distribution point Point (a
// neighbourhood council) by a member of that council, priced by the
// labour values of Period's adopted plan. Quantity may be fractional.
type DrawGoods struct {
	Period   ID      `json:"period"`
	Point    ID      `json:"point"`
	Member   ID      `json:"member"`
	Product  string  `json:"product"`
	Quantity float64 `json:"quantity"`
	Key      string  `json:"key"`
}

// CorrectTransfer reverses a transfer made by mistake; a member of the
// council that recorded it may.
type CorrectTransfer struct {
	Transfer ledger.TransferID `json:"transfer"`
	Ref      string            `json:"ref,omitempty"`
	Key      string            `json:"key"`
}

// fingerprint identifies an act's fields and actor, to tell a retry from a
// reuse of its key.
func fingerprint(by Actor, act Act) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%T\x00%s\x00%s", act, by.String(), jsonText(act))))
	return hex.EncodeToString(h[:])
}

// keyed checks an act's idempotency key: retry is true when the same act
// was accepted under it before (nothing more to do).
func (s *State) keyed(by Actor, key string, act Act) (retry bool, err error) {
	if err := checkText("key", key, 1, 200); err != nil {
		return false, err
	}
	fp, ok := s.cyc.keys[key]
	if !ok {
		return false, nil
	}
	if fp != fingerprint(by, act) {
		return false, errf(commune.ECONFLICT, "key_reused", "idempotency key %q was used for another request", key)
	}
	return true, nil
}

// freshKey refuses an event whose key was used before: a retry is
// answered in Check and never reaches the record.
func (s *State) freshKey(key string) error {
	if err := checkText("key", key, 1, 200); err != nil {
		return err
	}
	if _, ok := s.cyc.keys[key]; ok {
		return errf(commune.ECONFLICT, "key_reused", "idempotency key %q was used before", key)
	}
	return nil
}

// keyedCheck is Check for a keyed act: a retry gives no events.
func keyedCheck(s *State, by Actor, now int64, key string, act Act, ev func() (fact, error)) ([]Event, error) {
	if !s.Founded() {
		return nil, errf(commune.ECONFLICT, "not_founded", "the federation has not been founded")
	}
	retry, err := s.keyed(by, key, act)
	if err != nil || retry {
		return nil, err
	}
	f, err := ev()
	if err != nil {
		return nil, err
	}
	return checkFirst(s, by, now, f)
}

// Check implements Act.
func (a ReportHours) Check(s *State, by Actor, now int64) ([]Event, error) {
	return keyedCheck(s, by, now, a.Key, a, func() (fact, error) {
		return HoursReported{Report: s.next(1), Workplace: a.Workplace, Minutes: a.Minutes, Ref: a.Ref, Key: a.Key}, nil
	})
}

// Check implements Act.
func (a ConfirmHours) Check(s *State, by Actor, now int64) ([]Event, error) {
	return keyedCheck(s, by, now, a.Key, a, func() (fact, error) {
		r, err := s.confirmable(a.Report, by)
		if err != nil {
			return nil, err
		}
		bt, err := s.decide(now, a.Key, r.request())
		p := summarise(bt)
		return HoursConfirmed{Report: a.Report, Key: a.Key, First: p.first, Net: p.net, Deducted: p.deducted}, err
	})
}

// Check implements Act.
func (a DrawGoods) Check(s *State, by Actor, now int64) ([]Event, error) {
	return keyedCheck(s, by, now, a.Key, a, func() (fact, error) {
		ev := GoodsDrawn{Draw: s.next(1), Period: a.Period, Point: a.Point, Member: a.Member, Product: a.Product, Quantity: a.Quantity, Key: a.Key}
		free, minutes, err := s.drawable(ev, by)
		if err != nil {
			return nil, err
		}
		ev.Free, ev.Minutes = free, minutes
		if !free {
			bt, err := s.decide(now, a.Key, ledger.Draw{Member: ledger.AccountID(a.Member), Minutes: minutes, Ref: drawRef(ev.Draw)})
			if err != nil {
				return nil, err
			}
			ev.Transfer = summarise(bt).first
		}
		return ev, nil
	})
}

// Check implements Act.
func (a CorrectTransfer) Check(s *State, by Actor, now int64) ([]Event, error) {
	return keyedCheck(s, by, now, a.Key, a, func() (fact, error) {
		if err := s.correctable(a.Transfer, by); err != nil {
			return nil, err
		}
		bt, err := s.decide(now, a.Key, ledger.Correct{Transfer: a.Transfer, Ref: a.Ref})
		p := summarise(bt)
		return TransferCorrected{Transfer: a.Transfer, Ref: a.Ref, Key: a.Key, Correction: p.first, Minutes: p.net}, err
	})
}

// decide asks the book for the batch a client request makes under key.
func (s *State) decide(at int64, key string, req ledger.Request) (ledger.Batch, error) {
	bt, retry, err := s.cyc.book.Decide(at, "c:"+key, req)
	if err != nil {
		return ledger.Batch{}, err
	}
	if retry {
		return ledger.Batch{}, errf(commune.ECONFLICT, "key_reused", "idempotency key %q was used before", key)
	}
	return bt, nil
}

// posting is what an event declares of the transfers its request makes:
// the first transfer's id, the minutes moved other than deductions, and
// the deductions.
type posting struct {
	first         ledger.TransferID
	net, deducted int64
}

func summarise(bt ledger.Batch) posting {
	var p posting
	for i, tr := range bt.Transfers {
		if i == 0 {
			p.first = tr.ID
		}
		if tr.Code == ledger.CodeDeduction {
			p.deducted += tr.Amount
		} else {
			p.net += tr.Amount
		}
	}
	return p
}

// post checks that the declared posting is what the request makes now.
func (s *State) post(at int64, key string, req ledger.Request, declared posting) (ledger.Batch, error) {
	bt, err := s.decide(at, key, req)
	if err != nil {
		return bt, err
	}
	if got := summarise(bt); got != declared {
		return bt, errf(commune.EINVALID, "figures_differ", "declared transfers from %d of %d minutes (%d deducted), computed from %d of %d (%d deducted)",
			declared.first, declared.net, declared.deducted, got.first, got.net, got.deducted)
	}
	// Apply calls apply right after validate: keep the batch for it.
	s.cyc.checked = bt
	return bt, nil
}

// checked returns the batch post checked for key, deciding it again only
// if something else was checked since.
func (s *State) checkedBatch(at int64, key string, req ledger.Request, declared posting) ledger.Batch {
	if bt := s.cyc.checked; bt.Key == "c:"+key && bt.Time >= at {
		s.cyc.checked = ledger.Batch{}
		return bt
	}
	bt, _ := s.post(at, key, req, declared)
	s.cyc.checked = ledger.Batch{}
	return bt
}

// commit applies the batch post decided for req just before; it cannot
// fail then.
func (s *State) commit(bt ledger.Batch, req ledger.Request, council ID) {
	if err := s.cyc.book.Commit(bt, req); err != nil {
		panic("council: ledger refused a checked batch: " + err.Error())
	}
	for _, tr := range bt.Transfers {
		s.cyc.byCouncil[tr.ID] = council
		s.touch(tTransfers, ID(tr.ID), 0, 0)
		s.touch(tAccounts, ID(tr.Debit), 0, 0)
		s.touch(tAccounts, ID(tr.Credit), 0, 0)
	}
}

// ledgerInternal applies a request the domain makes itself (opening
// accounts, setting deductions); they are valid by construction.
func (s *State) ledgerInternal(at int64, key string, req ledger.Request) {
	if _, err := s.cyc.book.Submit(at, key, req); err != nil {
		panic("council: ledger refused " + req.Op() + ": " + err.Error())
	}
}

// openAccount opens the account of a member, workplace or fund.
func (s *State) openAccount(id ID, kind ledger.Kind, name string, at int64) {
	s.ledgerInternal(at, "open:"+strconv.FormatInt(int64(id), 10), ledger.OpenAccount{Account: ledger.AccountID(id), Kind: kind, Name: name})
	s.touch(tAccounts, id, 0, 0)
}

func (e HoursReported) validate(s *State, at int64, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	if err := s.freshKey(e.Key); err != nil {
		return err
	}
	w, err := s.council(e.Workplace)
	if err != nil {
		return err
	}
	if w.kind != KindWorkplace {
		return errf(commune.EINVALID, "not_workplace", "council %d is not a workplace council", w.id)
	}
	if _, ok := w.members[m.id]; !ok {
		return errf(commune.EFORBIDDEN, "not_member", "member %d is not a member of council %d", m.id, w.id)
	}
	if e.Minutes <= 0 || e.Minutes > 31*24*60 {
		return errf(commune.EINVALID, "not_positive", "minutes worked are whole positive minutes, at most a month's")
	}
	if err := checkText("ref", e.Ref, 0, 200); err != nil {
		return err
	}
	return s.wantID(e.Report, 1)
}

func (e HoursReported) act() Act {
	return ReportHours{Workplace: e.Workplace, Minutes: e.Minutes, Ref: e.Ref, Key: e.Key}
}

func (e HoursReported) apply(s *State, at int64, by Actor) {
	r := &hoursReport{id: s.alloc(), workplace: e.Workplace, member: by.Member, minutes: e.Minutes, ref: e.Ref,
		key: e.Key, status: "reported", reported: at}
	s.cyc.hours[r.id] = r
	s.cyc.keys[e.Key] = fingerprint(by, e.act())
	s.touch(tHoursReports, r.id, 0, 0)
}

func (r *hoursReport) request() ledger.Request {
	return ledger.ConfirmHours{Worker: ledger.AccountID(r.member), Workplace: ledger.AccountID(r.workplace),
		Minutes: r.minutes, Ref: "hours:" + strconv.FormatInt(int64(r.id), 10)}
}

// confirmable checks that by may confirm hours report id.
func (s *State) confirmable(id ID, by Actor) (*hoursReport, error) {
	m, err := s.asMember(by)
	if err != nil {
		return nil, err
	}
	r := s.cyc.hours[id]
	if r == nil {
		return nil, errf(commune.ENOTFOUND, "hours_report", "no hours report %d", id)
	}
	if r.status != "reported" {
		return nil, errf(commune.ECONFLICT, "already_confirmed", "hours report %d was confirmed", id)
	}
	if r.member == m.id {
		return nil, errf(commune.EFORBIDDEN, "own_hours", "nobody confirms their own hours")
	}
	if _, ok := s.councils[r.workplace].members[m.id]; !ok {
		return nil, errf(commune.EFORBIDDEN, "not_member", "member %d is not a member of council %d", m.id, r.workplace)
	}
	return r, nil
}

func (e HoursConfirmed) validate(s *State, at int64, by Actor) error {
	if err := s.freshKey(e.Key); err != nil {
		return err
	}
	r, err := s.confirmable(e.Report, by)
	if err != nil {
		return err
	}
	_, err = s.post(at, e.Key, r.request(), e.posting())
	return err
}

func (e HoursConfirmed) apply(s *State, at int64, by Actor) {
	r := s.cyc.hours[e.Report]
	req := r.request()
	bt := s.checkedBatch(at, e.Key, req, e.posting())
	s.commit(bt, req, r.workplace)
	r.status, r.confirmedBy, r.confirmed = "confirmed", by.Member, at
	s.cyc.keys[e.Key] = fingerprint(by, ConfirmHours{Report: e.Report, Key: e.Key})
	s.touch(tHoursReports, r.id, 0, 0)
}

func drawRef(id ID) string { return "draw:" + strconv.FormatInt(int64(id), 10) }

// drawable checks a drawing and prices it: free goods cost nothing; others
// their labour value in the adopted plan, rounded to the nearest minute
// and at least one.
func (s *State) drawable(e GoodsDrawn, by Actor) (free bool, minutes int64, err error) {
	m, err := s.asMember(by)
	if err != nil {
		return false, 0, err
	}
	pt, err := s.council(e.Point)
	if err != nil {
		return false, 0, err
	}
	if pt.kind != KindNeighbourhood {
		return false, 0, errf(commune.EINVALID, "not_distribution_point", "council %d is not a neighbourhood council", pt.id)
	}
	if _, ok := pt.members[m.id]; !ok {
		return false, 0, errf(commune.EFORBIDDEN, "not_member", "member %d is not a member of council %d", m.id, pt.id)
	}
	if s.members[e.Member] == nil {
		return false, 0, errf(commune.ENOTFOUND, "member", "no member %d", e.Member)
	}
	pd, err := s.period(e.Period)
	if err != nil {
		return false, 0, err
	}
	if pd.status != PeriodAdopted {
		return false, 0, errf(commune.ECONFLICT, "period_open", "period %d has no adopted plan yet", pd.id)
	}
	if err := checkText("product", e.Product, 1, 100); err != nil {
		return false, 0, err
	}
	if err := finitePos("quantity", e.Quantity, false); err != nil {
		return false, 0, err
	}
	if s.cyc.free[e.Product] {
		return true, 0, nil
	}
	v, ok := pd.values[e.Product]
	if !ok {
		return false, 0, errf(commune.ENOTFOUND, "not_in_plan", "product %q has no labour value in period %d's plan", e.Product, pd.id)
	}
	x := math.Round(v * e.Quantity * 60)
	if x > 1e12 {
		return false, 0, errf(commune.EINVALID, "bad_quantity", "quantity too large")
	}
	minutes = max(int64(x), 1)
	return false, minutes, nil
}

func (e GoodsDrawn) act() Act {
	return DrawGoods{Period: e.Period, Point: e.Point, Member: e.Member, Product: e.Product, Quantity: e.Quantity, Key: e.Key}
}

func (e GoodsDrawn) validate(s *State, at int64, by Actor) error {
	if err := s.freshKey(e.Key); err != nil {
		return err
	}
	free, minutes, err := s.drawable(e, by)
	if err != nil {
		return err
	}
	if free != e.Free || minutes != e.Minutes {
		return errf(commune.EINVALID, "figures_differ", "declared free=%v minutes=%d, computed free=%v minutes=%d", e.Free, e.Minutes, free, minutes)
	}
	if free {
		if e.Transfer != 0 {
			return errf(commune.EINVALID, "figures_differ", "free goods make no transfer")
		}
	} else if _, err := s.post(at, e.Key, ledger.Draw{Member: ledger.AccountID(e.Member), Minutes: minutes, Ref: drawRef(e.Draw)}, e.posting()); err != nil {
		return err
	}
	return s.wantID(e.Draw, 1)
}

func (e GoodsDrawn) apply(s *State, at int64, by Actor) {
	d := &drawing{id: s.alloc(), period: e.Period, point: e.Point, member: e.Member, product: e.Product,
		quantity: e.Quantity, minutes: e.Minutes, free: e.Free, by: by.Member, at: at, key: e.Key}
	if !e.Free {
		req := ledger.Draw{Member: ledger.AccountID(e.Member), Minutes: e.Minutes, Ref: drawRef(d.id)}
		bt := s.checkedBatch(at, e.Key, req, e.posting())
		s.commit(bt, req, e.Point)
	}
	s.cyc.draws[d.id] = d
	s.cyc.keys[e.Key] = fingerprint(by, e.act())
	s.touch(tDraws, d.id, 0, 0)
}

// correctable checks that by may correct transfer id: a member of the
// council that recorded it.
func (s *State) correctable(id ledger.TransferID, by Actor) error {
	m, err := s.asMember(by)
	if err != nil {
		return err
	}
	c, ok := s.cyc.byCouncil[id]
	if !ok {
		return errf(commune.ENOTFOUND, "no_transfer", "no transfer %d recorded by a council", id)
	}
	if _, ok := s.councils[c].members[m.id]; !ok {
		return errf(commune.EFORBIDDEN, "not_member", "member %d is not a member of council %d", m.id, c)
	}
	return nil
}

func (e TransferCorrected) act() Act {
	return CorrectTransfer{Transfer: e.Transfer, Ref: e.Ref, Key: e.Key}
}

func (e TransferCorrected) validate(s *State, at int64, by Actor) error {
	if err := s.freshKey(e.Key); err != nil {
		return err
	}
	if err := s.correctable(e.Transfer, by); err != nil {
		return err
	}
	if err := checkText("ref", e.Ref, 0, 200); err != nil {
		return err
	}
	_, err := s.post(at, e.Key, ledger.Correct{Transfer: e.Transfer, Ref: e.Ref}, e.posting())
	return err
}

func (e TransferCorrected) apply(s *State, at int64, by Actor) {
	req := ledger.Correct{Transfer: e.Transfer, Ref: e.Ref}
	bt := s.checkedBatch(at, e.Key, req, e.posting())
	s.commit(bt, req, s.cyc.byCouncil[e.Transfer])
	s.cyc.keys[e.Key] = fingerprint(by, e.act())
}

func (e HoursConfirmed) posting() posting    { return posting{e.First, e.Net, e.Deducted} }
func (e GoodsDrawn) posting() posting        { return posting{e.Transfer, e.Minutes, 0} }
func (e TransferCorrected) posting() posting { return posting{e.Correction, e.Minutes, 0} }
