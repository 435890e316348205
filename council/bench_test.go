package council

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"testing"
)

// large is a federation of n members in n/10 workplace councils of ten,
// with a district of the first hundred councils, built through acts.
type large struct {
	s        *State
	now      int64
	log      []Recorded
	keep     bool
	councils []ID
	members  [][]ID // members by council
	district ID
}

func (l *large) do(tb testing.TB, by Actor, act Act) []Event {
	evs, err := act.Check(l.s, by, l.now)
	if err != nil {
		tb.Fatalf("%T: %v", act, err)
	}
	for _, ev := range evs {
		if err := l.s.Apply(l.now, by, ev); err != nil {
			tb.Fatalf("%s: %v", ev.Kind(), err)
		}
		if l.keep {
			l.log = append(l.log, Recorded{l.now, by, ev})
		}
	}
	if len(l.s.order) > 100_000 {
		l.s.TakeChanges() // as the store does after every commit
	}
	return evs
}

func (l *large) advance(tb testing.TB, d int64) {
	l.now += d
	for {
		evs := l.s.Due(l.now)
		if len(evs) == 0 {
			return
		}
		for _, ev := range evs {
			if err := l.s.Apply(l.now, Server, ev); err != nil {
				break
			}
			if l.keep {
				l.log = append(l.log, Recorded{l.now, Server, ev})
			}
		}
	}
}

func benchMembers() int {
	if v, err := strconv.Atoi(os.Getenv("COMMUNE_BENCH_MEMBERS")); err == nil && v >= 1000 {
		return v
	}
	return 100_000
}

func buildLarge(tb testing.TB, n int, keep bool) *large {
	l := &large{s: New(), now: FixtureStart, keep: keep}
	evs := l.do(tb, Server, Found{Federation: "Large", Name: "m0", Council: "c0", Kind: KindWorkplace})
	first := evs[0].(Founded)
	l.councils = []ID{first.Council}
	l.members = [][]ID{{first.Member}}
	code := 0
	newMember := func(inviter Actor, c ID) ID {
		code++
		cd := fmt.Sprintf("large-code-%012d", code)
		l.do(tb, inviter, Invite{Council: c, Code: cd})
		return l.do(tb, Server, AcceptInvitation{Code: cd, Name: "m" + strconv.Itoa(code)})[0].(InvitationAccepted).Member
	}
	for len(l.councils) < n/10 {
		prev := l.councils[len(l.councils)-1]
		founder := newMember(MemberActor(l.members[len(l.members)-1][0]), prev)
		c := l.do(tb, MemberActor(founder), FoundCouncil{Name: "c" + strconv.Itoa(len(l.councils)), Kind: KindWorkplace})[0].(CouncilFounded).Council
		l.do(tb, MemberActor(founder), Leave{Council: prev})
		l.councils = append(l.councils, c)
		l.members = append(l.members, []ID{founder})
	}
	for i, c := range l.councils {
		for len(l.members[i]) < 10 {
			l.members[i] = append(l.members[i], newMember(MemberActor(l.members[i][0]), c))
		}
	}
	// A district of the first hundred councils.
	k := min(100, len(l.councils))
	p := l.do(tb, MemberActor(l.members[0][0]), Propose{Council: l.councils[0], Kind: ProposalFoundFederation,
		Title: "District", Motion: Motion{Name: "District"}})[0].(ProposalMade).Proposal
	l.advance(tb, 2*Day+Second)
	for _, m := range l.members[0][:3] {
		l.do(tb, MemberActor(m), Vote{Question: p, Choice: Yes})
	}
	l.advance(tb, 3*Day)
	l.district = sortedIDs(l.s.councils[l.councils[0]].parents)[0]
	e0 := l.s.openElection(l.councils[0], l.district)
	l.do(tb, MemberActor(l.members[0][1]), Nominate{Election: e0})
	var joins []ID
	for i := 1; i < k; i++ {
		joins = append(joins, l.do(tb, MemberActor(l.members[i][0]), Propose{Council: l.councils[i], Kind: ProposalJoin,
			Title: "Join", Motion: Motion{Federation: l.district}})[0].(ProposalMade).Proposal)
	}
	l.advance(tb, 2*Day+Second)
	for _, m := range l.members[0][:3] {
		l.do(tb, MemberActor(m), Vote{Question: e0, Ranking: [][]ID{{l.members[0][1]}}})
	}
	for i, p := range joins {
		for _, m := range l.members[i+1][:3] {
			l.do(tb, MemberActor(m), Vote{Question: p, Choice: Yes})
		}
	}
	l.advance(tb, 3*Day)
	var elections []ID
	for i := 1; i < k; i++ {
		e := l.s.openElection(l.councils[i], l.district)
		l.do(tb, MemberActor(l.members[i][1]), Nominate{Election: e})
		elections = append(elections, e)
	}
	l.advance(tb, 2*Day+Second)
	for i, e := range elections {
		for _, m := range l.members[i+1][:3] {
			l.do(tb, MemberActor(m), Vote{Question: e, Ranking: [][]ID{{l.members[i+1][1]}}})
		}
	}
	l.advance(tb, 3*Day)
	if got := len(l.s.Delegates(l.district)); got != k {
		tb.Fatalf("district has %d delegates, want %d", got, k)
	}
	return l
}

func heapMB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}

// BenchmarkVote measures Check+Apply of a vote (a change of vote, so every
// iteration records an event) in a base council and in the district of a
// federation of COMMUNE_BENCH_MEMBERS members (default 100,000; run with
// 1000000 for the full-size federation), and reports the heap it takes.
func BenchmarkVote(b *testing.B) {
	n := benchMembers()
	l := buildLarge(b, n, false)
	l.s.TakeChanges()
	heap := heapMB()
	last := len(l.councils) - 1
	base := l.do(b, MemberActor(l.members[last][0]), Propose{Council: l.councils[last], Title: "t", Text: "x"})[0].(ProposalMade).Proposal
	dist := l.do(b, MemberActor(l.members[0][1]), Propose{Council: l.district, Title: "t", Text: "x"})[0].(ProposalMade).Proposal
	l.advance(b, 2*Day+Second)
	l.s.TakeChanges()
	for _, tc := range []struct {
		name   string
		q      ID
		voters []ID
	}{
		{"base", base, l.members[last]},
		{"district", dist, sortedIDs(l.s.councils[l.district].delegates)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			choices := []string{Yes, No}
			i := 0
			for b.Loop() {
				v := tc.voters[i%len(tc.voters)]
				l.do(b, MemberActor(v), Vote{Question: tc.q, Choice: choices[(i/len(tc.voters))%2]})
				i++
				if i%1024 == 0 {
					l.s.TakeChanges()
				}
			}
			b.ReportMetric(heap, "heap-MB")
			b.ReportMetric(float64(n), "members")
		})
	}
}

// BenchmarkReplay measures Apply alone over a recorded federation's
// events (encoded and decoded as the audit does): events per second.
func BenchmarkReplay(b *testing.B) {
	l := buildLarge(b, 20_000, true)
	type entry struct {
		at   int64
		by   Actor
		kind string
		body []byte
	}
	entries := make([]entry, len(l.log))
	for i, r := range l.log {
		body, _ := EncodeEvent(r.Event)
		entries[i] = entry{r.At, r.By, r.Event.Kind(), body}
	}
	cpu0 := cpuTime()
	for b.Loop() {
		s := New()
		s.TrackChanges(false) // as the audit, which compares Rows at the end
		for _, e := range entries {
			ev, err := DecodeEvent(e.kind, e.body)
			if err != nil {
				b.Fatal(err)
			}
			if err := s.Apply(e.at, e.by, ev); err != nil {
				b.Fatal(err)
			}
		}
		s.TakeChanges()
	}
	b.ReportMetric(float64(len(entries))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(len(entries))*float64(b.N)/(cpuTime()-cpu0), "events/cpu-s")
}

// cpuTime is the CPU time this process used, in seconds: on a shared
// machine wall time says more about the neighbours than about the code.
func cpuTime() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
