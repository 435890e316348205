package ui

import (
	"fmt"
	"net/http"
	"strings"

	"commune"
	"commune/council"
)

// tendenciesData lists the tendencies.
type tendenciesData struct {
	Tendencies []council.TendencyView
}

func (u *UI) getTendencies(w http.ResponseWriter, r *http.Request, p *page) error {
	var d tendenciesData
	u.svc.View(func(st *council.State) { d.Tendencies = st.Tendencies() })
	p.Title = p.T("tendencies.title")
	p.Data = d
	return u.render(w, r, http.StatusOK, "tendencies", p)
}

// tendencyData is a tendency's page.
type tendencyData struct {
	T       council.TendencyView
	Reports []council.ReportView
	Member  bool
}

func (u *UI) getTendency(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var d tendencyData
	var ok bool
	u.svc.View(func(st *council.State) {
		if d.T, ok = st.Tendency(id); !ok {
			return
		}
		for _, rid := range d.T.Reports {
			if rep, ok := st.Report(rid); ok {
				d.Reports = append(d.Reports, rep)
			}
		}
		for _, m := range d.T.Members {
			if m == p.Me.ID {
				d.Member = true
			}
		}
	})
	if !ok {
		return commune.Errorf(commune.ENOTFOUND, "tendency", "no tendency %d", id)
	}
	p.Title = d.T.Name
	p.Data = d
	return u.render(w, r, http.StatusOK, "tendency", p)
}

func (u *UI) postFormTendency(w http.ResponseWriter, r *http.Request, p *page) error {
	a := council.FormTendency{Name: strings.TrimSpace(r.PostFormValue("name")), Platform: strings.TrimSpace(r.PostFormValue("platform"))}
	rc, err := u.svc.Do(r.Context(), p.Me.actor(), a)
	if err != nil {
		return err
	}
	for _, ev := range rc.Events {
		if e, ok := ev.(council.TendencyFormed); ok {
			http.Redirect(w, r, fmt.Sprintf("/tendencies/%d?done=tendency", e.Tendency), http.StatusSeeOther)
			return nil
		}
	}
	http.Redirect(w, r, "/tendencies?done=tendency", http.StatusSeeOther)
	return nil
}

func (u *UI) postJoinTendency(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.do(w, r, p, council.JoinTendency{Tendency: id}, fmt.Sprintf("/tendencies/%d", id), "join")
}

func (u *UI) postLeaveTendency(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.do(w, r, p, council.LeaveTendency{Tendency: id}, fmt.Sprintf("/tendencies/%d", id), "leave")
}

func (u *UI) postPlatform(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return u.do(w, r, p, council.PublishPlatform{Tendency: id, Platform: strings.TrimSpace(r.PostFormValue("platform"))},
		fmt.Sprintf("/tendencies/%d", id), "platform")
}
