"""Write Zstandard and Blosc-zstd frames made by the C libraries.

Usage: python3 zstdframes.py DIR

For each DIR/NAME.raw the script writes numcodecs.Zstd's frame at each
level to DIR/NAME.zstd.LEVEL.enc, and numcodecs.Blosc's (cname zstd) to
DIR/NAME.blosc.SHUFFLE.CLEVEL.enc, the data as float64 when its length
allows. It prints the number of files written last.
"""
import glob
import os
import sys

import numpy as np
import numcodecs

d = sys.argv[1]
n = 0
for path in sorted(glob.glob(os.path.join(d, "*.raw"))):
    name = os.path.basename(path)[:-4]
    with open(path, "rb") as f:
        raw = f.read()
    data = np.frombuffer(raw, dtype="<f8") if len(raw) % 8 == 0 else np.frombuffer(raw, dtype="u1")
    outs = {}
    if len(raw) > 0:  # numcodecs 0.11's Zstd rejects its own empty frames
        for level in (-7, -1, 1, 3, 5, 9, 15, 19, 22):
            if level >= 15 and len(raw) > 300000:
                continue  # slow to write, and the small inputs cover them
            outs["zstd.%d" % level] = numcodecs.Zstd(level=level).encode(raw)
        for shuffle in (0, 1, 2):
            for clevel in (1, 5, 9):
                c = numcodecs.Blosc(cname="zstd", clevel=clevel, shuffle=shuffle)
                outs["blosc.%d.%d" % (shuffle, clevel)] = c.encode(data)
    for k, enc in outs.items():
        with open(os.path.join(d, "%s.%s.enc" % (name, k)), "wb") as f:
            f.write(bytes(enc))
        n += 1
print(n, "written")
