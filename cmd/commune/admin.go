package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"commune/council"
	"commune/record"
	"commune/sqlite"
	"commune/store"
)

// runAdmin runs the operator commands on a data directory (the server
// must be stopped: they take the directory's write lock). Each is recorded
// on the public record as an act of operator:NAME; none can vote, appoint
// or give an office, because council's acts refuse operators.
//
//	commune admin passwd --member ID [--password P]
//	commune admin key rotate
//	commune admin note TEXT...
func runAdmin(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("admin", "passwd --member ID | key rotate | note TEXT", stderr)
	data := fs.String("data", defaultDataDir(), "data directory (default $COMMUNE_DATA, else ./commune-data)")
	operator := fs.String("operator", os.Getenv("USER"), "operator name recorded as the actor operator:NAME (default $USER)")
	member := fs.Int64("member", 0, "passwd: the member whose password to reset")
	password := fs.String("password", "", "passwd: the new password (default: a random one, printed)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return &exitError{code: 2, err: fmt.Errorf("want a sub-command: passwd, key rotate or note")}
	}
	if *operator == "" {
		return &exitError{code: 2, err: fmt.Errorf("give --operator NAME (or set $USER)")}
	}
	if _, err := council.ParseActor("operator:" + *operator); err != nil {
		return &exitError{code: 2, err: fmt.Errorf("--operator %q: 1 to 64 characters, no spaces or colons", *operator)}
	}
	by := council.Actor{Operator: *operator}
	if _, err := os.Stat(filepath.Join(*data, sqlite.FileName)); err != nil {
		return fmt.Errorf("%s is not a data directory (no %s)", *data, sqlite.FileName)
	}
	switch {
	case pos[0] == "passwd" && len(pos) == 1:
		if *member <= 0 {
			return &exitError{code: 2, err: fmt.Errorf("passwd: give --member ID")}
		}
		return adminPasswd(ctx, *data, by, council.ID(*member), *password, stdout)
	case pos[0] == "key" && len(pos) == 2 && pos[1] == "rotate":
		return adminKeyRotate(ctx, *data, by, stdout)
	case pos[0] == "note" && len(pos) >= 2:
		text := strings.Join(pos[1:], " ")
		return adminRecord(ctx, *data, by, council.OperatorNote{Action: council.OpNote, Text: text}, stdout)
	}
	return &exitError{code: 2, err: fmt.Errorf("unknown admin command %q: want passwd, key rotate or note TEXT", strings.Join(pos, " "))}
}

// adminRecord records one operator act and prints its entry index.
func adminRecord(ctx context.Context, dir string, by council.Actor, act council.OperatorNote, stdout io.Writer) error {
	d, err := openData(ctx, dir, store.Options{Tick: -1})
	if err != nil {
		return err
	}
	rc, err := d.svc.Do(ctx, by, act)
	if cerr := d.Close(); err == nil && cerr != nil {
		return cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", act.Action, err)
	}
	fmt.Fprintf(stdout, "recorded as entry %s by %s\n", joinIndexes(rc.Entries), by)
	return nil
}

// adminPasswd resets a member's password: the reset is on the record
// first (so no reset goes unrecorded), then the new hash is stored off
// the record and the member's bearer tokens are revoked.
func adminPasswd(ctx context.Context, dir string, by council.Actor, member council.ID, password string, stdout io.Writer) error {
	generated := password == ""
	if generated {
		var err error
		if password, err = newPassword(); err != nil {
			return err
		}
	} else if len(password) < 8 {
		return &exitError{code: 2, err: fmt.Errorf("passwd: a password needs at least 8 characters")}
	}
	d, err := openData(ctx, dir, store.Options{Tick: -1})
	if err != nil {
		return err
	}
	defer d.Close()
	rc, err := d.svc.Do(ctx, by, council.OperatorNote{Action: council.OpPasswordReset, Member: member, Text: "password reset by the operator"})
	if err != nil {
		return fmt.Errorf("passwd: %w", err)
	}
	if err := d.svc.SetPassword(ctx, member, password); err != nil {
		return fmt.Errorf("passwd: the reset is recorded (entry %s) but storing the password failed, run it again: %w", joinIndexes(rc.Entries), err)
	}
	if err := d.svc.RevokeTokens(ctx, member); err != nil {
		return fmt.Errorf("passwd: revoke tokens: %w", err)
	}
	if err := d.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "password of member %d reset (recorded as entry %s by %s); their tokens are revoked\n", member, joinIndexes(rc.Entries), by)
	if generated {
		fmt.Fprintf(stdout, "new password: %s\n", password)
	}
	return nil
}

// adminKeyRotate replaces the checkpoint signing key. The rotation is
// recorded (naming the new verification key) and covered by a checkpoint
// signed with the old key; then the new pair is stored and a checkpoint
// signed with it. Auditors switch to the new key from then on.
func adminKeyRotate(ctx context.Context, dir string, by council.Actor, stdout io.Writer) error {
	// One lock over the three steps: no server may start in between.
	unlock, err := lockDataDir(dir)
	if err != nil {
		return err
	}
	defer unlock()
	d, err := openLocked(ctx, dir, store.Options{Tick: -1})
	if err != nil {
		return err
	}
	old := d.svc.VerifierKey()
	name, _, _ := strings.Cut(old, "+")
	skey, vkey, err := record.GenerateKey(name)
	if err != nil {
		d.Close()
		return fmt.Errorf("key rotate: %w", err)
	}
	rc, err := d.svc.Do(ctx, by, council.OperatorNote{Action: council.OpKeyRotated,
		Text: "checkpoint key rotated; new verification key: " + vkey + " (old: " + old + ")"})
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("key rotate: %w", err)
	}
	b, err := sqlite.Open(dir)
	if err != nil {
		return fmt.Errorf("key rotate: %w", err)
	}
	// The same order as the Service uses when it first makes a key.
	err = b.SetSetting(ctx, store.SettingVerifierKey, []byte(vkey))
	if err == nil {
		err = b.SetSetting(ctx, store.SettingSigningKey, []byte(skey))
	}
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("key rotate: store the new key: %w", err)
	}
	// Opening the Service signs a checkpoint with the new key.
	if d, err = openLocked(ctx, dir, store.Options{Tick: -1}); err != nil {
		return fmt.Errorf("key rotate: %w", err)
	}
	if err := d.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "checkpoint key rotated (recorded as entry %s by %s)\nnew verification key: %s\n", joinIndexes(rc.Entries), by, vkey)
	return nil
}

func joinIndexes(ix []int64) string {
	parts := make([]string, len(ix))
	for i, n := range ix {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, ",")
}
