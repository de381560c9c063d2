package zarr

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/internal/testcorpus"
	"github.com/chunkwise/chunkwise/store/kv"
)

// filterCases are Zarr v2 arrays with numcodecs filters, each written by
// zarr-python: name → Python expression of the filters, dtype, data.
var filterCases = []struct{ name, dtype, filters, data, extra string }{
	{"delta_i4_as_i2", "<i4", "[Delta('<i4', astype='<i2')]", "np.cumsum(rng.integers(-50, 50, n)).astype('<i4')", "compressor=Zlib(1)"},
	{"delta_i8_as_i1_wrapping", "<i8", "[Delta('<i8', astype='<i1')]", "rng.integers(-1000, 1000, n)", ""},
	{"delta_f8_as_f4", "<f8", "[Delta('<f8', astype='<f4')]", "rng.normal(size=n)", ""},
	{"delta_u2_be", ">u2", "[Delta('>u2', astype='>u2')]", "rng.integers(0, 60000, n)", ""},
	{"delta_F_order", "<i4", "[Delta('<i4', astype='<i4')]", "rng.integers(-9, 9, n)", "order='F'"},
	{"fixedscaleoffset_f8_u2", "<f8", "[FixedScaleOffset(offset=1000, scale=10, dtype='<f8', astype='<u2')]", "rng.uniform(900, 1100, n)", ""},
	{"fixedscaleoffset_f4_i4", "<f4", "[FixedScaleOffset(offset=0.5, scale=1000, dtype='<f4', astype='<i4')]", "rng.normal(size=n)", ""},
	{"fixedscaleoffset_f8_f4", "<f8", "[FixedScaleOffset(offset=3, scale=7, dtype='<f8', astype='<f4')]", "rng.normal(size=n)", ""},
	{"fixedscaleoffset_i4_u1", "<i4", "[FixedScaleOffset(offset=100, scale=0.5, dtype='<i4', astype='<u1')]", "rng.integers(0, 300, n)", ""},
	{"quantize_f8", "<f8", "[Quantize(digits=3, dtype='<f8')]", "rng.normal(size=n)", ""},
	{"quantize_f8_as_f4", "<f8", "[Quantize(digits=2, dtype='<f8', astype='<f4')]", "rng.normal(size=n)", ""},
	{"bitround_f4", "<f4", "[BitRound(keepbits=7)]", "rng.normal(size=n)", ""},
	{"bitround_f8", "<f8", "[BitRound(keepbits=20)]", "rng.normal(size=n)", "compressor=Zlib(1)"},
	{"packbits_b1", "|b1", "[PackBits()]", "rng.integers(0, 2, n)", ""},
	{"astype_f8_as_f4", "<f8", "[AsType(encode_dtype='<f4', decode_dtype='<f8')]", "rng.normal(size=n)", ""},
	{"astype_i8_as_i2", "<i8", "[AsType(encode_dtype='<i2', decode_dtype='<i8')]", "rng.integers(-30000, 30000, n)", ""},
	{"shuffle_f8", "<f8", "[Shuffle(elementsize=8)]", "rng.normal(size=n)", "compressor=Zlib(1)"},
	{"shuffle_i8_by_4", "<i8", "[Shuffle(elementsize=4)]", "rng.integers(-9, 9, n)", ""},
	{"delta_shuffle_blosc", "<i4", "[Delta('<i4', astype='<i4'), Shuffle(elementsize=4)]", "np.cumsum(rng.integers(0, 5, n))", "compressor=Blosc('lz4', 5, Blosc.NOSHUFFLE)"},
}

// TestNumcodecsFilters reads arrays that zarr-python wrote with every
// numcodecs filter people use, with their parameters, and compares them
// with what zarr-python reads back.
func TestNumcodecsFilters(t *testing.T) {
	testcorpus.RequirePython(t, "zarr", "numcodecs", "numpy")
	dir := t.TempDir()
	var script strings.Builder
	script.WriteString(`
import sys, os, numpy as np, zarr
from numcodecs import *
rng = np.random.default_rng(3)
shape, chunks = (23, 17), (10, 8)
n = 23 * 17
def make(name, dtype, filters, data, **kw):
    p = os.path.join(sys.argv[1], name)
    z = zarr.open(zarr.DirectoryStore(p), mode="w", shape=shape, chunks=chunks, dtype=dtype, filters=filters, **kw)
    z[...] = np.asarray(data).reshape(shape).astype(dtype)
    z = zarr.open(zarr.DirectoryStore(p), mode="r")
    got = z[...]
    np.save(p + ".npy", np.ascontiguousarray(got, dtype=got.dtype.newbyteorder("<")))
`)
	for _, c := range filterCases {
		extra := ""
		if c.extra != "" {
			extra = ", " + c.extra
		}
		script.WriteString("make(" + quote(c.name) + ", " + quote(c.dtype) + ", " + c.filters + ", " + c.data + extra + ")\n")
	}
	testcorpus.RunPython(t, script.String(), dir)
	ctx := context.Background()
	for _, c := range filterCases {
		t.Run(c.name, func(t *testing.T) {
			a, err := OpenPath(ctx, filepath.Join(dir, c.name))
			if err != nil {
				t.Fatal(err)
			}
			checkAgainstNPY(t, a, filepath.Join(dir, c.name+".npy"))
		})
	}
}

func quote(s string) string { return "'" + s + "'" }

// TestFilterErrors checks that filters chunkwise cannot read, and bad
// parameters, are refused with an error naming the filter (and never
// reported as a missing group or array).
func TestFilterErrors(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ filter, mention string }{
		{`{"id": "categorize", "labels": ["a", "b"], "dtype": "<U1", "astype": "|u1"}`, "categorize"},
		{`{"id": "delta", "dtype": "<i4", "astype": "<i2", "typo": 1}`, "typo"},
		{`{"id": "delta", "dtype": "<U4"}`, "delta"},
		{`{"id": "fixedscaleoffset", "dtype": "<f8", "astype": "<i4", "scale": 0, "offset": 1}`, "scale"},
		{`{"id": "fixedscaleoffset", "dtype": "<f8", "scale": 10}`, "offset"},
		{`{"id": "quantize", "dtype": "<f8"}`, "digits"},
		{`{"id": "astype", "encode_dtype": "<f4"}`, "decode_dtype"},
		{`{"id": "shuffle", "elementsize": 2.5}`, "elementsize"},
		{`{"id": "bitround", "keepbits": -1}`, "keepbits"},
		{`{"id": "pickle"}`, "pickle"},
	} {
		s := kv.NewMemory()
		zarray := `{"zarr_format": 2, "shape": [4], "chunks": [4], "dtype": "<f8", "compressor": null, "fill_value": 0, "order": "C", "filters": [` + tc.filter + `]}`
		s.Set(ctx, ".zarray", []byte(zarray))
		_, err := Open(ctx, s, "")
		if err == nil || !strings.Contains(err.Error(), tc.mention) || !errors.Is(err, ErrUnsupported) {
			t.Errorf("filter %s: error %v, want ErrUnsupported naming %q", tc.filter, err, tc.mention)
		}
		// The same store seen as a node: the array's error, not "no group".
		_, _, err = OpenNode(ctx, s, "")
		if err == nil || !strings.Contains(err.Error(), tc.mention) || strings.Contains(err.Error(), "group") {
			t.Errorf("OpenNode with filter %s: %v", tc.filter, err)
		}
	}
}
