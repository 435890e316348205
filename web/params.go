package web

import (
	"net/http"
	"strconv"

	"commune/council"
)

// pathID reads the path wildcard name as a positive id.
func pathID(r *http.Request, name string) (council.ID, error) {
	v := r.PathValue(name)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, paramError(name, v, "want a positive integer id")
	}
	return council.ID(n), nil
}

// queryInt reads the query parameter name as a non-negative integer, or
// returns def when it is absent.
func queryInt(r *http.Request, name string, def int64) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, paramError(name, v, "want a non-negative integer")
	}
	return n, nil
}

// pathInt reads the path wildcard name as a non-negative integer.
func pathInt(r *http.Request, name string) (int64, error) {
	v := r.PathValue(name)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, paramError(name, v, "want a non-negative integer")
	}
	return n, nil
}
