#!/usr/bin/python3
"""Dask side of `go run ./bench ooc-store-twopass` and `ooc-store-rechunk`.

Usage (from the project's root, Debian's python3-dask):
    /usr/bin/python3 bench/outofcore_dask.py ooc-store-twopass|ooc-store-rechunk [--repeat N] [--scale S]

Reads the same store the Go workload writes into the bench cache
($CHUNKWISE_BENCH_CACHE, default /tmp/chunkwise_bench_cache), writing it
with Dask (untimed) when it is missing: 32000 x 16000 float64 (rows x S),
lz4, row chunks (250, 16000). Each timed run is a fresh process whose peak
RSS is reset after setup. Dask's threaded scheduler has no memory limit;
the equivalent of chunkwise's budget is a distributed LocalCluster with
one worker process of 2 threads and memory_limit the budget (spilling at
60%, pausing at 80%), which --distributed selects; peak RSS is then the
worker's. One JSON line per run, in dask_bench.py's format.
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

SEED = 42
CACHE = os.environ.get("CHUNKWISE_BENCH_CACHE", os.path.join(tempfile.gettempdir(), "chunkwise_bench_cache"))
BUDGET = {"ooc-store-twopass": 1 << 30, "ooc-store-rechunk": 512 << 20}
SUB = {"ooc-store-twopass": "std0-1GiB", "ooc-store-rechunk": "rows-to-cols-512MiB"}


def rows(n, chunk, scale):
    return max(1, int(round(n * scale / chunk))) * chunk


def store(scale):
    import dask.array as da
    import numcodecs
    shape = (rows(32000, 250, scale), 16000)
    path = os.path.join(CACHE, "ooc_%dx%d_250.zarr" % shape)
    if not os.path.exists(os.path.join(path, ".done")):
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(CACHE, exist_ok=True)
        x = da.random.RandomState(SEED).random_sample(shape, chunks=(250, 16000))
        x.to_zarr(path, compressor=numcodecs.LZ4())
        open(os.path.join(path, ".done"), "w").close()
    return path, shape


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def child(workload, scale, rep, distributed):
    import dask
    import dask.array as da
    import numcodecs
    path, shape = store(scale)
    with open("/proc/self/clear_refs", "w") as f:  # forget the setup's peak
        f.write("5")
    budget = BUDGET[workload]
    client = None
    if distributed:
        from dask.distributed import Client, LocalCluster
        cluster = LocalCluster(n_workers=1, threads_per_worker=2, memory_limit=budget, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    out = None
    t0 = time.perf_counter()
    x = da.from_zarr(path)
    if workload == "ooc-store-twopass":
        r = float((x - x.mean(axis=0)).std(axis=0).compute().sum())
        expr = "(x - x.mean(axis=0)).std(axis=0)"
    else:
        out = tempfile.mkdtemp(dir=CACHE, prefix="ooc-rechunk-dask-")
        target = (min(16000, shape[0]), 250)
        x.rechunk(target).to_zarr(os.path.join(out, "y.zarr"), compressor=numcodecs.LZ4())
        expr = "x.rechunk((%d, 250)).to_zarr(out)" % target[0]
    secs = time.perf_counter() - t0
    peak = peak_rss_mb()
    if client is not None:
        peak = max(peak, max(client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0).values()))
        client.close()
    if out is not None:
        r = float(da.from_zarr(os.path.join(out, "y.zarr"))[:target[0], :250].sum().compute())
        shutil.rmtree(out, ignore_errors=True)
    print(json.dumps({
        "workload": workload, "sub": SUB[workload], "engine": "dask-distributed" if distributed else "dask",
        "repeat": rep, "seconds": round(secs, 6), "peak_rss_mb": round(peak, 1), "result_checksum": r,
        "params": {"shape": shape, "chunks": [250, 16000], "codec": "numcodecs.LZ4 (zarr v2)", "expr": expr,
                   "memory_limit": budget if distributed else None, "scale": scale,
                   "scheduler": "LocalCluster(1 worker, 2 threads)" if distributed else "threaded"},
        "extra": {"array_GB": shape[0] * shape[1] * 8 / 1e9, "dask": dask.__version__}}), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("workload", choices=sorted(BUDGET))
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--distributed", action="store_true")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--rep", type=int, default=0, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        return child(a.workload, a.scale, a.rep, a.distributed)
    for rep in range(a.repeat):
        cmd = [sys.executable, os.path.abspath(__file__), a.workload, "--child", "--scale", str(a.scale),
               "--rep", str(rep)] + (["--distributed"] if a.distributed else [])
        subprocess.run(cmd, check=False)


if __name__ == "__main__":
    main()
