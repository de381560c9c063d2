#!/usr/bin/python3
"""Dask side of `go run ./bench zarr-roundtrip-s3` (read-sum).

Usage (from the project's root, Debian's python3-dask and python3-fsspec):
    /usr/bin/python3 bench/stores_s3_dask.py [--repeat N] [--scale S]

Run the Go workload first (same --scale): it writes the Zarr store into
the bucket `bench` of the versitygw directory in the bench cache
($CHUNKWISE_BENCH_CACHE, default /tmp/chunkwise_bench_cache, then s3/) and
makes the bucket readable without credentials. This script starts the same
versitygw over that directory on a free port of 127.0.0.1 and times
`da.from_zarr(fsspec.get_mapper(URL)).sum().compute()` over plain HTTP
(fsspec's HTTP file system: Debian packages no s3fs), Dask's threaded
scheduler with its defaults. One JSON line per run, in dask_bench.py's
format, with GBps_uncompressed and chunk_requests_per_s as the Go side.
"""
import argparse
import json
import os
import resource
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

CACHE = os.environ.get("CHUNKWISE_BENCH_CACHE", os.path.join(tempfile.gettempdir(), "chunkwise_bench_cache"))


def rows(n, chunk, scale):
    return max(1, int(round(n * scale / chunk))) * chunk


def versitygw():
    """The versitygw binary `make setup` builds (or $CHUNKWISE_VERSITYGW)."""
    if os.environ.get("CHUNKWISE_VERSITYGW"):
        return os.environ["CHUNKWISE_VERSITYGW"]
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(cache, "chunkwise", "versitygw-v1.8.0", "versitygw")


def start(root):
    """Starts versitygw over root on a free port; returns it and its URL."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    addr = "127.0.0.1:%d" % s.getsockname()[1]
    s.close()
    p = subprocess.Popen([versitygw(), "--access", "chunkwise", "--secret", "chunkwise-secret", "--port", addr,
                          "--quiet", "--keep-alive", "posix", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while True:
        try:
            urllib.request.urlopen("http://%s/" % addr, timeout=1)
            break
        except urllib.error.HTTPError:
            break  # it answers (403 without credentials)
        except OSError:
            if p.poll() is not None or time.time() > deadline:
                p.kill()
                raise SystemExit("versitygw did not start on %s" % addr)
            time.sleep(0.05)
    return p, "http://" + addr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    import dask.array as da
    import fsspec
    shape = (rows(20000, 1000, a.scale), 10000)
    name = "rt_%dx%d.zarr" % shape
    root = os.path.join(CACHE, "s3")
    if not os.path.exists(os.path.join(root, "bench", name, ".done")):
        raise SystemExit("no %s in %s: run `go run ./bench zarr-roundtrip-s3 --scale %g` first" % (name, root, a.scale))
    srv, endpoint = start(root)
    try:
        url = "%s/bench/%s" % (endpoint, name)
        nbytes = shape[0] * shape[1] * 8
        nchunks = shape[0] // 1000 * shape[1] // 1000
        for rep in range(a.repeat):
            t0 = time.perf_counter()
            r = float(da.from_zarr(fsspec.get_mapper(url)).sum().compute())
            secs = time.perf_counter() - t0
            print(json.dumps({
                "workload": "zarr-roundtrip-s3", "sub": "read-sum", "engine": "dask", "repeat": rep,
                "seconds": round(secs, 6),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
                "result_checksum": r,
                "params": {"shape": list(shape), "chunks": [1000, 1000], "compressor": "numcodecs LZ4 (acceleration 1)",
                           "store": "zarr 2 in versitygw v1.8.0 (posix backend) on 127.0.0.1, read over HTTP (fsspec)",
                           "scale": a.scale},
                "extra": {"GBps_uncompressed": nbytes / 1e9 / secs, "chunk_requests_per_s": nchunks / secs},
            }), flush=True)
    finally:
        srv.kill()
        srv.wait()


if __name__ == "__main__":
    main()
