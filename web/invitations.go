package web

import (
	"net/http"

	"commune"
	"commune/council"
)

// invitationResponse answers an invitation: the receipt and the secret
// code to hand to the invitee (only its SHA-256 is on the record).
type invitationResponse struct {
	actResponse
	Invitation council.ID `json:"invitation"`
	Code       string     `json:"code"`
}

// postInvitation issues an invitation to council {id}. The server draws
// the code unless the body gives one (at least 16 characters).
func (s *Server) postInvitation(w http.ResponseWriter, r *http.Request, by council.Actor) error {
	var a council.Invite
	if err := decodeRequest(r.Body, maxBodyBytes, &a); err != nil {
		return err
	}
	if err := bindID(r, "id", "council", &a.Council); err != nil {
		return err
	}
	if a.Code == "" {
		code, err := newCode()
		if err != nil {
			return err
		}
		a.Code = code
	}
	rc, err := s.svc.Do(r.Context(), by, a)
	if err != nil {
		return err
	}
	resp, err := newActResponse(rc)
	if err != nil {
		return err
	}
	out := invitationResponse{actResponse: resp, Code: a.Code}
	for _, ev := range rc.Events {
		if e, ok := ev.(council.InvitationIssued); ok {
			out.Invitation = e.Invitation
		}
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// acceptRequest is the body of POST /invitations/accept. A newcomer gives
// a name and a password and becomes a member; a signed-in member (bearer
// token) gives only the code and joins the invitation's council.
type acceptRequest struct {
	Code     string `json:"code"`
	Name     string `json:"name,omitempty"`
	Password string `json:"password,omitempty"`
}

// minPassword is the shortest password accepted for a new member.
const minPassword = 8

// postAcceptInvitation accepts an invitation by its code.
func (s *Server) postAcceptInvitation(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	var req acceptRequest
	if err := decodeRequest(r.Body, maxBodyBytes, &req); err != nil {
		return err
	}
	if req.Code == "" {
		return commune.Errorf(commune.EINVALID, "missing_field", "code is required")
	}
	if r.Header.Get("Authorization") != "" {
		by, err := s.authenticate(r)
		if err != nil {
			return err
		}
		if req.Name != "" || req.Password != "" {
			return commune.Errorf(commune.EINVALID, "bad_field", "a signed-in member accepts with the code alone")
		}
		return s.do(w, r, by, council.AcceptInvitation{Code: req.Code})
	}
	if len(req.Password) < minPassword {
		return commune.Errorf(commune.EINVALID, "weak_password", "a password needs at least %d characters", minPassword)
	}
	// The newcomer is not a member yet: the server acts for the holder of
	// the code, and the record shows the member it created.
	rc, err := s.svc.Do(r.Context(), council.Actor{Server: true}, council.AcceptInvitation{Code: req.Code, Name: req.Name})
	if err != nil {
		return err
	}
	var id council.ID
	for _, ev := range rc.Events {
		if e, ok := ev.(council.InvitationAccepted); ok {
			id = e.Member
		}
	}
	if id == 0 {
		return commune.Errorf(commune.EINTERNAL, "", "accepting an invitation created no member")
	}
	if err := s.svc.SetPassword(r.Context(), id, req.Password); err != nil {
		return err
	}
	tok, err := s.svc.NewToken(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, sessionResponse{Member: id, Name: req.Name, Token: tok, Entries: rc.Entries})
	return nil
}
