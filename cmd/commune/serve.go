package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"commune/sqlite"
	"commune/store"
	"commune/web"
	"commune/web/ui"
)

// runServe serves the JSON API of an initialised data directory until
// SIGINT or SIGTERM, then shuts down gracefully: requests in flight are
// answered, queued acts committed, the database closed.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", "", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free one)")
	data := fs.String("data", defaultDataDir(), "data directory (default $COMMUNE_DATA, else ./commune-data)")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	logJSON := fs.Bool("log-json", false, "log as JSON lines instead of text")
	ahead := fs.Duration("clock-ahead", 0, "run the server's clock this far ahead of the wall clock (rehearsals and tests: lets periods end sooner); the record never goes back in time")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos); err != nil {
		return err
	}
	logger, err := newLogger(stderr, *logLevel, *logJSON)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if _, err := os.Stat(filepath.Join(*data, sqlite.FileName)); err != nil {
		return fmt.Errorf("%s is not a data directory (no %s): run `commune init --data %s` first", *data, sqlite.FileName, *data)
	}
	opt := store.Options{Logger: logger}
	if *ahead < 0 {
		return &exitError{code: 2, err: fmt.Errorf("--clock-ahead %v: the clock cannot run behind", *ahead)}
	} else if *ahead > 0 {
		skew := ahead.Microseconds()
		opt.Clock = func() int64 { return time.Now().UnixMicro() + skew }
		logger.Warn("the server's clock runs ahead of the wall clock", "ahead", *ahead)
	}
	d, err := openData(ctx, *data, opt)
	if err != nil {
		return err
	}
	defer d.Close()
	logger.Info("store open", "data", *data, "entries", d.svc.Size(), "key", d.svc.VerifierKey())
	return serveHTTP(ctx, *addr, handler(d.svc, logger), logger, stdout)
}

// site is what a server serves: the JSON API at /api/v1/ and the web
// interface's pages beside it at /. Close ends the pages' live event
// streams, which would otherwise hold a graceful shutdown open.
type site struct {
	http.Handler
	pages *ui.UI
}

// Close ends the live event streams.
func (s site) Close() { s.pages.Close() }

// handler mounts the JSON API at /api/v1/ and the web interface's pages
// beside it at /.
func handler(svc *store.Service, logger *slog.Logger) site {
	mux := http.NewServeMux()
	pages := ui.New(svc, ui.Options{Logger: logger})
	mux.Handle("/api/v1/", web.NewServer(svc, logger).Handler())
	mux.Handle("/", pages.Handler())
	return site{Handler: mux, pages: pages}
}

// defaultDataDir is $COMMUNE_DATA, or ./commune-data.
func defaultDataDir() string {
	if d := os.Getenv("COMMUNE_DATA"); d != "" {
		return d
	}
	return "commune-data"
}

// newLogger returns a slog logger writing to w.
func newLogger(w io.Writer, level string, asJSON bool) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	if asJSON {
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return slog.New(slog.NewTextHandler(w, opts)), nil
}

// dataDir is an open data directory: its write lock, the SQLite backend
// and the Service over it.
type dataDir struct {
	backend *sqlite.Backend
	svc     *store.Service
	unlock  func()
}

// openData locks the data directory dir, opens its SQLite backend and the
// Service over it. Close releases all three.
func openData(ctx context.Context, dir string, opt store.Options) (*dataDir, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	unlock, err := lockDataDir(dir)
	if err != nil {
		return nil, err
	}
	d, err := openLocked(ctx, dir, opt)
	if err != nil {
		unlock()
		return nil, err
	}
	d.unlock = unlock
	return d, nil
}

// openLocked is openData for a caller that holds the lock already; its
// Close leaves the lock alone.
func openLocked(ctx context.Context, dir string, opt store.Options) (*dataDir, error) {
	b, err := sqlite.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	svc, err := store.Open(ctx, b, opt)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	return &dataDir{backend: b, svc: svc, unlock: func() {}}, nil
}

// Close stops the Service (committing what is queued), closes the
// database and releases the lock.
func (d *dataDir) Close() error {
	err := d.svc.Close()
	if berr := d.backend.Close(); err == nil {
		err = berr
	}
	d.unlock()
	return err
}

// serveHTTP serves h on addr until ctx is done, then shuts down, giving
// requests in flight up to ten seconds. Once listening it prints
// "serving on http://HOST:PORT" to stdout (tests and scripts read the
// port from it when addr asks for port 0).
func serveHTTP(ctx context.Context, addr string, h http.Handler, logger *slog.Logger, stdout io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	if c, ok := h.(interface{ Close() }); ok {
		srv.RegisterOnShutdown(c.Close)
	}
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "serving on %s\n", url)
	logger.Info("serving", "url", url)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// lockFile is the file in a data directory that the one process writing
// the record holds locked: a second writer (a second server, or an admin
// command beside a running server) would find its record moved under it.
const lockFile = "commune.lock"

// lockDataDir takes the data directory's write lock, or fails at once
// naming the reason. The lock goes with the process (even on SIGKILL).
func lockDataDir(dir string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s is in use by another commune process (a running server?): stop it first", dir)
		}
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
