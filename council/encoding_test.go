package council

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// allLogs runs every flow and returns the logs.
func allLogs(t *testing.T) [][]Recorded {
	t.Helper()
	var logs [][]Recorded
	for _, name := range sortedFlowNames() {
		f := fixture(t)
		flows[name](t, f)
		logs = append(logs, f.Log)
	}
	return logs
}

func sortedFlowNames() []string {
	var names []string
	for n := range flows {
		names = append(names, n)
	}
	sortStrings(names)
	return names
}

// Every kind of event appears in the flows and survives encode/decode.
func TestEncodeDecodeRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	for _, log := range allLogs(t) {
		for _, r := range log {
			body, err := EncodeEvent(r.Event)
			if err != nil {
				t.Fatal(err)
			}
			got, err := DecodeEvent(r.Event.Kind(), body)
			if err != nil {
				t.Fatalf("%s %s: %v", r.Event.Kind(), body, err)
			}
			if diff := cmp.Diff(r.Event, got); diff != "" {
				t.Fatalf("%s round trip (-want +got):\n%s", r.Event.Kind(), diff)
			}
			seen[r.Event.Kind()] = true
		}
	}
	for _, k := range EventKinds() {
		if !seen[k] {
			t.Errorf("no flow produces %s", k)
		}
	}
}

func TestEncodeCanonical(t *testing.T) {
	body, err := EncodeEvent(ProposalMade{Proposal: 7, Council: 2, ProposalKind: ProposalText, Title: "<b>&</b>", Text: "é\n"})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"proposal":7,"council":2,"kind":"text","title":"<b>&</b>","text":"é\n","motion":{}}`
	if string(body) != want {
		t.Fatalf("got %s\nwant %s", body, want)
	}
}

func TestDecodeRefusesNonCanonical(t *testing.T) {
	tests := []struct{ name, kind, body string }{
		{"unknown kind", "vote.stolen", `{"question":1,"weight":1}`},
		{"unknown field", "vote.cast", `{"question":1,"choice":"yes","weight":1,"extra":1}`},
		{"field order", "vote.cast", `{"choice":"yes","question":1,"weight":1}`},
		{"whitespace", "vote.cast", `{"question":1, "choice":"yes","weight":1}`},
		{"trailing data", "vote.cast", `{"question":1,"choice":"yes","weight":1}{}`},
		{"trailing newline", "vote.cast", "{\"question\":1,\"choice\":\"yes\",\"weight\":1}\n"},
		{"null", "vote.cast", `null`},
		{"empty omitted field spelled out", "vote.cast", `{"question":1,"choice":"","weight":1}`},
		{"escaped html", "tendency.formed", `{"tendency":1,"name":"\u003c","platform":""}`},
		{"float id", "vote.cast", `{"question":1.0,"choice":"yes","weight":1}`},
		{"wrong type", "vote.cast", `{"question":"1","choice":"yes","weight":1}`},
		{"empty", "vote.cast", ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if ev, err := DecodeEvent(tt.kind, []byte(tt.body)); err == nil {
				t.Fatalf("accepted %q as %#v", tt.body, ev)
			}
		})
	}
	if _, err := DecodeEvent("vote.cast", []byte(`{"question":1,"choice":"yes","weight":1}`)); err != nil {
		t.Fatalf("canonical refused: %v", err)
	}
}

func TestActorString(t *testing.T) {
	tests := []struct {
		a    Actor
		want string
	}{
		{MemberActor(12), "member:12"},
		{Actor{Operator: "alice"}, "operator:alice"},
		{Server, "server"},
	}
	for _, tt := range tests {
		if got := tt.a.String(); got != tt.want {
			t.Errorf("%#v: got %q want %q", tt.a, got, tt.want)
		}
		back, err := ParseActor(tt.want)
		if err != nil || back != tt.a {
			t.Errorf("ParseActor(%q) = %#v, %v", tt.want, back, err)
		}
	}
	for _, bad := range []string{"", "member:", "member:0", "member:-1", "member:01", "member:1x", "operator:", "operator:a b", "operator:a:b", "Server", "admin:x"} {
		if a, err := ParseActor(bad); err == nil {
			t.Errorf("ParseActor(%q) = %#v", bad, a)
		}
	}
}

// Tampering with any figure of a recorded event is detected: Apply refuses
// it (or, when the tampered event is itself a valid act, such as a vote on
// another question, a later figure or the final rows differ).
func TestApplyRefusesTamperedEvents(t *testing.T) {
	f := scenario(t)
	tampered, exact := 0, 0
	for i, r := range f.Log {
		ev, ok := tamper(r.Event)
		if !ok {
			continue
		}
		log := append([]Recorded(nil), f.Log...)
		log[i].Event = ev
		s := New()
		var err error
		at := -1
		for j, x := range log {
			if err = s.Apply(x.At, x.By, x.Event); err != nil {
				at = j
				break
			}
		}
		switch {
		case at == i:
			exact++
		case at > i:
		case at < 0 && !sameTables(s, f.S):
		default:
			t.Errorf("entry %d (%s) tampered to %+v: undetected (refused at %d: %v)", i, r.Event.Kind(), ev, at, err)
		}
		tampered++
	}
	if tampered < 20 || exact*10 < tampered*8 {
		t.Fatalf("%d events tampered, %d refused at once", tampered, exact)
	}
	// The same log with a different actor is refused too.
	for i, r := range f.Log {
		if _, ok := r.Event.(VoteCast); ok {
			log := append([]Recorded(nil), f.Log...)
			log[i].By = Actor{Operator: "root"}
			s := New()
			for j, x := range log {
				if err := s.Apply(x.At, x.By, x.Event); err != nil {
					if j != i {
						t.Fatalf("refused at %d, want %d", j, i)
					}
					return
				}
			}
			t.Fatal("a vote by an operator was applied")
		}
	}
}

func sameTables(a, b *State) bool {
	for _, tb := range Tables() {
		if !cmp.Equal(a.Rows(tb.Name), b.Rows(tb.Name)) {
			return false
		}
	}
	return true
}

// tamper changes the first integer figure of an event by one.
func tamper(ev Event) (Event, bool) {
	v := reflect.New(reflect.TypeOf(ev)).Elem()
	v.Set(reflect.ValueOf(ev))
	for i := 0; i < v.NumField(); i++ {
		fld := v.Field(i)
		switch fld.Kind() {
		case reflect.Int64:
			fld.SetInt(fld.Int() + 1)
			return v.Interface().(Event), true
		case reflect.Bool:
			fld.SetBool(!fld.Bool())
			return v.Interface().(Event), true
		}
	}
	return nil, false
}

func FuzzDecodeEvent(f *testing.F) {
	fx, err := NewFixture()
	if err != nil {
		f.Fatal(err)
	}
	for _, r := range fx.Log {
		body, _ := EncodeEvent(r.Event)
		f.Add(r.Event.Kind(), string(body))
	}
	f.Add("vote.cast", `{"question":1,"choice":"yes","ranking":[[]],"weight":1}`)
	f.Add("vote.cast", `{"question":40,"ranking":[[1,1]],"weight":1}`)
	f.Add("proposal.made", `{"proposal":1,"council":1,"kind":"statutes","title":"x","text":"","motion":{"statutes":{}}}`)
	f.Fuzz(func(t *testing.T, kind, body string) {
		ev, err := DecodeEvent(kind, []byte(body))
		if err != nil {
			return
		}
		again, err := EncodeEvent(ev)
		if err != nil || string(again) != body {
			t.Fatalf("decoded %q but encodes as %q (%v)", body, again, err)
		}
		// Applying any decodable event to a live state, by anyone, must not
		// panic; a refused one leaves the state as it was.
		g, _ := NewFixture()
		before := g.S.Rows("votes")
		for _, by := range []Actor{MemberActor(1), MemberActor(11), Server, {Operator: "x"}} {
			if err := g.S.Apply(g.Now+Day, by, ev); err != nil {
				if !strings.Contains(err.Error(), ev.Kind()) {
					t.Fatalf("error does not name the event: %v", err)
				}
				if diff := cmp.Diff(before, g.S.Rows("votes")); diff != "" {
					t.Fatalf("refused event changed votes:\n%s", diff)
				}
			}
		}
	})
}

func FuzzParseActor(f *testing.F) {
	for _, s := range []string{"member:1", "operator:root", "server", "member:01", "operator:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseActor(s)
		if err != nil {
			return
		}
		if a.String() != s || !a.valid() {
			t.Fatalf("ParseActor(%q) = %#v, prints %q", s, a, a.String())
		}
	})
}
