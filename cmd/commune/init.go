package main

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"commune/council"
	"commune/sqlite"
	"commune/store"
)

// runInit creates a new data directory: the checkpoint signing key, the
// founding act on the record, and credentials for the founding member.
// It builds everything in a temporary directory beside the target and
// renames it into place at the end, so an error leaves nothing behind.
func runInit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("init", "", stderr)
	data := fs.String("data", defaultDataDir(), "data directory to create (must not exist, or be empty)")
	federation := fs.String("federation", "Commune", "the federation's name")
	name := fs.String("name", defaultFounder(), "the founding member's name (default $USER)")
	councilName := fs.String("council", "First council", "the first base council's name")
	kind := fs.String("kind", council.KindWorkplace, "the first council's kind: workplace or neighbourhood")
	origin := fs.String("origin", "", "the log's name in its checkpoints (default: derived from --federation)")
	asJSON := fs.Bool("json", false, "print the credentials as JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos); err != nil {
		return err
	}
	if *origin == "" {
		*origin = originFor(*federation)
	}
	var out initResult
	err = createDataDir(*data, func(tmp string) error {
		d, err := openData(ctx, tmp, store.Options{Origin: *origin, Tick: -1})
		if err != nil {
			return err
		}
		out, err = found(ctx, d.svc, council.Found{Federation: *federation, Name: *name, Council: *councilName, Kind: *kind})
		if cerr := d.Close(); err == nil {
			err = cerr
		}
		return err
	})
	if err != nil {
		return err
	}
	out.Data = *data
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	fmt.Fprintf(stdout, "Founded %q in %s.\n\n", *federation, *data)
	fmt.Fprintf(stdout, "  founding member: %d (%s)\n", out.Member, *name)
	fmt.Fprintf(stdout, "  first council:   %d (%s, %s)\n", out.Council, *councilName, *kind)
	fmt.Fprintf(stdout, "  password:        %s\n", out.Password)
	fmt.Fprintf(stdout, "  bearer token:    %s\n", out.Token)
	fmt.Fprintf(stdout, "  verification key (publish it; it checks the record's checkpoints):\n    %s\n\n", out.Key)
	fmt.Fprintf(stdout, "Keep the password: it is shown only now. Next:\n  commune serve --data %s\n", *data)
	return nil
}

// initResult is what init prints.
type initResult struct {
	Data     string     `json:"data"`
	Member   council.ID `json:"member"`
	Council  council.ID `json:"council"`
	Password string     `json:"password"`
	Token    string     `json:"token"`
	Key      string     `json:"verification_key"`
}

// found records the founding act (by the server: no operator founds a
// federation) and gives the founder a password and a token.
func found(ctx context.Context, svc *store.Service, act council.Found) (initResult, error) {
	rc, err := svc.Do(ctx, council.Actor{Server: true}, act)
	if err != nil {
		return initResult{}, fmt.Errorf("found: %w", err)
	}
	var f council.Founded
	for _, ev := range rc.Events {
		if e, ok := ev.(council.Founded); ok {
			f = e
		}
	}
	if f.Member == 0 {
		return initResult{}, errors.New("found: the founding act recorded no member")
	}
	pw, err := newPassword()
	if err != nil {
		return initResult{}, err
	}
	if err := svc.SetPassword(ctx, f.Member, pw); err != nil {
		return initResult{}, fmt.Errorf("found: %w", err)
	}
	tok, err := svc.NewToken(ctx, f.Member)
	if err != nil {
		return initResult{}, fmt.Errorf("found: %w", err)
	}
	return initResult{Member: f.Member, Council: f.Council, Password: pw, Token: tok, Key: svc.VerifierKey()}, nil
}

// createDataDir makes a new data directory at dir with build, which fills
// a temporary directory beside it; the temporary directory is renamed to
// dir only when build succeeds, and removed otherwise. dir must not exist
// or be empty.
func createDataDir(dir string, build func(tmp string) error) error {
	if err := checkEmptyDir(dir); err != nil {
		return err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(abs)+".new-")
	if err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	if err := build(tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	// rename(2) replaces an empty directory; a non-empty one (someone
	// raced us) makes it fail, and the target is left alone.
	if err := os.Rename(tmp, abs); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("create %s: %w", dir, err)
	}
	return nil
}

// checkEmptyDir refuses a path that exists and is not an empty directory.
func checkEmptyDir(dir string) error {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s exists and is not a directory", dir)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(ents) > 0 {
		if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); err == nil {
			return fmt.Errorf("%s already holds a data directory: refusing to overwrite it", dir)
		}
		return fmt.Errorf("%s is not empty: refusing to use it", dir)
	}
	return nil
}

// newPassword returns a random password of 16 letters and digits (80 bits).
func newPassword() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("password: %w", err)
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)), nil
}

// defaultFounder is $USER, or "Founder".
func defaultFounder() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "Founder"
}

// originFor turns a federation's name into a log origin usable as a note
// key name: lower case letters, digits, '.' and '-'.
func originFor(federation string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(federation) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.Trim(b.String(), "-.")
	if s == "" {
		return "commune"
	}
	return s
}
