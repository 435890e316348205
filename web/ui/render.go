package ui

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"commune"
	"commune/council"
	"commune/i18n"
	"commune/web"
)

// pageTemplate is one page: the layout with that page's "content".
type pageTemplate struct {
	t *template.Template
}

// mustParseTemplates parses every page with the layout and partials.
// Templates are embedded, so a parse error is a build error (tests catch it).
func mustParseTemplates() map[string]*pageTemplate {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*pageTemplate{}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if base == "layout" || base == "partials" {
			continue
		}
		t := template.New("layout.html").Funcs(funcs)
		t = template.Must(t.ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n))
		out[base] = &pageTemplate{t: t}
	}
	return out
}

// page is what every template gets: the viewer, their language, the
// page's own data and helpers to write text, numbers and dates.
type page struct {
	L      *i18n.Catalog
	Me     viewer
	Title  string
	Path   string // the request's path and query, for sign-in's return
	Langs  []*i18n.Catalog
	Notice string // a confirmation after a form was accepted
	Live   bool   // the page subscribes to live updates
	Size   int64  // the record's size when the page was rendered
	Data   any

	u      *UI
	mnames map[council.ID]string
	cnames map[council.ID]string
	kinds  map[council.ID]string
}

// T returns the message for key in the viewer's language.
func (p *page) T(key string, args ...any) string { return p.L.T(key, args...) }

// N returns the plural form of key for n.
func (p *page) N(key string, n int64, args ...any) string { return p.L.N(key, n, args...) }

// Num writes an integer the viewer's way.
func (p *page) Num(n int64) string { return p.L.Int(n) }

// Dec writes a decimal number with prec digits the viewer's way.
func (p *page) Dec(x float64, prec int) string { return p.L.Decimal(x, prec) }

// Pct writes a fraction as a percentage.
func (p *page) Pct(x float64) string { return p.L.Percent(x, 1) }

// When writes a server time (microseconds UTC) as a localised date and time.
func (p *page) When(us int64) string {
	if us == 0 {
		return "—"
	}
	return p.L.DateTime(time.UnixMicro(us))
}

// Day writes a server time as a localised date.
func (p *page) Day(us int64) string {
	if us == 0 {
		return "—"
	}
	return p.L.Date(time.UnixMicro(us))
}

// Days writes a period given in microseconds as a number of days.
func (p *page) Days(us int64) string {
	return p.N("days.count", us/council.Day)
}

// Member returns a member's name.
func (p *page) Member(id council.ID) string {
	if n, ok := p.mnames[id]; ok {
		return n
	}
	name := ""
	p.u.svc.View(func(st *council.State) {
		if m, ok := st.Member(id); ok {
			name = m.Name
		}
	})
	if p.mnames == nil {
		p.mnames = map[council.ID]string{}
	}
	p.mnames[id] = name
	return name
}

// Council returns a council's name.
func (p *page) Council(id council.ID) string {
	if n, ok := p.cnames[id]; ok {
		return n
	}
	name := ""
	p.u.svc.View(func(st *council.State) {
		if c, ok := st.Council(id); ok {
			name = c.Name
		}
	})
	if p.cnames == nil {
		p.cnames = map[council.ID]string{}
	}
	p.cnames[id] = name
	return name
}

// Option names an alternative of a ranked question: the proposal itself
// ("the proposal as written"), one of its amendments, or 0: none of them.
func (p *page) Option(question, id council.ID) string {
	if id == 0 {
		return p.T("proposal.none")
	}
	if id == question {
		return p.T("proposal.original")
	}
	return p.T("proposal.alternative", "n", p.Num(int64(id)))
}

// render writes a page with status.
func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) error {
	t := u.pages[name]
	if t == nil {
		return commune.Errorf(commune.EINTERNAL, "", "no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", p.L.Tag)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Vary", "Cookie, Accept-Language")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// errorData is what the error page shows.
type errorData struct {
	Code    string
	Reason  string
	Message string
	Status  int
}

// renderError answers with err's status and a page saying what went
// wrong, in the viewer's language; internal detail is logged, never shown.
func (u *UI) renderError(w http.ResponseWriter, r *http.Request, err error) {
	p := u.newPage(r)
	status := web.Status(err)
	d := errorData{Code: commune.ErrorCode(err), Reason: commune.ErrorReason(err), Message: commune.ErrorMessage(err), Status: status}
	if status == http.StatusInternalServerError {
		u.log.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
		d = errorData{Code: commune.EINTERNAL, Status: status}
	}
	p.Title = p.T("error." + d.Code)
	p.Data = d
	if rerr := u.render(w, r, status, "error", p); rerr != nil {
		u.log.Error("render error page", "err", rerr)
		http.Error(w, http.StatusText(status), status)
	}
}

// newPage starts a page for r: the viewer and their language.
func (u *UI) newPage(r *http.Request) *page {
	lang := ""
	if c, err := r.Cookie(languageCookie); err == nil {
		lang = c.Value
	}
	p := &page{u: u, L: u.bundle.Match(lang, r.Header.Get("Accept-Language")), Me: u.viewerOf(r), Path: r.URL.RequestURI(),
		Size: u.svc.Size()}
	for _, tag := range u.bundle.Tags() {
		p.Langs = append(p.Langs, u.bundle.Catalog(tag))
	}
	if k := r.URL.Query().Get("done"); k != "" && doneKeys[k] {
		p.Notice = p.T("done." + k)
	}
	return p
}

// doneKeys are the confirmations a redirect after a form may ask for.
var doneKeys = map[string]bool{
	"vote": true, "propose": true, "amend": true, "accept": true, "invite": true, "election": true,
	"nominate": true, "recall": true, "petition": true, "referendum": true, "tendency": true, "join": true,
	"leave": true, "platform": true, "report": true, "sign": true, "settings": true, "welcome": true,
}
