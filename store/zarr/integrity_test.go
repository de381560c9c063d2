package zarr

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/codec"
	"github.com/chunkwise/chunkwise/store/kv"
)

// getOnly is a directory store with no optional upgrade (no Open,
// GetPooled, GetRange or ListDir): chunks and shards are read whole with
// Get.
type getOnly struct{ d *kv.Dir }

func (s getOnly) Get(ctx context.Context, k string) ([]byte, error) { return s.d.Get(ctx, k) }
func (s getOnly) Set(ctx context.Context, k string, v []byte) error { return s.d.Set(ctx, k, v) }
func (s getOnly) Delete(ctx context.Context, k string) error        { return s.d.Delete(ctx, k) }
func (s getOnly) List(ctx context.Context, p string) ([]string, error) {
	return s.d.List(ctx, p)
}
func (s getOnly) Root() string { return s.d.Root() }

// pooledOnly adds only GetPooled to getOnly.
type pooledOnly struct{ getOnly }

func (s pooledOnly) GetPooled(ctx context.Context, k string) ([]byte, func(), error) {
	return s.d.GetPooled(ctx, k)
}

// readPaths are the stores a chunk is read through, one per read path of
// Array.ReadChunk: positioned reads with the verbatim fast path and
// ranged shard reads (kv.Dir), pooled whole reads, and plain Get.
func readPaths(root string) map[string]store.Store {
	d := kv.NewDir(root)
	return map[string]store.Store{"dir": d, "get": getOnly{d}, "pooled": pooledOnly{getOnly{d}}}
}

// chunkDamages spoil a stored chunk (or shard) file. Truncation and
// extension are caught by every codec; an overwritten byte only by a
// pipeline with a checksum.
var chunkDamages = []struct {
	name      string
	overwrite bool
	apply     func([]byte) []byte
}{
	{"truncated by one byte", false, func(b []byte) []byte { return b[:len(b)-1] }},
	{"truncated to half", false, func(b []byte) []byte { return b[:len(b)/2] }},
	{"extended", false, func(b []byte) []byte { return append(b, 1, 2, 3) }},
	{"last byte overwritten", true, func(b []byte) []byte { b[len(b)-1] ^= 0x01; return b }},
	{"middle byte overwritten", true, func(b []byte) []byte { b[len(b)/2] ^= 0x40; return b }},
}

// checksummed reports whether every byte of a's stored chunks (and shard
// index) is covered by a checksum: zlib's Adler-32, gzip's CRC-32,
// zstd's content checksum or crc32c.
func checksummed(a *Array) bool {
	if s := a.m.shard; s != nil && !s.indexCRC {
		return false
	}
	for _, c := range a.m.pipe.bb {
		switch c := c.(type) {
		case crc32cCodec:
			return true
		case interface{ Checksum() bool }:
			if c.Checksum() {
				return true
			}
		default:
			if n := fmt.Sprintf("%T", c); n == "*codec.ZlibCodec" || n == "*codec.GzipCodec" {
				return true
			}
		}
	}
	return false
}

// TestDamagedCorpusChunks damages a stored chunk (or shard) of every
// Zarr array of the interop corpus in each way and reads the blocks it
// holds through every read path. A truncated or extended chunk must fail
// under every codec, an overwritten one under every checksummed
// pipeline; the error names the store, the array and the chunk key, and
// a block that still reads must hold the pristine values.
func TestDamagedCorpusChunks(t *testing.T) {
	ctx := context.Background()
	src := corpusDir(t)
	root := t.TempDir()
	for _, f := range []string{"zarr2", "zarr3"} {
		if err := os.CopyFS(filepath.Join(root, f), os.DirFS(filepath.Join(src, f))); err != nil {
			t.Fatal(err)
		}
	}
	m := readManifest(t, src)
	arrays, refused, undetectable := 0, 0, 0
	for _, e := range m.Arrays {
		if e.Format != "zarr2" && e.Format != "zarr3" {
			continue
		}
		pristine, err := Open(ctx, kv.NewDir(root), e.Path)
		if err != nil {
			t.Fatalf("%s: %v", e.Path, err)
		}
		// The first stored chunk file, and the blocks it holds.
		var key string
		var blocks [][]int
		chunk.EachIndex(pristine.grid.NumBlocks(), func(b []int) {
			k := pristine.ChunkKey(b)
			if key == "" {
				if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(k))); err == nil {
					key = k
				}
			}
			if k == key {
				blocks = append(blocks, slices.Clone(b))
			}
		})
		if key == "" {
			continue // no chunk stored
		}
		arrays++
		want := make([]*chunk.Dense, len(blocks))
		for i, b := range blocks {
			if want[i], err = pristine.ReadChunk(ctx, b); err != nil {
				t.Fatal(err)
			}
			want[i] = want[i].Clone()
		}
		file := filepath.Join(root, filepath.FromSlash(key))
		good, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, dm := range chunkDamages {
			if len(good) < 2 {
				continue
			}
			if err := os.WriteFile(file, dm.apply(slices.Clone(good)), 0o666); err != nil {
				t.Fatal(err)
			}
			for pname, s := range readPaths(root) {
				a, err := Open(ctx, s, e.Path)
				if err != nil {
					t.Fatal(err)
				}
				failed := false
				for i, b := range blocks {
					got, err := a.ReadChunk(ctx, b)
					if err != nil {
						failed = true
						msg := err.Error()
						for _, name := range []string{root, fmt.Sprintf("array %q", e.Path), fmt.Sprintf("%q", key)} {
							if !strings.Contains(msg, name) {
								t.Errorf("%s %s (%s): error %q does not name %s", e.Path, dm.name, pname, msg, name)
							}
						}
						continue
					}
					if (checksummed(a) || !dm.overwrite) && !equalNaN(a.m.dtype, got.Bytes(), want[i].Bytes()) {
						t.Errorf("%s %s (%s): block %v read wrong values without an error", e.Path, dm.name, pname, b)
					}
				}
				// Bytes after the last inner chunk of a shard whose index
				// comes first are outside every chunk: the data read is
				// intact (and checked above), as the sharding spec allows.
				unreferenced := dm.name == "extended" && a.m.shard != nil && a.m.shard.atStart
				switch {
				case unreferenced:
					if failed {
						t.Errorf("%s: bytes appended after a shard's chunks made it unreadable (%s)", e.Path, pname)
					}
				case failed:
					refused++
				case !dm.overwrite || checksummed(a):
					t.Errorf("%s: chunk %q %s read without an error (%s)", e.Path, key, dm.name, pname)
				default:
					undetectable++
				}
			}
		}
		if err := os.WriteFile(file, good, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	if arrays < 60 {
		t.Fatalf("only %d arrays damaged", arrays)
	}
	t.Logf("%d arrays: %d damaged reads refused, %d overwrites undetectable by the format (no checksum)", arrays, refused, undetectable)
}

// TestZstdContentChecksum damages chunks written with Zstandard's
// content checksum (numcodecs ≥ 0.13 and zarr v3's "checksum": true; the
// Debian tools of the corpus cannot write it): every overwritten byte of
// the compressed data is caught, on every read path.
func TestZstdContentChecksum(t *testing.T) {
	ctx := context.Background()
	for _, format := range []int{2, 3} {
		root := t.TempDir()
		a, err := Create(ctx, kv.NewDir(root), "z", CreateOptions{Format: format, DType: chunk.Float64, Shape: []int{64}, Chunks: []int{64}, Compressor: codec.ZstdChecksum(3)})
		if err != nil {
			t.Fatal(err)
		}
		want := testData(chunk.Float64, []int{64}, 5)
		if err := a.WriteChunk(ctx, []int{0}, want); err != nil {
			t.Fatal(err)
		}
		key := a.ChunkKey([]int{0})
		file := filepath.Join(root, filepath.FromSlash(key))
		good, _ := os.ReadFile(file)
		// Skip the frame header (magic, descriptor, window, content
		// size): bytes there describe the frame rather than the data.
		for i := 12; i < len(good); i++ {
			bad := slices.Clone(good)
			bad[i] ^= 0x04
			os.WriteFile(file, bad, 0o666)
			for pname, s := range readPaths(root) {
				r, err := Open(ctx, s, "z")
				if err != nil {
					t.Fatal(err)
				}
				got, err := r.ReadChunk(ctx, []int{0})
				if err == nil {
					t.Fatalf("v%d: byte %d of %d overwritten: read without an error (%s; values equal: %v)", format, i, len(good), pname, equalNaN(chunk.Float64, got.Bytes(), want.Bytes()))
				}
				if !strings.Contains(err.Error(), key) {
					t.Fatalf("error %q does not name %q", err, key)
				}
			}
		}
	}
}
