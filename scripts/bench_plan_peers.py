#!/usr/bin/env python3
"""Peers for scripts/bench-plan-values.sh: labour values v = vA + l of an
economy written by `commune plan generate --format mtx`, solved by
scipy.sparse.linalg.spsolve (SuperLU), by scipy.sparse.linalg.bicgstab
(the same iterative method as commune's, to relative residual 1e-12), or
by a dense numpy solve (LAPACK).

usage: bench_plan_peers.py DIR spsolve|bicgstab|dense [COMMUNE_VALUES_CSV]

Prints one line: method n read_s solve_s max_rel_diff (the largest
difference from commune's values relative to the largest value, or nan).
"""
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla


def read_economy(d):
    labour = np.loadtxt(d + "/products.csv", delimiter=",", skiprows=1, usecols=2, dtype=float)
    with open(d + "/inputs.mtx") as f:
        text = f.read()
    lines = text.split("\n", 3)
    k = 0
    while lines[k].startswith("%"):
        k += 1
    n, _, nnz = (int(t) for t in lines[k].split())
    body = text.split("\n", k + 1)[k + 1]
    e = np.fromstring(body, dtype=float, sep=" ").reshape(-1, 3)
    assert e.shape[0] == nnz, (e.shape, nnz)
    rows = e[:, 0].astype(np.int64) - 1
    cols = e[:, 1].astype(np.int64) - 1
    a = sp.csc_matrix((e[:, 2], (rows, cols)), shape=(n, n))
    return labour, a


def main():
    d, method = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    labour, a = read_economy(d)
    n = a.shape[0]
    t1 = time.perf_counter()
    m = (sp.identity(n, format="csc") - a.T).tocsc()
    if method == "spsolve":
        v = spla.spsolve(m, labour)
    elif method == "bicgstab":
        m = m.tocsr()  # rows: each product a gather, as commune's
        t1 = time.perf_counter()
        try:
            v, info = spla.bicgstab(m, labour, rtol=1e-12, atol=0.0)
        except TypeError:  # scipy before 1.12 calls it tol
            v, info = spla.bicgstab(m, labour, tol=1e-12, atol=0.0)
        if info != 0:
            sys.exit(f"bicgstab: info {info}")
    elif method == "dense":
        v = np.linalg.solve(m.toarray(), labour)
    else:
        sys.exit("unknown method " + method)
    t2 = time.perf_counter()
    diff = float("nan")
    if len(sys.argv) > 3:
        ours = np.loadtxt(sys.argv[3], delimiter=",", skiprows=1, usecols=1, dtype=float)
        diff = float(np.max(np.abs(ours - v)) / np.max(np.abs(v)))
    print(f"{method} {n} {t1 - t0:.3f} {t2 - t1:.3f} {diff:.3g}")


if __name__ == "__main__":
    main()
