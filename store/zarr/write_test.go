package zarr

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/kv"
)

// testData returns deterministic values of dt with the type's extremes
// (and NaN, ±Inf, -0 for floats) first.
func testData(dt chunk.DType, shape []int, seed uint64) *chunk.Dense {
	n := chunk.Prod(shape)
	r := rand.New(rand.NewPCG(seed, 7))
	f := make([]float64, n)
	lo, hi := chunk.Limits(dt)
	for i := range f {
		switch {
		case dt == chunk.Bool:
			f[i] = float64(r.IntN(2))
		case dt.IsFloat():
			f[i] = r.NormFloat64() * 1000
		default:
			f[i] = math.Floor(lo + r.Float64()*(hi-lo+1))
			f[i] = math.Max(lo, math.Min(hi, f[i]))
		}
	}
	d := chunk.NewDense(dt, shape)
	fd, _ := chunk.FromSlice(shape, f)
	chunk.Convert(d.Data(), fd.AsType(dt).Data())
	// Exact extremes, which float64 cannot carry for 64-bit integers.
	switch v := d.Data().(type) {
	case []int64:
		if n >= 2 {
			v[0], v[1] = math.MinInt64, math.MaxInt64
		}
	case []uint64:
		if n >= 2 {
			v[0], v[1] = 0, math.MaxUint64
		}
	case []float64:
		special := []float64{math.Float64frombits(nan64), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 5e-324, math.MaxFloat64}
		copy(v, special[:min(n, len(special))])
	case []float32:
		special := []float32{math.Float32frombits(nan32), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Copysign(0, -1)), math.SmallestNonzeroFloat32, math.MaxFloat32}
		copy(v, special[:min(n, len(special))])
	}
	return d
}

// writeAll writes d to a chunk by chunk, skipping the blocks in skip.
func writeAll(ctx context.Context, a *Array, d *chunk.Dense, skip map[string]bool) error {
	g, err := a.Meta().Grid()
	if err != nil {
		return err
	}
	var ferr error
	g.Blocks(func(idx []int) {
		if ferr != nil || skip[fmt.Sprint(idx)] {
			return
		}
		ferr = a.WriteChunk(ctx, idx, d.Region(g.BlockBox(idx)))
	})
	return ferr
}

type writeCase struct {
	name string
	opts CreateOptions
	skip [][]int // blocks never written
}

func writeCases() []writeCase {
	var cases []writeCase
	codecs := map[int][]string{
		2: {"none", "zlib", "gzip:5", "lz4", "zstd:3", "blosc-lz4", "blosc-zstd-bitshuffle", "blosc-zlib-noshuffle", "blosc-blosclz", "blosc-lz4hc"},
		3: {"none", "gzip", "zstd:3", "blosc-lz4", "blosc-zstd-bitshuffle", "blosc-blosclz-noshuffle"},
	}
	i := 0
	for _, format := range []int{2, 3} {
		for _, dt := range chunk.DTypes {
			for _, c := range codecs[format] {
				for _, order := range []string{"C", "F"} {
					i++
					big := i%3 == 0 && dt.Size() > 1 && !dt.IsComplex() // big-endian complex is unsupported
					name := fmt.Sprintf("v%d_%s_%s_%s", format, dt, strings.NewReplacer(":", "", "-", "_").Replace(c), order)
					if big {
						name += "_be"
					}
					cases = append(cases, writeCase{name: name, opts: CreateOptions{
						Format: format, DType: dt, Shape: []int{13, 11}, Chunks: []int{5, 4},
						Order: order, Codec: c, BigEndian: big,
					}})
				}
			}
		}
	}
	attrs := map[string]any{"title": "chunkwise", "n": 3.0, "list": []any{1.0, "two", nil}}
	cases = append(cases,
		writeCase{name: "v2_f8_nanfill_missing", opts: CreateOptions{Format: 2, DType: chunk.Float64, Shape: []int{12, 9}, Chunks: []int{5, 4}, FillValue: math.NaN(), Codec: "zstd", Attributes: attrs}, skip: [][]int{{1, 1}, {2, 2}}},
		writeCase{name: "v2_f4_inffill_slash", opts: CreateOptions{Format: 2, DType: chunk.Float32, Shape: []int{9, 8, 7}, Chunks: []int{4, 4, 4}, FillValue: "-Infinity", Separator: "/", Codec: "blosc-zstd"}, skip: [][]int{{0, 1, 0}}},
		writeCase{name: "v2_i4_delta_zlib", opts: CreateOptions{Format: 2, DType: chunk.Int32, Shape: []int{60, 10}, Chunks: []int{16, 10}, Delta: true, Codec: "zlib:5"}},
		writeCase{name: "v2_u2_delta_be_F", opts: CreateOptions{Format: 2, DType: chunk.Uint16, Shape: []int{20, 10}, Chunks: []int{16, 7}, Delta: true, BigEndian: true, Order: "F", Codec: "zstd"}},
		writeCase{name: "v2_f8_0d", opts: CreateOptions{Format: 2, DType: chunk.Float64, Shape: []int{}, Chunks: []int{}, Codec: "zlib"}},
		writeCase{name: "v2_i8_fill_missing_1d", opts: CreateOptions{Format: 2, DType: chunk.Int64, Shape: []int{100}, Chunks: []int{30}, FillValue: int64(-5), Codec: "lz4"}, skip: [][]int{{3}}},
		writeCase{name: "v2_b1_truefill", opts: CreateOptions{Format: 2, DType: chunk.Bool, Shape: []int{17, 9}, Chunks: []int{8, 4}, FillValue: true, Codec: "blosc-lz4-bitshuffle"}, skip: [][]int{{2, 2}}},
		writeCase{name: "v3_f8_nanfill_missing", opts: CreateOptions{Format: 3, DType: chunk.Float64, Shape: []int{12, 9}, Chunks: []int{5, 4}, FillValue: "NaN", Codec: "gzip", Attributes: attrs}, skip: [][]int{{1, 1}}},
		writeCase{name: "v3_f4_hexfill", opts: CreateOptions{Format: 3, DType: chunk.Float32, Shape: []int{12, 9}, Chunks: []int{5, 4}, FillValue: "0x7fc00000", Codec: "zstd"}, skip: [][]int{{0, 0}}},
		writeCase{name: "v3_i4_checksum", opts: CreateOptions{Format: 3, DType: chunk.Int32, Shape: []int{12, 10}, Chunks: []int{5, 5}, Codec: "gzip", Checksum: true}},
		writeCase{name: "v3_u2_key_v2_dot", opts: CreateOptions{Format: 3, DType: chunk.Uint16, Shape: []int{13, 11}, Chunks: []int{5, 5}, V2KeyEncoding: true}},
		writeCase{name: "v3_i8_key_v2_slash_be", opts: CreateOptions{Format: 3, DType: chunk.Int64, Shape: []int{13, 11}, Chunks: []int{5, 5}, V2KeyEncoding: true, Separator: "/", BigEndian: true, Codec: "zstd"}},
		writeCase{name: "v3_f4_key_dot", opts: CreateOptions{Format: 3, DType: chunk.Float32, Shape: []int{13, 11}, Chunks: []int{5, 5}, Separator: "."}},
		writeCase{name: "v2_c16_fill_missing", opts: CreateOptions{Format: 2, DType: chunk.Complex128, Shape: []int{12, 9}, Chunks: []int{5, 4}, FillValue: complex(1.5, -2), Codec: "zstd"}, skip: [][]int{{1, 1}}},
		writeCase{name: "v3_c8_nanfill_missing", opts: CreateOptions{Format: 3, DType: chunk.Complex64, Shape: []int{12, 9}, Chunks: []int{5, 4}, FillValue: []any{"NaN", 0.5}, Codec: "gzip"}, skip: [][]int{{0, 1}}},
		writeCase{name: "v3_f8_0d", opts: CreateOptions{Format: 3, DType: chunk.Float64, Shape: []int{}, Chunks: []int{}}},
		writeCase{name: "v3_u1_F_3d", opts: CreateOptions{Format: 3, DType: chunk.Uint8, Shape: []int{6, 5, 4}, Chunks: []int{4, 3, 2}, Order: "F", FillValue: 7}},
		writeCase{name: "v3_sharded_i4_gzip", opts: CreateOptions{Format: 3, DType: chunk.Int32, Shape: []int{37, 28}, Chunks: []int{5, 7}, Shard: []int{20, 14}, Codec: "gzip", FillValue: -1}, skip: [][]int{{0, 0}, {7, 3}}},
		writeCase{name: "v3_sharded_f8_zstd_F", opts: CreateOptions{Format: 3, DType: chunk.Float64, Shape: []int{37, 23}, Chunks: []int{10, 7}, Shard: []int{20, 14}, Codec: "zstd", Order: "F", FillValue: "NaN"}},
		writeCase{name: "v3_sharded_index_start", opts: CreateOptions{Format: 3, DType: chunk.Float32, Shape: []int{16, 12}, Chunks: []int{4, 3}, Shard: []int{8, 6}, Codec: "blosc-lz4", ShardIndexAtStart: true}},
		writeCase{name: "v3_sharded_u2_be_crc", opts: CreateOptions{Format: 3, DType: chunk.Uint16, Shape: []int{30}, Chunks: []int{4}, Shard: []int{16}, BigEndian: true, Checksum: true}},
	)
	return cases
}

// TestWriteRoundTrip writes every case into a temporary directory, reads
// it back with this package, and then (unless -short) checks it with
// zarr-python, zarrita and zarr3py through verify_with_python.py.
func TestWriteRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := kv.NewDir(dir)
	var entries []map[string]any
	for i, c := range writeCases() {
		path := "zarr/" + c.name
		a, err := Create(ctx, s, path, c.opts)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want := testData(c.opts.DType, c.opts.Shape, uint64(i))
		skip := map[string]bool{}
		var missing []string
		for _, b := range c.skip {
			skip[fmt.Sprint(b)] = true
		}
		if err := writeAll(ctx, a, want, skip); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		// The expected values: skipped blocks hold the fill value.
		g, _ := a.Meta().Grid()
		for _, b := range c.skip {
			fillBlock := chunk.NewDense(want.DType(), g.BlockShape(b))
			fillPattern(fillBlock.Bytes(), a.fill)
			chunk.CopyBox(want, g.BlockBox(b).Min, fillBlock, chunk.Box{Min: make([]int, len(b)), Max: fillBlock.Shape()})
			if a.ShardShape() == nil {
				missing = append(missing, strings.TrimPrefix(a.ChunkKey(b), path+"/"))
			}
		}
		got, err := readAll(ctx, a)
		if err != nil {
			t.Fatalf("%s: read back: %v", c.name, err)
		}
		if !equalNaN(want.DType(), got.Bytes(), want.Bytes()) {
			t.Errorf("%s: read back differs", c.name)
		}
		// Reopen from the store, as a reader would.
		if b, err := Open(ctx, s, path); err != nil {
			t.Errorf("%s: reopen: %v", c.name, err)
		} else if got, err := readAll(ctx, b); err != nil || !equalNaN(want.DType(), got.Bytes(), want.Bytes()) {
			t.Errorf("%s: reopened read differs (%v)", c.name, err)
		}
		exp := "expected/" + c.name + ".npy"
		os.MkdirAll(filepath.Join(dir, "expected"), 0o755)
		if err := writeNPY(filepath.Join(dir, exp), want); err != nil {
			t.Fatal(err)
		}
		entries = append(entries, manifestFor(t, s, a, c, exp, missing))
	}
	b, _ := json.MarshalIndent(map[string]any{"arrays": entries, "groups": []any{}}, "", " ")
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	runVerify(t, dir, len(entries))
}

// manifestFor describes a written array in verify_with_python.py's
// manifest format, from the metadata actually written.
func manifestFor(t *testing.T, s *kv.Dir, a *Array, c writeCase, exp string, missing []string) map[string]any {
	e := map[string]any{
		"name": c.name, "path": "zarr/" + c.name, "expected": exp,
		"shape": a.Meta().Shape, "missing_chunks": missing,
	}
	if missing == nil {
		e["missing_chunks"] = []string{}
	}
	order := c.opts.Order
	// v3 "order" is read from top-level transpose codecs only; a sharded
	// array keeps its transpose inside the sharding codec.
	if order == "" || c.opts.Format == 3 && (len(c.opts.Shape) < 2 || c.opts.Shard != nil) {
		order = "C"
	}
	e["order"] = order
	if c.opts.Attributes != nil {
		e["attrs"] = c.opts.Attributes
	}
	var doc map[string]any
	if c.opts.Format == 2 {
		raw, _ := s.Get(context.Background(), "zarr/"+c.name+"/.zarray")
		json.Unmarshal(raw, &doc)
		e["format"] = "zarr2"
		e["dtype"] = doc["dtype"]
		e["chunks"] = doc["chunks"]
		e["fill_value"] = doc["fill_value"]
		e["codec"] = map[string]any{"compressor": doc["compressor"], "filters": doc["filters"]}
		sep := "."
		if c.opts.Separator == "/" {
			sep = "/"
		}
		e["dimension_separator"] = sep
	} else {
		raw, _ := s.Get(context.Background(), "zarr/"+c.name+"/zarr.json")
		json.Unmarshal(raw, &doc)
		e["format"] = "zarr3"
		e["data_type"] = doc["data_type"]
		e["dtype"] = v2DTypeString(c.opts.DType, false)
		e["chunks"] = doc["chunk_grid"].(map[string]any)["configuration"].(map[string]any)["chunk_shape"]
		e["fill_value"] = doc["fill_value"]
		e["codec"] = map[string]any{"codecs": doc["codecs"]}
		e["chunk_key_encoding"] = doc["chunk_key_encoding"]
		if c.opts.ShardIndexAtStart || c.opts.DType == chunk.Float16 {
			e["reference_reader"] = "zarr3py" // zarrita 0.7.5 reads end indexes only, and no float16
		}
		if c.opts.DType.IsComplex() {
			e["reference_reader"] = "zarr3py" // zarrita 0.7.5 has no complex types
		}
	}
	return e
}

// runVerify runs verify_with_python.py over dir.
func runVerify(t *testing.T, dir string, n int) {
	if testing.Short() {
		t.Skip("-short: not running verify_with_python.py")
	}
	script := testcorpus.Path(t, "verify_with_python.py")
	py := testcorpus.RequirePython(t, "zarr", "numcodecs", "h5py")
	out, err := exec.Command(py, script, dir).CombinedOutput()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	last := lines[len(lines)-1]
	t.Logf("verify_with_python.py on %d arrays: %s", n, last)
	if err != nil {
		t.Errorf("verify_with_python.py failed (%v):\n%s", err, out)
	}
}

// TestWriteChunkOver writes every chunk of an lz4 array over a scratch
// file: in a directory store each file moves in as the chunk's file; in
// a memory store or a sharded array the chunk is written as by
// WriteChunk and the file stays. Either way the array reads back equal.
func TestWriteChunkOver(t *testing.T) {
	ctx := context.Background()
	scratch := t.TempDir()
	for _, c := range []struct {
		name  string
		s     store.Store
		opts  CreateOptions
		moves bool
	}{
		{"dir", kv.NewDir(t.TempDir()), CreateOptions{Format: 2, Codec: "lz4", DType: chunk.Float64, Shape: []int{7, 5}, Chunks: []int{3, 2}}, true},
		{"memory", kv.NewMemory(), CreateOptions{Format: 2, Codec: "lz4", DType: chunk.Float64, Shape: []int{7, 5}, Chunks: []int{3, 2}}, false},
		{"sharded", kv.NewDir(t.TempDir()), CreateOptions{Format: 3, DType: chunk.Int16, Shape: []int{7, 5}, Chunks: []int{2, 2}, Shard: []int{4, 4}}, false},
	} {
		a, err := Create(ctx, c.s, "", c.opts)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want := testData(c.opts.DType, c.opts.Shape, 3)
		g, _ := a.Meta().Grid()
		var err2 error
		chunk.EachIndex(g.NumBlocks(), func(b []int) {
			path := filepath.Join(scratch, fmt.Sprint(c.name, b))
			if err := os.WriteFile(path, make([]byte, 100), 0o600); err != nil {
				t.Fatal(err)
			}
			moved, err := a.WriteChunkOver(ctx, b, want.Region(g.BlockBox(b)).Clone(), path)
			if err != nil {
				err2 = err
			}
			_, serr := os.Stat(path)
			if moved != c.moves || (serr == nil) == moved {
				t.Errorf("%s chunk %v: moved %v (want %v), file there: %v", c.name, b, moved, c.moves, serr == nil)
			}
		})
		if err2 != nil {
			t.Fatalf("%s: %v", c.name, err2)
		}
		got, err := readAll(ctx, a)
		if err != nil {
			t.Fatalf("%s: read back: %v", c.name, err)
		}
		if !equalNaN(want.DType(), got.Bytes(), want.Bytes()) {
			t.Errorf("%s: read back differs", c.name)
		}
	}
}

// TestWriteConcurrent writes every chunk at once from its own goroutine:
// the encoded bytes live in pooled buffers, which must not be released
// (and reused by another write) before the store has them.
func TestWriteConcurrent(t *testing.T) {
	ctx := context.Background()
	s := kv.NewDir(t.TempDir())
	for i, c := range []CreateOptions{
		{Format: 2, Codec: "lz4"}, {Format: 2, Codec: "zlib"}, {Format: 2, Codec: "zstd"},
		{Format: 2, Codec: "blosc-lz4"}, {Format: 2, Codec: "gzip", Order: "F"}, {Format: 2},
		{Format: 3, Codec: "zstd", Shard: []int{32, 64}},
	} {
		c.DType, c.Shape, c.Chunks = chunk.Float64, []int{250, 250}, []int{16, 32}
		name := fmt.Sprintf("a%d", i)
		a, err := Create(ctx, s, name, c)
		if err != nil {
			t.Fatal(err)
		}
		want := testData(chunk.Float64, c.Shape, uint64(i))
		g, _ := a.Meta().Grid()
		var blocks [][]int
		g.Blocks(func(idx []int) { blocks = append(blocks, slices.Clone(idx)) })
		errs := make(chan error, len(blocks))
		for _, b := range blocks {
			go func() { errs <- a.WriteChunk(ctx, b, want.Region(g.BlockBox(b))) }()
		}
		for range blocks {
			if err := <-errs; err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		got, err := readAll(ctx, a)
		if err != nil || !equalNaN(chunk.Float64, got.Bytes(), want.Bytes()) {
			t.Errorf("%v: read back differs (%v)", c, err)
		}
	}
}
