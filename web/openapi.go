package web

import (
	_ "embed"
	"net/http"

	"commune/council"
)

// openAPI is the API's OpenAPI 3.1 description, written by hand and served
// as is; TestOpenAPI keeps it and the routes table in step.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) getOpenAPI(w http.ResponseWriter, r *http.Request, _ council.Actor) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err := w.Write(openAPI)
	return err
}
