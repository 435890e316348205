"""Prints the comparison table of scripts/bench-plan-balance.sh.

Arguments: ours.jsonl (from scripts/balancebench) and highs.jsonl (from
scripts/highs/solve.mjs, one line per programme file and solver)."""
import json
import sys

ours = [json.loads(l) for l in open(sys.argv[1])]
highs = {}
for l in open(sys.argv[2]):
    d = json.loads(l)
    highs[(d["file"], d["solver"])] = d

bal = next(d for d in ours if d["kind"] == "balance")
print(f'plan.Balance, warm-started programme to programme: {bal["seconds"]:.2f} s wall, '
      f'{bal["cpu_seconds"]:.2f} s processor, {bal["iterations"]} iterations; labour {bal["objective"]:.10g} hours')
print(f'{"programme":<12} {"solver":<14} {"cpu s":>9} {"wall s":>9} {"iters":>8} {"objective":>18} {"HiGHS/ours":>10}')
tot = {"ours": 0.0, "pdlp": 0.0, "ipm": 0.0, "simplex": 0.0}
for d in ours:
    if d["kind"] != "lp":
        continue
    mine = d["cpu_seconds"]
    tot["ours"] += mine
    note = " (" + d["error"][:40] + ")" if d.get("error") else ""
    print(f'{d["name"]:<12} {"ours (PDHG)":<14} {mine:9.3f} {d["seconds"]:9.3f} {d["iterations"]:8d} {d["objective"]:18.10g} {"":>10}{note}')
    for s in ("pdlp", "ipm", "simplex"):
        h = highs.get((d["file"], s))
        if not h:
            tot[s] = float("nan")
            continue
        if h.get("status") == "failed":
            print(f'{"":<12} {"HiGHS " + s:<14} failed')
            tot[s] = float("nan")
            continue
        tot[s] += h["cpu_seconds"]
        ratio = h["cpu_seconds"] / mine if mine > 0 else float("inf")
        it = h.get("iterations") or 0
        print(f'{"":<12} {"HiGHS " + s:<14} {h["cpu_seconds"]:9.3f} {h["solve_seconds"]:9.3f} {it:8d} {h["objective"]:18.10g} {ratio:10.2f}  status {h["status"]}')
print("HiGHS status 7 = optimal, 13 = time limit, 15 = unknown (stopped without confirming its own KKT tolerances).")
print(f'{"all":<12} ours {tot["ours"]:.2f} s; HiGHS pdlp {tot["pdlp"]:.2f} s (ratio {tot["pdlp"]/tot["ours"]:.2f}), '
      f'ipm {tot["ipm"]:.2f} s (ratio {tot["ipm"]/tot["ours"]:.2f}), simplex {tot["simplex"]:.2f} s (ratio {tot["simplex"]/tot["ours"]:.2f})')
