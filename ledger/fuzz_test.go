package ledger_test

import (
	"bytes"
	"testing"

	"commune/ledger"
)

// FuzzDecodeRequest checks that decoding never panics and that whatever
// decodes re-encodes to a request that decodes to the same thing.
func FuzzDecodeRequest(f *testing.F) {
	f.Add("hours.confirm", []byte(`{"worker":1,"workplace":10,"minutes":480,"ref":"week 1"}`))
	f.Add("goods.draw", []byte(`{"member":1,"minutes":30}`))
	f.Add("deductions.set", []byte(`{"rates":[{"fund":20,"per_mille":100}]}`))
	f.Add("transfer.correct", []byte(`{"transfer":3}`))
	f.Add("goods.draw", []byte(`{"member":1,"minutes":30,"extra":1}`))
	f.Add("nope", []byte(`{}`))
	f.Fuzz(func(t *testing.T, op string, body []byte) {
		r, err := ledger.DecodeRequest(op, body)
		if err != nil {
			return
		}
		enc, err := ledger.EncodeRequest(r)
		if err != nil {
			t.Fatal(err)
		}
		r2, err := ledger.DecodeRequest(op, enc)
		if err != nil {
			t.Fatalf("re-decoding %s: %v", enc, err)
		}
		enc2, _ := ledger.EncodeRequest(r2)
		if !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding not stable: %s then %s", enc, enc2)
		}
	})
}
