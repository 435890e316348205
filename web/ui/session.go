package ui

import (
	"net"
	"net/http"
	"strconv"
	"strings"

	"commune"
	"commune/council"
)

// Cookie names. The session cookie holds a bearer token from the store
// (only its digest is stored); the language cookie a catalogue tag.
const (
	sessionCookie  = "commune_session"
	languageCookie = "commune_lang"
)

// errForged answers a state-changing request from another origin.
var errForged = commune.Errorf(commune.EFORBIDDEN, "cross_origin", "this form was sent from another site and has been refused")

// errSignIn answers a request that needs a signed-in member.
var errSignIn = commune.Errorf(commune.EUNAUTH, "signed_out", "sign in first")

// errRateLimited answers too many sign-in attempts.
var errRateLimited = &commune.Error{Code: "rate_limited", Reason: "too_many_attempts", Message: "too many sign-in attempts; wait a minute and try again"}

// viewer is who is looking at a page: a signed-in member or nobody.
type viewer struct {
	ID    council.ID
	Name  string
	token string
}

// SignedIn reports whether a member is signed in.
func (v viewer) SignedIn() bool { return v.ID != 0 }

// actor is the council actor of the viewer.
func (v viewer) actor() council.Actor { return council.Actor{Member: v.ID} }

// viewerOf reads the session cookie. A missing, unknown or revoked token
// is nobody; the store's own failures are logged and treated alike, so a
// page still renders for reading.
func (u *UI) viewerOf(r *http.Request) viewer {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" || len(c.Value) > 200 {
		return viewer{}
	}
	id, err := u.svc.Authenticate(r.Context(), c.Value)
	if err != nil {
		if commune.ErrorCode(err) != commune.EUNAUTH {
			u.log.Error("authenticate", "err", err)
		}
		return viewer{}
	}
	v := viewer{ID: id, token: c.Value}
	u.svc.View(func(st *council.State) {
		if m, ok := st.Member(id); ok {
			v.Name = m.Name
		}
	})
	return v
}

// setSession sets the session cookie: HttpOnly, SameSite=Lax, and Secure
// when the request came over TLS.
func setSession(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil, MaxAge: 30 * 24 * 3600})
}

// clearSession removes the session cookie.
func clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil, MaxAge: -1})
}

// findMember resolves a member id or name (the lowest id of that name).
// An unknown one gives 0, which the password check refuses like a wrong
// password, so names cannot be probed.
func (u *UI) findMember(idOrName string) council.ID {
	n, err := strconv.ParseInt(idOrName, 10, 64)
	if err != nil || n <= 0 {
		return u.memberByName(idOrName)
	}
	var id council.ID
	u.svc.View(func(st *council.State) {
		if m, ok := st.Member(council.ID(n)); ok {
			id = m.ID
		}
	})
	return id
}

// clientAddr is the request's source address, the per-address limit's key.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// getSignIn shows the sign-in form.
func (u *UI) getSignIn(w http.ResponseWriter, r *http.Request, p *page) error {
	p.Title = p.T("signin.title")
	p.Data = signInData{Next: safeNext(r.URL.Query().Get("next"))}
	return u.render(w, r, http.StatusOK, "signin", p)
}

type signInData struct {
	Member string
	Next   string
	Failed bool
}

// postSignIn checks a name or id and password and sets the session.
func (u *UI) postSignIn(w http.ResponseWriter, r *http.Request, p *page) error {
	who := strings.TrimSpace(r.PostFormValue("member"))
	pass := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	if who == "" || pass == "" || len(who) > 200 || len(pass) > 1000 {
		return commune.Errorf(commune.EINVALID, "missing_field", "give your name or member number and your password")
	}
	if !u.byAddr.allow(clientAddr(r)) || !u.byAccount.allow(strings.ToLower(who)) {
		w.Header().Set("Retry-After", "60")
		return errRateLimited
	}
	id := u.findMember(who)
	if err := u.svc.CheckPassword(r.Context(), id, pass); err != nil {
		if commune.ErrorCode(err) != commune.EUNAUTH {
			return err
		}
		p.Title = p.T("signin.title")
		p.Data = signInData{Member: who, Next: next, Failed: true}
		return u.render(w, r, http.StatusUnauthorized, "signin", p)
	}
	tok, err := u.svc.NewToken(r.Context(), id)
	if err != nil {
		return err
	}
	setSession(w, r, tok)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// postSignOut revokes the session's token and clears the cookie.
func (u *UI) postSignOut(w http.ResponseWriter, r *http.Request, p *page) error {
	if p.Me.token != "" {
		if err := u.svc.RevokeToken(r.Context(), p.Me.token); err != nil {
			return err
		}
	}
	clearSession(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// safeNext keeps a redirect target on this site: a path, not a URL.
func safeNext(s string) string {
	if s == "" || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.ContainsAny(s, "\\\r\n") {
		return "/"
	}
	return s
}
