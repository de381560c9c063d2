package zarr

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/kv"
)

// seedMetadata adds every metadata file of the interop corpus named file
// to f's corpus.
func seedMetadata(f *testing.F, file string) {
	paths, _ := filepath.Glob(filepath.Join(corpusDir(f), "zarr*", "*", file))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(goodV2))
}

// fuzzOpen parses doc as the metadata file of an array in a store, reads
// every chunk that exists and writes one, which must never panic.
func fuzzOpen(t *testing.T, file string, doc []byte, parse func([]byte) (*arrayMeta, error)) {
	m, err := parse(doc)
	if err != nil {
		return
	}
	if m.dtype.Size() == 0 || len(m.shape) != len(m.grid) {
		t.Fatalf("accepted metadata with dtype %v, shape %v, chunks %v", m.dtype, m.shape, m.grid)
	}
	ctx := context.Background()
	s := kv.NewMemory()
	s.Set(ctx, file, doc)
	a, err := Open(ctx, s, "")
	if err != nil {
		t.Fatalf("parse accepted but Open failed: %v", err)
	}
	g, err := a.Meta().Grid()
	if err != nil || g.NumBlocksTotal() == 0 || g.Size() > 1<<16 ||
		chunk.Prod(m.grid)*m.dtype.Size() > 1<<20 {
		return // valid but too large to exercise quickly
	}
	block := make([]int, g.NDim())
	d, err := a.ReadChunk(ctx, block)
	if err != nil {
		t.Fatalf("reading a missing chunk: %v", err)
	}
	if err := a.WriteChunk(ctx, block, d); err != nil {
		return // e.g. a codec that cannot encode with these parameters
	}
	back, err := a.ReadChunk(ctx, block)
	if err != nil {
		t.Fatalf("reading back a written chunk: %v", err)
	}
	if !equalNaN(d.DType(), back.Bytes(), d.Bytes()) {
		t.Fatalf("chunk round trip differs")
	}
}

func FuzzParseV2Metadata(f *testing.F) {
	seedMetadata(f, ".zarray")
	f.Fuzz(func(t *testing.T, doc []byte) {
		fuzzOpen(t, ".zarray", doc, parseV2Metadata)
	})
}

func FuzzParseV3Metadata(f *testing.F) {
	seedMetadata(f, "zarr.json")
	f.Fuzz(func(t *testing.T, doc []byte) {
		fuzzOpen(t, "zarr.json", doc, parseV3Metadata)
	})
}

// fuzzArrays are corpus arrays, one per chunk pipeline, whose first
// stored chunk (or shard) FuzzReadChunk replaces.
var fuzzArrays = []string{
	"zarr2/v2_f8_none", "zarr2/v2_f4_zlib1_nanfill", "zarr2/v2_i4_gzip_F", "zarr2/v2_i8_lz4_1d",
	"zarr2/v2_u1_zstd_3d", "zarr2/v2_blosc_lz4_shuffle", "zarr2/v2_blosc_zstd_bitshuffle",
	"zarr2/v2_blosc_blosclz_shuffle", "zarr2/v2_blosc_zlib_bitshuffle", "zarr2/v2_i4_delta_zlib",
	"zarr2/v2_f8_fixedscaleoffset", "zarr2/v2_f8_0d_zlib", "zarr3/v3_i4_bytes_be", "zarr3/v3_f8_transpose_gzip",
	"zarr3/v3_i4_crc32c", "zarr3/v3_sharded_i4_gzip", "zarr3/v3_sharded_f8_zstd", "zarr3/v3_sharded_index_start",
}

// FuzzReadChunk stores arbitrary bytes as the first chunk (or shard) of
// real arrays and reads it through every read path: never a panic, and
// a chunk that reads has the block's shape and reads the same way on
// every path.
func FuzzReadChunk(f *testing.F) {
	ctx := context.Background()
	root := corpusDir(f)
	type target struct {
		meta  map[string][]byte // metadata files by name
		key   string            // the chunk key, relative to the array
		block []int
	}
	var targets []target
	for i, p := range fuzzArrays {
		a, err := OpenPath(ctx, filepath.Join(root, p))
		if err != nil {
			f.Fatal(err)
		}
		tg := target{meta: map[string][]byte{}, block: make([]int, a.grid.NDim())}
		for _, m := range []string{".zarray", ".zattrs", "zarr.json"} {
			if b, err := os.ReadFile(filepath.Join(root, p, m)); err == nil {
				tg.meta[m] = b
			}
		}
		tg.key = a.ChunkKey(tg.block)
		if b, err := os.ReadFile(filepath.Join(root, p, filepath.FromSlash(tg.key))); err == nil {
			f.Add(uint8(i), b)
		}
		targets = append(targets, tg)
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		tg := targets[int(which)%len(targets)]
		s := kv.NewMemory()
		for name, b := range tg.meta {
			s.Set(ctx, name, b)
		}
		s.Set(ctx, tg.key, data)
		var first []byte
		for i, st := range []store.Store{s, plainStore{s}} {
			a, err := Open(ctx, st, "")
			if err != nil {
				t.Fatal(err)
			}
			d, err := a.ReadChunk(ctx, tg.block)
			var got []byte
			if err == nil {
				if !chunk.EqualShapes(d.Shape(), a.grid.BlockShape(tg.block)) {
					t.Fatalf("chunk of shape %v, want %v", d.Shape(), a.grid.BlockShape(tg.block))
				}
				got = d.Bytes()
			}
			if i == 0 {
				first = got
			} else if (first == nil) != (got == nil) || !bytes.Equal(first, got) {
				t.Fatalf("read paths disagree")
			}
		}
	})
}

// FuzzShardIndex decodes arbitrary shard indexes: never a panic, and an
// accepted index only has entries inside the shard (or empty ones).
func FuzzShardIndex(f *testing.F) {
	specs := []*shardSpec{
		{inner: []int{2, 2}, perShard: []int{2, 3}},
		{inner: []int{2, 2}, perShard: []int{2, 3}, indexCRC: true},
		{inner: []int{4}, perShard: []int{4}, atStart: true, indexBig: true, indexCRC: true},
	}
	for _, s := range specs {
		idx := make([]uint64, 2*s.n())
		for i := range s.n() {
			idx[2*i], idx[2*i+1] = uint64(10*i), 10
			if i == 1 {
				idx[2*i], idx[2*i+1] = emptyEntry, emptyEntry
			}
		}
		f.Add(s.encodeIndex(idx), uint32(10*s.n()+s.indexSize()))
	}
	f.Fuzz(func(t *testing.T, b []byte, total uint32) {
		for _, s := range specs {
			idx, err := s.decodeIndex(b, int(total))
			if err != nil {
				continue
			}
			for i := 0; i < len(idx); i += 2 {
				off, n := idx[i], idx[i+1]
				if off == emptyEntry && n == emptyEntry {
					continue
				}
				if off+n < off || off+n > uint64(total) {
					t.Fatalf("entry (%d, %d) accepted in a %d-byte shard", off, n, total)
				}
			}
		}
	})
}
