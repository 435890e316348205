package web

import (
	"net/http"
	"strconv"
	"strings"

	"commune"
	"commune/council"
)

// authenticate reads the bearer token of r and returns its member.
func (s *Server) authenticate(r *http.Request) (council.Actor, error) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if h == "" {
		return council.Actor{}, commune.Errorf(commune.EUNAUTH, "no_token", "sign in first: this route needs an Authorization: Bearer token")
	}
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return council.Actor{}, commune.Errorf(commune.EUNAUTH, "bad_token", "the Authorization header must be \"Bearer TOKEN\"")
	}
	id, err := s.svc.Authenticate(r.Context(), strings.TrimSpace(token))
	if err != nil {
		if commune.ErrorCode(err) == commune.EUNAUTH {
			return council.Actor{}, commune.Errorf(commune.EUNAUTH, "bad_token", "the bearer token is unknown or revoked")
		}
		return council.Actor{}, err
	}
	return council.MemberActor(id), nil
}

// signInRequest is the body of POST /session. Member is an id or a name.
type signInRequest struct {
	Member   string `json:"member"`
	Password string `json:"password"`
}

// sessionResponse answers a sign-in or an accepted invitation.
type sessionResponse struct {
	Member  council.ID `json:"member"`
	Name    string     `json:"name"`
	Token   string     `json:"token"`
	Entries []int64    `json:"entries,omitempty"`
}

// errRateLimited answers too many sign-in attempts.
var errRateLimited = &commune.Error{Code: "rate_limited", Reason: "too_many_attempts", Message: "too many sign-in attempts; wait a minute and try again"}

// postSession signs a member in: an id or name and a password give a new
// bearer token. Attempts are limited per source address and per account,
// and every failure looks the same, so neither names nor ids can be probed.
func (s *Server) postSession(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	var req signInRequest
	if err := decodeRequest(r.Body, maxBodyBytes, &req); err != nil {
		return err
	}
	if req.Member == "" || req.Password == "" {
		return commune.Errorf(commune.EINVALID, "missing_field", "member (an id or a name) and password are required")
	}
	if !s.byAddr.allow(clientAddr(r)) || !s.byAccount.allow(strings.ToLower(req.Member)) {
		w.Header().Set("Retry-After", "60")
		return errRateLimited
	}
	id, name := s.findMember(req.Member)
	if err := s.svc.CheckPassword(r.Context(), id, req.Password); err != nil {
		return err
	}
	tok, err := s.svc.NewToken(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, sessionResponse{Member: id, Name: name, Token: tok})
	return nil
}

// deleteSession revokes the bearer token the request carries.
func (s *Server) deleteSession(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	_, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if err := s.svc.RevokeToken(r.Context(), strings.TrimSpace(token)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// findMember resolves an id or a name to a member id and name; an unknown
// one gives id 0, which the password check refuses like a wrong password.
func (s *Server) findMember(idOrName string) (council.ID, string) {
	var id council.ID
	var name string
	n, err := strconv.ParseInt(idOrName, 10, 64)
	s.svc.View(func(st *council.State) {
		if err == nil && n > 0 {
			id, name = memberByID(st, council.ID(n))
			return
		}
		id, name = memberByName(st, idOrName)
	})
	return id, name
}
