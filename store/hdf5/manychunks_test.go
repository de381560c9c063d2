//go:build cgo

package hdf5

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
	"github.com/chunkwise/chunkwise/store/npy"
)

// manyChunksFile has h5py write datasets of many small chunks (each
// pipeline the raw path decodes, big-endian, edge chunks, chunks never
// written) and one of few chunks, saves each as .npy beside it, and
// returns the file's path. libver is h5py's: "earliest" (its default)
// indexes chunks by a v1 B-tree; "latest" by a fixed array, an
// extensible array (one unlimited axis) or a v2 B-tree (two).
func manyChunksFile(t *testing.T, libver string) string {
	t.Helper()
	testcorpus.RequirePython(t, "h5py", "numpy")
	dir := t.TempDir()
	path := filepath.Join(dir, "many.h5")
	testcorpus.RunPython(t, `
import sys, os, h5py, numpy as np
rng = np.random.default_rng(11)
dir = os.path.dirname(sys.argv[1])
with h5py.File(sys.argv[1], "w", libver=sys.argv[2]) as f:
    def put(name, data, **kw):
        d = f.create_dataset(name, data=data, **kw)
        np.save(os.path.join(dir, name + ".npy"), d[()].astype(d.dtype.newbyteorder("=")))
    put("unlimited1_f8", rng.normal(size=(301, 40)), chunks=(2, 4), maxshape=(None, 40), compression="gzip")
    put("unlimited2_i8", rng.integers(-9, 9, (120, 90)), chunks=(3, 3), maxshape=(None, None))
    put("gzip_f8", np.round(rng.normal(size=(1000, 1000)), 3), chunks=(8, 8), compression="gzip")
    put("fletcher_shuffle_gzip_i4_be", rng.integers(-10**6, 10**6, (300, 301)).astype(">i4"),
        chunks=(4, 5), compression="gzip", shuffle=True, fletcher32=True)
    put("unfiltered_u2", rng.integers(0, 60000, (250, 250)).astype("u2"), chunks=(5, 5))
    put("few_f8", rng.normal(size=(64, 64)), chunks=(8, 8), compression="gzip")
    # Chunks never written read as the fill value.
    d = f.create_dataset("sparse_f4", shape=(4001,), dtype="f4", chunks=(2,), fillvalue=7.5, compression="gzip")
    d[0:1000] = rng.normal(size=1000)
    d[3001:3500] = rng.normal(size=499)
    np.save(os.path.join(dir, "sparse_f4.npy"), d[()])
`, path, libver)
	return path
}

// TestManyChunks reads datasets of thousands of chunks written by h5py
// and checks that they read exactly as h5py reads them, and that finding
// their chunks does not walk the chunk index: libhdf5 1.10 answers
// H5Dget_chunk_info_by_coord by passing every chunk before the one
// sought, so reading all of n chunks that way passes n²/2 of them
// (15,625 chunks: 2.6 s). Datasets of more than walkMaxChunks chunks
// must be read with keyed lookups only, one per chunk; a dataset of few
// chunks keeps the walk (and the reads outside the lock).
func TestManyChunks(t *testing.T) {
	for _, libver := range []string{"earliest", "latest"} {
		t.Run(libver, func(t *testing.T) { testManyChunks(t, libver) })
	}
}

func testManyChunks(t *testing.T, libver string) {
	path := manyChunksFile(t, libver)
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range []struct {
		name  string
		walks bool // found by walking the index
	}{
		{"unlimited1_f8", false},
		{"unlimited2_i8", false},
		{"gzip_f8", false},
		{"fletcher_shuffle_gzip_i4_be", false},
		{"unfiltered_u2", false},
		{"sparse_f4", false},
		{"few_f8", true},
	} {
		d, err := f.Dataset(c.name)
		if err != nil {
			t.Fatal(err)
		}
		want, err := npy.ReadFile(filepath.Join(filepath.Dir(path), c.name+".npy"))
		if err != nil {
			t.Fatal(err)
		}
		n := int64(chunk.Prod(d.grid.NumBlocks()))
		if !d.rawOK || d.walk != c.walks || (n > walkMaxChunks) == c.walks {
			t.Fatalf("%s: %d chunks, raw path %v, walk %v", c.name, n, d.rawOK, d.walk)
		}
		walks0, keyed0 := lookups.walks.Load(), lookups.keyed.Load()
		got := readAll(t, d, func(b []int) (*chunk.Dense, error) { return d.ReadChunk(context.Background(), b) })
		walks, keyed := lookups.walks.Load()-walks0, lookups.keyed.Load()-keyed0
		if !sameData(got, want) {
			t.Fatalf("%s: %d chunks read otherwise than h5py reads them", c.name, n)
		}
		wantWalks, wantKeyed := int64(0), n
		if c.walks {
			wantWalks, wantKeyed = n, 0
		}
		if walks != wantWalks || keyed != wantKeyed {
			t.Fatalf("%s: reading %d chunks made %d index walks and %d keyed lookups, want %d and %d", c.name, n, walks, keyed, wantWalks, wantKeyed)
		}
		t.Logf("%s: %v chunks of %v, %d walks, %d keyed lookups", c.name, d.grid.NumBlocks(), d.chunks, walks, keyed)
	}
}

// TestManyChunksDamagedIndex spoils entries of the chunk index (a v1
// B-tree, as h5py writes by default) of a dataset read by keyed lookups:
// a chunk placed beyond the end of the file, and one claiming more stored
// bytes than its size can need, are errors naming the chunk, and their
// neighbours still read.
func TestManyChunksDamagedIndex(t *testing.T) {
	testcorpus.RequirePython(t, "h5py", "numpy")
	dir := t.TempDir()
	path := filepath.Join(dir, "idx.h5")
	testcorpus.RunPython(t, `
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "w") as f:
    f.create_dataset("x", data=np.arange(4000, dtype="<i4") % 7, chunks=(2,), compression="gzip")
`, path)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The first leaf of the B-tree: "TREE", node type 1 (chunks), level
	// 0, then the left and right siblings; its entries alternate a key
	// (stored size, filter mask, the chunk's offset and a 0 for the
	// element axis, 8 bytes each) and the chunk's address.
	const keySize = 4 + 4 + 2*8
	at := -1
	for i := 0; ; i++ {
		j := bytes.Index(orig[i:], []byte("TREE"))
		if j < 0 {
			break
		}
		i += j
		if i+24+keySize+8 <= len(orig) && orig[i+4] == 1 && orig[i+5] == 0 && binary.LittleEndian.Uint16(orig[i+6:]) > 0 {
			at = i + 24
			break
		}
	}
	if at < 0 {
		t.Fatal("no leaf of a chunk B-tree in the file")
	}
	offset := binary.LittleEndian.Uint64(orig[at+8:])
	if offset%2 != 0 || offset >= 4000 || binary.LittleEndian.Uint64(orig[at+16:]) != 0 {
		t.Fatalf("the first key of the leaf at %d is not a chunk's: offset %d", at-24, offset)
	}
	block := []int{int(offset / 2)}
	other := []int{(block[0] + 1000) % 2000}
	for _, c := range []struct {
		name  string
		spoil func(b []byte)
		cause string
	}{
		{"address beyond the end", func(b []byte) {
			binary.LittleEndian.PutUint64(b[at+keySize:], uint64(len(b))+1<<20)
		}, "H5Dread_chunk failed"},
		{"stored size too large", func(b []byte) {
			binary.LittleEndian.PutUint32(b[at:], 1<<30)
		}, "index claims 1073741824 stored bytes"},
	} {
		b := append([]byte(nil), orig...)
		c.spoil(b)
		bad := filepath.Join(dir, fmt.Sprintf("bad%d.h5", len(c.name)))
		if err := os.WriteFile(bad, b, 0o666); err != nil {
			t.Fatal(err)
		}
		f, err := Open(bad)
		if err != nil {
			t.Fatal(err)
		}
		d, err := f.Dataset("x")
		if err != nil {
			t.Fatal(err)
		}
		if d.walk {
			t.Fatal("a dataset of 2000 chunks is read by walking its index")
		}
		got, err := d.ReadChunk(context.Background(), block)
		if err == nil {
			t.Fatalf("%s: chunk %v read as %v", c.name, block, chunk.Values[int32](got))
		}
		for _, want := range []string{bad, `"x"`, fmt.Sprintf("chunk %v", block), c.cause} {
			if !strings.Contains(err.Error(), want) {
				t.Fatalf("%s: error %q does not say %q", c.name, err, want)
			}
		}
		t.Logf("%s: %v", c.name, err)
		got, err = d.ReadChunk(context.Background(), other)
		if err != nil {
			t.Fatalf("%s: intact chunk %v: %v", c.name, other, err)
		}
		for i, v := range chunk.Values[int32](got) {
			if want := int32((2*other[0] + i) % 7); v != want {
				t.Fatalf("%s: intact chunk %v reads %v", c.name, other, chunk.Values[int32](got))
			}
		}
		f.Close()
	}
}
