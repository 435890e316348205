#!/usr/bin/env bash
# Benchmarks `commune plan balance` (plan.Balance on package lp's restarted
# PDHG) against HiGHS (npm package highs, pinned in scripts/highs: dual
# simplex, interior point without crossover, and PDLP), on the same
# generated multi-technique economies in the same run, at the same relative
# tolerance. Then balances one economy of 10^6 products against the clock.
#
#   scripts/bench-plan-balance.sh                 # 5,000 and 20,000 products, then 10^6
#   SIZES="5000" BIG=0 scripts/bench-plan-balance.sh
#
# Environment: TOL (default 1e-6), SIZES (default "5000 20000"), BIG
# (default 1000000; 0 skips), HIGHS_TIME_LIMIT (seconds per HiGHS solve,
# default 600), SEED (default 1), SOLVERS (HiGHS solvers to run, default
# "pdlp ipm simplex").
#
# For each size it prints, per programme of the balance (one per priority
# level, then least labour), the seconds of each solver on that programme
# solved cold, and the ratio HiGHS/ours (above 1: ours is faster). Times are
# processor seconds (user + system) of the solve alone, reading excluded,
# which is fairer than wall time on a shared machine; wall seconds are
# printed too.
set -euo pipefail
cd "$(dirname "$0")/.."
TOL=${TOL:-1e-6}
SIZES=${SIZES-"5000 20000"}
BIG=${BIG:-1000000}
SEED=${SEED:-1}
SOLVERS=${SOLVERS:-"pdlp ipm simplex"}
export HIGHS_TIME_LIMIT=${HIGHS_TIME_LIMIT:-600}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd scripts/highs && npm ci --no-audit --no-fund --silent >/dev/null)
go build -o "$work/balancebench" ./scripts/balancebench
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tolerance: relative primal residual, dual residual and gap ≤ $TOL (HiGHS PDLP: pdlp_optimality_tolerance = primal/dual feasibility tolerance = $TOL)"

for n in $SIZES; do
  mkdir -p "$work/$n"
  echo
  echo "== $n products (seed $SEED)"
  "$work/balancebench" -products "$n" -seed "$SEED" -tol "$TOL" -lp "$work/$n" >"$work/$n/ours.jsonl"
  : >"$work/$n/highs.jsonl"
  for f in "$work/$n"/stage*.lp; do
    for solver in $SOLVERS; do
      node scripts/highs/solve.mjs "$f" "$solver" "$TOL" 2>>"$work/$n/highs.err" |
        python3 -c 'import json,sys; d=json.load(sys.stdin); d["file"]=sys.argv[1]; print(json.dumps(d))' "$f" >>"$work/$n/highs.jsonl" 2>/dev/null ||
        echo "{\"file\": \"$f\", \"solver\": \"$solver\", \"status\": \"failed\"}" >>"$work/$n/highs.jsonl"
    done
  done
  python3 scripts/bench_plan_balance_report.py "$work/$n/ours.jsonl" "$work/$n/highs.jsonl"
  if [ -s "$work/$n/highs.err" ]; then
    echo "(HiGHS wrote errors: $(grep -c -i 'abort\|error' "$work/$n/highs.err" || true) lines mention abort/error; a failed run above is one of them)"
  fi
done

if [ "$BIG" -gt 0 ]; then
  echo
  echo "== $BIG products: plan.Balance alone (goal: within 10 minutes)"
  /usr/bin/time -f "peak memory %M KiB, wall %e s" "$work/balancebench" -products "$BIG" -seed "$SEED" -tol "$TOL" -stage -2 >"$work/big.jsonl"
  python3 - "$work/big.jsonl" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    if d["kind"] == "balance":
        print(f'{d["products"]} products, {d["processes"]} processes: balanced in {d["seconds"]:.1f} s wall, {d["cpu_seconds"]:.1f} s processor, {d["iterations"]} PDHG iterations in all, labour {d["objective"]:.8g} hours')
PY
fi
