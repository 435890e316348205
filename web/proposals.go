package web

import (
	"net/http"

	"commune/council"
)

// The routes in this file are shorthands for proposals of a given kind: a
// council adopts statutes, instructs its delegates and demands referendums
// only by its own decision, so each is a proposal its members vote on.

// statutesRequest is the body of POST /councils/{id}/statutes.
type statutesRequest struct {
	Title    string           `json:"title"`
	Text     string           `json:"text"`
	Statutes council.Statutes `json:"statutes"`
}

// mandateRequest is the body of POST /councils/{id}/mandates: how the
// council's delegates must vote on proposal Target of a higher council.
type mandateRequest struct {
	Title  string     `json:"title"`
	Text   string     `json:"text"`
	Target council.ID `json:"target"`
	Choice string     `json:"choice,omitempty"`
	Option council.ID `json:"option,omitempty"`
}

// referendumDemandRequest is the body of POST /councils/{id}/referendum-demands:
// the council demands that decision Target of a higher council go to a
// direct vote of all members beneath it.
type referendumDemandRequest struct {
	Title  string     `json:"title"`
	Text   string     `json:"text"`
	Target council.ID `json:"target"`
}

func (s *Server) postStatutes(w http.ResponseWriter, r *http.Request, by council.Actor) error {
	var req statutesRequest
	if err := decodeRequest(r.Body, maxBodyBytes, &req); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st := req.Statutes
	return s.do(w, r, by, council.Propose{Council: id, Kind: council.ProposalStatutes,
		Title: orDefault(req.Title, "New statutes"), Text: req.Text, Motion: council.Motion{Statutes: &st}})
}

func (s *Server) postMandate(w http.ResponseWriter, r *http.Request, by council.Actor) error {
	var req mandateRequest
	if err := decodeRequest(r.Body, maxBodyBytes, &req); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.do(w, r, by, council.Propose{Council: id, Kind: council.ProposalMandate,
		Title: orDefault(req.Title, "Mandate"), Text: req.Text,
		Motion: council.Motion{Target: req.Target, Choice: req.Choice, Option: req.Option}})
}

func (s *Server) postReferendumDemand(w http.ResponseWriter, r *http.Request, by council.Actor) error {
	var req referendumDemandRequest
	if err := decodeRequest(r.Body, maxBodyBytes, &req); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.do(w, r, by, council.Propose{Council: id, Kind: council.ProposalReferendum,
		Title: orDefault(req.Title, "Referendum demand"), Text: req.Text, Motion: council.Motion{Target: req.Target}})
}
