// Package cycle is the planning cycle of a federated council for one plan
// period, between the councils and the planning engine: the needs that
// neighbourhood councils adopted and the processes and hours that
// workplace councils published become an economy for package plan; plan
// variants are computed from it; the variant adopted by vote gives each
// workplace its targets and each neighbourhood its allocations; and the
// reports of output and receipts made during the period are reconciled,
// flagging output that nobody received, receipts that nobody produced,
// and shortfalls against the targets.
//
// Every figure here is computed from submissions and reports, never
// typed in. The package does no I/O: the council domain records the
// submissions and reports and calls it.
package cycle
