#!/usr/bin/env bash
# Benchmarks `commune plan values` and `outputs` on generated economies of
# 10^5, 10^6 and 10^7 products × 12 inputs (time, peak memory, time per
# product with A against the memory-bandwidth bound measured here), and
# runs peers on the same instances in the same run: scipy's spsolve, scipy's
# BiCGSTAB (the same method as ours) and a dense numpy solve, on the sizes
# where they finish (smaller sizes are added for them). Prints a table of figures and ratios, also written to
# bench/plan-values.txt.
#
# usage: scripts/bench-plan-values.sh [SIZES...]   (default: 2000 10000 100000 1000000 10000000)
# env:   WORK=dir for instances (default: a temp dir, removed at the end)
#        PEER_TIMEOUT=seconds for each peer run (default 300)
#        OUT=file for the results (default bench/plan-values.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2000 10000 100000 1000000 10000000)
peer_timeout=${PEER_TIMEOUT:-300}

if ! /usr/bin/python3 -c 'import scipy, numpy' 2>/dev/null; then
  echo "bench: installing python3-scipy" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends python3-scipy >/dev/null
fi
[ -x /usr/bin/time ] || { apt-get install -y -qq time >/dev/null; }

work=${WORK:-$(mktemp -d)}
[ -n "${WORK:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work" bench
bin=$work/commune
go build -o "$bin" ./cmd/commune
out=${OUT:-bench/plan-values.txt}
: >"$out"
say() { echo "$*" | tee -a "$out"; }

say "# commune plan values/outputs benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
say "# $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1e6}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "# $(go version)"

# Memory bandwidth: a STREAM triad over 3 × 128 MiB on all cores.
bw=$(go test ./sparse -run '^$' -bench '^BenchmarkStream$' -benchtime 10x | awk '/BenchmarkStream/ {print $(NF-1)}')
say "# memory bandwidth (STREAM triad): ${bw} MB/s"
# CSV parsing speed.
go test ./plan -run '^$' -bench '^BenchmarkRead(InputsCSV|MatrixMarket|Products)$' -benchtime 5x |
  awk '/^Benchmark/ {sub(/-[0-9]+$/, "", $1); for(i=1;i<=NF;i++) {if($i=="MB/s") w=$(i-1); if($i=="MB/cpu-s") c=$(i-1)}; printf "# %s: %s MB/s wall, %s MB per CPU-second\n", $1, w, c}' | tee -a "$out"

# run_commune SUB DIR: sets wall, rss (MB), read, solve, prods, nnz.
run_commune() {
  local sub=$1 dir=$2 log=$work/$1.log
  /usr/bin/time -v "$bin" plan "$sub" "$dir" --out "$dir/res" 2>"$log" >/dev/null || { cat "$log" >&2; return 1; }
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.2f", s}' "$log")
  read=$(awk '/^read [0-9]+ products/ {print $(NF-1)}' "$log")
  nnz=$(awk '/^read [0-9]+ products/ {print $4}' "$log")
  solve=$(awk '/^solved/ {for(i=1;i<=NF;i++) if($i=="in"){print $(i+1); exit}}' "$log")
  prods=$(awk '/^solved/ {for(i=1;i<=NF;i++) if($i=="products"){print $(i-1); exit}}' "$log")
}

say ""
say "$(printf '%-9s %-10s %8s %8s %8s %8s %8s %7s %10s %10s %7s' size command wall_s cpu_s read_s solve_s peak_MB prods ms/prod bound_ms ratio)"
declare -A ours gaveup
for n in "${sizes[@]}"; do
  dir=$work/e$n
  rm -rf "$dir"
  "$bin" plan generate --products "$n" --inputs 12 --seed 1 --format mtx --out "$dir" --quiet
  for sub in values outputs; do
    run_commune "$sub" "$dir"
    per=$(awk -v s="$solve" -v p="$prods" 'BEGIN {printf "%.2f", 1000*s/p}')
    # What one product with A and its share of BiCGSTAB's vector passes
    # must move: 12 bytes per entry (value and index), 8 per row pointer,
    # and 19 passes over vectors of 8 bytes per product every step of two
    # products (see sparse/fused.go): 12·nnz + 84·n bytes.
    bound=$(awk -v z="$nnz" -v n="$n" -v bw="$bw" 'BEGIN {printf "%.2f", 1000*(12*z+84*n)/(bw*1e6)}')
    ratio=$(awk -v a="$per" -v b="$bound" 'BEGIN {printf "%.1f", a/b}')
    say "$(printf '%-9s %-10s %8s %8s %8s %8s %8s %7s %10s %10s %7s' "$n" "$sub" "$wall" "$cpu" "$read" "$solve" "$rss" "$prods" "$per" "$bound" "$ratio")"
    [ "$sub" = values ] && ours[$n]=$solve
  done
  cp "$dir/res/values.csv" "$dir/ours.csv"
  # The same economy with inputs.csv instead of inputs.mtx (up to 10^6).
  if [ "$n" -le 1000000 ]; then
    cdir=$work/c$n
    rm -rf "$cdir"
    "$bin" plan generate --products "$n" --inputs 12 --seed 1 --format csv --out "$cdir" --quiet
    csvbytes=$(stat -c %s "$cdir/inputs.csv")
    run_commune values "$cdir"
    say "$(printf '%-9s %-10s %8s %8s %8s %8s %8s %7s   inputs.csv %s MB' "$n" values-csv "$wall" "$cpu" "$read" "$solve" "$rss" "$prods" "$((csvbytes / 1000000))")"
    cmp -s "$cdir/res/values.csv" "$dir/ours.csv" || say "# WARNING: values from inputs.csv and inputs.mtx differ"
    rm -rf "$cdir"
  fi
  # Peers, where they can finish: dense up to 10^4, spsolve and scipy's
  # BiCGSTAB until they first fail to finish.
  for peer in dense spsolve bicgstab; do
    if [ "$peer" = dense ] && [ "$n" -gt 10000 ]; then continue; fi
    if [ -n "${gaveup[$peer]:-}" ]; then
      say "$(printf '%-9s %-8s not run: did not finish at %s' "$n" "$peer" "${gaveup[$peer]}")"
      continue
    fi
    if res=$(timeout "$peer_timeout" /usr/bin/python3 scripts/bench_plan_peers.py "$dir" "$peer" "$dir/ours.csv" 2>/dev/null); then
      set -- $res
      ratio=$(awk -v a="$4" -v b="${ours[$n]}" 'BEGIN {r = a/(b>0?b:1e-3); printf (r >= 10 ? "%.0f" : "%.2f"), r}')
      say "$(printf '%-9s %-10s %8s %8s %8s %8s   solve time / ours: %sx; max rel. difference from ours %s' "$n" "$peer" "-" "-" "$3" "$4" "$ratio" "$5")"
    else
      gaveup[$peer]=$n
      say "$(printf '%-9s %-8s did not finish within %s s (or ran out of memory)' "$n" "$peer" "$peer_timeout")"
    fi
  done
  rm -rf "$dir"
done
say ""
say "# wall_s: whole command (read, check, solve, write); cpu_s: its user + system CPU time (on a
# shared machine wall time mostly measures the sharing); ms/prod: solve time per product with A"
say "# (BiCGSTAB: 2 per step, plus its vector updates and the productivity check); bound_ms:"
say "# (12·nnz + 84·n) bytes — the matrix, and the vector passes of a step (sparse/fused.go) per"
say "# product — at the STREAM bandwidth; ratio = ms/prod ÷ bound_ms. Peers: read_s/solve_s in Python, solve"
say "# compared with commune's values solve time."
