#!/usr/bin/python3
"""Dask side of `go run ./bench graph-million` (issue 14's graph-construction
target): ((x + 1) * 2 - x).sum(axis=0) of ones((1000, 1000)) in (1, 1)
chunks, a million chunks. Sub plan times building the expression and
optimizing its graph (culling and fusion, what compute does first);
compute times the whole compute. One JSON line per sub-result, as
../shared/bench/dask_bench.py prints.

Usage: /usr/bin/python3 bench/graph_dask.py [--scale S] [--sub plan|compute]
"""
import argparse
import json
import resource
import time

import dask
import dask.array as da


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--sub", default="plan")
    a = ap.parse_args()
    n = max(10, int(round(1000 * a.scale / 10)) * 10)
    start = time.perf_counter()
    x = da.ones((n, 1000), chunks=(1, 1))
    y = ((x + 1) * 2 - x).sum(axis=0)
    if a.sub == "plan":
        (dsk,) = dask.optimize(y)
        tasks = len(dsk.__dask_graph__())
        checksum = float(n * 1000)  # the chunks planned, as the Go side's
    else:
        checksum = float(y.compute().sum())
    secs = time.perf_counter() - start
    extra = {"tasks": tasks} if a.sub == "plan" else {}
    print(json.dumps({"engine": "dask", "workload": "graph-million", "sub": a.sub, "seconds": round(secs, 6),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                      "result_checksum": checksum, "extra": extra, "params": {"shape": [n, 1000], "chunks": [1, 1]}}))


if __name__ == "__main__":
    main()
