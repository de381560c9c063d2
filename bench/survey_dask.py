#!/usr/bin/python3
"""Dask twin of `go run ./bench survey` (bench/survey.go): the same entries,
by the same names, over the same deterministic inputs, each timed end to
end (graph construction included), one JSON line per entry with the same
checksum: sum of |v_i| * (1 + i mod 7) over each result's C-order values.
Inputs are built and persisted untimed when an entry first needs them, and
dropped after the first entry that does not use them (built again if a
later one does); each entry's peak RSS window starts after its inputs
(Linux clear_refs).

    /usr/bin/python3 bench/survey_dask.py [--only REGEXP]

Run with Debian's python3-dask; bench/survey_compare.py runs it beside
chunkwise. Unset OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE first."""
import argparse
import gc
import json
import mmap
import os
import re
import resource
import shutil
import sys
import tempfile
import time

import numpy as np
import dask
import dask.array as da

GOLDEN = 0.6180339887498949
A_SHAPE, B_SHAPE, V_SHAPE = (4000, 4000), (100, 400, 400), (16_000_000,)
CACHE = os.path.join(os.environ.get("CHUNKWISE_BENCH_CACHE",
                                    os.path.join(tempfile.gettempdir(), "chunkwise_bench_cache")), "survey_dask")


BLOCK = 1 << 20  # elements an input is built in at a time


def filled(n, dt, f):
    """The n values f(i) of dtype dt, built a block of indices at a time
    into one array, as the Go side fills each chunk in place: no
    array-sized temporary is made and freed, whose pages (on a virtual
    machine, still backed by the host) the timed entry would reuse."""
    v = np.empty(n, dtype=dt)
    for s in range(0, n, BLOCK):
        v[s:s + BLOCK] = f(np.arange(s, min(s + BLOCK, n), dtype=np.int64))
    return v


def base(n):
    return filled(n, np.float64, lambda i: np.mod(i * GOLDEN, 1.0))


def with_nan(v):
    v[3::17] = np.nan  # every index i with i mod 17 == 3
    return v


def ints(n, m, off, dt):
    return filled(n, dt, lambda i: (i * 7919) % m - off)


def take_idx():
    return (np.arange(2000, dtype=np.int64) * 7919) % A_SHAPE[0]


na, nb = A_SHAPE[0] * A_SHAPE[1], B_SHAPE[0] * B_SHAPE[1] * B_SHAPE[2]
BUILD = {
    "a": lambda: da.from_array(base(na).reshape(A_SHAPE), chunks=(1000, 1000)),
    "a_nan": lambda: da.from_array(with_nan(base(na)).reshape(A_SHAPE), chunks=(1000, 1000)),
    "ap": lambda: inp("a") * 0.5 + 0.75,
    "a32": lambda: inp("a").astype(np.float32),
    "b": lambda: da.from_array(base(nb).reshape(B_SHAPE), chunks=(25, 100, 200)),
    "b_nan": lambda: da.from_array(with_nan(base(nb)).reshape(B_SHAPE), chunks=(25, 100, 200)),
    "v": lambda: da.from_array(base(V_SHAPE[0]), chunks=1_000_000),
    "i64": lambda: da.from_array(ints(na, 1000, 500, np.int64).reshape(A_SHAPE), chunks=(1000, 1000)),
    "i32": lambda: da.from_array(ints(na, 1000, 500, np.int32).reshape(A_SHAPE), chunks=(1000, 1000)),
    "u8": lambda: da.from_array(ints(na, 256, 0, np.uint8).reshape(A_SHAPE), chunks=(1000, 1000)),
    "bool": lambda: inp("a") > 0.5,
    "u16": lambda: (inp("a") * 65535).astype(np.uint16),
    "i16": lambda: (inp("a") * 2000 - 1000).astype(np.int16),
    "i8": lambda: (inp("a") * 200 - 100).astype(np.int8),
    "a16": lambda: inp("a").astype(np.float16),
    "tall": lambda: da.from_array(base(200_000 * 60).reshape(200_000, 60), chunks=(20_000, 60)),
    "w": lambda: da.from_array(base(A_SHAPE[1] * 50).reshape(A_SHAPE[1], 50), chunks=(1000, 50)),
    "a_c1500": lambda: inp("a").rechunk((1000, 1500)),
    "a_irr": lambda: inp("a").rechunk(((1500, 500, 1000, 1000), (700, 1300, 2000))),
    "a_small": lambda: inp("a").rechunk((100, 100)),
    "a_huge": lambda: inp("a").rechunk((4000, 4000)),
    "a_rows": lambda: inp("a").rechunk((100, 4000)),
    "a_cols": lambda: inp("a").rechunk((4000, 100)),
    "idx": lambda: da.from_array(take_idx(), chunks=500),
    "b32": lambda: inp("b").astype(np.float32),
    "bi64": lambda: da.from_array(ints(nb, 1000, 500, np.int64).reshape(B_SHAPE), chunks=(25, 100, 200)),
    "pts": lambda: da.from_array(base(2_000_000 * 6).reshape(2_000_000, 6), chunks=(250_000, 6)),
    "rgb": lambda: da.from_array(ints(3000 * 3000 * 3, 256, 0, np.uint8).reshape(3000, 3000, 3), chunks=(1000, 1000, 3)),
}
INPUTS = {}
USED = set()  # the inputs the entry running asked for


def drop_unused_inputs():
    """Forget the inputs the entry run last did not use, as the Go side
    does (dropUnusedInputs): a process holds what the entries in turn
    need, not every input of the survey."""
    for name in list(INPUTS):
        if name not in USED:
            del INPUTS[name]
    USED.clear()


# Times are (wall, CPU) pairs: the CPU time of the process (all threads),
# which a machine shared with other work disturbs less.
clock = {"start": (0.0, 0.0, 0, 0.0), "stop": None, "paused": (0.0, 0.0, 0, 0.0), "rss_before": 0.0, "depth": 0}


def now():
    """Wall clock, CPU time, minor page faults and system CPU time, as the
    Go side's stamp."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return (time.perf_counter(), time.process_time(), ru.ru_minflt, ru.ru_stime)


def since(t):
    n = now()
    return tuple(a - b for a, b in zip(n, t))


def peak_reset():
    gc.collect()
    warm_free_memory()
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    return peak_mb()


WARM_BYTES = 512 << 20


def warm_free_memory():
    """Map WARM_BYTES of fresh memory, advised for huge pages, touch every
    page (MADV_POPULATE_WRITE, or a write per page where the kernel lacks
    it) and unmap it, as the Go side's warmFreeMemory does with the same
    calls: the entry's fresh pages then come from memory just freed, which
    the host of a virtual machine still backs, whatever the entries before
    it happened to free (see bench/survey.go)."""
    m = mmap.mmap(-1, WARM_BYTES, flags=mmap.MAP_PRIVATE)  # anonymous, as Go's
    try:
        try:
            m.madvise(14)  # MADV_HUGEPAGE: a hint, as on the Go side
        except OSError:
            pass
        try:
            m.madvise(23)  # MADV_POPULATE_WRITE (Linux 5.14)
        except OSError:
            v = np.frombuffer(m, dtype=np.uint8)
            v[::4096] = 1
            del v  # the map closes only once no view holds it
    finally:
        m.close()


def peak_mb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return -1


def inp(name):
    USED.add(name)
    if name not in INPUTS:
        t = now()
        clock["depth"] += 1  # an input built from another counts once
        try:
            INPUTS[name] = BUILD[name]().persist()
            clock["rss_before"] = peak_reset()  # untimed, as the Go side's
        finally:
            clock["depth"] -= 1
        if clock["depth"] == 0:
            d = since(t)
            clock["paused"] = tuple(a + b for a, b in zip(clock["paused"], d))
    return INPUTS[name]


def start_clock():
    clock["start"], clock["paused"] = now(), (0.0, 0.0, 0, 0.0)


def stop_clock():
    clock["stop"] = now()


ENTRIES = []


def add(name, f):
    """An entry computing the Dask array f builds."""
    ENTRIES.append((name, lambda: [np.asarray(f().compute())]))


def add_run(name, f):
    ENTRIES.append((name, f))


# ---------------------------------------------------------------- reductions
def a2(nan):
    return inp("a_nan" if nan else "a")


def b3(nan):
    return inp("b_nan" if nan else "b")


AXES = [("all", a2, None), ("ax0", a2, 0), ("last", a2, 1), ("mid3d", b3, 1)]
REDS = [("sum", False, da.sum), ("mean", False, da.mean), ("std", False, da.std), ("var", False, da.var),
        ("min", False, da.min), ("max", False, da.max), ("argmax", False, da.argmax), ("argmin", False, da.argmin),
        ("nansum", True, da.nansum), ("nanmean", True, da.nanmean), ("nanstd", True, da.nanstd),
        ("nanmax", True, da.nanmax), ("nanargmin", True, da.nanargmin)]
for rname, nan, f in REDS:
    for aname, x, axis in AXES:
        add(rname + "-" + aname, lambda f=f, x=x, nan=nan, axis=axis: f(x(nan), axis=axis))
add("prod-ax0", lambda: inp("ap").prod(axis=0))
add("prod-last", lambda: inp("ap").prod(axis=1))
add("ptp-ax0", lambda: da.ptp(inp("a"), axis=0))
add("ptp-mid3d", lambda: da.ptp(inp("b"), axis=1))
add("any-all", lambda: inp("bool").any())
add("all-ax0", lambda: inp("bool").all(axis=0))
add("count_nonzero-i64", lambda: da.count_nonzero(inp("i64")))

# ---------------------------------------------------------------- scans
add("cumsum-ax0", lambda: inp("a").cumsum(axis=0).sum(axis=0))
add("cumsum-last", lambda: inp("a").cumsum(axis=1).sum(axis=0))
for ax in range(3):
    add("cumsum-3d-ax%d" % ax, lambda ax=ax: inp("b").cumsum(axis=ax).sum(axis=(ax + 1) % 3))
add("cumprod-last", lambda: inp("ap").cumprod(axis=1).sum(axis=0))
add("nancumsum-last", lambda: da.nancumsum(inp("a_nan"), axis=1).sum(axis=0))
add("cumsum-i64-last", lambda: inp("i64").cumsum(axis=1).sum(axis=0))

# ---------------------------------------------------------------- top-k, histograms, quantiles, unique
add("topk5-ax0", lambda: da.topk(inp("a"), 5, axis=0))
add("topk5-last", lambda: da.topk(inp("a"), 5, axis=1))
add("topk3-3d-mid", lambda: da.topk(inp("b"), 3, axis=1))
add("histogram50", lambda: da.histogram(inp("a"), bins=50, range=(0, 1))[0])
add("histogram-1d", lambda: da.histogram(inp("v"), bins=100, range=(0.25, 0.75))[0])


def quantile(x, q, axis):
    # Dask 2022.12 has no quantile along an axis: a user gathers the axis
    # into one chunk and maps NumPy's, as chunkwise's Quantile plans it.
    x = x.rechunk({axis: -1})
    chunks = ((len(q),),) + tuple(c for i, c in enumerate(x.chunks) if i != axis)
    return x.map_blocks(lambda b: np.quantile(b, q, axis=axis), chunks=chunks, dtype=np.float64,
                        drop_axis=axis, new_axis=0)


add("quantile-ax0", lambda: quantile(inp("a"), [0.1, 0.5, 0.9], 0))
add("quantile-last", lambda: quantile(inp("a"), [0.1, 0.5, 0.9], 1))
add_run("unique-i32", lambda: list(dask.compute(*da.unique(inp("i32")[:1000], return_counts=True))))

# ---------------------------------------------------------------- slicing
add("step2-sum0", lambda: inp("a")[::2, ::2].sum(axis=0))
add("step2-c1500-sum0", lambda: inp("a_c1500")[::2, ::2].sum(axis=0))
add("neg1-last-sum0", lambda: inp("a")[:, ::-1].sum(axis=0))
add("neg1-ax0-sum1", lambda: inp("a")[::-1].sum(axis=1))
add("neg3-both-sum0", lambda: inp("a")[::-3, ::-3].sum(axis=0))
add("mirror-sub-sum0", lambda: abs(inp("a") - inp("a")[:, ::-1]).sum(axis=0))
add("step1500-rows", lambda: inp("a")[::1500])
add("step7-3d", lambda: inp("b")[:, 3::7, ::5].sum(axis=0))
add("int-row", lambda: inp("a")[1234])
add("int-col", lambda: inp("a")[:, 1234])
add("take-ax0-sum1", lambda: inp("a")[take_idx()].sum(axis=1))
add("take-last-sum0", lambda: inp("a")[:, take_idx()].sum(axis=0))
add("takearray-ax0-sum1", lambda: inp("a")[inp("idx")].sum(axis=1))
add("mask-sum", lambda: inp("a")[inp("a") > 0.5].sum())
add("mask-1d", lambda: inp("v")[inp("v") < 0.1])

# ---------------------------------------------------------------- shapes
add("transpose-3d", lambda: inp("b").transpose(2, 0, 1))
add("moveaxis-3d", lambda: da.moveaxis(inp("b"), 0, 2))
add("transpose-2d-sum0", lambda: inp("a").T.sum(axis=0))
add("reshape-split-sum0", lambda: inp("a").reshape(4000, 40, 100).sum(axis=0))
add("reshape-3d-sum0", lambda: inp("b").reshape(40000, 400).sum(axis=0))
add("ravel-step1000", lambda: inp("a").ravel()[::1000])
add("concat-last-sum0", lambda: da.concatenate([inp("a"), inp("a")], axis=1).sum(axis=0))
add("stack-last-sum0", lambda: da.stack([inp("a"), inp("a")], axis=2).sum(axis=0))
add("ensemble-std0", lambda: da.stack([inp("a"), inp("a") * 2, inp("a") + 1], axis=0).std(axis=0).sum(axis=0))
add("pad-constant-sum0", lambda: da.pad(inp("a"), ((3, 5), (3, 5)), mode="constant", constant_values=1).sum(axis=0))
add("pad-reflect-sum0", lambda: da.pad(inp("a"), ((3, 5), (3, 5)), mode="reflect").sum(axis=0))
add("roll-last-sum0", lambda: da.roll(inp("a"), 1234, axis=1).sum(axis=0))
add("roll-flat-sum0", lambda: da.roll(inp("a"), 1234).sum(axis=0))
add("repeat2-last-sum0", lambda: da.repeat(inp("a"), 2, axis=1).sum(axis=0))
add("tile-2x1-sum0", lambda: da.tile(inp("a"), (2, 1)).sum(axis=0))
add("flip-3d-sum0", lambda: da.flip(inp("b"), 2).sum(axis=0))

# ---------------------------------------------------------------- elementwise per dtype
add("f64-exp-sum", lambda: da.exp(inp("a")).sum())
add("f64-log-sum", lambda: da.log(inp("a") + 0.5).sum())
add("f64-sin-sum0", lambda: da.sin(inp("a")).sum(axis=0))
add("f64-tan-sum0", lambda: da.tan(inp("a")).sum(axis=0))
add("f64-pow3-sum", lambda: (inp("a") ** 3).sum())
add("f64-pow2.5-sum", lambda: (inp("a") ** 2.5).sum())
add("f64-tanh-sum", lambda: da.tanh(inp("a")).sum())
add("f64-mod0.3-sum", lambda: (inp("a") % 0.3).sum())
add("f64-sqrt-sum", lambda: da.sqrt(inp("a")).sum())
add("f64-where-sum", lambda: da.where(inp("a") > 0.5, inp("a"), 0).sum())
add("f64-clip-sum", lambda: da.clip(inp("a"), 0.2, 0.8).sum())
add("f64-lt-sum", lambda: (inp("a") < 0.3).sum())
add("f64-fused-sum", lambda: ((inp("a") + 1) * 2 - inp("a") ** 2).sum())
add("f64-astype-i32-sum", lambda: (inp("a") * 100).astype(np.int32).sum())
add("f32-exp-sum", lambda: da.exp(inp("a32")).sum())
add("f32-mul-add-sum0", lambda: (inp("a32") * 2 + 1).sum(axis=0))
add("f32-sum-last", lambda: inp("a32").sum(axis=1))
add("f32-argmin-last", lambda: inp("a32").argmin(axis=1))
add("f32-mean-all", lambda: inp("a32").mean())
add("f32-demean-sq-mean0", lambda: ((inp("a32") - inp("a32").mean(axis=0)) ** 2).mean(axis=0))
add("f32-gt-sum", lambda: (inp("a32") > 0.5).sum())
add("i64-mod-sum", lambda: (inp("i64") % 7).sum())
add("i64-floordiv-sum0", lambda: (inp("i64") // 3).sum(axis=0))
add("i64-gt-sum", lambda: (inp("i64") > 0).sum())
add("i64-mul-sum", lambda: (inp("i64") * inp("i64")).sum())
add("i64-abs-max0", lambda: abs(inp("i64")).max(axis=0))
add("i64-astype-f64-mean", lambda: inp("i64").astype(np.float64).mean())
add("i32-mod-sum", lambda: (inp("i32") % 7).sum())
add("i32-eq-sum", lambda: (inp("i32") == 5).sum())
add("i32-floordiv-sum", lambda: (inp("i32") // 7).sum())
add("i32-where-sum0", lambda: da.where(inp("i32") > 0, inp("i32"), 0).sum(axis=0))
add("u8-mod-sum", lambda: (inp("u8") % 3).sum())
add("u8-gt-sum", lambda: (inp("u8") > 100).sum())
add("u8-astype-f32-sum0", lambda: inp("u8").astype(np.float32).sum(axis=0))
add("u8-max-last", lambda: inp("u8").max(axis=1))
add("u8-argmin-all", lambda: inp("u8").argmin())
add("bool-and-sum", lambda: (inp("bool") & (inp("a") < 0.7)).sum())
add("bool-not-sum0", lambda: (~inp("bool")).sum(axis=0))
add("bool-xor-sum", lambda: (inp("bool") ^ (inp("a") > 0.25)).sum())

# ---------------------------------------------------------------- chunkings
add("misaligned-c1500-sum0", lambda: (inp("a") + inp("a_c1500")).sum(axis=0))
add("misaligned-shift-sum0", lambda: abs(inp("a")[1:] - inp("a")[:-1]).sum(axis=0))
add("misaligned-transpose-sum0", lambda: (inp("a_c1500") + inp("a").T).sum(axis=0))
add("misaligned-irr-mul-sum0", lambda: (inp("a_irr") * inp("a")).sum(axis=0))
add("demean0-sq-sum0", lambda: ((inp("a") - inp("a").mean(axis=0)) ** 2).sum(axis=0))
add("demean1-abs-sum0", lambda: abs(inp("a") - inp("a").mean(axis=1, keepdims=True)).sum(axis=0))
add("demean3d-mid-sq-sum", lambda: ((inp("b") - inp("b").mean(axis=1, keepdims=True)) ** 2).sum())
add("irregular-sum0", lambda: inp("a_irr").sum(axis=0))
add("irregular-cumsum-last", lambda: inp("a_irr").cumsum(axis=1).sum(axis=0))
add("rows-sum-last", lambda: inp("a_rows").sum(axis=1))
add("rows-cumsum-last", lambda: inp("a_rows").cumsum(axis=1).sum(axis=0))
add("cols-sum0", lambda: inp("a_cols").sum(axis=0))
add("small-sum", lambda: inp("a_small").sum())
add("small-add-mean0", lambda: (inp("a_small") + 1).mean(axis=0))
add("small-transpose-sum0", lambda: inp("a_small").T.sum(axis=0))
add("huge-sum0", lambda: inp("a_huge").sum(axis=0))
add("huge-exp-sum", lambda: da.exp(inp("a_huge")).sum())
add("huge-cumsum-last", lambda: inp("a_huge").cumsum(axis=1).sum(axis=0))

# ---------------------------------------------------------------- rechunks, map_overlap
add("rechunk-rows-cols-sum0", lambda: inp("a_rows").rechunk((4000, 100)).sum(axis=0))
add("rechunk-merge-sum0", lambda: inp("a_small").rechunk((1000, 1000)).sum(axis=0))
add("rechunk-split-sum0", lambda: inp("a").rechunk((250, 250)).sum(axis=0))
add("rechunk-auto-sum0", lambda: inp("a_small").rechunk("auto").sum(axis=0))
add("rechunk-rows-cols-add-sum0", lambda: (inp("a_rows").rechunk((4000, 100)) + 1).sum(axis=0))
add("rechunk-merge-add-sum0", lambda: (inp("a_small").rechunk((1000, 1000)) + 1).sum(axis=0))
add("rechunk-split-add-sum0", lambda: (inp("a").rechunk((250, 250)) + 1).sum(axis=0))
add("rechunk-auto-add-sum0", lambda: (inp("a_small").rechunk("auto") + 1).sum(axis=0))


def rechunk_persist(input, chunks):
    """The entry persisting input rechunked to chunks; its result, computed
    untimed, is the persisted array's sum along axis 0."""
    def run():
        p = inp(input).rechunk(chunks).persist()
        stop_clock()
        return [np.asarray(p.sum(axis=0).compute())]
    return run


# Rechunks persisted: the chunks are made.
add_run("rechunk-merge-persist", rechunk_persist("a_small", (1000, 1000)))
add_run("rechunk-rows-cols-persist", rechunk_persist("a_rows", (4000, 100)))


def laplace(b):
    out = b.copy()
    c = b[1:-1, 1:-1]
    out[1:-1, 1:-1] = 4 * c - b[:-2, 1:-1] - b[2:, 1:-1] - b[1:-1, :-2] - b[1:-1, 2:]
    return out


add("mapoverlap-laplace", lambda: da.map_overlap(laplace, inp("a"), depth=1, boundary="reflect"))


# ---------------------------------------------------------------- stores
def path(name, fresh):
    """The path of the survey's file name; if fresh, the file is removed and
    the disk synced first, off the clock (as the chunkwise side does)."""
    os.makedirs(CACHE, exist_ok=True)
    p = os.path.join(CACHE, name)
    if fresh:
        t = now()
        shutil.rmtree(p, ignore_errors=True)
        if os.path.exists(p):
            os.remove(p)
        os.sync()
        clock["paused"] = tuple(a + b for a, b in zip(clock["paused"], since(t)))
    return p


def read_back(x):
    return [np.asarray(x.mean(axis=0).compute())]


def zarr_compressor(c):
    import numcodecs
    return {"none": None, "zlib": numcodecs.Zlib(1), "lz4": numcodecs.LZ4(), "zstd": numcodecs.Zstd(1),
            "blosc-lz4": numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE),
            "blosc-zstd-bitshuffle": numcodecs.Blosc(cname="zstd", clevel=5, shuffle=numcodecs.Blosc.BITSHUFFLE)}[c]


for c in ["none", "zlib", "lz4", "zstd", "blosc-lz4", "blosc-zstd-bitshuffle"]:
    def zw(c=c):
        p = path("w-" + c + ".zarr", True)
        inp("a").to_zarr(p, compressor=zarr_compressor(c), overwrite=True)
        stop_clock()
        return read_back(da.from_zarr(p))

    def zr(c=c):
        p = path("r-" + c + ".zarr", False)
        if not os.path.exists(p):
            inp("a").to_zarr(p, compressor=zarr_compressor(c), overwrite=True)
        start_clock()
        return read_back(da.from_zarr(p))
    add_run("zarr2-write-" + c, zw)
    add_run("zarr2-read-" + c, zr)
# The chunkwise side reads this side's zstd file too (zarr2-read-zstd-py).
add_run("zarr2-read-zstd-py", dict(ENTRIES)["zarr2-read-zstd"])


def npy_write():
    p = path("w.npy", True)
    x = inp("a")
    m = np.lib.format.open_memmap(p, mode="w+", dtype=x.dtype, shape=x.shape)
    da.store(x, m)
    m.flush()
    del m
    stop_clock()
    return read_back(da.from_array(np.load(p, mmap_mode="r"), chunks=(1000, 1000)))


def npy_read_of(name, input, fortran):
    """The entry reading the .npy file name (saved untimed from input, in
    Fortran order if fortran, anew in each process so that the page cache
    holds it as this process wrote it) lazily with a mean along axis 0."""
    def run():
        p = path(name, True)
        x = inp(input).compute()
        np.save(p, np.asfortranarray(x) if fortran else x)
        start_clock()
        return read_back(da.from_array(np.load(p, mmap_mode="r"), chunks=(1000, 1000)))
    return run


add_run("npy-write", npy_write)
add_run("npy-read", npy_read_of("r.npy", "a", False))


def _inc(i):
    return i + 1


def _addn(*xs):
    return sum(xs)


for n in [10_000, 30_000]:
    def tree(n=n):
        inc = dask.delayed(_inc, pure=True)
        add_ = dask.delayed(_addn, pure=True)
        level = [inc(i) for i in range(n)]
        while len(level) > 1:
            level = [add_(*level[i:i + 8]) for i in range(0, len(level), 8)]
        (r,) = dask.compute(level[0])
        return [np.array([r], dtype=np.int64)]
    add_run("delayed-tree-%d" % n, tree)


def hdf5_entries():
    import h5py
    for name, gzip in [("gzip1", 1), ("nofilter", 0)]:
        def write(p, gzip=gzip):
            x = inp("a")
            with h5py.File(p, "w") as f:
                d = f.create_dataset("x", shape=x.shape, dtype=x.dtype, chunks=(1000, 1000),
                                     compression="gzip" if gzip else None,
                                     compression_opts=gzip if gzip else None)
                da.store(x, d)

        def hw(write=write, name=name):
            p = path("w-" + name + ".h5", True)
            write(p)
            stop_clock()
            with h5py.File(p, "r") as f:
                return read_back(da.from_array(f["x"], chunks=(1000, 1000)))

        def hr(write=write, name=name):
            p = path("r-" + name + ".h5", False)
            if not os.path.exists(p):
                write(p)
            start_clock()
            with h5py.File(p, "r") as f:
                return read_back(da.from_array(f["x"], chunks=(1000, 1000)))
        add_run("hdf5-write-" + name, hw)
        add_run("hdf5-read-" + name, hr)

    # A file of many small chunks, as h5py users often have: 62,500
    # chunks of 16x16, gzip level 1, read in blocks of 1000x1000.
    def hr_small():
        p = path("r-16x16-gzip1.h5", False)
        if not os.path.exists(p):
            x = inp("a")
            with h5py.File(p, "w") as f:
                d = f.create_dataset("x", shape=x.shape, dtype=x.dtype, chunks=(16, 16),
                                     compression="gzip", compression_opts=1)
                da.store(x, d)
        start_clock()
        with h5py.File(p, "r") as f:
            return read_back(da.from_array(f["x"], chunks=(1000, 1000)))
    add_run("hdf5-read-16x16-gzip1", hr_small)

    # Files h5py writes and both sides read in blocks of 1000x1000: a
    # contiguous dataset (chunkwise writes chunked ones only), and one
    # compressed with h5py's own lzf filter.
    for name, kw in [("contiguous", {}), ("lzf", dict(chunks=(1000, 1000), compression="lzf"))]:
        def hr_py(name=name, kw=kw):
            p = path("r-" + name + ".h5", False)
            if not os.path.exists(p):
                x = inp("a")
                with h5py.File(p, "w") as f:
                    d = f.create_dataset("x", shape=x.shape, dtype=x.dtype, **kw)
                    da.store(x, d)
            start_clock()
            with h5py.File(p, "r") as f:
                return read_back(da.from_array(f["x"], chunks=(1000, 1000)))
        add_run("hdf5-read-" + name + "-py", hr_py)


# vmath (issue 14): powers with other exponents, dtypes and an array
# exponent, beside f64-pow2.5-sum.
add("f64-pow1.7-sum", lambda: (inp("a") ** 1.7).sum())
add("f64-pow-neg0.3-sum", lambda: ((inp("a") + 0.5) ** -0.3).sum())
add("f64-pow-array-sum", lambda: (inp("a") ** (inp("a") + 0.5)).sum())
add("f32-pow2.5-sum", lambda: (inp("a32") ** 2.5).sum())
# Trigonometry, and float32 math.
add("f64-arctan-sum", lambda: da.arctan(inp("a")).sum())
add("f64-cos-sum", lambda: da.cos(inp("a")).sum())
add("f64-arcsin-sum", lambda: da.arcsin(inp("a")).sum())
add("f64-exp2-sum", lambda: da.exp2(inp("a") * 20).sum())
add("f64-log2-sum0", lambda: da.log2(inp("a") + 0.5).sum(axis=0))
add("f64-arctanh-sum", lambda: da.arctanh(inp("a") * 0.9).sum())
add("f32-sin-sum", lambda: da.sin(inp("a32")).sum())
add("f32-arctan-sum", lambda: da.arctan(inp("a32")).sum())
add("f32-log-sum", lambda: da.log(inp("a32") + 0.5).sum())
add("f32-tanh-sum", lambda: da.tanh(inp("a32")).sum())

# pages (issue 14): the transposes and .npy reads over other dtypes and
# layouts.
add("moveaxis-3d-f32", lambda: da.moveaxis(inp("b32"), 0, 2))
add("transpose-3d-i64", lambda: inp("bi64").transpose(2, 1, 0))


add_run("npy-read-f32", npy_read_of("r32.npy", "a32", False))
add_run("npy-read-fortran", npy_read_of("rF.npy", "a", True))

# cliffs (issue 14): float32 and array-divisor remainders, and the integer
# and float32 extremes that were scalar loops.
add("f32-mod0.3-sum", lambda: (inp("a32") % 0.3).sum())
add("f32-floordiv0.3-sum", lambda: (inp("a32") // 0.3).sum())
add("f64-mod-array-sum", lambda: (inp("a") % inp("ap")).sum())
add("f32-max0", lambda: inp("a32").max(axis=0))
add("u8-max0", lambda: inp("u8").max(axis=0))
add("i32-min-last", lambda: inp("i32").min(axis=1))

# More everyday operations (issue 14): rounding, products, angles,
# triangles, binning, block means, 16- and 8-bit integers, finite
# differences and medians.
add("f64-round2-sum1", lambda: inp("a").round(2).sum(axis=1))
add("f32-floor-sum", lambda: da.floor(inp("a32") * 10).sum())
add("f32-sign-sum0", lambda: da.sign(inp("a32") - np.float32(0.5)).sum(axis=0))
add("f32-argmax0", lambda: inp("a32").argmax(axis=0))
add("f32-nanmean0", lambda: da.nanmean(inp("a_nan").astype(np.float32), axis=0))
add("f32-between-sum0", lambda: ((inp("a32") > 0.2) & (inp("a32") < 0.8)).sum(axis=0))
add("einsum-rowdot-misaligned", lambda: da.einsum("ij,ij->i", inp("a"), inp("a_c1500")))
add("matmul-skinny", lambda: inp("a") @ inp("w"))
add("f64-arctan2-sum0", lambda: da.arctan2(inp("a"), inp("ap")).sum(axis=0))
add("f64-hypot-sum", lambda: da.hypot(inp("a"), inp("ap")).sum())
# A ninth and tenth probe: float32 hypot, a square-root power, outer
# products, a uint8 clip and a float32 Gram matrix.
add("f32-hypot-sum0", lambda: da.hypot(inp("a32"), inp("a32") * np.float32(0.5)).sum(axis=0))
add("f64-pow0.5-sum0", lambda: (inp("a") ** 0.5).sum(axis=0))
add("outer-sum0", lambda: da.outer(inp("a")[0], inp("a")[1, :3000]).sum(axis=0))
add("u8-clip-sum0", lambda: inp("u8").clip(np.uint8(10), np.uint8(200)).sum(axis=0))
add("i64-affine-sum0", lambda: (inp("i64") * 3 + 7).sum(axis=0))
add("i64-floordiv7-sum0", lambda: (inp("i64") // 7).sum(axis=0))
add("f32-gram", lambda: inp("a32")[:, :1000].T @ inp("a32")[:, :1000])
add_run("unique-u8", lambda: list(dask.compute(*da.unique(inp("u8"), return_counts=True))))
add("tril-sum", lambda: da.tril(inp("a"), 0).sum())
add("triu1-sum0", lambda: da.triu(inp("a"), 1).sum(axis=0))
add("trace", lambda: da.trace(inp("a")))
add("diagonal-3d-sum0", lambda: da.diagonal(inp("b"), 0, 1, 2).sum(axis=0))
add("digitize9-sum0", lambda: da.digitize(inp("a"), np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])).sum(axis=0))
add("coarsen4-mean-sum0", lambda: da.coarsen(np.mean, inp("a"), {0: 4, 1: 4}).sum(axis=0))
add("swapaxes-3d-sum0", lambda: inp("b").swapaxes(1, 2).sum(axis=0))
add("u16-sum0", lambda: inp("u16").sum(axis=0))
add("u16-f32-norm-mean0", lambda: (inp("u16").astype(np.float32) / np.float32(65535)).mean(axis=0))
add("i16-sum1", lambda: inp("i16").sum(axis=1))
add("i8-sum", lambda: inp("i8").sum())
add("gradient0-sum1", lambda: da.gradient(inp("a"), axis=0).sum(axis=1))
add("diff1-sum0", lambda: da.diff(inp("a"), axis=1).sum(axis=0))
add("median0", lambda: da.median(inp("a"), axis=0))
add("gram-tall", lambda: inp("tall").T @ inp("tall"))
# NumPy means float16 in float32 (Dask would sum in float16); so does the twin.
add("rfft-last-abs-sum0", lambda: abs(da.fft.rfft(inp("a_rows"), axis=1)).sum(axis=0))
add("fft-last-real-sum", lambda: da.fft.fft(inp("a_rows"), axis=1).real.sum())
add("f16-mean0", lambda: inp("a16").mean(axis=0, dtype=np.float32).astype(np.float16))
add("bincount-u8-min256", lambda: da.bincount(inp("u8").ravel(), minlength=256))
add("einsum-3d-k", lambda: da.einsum("ijk->k", inp("b")))
add("broadcast-row-sum0", lambda: da.broadcast_to(inp("a")[0], A_SHAPE).sum(axis=0))
add("f64-logaddexp-sum", lambda: da.logaddexp(inp("a"), inp("ap")).sum())
add("i32-bitwise-sum0", lambda: ((inp("i32") & 0xF0) | (inp("i32") >> 2)).sum(axis=0))
add("i32-plus-f32-sum0", lambda: (inp("i32") + inp("a32")).sum(axis=0))
add("i32-argmax0", lambda: inp("i32").argmax(axis=0))
add("u8-mean0", lambda: inp("u8").mean(axis=0))
add("i8-abs-max0", lambda: abs(inp("i8")).max(axis=0))
add("i32-neg-sum0", lambda: (-inp("i32")).sum(axis=0))
add("i32-mean0", lambda: inp("i32").mean(axis=0))
add("i64-shift-xor-sum0", lambda: ((inp("i64") << 3) ^ (inp("i64") >> 1)).sum(axis=0))
add("vecmat", lambda: inp("a")[7] @ inp("a"))
add("i16-lt-sum0", lambda: (inp("i16") < 0).sum(axis=0))
add("u16-ge-sum", lambda: (inp("u16") >= 30000).sum())
add("q-median-last", lambda: da.median(inp("a"), axis=1))
add("rgb-to-chw", lambda: da.moveaxis(inp("rgb"), 2, 0))
add("rgb-gray-mean", lambda: inp("rgb").mean(axis=2))
add("rgb-f32-chw-sum", lambda: da.moveaxis(inp("rgb").astype(np.float32) / np.float32(255), 2, 0).sum(axis=1))
add("rgb-normalize-sum0", lambda: ((inp("rgb").astype(np.float32) / np.float32(255)
                                   - np.array([0.485, 0.456, 0.406], dtype=np.float32))
                                  / np.array([0.229, 0.224, 0.225], dtype=np.float32)).sum(axis=0))
add("rgb-chan-mean", lambda: inp("rgb").mean(axis=(0, 1)))
add("rgb-chan0", lambda: inp("rgb")[:, :, 0])
add("pts-min1-sum", lambda: inp("pts").min(axis=1).sum())
add("pts-center-absmax0", lambda: abs(inp("pts") - inp("pts").mean(axis=0)).max(axis=0))


def small_matrix(n, dtype):
    """The n×n matrix of (3i + 5j) mod 7 / 8 - 3/8, as survey.go's smallMatrix."""
    i, j = np.indices((n, n))
    return ((3 * i + 5 * j) % 7 / 8 - 0.375).astype(dtype)


# Products by a small matrix: points rotated, an image's colours mixed.
add("pts-matmul6-sum0", lambda: (inp("pts") @ small_matrix(6, np.float64)).sum(axis=0))
add("rgb-f32-colormix-max", lambda: (inp("rgb").astype(np.float32) @ small_matrix(3, np.float32)).max(axis=(0, 1)))

# A fifth probe (issue 14): einsums of operands with the same letters,
# dot products down columns and against a transpose.
add("einsum-coldot", lambda: da.einsum("ij,ij->j", inp("a"), inp("ap")))
add("einsum-rowdot-transposed", lambda: da.einsum("ij,ji->i", inp("a"), inp("ap")))


# A tall table's rows (60 values each) and columns.
def tall_softmax1_max0():
    e = da.exp(inp("tall") - inp("tall").max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).max(axis=0)


add("tall-sum1", lambda: inp("tall").sum(axis=1))
add("tall-max1", lambda: inp("tall").max(axis=1))
add("tall-argmax1-bincount", lambda: da.bincount(inp("tall").argmax(axis=1), minlength=60))
add("tall-min0", lambda: inp("tall").min(axis=0))
add("tall-sq-sum0", lambda: (inp("tall") ** 2).sum(axis=0))
add("tall-topk3-1", lambda: da.topk(inp("tall"), 3, axis=1))
add("tall-softmax1-max0", tall_softmax1_max0)


def moving_average5(x):
    out = np.zeros_like(x)
    out[2:-2] = (x[:-4] + x[1:-3] + x[2:-2] + x[3:-1] + x[4:]) / 5
    return out


def tall_centered_gram():
    c = inp("tall") - inp("tall").mean(axis=0)
    return c.T @ c


# The covariance and the centred Gram matrix of the tall table's columns,
# and a series filtered by its own values.
add("tall-cov", lambda: da.cov(inp("tall"), rowvar=False))
add("tall-centered-gram", tall_centered_gram)
add("filter-1d-gt-sum", lambda: (inp("v")[inp("v") > 0.75] * 2).sum())


# A long series repeated (np.repeat), each value twice.
add("repeat2-1d-sum", lambda: da.repeat(inp("v"), 2).sum())

# A moving average of a long series, its chunks a million values.
add("mapoverlap-1d-movavg5-sum", lambda: da.map_overlap(moving_average5, inp("v"), depth=2, boundary="none").sum())

# Last, as on the Go side, whose HDF5 entries register in survey_hdf5.go's
# init, after survey.go's: entries leave state to the ones after them.
hdf5_entries()


def checksum(results):
    s = 0.0
    for r in results:
        v = np.abs(np.asarray(r, dtype=np.float64).ravel())
        s += float((v * (1 + np.arange(v.size) % 7)).sum())
    return s


def rtol(results):
    return 1e-5 if any(np.asarray(r).dtype == np.float32 for r in results) else 1e-9


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    pat = re.compile(a.only) if a.only else None
    for name, run in ENTRIES:
        if a.list:
            print(name)
            continue
        if pat and not pat.search(name):
            continue
        drop_unused_inputs()  # those of the entry before
        clock["rss_before"] = peak_reset()
        clock["stop"] = None
        start_clock()
        try:
            res = run()
        except Exception as e:  # report and go on, as the Go side does
            print("survey_dask: %s: %s" % (name, e), file=sys.stderr)
            continue
        if clock["stop"] is None:
            stop_clock()
        secs, cpu, faults, sys_cpu = (clock["stop"][k] - clock["start"][k] - clock["paused"][k] for k in range(4))
        print(json.dumps({"workload": "survey", "sub": name, "engine": "dask", "seconds": round(secs, 6),
                          "result_checksum": checksum(res), "params": {"rtol": rtol(res)},
                          "extra": {"peak_rss_mb_entry": peak_mb(), "rss_mb_before": clock["rss_before"],
                                    "cpu_seconds": round(cpu, 6), "sys_seconds": round(sys_cpu, 6),
                                    "page_faults": faults}}),
              flush=True)
        res = None  # dropped before the next entry, as the Go side drops its result


if __name__ == "__main__":
    main()
