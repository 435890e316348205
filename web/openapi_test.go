package web

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// openAPIDoc is the part of an OpenAPI 3.1 document the test reads.
type openAPIDoc struct {
	OpenAPI string                                `json:"openapi"`
	Info    struct{ Title, Version string }       `json:"info"`
	Paths   map[string]map[string]json.RawMessage `json:"paths"`
}

type openAPIOperation struct {
	OperationID string                     `json:"operationId"`
	Summary     string                     `json:"summary"`
	Security    []map[string][]string      `json:"security"`
	Responses   map[string]json.RawMessage `json:"responses"`
}

// TestOpenAPI checks that openapi.json parses, that every route of the
// routes table is documented, and that every documented operation exists.
func TestOpenAPI(t *testing.T) {
	var doc openAPIDoc
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	// Every $ref resolves to something in the document.
	var whole any
	if err := json.Unmarshal(openAPI, &whole); err != nil {
		t.Fatal(err)
	}
	for _, ref := range refs(whole) {
		if !resolves(whole, ref) {
			t.Errorf("$ref %q resolves to nothing", ref)
		}
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi = %q, want 3.1.x", doc.OpenAPI)
	}
	var documented, served []string
	opIDs := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, raw := range ops {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			var op openAPIOperation
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			key := strings.ToUpper(method) + " " + path
			documented = append(documented, key)
			if op.OperationID == "" || opIDs[op.OperationID] {
				t.Errorf("%s: missing or duplicate operationId %q", key, op.OperationID)
			}
			opIDs[op.OperationID] = true
			if len(op.Responses) == 0 {
				t.Errorf("%s: no responses documented", key)
			}
		}
	}
	s := &Server{}
	auth := map[string]bool{}
	for _, rt := range s.routes() {
		key := rt.method + " " + rt.path
		served = append(served, key)
		auth[key] = rt.auth
	}
	sort.Strings(documented)
	sort.Strings(served)
	if diff := cmp.Diff(served, documented); diff != "" {
		t.Errorf("routes (-served +documented):\n%s", diff)
	}
	// Routes needing a token say so in the document, and public ones do not.
	for path, ops := range doc.Paths {
		for method, raw := range ops {
			key := strings.ToUpper(method) + " " + path
			needs, ok := auth[key]
			if !ok {
				continue
			}
			var op openAPIOperation
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatal(err)
			}
			documentedAuth := op.Security == nil || len(op.Security) > 0 && len(op.Security[0]) > 0
			if op.Security == nil {
				documentedAuth = true // the document's global default is bearer
			}
			if needs != documentedAuth {
				t.Errorf("%s: route auth=%v but document says %v", key, needs, documentedAuth)
			}
		}
	}
}

// refs lists every "$ref" value in a decoded JSON document.
func refs(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "$ref" {
				out = append(out, s)
			}
			out = append(out, refs(x)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, refs(x)...)
		}
	}
	return out
}

// resolves reports whether a local JSON pointer ("#/a/b") names a value.
func resolves(doc any, ref string) bool {
	p, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return false
	}
	cur := doc
	for _, part := range strings.Split(p, "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[part]; !ok {
			return false
		}
	}
	return true
}
