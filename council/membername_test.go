package council

import (
	"fmt"
	"testing"
)

func TestMemberByName(t *testing.T) {
	f, err := NewFixture()
	if err != nil {
		t.Fatal(err)
	}
	for name, id := range f.Member {
		got, ok := f.S.MemberByName(name)
		if !ok || got != id {
			t.Errorf("MemberByName(%q) = %d, %v; want %d", name, got, ok, id)
		}
	}
	// A second member of the same name does not take the name from the first.
	ada := f.Member["Ada"]
	code := "same-name-code-0001"
	if _, err := f.As("Ada", Invite{Council: f.Bakery, Code: code}); err != nil {
		t.Fatal(err)
	}
	evs, err := f.Do(Server, AcceptInvitation{Code: code, Name: "Ada"})
	if err != nil {
		t.Fatal(err)
	}
	if second := evs[0].(InvitationAccepted).Member; second == ada {
		t.Fatal("the newcomer got the first Ada's id")
	}
	if got, _ := f.S.MemberByName("Ada"); got != ada {
		t.Errorf("MemberByName(Ada) = %d after a namesake joined, want the first, %d", got, ada)
	}
	if _, ok := f.S.MemberByName(fmt.Sprint("nobody-", ada)); ok {
		t.Error("an unknown name was found")
	}
}
