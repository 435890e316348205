package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"commune/council"
	"commune/internal/browsertest"
)

// scene is what the new member's path needs, set up by other members
// through the Service: a yes/no proposal and a proposal with a competing
// alternative in the Bakery Collective, both open for voting, an
// invitation code, and the Bakery's delegate in the North District.
type scene struct {
	bakery      council.ID
	yesNo       council.ID
	ranked      council.ID
	alternative council.ID
	code        string
	delegate    council.ID
	federation  council.ID
	others      []council.ID // Bakery members who will vote on the recall
}

func (f *fixture) scene() scene {
	f.t.Helper()
	s := scene{bakery: f.councilID("Bakery Collective"), code: "a-test-invitation-code-0001"}
	var members []council.MemberRef
	var discussion int64
	f.svc.View(func(st *council.State) {
		members = st.MembersOf(s.bakery)
		c, _ := st.Council(s.bakery)
		discussion = c.Statutes.Discussion
		for _, seat := range st.DelegatesFrom(s.bakery) {
			if s.delegate == 0 {
				s.delegate, s.federation = seat.Member, seat.Federation
			}
		}
	})
	if s.delegate == 0 {
		f.t.Fatal("the Bakery Collective has no delegate in the demo")
	}
	proposer := members[0].ID
	if proposer == s.delegate {
		proposer = members[1].ID
	}
	for _, m := range members {
		if m.ID != s.delegate {
			s.others = append(s.others, m.ID)
		}
	}
	made := func(evs []council.Event) council.ID {
		for _, ev := range evs {
			if e, ok := ev.(council.ProposalMade); ok {
				return e.Proposal
			}
		}
		f.t.Fatal("no proposal made")
		return 0
	}
	s.yesNo = made(f.do(proposer, council.Propose{Council: s.bakery, Kind: council.ProposalText,
		Title: "Bake rye on Saturdays", Text: "The Saturday shift bakes rye bread for the neighbourhood kitchens."}))
	s.ranked = made(f.do(proposer, council.Propose{Council: s.bakery, Kind: council.ProposalText,
		Title: "Opening hours", Text: "Open from six in the morning."}))
	for _, ev := range f.do(s.others[1], council.Amend{Proposal: s.ranked, Text: "Open from seven in the morning."}) {
		if e, ok := ev.(council.AmendmentMade); ok {
			s.alternative = e.Amendment
		}
	}
	f.do(proposer, council.Invite{Council: s.bakery, Code: s.code})
	// Discussion ends; the Service's ticker records the votes opening.
	f.clock.Advance(discussion + 60*council.Second)
	f.waitFor(func(st *council.State) bool {
		p, _ := st.Proposal(s.ranked)
		return p.Tally.Open
	})
	return s
}

// waitFor waits (up to 10 s) until cond holds of the state.
func (f *fixture) waitFor(cond func(*council.State) bool) {
	f.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ok := false
		f.svc.View(func(st *council.State) { ok = cond(st) })
		if ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	f.t.Fatal("condition not reached in 10 s")
}

// words are the texts the path checks, per language, straight from the
// catalogues (so a missing translation shows as a key and fails).
type words struct {
	join, welcome, voted, vacant, mine string
}

func (f *fixture) words(lang string) words {
	c := f.ui.bundle.Catalog(lang)
	return words{join: c.T("join.title"), welcome: c.T("done.welcome"), voted: c.T("done.vote"), vacant: c.T("seat.vacant"),
		mine: c.T("home.my_councils")}
}

// TestNewMemberPath drives Chromium through a newcomer's whole path:
// accept an invitation, sign out and in, vote yes/no, rank alternatives
// by keyboard, open a recall of the council's delegate and vote in it,
// and see the seat shown vacant, live, when the recall is carried. Then
// the same in Spanish, chosen by Accept-Language.
func TestNewMemberPath(t *testing.T) {
	for _, tc := range []struct {
		lang         string
		accept       string
		spanishCheck string
	}{
		{lang: "en", accept: "en-GB,en;q=0.9"},
		{lang: "es", accept: "es-ES,es;q=0.9,en;q=0.5", spanishCheck: "Aceptar una invitación"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			f := newFixture(t)
			s := f.scene()
			w := f.words(tc.lang)
			b := browsertest.New(t)
			ctx := b.Tab("path-" + tc.lang)
			ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
			defer cancel()
			if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": tc.accept}}); err != nil {
				t.Fatal(err)
			}
			base := f.srv.URL
			text := func(sel string) string {
				t.Helper()
				s, err := chromedp.Run(ctx, chromedp.Text(sel))
				if err != nil {
					t.Fatalf("text of %s: %v", sel, err)
				}
				return s
			}
			must := func(what string, steps ...chromedp.Action[chromedp.Void]) {
				t.Helper()
				if err := chromedp.Do(ctx, steps...); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}

			// 1. Accept the invitation: choose a name and a password.
			must("open the invitation", chromedp.Navigate(base+"/join/"+s.code), chromedp.WaitVisible("#name"))
			if h1 := text("h1"); h1 != w.join {
				t.Fatalf("invitation page h1 = %q, want %q", h1, w.join)
			}
			if tc.spanishCheck != "" && w.join != tc.spanishCheck {
				t.Fatalf("Spanish catalogue says %q", w.join)
			}
			lang, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.documentElement.lang"))
			if err != nil || lang != tc.lang {
				t.Fatalf("<html lang> = %q, %v; want %q", lang, err, tc.lang)
			}
			must("fill the invitation form",
				chromedp.SendKeys("#name", "Nadia Novak"),
				chromedp.SendKeys("#password", "bread and roses"),
				chromedp.SendKeys("#password2", "bread and roses"),
				chromedp.Click(`main form button[type="submit"]`),
				chromedp.WaitVisible(".notice"))
			if got := text(".notice"); got != w.welcome {
				t.Fatalf("after joining: notice %q, want %q", got, w.welcome)
			}

			// 2. Sign out, then sign in by name.
			must("sign out", chromedp.Click(".who button"), chromedp.WaitVisible(`.who a[href^="/signin"]`))
			must("sign in",
				chromedp.Navigate(base+"/signin"), chromedp.WaitVisible("#member"),
				chromedp.SendKeys("#member", "Nadia Novak"),
				chromedp.SendKeys("#password", "bread and roses"),
				chromedp.Click(`main form button[type="submit"]`),
				chromedp.WaitVisible("#mine-h"))
			if got := text("#mine-h"); got != w.mine {
				t.Fatalf("home heading %q, want %q", got, w.mine)
			}
			if got := text("ul.cards"); !strings.Contains(got, "Bakery Collective") {
				t.Fatalf("my councils: %q, want the Bakery Collective", got)
			}

			// 3. Vote yes on the yes/no proposal.
			must("vote yes",
				chromedp.Navigate(fmt.Sprintf("%s/proposals/%d", base, s.yesNo)),
				chromedp.WaitVisible(`input[name="choice"][value="yes"]`),
				chromedp.Click(`input[name="choice"][value="yes"]`),
				chromedp.Click(`form.vote button[type="submit"]`),
				chromedp.WaitVisible(".notice"))
			if got := text(".notice"); got != w.voted {
				t.Fatalf("after voting: notice %q, want %q", got, w.voted)
			}
			if got := text(`[data-count="yes"]`); got != "1" {
				t.Errorf("yes count after my vote = %q, want 1", got)
			}

			// 4. Rank the alternatives by keyboard. The ballot lists "none of
			// them", the proposal as written and the alternative; move the
			// original below the alternative, and "none" to the bottom with
			// two presses of its button (focus stays on it).
			must("open the ranked ballot",
				chromedp.Navigate(fmt.Sprintf("%s/proposals/%d", base, s.ranked)),
				chromedp.WaitVisible(`ol.ranking button[data-move="down"]`))
			down := func(id council.ID) string {
				return fmt.Sprintf(`ol.ranking li[data-id="%d"] button[data-move="down"]`, id)
			}
			must("move by keyboard",
				chromedp.Focus(down(s.ranked)), chromedp.KeyEvent("\r"),
				chromedp.Focus(down(0)), chromedp.KeyEvent("\r"), chromedp.KeyEvent("\r"))
			order, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("ol.ranking li")].map(li => li.dataset.id + ":" + li.querySelector("input").value)`))
			if err != nil {
				t.Fatal(err)
			}
			want := []string{fmt.Sprintf("%d:1", s.alternative), fmt.Sprintf("%d:2", s.ranked), "0:3"}
			if strings.Join(order, ",") != strings.Join(want, ",") {
				t.Fatalf("ballot after moving down = %v, want %v", order, want)
			}
			focused, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.dataset.move || ""`))
			if focused != "down" {
				t.Errorf("focus after moving: %q, want the same button", focused)
			}
			must("cast the ballot", chromedp.Click(`form.ballot button[type="submit"]`), chromedp.WaitVisible(".notice"))
			var me council.ID
			f.svc.View(func(st *council.State) {
				for _, m := range st.MembersOf(s.bakery) {
					if m.Name == "Nadia Novak" {
						me = m.ID
					}
				}
			})
			if got := f.choice(me, s.ranked); got != fmt.Sprintf("%d>%d>0", s.alternative, s.ranked) {
				t.Fatalf("recorded ranking %q, want the alternative first", got)
			}

			// 5. Open a recall of the Bakery's delegate, from the delegate's page.
			must("open a recall",
				chromedp.Navigate(fmt.Sprintf("%s/members/%d", base, s.delegate)),
				chromedp.WaitVisible(`form[action="/recalls"] button`),
				chromedp.Click(`form[action="/recalls"] button`),
				chromedp.WaitVisible(`#seat-state [data-status="active"]`))
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			if !strings.Contains(loc, "/recalls/") {
				t.Fatalf("after opening the recall: at %s", loc)
			}
			must("vote to recall",
				chromedp.Click(`input[name="choice"][value="yes"]`),
				chromedp.Click(`form.vote button[type="submit"]`))
			// The recall page already shows a notice (the recall opened):
			// wait for the vote's own, so the others vote after it.
			waitLocation(t, ctx, "done=vote")
			must("load the recall page", chromedp.WaitVisible(".notice"))
			if got := text(".notice"); got != w.voted {
				t.Fatalf("after voting on the recall: notice %q, want %q", got, w.voted)
			}

			// 6. The other electors vote; the period ends; the page, left
			// open, shows the seat vacant by itself (server-sent events).
			var recall council.ID
			f.svc.View(func(st *council.State) {
				for _, r := range st.RecallsOf(s.bakery) {
					if r.Delegate == s.delegate && r.Status == council.RecallOpen {
						recall = r.ID
					}
				}
			})
			if recall == 0 {
				t.Fatal("no open recall on the record")
			}
			for _, m := range s.others {
				f.do(m, council.Vote{Question: recall, Choice: council.Yes})
			}
			f.clock.Advance(8 * council.Day)
			f.waitFor(func(st *council.State) bool { r, _ := st.Recall(recall); return r.Status != council.RecallOpen })
			must("see the seat vacated, live", chromedp.WaitVisible(`#seat-state [data-status="vacant"]`))
			if got := text(`#seat-state .vacant strong`); got != w.vacant {
				t.Fatalf("vacant seat says %q, want %q", got, w.vacant)
			}
			var status string
			f.svc.View(func(st *council.State) { r, _ := st.Recall(recall); status = r.Status })
			if status != council.RecallPassed {
				t.Fatalf("recall status %q, want passed", status)
			}
		})
	}
}

// choice returns a member's recorded vote on a question.
func (f *fixture) choice(member, question council.ID) string {
	var out string
	f.svc.View(func(st *council.State) { out = myVote(st, question, member) })
	return out
}

// TestRankByDragging drags an alternative to the top of a ranked ballot
// with the mouse (a native drag and drop) and checks the rank numbers
// follow and the ballot cast is the order shown.
func TestRankByDragging(t *testing.T) {
	f := newFixture(t)
	s := f.scene()
	b := browsertest.New(t)
	ctx := b.Tab("drag")
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	f.signInBrowser(t, ctx, "Mei Lin")
	item := func(id council.ID) string { return fmt.Sprintf(`ol.ranking li[data-id="%d"]`, id) }
	err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/proposals/%d", f.srv.URL, s.ranked)),
		chromedp.WaitVisible(`ol.ranking button[data-move="up"]`),
		chromedp.ScrollIntoView(`form.ballot`),
		chromedp.DragAndDrop(item(s.alternative), item(0)))
	if err != nil {
		t.Fatalf("drag: %v", err)
	}
	order, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("ol.ranking li")].map(li => li.dataset.id + ":" + li.querySelector("input").value)`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{fmt.Sprintf("%d:1", s.alternative), "0:2", fmt.Sprintf("%d:3", s.ranked)}
	if diff := strings.Join(order, ","); diff != strings.Join(want, ",") {
		t.Fatalf("after dragging: %v, want %v", order, want)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`form.ballot button[type="submit"]`), chromedp.WaitVisible(".notice")); err != nil {
		t.Fatal(err)
	}
	mei := f.person("Mei Lin").ID
	if got, want := f.choice(mei, s.ranked), fmt.Sprintf("%d>0>%d", s.alternative, s.ranked); got != want {
		t.Fatalf("recorded ranking %q, want %q", got, want)
	}
}

// waitLocation waits (up to 30 s) until the tab's address contains sub,
// across the navigation a form's redirect makes.
func waitLocation(t *testing.T, ctx context.Context, sub string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if loc, err := chromedp.Run(ctx, chromedp.Location()); err == nil && strings.Contains(loc, sub) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the address never contained %q", sub)
}
