package council

import "sort"

// State is the whole domain state of a federation: members, councils,
// questions and their votes, seats, recalls, referendums and tendencies.
// It changes only through Apply; everything else reads it. State is not safe
// for concurrent use: the store serialises writers and guards readers.
type State struct {
	last       ID    // the id counter: the last id assigned
	now        int64 // time of the last applied event; times never decrease
	federation string

	members     map[ID]*member
	byName      map[string]ID // the lowest id holding each name, for sign-in by name
	councils    map[ID]*council
	questions   map[ID]*question // proposals, elections, recalls, referendums by id
	proposals   map[ID]*proposal
	amendments  map[ID]*amendment
	elections   map[ID]*election
	recalls     map[ID]*recall
	referendums map[ID]*referendum
	mandates    map[ID]*mandate
	deviations  map[ID]*deviation
	tendencies  map[ID]*tendency
	reports     map[ID]*report
	invitations map[ID]*invitation
	invByHash   map[[32]byte]ID
	notes       map[ID]*note
	seats       map[seatKey]*seat
	petitions   map[petitionKey]*petition // recall petitions by seat
	seatRecall  map[seatKey]ID            // open recall by seat
	rotation    map[rotKey]*rotation
	mandateIdx  map[ID][]ID // proposal -> mandates on it
	cyc         *cycleState // plan periods and labour-time accounts (cycle.go, ledger.go)

	deadlines deadlineHeap
	dirty     map[rowKey]struct{}
	order     []rowKey
	untracked bool // TrackChanges(false)
}

// New returns an empty state: no federation has been founded yet.
func New() *State {
	return &State{
		members:     map[ID]*member{},
		councils:    map[ID]*council{},
		questions:   map[ID]*question{},
		proposals:   map[ID]*proposal{},
		amendments:  map[ID]*amendment{},
		elections:   map[ID]*election{},
		recalls:     map[ID]*recall{},
		referendums: map[ID]*referendum{},
		mandates:    map[ID]*mandate{},
		deviations:  map[ID]*deviation{},
		tendencies:  map[ID]*tendency{},
		reports:     map[ID]*report{},
		invitations: map[ID]*invitation{},
		invByHash:   map[[32]byte]ID{},
		notes:       map[ID]*note{},
		seats:       map[seatKey]*seat{},
		petitions:   map[petitionKey]*petition{},
		seatRecall:  map[seatKey]ID{},
		rotation:    map[rotKey]*rotation{},
		mandateIdx:  map[ID][]ID{},
		cyc:         newCycleState(),
		dirty:       map[rowKey]struct{}{},
	}
}

// next returns the id the k-th object created from now on will get (k from 1).
func (s *State) next(k int) ID { return s.last + ID(k) }

// alloc assigns the next id.
func (s *State) alloc() ID { s.last++; return s.last }

// Federation is the federation's name, "" before the founding act.
func (s *State) Federation() string { return s.federation }

// Founded reports whether the founding act has been applied.
func (s *State) Founded() bool { return s.federation != "" }

// Now is the time of the last applied event, microseconds UTC.
func (s *State) Now() int64 { return s.now }

// LastID is the last id assigned.
func (s *State) LastID() ID { return s.last }

type member struct {
	id       ID
	name     string
	joined   int64
	councils []ID            // base councils, in joining order
	seats    map[ID]*seat    // federation -> current seat
	history  []*seat         // every seat ever held, oldest first
	votes    map[ID]struct{} // open questions this member has a vote on
	tends    map[ID]struct{} // tendencies
	voted    []ID            // questions voted on, in order of first vote
	devs     []ID            // deviations from mandates
}

type council struct {
	id           ID
	name         string
	kind         string // workplace, neighbourhood, federated
	created      int64
	founder      ID
	statutes     Statutes
	members      map[ID]int64 // base: member -> since
	constituents map[ID]int64 // federated: council -> since
	parents      map[ID]int64 // federations this council belongs to -> since
	delegates    map[ID]*seat // federated: seated delegates by member
	size         int64        // members represented (base: members; federated: sum over constituents)
	elections    map[ID]ID    // federation -> open election of this council to it
	seated       map[ID]int64 // federated: constituent -> seated delegates
	proposals    []ID         // proposals before this council, oldest first
	electionIDs  []ID         // elections this council holds or seats delegates from
	recallIDs    []ID         // recalls of delegates seated in or elected by this council
}

func (c *council) federated() bool { return c.kind == KindFederated }

// electors is the number of electors of the council: members of a base
// council, seated delegates of a federated one.
func (c *council) electors() int64 {
	if c.federated() {
		return int64(len(c.delegates))
	}
	return int64(len(c.members))
}

type seatKey struct{ election, member ID }

type seat struct {
	election   ID
	federation ID
	council    ID // the constituent that elected the delegate
	member     ID
	start, end int64
	status     string // active, ended, recalled, left
	ended      int64
}

type petitionKey struct{ federation, member ID }

type petition struct {
	federation, member ID
	signers            map[ID]int64
}

type invitation struct {
	id       ID
	council  ID
	hash     [32]byte // SHA-256 of the code
	issuer   ID
	expires  int64
	status   string // open, accepted
	accepted ID
}

type note struct {
	id       ID
	operator string
	action   string
	member   ID
	text     string
	at       int64
}

type amendment struct {
	id       ID
	proposal ID
	author   ID
	text     string
	status   string // open, accepted, alternative
	at       int64
}

type mandate struct {
	id       ID
	council  ID // the council giving the mandate
	proposal ID // the higher council's proposal
	choice   string
	option   ID
	source   ID // the deciding proposal
	at       int64
}

type deviation struct {
	id       ID
	mandate  ID
	proposal ID
	member   ID
	council  ID
	choice   string
	recall   ID
	at       int64
}

type tendency struct {
	id       ID
	name     string
	platform string
	founder  ID
	created  int64
	status   string // active, dissolved
	members  map[ID]int64
	dissolve map[ID]int64 // members who asked to dissolve
}

type report struct {
	id       ID
	tendency ID
	proposal ID
	author   ID
	text     string
	at       int64
	signers  map[ID]int64
}

// sortedIDs returns the keys of m in increasing order.
func sortedIDs[V any](m map[ID]V) []ID {
	ids := make([]ID, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}
