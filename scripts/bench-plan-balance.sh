#!/usr/bin/env bash
# Benchmarks `commune plan balance` (plan.Balance on package lp's restarted
# PDHG) against HiGHS (npm package highs, pinned in scripts/highs: dual
# simplex, interior point without crossover, and PDLP), on the same
# generated multi-technique economies in the same run, at the same relative
# tolerance. Then balances one economy of 10^6 products against the clock,
# with the real command line, from files.
#
#   scripts/bench-plan-balance.sh                 # 5,000 and 20,000 products, then 10^6
#   SIZES="5000" BIG=0 scripts/bench-plan-balance.sh
#   SIZES= BIG=1000000 scripts/bench-plan-balance.sh    # only the 10^6 run
#
# Environment: TOL (default 1e-6), SIZES (default "5000 20000"), BIG
# (default 1000000; 0 skips), BIG_TOL (tolerance of the BIG run, default
# 1e-4, PDLP's standard relative tolerance), HIGHS_TIME_LIMIT (seconds per
# HiGHS solve, default 600), SEED (default 1), SOLVERS (HiGHS solvers to
# run, default "pdlp ipm simplex"), METHOD (our PDHG variant, halpern or
# adaptive, default halpern: see lp.Method).
#
# For each size it prints, per programme of the balance (one per priority
# level, then least labour), the seconds of each solver on that programme
# solved cold, and the ratio HiGHS/ours (above 1: ours is faster). Times are
# processor seconds (user + system) of the solve alone, reading excluded,
# which is fairer than wall time on a shared machine; wall seconds are
# printed too.
#
# The BIG run generates the economy with `commune plan generate
# --techniques` (not timed), then times `commune plan balance DIR --out OUT
# --tol BIG_TOL` as a user would run it, reading the CSV files included, and
# prints its wall time, peak memory, and per programme the iterations, the
# relative primal and dual residuals and the relative gap reached.
set -euo pipefail
cd "$(dirname "$0")/.."
TOL=${TOL:-1e-6}
SIZES=${SIZES-"5000 20000"}
BIG=${BIG:-1000000}
BIG_TOL=${BIG_TOL:-1e-4}
SEED=${SEED:-1}
SOLVERS=${SOLVERS:-"pdlp ipm simplex"}
METHOD=${METHOD:-halpern}
export HIGHS_TIME_LIMIT=${HIGHS_TIME_LIMIT:-600}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd scripts/highs && npm ci --no-audit --no-fund --silent >/dev/null)
go build -o "$work/balancebench" ./scripts/balancebench
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "our method: $METHOD"
echo "tolerance: relative primal residual, dual residual and gap ≤ $TOL (HiGHS PDLP: pdlp_optimality_tolerance = primal/dual feasibility tolerance = $TOL)"

for n in $SIZES; do
  mkdir -p "$work/$n"
  echo
  echo "== $n products (seed $SEED)"
  "$work/balancebench" -products "$n" -seed "$SEED" -tol "$TOL" -method "$METHOD" -lp "$work/$n" >"$work/$n/ours.jsonl"
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
  echo "== $BIG products: commune plan balance, tolerance $BIG_TOL (goal: within 10 minutes wall)"
  if [ "$BIG_TOL" != "$TOL" ]; then
    echo "NOTE: this run's tolerance is $BIG_TOL (relative primal residual, dual residual and gap), not the $TOL of the comparisons above."
  fi
  go build -o "$work/commune" ./cmd/commune
  echo "machine: load $(cut -d' ' -f1-3 /proc/loadavg) before the run"
  begin=$(date +%s)
  "$work/commune" plan generate --techniques --products "$BIG" --seed "$SEED" --out "$work/big" --quiet
  echo "generated in $(( $(date +%s) - begin )) s (not timed below): $(du -sh "$work/big" | cut -f1) of CSV"
  echo "start $(date -u +%H:%M:%S) UTC"
  status=0
  /usr/bin/time -f "%e %M %U %S" -o "$work/big.time" \
    "$work/commune" plan balance "$work/big" --out "$work/bigout" --tol "$BIG_TOL" --method "$METHOD" 2>"$work/big.err" || status=$?
  echo "end $(date -u +%H:%M:%S) UTC"
  grep -v -e '^balance: ' -e '%.*eta' "$work/big.err" | grep -v '^reading' || true
  # time writes "Command exited with non-zero status N" first on failure.
  read -r wall peak user sys < <(tail -n 1 "$work/big.time")
  python3 - "$wall" "$peak" "$user" "$sys" "$status" <<'PY'
import sys
wall, peak, user, sys_, status = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
print(f"commune plan balance: exit {status}, wall {wall:.1f} s ({wall/60:.1f} min), processor {user+sys_:.1f} s, peak memory {peak/1024/1024:.2f} GiB")
print("within 10 minutes: " + ("yes" if status == 0 and wall <= 600 else "NO"))
PY
fi
