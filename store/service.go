package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"commune"
	"commune/council"
	"commune/record"
)

// Options tune a Service. The zero value is a sensible production setup.
type Options struct {
	// Origin names the log in its checkpoints and its signing key
	// (default "commune"). It is used only when a new key is generated.
	Origin string
	// MaxBatch is the most acts one group commit takes (default 1024).
	MaxBatch int
	// MaxDelay is how long the writer waits for more acts once it has one
	// (default 0: it commits what has queued while the previous commit ran,
	// which already forms large groups under load and adds no latency).
	MaxDelay time.Duration
	// Tick is how often the clock's due events (closed votes, ended terms)
	// are recorded (default 1s; negative disables the ticker; due events
	// are also recorded before every batch).
	Tick time.Duration
	// Clock returns server time in microseconds UTC (default: the wall clock).
	Clock func() int64
	// Logger receives internal failures (default: slog.Default()).
	Logger *slog.Logger
}

// Settings names under which the Service keeps its checkpoint key pair.
const (
	SettingSigningKey  = "checkpoint.skey"
	SettingVerifierKey = "checkpoint.vkey"
)

// Service is the live federation: the in-memory council.State, kept equal
// to the stored record by one writer goroutine that checks acts, applies
// their events and commits them in groups with one Backend.Append each.
type Service struct {
	backend Backend
	opt     Options
	log     *slog.Logger
	skey    string
	vkey    string

	mu         sync.RWMutex // guards everything below; the writer holds it across a commit
	state      *council.State
	size       int64  // entries committed
	last       int64  // time of the last entry (microseconds)
	checkpoint []byte // latest signed checkpoint, covering size entries
	broken     error  // set when the state could not be rebuilt: every act fails

	tokens tokenCache // bearer tokens already checked, so a request need not query the backend

	closeMu sync.RWMutex
	closed  bool
	queue   chan *request
	stop    chan struct{}
	done    chan struct{}
}

// Receipt answers an accepted act: the entries it added to the record (none
// when the act changed nothing, such as a repeated identical vote), their
// events, the server time and the record size after the commit, which the
// latest checkpoint covers (ask for inclusion proofs against it).
type Receipt struct {
	Entries []int64         `json:"entries"`
	Events  []council.Event `json:"-"`
	Time    int64           `json:"time"`
	Size    int64           `json:"size"`
}

// Item is one act by one actor, for DoMany.
type Item struct {
	Actor council.Actor
	Act   council.Act
}

var errClosed = commune.Errorf(commune.EINTERNAL, "closed", "the store is closed")

// Open rebuilds the state by replaying b's record (checking it against the
// stored tree), loads or creates the checkpoint signing key, signs a fresh
// checkpoint and starts the writer. Close stops it; the caller still owns
// (and closes) b.
func Open(ctx context.Context, b Backend, opt Options) (*Service, error) {
	if opt.Origin == "" {
		opt.Origin = "commune"
	}
	if opt.MaxBatch <= 0 {
		opt.MaxBatch = 1024
	}
	if opt.Tick == 0 {
		opt.Tick = time.Second
	}
	if opt.Clock == nil {
		opt.Clock = func() int64 { return time.Now().UnixMicro() }
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	s := &Service{
		backend: b,
		opt:     opt,
		log:     opt.Logger,
		queue:   make(chan *request, 4*opt.MaxBatch),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	if err := s.loadKey(ctx); err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	r, err := replay(ctx, b)
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	s.state, s.size, s.last = r.state, r.size, r.last
	if err := s.fillNewTables(ctx); err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	if err := s.signCheckpoint(ctx); err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	go s.write()
	if opt.Tick > 0 {
		go s.tick()
	}
	return s, nil
}

// loadKey reads the signing key from the settings, generating and storing
// a new pair on first use.
func (s *Service) loadKey(ctx context.Context) error {
	skey, err := s.backend.Setting(ctx, SettingSigningKey)
	if err == nil {
		vkey, err := s.backend.Setting(ctx, SettingVerifierKey)
		if err != nil {
			return fmt.Errorf("verifier key: %w", err)
		}
		s.skey, s.vkey = string(skey), string(vkey)
		return nil
	}
	if commune.ErrorCode(err) != commune.ENOTFOUND {
		return fmt.Errorf("signing key: %w", err)
	}
	sk, vk, err := record.GenerateKey(s.opt.Origin)
	if err != nil {
		return err
	}
	// The verifier key first: a crash in between leaves no signing key, and
	// the next open generates a fresh pair.
	if err := s.backend.SetSetting(ctx, SettingVerifierKey, []byte(vk)); err != nil {
		return err
	}
	if err := s.backend.SetSetting(ctx, SettingSigningKey, []byte(sk)); err != nil {
		return err
	}
	s.skey, s.vkey = sk, vk
	return nil
}

// fillNewTables writes the replayed rows of derived tables the backend has
// just created (a newer program on an older database), so they agree with
// the record from the start.
func (s *Service) fillNewTables(ctx context.Context) error {
	nt, ok := s.backend.(interface{ NewTables() []string })
	if !ok || s.size == 0 {
		return nil
	}
	var changes []council.Change
	for _, name := range nt.NewTables() {
		for _, row := range s.state.Rows(name) {
			changes = append(changes, council.Change{Table: name, Row: row})
		}
	}
	if len(changes) == 0 {
		return nil
	}
	return s.backend.Append(ctx, nil, nil, changes)
}

// signCheckpoint signs and saves a checkpoint for the current size. The
// caller holds s.mu (or is Open).
func (s *Service) signCheckpoint(ctx context.Context) error {
	root, err := record.TreeHash(s.size, s.backend)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	name, err := keyName(s.vkey)
	if err != nil {
		return err
	}
	signed, err := record.Sign(record.Checkpoint{Origin: name, Size: s.size, Hash: root}, s.skey)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if err := s.backend.SaveCheckpoint(ctx, s.size, signed); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	s.checkpoint = signed
	return nil
}

// keyName returns the name of a note verifier key ("name+hash+key"): the
// log's origin.
func keyName(vkey string) (string, error) {
	for i := 0; i < len(vkey); i++ {
		if vkey[i] == '+' {
			return vkey[:i], nil
		}
	}
	return "", errors.New("verifier key has no name")
}

// Close stops accepting acts, lets the writer finish what is queued and
// stops it. It does not close the backend.
func (s *Service) Close() error {
	s.closeMu.Lock()
	if s.closed {
		s.closeMu.Unlock()
		return nil
	}
	s.closed = true
	close(s.stop)
	close(s.queue)
	s.closeMu.Unlock()
	<-s.done
	return nil
}

// View calls fn with the current state under a read lock. fn must not keep
// the state or anything it points to, nor change it.
func (s *Service) View(fn func(*council.State)) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	fn(s.state)
}

// VerifierKey returns the note verifier key that checks this log's
// checkpoints: publish it.
func (s *Service) VerifierKey() string { return s.vkey }

// Size returns the number of committed entries.
func (s *Service) Size() int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.size
}

// Checkpoint returns the latest signed checkpoint; it covers every
// acknowledged entry.
func (s *Service) Checkpoint() []byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.checkpoint
}

// Backend returns the backend the Service writes to, for reads (entries,
// rows) and credentials. Writing the record through it directly would
// make the Service's state diverge: don't.
func (s *Service) Backend() Backend { return s.backend }
