package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"commune"
)

// Batch is what one accepted request leaves in the journal: the request
// itself with its idempotency key, and the transfers it made. Applying a
// batch decides the request again and refuses it unless the same
// transfers come out, so a journal cannot declare a figure the request
// does not give.
type Batch struct {
	Key       string          `json:"key"`
	Op        string          `json:"op"`
	Request   json.RawMessage `json:"request"` // canonical JSON of the request
	Time      int64           `json:"time"`    // server time of the first transfer (or of the act, if none)
	Transfers []Transfer      `json:"transfers"`
}

// EncodeRequest returns the canonical JSON of r: encoding/json of its
// fields in declaration order, without HTML escaping.
func EncodeRequest(r Request) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, fmt.Errorf("encode request: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// DecodeRequest is the inverse of EncodeRequest for the request named op.
// Unknown fields and trailing data are refused.
func DecodeRequest(op string, body []byte) (Request, error) {
	var r Request
	switch op {
	case OpenAccount{}.Op():
		r = &OpenAccount{}
	case SetDeductions{}.Op():
		r = &SetDeductions{}
	case ConfirmHours{}.Op():
		r = &ConfirmHours{}
	case Draw{}.Op():
		r = &Draw{}
	case SpendFund{}.Op():
		r = &SpendFund{}
	case Support{}.Op():
		r = &Support{}
	case Expire{}.Op():
		r = &Expire{}
	case Correct{}.Op():
		r = &Correct{}
	default:
		return nil, commune.Errorf(commune.EINVALID, "unknown_op", "unknown ledger operation %q", op)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(r); err != nil {
		return nil, commune.Errorf(commune.EINVALID, "malformed", "%s: %v", op, err)
	}
	if dec.More() {
		return nil, commune.Errorf(commune.EINVALID, "malformed", "%s: trailing data", op)
	}
	// Return the value, not the pointer, so a decoded request compares
	// equal to the one that was encoded.
	switch v := r.(type) {
	case *OpenAccount:
		return *v, nil
	case *SetDeductions:
		return *v, nil
	case *ConfirmHours:
		return *v, nil
	case *Draw:
		return *v, nil
	case *SpendFund:
		return *v, nil
	case *Support:
		return *v, nil
	case *Expire:
		return *v, nil
	case *Correct:
		return *v, nil
	}
	panic("unreachable")
}

// fingerprint identifies a request's fields, to tell a retry from a
// reuse of the key for something else.
func fingerprint(op string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(op))
	h.Write([]byte{0})
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}
