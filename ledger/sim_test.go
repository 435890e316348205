package ledger_test

import (
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"commune/ledger"
)

var (
	simSeed  = flag.Int64("sim.seed", 0, "run the ledger simulation with this seed only")
	simSeeds = flag.Int("sim.seeds", 150, "number of seeds the ledger simulation runs")
	simSteps = flag.Int("sim.steps", 400, "steps per seed")
)

// simJournal is durable storage that crashes at random: an Append may fail
// before writing (nothing durable) or after writing (durable, but the
// caller never hears so), as a real disk and process can.
type simJournal struct {
	rng     *rand.Rand
	durable []ledger.Batch
	faults  int
}

var errCrash = errors.New("simulated crash")

func (j *simJournal) Append(b ledger.Batch) error {
	switch n := j.rng.Intn(100); {
	case n < 4:
		j.faults++
		return errCrash // crashed before the write reached the disk
	case n < 8:
		j.faults++
		j.durable = append(j.durable, b)
		return errCrash // crashed after the write, before the answer
	}
	j.durable = append(j.durable, b)
	return nil
}

// pending is a request a client has sent and may send again.
type pending struct {
	key string
	req ledger.Request
}

// TestSimulation drives a Book with seeded random workloads: requests valid
// and invalid, duplicated and reordered, retried after crashes at any
// storage call, with the book rebuilt from its journal after each crash.
// After every step it checks every invariant. A failure prints the seed;
// rerun it alone with -sim.seed=N.
func TestSimulation(t *testing.T) {
	seeds := make([]int64, 0, *simSeeds)
	if *simSeed != 0 {
		seeds = append(seeds, *simSeed)
	} else {
		for i := 1; i <= *simSeeds; i++ {
			seeds = append(seeds, int64(i))
		}
	}
	for _, seed := range seeds {
		if err := simulate(seed, *simSteps); err != nil {
			t.Fatalf("seed %d: %v (rerun: go test ./ledger -run TestSimulation -sim.seed=%d)", seed, err, seed)
		}
	}
}

func simulate(seed int64, steps int) error {
	rng := rand.New(rand.NewSource(seed))
	j := &simJournal{rng: rng}
	b := ledger.New(j)
	acked := make(map[string][]ledger.Transfer) // key → the result the client was given
	var sent []pending
	members := []ledger.AccountID{1, 2, 3, 4}
	const work, fundA, fundB = 10, 20, 21
	now := int64(0)
	nextKey := 0

	setup := []ledger.Request{
		ledger.OpenAccount{Account: work, Kind: ledger.Work, Name: "works"},
		ledger.OpenAccount{Account: fundA, Kind: ledger.Fund, Name: "replacement"},
		ledger.OpenAccount{Account: fundB, Kind: ledger.Fund, Name: "support"},
	}
	for _, m := range members {
		setup = append(setup, ledger.OpenAccount{Account: m, Kind: ledger.Member})
	}
	setup = append(setup, ledger.SetDeductions{Rates: []ledger.Rate{{Fund: fundA, PerMille: 120}, {Fund: fundB, PerMille: 80}}})
	for _, r := range setup {
		nextKey++
		sent = append(sent, pending{fmt.Sprintf("k%d", nextKey), r})
	}

	randomRequest := func() ledger.Request {
		m := members[rng.Intn(len(members))]
		amount := int64(rng.Intn(300)) - 20 // sometimes zero or negative
		switch rng.Intn(9) {
		case 0, 1, 2:
			return ledger.ConfirmHours{Worker: m, Workplace: work, Minutes: amount}
		case 3, 4:
			return ledger.Draw{Member: m, Minutes: amount}
		case 5:
			return ledger.SpendFund{Fund: fundA, Minutes: amount}
		case 6:
			return ledger.Support{Fund: fundB, Member: m, Minutes: amount}
		case 7:
			return ledger.Expire{Member: m, Before: now - int64(rng.Intn(2000))}
		default:
			return ledger.Correct{Transfer: ledger.TransferID(rng.Intn(40) + 1)}
		}
	}

	send := func(p pending) error {
		now += int64(rng.Intn(50)) - 10 // the clock may step back; transfer times must not
		res, err := b.Submit(now, p.key, p.req)
		switch {
		case errors.Is(err, errCrash):
			// Crash: the process dies, memory is lost, the journal stays.
			nb, rerr := ledger.Replay(j.durable, j)
			if rerr != nil {
				return fmt.Errorf("recovery: %w", rerr)
			}
			b = nb
		case err != nil:
			if _, ok := acked[p.key]; ok {
				return fmt.Errorf("retry of acknowledged %s failed: %v", p.key, err)
			}
		default:
			if first, ok := acked[p.key]; ok {
				if diff := cmp.Diff(first, res.Transfers); diff != "" {
					return fmt.Errorf("retry of %s gave another result:\n%s", p.key, diff)
				}
			} else {
				acked[p.key] = res.Transfers
			}
		}
		return nil
	}

	for _, p := range sent {
		if err := send(p); err != nil {
			return err
		}
	}
	for step := 0; step < steps; step++ {
		var p pending
		switch n := rng.Intn(10); {
		case n < 6: // a new request
			nextKey++
			p = pending{fmt.Sprintf("k%d", nextKey), randomRequest()}
			sent = append(sent, p)
		case n < 9: // a duplicate or a late, reordered delivery of an earlier one
			p = sent[rng.Intn(len(sent))]
		default: // a key reused for other fields: must never change anything
			old := sent[rng.Intn(len(sent))]
			p = pending{old.key, randomRequest()}
			before := b.Accounts()
			if _, err := b.Submit(now, p.key, p.req); err == nil && !sameRequest(old.req, p.req) {
				if _, seen := acked[p.key]; seen {
					return fmt.Errorf("step %d: key %s reused with other fields was accepted", step, p.key)
				}
			} else if errors.Is(err, errCrash) {
				if nb, rerr := ledger.Replay(j.durable, j); rerr != nil {
					return rerr
				} else {
					b = nb
				}
			} else if err != nil {
				if diff := cmp.Diff(before, b.Accounts()); diff != "" {
					return fmt.Errorf("step %d: a refused request changed accounts:\n%s", step, diff)
				}
			}
			continue
		}
		if err := send(p); err != nil {
			return fmt.Errorf("step %d: %w", step, err)
		}
		// The full check replays the journal; every few steps and at the
		// end keeps a seed's run linear rather than quadratic.
		if step%16 == 0 || step == steps-1 {
			if err := checkSim(b, j, acked); err != nil {
				return fmt.Errorf("step %d: %w", step, err)
			}
		} else if err := b.Check(); err != nil {
			return fmt.Errorf("step %d: %w", step, err)
		}
	}
	return nil
}

func sameRequest(a, b ledger.Request) bool {
	ea, _ := ledger.EncodeRequest(a)
	eb, _ := ledger.EncodeRequest(b)
	return a.Op() == b.Op() && string(ea) == string(eb)
}

// checkSim checks the invariants after a step: the book's own invariants;
// memory equals a replay of the durable journal; every acknowledged
// request is durable with the result the client was given.
func checkSim(b *ledger.Book, j *simJournal, acked map[string][]ledger.Transfer) error {
	if err := b.Check(); err != nil {
		return err
	}
	re, err := ledger.Replay(j.durable, nil)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(re.Accounts(), b.Accounts()) {
		return fmt.Errorf("memory differs from the journal:\n%s", cmp.Diff(re.Accounts(), b.Accounts()))
	}
	durable := make(map[string][]ledger.Transfer, len(j.durable))
	for _, bt := range j.durable {
		durable[bt.Key] = bt.Transfers
	}
	for k, trs := range acked {
		got, ok := durable[k]
		if !ok {
			return fmt.Errorf("acknowledged request %s is not durable", k)
		}
		if !reflect.DeepEqual(trs, got) {
			return fmt.Errorf("acknowledged request %s differs from the journal:\n%s", k, cmp.Diff(trs, got))
		}
	}
	return nil
}
