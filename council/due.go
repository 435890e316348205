package council

import (
	"container/heap"
	"sort"
)

// Kinds of deadline, in the order Due handles deadlines falling at the same
// time: recalls first, so a term's end never races its recall.
const (
	dlRecall uint8 = iota
	dlDiscussion
	dlVoting
	dlNominations
	dlElection
	dlReferendum
	dlTerm
)

type deadline struct {
	at     int64
	kind   uint8
	id     ID // proposal, election, recall, referendum; for a term the electing election
	member ID // for a term
}

func (a deadline) less(b deadline) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	if a.kind != b.kind {
		return a.kind < b.kind
	}
	if a.id != b.id {
		return a.id < b.id
	}
	return a.member < b.member
}

type deadlineHeap []deadline

func (h deadlineHeap) Len() int           { return len(h) }
func (h deadlineHeap) Less(i, j int) bool { return h[i].less(h[j]) }
func (h deadlineHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *deadlineHeap) Push(x any)        { *h = append(*h, x.(deadline)) }
func (h *deadlineHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (s *State) schedule(d deadline) { heap.Push(&s.deadlines, d) }

// live reports whether a deadline still calls for an event.
func (s *State) live(d deadline) bool {
	switch d.kind {
	case dlDiscussion:
		p := s.proposals[d.id]
		return p != nil && p.status == StatusDiscussion
	case dlVoting:
		p := s.proposals[d.id]
		return p != nil && p.status == StatusVoting
	case dlNominations:
		e := s.elections[d.id]
		return e != nil && e.status == ElectionNominations
	case dlElection:
		e := s.elections[d.id]
		return e != nil && e.status == ElectionVoting
	case dlRecall:
		r := s.recalls[d.id]
		return r != nil && r.status == RecallOpen
	case dlReferendum:
		r := s.referendums[d.id]
		return r != nil && r.status == ReferendumOpen
	case dlTerm:
		st := s.seats[seatKey{d.id, d.member}]
		return st != nil && st.status == SeatActive
	}
	return false
}

// dropStale pops deadlines that no longer call for an event.
func (s *State) dropStale() {
	for len(s.deadlines) > 0 && !s.live(s.deadlines[0]) {
		heap.Pop(&s.deadlines)
	}
}

// Due returns the events the clock makes due at now: discussions ending
// (voting opens), votes closing with their tallies, nominations ending,
// elections closing with the delegates elected, recalls and referendums
// closing, terms ending. It does not change the state; the caller records
// the events (actor Server, time now) by applying them in order. Each
// event is computed against the state before the earlier ones; should one
// be refused because an earlier one changed its premises, drop it and the
// rest and call Due again. Cost: O(events due · size of their questions).
func (s *State) Due(now int64) []Event {
	var due []deadline
	var walk func(i int)
	walk = func(i int) {
		if i >= len(s.deadlines) || s.deadlines[i].at > now {
			return
		}
		if s.live(s.deadlines[i]) {
			due = append(due, s.deadlines[i])
		}
		walk(2*i + 1)
		walk(2*i + 2)
	}
	walk(0)
	sort.Slice(due, func(i, j int) bool { return due[i].less(due[j]) })

	last := s.last
	recalled := map[seatKey]bool{}
	for _, d := range due {
		if d.kind == dlRecall {
			r := s.recalls[d.id]
			recalled[r.seat] = true
		}
	}
	terms := map[ID][]ID{}
	var termOrder []ID
	var out []Event
	for _, d := range due {
		switch d.kind {
		case dlDiscussion:
			out = append(out, s.votingOpened(s.proposals[d.id]))
		case dlVoting:
			ev := s.proposalOutcome(s.proposals[d.id], last)
			last += ID(len(ev.Created))
			out = append(out, ev)
		case dlNominations:
			out = append(out, s.nominationsClosed(s.elections[d.id]))
		case dlElection:
			out = append(out, s.electionOutcome(s.elections[d.id]))
		case dlRecall:
			ev := s.recallOutcome(s.recalls[d.id], last)
			if ev.ByElection != 0 {
				last = ev.ByElection
			}
			out = append(out, ev)
		case dlReferendum:
			out = append(out, s.referendumOutcome(s.referendums[d.id]))
		case dlTerm:
			k := seatKey{d.id, d.member}
			if recalled[k] {
				continue
			}
			if _, ok := terms[d.id]; !ok {
				termOrder = append(termOrder, d.id)
			}
			terms[d.id] = append(terms[d.id], d.member)
		}
	}
	for _, e := range termOrder {
		ev := s.termsOutcome(e, terms[e], last)
		if ev.Next != 0 {
			last = ev.Next
		}
		out = append(out, ev)
	}
	return out
}
