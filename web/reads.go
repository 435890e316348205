package web

import (
	"net/http"

	"commune"
	"commune/council"
)

// Reads take the store's read lock only while copying views out of the
// state; encoding happens after it is released.

// memberPage is a member's public record: councils, seats past and
// present, tendencies, every current vote (named) and every deviation from
// a mandate.
type memberPage struct {
	council.MemberView
	Record     []council.RecordEntry   `json:"record"`
	Deviations []council.DeviationView `json:"deviations"`
}

func (s *Server) memberPage(id council.ID) (memberPage, error) {
	var p memberPage
	var ok bool
	s.svc.View(func(st *council.State) {
		if p.MemberView, ok = st.Member(id); ok {
			p.Record = st.VotingRecord(id)
			p.Deviations = st.Deviations(id)
		}
	})
	if !ok {
		return p, commune.Errorf(commune.ENOTFOUND, "member", "no member %d", id)
	}
	return p, nil
}

func (s *Server) getMember(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.memberPage(id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) getMe(w http.ResponseWriter, r *http.Request, by council.Actor) error {
	p, err := s.memberPage(by.Member)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// councilSummary is one line of the list of councils.
type councilSummary struct {
	ID       council.ID `json:"id"`
	Name     string     `json:"name"`
	Kind     string     `json:"kind"`
	Size     int64      `json:"size"`
	Electors int64      `json:"electors"`
}

// councilList is a page of the list of councils, by id.
type councilList struct {
	Offset   int64            `json:"offset"`
	Total    int64            `json:"total"`
	Councils []councilSummary `json:"councils"`
}

// maxListPage bounds one page of a list.
const maxListPage = 1000

func (s *Server) getCouncils(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	offset, err := queryInt(r, "offset", 0)
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", 100)
	if err != nil {
		return err
	}
	limit = min(max(limit, 1), maxListPage)
	out := councilList{Offset: offset, Councils: []councilSummary{}}
	s.svc.View(func(st *council.State) {
		all := st.Councils()
		out.Total = int64(len(all))
		from := min(offset, out.Total)
		to := from + min(limit, out.Total-from)
		for _, c := range all[from:to] {
			out.Councils = append(out.Councils, councilSummary{ID: c.ID, Name: c.Name, Kind: c.Kind, Size: c.Size, Electors: c.Electors})
		}
	})
	writeJSON(w, http.StatusOK, out)
	return nil
}

// councilPage is a council with its members, its delegates in the federated
// councils above it, its own delegates (federated councils) with their
// voting records, its proposals with live tallies, elections, recalls and
// mandates.
type councilPage struct {
	council.CouncilView
	Members   []council.MemberRef    `json:"members"`
	Delegates []delegateRecord       `json:"delegates"` // seated here (federated councils)
	Sends     []council.SeatView     `json:"sends"`     // this council's delegates to the councils above
	Proposals []council.ProposalView `json:"proposals"`
	Elections []council.ElectionView `json:"elections"`
	Recalls   []council.RecallView   `json:"recalls"`
	Mandates  []council.MandateView  `json:"mandates"`
}

// delegateRecord is a delegate with their votes in the council and their
// deviations from mandates.
type delegateRecord struct {
	council.SeatView
	Votes      []council.RecordEntry   `json:"votes"`
	Deviations []council.DeviationView `json:"deviations"`
}

func (s *Server) getCouncil(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var p councilPage
	var ok bool
	s.svc.View(func(st *council.State) {
		if p.CouncilView, ok = st.Council(id); !ok {
			return
		}
		p.Members = st.MembersOf(id)
		p.Delegates = []delegateRecord{}
		for _, seat := range st.Delegates(id) {
			d := delegateRecord{SeatView: seat, Votes: []council.RecordEntry{}, Deviations: []council.DeviationView{}}
			for _, v := range st.VotingRecord(seat.Member) {
				if v.Body == id {
					d.Votes = append(d.Votes, v)
				}
			}
			for _, dv := range st.Deviations(seat.Member) {
				if dv.Council == seat.Council {
					d.Deviations = append(d.Deviations, dv)
				}
			}
			p.Delegates = append(p.Delegates, d)
		}
		p.Sends = st.DelegatesFrom(id)
		p.Proposals = st.ProposalsOf(id)
		p.Elections = st.ElectionsOf(id)
		p.Recalls = st.RecallsOf(id)
		p.Mandates = st.Mandates(id)
	})
	if !ok {
		return commune.Errorf(commune.ENOTFOUND, "council", "no council %d", id)
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// proposalPage is a proposal with its live tally and its named votes.
type proposalPage struct {
	council.ProposalView
	Votes []council.VoteView `json:"votes"`
}

func (s *Server) getProposal(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	return readOne(s, w, r, "proposal", func(st *council.State, id council.ID) (p proposalPage, ok bool) {
		if p.ProposalView, ok = st.Proposal(id); ok {
			p.Votes = st.Votes(id)
		}
		return p, ok
	})
}

// electionPage is an election with its named ballots.
type electionPage struct {
	council.ElectionView
	Votes []council.VoteView `json:"votes"`
}

func (s *Server) getElection(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	return readOne(s, w, r, "election", func(st *council.State, id council.ID) (p electionPage, ok bool) {
		if p.ElectionView, ok = st.Election(id); ok {
			p.Votes = st.Votes(id)
		}
		return p, ok
	})
}

// recallPage is a recall with its named votes and the petition's signers.
type recallPage struct {
	council.RecallView
	Votes    []council.VoteView `json:"votes"`
	Petition []council.ID       `json:"petition"`
}

func (s *Server) getRecall(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	return readOne(s, w, r, "recall", func(st *council.State, id council.ID) (p recallPage, ok bool) {
		if p.RecallView, ok = st.Recall(id); ok {
			p.Votes = st.Votes(id)
			p.Petition = st.RecallPetition(p.Federation, p.Delegate)
		}
		return p, ok
	})
}

// referendumPage is a referendum with its named votes.
type referendumPage struct {
	council.ReferendumView
	Votes []council.VoteView `json:"votes"`
}

func (s *Server) getReferendum(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	return readOne(s, w, r, "referendum", func(st *council.State, id council.ID) (p referendumPage, ok bool) {
		if p.ReferendumView, ok = st.Referendum(id); ok {
			p.Votes = st.Votes(id)
		}
		return p, ok
	})
}

func (s *Server) getTendencies(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	var out []council.TendencyView
	s.svc.View(func(st *council.State) { out = st.Tendencies() })
	if out == nil {
		out = []council.TendencyView{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"tendencies": out})
	return nil
}

// tendencyPage is a tendency with its minority reports.
type tendencyPage struct {
	council.TendencyView
	MinorityReports []council.ReportView `json:"minority_reports"`
}

func (s *Server) getTendency(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	return readOne(s, w, r, "tendency", func(st *council.State, id council.ID) (p tendencyPage, ok bool) {
		if p.TendencyView, ok = st.Tendency(id); ok {
			p.MinorityReports = []council.ReportView{}
			for _, rid := range p.Reports {
				if rep, found := st.Report(rid); found {
					p.MinorityReports = append(p.MinorityReports, rep)
				}
			}
		}
		return p, ok
	})
}

// readOne answers a read of one object named by the path's id: look finds
// it in the state (under the read lock) or says it is not there, which is
// a not_found error naming what.
func readOne[T any](s *Server, w http.ResponseWriter, r *http.Request, what string, look func(*council.State, council.ID) (T, bool)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var p T
	var ok bool
	s.svc.View(func(st *council.State) { p, ok = look(st, id) })
	if !ok {
		return commune.Errorf(commune.ENOTFOUND, what, "no %s %d", what, id)
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}
