#!/usr/bin/python3
"""Dask side of `go run ./bench everyday-ops`: the same expressions over
the same array (random (20000, 10000), chunks (2000, 2000), persisted),
the median of five computes after a warm-up, one line per operation.
Run with Debian's python3-dask: /usr/bin/python3 bench/everyday_dask.py"""
import json
import statistics
import time

import dask.array as da

x = da.random.RandomState(42).random_sample((20000, 10000), chunks=(2000, 2000)).persist()
ops = {
    "max": lambda: x.max(), "min0": lambda: x.min(axis=0), "argmax": lambda: x.argmax(),
    "argmin0": lambda: x.argmin(axis=0), "nansum": lambda: da.nansum(x), "nanmax": lambda: da.nanmax(x),
    "nanmean0": lambda: da.nanmean(x, axis=0), "var": lambda: x.var(), "prod": lambda: x.prod(),
    "any": lambda: (x > 0.5).any(), "count_nonzero": lambda: da.count_nonzero(x),
    "gt_sum": lambda: (x > 0.5).sum(), "cumsum0_sum": lambda: x.cumsum(axis=0).sum(),
    "sqrt_sum": lambda: da.sqrt(x).sum(), "exp_sum": lambda: da.exp(x).sum(),
}
for sub, f in ops.items():
    ts = []
    for k in range(6):
        t = time.perf_counter()
        f().compute()
        if k > 0:
            ts.append(time.perf_counter() - t)
    print(json.dumps({"workload": "everyday-ops", "sub": sub, "engine": "dask",
                      "seconds": round(statistics.median(ts), 6)}), flush=True)
