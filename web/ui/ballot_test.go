package ui

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune"
	"commune/council"
)

func formRequest(v url.Values) *http.Request {
	r := httptest.NewRequest("POST", "/", strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func TestRankingForm(t *testing.T) {
	opts := []council.ID{0, 7, 9}
	for _, tc := range []struct {
		name   string
		fields url.Values
		want   [][]council.ID
		code   string
	}{
		{name: "full order", fields: url.Values{"rank_9": {"1"}, "rank_7": {"2"}, "rank_0": {"3"}}, want: [][]council.ID{{9}, {7}, {0}}},
		{name: "ties", fields: url.Values{"rank_9": {"1"}, "rank_7": {"1"}, "rank_0": {"2"}}, want: [][]council.ID{{7, 9}, {0}}},
		{name: "partial", fields: url.Values{"rank_7": {"2"}}, want: [][]council.ID{{7}}},
		{name: "gaps keep order", fields: url.Values{"rank_0": {"3"}, "rank_9": {"1"}}, want: [][]council.ID{{9}, {0}}},
		{name: "blank is unranked", fields: url.Values{"rank_7": {" "}, "rank_9": {"1"}}, want: [][]council.ID{{9}}},
		{name: "empty ballot", fields: url.Values{}, code: commune.EINVALID},
		{name: "rank too high", fields: url.Values{"rank_7": {"4"}}, code: commune.EINVALID},
		{name: "rank zero", fields: url.Values{"rank_7": {"0"}}, code: commune.EINVALID},
		{name: "not a number", fields: url.Values{"rank_7": {"first"}}, code: commune.EINVALID},
		{name: "unknown option ignored", fields: url.Values{"rank_8": {"1"}, "rank_7": {"1"}}, want: [][]council.ID{{7}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := rankingForm(formRequest(tc.fields), opts)
			if code := commune.ErrorCode(err); code != tc.code {
				t.Fatalf("error %v, want code %q", err, tc.code)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ranking (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseRanking(t *testing.T) {
	got := parseRanking("4>0=9>12")
	want := map[council.ID]int{4: 1, 0: 2, 9: 2, 12: 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parseRanking (-want +got):\n%s", diff)
	}
	if got := parseRanking(""); len(got) != 0 {
		t.Errorf("parseRanking(\"\") = %v", got)
	}
}

// FuzzRankingForm checks that any form either gives a well-formed
// ranking (every option at most once, groups non-empty, only the
// ballot's options) or an EINVALID error, and never panics.
func FuzzRankingForm(f *testing.F) {
	f.Add("rank_7=1&rank_9=2")
	f.Add("rank_0=1&rank_7=1&rank_9=3")
	f.Add("rank_7=-1")
	f.Add("rank_7=99999999999999999999")
	f.Add("%zz")
	opts := []council.ID{0, 7, 9}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		got, err := rankingForm(r, opts)
		if err != nil {
			if commune.ErrorCode(err) != commune.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		seen := map[council.ID]bool{}
		for _, g := range got {
			if len(g) == 0 {
				t.Fatalf("empty group in %v", got)
			}
			for _, id := range g {
				if seen[id] || (id != 0 && id != 7 && id != 9) {
					t.Fatalf("bad ranking %v", got)
				}
				seen[id] = true
			}
		}
	})
}

// FuzzParseRanking checks that any ranking string parses without panic
// into ranks from 1 up.
func FuzzParseRanking(f *testing.F) {
	for _, s := range []string{"4>0=9", "", ">", "1=1>1", "x>y", "-3>7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for id, rank := range parseRanking(s) {
			if rank < 1 {
				t.Fatalf("option %d has rank %d", id, rank)
			}
		}
	})
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "/",
		"/councils/3":          "/councils/3",
		"/proposals/4?done=1":  "/proposals/4?done=1",
		"//evil.example/":      "/",
		"https://evil.example": "/",
		"/\\evil.example":      "/",
		"/a\r\nSet-Cookie: x":  "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestGroupsNamesEveryOption checks a standing names "none of them" (0)
// as well as the proposal and its alternatives.
func TestGroupsNamesEveryOption(t *testing.T) {
	f := newFixture(t)
	p := &page{u: f.ui, L: f.ui.bundle.Catalog("en")}
	q := f.demo.Open
	var opts []council.ID
	f.svc.View(func(st *council.State) { pv, _ := st.Proposal(q); opts = pv.Tally.Options })
	if len(opts) != 3 {
		t.Fatalf("the demo's open proposal has options %v, want none, itself and an alternative", opts)
	}
	got := p.Groups(q, fmt.Sprintf("%d=%d>0", q, opts[2]))
	want := []string{fmt.Sprintf("The proposal as written = Alternative %d", opts[2]), "None of them"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Groups (-want +got):\n%s", diff)
	}
}
