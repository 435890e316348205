package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"commune"
	"commune/council"
)

// listPage is how many rows a list shows at once.
const listPage = 50

// pager is one page of a long list.
type pager struct {
	Page, Pages int
	Total       int
	Base        string // the path the page links add ?page=N to
}

// Prev and Next are the neighbouring page numbers (0: none).
func (p pager) Prev() int {
	if p.Page > 1 {
		return p.Page - 1
	}
	return 0
}

// Next is the next page number, 0 on the last page.
func (p pager) Next() int {
	if p.Page < p.Pages {
		return p.Page + 1
	}
	return 0
}

// window returns the bounds of page n (1-based) of total rows.
func window(r *http.Request, total int, base string) (lo, hi int, pg pager) {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pages := max(1, (total+listPage-1)/listPage)
	n = min(max(n, 1), pages)
	lo = (n - 1) * listPage
	hi = min(total, lo+listPage)
	return lo, hi, pager{Page: n, Pages: pages, Total: total, Base: base}
}

// homeData is the front page: the viewer's councils, or an invitation to
// sign in.
type homeData struct {
	Federation string
	Mine       []council.CouncilView
	Seats      []council.SeatView
	Councils   int
	Members    int64
}

func (u *UI) getHome(w http.ResponseWriter, r *http.Request, p *page) error {
	var d homeData
	u.svc.View(func(st *council.State) {
		d.Federation = st.Federation()
		if p.Me.SignedIn() {
			if m, ok := st.Member(p.Me.ID); ok {
				for _, id := range m.Councils {
					if c, ok := st.Council(id); ok {
						d.Mine = append(d.Mine, c)
					}
				}
				d.Seats = m.Seats
			}
		}
	})
	p.Title = p.T("home.title")
	p.Data = d
	return u.render(w, r, http.StatusOK, "home", p)
}

// councilsData lists the councils, a page at a time.
type councilsData struct {
	Councils []councilRow
	Pager    pager
}

func (u *UI) getCouncils(w http.ResponseWriter, r *http.Request, p *page) error {
	var d councilsData
	all := u.councils()
	lo, hi, pg := window(r, len(all), "/councils")
	d.Councils, d.Pager = all[lo:hi], pg
	p.Title = p.T("councils.title")
	p.Data = d
	return u.render(w, r, http.StatusOK, "councils", p)
}

// councilData is a council's page.
type councilData struct {
	C         council.CouncilView
	Members   []council.MemberRef
	Pager     pager
	Seated    []council.SeatView // delegates seated here (federated)
	Sent      []council.SeatView // delegates this council sends
	Proposals []council.ProposalView
	Elections []council.ElectionView
	Recalls   []council.RecallView
	Mandates  []council.MandateView
	Elector   bool   // the viewer may vote here
	Invite    string // a fresh invitation link, just issued
	Federated bool
}

// maxListed bounds the proposals, elections and recalls a council page lists.
const maxListed = 20

func (u *UI) councilData(r *http.Request, id, viewer council.ID) (councilData, error) {
	var d councilData
	var ok bool
	u.svc.View(func(st *council.State) {
		if d.C, ok = st.Council(id); !ok {
			return
		}
		d.Federated = d.C.Kind == council.KindFederated
		if d.Federated {
			d.Seated = st.Delegates(id)
		} else {
			all := st.MembersOf(id)
			lo, hi, pg := window(r, len(all), fmt.Sprintf("/councils/%d", id))
			d.Members, d.Pager = all[lo:hi], pg
		}
		d.Sent = st.DelegatesFrom(id)
		ps := st.ProposalsOf(id)
		d.Proposals = ps[:min(len(ps), maxListed)]
		es := st.ElectionsOf(id)
		d.Elections = es[:min(len(es), maxListed)]
		rs := st.RecallsOf(id)
		d.Recalls = rs[:min(len(rs), maxListed)]
		ms := st.Mandates(id)
		d.Mandates = ms[max(0, len(ms)-maxListed):]
		d.Elector = isElector(st, viewer, id)
	})
	if !ok {
		return d, commune.Errorf(commune.ENOTFOUND, "council", "no council %d", id)
	}
	return d, nil
}

// isElector reports whether member votes in council c: a member of a base
// council, a seated delegate of a federated one.
func isElector(st *council.State, member, c council.ID) bool {
	if member == 0 {
		return false
	}
	m, ok := st.Member(member)
	if !ok {
		return false
	}
	for _, id := range m.Councils {
		if id == c {
			return true
		}
	}
	for _, s := range m.Seats {
		if s.Federation == c && s.Status == council.SeatActive {
			return true
		}
	}
	return false
}

func (u *UI) getCouncil(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := u.councilData(r, id, p.Me.ID)
	if err != nil {
		return err
	}
	p.Title = d.C.Name
	p.Data = d
	p.Live = true
	return u.render(w, r, http.StatusOK, "council", p)
}

// postPropose makes a proposal: a plain text one, a mandate for the
// council's delegates on a higher council's proposal, or a demand for a
// referendum on one.
func (u *UI) postPropose(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := council.Propose{Council: id, Kind: r.PostFormValue("kind"), Title: strings.TrimSpace(r.PostFormValue("title")),
		Text: strings.TrimSpace(r.PostFormValue("text"))}
	switch a.Kind {
	case "", council.ProposalText:
		a.Kind = council.ProposalText
	case council.ProposalMandate, council.ProposalReferendum:
		if a.Motion.Target, err = formID(r, "target"); err != nil {
			return err
		}
		if a.Kind == council.ProposalMandate {
			a.Motion.Choice = r.PostFormValue("choice")
			if opt := r.PostFormValue("option"); opt != "" {
				if a.Motion.Option, err = formID(r, "option"); err != nil {
					return err
				}
				a.Motion.Choice = ""
			}
		}
	default:
		return commune.Errorf(commune.EINVALID, "bad_kind", "unknown kind of proposal %q", a.Kind)
	}
	rc, err := u.svc.Do(r.Context(), p.Me.actor(), a)
	if err != nil {
		return err
	}
	for _, ev := range rc.Events {
		if e, ok := ev.(council.ProposalMade); ok {
			http.Redirect(w, r, fmt.Sprintf("/proposals/%d?done=propose", e.Proposal), http.StatusSeeOther)
			return nil
		}
	}
	http.Redirect(w, r, fmt.Sprintf("/councils/%d?done=propose", id), http.StatusSeeOther)
	return nil
}

// postInvite issues an invitation and shows its link once: only the
// code's digest goes on the record.
func (u *UI) postInvite(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	code, err := newCode()
	if err != nil {
		return err
	}
	if _, err := u.svc.Do(r.Context(), p.Me.actor(), council.Invite{Council: id, Code: code}); err != nil {
		return err
	}
	d, err := u.councilData(r, id, p.Me.ID)
	if err != nil {
		return err
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	d.Invite = (&url.URL{Scheme: scheme, Host: r.Host, Path: "/join/" + code}).String()
	p.Title = d.C.Name
	p.Notice = p.T("done.invite")
	p.Data = d
	return u.render(w, r, http.StatusCreated, "council", p)
}

// postCallElection calls an election for a vacant seat in a federation.
func (u *UI) postCallElection(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := formID(r, "federation")
	if err != nil {
		return err
	}
	return u.do(w, r, p, council.CallElection{Council: id, Federation: f}, fmt.Sprintf("/councils/%d", id), "election")
}

// memberData is a member's public page: councils, seats, the voting
// record with deviations from mandates.
type memberData struct {
	M          council.MemberView
	Record     []council.RecordEntry
	Deviations []council.DeviationView
	Pager      pager
	// Electors says, per federation of a current seat, whether the viewer
	// elects this delegate (may open a recall or sign its petition).
	Electors map[council.ID]bool
	Recalls  map[council.ID]council.ID // open recall per federation
	Petition map[council.ID]int        // petition signatures per federation
}

func (u *UI) getMember(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d := memberData{Electors: map[council.ID]bool{}, Recalls: map[council.ID]council.ID{}, Petition: map[council.ID]int{}}
	var ok bool
	u.svc.View(func(st *council.State) {
		if d.M, ok = st.Member(id); !ok {
			return
		}
		rec := st.VotingRecord(id)
		// Newest first; a page at a time.
		for i, j := 0, len(rec)-1; i < j; i, j = i+1, j-1 {
			rec[i], rec[j] = rec[j], rec[i]
		}
		lo, hi, pg := window(r, len(rec), fmt.Sprintf("/members/%d", id))
		d.Record, d.Pager = rec[lo:hi], pg
		d.Deviations = st.Deviations(id)
		for _, s := range d.M.Seats {
			d.Electors[s.Federation] = isElector(st, p.Me.ID, s.Council)
			d.Petition[s.Federation] = len(st.RecallPetition(s.Federation, id))
			for _, rc := range st.RecallsOf(s.Council) {
				if rc.Delegate == id && rc.Federation == s.Federation && rc.Status == council.RecallOpen {
					d.Recalls[s.Federation] = rc.ID
				}
			}
		}
	})
	if !ok {
		return commune.Errorf(commune.ENOTFOUND, "member", "no member %d", id)
	}
	p.Title = d.M.Name
	p.Data = d
	p.Live = true
	return u.render(w, r, http.StatusOK, "member", p)
}
