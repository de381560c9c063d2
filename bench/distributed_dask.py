#!/usr/bin/python3
"""Dask's side of chunkwise's distributed-out-of-core workload (bench/distributed.go).

Usage (unset OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE first):
    /usr/bin/python3 bench/distributed_dask.py [--repeat N] [--scale S]

The out-of-core workload of ../shared/bench/SPEC.md, x.mean(axis=0) of a
(50000, 20000) random array in (2500, 2500) chunks (8 GB, generation
counted, never persisted), computed on dask.distributed's
LocalCluster(n_workers=2, threads_per_worker=1, processes=True), the same
shape as chunkwise's local cluster of 2 worker processes. Cluster start-up
is not timed. Each repeat runs in a fresh process and prints one JSON line
in the format of dask_bench.py.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

SEED = 42


def rows(n, chunk, scale):
    return max(1, int(round(n * scale / chunk))) * chunk


def child(scale, rep):
    import dask.array as da
    from distributed import Client, LocalCluster
    shape, chunks = (rows(50000, 2500, scale), 20000), (2500, 2500)
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    client.wait_for_workers(2)
    x = da.random.RandomState(SEED).random_sample(shape, chunks=chunks)
    t0 = time.perf_counter()
    r = x.mean(axis=0).compute().sum()
    secs = time.perf_counter() - t0
    nbytes = shape[0] * shape[1] * 8
    print(json.dumps({
        "workload": "distributed-out-of-core", "sub": "mean0", "engine": "dask", "repeat": rep,
        "seconds": round(secs, 6),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
        "result_checksum": float(r),
        "params": {"shape": shape, "chunks": chunks, "expr": "x.mean(axis=0)", "generation_counted": True,
                   "n_workers": 2, "threads_per_worker": 1, "processes": True, "scale": scale},
        "extra": {"array_GB": nbytes / 1e9, "GBps_generated": nbytes / 1e9 / secs},
    }), flush=True)
    client.close()
    cluster.close()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--rep", type=int, default=0, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        import warnings
        warnings.filterwarnings("ignore")
        return child(a.scale, a.rep)
    for rep in range(a.repeat):
        subprocess.run([sys.executable, os.path.abspath(__file__), "--child", "--scale", str(a.scale),
                        "--rep", str(rep)], check=True)


if __name__ == "__main__":
    main()
