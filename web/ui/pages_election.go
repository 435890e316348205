package ui

import (
	"fmt"
	"net/http"

	"commune"
	"commune/council"
)

// electionData is an election's page.
type electionData struct {
	E         council.ElectionView
	Tally     tallyData
	Options   []option
	Elector   bool
	Candidate bool
}

func (u *UI) getElection(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var d electionData
	var ok bool
	u.svc.View(func(st *council.State) {
		if d.E, ok = st.Election(id); !ok {
			return
		}
		d.Tally = tallyData{Tally: d.E.Tally, Question: id, Mine: myVote(st, id, p.Me.ID)}
		ranks := parseRanking(d.Tally.Mine)
		for _, c := range d.E.Candidates {
			name := ""
			if m, ok := st.Member(c); ok {
				name = m.Name
			}
			d.Options = append(d.Options, option{ID: c, Name: name, Rank: ranks[c]})
			if c == p.Me.ID {
				d.Candidate = true
			}
		}
		d.Elector = isElector(st, p.Me.ID, d.E.Council)
	})
	if !ok {
		return commune.Errorf(commune.ENOTFOUND, "election", "no election %d", id)
	}
	p.Title = p.T("election.title", "council", p.Council(d.E.Council), "federation", p.Council(d.E.Federation))
	p.Data = d
	p.Live = true
	return u.render(w, r, http.StatusOK, "election", p)
}

func (u *UI) postNominate(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.do(w, r, p, council.Nominate{Election: id}, fmt.Sprintf("/elections/%d", id), "nominate")
}

func (u *UI) postElectionBallot(w http.ResponseWriter, r *http.Request, p *page) error {
	return u.vote(w, r, p, council.QElection, "elections")
}

// recallData is a recall's page.
type recallData struct {
	R       council.RecallView
	Tally   tallyData
	Elector bool
	Seat    *council.SeatView // the delegate's seat now: nil once vacated
}

func (u *UI) getRecall(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var d recallData
	var ok bool
	u.svc.View(func(st *council.State) {
		if d.R, ok = st.Recall(id); !ok {
			return
		}
		d.Tally = tallyData{Tally: d.R.Tally, Question: id, Mine: myVote(st, id, p.Me.ID)}
		d.Elector = isElector(st, p.Me.ID, d.R.Council)
		if m, ok := st.Member(d.R.Delegate); ok {
			for _, s := range m.Seats {
				if s.Federation == d.R.Federation && s.Election == d.R.Election && s.Status == council.SeatActive {
					d.Seat = &s
				}
			}
		}
	})
	if !ok {
		return commune.Errorf(commune.ENOTFOUND, "recall", "no recall %d", id)
	}
	p.Title = p.T("recall.title", "name", p.Member(d.R.Delegate))
	p.Data = d
	p.Live = true
	return u.render(w, r, http.StatusOK, "recall", p)
}

// postOpenRecall opens a recall vote on a delegate and shows it.
func (u *UI) postOpenRecall(w http.ResponseWriter, r *http.Request, p *page) error {
	f, err := formID(r, "federation")
	if err != nil {
		return err
	}
	d, err := formID(r, "delegate")
	if err != nil {
		return err
	}
	rc, err := u.svc.Do(r.Context(), p.Me.actor(), council.OpenRecall{Federation: f, Delegate: d})
	if err != nil {
		return err
	}
	for _, ev := range rc.Events {
		if e, ok := ev.(council.RecallOpened); ok {
			http.Redirect(w, r, fmt.Sprintf("/recalls/%d?done=recall", e.Recall), http.StatusSeeOther)
			return nil
		}
	}
	http.Redirect(w, r, fmt.Sprintf("/members/%d?done=recall", d), http.StatusSeeOther)
	return nil
}

func (u *UI) postSignRecallPetition(w http.ResponseWriter, r *http.Request, p *page) error {
	f, err := formID(r, "federation")
	if err != nil {
		return err
	}
	d, err := formID(r, "delegate")
	if err != nil {
		return err
	}
	return u.do(w, r, p, council.SignRecallPetition{Federation: f, Delegate: d}, fmt.Sprintf("/members/%d", d), "petition")
}

func (u *UI) postRecallVote(w http.ResponseWriter, r *http.Request, p *page) error {
	return u.vote(w, r, p, council.QRecall, "recalls")
}

// referendumData is a referendum's page.
type referendumData struct {
	R       council.ReferendumView
	Title   string
	Tally   tallyData
	Elector bool
}

func (u *UI) getReferendum(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var d referendumData
	var ok bool
	u.svc.View(func(st *council.State) {
		if d.R, ok = st.Referendum(id); !ok {
			return
		}
		if pv, ok := st.Proposal(d.R.Proposal); ok {
			d.Title = pv.Title
		}
		d.Tally = tallyData{Tally: d.R.Tally, Question: id, Mine: myVote(st, id, p.Me.ID)}
		d.Elector = p.Me.ID != 0
	})
	if !ok {
		return commune.Errorf(commune.ENOTFOUND, "referendum", "no referendum %d", id)
	}
	p.Title = p.T("referendum.title", "title", d.Title)
	p.Data = d
	p.Live = true
	return u.render(w, r, http.StatusOK, "referendum", p)
}

func (u *UI) postReferendumVote(w http.ResponseWriter, r *http.Request, p *page) error {
	return u.vote(w, r, p, council.QReferendum, "referendums")
}
