// Package ui serves Commune's web interface: server-rendered pages
// (html/template, embedded with the stylesheet and a little plain
// JavaScript) for everything a member does through the council API, in
// every language of package i18n. Pages work without JavaScript; the
// script only adds ballot reordering by dragging and keyboard buttons,
// and live updates over server-sent events.
//
// State-changing forms are protected by http.CrossOriginProtection and
// SameSite=Lax session cookies; the session cookie holds a bearer token
// issued by the store's credential functions.
package ui

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"commune/i18n"
	"commune/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

//go:embed economy/*.csv
var economyFS embed.FS

// Options tune the interface. The zero value serves the demo economy's
// plan, polls for live updates every second and logs to slog.Default().
type Options struct {
	// Logger receives internal failures (default slog.Default()).
	Logger *slog.Logger
	// Economy is the directory (products.csv, processes.csv, …) of the
	// economy whose balanced plan the plan page shows (default: the small
	// demo economy embedded in the binary).
	Economy fs.FS
	// Poll is how often a live page's event stream looks for new entries
	// on the record (default 1s).
	Poll time.Duration
}

// UI is the web interface over one store.Service.
type UI struct {
	svc    *store.Service
	log    *slog.Logger
	bundle *i18n.Bundle
	pages  map[string]*pageTemplate
	opts   Options
	mux    *http.ServeMux

	// Sign-in attempts are limited per source address and per account.
	byAddr    *limiter
	byAccount *limiter

	planOnce sync.Once
	plan     *planView
	planErr  error

	auditMu   sync.Mutex
	lastAudit *auditResult

	done      chan struct{} // closed by Close: live event streams end
	closeOnce sync.Once

	dir directory // the councils page's list, kept between requests
}

// New returns the interface over svc.
func New(svc *store.Service, opts Options) *UI {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	if opts.Economy == nil {
		sub, err := fs.Sub(economyFS, "economy")
		if err != nil {
			panic(err) // embedded at build time
		}
		opts.Economy = sub
	}
	u := &UI{
		svc:       svc,
		log:       opts.Logger,
		bundle:    i18n.Default(),
		opts:      opts,
		byAddr:    newLimiter(1, 20),     // 20 at once, then one a second
		byAccount: newLimiter(1.0/6, 10), // 10 at once, then ten a minute
		done:      make(chan struct{}),
	}
	u.pages = mustParseTemplates()
	u.mux = u.routes()
	return u
}

// Handler returns the handler serving every page and /assets/. Mount it at
// "/" beside the JSON API's "/api/v1/". State-changing requests from other
// origins are refused (403) before they reach a page.
func (u *UI) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.renderError(w, r, errForged)
	}))
	return securityHeaders(cop.Handler(u.mux))
}

// Close ends the live pages' event streams, which otherwise last as long
// as the page is open, so that a graceful shutdown need not wait for
// them: give it to http.Server.RegisterOnShutdown. Pages still render.
func (u *UI) Close() {
	u.closeOnce.Do(func() { close(u.done) })
}

// securityHeaders sets headers every response carries: no framing, no
// sniffing, no scripts or styles from anywhere but this server.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		h.ServeHTTP(w, r)
	})
}

// assets serves the embedded stylesheet and script.
func assets() http.Handler {
	return http.FileServerFS(assetFS)
}
