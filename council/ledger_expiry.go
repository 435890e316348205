package council

import (
	"strconv"

	"commune"
	"commune/ledger"
)

// Certificates expire as the statutes of the top federated council say:
// its statute certificate_days is their lifetime in days (0, the default:
// they never expire). Expiry is applied by an act any delegate of that
// council may make, expire_certificates, which expires every member's
// unused certificates credited more than the lifetime before now. It costs
// O(members + their certificates due); run it daily or so.

// CertificatesExpired is the expiry of every member's certificates
// credited before Before (the act's time less the lifetime). Lines, one
// per member with certificates due, in member order, are computed again by
// Apply.
type CertificatesExpired struct {
	Key    string       `json:"key"`
	Before int64        `json:"before"`
	Lines  []ExpiryLine `json:"lines"`
}

// ExpiryLine is one member's expired certificates: Minutes moved to the
// expired account by Transfer.
type ExpiryLine struct {
	Member   ID                `json:"member"`
	Transfer ledger.TransferID `json:"transfer"`
	Minutes  int64             `json:"minutes"`
}

// Kind of the expiry event.
func (CertificatesExpired) Kind() string { return "ledger.certificates_expired" }

// ExpireCertificates expires every member's certificates older than the
// statutes allow; a delegate of the top federated council may.
type ExpireCertificates struct {
	Key string `json:"key"`
}

// Check implements Act.
func (a ExpireCertificates) Check(s *State, by Actor, now int64) ([]Event, error) {
	return keyedCheck(s, by, now, a.Key, a, func() (fact, error) {
		before, err := s.expiryCutoff(by, now)
		if err != nil {
			return nil, err
		}
		lines, err := s.dueExpiries(now, a.Key, before)
		return CertificatesExpired{Key: a.Key, Before: before, Lines: lines}, err
	})
}

// expiryCutoff checks that by may expire certificates at now and returns
// the time before which certificates expire.
func (s *State) expiryCutoff(by Actor, now int64) (int64, error) {
	m, err := s.asMember(by)
	if err != nil {
		return 0, err
	}
	top, err := s.topCouncil()
	if err != nil {
		return 0, err
	}
	if _, err := s.electorWeight(top, m, QProposal); err != nil {
		return 0, err
	}
	days := top.statutes.CertificateDays
	if days == 0 {
		return 0, errf(commune.ECONFLICT, "no_expiry", "the statutes of council %d set no lifetime for certificates", top.id)
	}
	return now - days*Day, nil
}

func expiryKey(key string, member ID) string {
	return "c:" + key + ":" + strconv.FormatInt(int64(member), 10)
}

// dueExpiries lists, in member order, the certificates each member holds
// that were credited before before. Each line moves only the member's own
// minutes, so they are decided independently; their transfers follow one
// another.
func (s *State) dueExpiries(at int64, key string, before int64) ([]ExpiryLine, error) {
	var out []ExpiryLine
	next := ledger.TransferID(s.cyc.book.Len() + 1)
	for _, id := range sortedIDs(s.members) {
		if _, ok := s.cyc.book.Account(ledger.AccountID(id)); !ok {
			continue
		}
		bt, _, err := s.cyc.book.Decide(at, expiryKey(key, id), ledger.Expire{Member: ledger.AccountID(id), Before: before})
		if err != nil {
			return nil, err
		}
		if len(bt.Transfers) == 0 {
			continue
		}
		out = append(out, ExpiryLine{Member: id, Transfer: next, Minutes: bt.Transfers[0].Amount})
		next++
	}
	if len(out) == 0 {
		return nil, errf(commune.ECONFLICT, "nothing_due", "no certificates credited before %d are left unused", before)
	}
	return out, nil
}

func (e CertificatesExpired) validate(s *State, at int64, by Actor) error {
	if err := s.freshKey(e.Key); err != nil {
		return err
	}
	before, err := s.expiryCutoff(by, at)
	if err != nil {
		return err
	}
	if before != e.Before {
		return errf(commune.EINVALID, "figures_differ", "declared cut-off %d, computed %d", e.Before, before)
	}
	lines, err := s.dueExpiries(at, e.Key, before)
	if err != nil {
		return err
	}
	return sameFigures(e, CertificatesExpired{Key: e.Key, Before: before, Lines: lines})
}

func (e CertificatesExpired) apply(s *State, at int64, by Actor) {
	top, _ := s.topCouncil()
	for _, l := range e.Lines {
		req := ledger.Expire{Member: ledger.AccountID(l.Member), Before: e.Before}
		bt, _, err := s.cyc.book.Decide(at, expiryKey(e.Key, l.Member), req)
		if err != nil || len(bt.Transfers) != 1 || bt.Transfers[0].ID != l.Transfer {
			panic("council: expiry differs from its check")
		}
		s.commit(bt, req, top.id)
	}
	s.cyc.keys[e.Key] = fingerprint(by, ExpireCertificates{Key: e.Key})
}
