package ledger_test

import (
	"fmt"

	"commune/ledger"
)

// A worker's eight confirmed hours, less the voted deductions, become
// certificates; bread drawn at its labour value cancels some of them.
func Example() {
	b := ledger.New(nil) // in memory; a server passes its journal
	now := int64(1)
	submit := func(key string, r ledger.Request) ledger.Result {
		now++
		res, err := b.Submit(now, key, r)
		if err != nil {
			panic(err)
		}
		return res
	}
	submit("open-ana", ledger.OpenAccount{Account: 1, Kind: ledger.Member, Name: "Ana"})
	submit("open-bakery", ledger.OpenAccount{Account: 100, Kind: ledger.Work, Name: "Bakery"})
	submit("open-common", ledger.OpenAccount{Account: 200, Kind: ledger.Fund, Name: "Common needs"})
	submit("rates", ledger.SetDeductions{Rates: []ledger.Rate{{Fund: 200, PerMille: 250}}})
	for _, tr := range submit("week-1", ledger.ConfirmHours{Worker: 1, Workplace: 100, Minutes: 8 * 60}).Transfers {
		fmt.Printf("%s: %d minutes\n", tr.Code, tr.Amount)
	}
	submit("bread", ledger.Draw{Member: 1, Minutes: 45, Ref: "bread"})
	ana, _ := b.Account(1)
	fmt.Println("Ana holds", ana.Balance(), "minutes")
	// Output:
	// deduction: 120 minutes
	// certificate: 360 minutes
	// Ana holds 315 minutes
}
