# Makes the python-zlib fixtures of internal/inflate (run from testdata/).
import zlib, hashlib, json, struct, random, os
r = random.Random(14)
words = b"chunk array zarr dask store codec deflate inflate huffman window ".split()
data = {
 "empty": b"",
 "text": b" ".join(r.choice(words) for _ in range(3000)),
 "floats": b"".join(struct.pack("<d", i * 0.001 + r.random() * 1e-9) for i in range(2000)),
 "random": bytes(r.getrandbits(8) for _ in range(3000)),
 "zeros": bytes(40000),
 "periods": b"".join(bytes(r.getrandbits(8) for _ in range(p)) * r.randint(1, 60) for p in [1,2,3,4,5,6,7,8,9,15,16,17] * 3),
}
wb = {"zlib": 15, "raw": -15, "gzip": 31, "zlib9": 9}
cases = []
def add(name, kind, fmt, level, strategy, flush=False):
    c = zlib.compressobj(level, zlib.DEFLATED, wb[fmt], 8 if level else 1, strategy)
    d = data[kind]
    if flush:
        out = b""
        for i in range(0, len(d), 7000):
            out += c.compress(d[i:i+7000]) + c.flush(zlib.Z_SYNC_FLUSH if i % 14000 else zlib.Z_FULL_FLUSH)
        out += c.flush()
    else:
        out = c.compress(d) + c.flush()
    fn = f"{name}.bin"
    open(fn, "wb").write(out)
    cases.append({"file": fn, "format": "zlib" if fmt == "zlib9" else fmt, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()})
S = {"default": zlib.Z_DEFAULT_STRATEGY, "filtered": zlib.Z_FILTERED, "huffman": zlib.Z_HUFFMAN_ONLY, "rle": zlib.Z_RLE, "fixed": zlib.Z_FIXED}
for kind in data:
    for lvl in (0, 1, 6, 9) if kind in ("random", "empty") else (1, 6, 9):
        add(f"{kind}-l{lvl}", kind, "zlib", lvl, S["default"])
for kind in ("text", "floats", "periods"):
    for s in ("filtered", "huffman", "rle", "fixed"):
        add(f"{kind}-{s}", kind, "raw", 6, S[s])
    add(f"{kind}-gzip", kind, "gzip", 6, S["default"])
    add(f"{kind}-window9", kind, "zlib9", 9, S["default"])
    add(f"{kind}-flush", kind, "zlib", 6, S["default"], flush=True)
json.dump(cases, open("python.json", "w"), indent=0)
print(len(cases), sum(os.path.getsize(c["file"]) for c in cases))
