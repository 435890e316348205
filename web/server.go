// Package web serves Commune's JSON API under /api/v1: authentication,
// one route per council act, reads of councils, proposals and members, and
// the public record (checkpoint, entries, proofs, derived tables) that
// `commune audit URL` checks. Its OpenAPI 3.1 document is openapi.json,
// served as written.
//
// Domain error codes become HTTP statuses here and nowhere else.
package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"

	"commune"
	"commune/council"
	"commune/store"
)

// Server is the JSON API over one store.Service. Mount Handler() at the
// root of an http.Server; pages can be mounted beside it on other paths.
type Server struct {
	svc *store.Service
	log *slog.Logger
	mux *http.ServeMux

	// Sign-in attempts are limited per source address and per account.
	byAddr    *limiter
	byAccount *limiter
}

// NewServer returns the API server over svc, logging to logger (or to
// slog.Default() when nil).
func NewServer(svc *store.Service, logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.Default()
	}
	s := &Server{
		svc:       svc,
		log:       logger,
		mux:       http.NewServeMux(),
		byAddr:    newLimiter(1, 20),     // 20 at once, then one a second
		byAccount: newLimiter(1.0/6, 10), // 10 at once, then ten a minute
	}
	allowed := map[string][]string{}
	for _, rt := range s.routes() {
		s.mux.Handle(rt.method+" "+rt.path, s.wrap(rt))
		allowed[rt.path] = append(allowed[rt.path], rt.method)
	}
	// A known path with another method: a JSON 405 rather than the mux's
	// plain-text one. Patterns with a method take precedence over these.
	for path, methods := range allowed {
		allow := strings.Join(methods, ", ")
		s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			s.writeError(w, r, commune.Errorf(commune.EINVALID, reasonMethod, "%s %s: allowed methods are %s", r.Method, r.URL.Path, allow))
		})
	}
	s.mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, commune.Errorf(commune.ENOTFOUND, "no_route", "no API route %s %s", r.Method, r.URL.Path))
	})
	return s
}

// Handler returns the http.Handler serving /api/v1/.
func (s *Server) Handler() http.Handler { return s.mux }

// handlerFunc is what a route does. by is the authenticated actor (the zero
// Actor on public routes without credentials).
type handlerFunc func(w http.ResponseWriter, r *http.Request, by council.Actor) error

// route is one line of the routes table: every API route is listed in
// Server.routes, so the OpenAPI test can walk them all.
type route struct {
	method string
	path   string // a net/http ServeMux pattern path: /api/v1/councils/{id}
	auth   bool   // requires a bearer token
	// act is the zero value of the council act the route performs, on
	// write routes built by actR: the tests walk the table by it.
	act    council.Act
	handle handlerFunc
}

// wrap adds authentication, panic recovery and error writing to a route.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.writeError(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		var by council.Actor
		if rt.auth {
			a, err := s.authenticate(r)
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			by = a
		}
		if err := rt.handle(w, r, by); err != nil {
			if r.Context().Err() == context.Canceled {
				return
			}
			s.writeError(w, r, err)
		}
	})
}

// clientAddr is the request's source address without the port, the key of
// the per-address sign-in limit.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return strings.TrimSpace(host)
}
