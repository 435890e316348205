package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// session is what `commune login` keeps so that later client commands need
// neither --server nor --token. It is written with mode 0600.
type session struct {
	Server string `json:"server"`
	Token  string `json:"token"`
	Member int64  `json:"member,omitempty"`
}

// sessionPath is $COMMUNE_SESSION, or commune/session.json in the user's
// configuration directory.
func sessionPath() (string, error) {
	if p := os.Getenv("COMMUNE_SESSION"); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("session file: %w (set COMMUNE_SESSION)", err)
	}
	return filepath.Join(dir, "commune", "session.json"), nil
}

// loadSession reads the session file; a missing file is an empty session.
func loadSession() (session, error) {
	var s session
	p, err := sessionPath()
	if err != nil {
		return s, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	} else if err != nil {
		return s, fmt.Errorf("session file: %w", err)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("session file %s: %w", p, err)
	}
	return s, nil
}

// saveSession writes the session file atomically (temp file and rename).
func saveSession(s session) (string, error) {
	p, err := sessionPath()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return "", fmt.Errorf("session file: %w", err)
	}
	b, _ := json.MarshalIndent(s, "", "  ")
	tmp, err := os.CreateTemp(filepath.Dir(p), ".session-*")
	if err != nil {
		return "", fmt.Errorf("session file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return "", fmt.Errorf("session file: %w", err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return "", fmt.Errorf("session file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("session file: %w", err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return "", fmt.Errorf("session file: %w", err)
	}
	return p, nil
}

// clientFlags are the flags every client sub-command takes.
type clientFlags struct {
	server string
	token  string
	json   bool
}

func (cf *clientFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&cf.server, "server", os.Getenv("COMMUNE_SERVER"), "server URL (default $COMMUNE_SERVER, else the one `commune login` saved)")
	fs.StringVar(&cf.token, "token", os.Getenv("COMMUNE_TOKEN"), "bearer token (default $COMMUNE_TOKEN, else the one `commune login` saved)")
	fs.BoolVar(&cf.json, "json", false, "print the server's JSON answer instead of text")
}

// client resolves server and token (flag, then environment, then the
// session file) and returns an API client.
func (cf *clientFlags) client() (*apiClient, error) {
	server, token := cf.server, cf.token
	if server == "" || token == "" {
		s, err := loadSession()
		if err != nil {
			return nil, err
		}
		if server == "" {
			server = s.Server
		}
		// A saved token belongs to the server it was issued by.
		if token == "" && (s.Server == "" || s.Server == server) {
			token = s.Token
		}
	}
	return newAPIClient(server, token)
}
