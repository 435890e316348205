package web

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"commune"
	"commune/council"
)

// TestBadInput sends what the issue lists as bad input — malformed JSON,
// unknown ids, votes outside the voting period, votes by non-members,
// recalls by non-electors, a recalled delegate acting — and checks each
// gets a 4xx with its machine-readable code and that nothing is written.
func TestBadInput(t *testing.T) {
	f := newFederation(t)
	open := f.districtProposal("paints the hall")
	f.tick(2 * council.Day)
	f.vote(open, f.ana, "yes")
	inDiscussion := f.districtProposal("repairs the roof")
	baseOpen := f.proposal(f.act("POST", fmt.Sprintf("/api/v1/councils/%d/proposals", f.A), f.rosa, map[string]any{"title": "t", "text": "x"}))
	f.tick(council.Hour)
	// Ana is recalled; her vote on `open` is withdrawn.
	recall := f.created(f.act("POST", "/api/v1/recalls", f.rosa, map[string]any{"federation": f.F, "delegate": f.ana.ID}), "recall.opened", "recall")
	f.act("POST", fmt.Sprintf("/api/v1/recalls/%d/votes", recall), f.ben, map[string]any{"choice": "yes"})
	f.tick(council.Day)
	closed := baseOpen // A's proposal closed with the same tick

	votes := func(q council.ID) string { return fmt.Sprintf("/api/v1/proposals/%d/votes", q) }
	tests := []struct {
		name         string
		method, path string
		by           member
		body         any
		status       int
		code, reason string
	}{
		{"malformed JSON", "POST", votes(open), f.dan, `{"choice":`, 400, commune.EINVALID, reasonMalformed},
		{"syntax error", "POST", votes(open), f.dan, `{choice: yes}`, 400, commune.EINVALID, reasonMalformed},
		{"unknown field (a weight)", "POST", votes(open), f.dan, `{"choice":"yes","weight":1000}`, 400, commune.EINVALID, reasonUnknownField},
		{"trailing data", "POST", votes(open), f.dan, `{"choice":"yes"} {"choice":"no"}`, 400, commune.EINVALID, reasonTrailing},
		{"wrong type", "POST", votes(open), f.dan, `{"choice":1}`, 400, commune.EINVALID, reasonBadType},
		{"not an object", "POST", votes(open), f.dan, `["yes"]`, 400, commune.EINVALID, reasonNotObject},
		{"oversize body", "POST", votes(open), f.dan, `{"choice":"` + strings.Repeat("y", maxBodyBytes) + `"}`, 413, commune.EINVALID, reasonTooLarge},
		{"bad id in the path", "POST", "/api/v1/proposals/abc/votes", f.dan, `{"choice":"yes"}`, 400, commune.EINVALID, reasonBadParam},
		{"body id differs from the path", "POST", votes(open), f.dan, fmt.Sprintf(`{"question":%d,"choice":"yes"}`, inDiscussion), 400, commune.EINVALID, reasonBadParam},
		{"bad choice", "POST", votes(open), f.dan, `{"choice":"maybe"}`, 422, commune.EINVALID, "bad_choice"},
		{"unknown proposal", "POST", votes(999999), f.dan, `{"choice":"yes"}`, 404, commune.ENOTFOUND, ""},
		{"recall id on the proposals route", "POST", votes(recall), f.rosa, `{"choice":"yes"}`, 404, commune.ENOTFOUND, ""},
		{"unknown council", "POST", "/api/v1/councils/999999/proposals", f.dan, `{"title":"t","text":"x"}`, 404, commune.ENOTFOUND, ""},
		{"unknown member page", "GET", "/api/v1/members/999999", member{}, nil, 404, commune.ENOTFOUND, ""},
		{"unknown tendency", "POST", "/api/v1/tendencies/999999/members", f.dan, nil, 404, commune.ENOTFOUND, ""},
		{"vote before voting opens", "POST", votes(inDiscussion), f.dan, `{"choice":"yes"}`, 409, commune.ECONFLICT, "voting_not_open"},
		{"vote after voting closed", "POST", votes(closed), f.rosa, `{"choice":"yes"}`, 409, commune.ECONFLICT, "voting_closed"},
		{"vote by a non-member", "POST", votes(closed), f.dan, `{"choice":"yes"}`, 403, commune.EFORBIDDEN, ""},
		{"vote in the district by a non-delegate", "POST", votes(open), f.eve, `{"choice":"yes"}`, 403, commune.EFORBIDDEN, "not_delegate"},
		{"recall of a delegate already recalled", "POST", "/api/v1/recalls", f.eve, map[string]any{"federation": f.F, "delegate": f.ana.ID}, 404, commune.ENOTFOUND, ""},
		{"recall of Dan by A's member", "POST", "/api/v1/recalls", f.ben, map[string]any{"federation": f.F, "delegate": f.dan.ID}, 403, commune.EFORBIDDEN, ""},
		{"petition by a non-elector", "POST", "/api/v1/recall-petitions", f.ben, map[string]any{"federation": f.F, "delegate": f.dan.ID}, 403, commune.EFORBIDDEN, ""},
		{"recalled delegate votes", "POST", votes(open), f.ana, `{"choice":"yes"}`, 403, commune.EFORBIDDEN, "recalled"},
		{"recalled delegate proposes", "POST", fmt.Sprintf("/api/v1/councils/%d/proposals", f.F), f.ana, `{"title":"t","text":"x"}`, 403, commune.EFORBIDDEN, ""},
		{"recalled delegate amends", "POST", fmt.Sprintf("/api/v1/proposals/%d/amendments", inDiscussion), f.ana, `{"text":"x"}`, 403, commune.EFORBIDDEN, ""},
		{"no token", "POST", votes(open), member{}, `{"choice":"yes"}`, 401, commune.EUNAUTH, "no_token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.t = t
			f.refused(tt.method, tt.path, tt.by, tt.body, tt.status, tt.code, tt.reason)
		})
	}
}

// TestConcurrentIdenticalVotes sends 100 identical vote requests by one
// member at once: they count once, one entry is written, every request is
// answered 2xx.
func TestConcurrentIdenticalVotes(t *testing.T) {
	f := newFederation(t)
	p := f.districtProposal("buys bicycles")
	f.tick(2 * council.Day)
	before := f.svc.Size()
	var wg sync.WaitGroup
	statuses := make([]int, 100)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", f.srv.URL+fmt.Sprintf("/api/v1/proposals/%d/votes", p), strings.NewReader(`{"choice":"yes"}`))
			req.Header.Set("Authorization", "Bearer "+f.dan.Token)
			resp, err := f.srv.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	created := 0
	for _, s := range statuses {
		switch s {
		case http.StatusCreated:
			created++
		case http.StatusOK:
		default:
			t.Errorf("status %d", s)
		}
	}
	if created != 1 {
		t.Errorf("%d requests wrote a vote, want 1", created)
	}
	if got := f.svc.Size() - before; got != 1 {
		t.Errorf("the record grew by %d entries, want 1", got)
	}
	if tl := f.getProposal(p).Tally; tl.Yes != 1 || tl.Voters != 1 {
		t.Errorf("tally %+v, want one yes", tl)
	}
}
