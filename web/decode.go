package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"commune"
)

// maxBodyBytes bounds every request body. Acts are small; a larger body is
// a mistake or an attack, and reading it whole would cost memory.
const maxBodyBytes = 64 << 10

// Reasons for request-level errors: the body or a parameter could not be
// read at all. They map to 400; other EINVALID errors (a rule broken by a
// well-formed request) map to 422.
const (
	reasonMalformed    = "malformed_json"
	reasonUnknownField = "unknown_field"
	reasonTrailing     = "trailing_data"
	reasonTooLarge     = "body_too_large"
	reasonNotObject    = "not_an_object"
	reasonBadParam     = "bad_parameter"
	reasonBadType      = "wrong_type"
	reasonMethod       = "method_not_allowed"
)

// requestReasons are the reasons of errors in the request's form rather than
// in its content.
var requestReasons = map[string]bool{
	reasonMalformed: true, reasonUnknownField: true, reasonTrailing: true,
	reasonTooLarge: true, reasonNotObject: true, reasonBadParam: true, reasonBadType: true,
	reasonMethod: true,
}

// decodeRequest decodes a request body holding exactly one JSON object into
// v. It refuses bodies over limit bytes, fields v does not have, values of
// the wrong type and anything after the object, so that a client's typo is
// an error instead of a silently ignored field. An empty body decodes as {}
// (acts without parameters need none). Every error is an *commune.Error with
// code EINVALID and a reason saying what was wrong.
func decodeRequest(r io.Reader, limit int64, v any) error {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return commune.Errorf(commune.EINVALID, reasonMalformed, "cannot read request body")
	}
	if int64(len(data)) > limit {
		return commune.Errorf(commune.EINVALID, reasonTooLarge, "request body is larger than %d bytes", limit)
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		data = []byte("{}")
	}
	if data[0] != '{' {
		return commune.Errorf(commune.EINVALID, reasonNotObject, "request body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return commune.Errorf(commune.EINVALID, reasonTrailing, "request body has data after the JSON object")
	}
	return nil
}

// decodeError turns an encoding/json error into a message a client can act on.
func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return commune.Errorf(commune.EINVALID, reasonMalformed, "malformed JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return commune.Errorf(commune.EINVALID, reasonBadType, "field %q must be %s, not %s", field, typ.Type, typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return commune.Errorf(commune.EINVALID, reasonMalformed, "malformed JSON: unexpected end of body")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.TrimPrefix(err.Error(), "json: unknown field ")
		return commune.Errorf(commune.EINVALID, reasonUnknownField, "unknown field %s", name)
	default:
		// Errors from a type's own UnmarshalJSON (a bad id, a bad enum):
		// their text is about the request, so it is safe to show.
		var ce *commune.Error
		if errors.As(err, &ce) {
			return &commune.Error{Code: commune.EINVALID, Reason: orDefault(ce.Reason, reasonBadType), Message: ce.Message}
		}
		return commune.Errorf(commune.EINVALID, reasonMalformed, "malformed request: %s", trimJSONPrefix(err))
	}
}

func trimJSONPrefix(err error) string {
	return strings.TrimPrefix(err.Error(), "json: ")
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// paramError reports a path or query parameter that cannot be read.
func paramError(name, value, want string) error {
	return commune.Errorf(commune.EINVALID, reasonBadParam, "parameter %s=%q: %s", name, value, want)
}
