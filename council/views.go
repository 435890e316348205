package council

// Read helpers for the API and the pages. They return plain values
// (copies), never pointers into the state, so callers may keep them after
// releasing the store's read lock.

// MemberView is a member with their councils, seats and tendencies.
type MemberView struct {
	ID         ID         `json:"id"`
	Name       string     `json:"name"`
	Joined     int64      `json:"joined"`
	Councils   []ID       `json:"councils"`
	Seats      []SeatView `json:"seats"`   // current seats
	History    []SeatView `json:"history"` // every seat ever held
	Tendencies []ID       `json:"tendencies"`
}

// MemberRef names a member of a council.
type MemberRef struct {
	ID    ID     `json:"id"`
	Name  string `json:"name"`
	Since int64  `json:"since"`
}

// CouncilView is a council with its statutes and structure.
type CouncilView struct {
	ID           ID       `json:"id"`
	Name         string   `json:"name"`
	Kind         string   `json:"kind"`
	Founder      ID       `json:"founder,omitempty"`
	Created      int64    `json:"created"`
	Size         int64    `json:"size"`     // members represented
	Electors     int64    `json:"electors"` // members (base) or seated delegates (federated)
	Statutes     Statutes `json:"statutes"`
	Constituents []ID     `json:"constituents"` // federated: councils that send delegates
	Federations  []ID     `json:"federations"`  // federated councils this council belongs to
}

// SeatView is a delegate's seat in a federated council.
type SeatView struct {
	Election   ID     `json:"election"`
	Member     ID     `json:"member"`
	Name       string `json:"name"`
	Federation ID     `json:"federation"`
	Council    ID     `json:"council"` // the constituent that elected the delegate
	TermStart  int64  `json:"term_start"`
	TermEnd    int64  `json:"term_end"`
	Status     string `json:"status"`
	Ended      int64  `json:"ended,omitempty"`
	Weight     int64  `json:"weight,omitempty"` // current vote weight (active seats)
}

// Tally is the live (or final) count of a question.
type Tally struct {
	Open     bool      `json:"open"`
	Closes   int64     `json:"closes"`
	Voters   int64     `json:"voters"`
	Electors int64     `json:"electors"`
	Yes      int64     `json:"yes"`
	No       int64     `json:"no"`
	Abstain  int64     `json:"abstain"`
	Options  []ID      `json:"options,omitempty"` // ranked questions: the alternatives
	Ballots  int64     `json:"ballots,omitempty"` // ranked: weight of ballots cast
	Pairs    [][]int64 `json:"pairs,omitempty"`   // ranked: Pairs[i][j] = weight preferring option i to j
	Ranking  string    `json:"ranking,omitempty"` // ranked: the Schulze ranking now, e.g. "4>0=9"
}

// AmendmentView is an amendment or competing alternative.
type AmendmentView struct {
	ID      ID     `json:"id"`
	Author  ID     `json:"author"`
	Text    string `json:"text"`
	Status  string `json:"status"` // open, accepted, alternative
	Created int64  `json:"created"`
}

// ProposalView is a proposal with its live tally, amendments, mandates
// and minority reports.
type ProposalView struct {
	ID           ID              `json:"id"`
	Council      ID              `json:"council"`
	Kind         string          `json:"kind"`
	Title        string          `json:"title"`
	Text         string          `json:"text"`
	Motion       Motion          `json:"motion"`
	Author       ID              `json:"author"`
	Created      int64           `json:"created"`
	VotingOpens  int64           `json:"voting_opens"`
	VotingCloses int64           `json:"voting_closes"`
	Status       string          `json:"status"`
	Quorum       bool            `json:"quorum"`
	Winner       ID              `json:"winner,omitempty"`
	Decided      int64           `json:"decided,omitempty"`
	Referendum   ID              `json:"referendum,omitempty"`
	Tally        Tally           `json:"tally"`
	Amendments   []AmendmentView `json:"amendments"`
	Mandates     []MandateView   `json:"mandates"`
	Reports      []ReportView    `json:"reports"`
	Demands      []ID            `json:"demands"`    // constituent councils demanding a referendum
	Signatures   int64           `json:"signatures"` // referendum petition signatures
}

// VoteView is one named vote.
type VoteView struct {
	Question ID     `json:"question"`
	Voter    ID     `json:"voter"`
	Name     string `json:"name"`
	Choice   string `json:"choice"` // yes, no, abstain, or a ranking "4>0=9"
	Weight   int64  `json:"weight"`
	At       int64  `json:"at"`
}

// RecordEntry is one vote in a member's voting record, with any deviation
// from a mandate it was.
type RecordEntry struct {
	VoteView
	Kind      string `json:"kind"` // proposal, election, recall, referendum
	Body      ID     `json:"body"` // the council voting (the federation for a referendum)
	Title     string `json:"title,omitempty"`
	Deviation ID     `json:"deviation,omitempty"`
	Mandate   ID     `json:"mandate,omitempty"`
}

// ElectionView is an election of a council's delegates to a federated council.
type ElectionView struct {
	ID               ID     `json:"id"`
	Council          ID     `json:"council"`
	Federation       ID     `json:"federation"`
	Seats            int64  `json:"seats"`
	Reason           string `json:"reason"`
	Opened           int64  `json:"opened"`
	NominationsClose int64  `json:"nominations_close"`
	VotingClose      int64  `json:"voting_close"`
	Status           string `json:"status"`
	Candidates       []ID   `json:"candidates"`
	Elected          []ID   `json:"elected"`
	Tally            Tally  `json:"tally"`
}

// RecallView is a recall vote on a delegate.
type RecallView struct {
	ID         ID     `json:"id"`
	Federation ID     `json:"federation"`
	Council    ID     `json:"council"`
	Delegate   ID     `json:"delegate"`
	Election   ID     `json:"election"` // the election that gave the seat
	Reason     string `json:"reason"`
	Opener     ID     `json:"opener,omitempty"`
	Opened     int64  `json:"opened"`
	Closes     int64  `json:"closes"`
	Status     string `json:"status"`
	Quorum     bool   `json:"quorum"`
	Withdrawn  []ID   `json:"withdrawn"`
	ByElection ID     `json:"by_election,omitempty"`
	Tally      Tally  `json:"tally"`
}

// MandateView is a council's instruction to its delegates.
type MandateView struct {
	ID       ID     `json:"id"`
	Council  ID     `json:"council"`
	Proposal ID     `json:"proposal"`
	Choice   string `json:"choice,omitempty"`
	Option   ID     `json:"option,omitempty"`
	Source   ID     `json:"source"`
	Created  int64  `json:"created"`
}

// DeviationView is a delegate's vote against a mandate, shown publicly.
type DeviationView struct {
	ID       ID     `json:"id"`
	Mandate  ID     `json:"mandate"`
	Proposal ID     `json:"proposal"`
	Delegate ID     `json:"delegate"`
	Council  ID     `json:"council"`
	Choice   string `json:"choice"`
	Recall   ID     `json:"recall,omitempty"`
	At       int64  `json:"at"`
}

// ReferendumView is a direct vote on a federated council's decision.
type ReferendumView struct {
	ID         ID     `json:"id"`
	Proposal   ID     `json:"proposal"`
	Federation ID     `json:"federation"`
	Trigger    string `json:"trigger"`
	Electorate int64  `json:"electorate"`
	Opened     int64  `json:"opened"`
	Closes     int64  `json:"closes"`
	Status     string `json:"status"`
	Quorum     bool   `json:"quorum"`
	Passed     bool   `json:"passed"`
	Overturned bool   `json:"overturned"`
	Tally      Tally  `json:"tally"`
}

// TendencyView is a tendency and its members.
type TendencyView struct {
	ID       ID     `json:"id"`
	Name     string `json:"name"`
	Platform string `json:"platform"`
	Founder  ID     `json:"founder"`
	Created  int64  `json:"created"`
	Status   string `json:"status"`
	Members  []ID   `json:"members"`
	Reports  []ID   `json:"reports"`
}

// ReportView is a tendency's minority report on a proposal.
type ReportView struct {
	ID       ID     `json:"id"`
	Tendency ID     `json:"tendency"`
	Proposal ID     `json:"proposal"`
	Author   ID     `json:"author"`
	Text     string `json:"text"`
	At       int64  `json:"at"`
	Signers  []ID   `json:"signers"`
}

// QuestionView says what a question id is.
type QuestionView struct {
	ID    ID     `json:"id"`
	Kind  string `json:"kind"` // proposal, election, recall, referendum
	Body  ID     `json:"body"`
	Tally Tally  `json:"tally"`
}

func (s *State) seatView(st *seat) SeatView {
	v := SeatView{Election: st.election, Member: st.member, Name: s.members[st.member].name, Federation: st.federation,
		Council: st.council, TermStart: st.start, TermEnd: st.end, Status: st.status, Ended: st.ended}
	if st.status == SeatActive {
		v.Weight = s.delegateWeight(s.councils[st.federation], st)
	}
	return v
}

// Member returns member id.
func (s *State) Member(id ID) (MemberView, bool) {
	m := s.members[id]
	if m == nil {
		return MemberView{}, false
	}
	v := MemberView{ID: m.id, Name: m.name, Joined: m.joined, Councils: append([]ID{}, m.councils...),
		Seats: []SeatView{}, History: []SeatView{}, Tendencies: sortedIDs(m.tends)}
	for _, f := range sortedIDs(m.seats) {
		v.Seats = append(v.Seats, s.seatView(m.seats[f]))
	}
	for _, st := range m.history {
		v.History = append(v.History, s.seatView(st))
	}
	return v, true
}

// MemberByName returns the member with the lowest id among those named
// name. Names need not be unique; members who share one sign in by id.
func (s *State) MemberByName(name string) (ID, bool) {
	id, ok := s.byName[name]
	return id, ok
}

// Members returns every member, by id (O(members): for exports, not pages).
func (s *State) Members() []MemberRef {
	out := make([]MemberRef, 0, len(s.members))
	for _, id := range sortedIDs(s.members) {
		m := s.members[id]
		out = append(out, MemberRef{ID: m.id, Name: m.name, Since: m.joined})
	}
	return out
}

// Council returns council id.
func (s *State) Council(id ID) (CouncilView, bool) {
	c := s.councils[id]
	if c == nil {
		return CouncilView{}, false
	}
	return CouncilView{ID: c.id, Name: c.name, Kind: c.kind, Founder: c.founder, Created: c.created, Size: c.size,
		Electors: s.electorsOf(c), Statutes: c.statutes, Constituents: sortedIDs(c.constituents),
		Federations: sortedIDs(c.parents)}, true
}

// Councils returns every council, by id.
func (s *State) Councils() []CouncilView {
	out := make([]CouncilView, 0, len(s.councils))
	for _, id := range sortedIDs(s.councils) {
		v, _ := s.Council(id)
		out = append(out, v)
	}
	return out
}

// MembersOf returns the members of a base council, by id.
func (s *State) MembersOf(council ID) []MemberRef {
	c := s.councils[council]
	if c == nil {
		return nil
	}
	out := make([]MemberRef, 0, len(c.members))
	for _, id := range sortedIDs(c.members) {
		out = append(out, MemberRef{ID: id, Name: s.members[id].name, Since: c.members[id]})
	}
	return out
}

// Delegates returns the delegates seated in a federated council, by member id.
func (s *State) Delegates(federation ID) []SeatView {
	f := s.councils[federation]
	if f == nil {
		return nil
	}
	out := []SeatView{}
	for _, id := range sortedIDs(f.delegates) {
		out = append(out, s.seatView(f.delegates[id]))
	}
	return out
}

// DelegatesFrom returns the seats a council's delegates hold now in the
// federated councils it belongs to.
func (s *State) DelegatesFrom(council ID) []SeatView {
	c := s.councils[council]
	if c == nil {
		return nil
	}
	out := []SeatView{}
	for _, f := range sortedIDs(c.parents) {
		fc := s.councils[f]
		for _, id := range sortedIDs(fc.delegates) {
			if st := fc.delegates[id]; st.council == c.id {
				out = append(out, s.seatView(st))
			}
		}
	}
	return out
}

func (s *State) tally(q *question) Tally {
	t := Tally{Open: q.open, Closes: q.closes, Voters: int64(len(q.votes)), Yes: q.yes, No: q.no, Abstain: q.abstain}
	switch q.kind {
	case QReferendum:
		t.Electors = s.referendums[q.id].electorate
	default:
		t.Electors = s.electorsOf(s.councils[q.body])
	}
	if q.ranked {
		n := len(q.options)
		t.Options = append([]ID{}, q.options...)
		t.Ballots = q.ballots
		t.Pairs = make([][]int64, n)
		for i := range t.Pairs {
			t.Pairs[i] = append([]int64{}, q.pairs[i*n:(i+1)*n]...)
		}
		if len(q.votes) > 0 {
			t.Ranking = rankingString(q.schulze())
		}
	}
	return t
}

// Question returns what question id is, with its tally.
func (s *State) Question(id ID) (QuestionView, bool) {
	q := s.questions[id]
	if q == nil {
		return QuestionView{}, false
	}
	return QuestionView{ID: q.id, Kind: q.kind, Body: q.body, Tally: s.tally(q)}, true
}

// Proposal returns proposal id with its live tally.
func (s *State) Proposal(id ID) (ProposalView, bool) {
	p := s.proposals[id]
	if p == nil {
		return ProposalView{}, false
	}
	v := ProposalView{ID: p.id, Council: p.council, Kind: p.kind, Title: p.title, Text: p.text, Motion: p.motion,
		Author: p.author, Created: p.created, VotingOpens: p.opens, VotingCloses: p.closes, Status: p.status,
		Quorum: p.quorum, Winner: p.winner, Decided: p.decided, Referendum: p.referendum,
		Tally: s.tally(s.questions[p.id]), Amendments: []AmendmentView{}, Mandates: s.MandatesOn(p.id),
		Reports: []ReportView{}, Demands: sortedIDs(p.demands), Signatures: int64(len(p.signers))}
	if !v.Tally.Open && p.decided != 0 {
		v.Tally.Electors = p.electors
	}
	for _, id := range p.amendments {
		a := s.amendments[id]
		v.Amendments = append(v.Amendments, AmendmentView{ID: a.id, Author: a.author, Text: a.text, Status: a.status, Created: a.at})
	}
	for _, id := range p.reports {
		v.Reports = append(v.Reports, s.reportView(s.reports[id]))
	}
	return v, true
}

// ProposalsOf returns the proposals before a council, newest first.
func (s *State) ProposalsOf(council ID) []ProposalView {
	c := s.councils[council]
	if c == nil {
		return nil
	}
	out := make([]ProposalView, 0, len(c.proposals))
	for i := len(c.proposals) - 1; i >= 0; i-- {
		v, _ := s.Proposal(c.proposals[i])
		out = append(out, v)
	}
	return out
}

// Votes returns the named votes on a question, by voter.
func (s *State) Votes(question ID) []VoteView {
	q := s.questions[question]
	if q == nil {
		return nil
	}
	out := make([]VoteView, 0, len(q.votes))
	for _, voter := range sortedIDs(q.votes) {
		out = append(out, s.voteView(q, voter))
	}
	return out
}

func (s *State) voteView(q *question, voter ID) VoteView {
	v := q.votes[voter]
	choice := v.choice
	if v.ranking != nil {
		choice = rankingString(v.ranking)
	}
	return VoteView{Question: q.id, Voter: voter, Name: s.members[voter].name, Choice: choice, Weight: v.weight, At: v.at}
}

// VotingRecord returns a member's current votes, oldest question first,
// with the deviations from mandates among them: what lets electors hold a
// delegate to account.
func (s *State) VotingRecord(member ID) []RecordEntry {
	m := s.members[member]
	if m == nil {
		return nil
	}
	devs := map[ID]*deviation{}
	for _, id := range m.devs {
		d := s.deviations[id]
		devs[d.proposal] = d
	}
	out := []RecordEntry{}
	for _, qid := range m.voted {
		q := s.questions[qid]
		if q.votes[member] == nil {
			continue
		}
		e := RecordEntry{VoteView: s.voteView(q, member), Kind: q.kind, Body: q.body}
		if p := s.proposals[qid]; p != nil {
			e.Title = p.title
		}
		if d := devs[qid]; d != nil {
			e.Deviation, e.Mandate = d.id, d.mandate
		}
		out = append(out, e)
	}
	return out
}

// Deviations returns a member's deviations from mandates, oldest first.
func (s *State) Deviations(member ID) []DeviationView {
	m := s.members[member]
	if m == nil {
		return nil
	}
	out := []DeviationView{}
	for _, id := range m.devs {
		d := s.deviations[id]
		out = append(out, DeviationView{ID: d.id, Mandate: d.mandate, Proposal: d.proposal, Delegate: d.member,
			Council: d.council, Choice: d.choice, Recall: d.recall, At: d.at})
	}
	return out
}

// AllDeviations returns every deviation on the record, by id.
func (s *State) AllDeviations() []DeviationView {
	out := []DeviationView{}
	for _, id := range sortedIDs(s.deviations) {
		d := s.deviations[id]
		out = append(out, DeviationView{ID: d.id, Mandate: d.mandate, Proposal: d.proposal, Delegate: d.member,
			Council: d.council, Choice: d.choice, Recall: d.recall, At: d.at})
	}
	return out
}

func (s *State) electionView(e *election) ElectionView {
	return ElectionView{ID: e.id, Council: e.council, Federation: e.federation, Seats: e.seats, Reason: e.reason,
		Opened: e.opened, NominationsClose: e.nominations, VotingClose: e.closes, Status: e.status,
		Candidates: append([]ID{}, e.candidates...), Elected: append([]ID{}, e.elected...), Tally: s.tally(s.questions[e.id])}
}

// Election returns election id.
func (s *State) Election(id ID) (ElectionView, bool) {
	e := s.elections[id]
	if e == nil {
		return ElectionView{}, false
	}
	return s.electionView(e), true
}

// ElectionsOf returns the elections a council holds (of its delegates) or
// whose delegates it seats, newest first.
func (s *State) ElectionsOf(council ID) []ElectionView {
	c := s.councils[council]
	if c == nil {
		return nil
	}
	out := []ElectionView{}
	for i := len(c.electionIDs) - 1; i >= 0; i-- {
		out = append(out, s.electionView(s.elections[c.electionIDs[i]]))
	}
	return out
}

func (s *State) recallView(r *recall) RecallView {
	return RecallView{ID: r.id, Federation: r.federation, Council: r.council, Delegate: r.delegate, Election: r.seat.election,
		Reason: r.reason, Opener: r.opener, Opened: r.opened, Closes: r.closes, Status: r.status, Quorum: r.quorum,
		Withdrawn: append([]ID{}, r.withdrawn...), ByElection: r.byElection, Tally: s.tally(s.questions[r.id])}
}

// Recall returns recall id.
func (s *State) Recall(id ID) (RecallView, bool) {
	r := s.recalls[id]
	if r == nil {
		return RecallView{}, false
	}
	return s.recallView(r), true
}

// RecallsOf returns the recalls of delegates elected by or seated in a
// council, newest first.
func (s *State) RecallsOf(council ID) []RecallView {
	c := s.councils[council]
	if c == nil {
		return nil
	}
	out := []RecallView{}
	for i := len(c.recallIDs) - 1; i >= 0; i-- {
		out = append(out, s.recallView(s.recalls[c.recallIDs[i]]))
	}
	return out
}

// RecallPetition returns the signers of the petition to recall a delegate.
func (s *State) RecallPetition(federation, delegate ID) []ID {
	p := s.petitions[petitionKey{federation, delegate}]
	if p == nil {
		return []ID{}
	}
	return sortedIDs(p.signers)
}

func mandateView(m *mandate) MandateView {
	return MandateView{ID: m.id, Council: m.council, Proposal: m.proposal, Choice: m.choice, Option: m.option,
		Source: m.source, Created: m.at}
}

// MandatesOn returns the mandates given on a proposal, oldest first.
func (s *State) MandatesOn(proposal ID) []MandateView {
	out := []MandateView{}
	for _, id := range s.mandateIdx[proposal] {
		out = append(out, mandateView(s.mandates[id]))
	}
	return out
}

// Mandates returns every mandate a council gave, oldest first.
func (s *State) Mandates(council ID) []MandateView {
	out := []MandateView{}
	for _, id := range sortedIDs(s.mandates) {
		if m := s.mandates[id]; m.council == council {
			out = append(out, mandateView(m))
		}
	}
	return out
}

// Referendum returns referendum id.
func (s *State) Referendum(id ID) (ReferendumView, bool) {
	r := s.referendums[id]
	if r == nil {
		return ReferendumView{}, false
	}
	return ReferendumView{ID: r.id, Proposal: r.proposal, Federation: r.federation, Trigger: r.trigger,
		Electorate: r.electorate, Opened: r.opened, Closes: r.closes, Status: r.status, Quorum: r.quorum,
		Passed: r.passed, Overturned: r.overturned, Tally: s.tally(s.questions[r.id])}, true
}

// Referendums returns every referendum, newest first.
func (s *State) Referendums() []ReferendumView {
	ids := sortedIDs(s.referendums)
	out := make([]ReferendumView, 0, len(ids))
	for i := len(ids) - 1; i >= 0; i-- {
		v, _ := s.Referendum(ids[i])
		out = append(out, v)
	}
	return out
}

// Tendency returns tendency id.
func (s *State) Tendency(id ID) (TendencyView, bool) {
	t := s.tendencies[id]
	if t == nil {
		return TendencyView{}, false
	}
	v := TendencyView{ID: t.id, Name: t.name, Platform: t.platform, Founder: t.founder, Created: t.created,
		Status: t.status, Members: sortedIDs(t.members), Reports: []ID{}}
	for _, rid := range sortedIDs(s.reports) {
		if s.reports[rid].tendency == t.id {
			v.Reports = append(v.Reports, rid)
		}
	}
	return v, true
}

// Tendencies returns every tendency, by id.
func (s *State) Tendencies() []TendencyView {
	out := []TendencyView{}
	for _, id := range sortedIDs(s.tendencies) {
		v, _ := s.Tendency(id)
		out = append(out, v)
	}
	return out
}

func (s *State) reportView(r *report) ReportView {
	return ReportView{ID: r.id, Tendency: r.tendency, Proposal: r.proposal, Author: r.author, Text: r.text,
		At: r.at, Signers: sortedIDs(r.signers)}
}

// MinorityReports returns the minority reports attached to a proposal.
func (s *State) MinorityReports(proposal ID) []ReportView {
	p := s.proposals[proposal]
	if p == nil {
		return nil
	}
	out := []ReportView{}
	for _, id := range p.reports {
		out = append(out, s.reportView(s.reports[id]))
	}
	return out
}

// Report returns minority report id.
func (s *State) Report(id ID) (ReportView, bool) {
	r := s.reports[id]
	if r == nil {
		return ReportView{}, false
	}
	return s.reportView(r), true
}
