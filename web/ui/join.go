package ui

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strings"
	"unicode/utf8"

	"commune"
	"commune/council"
)

// minPassword is the shortest password a newcomer may choose.
const minPassword = 8

// newCode returns a fresh random invitation code (32 characters).
func newCode() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// joinData is the invitation page. The code is checked when the form is
// sent: looking it up beforehand would mean scanning every invitation.
type joinData struct {
	Code    string
	Name    string
	Problem string // why the last attempt was refused
}

func (u *UI) getJoin(w http.ResponseWriter, r *http.Request, p *page) error {
	code := r.PathValue("code")
	d := joinData{Code: code}
	p.Title = p.T("join.title")
	p.Data = d
	return u.render(w, r, http.StatusOK, "join", p)
}

// postJoin accepts an invitation: a newcomer chooses a name and password
// and is signed in; a signed-in member simply joins the council.
func (u *UI) postJoin(w http.ResponseWriter, r *http.Request, p *page) error {
	code := r.PathValue("code")
	if p.Me.SignedIn() {
		return u.do(w, r, p, council.AcceptInvitation{Code: code}, "/", "join")
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	pass := r.PostFormValue("password")
	again := r.PostFormValue("password2")
	d := joinData{Code: code, Name: name}
	switch {
	case name == "" || utf8.RuneCountInString(name) > 200:
		d.Problem = p.T("join.need_name")
	case utf8.RuneCountInString(pass) < minPassword:
		d.Problem = p.T("join.weak_password", "n", minPassword)
	case pass != again:
		d.Problem = p.T("join.mismatch")
	}
	if d.Problem != "" {
		p.Title = p.T("join.title")
		p.Data = d
		return u.render(w, r, http.StatusUnprocessableEntity, "join", p)
	}
	if !u.byAddr.allow(clientAddr(r)) {
		w.Header().Set("Retry-After", "60")
		return errRateLimited
	}
	// The newcomer is not a member yet: the server acts for the holder of
	// the code, and the record shows the member it created.
	rc, err := u.svc.Do(r.Context(), council.Actor{Server: true}, council.AcceptInvitation{Code: code, Name: name})
	if err != nil {
		return err
	}
	var id council.ID
	for _, ev := range rc.Events {
		if e, ok := ev.(council.InvitationAccepted); ok {
			id = e.Member
		}
	}
	if id == 0 {
		return commune.Errorf(commune.EINTERNAL, "", "accepting an invitation created no member")
	}
	if err := u.svc.SetPassword(r.Context(), id, pass); err != nil {
		return err
	}
	tok, err := u.svc.NewToken(r.Context(), id)
	if err != nil {
		return err
	}
	setSession(w, r, tok)
	http.Redirect(w, r, "/?done=welcome", http.StatusSeeOther)
	return nil
}

// settingsData is the settings page.
type settingsData struct {
	Current string
}

func (u *UI) getSettings(w http.ResponseWriter, r *http.Request, p *page) error {
	p.Title = p.T("settings.title")
	p.Data = settingsData{Current: p.L.Tag}
	return u.render(w, r, http.StatusOK, "settings", p)
}

// postSettings stores the chosen language in a cookie (a year); an empty
// choice returns to the browser's Accept-Language.
func (u *UI) postSettings(w http.ResponseWriter, r *http.Request, p *page) error {
	lang := r.PostFormValue("lang")
	c := &http.Cookie{Name: languageCookie, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil}
	switch {
	case lang == "":
		c.MaxAge = -1
	case u.bundle.Catalog(lang) != nil:
		c.Value = u.bundle.Catalog(lang).Tag
		c.MaxAge = 365 * 24 * 3600
	default:
		return commune.Errorf(commune.EINVALID, "bad_language", "no language %q", lang)
	}
	http.SetCookie(w, c)
	http.Redirect(w, r, "/settings?done=settings", http.StatusSeeOther)
	return nil
}
