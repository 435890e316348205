package ledger

// Request is an operation on the ledger. Each is decided by the Book
// against its current state into the transfers it makes; requests carry no
// amounts that the Book could compute itself.
type Request interface {
	// Op is the request's stable name on the record.
	Op() string
}

// OpenAccount opens an account. Accounts are opened before their first
// transfer, so that the kind (and with it the floor) is fixed once.
type OpenAccount struct {
	Account AccountID `json:"account"`
	Kind    Kind      `json:"kind"`
	Name    string    `json:"name"`
}

// SetDeductions replaces the schedule of deductions the federation has
// voted: for each fund, the per-mille of every confirmed hour that goes to it.
type SetDeductions struct {
	Rates []Rate `json:"rates"`
}

// Rate is one deduction: PerMille thousandths of the gross go to Fund.
type Rate struct {
	Fund     AccountID `json:"fund"`
	PerMille int64     `json:"per_mille"`
}

// ConfirmHours records labour confirmed by a workplace council: Minutes of
// Worker's labour at Workplace. It credits the worker with the minutes less
// the deductions and each fund with its deduction. Rounding: each deduction
// is floor(Minutes × PerMille / 1000) and the worker receives the rest, so
// gross = net + Σ deductions exactly and rounding favours the worker.
type ConfirmHours struct {
	Worker    AccountID `json:"worker"`
	Workplace AccountID `json:"workplace"`
	Minutes   int64     `json:"minutes"`
	Ref       string    `json:"ref,omitempty"`
}

// Draw debits Member by Minutes, the labour value of goods drawn at a
// distribution point, and cancels those certificates.
type Draw struct {
	Member  AccountID `json:"member"`
	Minutes int64     `json:"minutes"`
	Ref     string    `json:"ref,omitempty"`
}

// SpendFund spends Minutes of Fund on what the fund is for.
type SpendFund struct {
	Fund    AccountID `json:"fund"`
	Minutes int64     `json:"minutes"`
	Ref     string    `json:"ref,omitempty"`
}

// Support credits Member, who is unable to work, with Minutes from Fund.
type Support struct {
	Fund    AccountID `json:"fund"`
	Member  AccountID `json:"member"`
	Minutes int64     `json:"minutes"`
	Ref     string    `json:"ref,omitempty"`
}

// Expire cancels as expired every certificate of Member credited before
// Before (microseconds UTC) and not yet used. Certificates are used oldest
// first, whatever debits them.
type Expire struct {
	Member AccountID `json:"member"`
	Before int64     `json:"before"`
}

// Correct reverses Transfer in full with a transfer that names it. A
// transfer is corrected at most once; a correction is not itself corrected
// (make a new, right transfer instead).
type Correct struct {
	Transfer TransferID `json:"transfer"`
	Ref      string     `json:"ref,omitempty"`
}

// Op implements Request.
func (OpenAccount) Op() string { return "account.open" }

// Op implements Request.
func (SetDeductions) Op() string { return "deductions.set" }

// Op implements Request.
func (ConfirmHours) Op() string { return "hours.confirm" }

// Op implements Request.
func (Draw) Op() string { return "goods.draw" }

// Op implements Request.
func (SpendFund) Op() string { return "fund.spend" }

// Op implements Request.
func (Support) Op() string { return "fund.support" }

// Op implements Request.
func (Expire) Op() string { return "certificates.expire" }

// Op implements Request.
func (Correct) Op() string { return "transfer.correct" }
