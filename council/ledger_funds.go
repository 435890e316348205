package council

import (
	"strconv"

	"commune"
	"commune/ledger"
)

// Funds belong to the top federated council, which voted the deductions
// that fill them. Spending a fund, or supporting a member unable to work
// from it, needs that council's decision: the act names a passed proposal
// of kind text of that council as its authority, and only a delegate of
// the council may make it. One decision may authorise several movements
// (a budget line spent in instalments); every movement names it.

// FundSpent is minutes of a fund spent on what it is for; the certificates
// are cancelled. Transfer is the spending's transfer (computed again by
// Apply).
type FundSpent struct {
	Fund     ID                `json:"fund"`
	Minutes  int64             `json:"minutes"`
	Ref      string            `json:"ref,omitempty"`
	Decision ID                `json:"decision"`
	Key      string            `json:"key"`
	Transfer ledger.TransferID `json:"transfer"`
}

// SupportGranted is minutes of a fund credited to a member unable to work.
type SupportGranted struct {
	Fund     ID                `json:"fund"`
	Member   ID                `json:"member"`
	Minutes  int64             `json:"minutes"`
	Ref      string            `json:"ref,omitempty"`
	Decision ID                `json:"decision"`
	Key      string            `json:"key"`
	Transfer ledger.TransferID `json:"transfer"`
}

// Kinds of the funds' events.
func (FundSpent) Kind() string      { return "ledger.fund_spent" }
func (SupportGranted) Kind() string { return "ledger.support_granted" }

// SpendFund spends Minutes of Fund under Decision, a passed text proposal
// of the top federated council; a delegate of that council may.
type SpendFund struct {
	Fund     ID     `json:"fund"`
	Minutes  int64  `json:"minutes"`
	Ref      string `json:"ref,omitempty"`
	Decision ID     `json:"decision"`
	Key      string `json:"key"`
}

// GrantSupport credits Member, unable to work, with Minutes from Fund
// under Decision, a passed text proposal of the top federated council; a
// delegate of that council may.
type GrantSupport struct {
	Fund     ID     `json:"fund"`
	Member   ID     `json:"member"`
	Minutes  int64  `json:"minutes"`
	Ref      string `json:"ref,omitempty"`
	Decision ID     `json:"decision"`
	Key      string `json:"key"`
}

// Check implements Act.
func (a SpendFund) Check(s *State, by Actor, now int64) ([]Event, error) {
	return keyedCheck(s, by, now, a.Key, a, func() (fact, error) {
		ev := FundSpent{Fund: a.Fund, Minutes: a.Minutes, Ref: a.Ref, Decision: a.Decision, Key: a.Key}
		if _, err := s.fundable(a.Fund, a.Decision, a.Ref, by); err != nil {
			return nil, err
		}
		bt, err := s.decide(now, a.Key, ev.request())
		ev.Transfer = summarise(bt).first
		return ev, err
	})
}

// Check implements Act.
func (a GrantSupport) Check(s *State, by Actor, now int64) ([]Event, error) {
	return keyedCheck(s, by, now, a.Key, a, func() (fact, error) {
		ev := SupportGranted{Fund: a.Fund, Member: a.Member, Minutes: a.Minutes, Ref: a.Ref, Decision: a.Decision, Key: a.Key}
		if err := s.supportable(ev, by); err != nil {
			return nil, err
		}
		bt, err := s.decide(now, a.Key, ev.request())
		ev.Transfer = summarise(bt).first
		return ev, err
	})
}

// topCouncil is the federated council no other council belongs to: the
// one that votes the deductions and owns the funds.
func (s *State) topCouncil() (*council, error) {
	for _, id := range sortedIDs(s.councils) {
		if c := s.councils[id]; c.federated() && len(c.parents) == 0 {
			return c, nil
		}
	}
	return nil, errf(commune.ECONFLICT, "no_federation_council", "no top federated council has been founded")
}

// fundable checks that by may move minutes of fund under decision.
func (s *State) fundable(fund, decision ID, ref string, by Actor) (*council, error) {
	m, err := s.asMember(by)
	if err != nil {
		return nil, err
	}
	if s.cyc.funds[fund] == nil {
		return nil, errf(commune.ENOTFOUND, "fund", "no fund %d", fund)
	}
	top, err := s.topCouncil()
	if err != nil {
		return nil, err
	}
	if _, err := s.electorWeight(top, m, QProposal); err != nil {
		return nil, err
	}
	p, err := s.proposal(decision)
	if err != nil {
		return nil, err
	}
	if p.council != top.id || p.kind != ProposalText {
		return nil, errf(commune.EINVALID, "bad_decision", "proposal %d is not a text proposal of council %d", p.id, top.id)
	}
	if p.status != StatusPassed {
		return nil, errf(commune.ECONFLICT, "not_passed", "proposal %d has not passed", p.id)
	}
	if err := checkText("ref", ref, 0, 200); err != nil {
		return nil, err
	}
	return top, nil
}

func (s *State) supportable(e SupportGranted, by Actor) error {
	if _, err := s.fundable(e.Fund, e.Decision, e.Ref, by); err != nil {
		return err
	}
	if s.members[e.Member] == nil {
		return errf(commune.ENOTFOUND, "member", "no member %d", e.Member)
	}
	return nil
}

// decisionRef names the authorising decision in the ledger's transfer.
func decisionRef(decision ID, ref string) string {
	r := "decision:" + strconv.FormatInt(int64(decision), 10)
	if ref != "" {
		r += " " + ref
	}
	return r
}

func (e FundSpent) request() ledger.Request {
	return ledger.SpendFund{Fund: ledger.AccountID(e.Fund), Minutes: e.Minutes, Ref: decisionRef(e.Decision, e.Ref)}
}

func (e SupportGranted) request() ledger.Request {
	return ledger.Support{Fund: ledger.AccountID(e.Fund), Member: ledger.AccountID(e.Member), Minutes: e.Minutes, Ref: decisionRef(e.Decision, e.Ref)}
}

func (e FundSpent) posting() posting      { return posting{e.Transfer, e.Minutes, 0} }
func (e SupportGranted) posting() posting { return posting{e.Transfer, e.Minutes, 0} }

func (e FundSpent) act() Act {
	return SpendFund{Fund: e.Fund, Minutes: e.Minutes, Ref: e.Ref, Decision: e.Decision, Key: e.Key}
}

func (e SupportGranted) act() Act {
	return GrantSupport{Fund: e.Fund, Member: e.Member, Minutes: e.Minutes, Ref: e.Ref, Decision: e.Decision, Key: e.Key}
}

func (e FundSpent) validate(s *State, at int64, by Actor) error {
	if err := s.freshKey(e.Key); err != nil {
		return err
	}
	if _, err := s.fundable(e.Fund, e.Decision, e.Ref, by); err != nil {
		return err
	}
	_, err := s.post(at, e.Key, e.request(), e.posting())
	return err
}

func (e FundSpent) apply(s *State, at int64, by Actor) {
	top, _ := s.topCouncil()
	req := e.request()
	s.commit(s.checkedBatch(at, e.Key, req, e.posting()), req, top.id)
	s.cyc.keys[e.Key] = fingerprint(by, e.act())
	s.touch(tFunds, e.Fund, 0, 0)
}

func (e SupportGranted) validate(s *State, at int64, by Actor) error {
	if err := s.freshKey(e.Key); err != nil {
		return err
	}
	if err := s.supportable(e, by); err != nil {
		return err
	}
	_, err := s.post(at, e.Key, e.request(), e.posting())
	return err
}

func (e SupportGranted) apply(s *State, at int64, by Actor) {
	top, _ := s.topCouncil()
	req := e.request()
	s.commit(s.checkedBatch(at, e.Key, req, e.posting()), req, top.id)
	s.cyc.keys[e.Key] = fingerprint(by, e.act())
	s.touch(tFunds, e.Fund, 0, 0)
}
