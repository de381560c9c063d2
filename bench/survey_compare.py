#!/usr/bin/python3
"""Run the survey of everyday operations in Dask and in chunkwise, side by
side, and print the table (issue 14).

Usage (from the project's root):
    /usr/bin/python3 bench/survey_compare.py [--runs N] [--only REGEXP] [--markdown] [--save FILE]

Each run starts bench/survey_dask.py and `bench survey` once each, in fresh
processes, alternating (Dask first, then chunkwise), so that drift of a
shared machine hits both alike; every process runs all the entries (or
those --only matches) in order. Per entry it prints the median seconds of
each side over the runs, the median of the per-run ratios (Dask seconds /
chunkwise seconds), the same for CPU seconds (each process's user and
system time, all threads: a loaded machine disturbs it less than the
wall time), the peak RSS of each (the highest over the runs, in
the entry's own window: /proc clear_refs resets the peak before it, after
its inputs are built, and in brackets how far it rose above the RSS the
entry started from: a long-lived process carries what earlier entries left,
so the rise is the entry's own memory) and whether the checksums agree (to 1e-9 relative,
1e-5 for float32 results; exact for integers). Then the summary: how many
entries are below 1.0x, the median ratio, the entries whose peak RSS is
above Dask's + 10%, and mismatches. Each process keeps the inputs of the
entry it ran last and drops the others (built again, untimed, when a later
entry asks), as a program holds the arrays it works on, not all it ever
made. Both build their inputs in place and, before each entry and after
each input is built, touch and hand back 512 MB of fresh memory with the
same calls (warmFreeMemory, warm_free_memory), untimed, so that on a
virtual machine that hands free memory back to its host an entry's new
pages are not warm or cold by what the entries before it freed.

The machine is shared: absolute seconds drift with its load; the ratios
within one run are what count. Exit status 1 when any checksum differs or
an entry ran on one side only.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.getcwd()
HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, env=None):
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    rows = {}
    for line in r.stdout.splitlines():
        if line.startswith("{"):
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            rows[row["sub"]] = row
    for line in r.stderr.strip().splitlines()[-20:]:
        print("  " + cmd[0].split("/")[-1] + ": " + line, file=sys.stderr)
    return rows


def peak_mb(rows):
    """The highest peak RSS of an entry over the runs, in MB."""
    return max(r["extra"]["peak_rss_mb_entry"] for r in rows)


def peak(rows):
    """The highest peak RSS of an entry over the runs, and how far above the
    RSS it started from (its inputs and what earlier entries left) it rose."""
    r = max(rows, key=lambda x: x["extra"]["peak_rss_mb_entry"])
    return "%.0f (%+d)" % (r["extra"]["peak_rss_mb_entry"], round(r["extra"]["peak_rss_mb_entry"] - r["extra"]["rss_mb_before"]))


def page_reporting():
    """The guest kernel's free page reporting, as a line for the table's
    foot, or None where there is none: a virtual machine whose balloon
    device takes freed memory back from the guest (blocks of 2^order pages)
    makes the first touch of any memory not freed a moment ago cost a
    fault in the host too, and a process's timings then depend on what ran
    before it (README, the survey's notes)."""
    try:
        with open("/sys/module/page_reporting/parameters/page_reporting_order") as f:
            order = int(f.read())
    except (OSError, ValueError):
        return None
    state = "off" if order > 10 else "on"
    return "Free page reporting of this VM's guest kernel: %s (page_reporting_order %d)." % (state, order)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--save", default="", help="also write every process's rows to this file, a JSON object per line with its run and side")
    a = ap.parse_args()

    exe = os.path.join(tempfile.gettempdir(), "chunkwise-survey-%d" % os.getuid())
    b = subprocess.run(["go", "build", "-o", exe, "./bench"], cwd=ROOT, capture_output=True, text=True)
    if b.returncode != 0:
        sys.exit("survey_compare: cannot build ./bench:\n" + b.stderr)
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    dask_cmd = ["/usr/bin/python3", os.path.join(HERE, "survey_dask.py"), "--only", a.only]
    cw_cmd = [exe, "survey", "--repeat", "1", "--only", a.only]

    runs = []
    for i in range(a.runs):
        d = run(dask_cmd, env)
        c = run(cw_cmd)
        runs.append((d, c))
        if a.save:
            with open(a.save, "a") as f:
                for side, rows in (("dask", d), ("chunkwise", c)):
                    for row in rows.values():
                        f.write(json.dumps(dict(row, run=i + 1, side=side)) + "\n")
        print("survey_compare: run %d of %d: %d Dask and %d chunkwise entries" % (i + 1, a.runs, len(d), len(c)),
              file=sys.stderr)

    names = []
    for d, c in runs:
        for n in list(d) + list(c):
            if n not in names:
                names.append(n)
    table, ratios, cpu_ratios, bad, per_run, heavier = [], [], [], [], {}, []
    for n in names:
        ds = [d[n] for d, _ in runs if n in d]
        cs = [c[n] for _, c in runs if n in c]
        if not ds or not cs:
            bad.append(n + " (ran on one side only)")
            table.append((n, ds and statistics.median(x["seconds"] for x in ds), cs and statistics.median(x["seconds"] for x in cs), None, None, None, None, "one side"))
            continue
        per = [d[n]["seconds"] / c[n]["seconds"] for d, c in runs if n in d and n in c and c[n]["seconds"] > 0]
        ratio = statistics.median(per) if per else float("inf")
        per_run[n] = per
        ratios.append(ratio)
        cpu = [d[n]["extra"]["cpu_seconds"] / c[n]["extra"]["cpu_seconds"] for d, c in runs
               if n in d and n in c and c[n]["extra"].get("cpu_seconds", 0) > 0 and "cpu_seconds" in d[n]["extra"]]
        cpu_ratio = statistics.median(cpu) if cpu else None
        if cpu_ratio is not None:
            cpu_ratios.append(cpu_ratio)
        dv, cv = ds[-1]["result_checksum"], cs[-1]["result_checksum"]
        tol = max(ds[-1]["params"]["rtol"], cs[-1]["params"]["rtol"])
        ok = abs(dv - cv) <= tol * max(abs(dv), abs(cv), 1e-300) or dv == cv
        if not ok:
            bad.append("%s (checksums %r / %r)" % (n, dv, cv))
        cp, dp = peak_mb(cs), peak_mb(ds)
        if cp > 1.1 * dp:
            heavier.append("%s %.0f / %.0f MB" % (n, cp, dp))
        table.append((n, statistics.median(x["seconds"] for x in ds), statistics.median(x["seconds"] for x in cs), ratio,
                      cpu_ratio, peak(ds), peak(cs), "ok" if ok else "DIFFERS"))

    if a.markdown:
        print("| expression | Dask s | chunkwise s | ratio | CPU ratio | Dask peak MB (rise) | chunkwise peak MB (rise) | check |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        fmt = "| `%s` | %s | %s | %s | %s | %s | %s | %s |"
    else:
        print("%-28s %9s %11s %7s %7s %14s %14s  %s" % ("expression", "Dask s", "chunkwise s", "ratio", "CPU", "Dask MB", "cw MB", "check"))
        print("%-28s %9s %11s %7s %7s %9s %9s" % ("", "", "", "", "ratio", "peak (rise)", "peak (rise)"))
        fmt = "%-28s %9s %11s %7s %7s %14s %14s  %s"
    f = lambda v, p: "-" if v is None or v == [] else p % v
    for n, d, c, r, cr, dm, cm, ok in table:
        print(fmt % (n, f(d, "%.3f"), f(c, "%.3f"), f(r, "%.2fx"), f(cr, "%.2fx"), f(dm, "%s"), f(cm, "%s"), ok))
    if ratios:
        below = ["%s %.2fx (runs %s)" % (t[0], t[3], ", ".join("%.2f" % r for r in per_run[t[0]]))
                 for t in table if t[3] is not None and t[3] < 1.0]
        print("\n%d entries, %d runs alternating; median ratio %.2fx; below 1.0x: %d%s" % (
            len(ratios), a.runs, statistics.median(ratios), len(below), (" (" + ", ".join(below) + ")") if below else ""))
        if cpu_ratios:
            print("CPU ratio (Dask CPU s / chunkwise CPU s, all threads of each process): median %.2fx; below 1.0x: %d" % (
                statistics.median(cpu_ratios), sum(1 for r in cpu_ratios if r < 1.0)))
        print("Peak RSS above Dask's + 10%%: %d%s" % (len(heavier), (" (" + ", ".join(heavier) + ")") if heavier else ""))
        print("The machine is shared: compare ratios within this run, not absolute seconds.")
        reporting = page_reporting()
        if reporting:
            print(reporting)
    for x in bad:
        print("MISMATCH: " + x)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
