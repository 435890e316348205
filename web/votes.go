package web

import (
	"net/http"

	"commune"
	"commune/council"
)

// voteRoute is the routes-table line of a vote on a question of one kind
// (proposal, election, recall or referendum). Every question shares one
// Vote act; the path says which kind the client means, so a vote sent to
// /recalls/{id}/votes with a proposal's id is refused as not found instead
// of being cast on the proposal.
func voteRoute(s *Server, path, kind string) route {
	return route{method: "POST", path: path, auth: true, act: council.Vote{}, handle: func(w http.ResponseWriter, r *http.Request, by council.Actor) error {
		var a council.Vote
		if err := decodeRequest(r.Body, maxBodyBytes, &a); err != nil {
			return err
		}
		if err := bindID(r, "id", "question", &a.Question); err != nil {
			return err
		}
		var q council.QuestionView
		var ok bool
		s.svc.View(func(st *council.State) { q, ok = st.Question(a.Question) })
		if !ok || q.Kind != kind {
			return commune.Errorf(commune.ENOTFOUND, kind, "no %s %d", kind, a.Question)
		}
		return s.do(w, r, by, a)
	}}
}
