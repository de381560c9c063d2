"""Cross-check store/codec against numcodecs.

Usage: python3 crosscheck.py DIR

DIR/manifest.json lists cases {"name", "config", "dtype"}. For each case
DIR/NAME.raw holds the data and DIR/NAME.go the bytes Go encoded. This
script decodes NAME.go with numcodecs and compares with NAME.raw, then
writes numcodecs' own encoding of NAME.raw to NAME.py for Go to decode.
It prints one line per failure and "N passed, N failed" last.
"""
import json
import os
import sys

import numpy as np
import numcodecs

d = sys.argv[1]
with open(os.path.join(d, "manifest.json")) as f:
    cases = json.load(f)
passed = failed = 0
for case in cases:
    name = case["name"]
    try:
        codec = numcodecs.get_codec(dict(case["config"]))
        with open(os.path.join(d, name + ".raw"), "rb") as f:
            raw = f.read()
        with open(os.path.join(d, name + ".go"), "rb") as f:
            enc = f.read()
        dec = bytes(numcodecs.compat.ensure_bytes(codec.decode(enc)))
        if dec != raw:
            raise ValueError("numcodecs decoded %d bytes that differ from the %d raw bytes" % (len(dec), len(raw)))
        arr = np.frombuffer(raw, dtype=case["dtype"])
        with open(os.path.join(d, name + ".py"), "wb") as f:
            f.write(bytes(codec.encode(arr)))
        passed += 1
    except Exception as e:  # report and go on
        failed += 1
        print("FAIL %s: %r" % (name, e))
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
