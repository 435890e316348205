package web

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"commune"
)

// errorBody is the JSON body of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

// errorDetail carries the machine-readable code, the finer reason and a
// message fit to show a person.
type errorDetail struct {
	Code    string `json:"code"`
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message"`
}

// statusOf maps a domain error to the JSON API's status: a malformed
// request (bad JSON, a bad parameter, too large, wrong method) is a 400,
// 413 or 405; everything else follows Status.
func statusOf(err error) int {
	if commune.ErrorCode(err) == commune.EINVALID && requestReasons[commune.ErrorReason(err)] {
		switch commune.ErrorReason(err) {
		case reasonTooLarge:
			return http.StatusRequestEntityTooLarge
		case reasonMethod:
			return http.StatusMethodNotAllowed
		}
		return http.StatusBadRequest
	}
	return Status(err)
}

// Status maps a domain error code to an HTTP status. This is the one place
// codes meet statuses (the API and the pages both use it): the domain knows
// nothing of HTTP. A well-formed request that breaks a rule is a 422.
func Status(err error) int {
	switch commune.ErrorCode(err) {
	case commune.EINVALID:
		return http.StatusUnprocessableEntity
	case commune.EUNAUTH:
		return http.StatusUnauthorized
	case commune.EFORBIDDEN:
		return http.StatusForbidden
	case commune.ENOTFOUND:
		return http.StatusNotFound
	case commune.ECONFLICT:
		return http.StatusConflict
	case "rate_limited":
		return http.StatusTooManyRequests
	default:
		return http.StatusInternalServerError
	}
}

// writeError answers with err's status and body. Internal errors are logged
// with their detail and shown only as "internal error".
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	body := errorBody{Error: errorDetail{
		Code:    commune.ErrorCode(err),
		Reason:  commune.ErrorReason(err),
		Message: commune.ErrorMessage(err),
	}}
	if status == http.StatusInternalServerError {
		body.Error = errorDetail{Code: commune.EINTERNAL, Message: "internal error"}
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="commune"`)
	}
	writeJSON(w, status, body)
}

// writeJSON writes v as the JSON response body with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if w.Header().Get("Cache-Control") == "" {
		// Pages change with every act, and some are a member's own.
		w.Header().Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// The status is already sent; all that is left is to note it.
		slog.Debug("write response", "err", err)
	}
}
