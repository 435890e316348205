package ui

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSessionCookie signs in through the form and checks the cookie's
// flags, that the session works, and that signing out revokes the token
// itself (a copy of the cookie no longer signs anyone in).
func TestSessionCookie(t *testing.T) {
	f := newFixture(t)
	f.person("Mei Lin")
	c := f.client()
	req, _ := http.NewRequest("POST", f.srv.URL+"/signin", strings.NewReader(url.Values{"member": {"Mei Lin"}, "password": {testPassword}, "next": {"/plan"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/plan" {
		t.Fatalf("sign in: %d to %q, want 303 to /plan", resp.StatusCode, resp.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookie {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure || session.Value == "" {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, not Secure over plain HTTP", session)
	}
	if id, err := f.svc.Authenticate(context.Background(), session.Value); err != nil || f.name(id) != "Mei Lin" {
		t.Fatalf("the cookie's token authenticates %d, %v", id, err)
	}
	if _, body := c.get("/"); !strings.Contains(body, `href="/members/`) || !strings.Contains(body, "Mei Lin") {
		t.Fatal("home page does not show the signed-in member")
	}
	if status, _ := c.post("/signout", nil, nil); status != http.StatusSeeOther {
		t.Fatalf("sign out: %d", status)
	}
	if _, err := f.svc.Authenticate(context.Background(), session.Value); err == nil {
		t.Fatal("the token still works after signing out")
	}
	// An old copy of the cookie is nobody: a form needing a member is refused.
	stale := f.client()
	stale.c.Jar.SetCookies(mustURL(f.srv.URL), []*http.Cookie{{Name: sessionCookie, Value: session.Value}})
	if status, _ := stale.post("/tendencies", url.Values{"name": {"x"}, "platform": {"y"}}, nil); status != http.StatusUnauthorized {
		t.Fatalf("post with a revoked session: %d, want 401", status)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// TestSignInRateLimited checks the real limits: per account (ten tries,
// then refused even with the right password) and per address.
func TestSignInRateLimited(t *testing.T) {
	f := newFixture(t)
	f.ui.byAccount = newLimiter(1.0/6, 10)
	f.person("Jonas Weber")
	c := f.client()
	for i := range 10 {
		status, _ := c.post("/signin", url.Values{"member": {"Jonas Weber"}, "password": {"guess"}}, nil)
		if status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d, want 401", i+1, status)
		}
	}
	status, body := c.post("/signin", url.Values{"member": {"Jonas Weber"}, "password": {testPassword}}, nil)
	if status != http.StatusTooManyRequests || !strings.Contains(body, "rate_limited") {
		t.Fatalf("11th attempt: %d, want 429", status)
	}
	// Other accounts are not locked out by it.
	f.person("Mei Lin")
	if status, _ := c.post("/signin", url.Values{"member": {"Mei Lin"}, "password": {testPassword}}, nil); status != http.StatusSeeOther {
		t.Fatalf("another account: %d, want 303", status)
	}
	f.ui.byAddr = newLimiter(1.0, 3)
	for range 3 {
		c.post("/signin", url.Values{"member": {"nobody"}, "password": {"x"}}, nil)
	}
	if status, _ := c.post("/signin", url.Values{"member": {"Mei Lin"}, "password": {testPassword}}, nil); status != http.StatusTooManyRequests {
		t.Fatalf("after the address's burst: %d, want 429", status)
	}
}

// TestLanguage checks the choice of language: Accept-Language, then the
// setting (a cookie) over it, and back; <html lang> and localised numbers
// and dates follow.
func TestLanguage(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	c.lang = "ru-RU,ru;q=0.9,en;q=0.5"
	_, body := c.get("/councils")
	if !strings.Contains(body, `<html lang="ru"`) || !strings.Contains(body, "Советы") {
		t.Fatalf("Accept-Language ru: not a Russian page:\n%s", snippet(body))
	}
	if status, _ := c.post("/settings", url.Values{"lang": {"de"}}, nil); status != http.StatusSeeOther {
		t.Fatalf("settings: %d", status)
	}
	_, body = c.get("/record/entries/0")
	if !strings.Contains(body, `<html lang="de"`) || !strings.Contains(body, "Eintrag 0") {
		t.Fatalf("setting de over Accept-Language ru: not German:\n%s", snippet(body))
	}
	for _, month := range []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"} {
		if strings.Contains(body, month) {
			goto dated
		}
	}
	t.Errorf("no German month name on the entry page")
dated:
	if status, _ := c.post("/settings", url.Values{"lang": {""}}, nil); status != http.StatusSeeOther {
		t.Fatalf("settings: %d", status)
	}
	if _, body = c.get("/"); !strings.Contains(body, `<html lang="ru"`) {
		t.Fatal("clearing the setting did not return to Accept-Language")
	}
	if status, _ := c.post("/settings", url.Values{"lang": {"xx"}}, nil); status != http.StatusUnprocessableEntity {
		t.Fatalf("unknown language: %d, want 422", status)
	}
}

// TestJoinRefusals checks the invitation form's own checks and that a
// bad code is refused with nothing written.
func TestJoinRefusals(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	for _, tc := range []struct {
		fields url.Values
		want   int
	}{
		{url.Values{"name": {""}, "password": {"long enough"}, "password2": {"long enough"}}, http.StatusUnprocessableEntity},
		{url.Values{"name": {"Kim"}, "password": {"short"}, "password2": {"short"}}, http.StatusUnprocessableEntity},
		{url.Values{"name": {"Kim"}, "password": {"long enough"}, "password2": {"long enougH"}}, http.StatusUnprocessableEntity},
		{url.Values{"name": {"Kim"}, "password": {"long enough"}, "password2": {"long enough"}}, http.StatusNotFound},
	} {
		before := f.svc.Size()
		status, body := c.post("/join/not-a-real-invitation-code", tc.fields, nil)
		if status != tc.want {
			t.Errorf("join %v: %d, want %d\n%s", tc.fields, status, tc.want, snippet(body))
		}
		if f.svc.Size() != before {
			t.Errorf("join %v wrote to the record", tc.fields)
		}
	}
}
