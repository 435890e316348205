package council

import (
	"encoding/hex"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// Derived table numbers, in the order Tables lists them.
const (
	tFederation = iota
	tMembers
	tCouncils
	tMemberships
	tConstituents
	tSeats
	tProposals
	tAmendments
	tVotes
	tElections
	tCandidacies
	tRecalls
	tRecallPetitions
	tMandates
	tDeviations
	tReferendums
	tReferendumSignatures
	tReferendumDemands
	tTendencies
	tTendencyMembers
	tMinorityReports
	tReportSignatures
	tInvitations
	tOperatorActs
	tPlanPeriods
	tPlanNeeds
	tPlanProcesses
	tPlanOffers
	tPlanVariants
	tPlanTargets
	tPlanAllocations
	tPlanReports
	tPlanFlags
	tFreeGoods
	tAccounts
	tTransfers
	tFunds
	tHoursReports
	tDraws
	nTables
)

// rowKey names one row: a table and up to three key values.
type rowKey struct {
	t       int
	a, b, c ID
}

// tableSpec is a derived table with how to read one row and all its keys.
type tableSpec struct {
	Table
	row  func(s *State, k rowKey) []any // nil if the row does not exist
	keys func(s *State) []rowKey
}

func cols(spec string) []Column {
	var out []Column
	for _, f := range strings.Split(spec, ",") {
		f = strings.TrimSpace(f)
		name, typ, _ := strings.Cut(f, " ")
		t := "INTEGER"
		if typ == "T" {
			t = "TEXT"
		}
		out = append(out, Column{Name: name, Type: t})
	}
	return out
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func idList(ids []ID) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(int64(id), 10))
	}
	return b.String()
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func keys1[V any](t int, m map[ID]V) []rowKey {
	out := make([]rowKey, 0, len(m))
	for id := range m {
		out = append(out, rowKey{t: t, a: id})
	}
	return out
}

var specs [nTables]tableSpec

func init() {
	specs[tFederation] = tableSpec{
		Table{Name: "federation", Columns: cols("id, name T"), Key: 1},
		func(s *State, k rowKey) []any {
			if !s.Founded() || k.a != 1 {
				return nil
			}
			return []any{int64(1), s.federation}
		},
		func(s *State) []rowKey {
			if !s.Founded() {
				return nil
			}
			return []rowKey{{t: tFederation, a: 1}}
		},
	}
	specs[tMembers] = tableSpec{
		Table{Name: "members", Columns: cols("id, name T, joined"), Key: 1},
		func(s *State, k rowKey) []any {
			m := s.members[k.a]
			if m == nil {
				return nil
			}
			return []any{int64(m.id), m.name, m.joined}
		},
		func(s *State) []rowKey { return keys1(tMembers, s.members) },
	}
	specs[tCouncils] = tableSpec{
		Table{Name: "councils", Columns: cols("id, name T, kind T, founder, created, size, statutes T"), Key: 1},
		func(s *State, k rowKey) []any {
			c := s.councils[k.a]
			if c == nil {
				return nil
			}
			return []any{int64(c.id), c.name, c.kind, int64(c.founder), c.created, c.size, jsonText(c.statutes)}
		},
		func(s *State) []rowKey { return keys1(tCouncils, s.councils) },
	}
	specs[tMemberships] = tableSpec{
		Table{Name: "memberships", Columns: cols("council, member, since"), Key: 2},
		func(s *State, k rowKey) []any {
			c := s.councils[k.a]
			if c == nil {
				return nil
			}
			since, ok := c.members[k.b]
			if !ok {
				return nil
			}
			return []any{int64(k.a), int64(k.b), since}
		},
		func(s *State) []rowKey {
			var out []rowKey
			for _, c := range s.councils {
				for m := range c.members {
					out = append(out, rowKey{t: tMemberships, a: c.id, b: m})
				}
			}
			return out
		},
	}
	specs[tConstituents] = tableSpec{
		Table{Name: "constituents", Columns: cols("federation, council, since"), Key: 2},
		func(s *State, k rowKey) []any {
			f := s.councils[k.a]
			if f == nil {
				return nil
			}
			since, ok := f.constituents[k.b]
			if !ok {
				return nil
			}
			return []any{int64(k.a), int64(k.b), since}
		},
		func(s *State) []rowKey {
			var out []rowKey
			for _, f := range s.councils {
				for c := range f.constituents {
					out = append(out, rowKey{t: tConstituents, a: f.id, b: c})
				}
			}
			return out
		},
	}
	specs[tSeats] = tableSpec{
		Table{Name: "seats", Columns: cols("election, member, federation, council, term_start, term_end, status T, ended"), Key: 2},
		func(s *State, k rowKey) []any {
			st := s.seats[seatKey{k.a, k.b}]
			if st == nil {
				return nil
			}
			return []any{int64(st.election), int64(st.member), int64(st.federation), int64(st.council), st.start, st.end, st.status, st.ended}
		},
		func(s *State) []rowKey {
			out := make([]rowKey, 0, len(s.seats))
			for k := range s.seats {
				out = append(out, rowKey{t: tSeats, a: k.election, b: k.member})
			}
			return out
		},
	}
	specs[tProposals] = tableSpec{
		Table{Name: "proposals", Columns: cols("id, council, kind T, author, title T, text T, motion T, created, voting_opens, voting_closes, status T, yes, no, abstain, electors, quorum, ranking T, winner, decided, referendum"), Key: 1},
		func(s *State, k rowKey) []any {
			p := s.proposals[k.a]
			if p == nil {
				return nil
			}
			return []any{int64(p.id), int64(p.council), p.kind, int64(p.author), p.title, p.text, jsonText(p.motion),
				p.created, p.opens, p.closes, p.status, p.yes, p.no, p.abstain, p.electors, b2i(p.quorum),
				p.ranking, int64(p.winner), p.decided, int64(p.referendum)}
		},
		func(s *State) []rowKey { return keys1(tProposals, s.proposals) },
	}
	specs[tAmendments] = tableSpec{
		Table{Name: "amendments", Columns: cols("id, proposal, author, text T, status T, created"), Key: 1},
		func(s *State, k rowKey) []any {
			a := s.amendments[k.a]
			if a == nil {
				return nil
			}
			return []any{int64(a.id), int64(a.proposal), int64(a.author), a.text, a.status, a.at}
		},
		func(s *State) []rowKey { return keys1(tAmendments, s.amendments) },
	}
	specs[tVotes] = tableSpec{
		Table{Name: "votes", Columns: cols("question, voter, choice T, weight, at"), Key: 2},
		func(s *State, k rowKey) []any {
			q := s.questions[k.a]
			if q == nil || q.votes[k.b] == nil {
				return nil
			}
			v := q.votes[k.b]
			choice := v.choice
			if v.ranking != nil {
				choice = rankingString(v.ranking)
			}
			return []any{int64(k.a), int64(k.b), choice, v.weight, v.at}
		},
		func(s *State) []rowKey {
			var out []rowKey
			for _, q := range s.questions {
				for voter := range q.votes {
					out = append(out, rowKey{t: tVotes, a: q.id, b: voter})
				}
			}
			return out
		},
	}
	specs[tElections] = tableSpec{
		Table{Name: "elections", Columns: cols("id, council, federation, seats, reason T, opened, nominations_close, voting_close, status T, candidates T, ballots, elected T"), Key: 1},
		func(s *State, k rowKey) []any {
			e := s.elections[k.a]
			if e == nil {
				return nil
			}
			return []any{int64(e.id), int64(e.council), int64(e.federation), e.seats, e.reason, e.opened, e.nominations,
				e.closes, e.status, idList(e.candidates), e.ballots, idList(e.elected)}
		},
		func(s *State) []rowKey { return keys1(tElections, s.elections) },
	}
	specs[tCandidacies] = tableSpec{
		Table{Name: "candidacies", Columns: cols("election, member"), Key: 2},
		func(s *State, k rowKey) []any {
			e := s.elections[k.a]
			if e == nil {
				return nil
			}
			for _, c := range e.candidates {
				if c == k.b {
					return []any{int64(k.a), int64(k.b)}
				}
			}
			return nil
		},
		func(s *State) []rowKey {
			var out []rowKey
			for _, e := range s.elections {
				for _, c := range e.candidates {
					out = append(out, rowKey{t: tCandidacies, a: e.id, b: c})
				}
			}
			return out
		},
	}
	specs[tRecalls] = tableSpec{
		Table{Name: "recalls", Columns: cols("id, federation, council, delegate, election, reason T, opener, opened, closes, status T, yes, no, abstain, electors, quorum, withdrawn T, by_election"), Key: 1},
		func(s *State, k rowKey) []any {
			r := s.recalls[k.a]
			if r == nil {
				return nil
			}
			return []any{int64(r.id), int64(r.federation), int64(r.council), int64(r.delegate), int64(r.seat.election), r.reason,
				int64(r.opener), r.opened, r.closes, r.status, r.yes, r.no, r.abstain, r.electors, b2i(r.quorum),
				idList(r.withdrawn), int64(r.byElection)}
		},
		func(s *State) []rowKey { return keys1(tRecalls, s.recalls) },
	}
	specs[tRecallPetitions] = tableSpec{
		Table{Name: "recall_petitions", Columns: cols("federation, delegate, signer, at"), Key: 3},
		func(s *State, k rowKey) []any {
			p := s.petitions[petitionKey{k.a, k.b}]
			if p == nil {
				return nil
			}
			at, ok := p.signers[k.c]
			if !ok {
				return nil
			}
			return []any{int64(k.a), int64(k.b), int64(k.c), at}
		},
		func(s *State) []rowKey {
			var out []rowKey
			for pk, p := range s.petitions {
				for signer := range p.signers {
					out = append(out, rowKey{t: tRecallPetitions, a: pk.federation, b: pk.member, c: signer})
				}
			}
			return out
		},
	}
	specs[tMandates] = tableSpec{
		Table{Name: "mandates", Columns: cols("id, council, proposal, choice T, option, source, created"), Key: 1},
		func(s *State, k rowKey) []any {
			m := s.mandates[k.a]
			if m == nil {
				return nil
			}
			return []any{int64(m.id), int64(m.council), int64(m.proposal), m.choice, int64(m.option), int64(m.source), m.at}
		},
		func(s *State) []rowKey { return keys1(tMandates, s.mandates) },
	}
	specs[tDeviations] = tableSpec{
		Table{Name: "deviations", Columns: cols("id, mandate, proposal, delegate, council, choice T, recall, at"), Key: 1},
		func(s *State, k rowKey) []any {
			d := s.deviations[k.a]
			if d == nil {
				return nil
			}
			return []any{int64(d.id), int64(d.mandate), int64(d.proposal), int64(d.member), int64(d.council), d.choice, int64(d.recall), d.at}
		},
		func(s *State) []rowKey { return keys1(tDeviations, s.deviations) },
	}
	specs[tReferendums] = tableSpec{
		Table{Name: "referendums", Columns: cols("id, proposal, federation, trigger T, electorate, opened, closes, status T, yes, no, abstain, quorum, passed, overturned"), Key: 1},
		func(s *State, k rowKey) []any {
			r := s.referendums[k.a]
			if r == nil {
				return nil
			}
			return []any{int64(r.id), int64(r.proposal), int64(r.federation), r.trigger, r.electorate, r.opened, r.closes,
				r.status, r.yes, r.no, r.abstain, b2i(r.quorum), b2i(r.passed), b2i(r.overturned)}
		},
		func(s *State) []rowKey { return keys1(tReferendums, s.referendums) },
	}
	specs[tReferendumSignatures] = proposalTimes(tReferendumSignatures, "referendum_signatures", "member",
		func(p *proposal) map[ID]int64 { return p.signers })
	specs[tReferendumDemands] = proposalTimes(tReferendumDemands, "referendum_demands", "council",
		func(p *proposal) map[ID]int64 { return p.demands })
	specs[tTendencies] = tableSpec{
		Table{Name: "tendencies", Columns: cols("id, name T, platform T, founder, created, status T, members, dissolution_requests"), Key: 1},
		func(s *State, k rowKey) []any {
			t := s.tendencies[k.a]
			if t == nil {
				return nil
			}
			return []any{int64(t.id), t.name, t.platform, int64(t.founder), t.created, t.status, int64(len(t.members)), int64(len(t.dissolve))}
		},
		func(s *State) []rowKey { return keys1(tTendencies, s.tendencies) },
	}
	specs[tTendencyMembers] = tableSpec{
		Table{Name: "tendency_members", Columns: cols("tendency, member, since"), Key: 2},
		func(s *State, k rowKey) []any {
			t := s.tendencies[k.a]
			if t == nil {
				return nil
			}
			since, ok := t.members[k.b]
			if !ok {
				return nil
			}
			return []any{int64(k.a), int64(k.b), since}
		},
		func(s *State) []rowKey {
			var out []rowKey
			for _, t := range s.tendencies {
				for m := range t.members {
					out = append(out, rowKey{t: tTendencyMembers, a: t.id, b: m})
				}
			}
			return out
		},
	}
	specs[tMinorityReports] = tableSpec{
		Table{Name: "minority_reports", Columns: cols("id, tendency, proposal, author, text T, at, signatures"), Key: 1},
		func(s *State, k rowKey) []any {
			r := s.reports[k.a]
			if r == nil {
				return nil
			}
			return []any{int64(r.id), int64(r.tendency), int64(r.proposal), int64(r.author), r.text, r.at, int64(len(r.signers))}
		},
		func(s *State) []rowKey { return keys1(tMinorityReports, s.reports) },
	}
	specs[tReportSignatures] = tableSpec{
		Table{Name: "report_signatures", Columns: cols("report, member, at"), Key: 2},
		func(s *State, k rowKey) []any {
			r := s.reports[k.a]
			if r == nil {
				return nil
			}
			at, ok := r.signers[k.b]
			if !ok {
				return nil
			}
			return []any{int64(k.a), int64(k.b), at}
		},
		func(s *State) []rowKey {
			var out []rowKey
			for _, r := range s.reports {
				for m := range r.signers {
					out = append(out, rowKey{t: tReportSignatures, a: r.id, b: m})
				}
			}
			return out
		},
	}
	specs[tInvitations] = tableSpec{
		Table{Name: "invitations", Columns: cols("id, council, code_hash T, issuer, expires, status T, member"), Key: 1},
		func(s *State, k rowKey) []any {
			inv := s.invitations[k.a]
			if inv == nil {
				return nil
			}
			return []any{int64(inv.id), int64(inv.council), hex.EncodeToString(inv.hash[:]), int64(inv.issuer), inv.expires, inv.status, int64(inv.accepted)}
		},
		func(s *State) []rowKey { return keys1(tInvitations, s.invitations) },
	}
	specs[tOperatorActs] = tableSpec{
		Table{Name: "operator_acts", Columns: cols("id, operator T, action T, member, text T, at"), Key: 1},
		func(s *State, k rowKey) []any {
			n := s.notes[k.a]
			if n == nil {
				return nil
			}
			return []any{int64(n.id), n.operator, n.action, int64(n.member), n.text, n.at}
		},
		func(s *State) []rowKey { return keys1(tOperatorActs, s.notes) },
	}
	cycleTables()
	for i := range specs {
		tableIndex[specs[i].Name] = i
	}
}

var tableIndex = map[string]int{}

// Tables describes every derived table: the query tables the store keeps
// and the audit compares. Columns are INTEGER or TEXT only.
func Tables() []Table {
	out := make([]Table, nTables)
	for i, sp := range specs {
		t := sp.Table
		t.Columns = append([]Column(nil), t.Columns...)
		out[i] = t
	}
	return out
}

// TrackChanges turns the recording of changed rows for TakeChanges on
// (the default) or off, dropping any pending. A replay that only compares
// Rows at the end (the audit) turns it off and saves the bookkeeping.
func (s *State) TrackChanges(on bool) {
	s.untracked = !on
	s.order = s.order[:0]
	clear(s.dirty)
}

// touch marks a row as written since the last TakeChanges.
func (s *State) touch(t int, a, b, c ID) {
	if s.untracked {
		return
	}
	k := rowKey{t: t, a: a, b: b, c: c}
	if _, ok := s.dirty[k]; ok {
		return
	}
	s.dirty[k] = struct{}{}
	s.order = append(s.order, k)
}

func keyVals(sp *tableSpec, k rowKey) []any {
	vals := []any{int64(k.a), int64(k.b), int64(k.c)}
	return vals[:sp.Key]
}

// TakeChanges returns the rows written or removed since the last call, in
// the order they were first touched, and forgets them.
func (s *State) TakeChanges() []Change {
	out := make([]Change, 0, len(s.order))
	for _, k := range s.order {
		sp := &specs[k.t]
		if row := sp.row(s, k); row != nil {
			out = append(out, Change{Table: sp.Name, Row: row})
		} else {
			out = append(out, Change{Table: sp.Name, Row: keyVals(sp, k), Delete: true})
		}
	}
	s.order = s.order[:0]
	clear(s.dirty)
	return out
}

// Rows returns every row of a derived table, sorted by key; nil for an
// unknown table.
func (s *State) Rows(table string) [][]any {
	i, ok := tableIndex[table]
	if !ok {
		return nil
	}
	sp := &specs[i]
	keys := sp.keys(s)
	sort.Slice(keys, func(x, y int) bool {
		a, b := keys[x], keys[y]
		if a.a != b.a {
			return a.a < b.a
		}
		if a.b != b.b {
			return a.b < b.b
		}
		return a.c < b.c
	})
	out := make([][]any, 0, len(keys))
	for _, k := range keys {
		if row := sp.row(s, k); row != nil {
			out = append(out, row)
		}
	}
	return out
}

// proposalTimes is the spec of a table of (proposal, who, at) rows kept in
// a per-proposal map from who to when: referendum signatures (members) and
// demands (councils).
func proposalTimes(t int, name, who string, times func(*proposal) map[ID]int64) tableSpec {
	return tableSpec{
		Table{Name: name, Columns: cols("proposal, " + who + ", at"), Key: 2},
		func(s *State, k rowKey) []any {
			p := s.proposals[k.a]
			if p == nil {
				return nil
			}
			at, ok := times(p)[k.b]
			if !ok {
				return nil
			}
			return []any{int64(k.a), int64(k.b), at}
		},
		func(s *State) []rowKey {
			var out []rowKey
			for _, p := range s.proposals {
				for id := range times(p) {
					out = append(out, rowKey{t: t, a: p.id, b: id})
				}
			}
			return out
		},
	}
}
