package council

import (
	"strconv"
	"strings"

	"commune/ledger"
)

// Quantities of goods are float64; derived table columns are INTEGER or
// TEXT, so they are written as the shortest decimal that reads back equal.
func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// cycleTables fills the specs of the planning cycle's and the accounts'
// derived tables; tables.go's init calls it.
func cycleTables() {
	specs[tPlanPeriods] = tableSpec{
		Table{Name: "plan_periods", Columns: cols("id, council, name T, start, end, created, status T, variants T, adopted"), Key: 1},
		func(s *State, k rowKey) []any {
			p := s.cyc.periods[k.a]
			if p == nil {
				return nil
			}
			return []any{int64(p.id), int64(p.council), p.name, p.start, p.end, p.created, p.status, idList(p.variants), int64(p.adopted)}
		},
		func(s *State) []rowKey { return keys1(tPlanPeriods, s.cyc.periods) },
	}
	specs[tPlanNeeds] = tableSpec{
		Table{Name: "plan_needs", Columns: cols("period, council, line, product T, quantity T, priority"), Key: 3},
		func(s *State, k rowKey) []any {
			p := s.cyc.periods[k.a]
			if p == nil || k.c < 1 || int(k.c) > len(p.needs[k.b]) {
				return nil
			}
			n := p.needs[k.b][k.c-1]
			return []any{int64(k.a), int64(k.b), int64(k.c), n.Product, ftoa(n.Quantity), int64(n.Priority)}
		},
		func(s *State) []rowKey {
			var out []rowKey
			for _, p := range s.cyc.periods {
				for c, ns := range p.needs {
					for i := range ns {
						out = append(out, rowKey{tPlanNeeds, p.id, c, ID(i + 1)})
					}
				}
			}
			return out
		},
	}
	specs[tPlanProcesses] = tableSpec{
		Table{Name: "plan_processes", Columns: cols("period, workplace, line, process T, product T, output T, labour T, capacity T, uses T"), Key: 3},
		func(s *State, k rowKey) []any {
			p := s.cyc.periods[k.a]
			if p == nil || k.c < 1 || int(k.c) > len(p.procs[k.b]) {
				return nil
			}
			x := p.procs[k.b][k.c-1]
			return []any{int64(k.a), int64(k.b), int64(k.c), x.ID, x.Product, ftoa(x.Output), ftoa(x.Labour), ftoa(x.Capacity), jsonText(x.Uses)}
		},
		func(s *State) []rowKey {
			var out []rowKey
			for _, p := range s.cyc.periods {
				for w, ps := range p.procs {
					for i := range ps {
						out = append(out, rowKey{tPlanProcesses, p.id, w, ID(i + 1)})
					}
				}
			}
			return out
		},
	}
	specs[tPlanOffers] = tableSpec{
		Table{Name: "plan_offers", Columns: cols("period, workplace, hours T"), Key: 2},
		func(s *State, k rowKey) []any {
			p := s.cyc.periods[k.a]
			if p == nil {
				return nil
			}
			h, ok := p.hours[k.b]
			if !ok {
				return nil
			}
			return []any{int64(k.a), int64(k.b), ftoa(h)}
		},
		func(s *State) []rowKey {
			var out []rowKey
			for _, p := range s.cyc.periods {
				for w := range p.hours {
					out = append(out, rowKey{t: tPlanOffers, a: p.id, b: w})
				}
			}
			return out
		},
	}
	specs[tPlanVariants] = tableSpec{
		Table{Name: "plan_variants", Columns: cols("id, period, name T, labour_scale T, labour T, computed, computed_by, figures T"), Key: 1},
		func(s *State, k rowKey) []any {
			v := s.cyc.variants[k.a]
			if v == nil {
				return nil
			}
			return []any{int64(v.id), int64(v.period), v.v.Spec.Name, ftoa(v.v.Spec.LabourScale), ftoa(v.v.Labour), v.computed, int64(v.by), jsonText(v.v)}
		},
		func(s *State) []rowKey { return keys1(tPlanVariants, s.cyc.variants) },
	}
	specs[tPlanTargets] = tableSpec{
		Table{Name: "plan_targets", Columns: cols("period, workplace, line, process T, product T, quantity T, hours T"), Key: 3},
		func(s *State, k rowKey) []any {
			p := s.cyc.periods[k.a]
			if p == nil || k.c < 1 || int(k.c) > len(p.targets[k.b]) {
				return nil
			}
			t := p.targets[k.b][k.c-1]
			return []any{int64(k.a), int64(k.b), int64(k.c), t.Process, t.Product, ftoa(t.Quantity), ftoa(t.Hours)}
		},
		func(s *State) []rowKey {
			var out []rowKey
			for _, p := range s.cyc.periods {
				for w, ts := range p.targets {
					for i := range ts {
						out = append(out, rowKey{tPlanTargets, p.id, w, ID(i + 1)})
					}
				}
			}
			return out
		},
	}
	specs[tPlanAllocations] = tableSpec{
		Table{Name: "plan_allocations", Columns: cols("period, council, line, product T, priority, quantity T"), Key: 3},
		func(s *State, k rowKey) []any {
			p := s.cyc.periods[k.a]
			if p == nil || k.c < 1 || int(k.c) > len(p.allocs[k.b]) {
				return nil
			}
			a := p.allocs[k.b][k.c-1]
			return []any{int64(k.a), int64(k.b), int64(k.c), a.Product, int64(a.Priority), ftoa(a.Quantity)}
		},
		func(s *State) []rowKey {
			var out []rowKey
			for _, p := range s.cyc.periods {
				for c, as := range p.allocs {
					for i := range as {
						out = append(out, rowKey{tPlanAllocations, p.id, c, ID(i + 1)})
					}
				}
			}
			return out
		},
	}
	specs[tPlanReports] = tableSpec{
		Table{Name: "plan_reports", Columns: cols("id, period, kind T, council, from_workplace, product T, quantity T, member, at"), Key: 1},
		func(s *State, k rowKey) []any {
			r := s.cyc.reports[k.a]
			if r == nil {
				return nil
			}
			return []any{int64(r.id), int64(r.period), r.kind, int64(r.council), int64(r.from), r.product, ftoa(r.quantity), int64(r.member), r.at}
		},
		func(s *State) []rowKey { return keys1(tPlanReports, s.cyc.reports) },
	}
	specs[tPlanFlags] = tableSpec{
		Table{Name: "plan_flags", Columns: cols("period, workplace, line, product T, target T, produced T, received T, flags T"), Key: 3},
		func(s *State, k rowKey) []any {
			name := s.productName(k.c)
			l := s.cyc.lines[lineKey{k.a, k.b, name}]
			if l == nil {
				return nil
			}
			r := reconcileLine(lineKey{k.a, k.b, name}, l)
			fl := make([]string, len(r.Flags))
			for i, f := range r.Flags {
				fl[i] = string(f)
			}
			return []any{int64(k.a), int64(k.b), int64(k.c), name, ftoa(r.Target), ftoa(r.Produced), ftoa(r.Received), strings.Join(fl, ",")}
		},
		func(s *State) []rowKey {
			out := make([]rowKey, 0, len(s.cyc.lines))
			for k := range s.cyc.lines {
				out = append(out, rowKey{tPlanFlags, k.period, k.workplace, s.cyc.products[k.product]})
			}
			return out
		},
	}
	specs[tFreeGoods] = tableSpec{
		Table{Name: "free_goods", Columns: cols("line, product T"), Key: 1},
		func(s *State, k rowKey) []any {
			name := s.productName(k.a)
			if !s.cyc.free[name] {
				return nil
			}
			return []any{int64(k.a), name}
		},
		func(s *State) []rowKey {
			var out []rowKey
			for p := range s.cyc.free {
				out = append(out, rowKey{t: tFreeGoods, a: s.cyc.products[p]})
			}
			return out
		},
	}
	specs[tAccounts] = tableSpec{
		Table{Name: "accounts", Columns: cols("id, kind T, name T, debits, credits, balance"), Key: 1},
		func(s *State, k rowKey) []any {
			a, ok := s.cyc.book.Account(ledger.AccountID(k.a))
			if !ok || (a.ID < 0 && a.Debits == 0 && a.Credits == 0) {
				// The sinks exist from the start but show once used, when
				// a transfer marks them changed.
				return nil
			}
			return []any{int64(a.ID), a.Kind.String(), a.Name, a.Debits, a.Credits, a.Balance()}
		},
		func(s *State) []rowKey {
			var out []rowKey
			for _, a := range s.cyc.book.Accounts() {
				out = append(out, rowKey{t: tAccounts, a: ID(a.ID)})
			}
			return out
		},
	}
	specs[tTransfers] = tableSpec{
		Table{Name: "transfers", Columns: cols("id, request T, debit, credit, amount, code T, ref T, corrects, time, council"), Key: 1},
		func(s *State, k rowKey) []any {
			tr, ok := s.cyc.book.Transfer(ledger.TransferID(k.a))
			if !ok {
				return nil
			}
			return []any{int64(tr.ID), tr.Request, int64(tr.Debit), int64(tr.Credit), tr.Amount, string(tr.Code), tr.Ref,
				int64(tr.Corrects), tr.Time, int64(s.cyc.byCouncil[tr.ID])}
		},
		func(s *State) []rowKey {
			out := make([]rowKey, 0, s.cyc.book.Len())
			for i := 1; i <= s.cyc.book.Len(); i++ {
				out = append(out, rowKey{t: tTransfers, a: ID(i)})
			}
			return out
		},
	}
	specs[tFunds] = tableSpec{
		Table{Name: "funds", Columns: cols("id, name T, per_mille, created"), Key: 1},
		func(s *State, k rowKey) []any {
			f := s.cyc.funds[k.a]
			if f == nil {
				return nil
			}
			return []any{int64(f.id), f.name, f.perMille, f.created}
		},
		func(s *State) []rowKey { return keys1(tFunds, s.cyc.funds) },
	}
	specs[tHoursReports] = tableSpec{
		Table{Name: "hours_reports", Columns: cols("id, workplace, member, minutes, ref T, status T, confirmed_by, reported, confirmed"), Key: 1},
		func(s *State, k rowKey) []any {
			r := s.cyc.hours[k.a]
			if r == nil {
				return nil
			}
			return []any{int64(r.id), int64(r.workplace), int64(r.member), r.minutes, r.ref, r.status, int64(r.confirmedBy), r.reported, r.confirmed}
		},
		func(s *State) []rowKey { return keys1(tHoursReports, s.cyc.hours) },
	}
	specs[tDraws] = tableSpec{
		Table{Name: "goods_drawn", Columns: cols("id, period, point, member, product T, quantity T, free, minutes, recorded_by, at"), Key: 1},
		func(s *State, k rowKey) []any {
			d := s.cyc.draws[k.a]
			if d == nil {
				return nil
			}
			return []any{int64(d.id), int64(d.period), int64(d.point), int64(d.member), d.product, ftoa(d.quantity), b2i(d.free), d.minutes, int64(d.by), d.at}
		},
		func(s *State) []rowKey { return keys1(tDraws, s.cyc.draws) },
	}
}

// productName is the product interned as n ("" if none).
func (s *State) productName(n ID) string {
	if n < 1 || int(n) > len(s.cyc.names) {
		return ""
	}
	return s.cyc.names[n-1]
}
