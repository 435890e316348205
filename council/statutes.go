package council

import "commune"

// Council kinds.
const (
	KindWorkplace     = "workplace"
	KindNeighbourhood = "neighbourhood"
	KindFederated     = "federated"
)

// Majority rules for yes/no decisions.
const (
	MajoritySimple    = "simple"    // more yes than no
	MajorityAbsolute  = "absolute"  // more yes than half of all votes cast, abstentions included
	MajorityQualified = "qualified" // yes at least Qualified per-mille of yes+no
)

// Time units, in microseconds.
const (
	Second int64 = 1_000_000
	Hour         = 3600 * Second
	Day          = 24 * Hour
)

// Statutes are a council's own rules. They are adopted and changed only by
// the council's own decision (a proposal of kind "statutes"); DefaultStatutes
// holds until then. Shares are per-mille so that every result is exact.
type Statutes struct {
	Quorum         int64  `json:"quorum"`          // per-mille of electors who must take part for a decision to count
	Majority       string `json:"majority"`        // simple, absolute or qualified
	Qualified      int64  `json:"qualified"`       // per-mille of yes+no needed under a qualified majority
	Seats          string `json:"seats"`           // fixed or proportional: seats of each constituent (federated councils)
	SeatCount      int64  `json:"seat_count"`      // fixed: seats per constituent; proportional: members per seat
	Term           int64  `json:"term"`            // a delegate's term, microseconds
	RotationLimit  int64  `json:"rotation_limit"`  // most consecutive terms one person may serve in one seat
	Admission      string `json:"admission"`       // invitation or vote
	RecallPetition int64  `json:"recall_petition"` // per-mille of a delegate's electors whose signatures open a recall
	Referendum     int64  `json:"referendum"`      // per-mille of members beneath whose signatures force a referendum
	Weighting      string `json:"weighting"`       // equal (one vote per delegate) or members (by members represented)
	Discussion     int64  `json:"discussion"`      // discussion period before voting, microseconds (also: nominations)
	Voting         int64  `json:"voting"`          // voting period, microseconds (also: elections, recalls, referendums)
	Petition       int64  `json:"petition"`        // how long after a decision a referendum petition may gather, microseconds
	// CertificateDays is the lifetime of labour certificates in days (0:
	// they never expire); only the top federated council's statute counts.
	CertificateDays int64 `json:"certificate_days,omitempty"`
}

// DefaultStatutes are the statutes of a new council until it changes them.
func DefaultStatutes() Statutes {
	return Statutes{
		Quorum:         200,
		Majority:       MajoritySimple,
		Qualified:      667,
		Seats:          "fixed",
		SeatCount:      1,
		Term:           365 * Day,
		RotationLimit:  2,
		Admission:      "invitation",
		RecallPetition: 250,
		Referendum:     100,
		Weighting:      "equal",
		Discussion:     2 * Day,
		Voting:         3 * Day,
		Petition:       14 * Day,
	}
}

// Validate reports whether the statutes are coherent.
func (st Statutes) Validate() error {
	bad := func(format string, args ...any) error {
		return commune.Errorf(commune.EINVALID, "bad_statutes", format, args...)
	}
	switch {
	case st.Quorum < 0 || st.Quorum > 1000:
		return bad("quorum must be between 0 and 1000 per-mille")
	case st.Majority != MajoritySimple && st.Majority != MajorityAbsolute && st.Majority != MajorityQualified:
		return bad("majority must be simple, absolute or qualified")
	case st.Majority == MajorityQualified && (st.Qualified <= 500 || st.Qualified > 1000):
		return bad("a qualified majority must be more than 500 and at most 1000 per-mille")
	case st.Seats != "fixed" && st.Seats != "proportional":
		return bad("seats must be fixed or proportional")
	case st.SeatCount < 1 || st.SeatCount > 1_000_000:
		return bad("seat_count must be at least 1")
	case st.Seats == "fixed" && st.SeatCount > 100:
		return bad("at most 100 fixed seats per constituent")
	case st.Term < Second:
		return bad("term must be at least a second")
	case st.RotationLimit < 1:
		return bad("rotation_limit must be at least 1")
	case st.Admission != "invitation" && st.Admission != "vote":
		return bad("admission must be invitation or vote")
	case st.RecallPetition < 1 || st.RecallPetition > 1000:
		return bad("recall_petition must be between 1 and 1000 per-mille")
	case st.Referendum < 1 || st.Referendum > 1000:
		return bad("referendum must be between 1 and 1000 per-mille")
	case st.Weighting != "equal" && st.Weighting != "members":
		return bad("weighting must be equal or members")
	case st.Discussion < 0 || st.Voting < Second || st.Petition < 0:
		return bad("periods must not be negative, and voting lasts at least a second")
	case st.CertificateDays < 0 || st.CertificateDays > 100*366:
		return bad("certificate_days must be between 0 (never expire) and 36600")
	case st.Discussion > 366*Day || st.Voting > 366*Day || st.Petition > 366*Day || st.Term > 10*366*Day:
		return bad("periods are too long")
	}
	return nil
}

// seatsFor is the number of seats a constituent of the given size has in a
// council with these statutes.
func (st Statutes) seatsFor(size int64) int64 {
	if st.Seats == "fixed" {
		return st.SeatCount
	}
	n := (size + st.SeatCount - 1) / st.SeatCount
	if n < 1 {
		n = 1
	}
	return n
}

// yesNo decides a yes/no question: whether the quorum was met and whether
// it passed. Integer arithmetic only.
func (st Statutes) yesNo(yes, no, abstain, electors int64) (quorum, passed bool) {
	cast := yes + no + abstain
	quorum = cast > 0 && cast*1000 >= st.Quorum*electors
	switch st.Majority {
	case MajorityAbsolute:
		passed = yes*2 > cast
	case MajorityQualified:
		passed = yes > 0 && yes*1000 >= st.Qualified*(yes+no)
	default:
		passed = yes > no
	}
	return quorum, quorum && passed
}
