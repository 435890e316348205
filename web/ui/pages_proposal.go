package ui

import (
	"fmt"
	"net/http"
	"strings"

	"commune"
	"commune/council"
)

// maxVotesShown bounds the named votes a page lists (the record and the
// API have them all).
const maxVotesShown = 200

// proposalData is a proposal's page.
type proposalData struct {
	P          council.ProposalView
	Tally      tallyData
	Ranked     bool
	Options    []option
	Votes      []council.VoteView
	MoreVotes  int
	Elector    bool
	Author     bool
	Tendencies []council.TendencyView // the viewer's, for filing a minority report
	Federated  bool                   // a federated council's decision: referendum petitions apply
	Mine       map[council.ID]bool    // reports the viewer signed
}

// Open reports whether votes are taken now.
func (d proposalData) Open() bool { return d.P.Tally.Open }

// Discussion reports whether amendments are taken now.
func (d proposalData) Discussion() bool { return d.P.Status == council.StatusDiscussion }

func (u *UI) getProposal(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d := proposalData{Mine: map[council.ID]bool{}}
	var ok bool
	u.svc.View(func(st *council.State) {
		if d.P, ok = st.Proposal(id); !ok {
			return
		}
		d.Tally = tallyData{Tally: d.P.Tally, Question: id, Mine: myVote(st, id, p.Me.ID)}
		d.Ranked = len(d.P.Tally.Options) > 0
		ranks := parseRanking(d.Tally.Mine)
		for _, o := range d.P.Tally.Options {
			d.Options = append(d.Options, option{ID: o, Name: p.Option(id, o), Rank: ranks[o]})
		}
		votes := st.Votes(id)
		d.Votes = votes[:min(len(votes), maxVotesShown)]
		d.MoreVotes = len(votes) - len(d.Votes)
		d.Elector = isElector(st, p.Me.ID, d.P.Council)
		d.Author = p.Me.ID != 0 && p.Me.ID == d.P.Author
		if c, ok := st.Council(d.P.Council); ok {
			d.Federated = c.Kind == council.KindFederated
		}
		if m, ok := st.Member(p.Me.ID); ok {
			for _, t := range m.Tendencies {
				if tv, ok := st.Tendency(t); ok && tv.Status == "active" {
					d.Tendencies = append(d.Tendencies, tv)
				}
			}
		}
		for _, rep := range d.P.Reports {
			for _, s := range rep.Signers {
				if s == p.Me.ID {
					d.Mine[rep.ID] = true
				}
			}
		}
	})
	if !ok {
		return commune.Errorf(commune.ENOTFOUND, "proposal", "no proposal %d", id)
	}
	p.Title = d.P.Title
	p.Data = d
	p.Live = true
	return u.render(w, r, http.StatusOK, "proposal", p)
}

// questionOptions returns the alternatives of a ranked question (none for
// a yes/no one) or ENOTFOUND.
func (u *UI) questionOptions(id council.ID, kind string) ([]council.ID, error) {
	var q council.QuestionView
	var ok bool
	u.svc.View(func(st *council.State) { q, ok = st.Question(id) })
	if !ok || q.Kind != kind {
		return nil, commune.Errorf(commune.ENOTFOUND, kind, "no %s %d", kind, id)
	}
	return q.Tally.Options, nil
}

// vote reads a vote form (a choice, or ranks of a ranked question) and
// casts it.
func (u *UI) vote(w http.ResponseWriter, r *http.Request, p *page, kind, page string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	opts, err := u.questionOptions(id, kind)
	if err != nil {
		return err
	}
	a := council.Vote{Question: id}
	if len(opts) > 0 {
		if a.Ranking, err = rankingForm(r, opts); err != nil {
			return err
		}
	} else if a.Choice, err = choiceForm(r); err != nil {
		return err
	}
	return u.do(w, r, p, a, fmt.Sprintf("/%s/%d", page, id), "vote")
}

func (u *UI) postProposalVote(w http.ResponseWriter, r *http.Request, p *page) error {
	return u.vote(w, r, p, council.QProposal, "proposals")
}

func (u *UI) postAmend(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.do(w, r, p, council.Amend{Proposal: id, Text: strings.TrimSpace(r.PostFormValue("text"))}, fmt.Sprintf("/proposals/%d", id), "amend")
}

func (u *UI) postAcceptAmendment(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var prop council.ID
	u.svc.View(func(st *council.State) {
		if row := findRow(st.Rows("amendments"), int64(id)); row != nil {
			prop = council.ID(row[1].(int64))
		}
	})
	if prop == 0 {
		return commune.Errorf(commune.ENOTFOUND, "amendment", "no amendment %d", id)
	}
	return u.do(w, r, p, council.AcceptAmendment{Amendment: id}, fmt.Sprintf("/proposals/%d", prop), "accept")
}

// findRow returns the row of a derived table whose first column is key.
func findRow(rows [][]any, key int64) []any {
	for _, row := range rows {
		if k, _ := row[0].(int64); k == key {
			return row
		}
	}
	return nil
}

func (u *UI) postSignReferendum(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.do(w, r, p, council.SignReferendum{Proposal: id}, fmt.Sprintf("/proposals/%d", id), "petition")
}

func (u *UI) postFileReport(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := formID(r, "tendency")
	if err != nil {
		return err
	}
	return u.do(w, r, p, council.FileMinorityReport{Tendency: t, Proposal: id, Text: strings.TrimSpace(r.PostFormValue("text"))},
		fmt.Sprintf("/proposals/%d", id), "report")
}

func (u *UI) postSignReport(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var prop council.ID
	u.svc.View(func(st *council.State) {
		if rep, ok := st.Report(id); ok {
			prop = rep.Proposal
		}
	})
	if prop == 0 {
		return commune.Errorf(commune.ENOTFOUND, "report", "no minority report %d", id)
	}
	return u.do(w, r, p, council.SignMinorityReport{Report: id}, fmt.Sprintf("/proposals/%d", prop), "sign")
}
