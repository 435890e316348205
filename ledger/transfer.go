package ledger

// TransferID identifies a transfer. The Book assigns ids in order.
type TransferID int64

// Code says why a transfer was made. Each code allows exactly one
// (debit kind, credit kind) pair; see Allowed.
type Code string

// The transfer codes.
const (
	CodeCertificate Code = "certificate" // Work → Member: confirmed hours less deductions
	CodeDeduction   Code = "deduction"   // Work → Fund: a voted deduction from confirmed hours
	CodeDraw        Code = "draw"        // Member → Cancelled: goods drawn at their labour value
	CodeFundSpend   Code = "fund_spend"  // Fund → Cancelled: a fund spent on what it is for
	CodeSupport     Code = "support"     // Fund → Member: support for those unable to work
	CodeExpiry      Code = "expiry"      // Member → Expired: certificates past their term
	CodeCorrection  Code = "correction"  // the reverse of an allowed pair, naming the transfer corrected
)

// pair is an allowed (debit kind, credit kind) combination.
type pair struct{ debit, credit Kind }

// allowed is the fixed list of movements. There is no Member → Member pair
// and no pair that creates value out of nothing for a person: certificates
// are only issued against confirmed labour or a voted fund.
var allowed = map[Code]pair{
	CodeCertificate: {Work, Member},
	CodeDeduction:   {Work, Fund},
	CodeDraw:        {Member, Cancelled},
	CodeFundSpend:   {Fund, Cancelled},
	CodeSupport:     {Fund, Member},
	CodeExpiry:      {Member, Expired},
}

// Allowed reports whether a transfer with the code may debit an account of
// kind debit and credit one of kind credit. A correction is allowed exactly
// where the reversed pair is allowed for some code.
func Allowed(code Code, debit, credit Kind) bool {
	if code == CodeCorrection {
		for _, p := range allowed {
			if p.debit == credit && p.credit == debit {
				return true
			}
		}
		return false
	}
	p, ok := allowed[code]
	return ok && p.debit == debit && p.credit == credit
}

// Transfer moves Amount minutes from Debit to Credit. Transfers are
// immutable once made.
type Transfer struct {
	ID       TransferID `json:"id"`
	Request  string     `json:"request"` // the idempotency key of the request that made it
	Debit    AccountID  `json:"debit"`
	Credit   AccountID  `json:"credit"`
	Amount   int64      `json:"amount"` // minutes, > 0
	Code     Code       `json:"code"`
	Ref      string     `json:"ref,omitempty"`      // what it is for: a confirmation, a product, a fund's purpose
	Corrects TransferID `json:"corrects,omitempty"` // for CodeCorrection: the transfer reversed
	Time     int64      `json:"time"`               // server time, microseconds UTC, strictly increasing
}
