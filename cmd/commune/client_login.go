package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// runLogin signs in (POST /session) and keeps the server URL and the
// bearer token in the session file, so later commands need neither.
func runLogin(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("login", "", stderr)
	var cf clientFlags
	cf.register(fs)
	member := fs.Int64("member", 0, "member id")
	name := fs.String("name", "", "member name (instead of --member)")
	password := fs.String("password", os.Getenv("COMMUNE_PASSWORD"), "password (default $COMMUNE_PASSWORD; - reads one line from standard input)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos); err != nil {
		return err
	}
	if *member == 0 && *name == "" {
		return &exitError{code: 2, err: fmt.Errorf("give --member ID or --name NAME")}
	}
	if *password == "-" {
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("read password: %w", err)
		}
		*password = strings.TrimRight(line, "\r\n")
	}
	if *password == "" {
		return &exitError{code: 2, err: fmt.Errorf("give --password, $COMMUNE_PASSWORD, or --password - to read it from standard input")}
	}
	c, err := cf.client()
	if err != nil {
		return err
	}
	c.token = ""
	// The API takes a member id or a name in one field.
	who := *name
	if *member != 0 {
		who = fmt.Sprint(*member)
	}
	body := map[string]any{"member": who, "password": *password}
	data, err := c.do(ctx, "POST", "/session", body)
	if err != nil {
		return err
	}
	var ans struct {
		Token  string `json:"token"`
		Member int64  `json:"member"`
	}
	if err := json.Unmarshal(data, &ans); err != nil || ans.Token == "" {
		return fmt.Errorf("sign-in answer has no token")
	}
	if ans.Member == 0 {
		ans.Member = *member
	}
	p, err := saveSession(session{Server: c.base, Token: ans.Token, Member: ans.Member})
	if err != nil {
		return err
	}
	if cf.json {
		return printAnswer(stdout, data, true)
	}
	fmt.Fprintf(stdout, "signed in to %s as member %d; token kept in %s\n", c.base, ans.Member, p)
	return nil
}

// runLogout forgets the kept token. (The token stays valid on the server
// until revoked there.)
func runLogout(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("logout", "", stderr)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos); err != nil {
		return err
	}
	p, err := sessionPath()
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("logout: %w", err)
	}
	fmt.Fprintln(stdout, "signed out")
	return nil
}
