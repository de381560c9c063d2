#!/usr/bin/python3
"""Dask side of `go run ./bench svd-compressed|cholesky-solve|lstsq`
(bench/linalg.go): the same sizes, chunks, input distributions and
checksums, inputs persisted before the clock starts, one JSON line per run
in dask_bench.py's format.

Usage (from the project's root, Debian's python3-dask; unset
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE first, as users run NumPy):
    /usr/bin/python3 bench/linalg_dask.py svd-compressed|cholesky-solve|lstsq [--repeat N] [--scale S]

Each run is a fresh process (--child), so peak RSS is that run's.
"""
import argparse
import json
import resource
import subprocess
import sys
import time

SEED = 42
SUBS = {"svd-compressed": "rank20-iter2", "cholesky-solve": "solve", "lstsq": "lstsq"}


def rows(n, chunk, scale):
    return max(1, int(round(n * scale / chunk))) * chunk


def run(workload, scale):
    import dask
    import dask.array as da
    import numpy as np
    rs = da.random.RandomState(SEED)
    if workload == "svd-compressed":
        m, n = rows(200_000, 10_000, scale), 2000
        x = rs.random_sample((m, n), chunks=(10_000, n)).persist()
        params = {"shape": [m, n], "chunks": [10_000, n], "k": 20, "n_power_iter": 2, "scale": scale, "outputs": "s"}
        t = time.perf_counter()
        _, s, _ = da.linalg.svd_compressed(x, 20, n_power_iter=2, seed=SEED)
        r = float(np.sum(s.compute()))
    elif workload == "cholesky-solve":
        n = rows(8000, 1000, scale)
        r0 = rs.random_sample((n, n), chunks=(1000, 1000))
        a = ((r0 + r0.T) * 0.5 + da.eye(n, chunks=1000) * n).persist()
        b = da.random.RandomState(SEED + 1).random_sample((n,), chunks=1000).persist()
        params = {"n": n, "chunks": [1000, 1000], "scale": scale}
        t = time.perf_counter()
        l = da.linalg.cholesky(a, lower=True)
        y = da.linalg.solve_triangular(l, b, lower=True)
        x = da.linalg.solve_triangular(l.T, y, lower=False)
        r = float(np.sum(x.compute()))
    else:
        m, n = rows(1_000_000, 100_000, scale), 100
        a = rs.random_sample((m, n), chunks=(100_000, n)).persist()
        b = da.random.RandomState(SEED + 1).random_sample((m,), chunks=100_000).persist()
        params = {"shape": [m, n], "chunks": [100_000, n], "scale": scale, "outputs": "x"}
        t = time.perf_counter()
        x, _, _, _ = da.linalg.lstsq(a, b)
        r = float(np.sum(x.compute()))
    secs = time.perf_counter() - t
    return secs, r, params


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workload", choices=sorted(SUBS))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1)
    ap.add_argument("--child", action="store_true")
    ap.add_argument("--rep", type=int, default=0)
    a = ap.parse_args()
    if a.child:
        secs, r, params = run(a.workload, a.scale)
        print(json.dumps({"workload": a.workload, "engine": "dask", "sub": SUBS[a.workload], "seconds": secs,
                          "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                          "result_checksum": r, "params": params, "repeat": a.rep}), flush=True)
        return
    for rep in range(a.repeat):
        subprocess.run([sys.executable, __file__, a.workload, "--child", "--scale", str(a.scale), "--rep", str(rep)], check=True)


if __name__ == "__main__":
    main()
