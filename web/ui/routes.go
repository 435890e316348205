package ui

import (
	"context"
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"

	"commune"
	"commune/council"
)

// handler is what a page does; errors become error pages.
type handler func(w http.ResponseWriter, r *http.Request, p *page) error

// maxFormBytes bounds a form's body: forms are small.
const maxFormBytes = 128 << 10

// routes lists every page and form. Form routes (POST) that need a member
// are marked auth; every POST is also behind CrossOriginProtection.
func (u *UI) routes() *http.ServeMux {
	m := http.NewServeMux()
	get := func(path string, h handler) { m.Handle("GET "+path, u.wrap(h, false)) }
	post := func(path string, h handler, auth bool) { m.Handle("POST "+path, u.wrap(h, auth)) }

	m.Handle("GET /assets/", assets())
	get("/{$}", u.getHome)
	get("/signin", u.getSignIn)
	post("/signin", u.postSignIn, false)
	post("/signout", u.postSignOut, false)
	get("/join/{code}", u.getJoin)
	post("/join/{code}", u.postJoin, false)
	get("/settings", u.getSettings)
	post("/settings", u.postSettings, false)
	get("/events", u.getEvents)

	get("/councils", u.getCouncils)
	get("/councils/{id}", u.getCouncil)
	post("/councils/{id}/proposals", u.postPropose, true)
	post("/councils/{id}/invitations", u.postInvite, true)
	post("/councils/{id}/elections", u.postCallElection, true)
	get("/members/{id}", u.getMember)

	get("/proposals/{id}", u.getProposal)
	post("/proposals/{id}/votes", u.postProposalVote, true)
	post("/proposals/{id}/amendments", u.postAmend, true)
	post("/amendments/{id}/accept", u.postAcceptAmendment, true)
	post("/proposals/{id}/referendum-petition", u.postSignReferendum, true)
	post("/proposals/{id}/minority-reports", u.postFileReport, true)
	post("/minority-reports/{id}/signatures", u.postSignReport, true)

	get("/elections/{id}", u.getElection)
	post("/elections/{id}/candidacies", u.postNominate, true)
	post("/elections/{id}/ballots", u.postElectionBallot, true)

	post("/recalls", u.postOpenRecall, true)
	post("/recall-petitions", u.postSignRecallPetition, true)
	get("/recalls/{id}", u.getRecall)
	post("/recalls/{id}/votes", u.postRecallVote, true)
	get("/referendums/{id}", u.getReferendum)
	post("/referendums/{id}/votes", u.postReferendumVote, true)

	get("/tendencies", u.getTendencies)
	post("/tendencies", u.postFormTendency, true)
	get("/tendencies/{id}", u.getTendency)
	post("/tendencies/{id}/members", u.postJoinTendency, true)
	post("/tendencies/{id}/leave", u.postLeaveTendency, true)
	post("/tendencies/{id}/platform", u.postPlatform, true)

	get("/record", u.getRecord)
	get("/record/entries/{index}", u.getEntry)
	post("/record/audit", u.postAudit, false)
	get("/plan", u.getPlan)

	m.Handle("/", u.wrap(func(w http.ResponseWriter, r *http.Request, p *page) error {
		return commune.Errorf(commune.ENOTFOUND, "no_page", "there is no page at %s", r.URL.Path)
	}, false))
	return m
}

// wrap builds the page, requires a member where auth is set, reads forms
// (bounded), recovers from panics and renders errors.
func (u *UI) wrap(h handler, auth bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				u.renderError(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
			if err := r.ParseForm(); err != nil {
				u.renderError(w, r, commune.Errorf(commune.EINVALID, "bad_form", "the form could not be read"))
				return
			}
		}
		p := u.newPage(r)
		if auth && !p.Me.SignedIn() {
			u.renderError(w, r, errSignIn)
			return
		}
		if err := h(w, r, p); err != nil {
			if r.Context().Err() == context.Canceled {
				return
			}
			u.renderError(w, r, err)
		}
	})
}

// pathID reads the path wildcard name as a positive id.
func pathID(r *http.Request, name string) (council.ID, error) {
	s := r.PathValue(name)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, commune.Errorf(commune.ENOTFOUND, "bad_id", "%q is not an id", s)
	}
	return council.ID(n), nil
}

// formID reads a form field as a positive id.
func formID(r *http.Request, name string) (council.ID, error) {
	s := strings.TrimSpace(r.PostFormValue(name))
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, commune.Errorf(commune.EINVALID, "bad_field", "field %s must be an id, not %q", name, s)
	}
	return council.ID(n), nil
}

// do performs act for the viewer and redirects (303) to next with a
// confirmation; a refused act is an error page and writes nothing.
func (u *UI) do(w http.ResponseWriter, r *http.Request, p *page, act council.Act, next, done string) error {
	if _, err := u.svc.Do(r.Context(), p.Me.actor(), act); err != nil {
		return err
	}
	sep := "?"
	if strings.Contains(next, "?") {
		sep = "&"
	}
	http.Redirect(w, r, next+sep+"done="+done, http.StatusSeeOther)
	return nil
}
