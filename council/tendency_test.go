package council

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune"
)

// Members across councils form a tendency; only its own members can
// dissolve it, by a majority of them.
func TestTendencyOnlyMembersDissolve(t *testing.T) { flowTendencyOnlyMembersDissolve(t, fixture(t)) }

func flowTendencyOnlyMembersDissolve(t *testing.T, f *Fixture) {
	tid := must(t, f, "Ben", FormTendency{Name: "Eco-socialists", Platform: "Plan for the planet."})[0].(TendencyFormed).Tendency
	must(t, f, "Finn", JoinTendency{Tendency: tid}) // Rue Neuve
	must(t, f, "Jo", JoinTendency{Tendency: tid})   // Print Shop
	refused(t, f, f.id("Jo"), JoinTendency{Tendency: tid}, commune.ECONFLICT, "already_member")

	// Nobody outside can dissolve it, change its platform or sign for it; operators neither.
	refused(t, f, f.id("Gus"), DissolveTendency{Tendency: tid}, commune.EFORBIDDEN, "not_tendency_member")
	refused(t, f, f.id("Ada"), PublishPlatform{Tendency: tid, Platform: "x"}, commune.EFORBIDDEN, "not_tendency_member")
	refused(t, f, Actor{Operator: "root"}, DissolveTendency{Tendency: tid}, commune.EFORBIDDEN, "operator")
	refused(t, f, Server, DissolveTendency{Tendency: tid}, commune.EFORBIDDEN, "server")

	must(t, f, "Finn", PublishPlatform{Tendency: tid, Platform: "Plan for the planet, in labour time."})
	p := propose(t, f, "Ada", Propose{Council: f.Bakery, Title: "Night shifts", Text: "Bake at night."})
	rep := must(t, f, "Ben", FileMinorityReport{Tendency: tid, Proposal: p, Text: "Night work harms health."})[0].(MinorityReportFiled).Report
	refused(t, f, f.id("Ada"), SignMinorityReport{Report: rep}, commune.EFORBIDDEN, "not_tendency_member")
	must(t, f, "Jo", SignMinorityReport{Report: rep})
	refused(t, f, f.id("Jo"), SignMinorityReport{Report: rep}, commune.ECONFLICT, "already_signed")
	reports := f.S.MinorityReports(p)
	if len(reports) != 1 || !cmp.Equal(reports[0].Signers, []ID{f.Member["Ben"], f.Member["Jo"]}) {
		t.Fatalf("reports %+v", reports)
	}
	if pv := proposalOf(t, f, p); len(pv.Reports) != 1 {
		t.Fatalf("proposal view lacks the report: %+v", pv.Reports)
	}

	// One of three asking is not a majority; two are.
	if evs := must(t, f, "Ben", DissolveTendency{Tendency: tid}); evs[0].(DissolutionSigned).Dissolved {
		t.Fatalf("dissolved by one of three")
	}
	refused(t, f, f.id("Ben"), DissolveTendency{Tendency: tid}, commune.ECONFLICT, "already_signed")
	if evs := must(t, f, "Finn", DissolveTendency{Tendency: tid}); !evs[0].(DissolutionSigned).Dissolved {
		t.Fatalf("not dissolved by two of three")
	}
	tv, _ := f.S.Tendency(tid)
	if tv.Status != "dissolved" {
		t.Fatalf("tendency %+v", tv)
	}
	refused(t, f, f.id("Gus"), JoinTendency{Tendency: tid}, commune.ECONFLICT, "dissolved")
}

func TestTendencyLeave(t *testing.T) { flowTendencyLeave(t, fixture(t)) }

func flowTendencyLeave(t *testing.T, f *Fixture) {
	tid := must(t, f, "Ben", FormTendency{Name: "T", Platform: ""})[0].(TendencyFormed).Tendency
	must(t, f, "Finn", JoinTendency{Tendency: tid})
	must(t, f, "Ben", LeaveTendency{Tendency: tid})
	refused(t, f, f.id("Ben"), LeaveTendency{Tendency: tid}, commune.EFORBIDDEN, "not_tendency_member")
	tv, _ := f.S.Tendency(tid)
	if !cmp.Equal(tv.Members, []ID{f.Member["Finn"]}) {
		t.Fatalf("members %v", tv.Members)
	}
	// The last member alone is a majority.
	if evs := must(t, f, "Finn", DissolveTendency{Tendency: tid}); !evs[0].(DissolutionSigned).Dissolved {
		t.Fatalf("not dissolved")
	}
}
