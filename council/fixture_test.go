package council

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFixture(t *testing.T) {
	f := fixture(t)
	var got [][2]any
	for _, sv := range f.S.Delegates(f.District) {
		got = append(got, [2]any{sv.Name, sv.Council})
	}
	want := [][2]any{{"Ada", f.Bakery}, {"Eve", f.RueNeuve}, {"Hana", f.PrintShop}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("delegates (-want +got):\n%s", diff)
	}
	d, _ := f.S.Council(f.District)
	if d.Kind != KindFederated || d.Size != 12 || d.Electors != 3 || len(d.Constituents) != 3 {
		t.Fatalf("district %+v", d)
	}
	if len(f.S.Members()) != 10 {
		t.Fatalf("%d members", len(f.S.Members()))
	}
	if evs := f.S.Due(f.Now); len(evs) != 0 {
		t.Fatalf("the fixture leaves events due: %v", evs)
	}
}
