package council

// The events on the public record. Each is a fact an accepted act (or the
// server's clock) produced; Apply validates it against the state before
// changing anything. Ids of objects an event creates, and figures an event
// reports (tallies, elected delegates), are recomputed by Apply and must
// match: they are on the record to be read, never trusted.

// Founded founds the federation with its first member and base council.
type Founded struct {
	Federation  string `json:"federation"`
	Member      ID     `json:"member"`
	Name        string `json:"name"`
	Council     ID     `json:"council"`
	CouncilName string `json:"council_name"`
	CouncilKind string `json:"council_kind"`
}

// CouncilFounded is a new base council founded by a member, its first member.
type CouncilFounded struct {
	Council     ID     `json:"council"`
	Name        string `json:"name"`
	CouncilKind string `json:"kind"`
}

// InvitationIssued is an invitation to a base council; only the SHA-256 of
// its secret code (hex) is on the record.
type InvitationIssued struct {
	Invitation ID     `json:"invitation"`
	Council    ID     `json:"council"`
	CodeHash   string `json:"code_hash"`
}

// InvitationAccepted adds the acting member, or a new member (Name set,
// Member the new id, actor the server acting for the code's holder), to the
// invitation's council.
type InvitationAccepted struct {
	Invitation ID     `json:"invitation"`
	Member     ID     `json:"member"`
	Name       string `json:"name,omitempty"`
}

// MemberLeft is a member leaving a base council. Seats the member held as
// its delegate fall vacant and by-elections open (ids in ByElections).
type MemberLeft struct {
	Council     ID   `json:"council"`
	ByElections []ID `json:"by_elections,omitempty"`
}

// ProposalMade is a new proposal (or an admission request) in a council.
type ProposalMade struct {
	Proposal     ID     `json:"proposal"`
	Council      ID     `json:"council"`
	ProposalKind string `json:"kind"`
	Title        string `json:"title"`
	Text         string `json:"text"`
	Motion       Motion `json:"motion"`
}

// AmendmentMade is an amendment to a text proposal in discussion.
type AmendmentMade struct {
	Amendment ID     `json:"amendment"`
	Proposal  ID     `json:"proposal"`
	Text      string `json:"text"`
}

// AmendmentAccepted is the proposer taking an amendment into the text.
type AmendmentAccepted struct {
	Amendment ID `json:"amendment"`
}

// VotingOpened ends a proposal's discussion. Options lists the alternatives
// to rank (0 = none of them, the proposal itself, then the amendments not
// accepted), or is empty for a yes/no question.
type VotingOpened struct {
	Proposal ID   `json:"proposal"`
	Options  []ID `json:"options,omitempty"`
}

// VoteCast is a named vote, or a change of vote, on an open question.
type VoteCast struct {
	Question ID     `json:"question"`
	Choice   string `json:"choice,omitempty"`
	Ranking  [][]ID `json:"ranking,omitempty"`
	Weight   int64  `json:"weight"`
}

// ProposalClosed is the decision on a proposal, computed from its votes.
// On a ranked question (alternatives) Yes carries the weight of the
// ballots cast, Ranking the Schulze order and Winner the option decided
// (0 when "none of these" won, there was a tie at the top, or no quorum).
// Created lists the objects a passed proposal created (a federated council
// and its first election, an election, a mandate or a referendum).
type ProposalClosed struct {
	Proposal ID     `json:"proposal"`
	Yes      int64  `json:"yes"`
	No       int64  `json:"no"`
	Abstain  int64  `json:"abstain"`
	Electors int64  `json:"electors"`
	Quorum   bool   `json:"quorum"`
	Passed   bool   `json:"passed"`
	Ranking  string `json:"ranking,omitempty"`
	Winner   ID     `json:"winner,omitempty"`
	Created  []ID   `json:"created,omitempty"`
}

// DeviationRecorded is a delegate's vote against their council's mandate;
// it opens a recall (Recall, or 0 when one is already open).
type DeviationRecorded struct {
	Deviation ID `json:"deviation"`
	Mandate   ID `json:"mandate"`
	Recall    ID `json:"recall"`
}

// ElectionCalled opens an election for vacant seats, called by an elector.
type ElectionCalled struct {
	Election   ID `json:"election"`
	Council    ID `json:"council"`
	Federation ID `json:"federation"`
}

// CandidacyFiled is a self-nomination.
type CandidacyFiled struct {
	Election ID `json:"election"`
}

// CandidacyWithdrawn withdraws a self-nomination before voting opens.
type CandidacyWithdrawn struct {
	Election ID `json:"election"`
}

// ElectionVotingOpened ends nominations; Candidates are the alternatives.
type ElectionVotingOpened struct {
	Election   ID   `json:"election"`
	Candidates []ID `json:"candidates,omitempty"`
}

// ElectionClosed seats the elected delegates, computed from the ballots.
type ElectionClosed struct {
	Election ID    `json:"election"`
	Ballots  int64 `json:"ballots"`
	Elected  []ID  `json:"elected,omitempty"`
}

// TermsEnded ends the terms of delegates elected by Election; Next is the
// election opened for the seats (0 if one was already open).
type TermsEnded struct {
	Election ID   `json:"election"`
	Members  []ID `json:"members"`
	Next     ID   `json:"next"`
}

// RecallOpened is a recall vote on a delegate opened by one of its electors.
type RecallOpened struct {
	Recall     ID `json:"recall"`
	Federation ID `json:"federation"`
	Delegate   ID `json:"delegate"`
}

// RecallPetitionSigned is an elector signing a recall petition; Recall is
// the recall it opened on reaching the threshold, else 0.
type RecallPetitionSigned struct {
	Federation ID `json:"federation"`
	Delegate   ID `json:"delegate"`
	Recall     ID `json:"recall"`
}

// RecallClosed decides a recall. When it passes, the seat falls vacant, the
// votes the delegate cast on open questions of the council are withdrawn
// (Withdrawn), and a by-election opens (ByElection, 0 if one is open).
type RecallClosed struct {
	Recall     ID    `json:"recall"`
	Yes        int64 `json:"yes"`
	No         int64 `json:"no"`
	Abstain    int64 `json:"abstain"`
	Electors   int64 `json:"electors"`
	Quorum     bool  `json:"quorum"`
	Passed     bool  `json:"passed"`
	Withdrawn  []ID  `json:"withdrawn,omitempty"`
	ByElection ID    `json:"by_election"`
}

// ReferendumSigned is a member beneath a federated council signing for a
// referendum on its decision; Referendum is the one it opened, else 0.
type ReferendumSigned struct {
	Proposal   ID `json:"proposal"`
	Referendum ID `json:"referendum"`
}

// ReferendumClosed is the result of a referendum; it replaces the decision.
type ReferendumClosed struct {
	Referendum ID    `json:"referendum"`
	Yes        int64 `json:"yes"`
	No         int64 `json:"no"`
	Abstain    int64 `json:"abstain"`
	Electorate int64 `json:"electorate"`
	Quorum     bool  `json:"quorum"`
	Passed     bool  `json:"passed"`
	Overturned bool  `json:"overturned"`
}

// TendencyFormed is a new tendency, its founder its first member.
type TendencyFormed struct {
	Tendency ID     `json:"tendency"`
	Name     string `json:"name"`
	Platform string `json:"platform"`
}

// TendencyJoined is a member joining a tendency.
type TendencyJoined struct {
	Tendency ID `json:"tendency"`
}

// TendencyLeft is a member leaving a tendency.
type TendencyLeft struct {
	Tendency ID `json:"tendency"`
}

// PlatformPublished replaces a tendency's platform.
type PlatformPublished struct {
	Tendency ID     `json:"tendency"`
	Platform string `json:"platform"`
}

// DissolutionSigned is a tendency member asking to dissolve it; Dissolved
// is set when a majority of its members have asked.
type DissolutionSigned struct {
	Tendency  ID   `json:"tendency"`
	Dissolved bool `json:"dissolved"`
}

// MinorityReportFiled attaches a tendency's minority report to a proposal.
type MinorityReportFiled struct {
	Report   ID     `json:"report"`
	Tendency ID     `json:"tendency"`
	Proposal ID     `json:"proposal"`
	Text     string `json:"text"`
}

// MinorityReportSigned is a tendency member signing its minority report.
type MinorityReportSigned struct {
	Report ID `json:"report"`
}

// OperatorNoted is an operator's act on the installation, on the record.
// Action is "note", "password_reset" (Member's password was reset; the hash
// itself is not on the record) or "key_rotated".
type OperatorNoted struct {
	Note   ID     `json:"note"`
	Action string `json:"action"`
	Member ID     `json:"member,omitempty"`
	Text   string `json:"text,omitempty"`
}

// Kinds of events on the record.
func (Founded) Kind() string              { return "federation.founded" }
func (CouncilFounded) Kind() string       { return "council.founded" }
func (InvitationIssued) Kind() string     { return "invitation.issued" }
func (InvitationAccepted) Kind() string   { return "invitation.accepted" }
func (MemberLeft) Kind() string           { return "member.left" }
func (ProposalMade) Kind() string         { return "proposal.made" }
func (AmendmentMade) Kind() string        { return "amendment.made" }
func (AmendmentAccepted) Kind() string    { return "amendment.accepted" }
func (VotingOpened) Kind() string         { return "proposal.voting_opened" }
func (VoteCast) Kind() string             { return "vote.cast" }
func (ProposalClosed) Kind() string       { return "proposal.closed" }
func (DeviationRecorded) Kind() string    { return "mandate.deviation" }
func (ElectionCalled) Kind() string       { return "election.called" }
func (CandidacyFiled) Kind() string       { return "election.candidacy" }
func (CandidacyWithdrawn) Kind() string   { return "election.withdrawal" }
func (ElectionVotingOpened) Kind() string { return "election.voting_opened" }
func (ElectionClosed) Kind() string       { return "election.closed" }
func (TermsEnded) Kind() string           { return "term.ended" }
func (RecallOpened) Kind() string         { return "recall.opened" }
func (RecallPetitionSigned) Kind() string { return "recall.petition_signed" }
func (RecallClosed) Kind() string         { return "recall.closed" }
func (ReferendumSigned) Kind() string     { return "referendum.signed" }
func (ReferendumClosed) Kind() string     { return "referendum.closed" }
func (TendencyFormed) Kind() string       { return "tendency.formed" }
func (TendencyJoined) Kind() string       { return "tendency.joined" }
func (TendencyLeft) Kind() string         { return "tendency.left" }
func (PlatformPublished) Kind() string    { return "tendency.platform" }
func (DissolutionSigned) Kind() string    { return "tendency.dissolution_signed" }
func (MinorityReportFiled) Kind() string  { return "report.filed" }
func (MinorityReportSigned) Kind() string { return "report.signed" }
func (OperatorNoted) Kind() string        { return "operator.noted" }
