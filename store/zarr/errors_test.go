package zarr

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/codec"
	"github.com/chunkwise/chunkwise/store/kv"
)

const goodV2 = `{"zarr_format": 2, "shape": [10], "chunks": [4], "dtype": "<f8", "compressor": null, "fill_value": 0, "order": "C", "filters": null}`

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, key, doc string
		want           error
		mention        string
	}{
		{"string dtype", ".zarray", strings.Replace(goodV2, `"<f8"`, `"<U8"`, 1), ErrUnsupported, "<U8"},
		{"structured dtype", ".zarray", strings.Replace(goodV2, `"<f8"`, `[["a", "<f8"]]`, 1), ErrUnsupported, "dtype"},
		{"unknown codec", ".zarray", strings.Replace(goodV2, `"compressor": null`, `"compressor": {"id": "bz2", "level": 1}`, 1), ErrUnsupported, "bz2"},
		{"unknown filter", ".zarray", strings.Replace(goodV2, `"filters": null`, `"filters": [{"id": "quantize", "digits": 2}]`, 1), ErrUnsupported, "quantize"},
		{"zarr_format 4 v2", ".zarray", strings.Replace(goodV2, `"zarr_format": 2`, `"zarr_format": 4`, 1), ErrUnsupported, "zarr_format 4"},
		{"zarr_format 4", "zarr.json", `{"zarr_format": 4, "node_type": "array"}`, ErrUnsupported, "zarr_format 4"},
		{"v3 unknown codec", "zarr.json", `{"zarr_format": 3, "node_type": "array", "shape": [4], "data_type": "int8", "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2]}}, "chunk_key_encoding": {"name": "default"}, "fill_value": 0, "codecs": [{"name": "bytes"}, {"name": "lzma"}]}`, ErrUnsupported, "lzma"},
		{"v3 rectilinear", "zarr.json", `{"zarr_format": 3, "node_type": "array", "shape": [4], "data_type": "int8", "chunk_grid": {"name": "rectilinear"}, "chunk_key_encoding": {"name": "default"}, "fill_value": 0, "codecs": [{"name": "bytes"}]}`, ErrUnsupported, "rectilinear"},
		{"bad order", ".zarray", strings.Replace(goodV2, `"order": "C"`, `"order": "K"`, 1), ErrCorrupt, "order"},
		{"negative shape", ".zarray", strings.Replace(goodV2, `[10]`, `[-1]`, 1), ErrCorrupt, "shape"},
		{"fill out of range", ".zarray", strings.Replace(strings.Replace(goodV2, `"<f8"`, `"|u1"`, 1), `"fill_value": 0`, `"fill_value": 300`, 1), ErrUnsupported, "fill_value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := kv.NewMemory()
			s.Set(ctx, "grp/arr/"+tc.key, []byte(tc.doc))
			_, err := Open(ctx, s, "grp/arr")
			if !errors.Is(err, tc.want) {
				t.Fatalf("Open = %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), `"grp/arr"`) || !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("error %q does not name the path and %q", err, tc.mention)
			}
		})
	}
	if _, err := Open(ctx, kv.NewMemory(), "nothing"); err == nil {
		t.Error("Open of a missing array: no error")
	}
}

func TestCorruptChunks(t *testing.T) {
	ctx := context.Background()
	for _, c := range []string{"none", "zlib", "gzip", "lz4", "zstd", "blosc-lz4"} {
		for _, format := range []int{2, 3} {
			if format == 3 && (c == "zlib" || c == "lz4") {
				continue
			}
			for _, shard := range [][]int{nil, {8, 8}} {
				for _, checksum := range []bool{false, true} {
					if (shard != nil || checksum) && format == 2 {
						continue
					}
					name := fmt.Sprintf("v%d_%s_shard%v_crc%v", format, c, shard, checksum)
					t.Run(name, func(t *testing.T) {
						s := kv.NewMemory()
						a, err := Create(ctx, s, "a", CreateOptions{Format: format, DType: chunk.Float64, Shape: []int{8, 8}, Chunks: []int{4, 4}, Codec: c, Shard: shard, Checksum: checksum})
						if err != nil {
							t.Fatal(err)
						}
						if err := writeAll(ctx, a, testData(chunk.Float64, []int{8, 8}, 1), nil); err != nil {
							t.Fatal(err)
						}
						key := a.ChunkKey([]int{0, 0})
						good, _ := s.Get(ctx, key)
						bads := [][]byte{good[:len(good)/2], good[:len(good)-1], {}}
						if checksum {
							// Without a checksum a flipped byte or trailing bytes may
							// decode silently; crc32c catches them.
							bads = append(bads, flip(good, 10), append(append([]byte{}, good...), 1, 2, 3))
						}
						if c == "zlib" || c == "gzip" {
							// The last byte is the stream's Adler-32 or size.
							bads = append(bads, flip(good, len(good)-1))
						}
						for _, bad := range bads {
							s.Set(ctx, key, bad)
							for _, r := range []*Array{a, withoutRanges(t, s)} {
								d, err := r.ReadChunk(ctx, []int{0, 0})
								if err == nil {
									// A flipped byte inside raw data (no codec, no checksum) is
									// undetectable; everything else must fail.
									t.Errorf("corrupt chunk of %d bytes read without error: %v", len(bad), d.Shape())
									continue
								}
								if !strings.Contains(err.Error(), key) {
									t.Errorf("error %q does not name the key %q", err, key)
								}
							}
						}
					})
				}
			}
		}
	}
}

// withoutRanges reopens array "a" of s through a store without GetRange.
func withoutRanges(t *testing.T, s *kv.Memory) *Array {
	a, err := Open(context.Background(), plainStore{s}, "a")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

type plainStore struct{ *kv.Memory }

func (plainStore) GetRange() {} // hides kv.Memory.GetRange

func flip(b []byte, i int) []byte {
	c := append([]byte{}, b...)
	c[i] ^= 0xff
	return c
}

func TestCreateErrors(t *testing.T) {
	ctx := context.Background()
	base := CreateOptions{DType: chunk.Int32, Shape: []int{10}, Chunks: []int{4}}
	for _, tc := range []struct {
		name string
		mod  func(o *CreateOptions)
	}{
		{"format 4", func(o *CreateOptions) { o.Format = 4 }},
		{"bad codec", func(o *CreateOptions) { o.Codec = "brotli" }},
		{"lz4 in v3", func(o *CreateOptions) { o.Codec = "lz4" }},
		{"zlib compressor in v3", func(o *CreateOptions) { o.Compressor = codec.Zlib(1) }},
		{"shard not multiple", func(o *CreateOptions) { o.Shard = []int{6} }},
		{"shard in v2", func(o *CreateOptions) { o.Format = 2; o.Shard = []int{8} }},
		{"fill out of range", func(o *CreateOptions) { o.FillValue = 1 << 40 }},
		{"NaN fill for ints", func(o *CreateOptions) { o.FillValue = "NaN" }},
		{"chunks length", func(o *CreateOptions) { o.Chunks = []int{4, 4} }},
		{"zero chunk", func(o *CreateOptions) { o.Chunks = []int{0} }},
		{"order", func(o *CreateOptions) { o.Order = "X" }},
		{"invalid dtype", func(o *CreateOptions) { o.DType = chunk.Invalid }},
	} {
		o := base
		tc.mod(&o)
		if _, err := Create(ctx, kv.NewMemory(), "x", o); err == nil {
			t.Errorf("%s: no error", tc.name)
		} else if !strings.Contains(err.Error(), `"x"`) {
			t.Errorf("%s: error %q does not name the path", tc.name, err)
		}
	}
	s := kv.NewMemory()
	if _, err := Create(ctx, s, "x", base); err != nil {
		t.Fatal(err)
	}
	if _, err := Create(ctx, s, "x", base); err == nil {
		t.Error("Create over an existing array: no error")
	}
	o := base
	o.Overwrite = true
	if _, err := Create(ctx, s, "x", o); err != nil {
		t.Errorf("Create with Overwrite: %v", err)
	}
	a, _ := Open(ctx, s, "x")
	if err := a.WriteChunk(ctx, []int{0}, chunk.NewDense(chunk.Float64, []int{4})); err == nil {
		t.Error("WriteChunk of the wrong dtype: no error")
	}
	if err := a.WriteChunk(ctx, []int{2}, chunk.NewDense(chunk.Int32, []int{4})); err == nil {
		t.Error("WriteChunk of the wrong shape: no error")
	}
	if _, err := a.ReadChunk(ctx, []int{3}); err == nil {
		t.Error("ReadChunk outside the grid: no error")
	}
}

// TestShardConcurrentWrites writes every inner chunk of a sharded array
// from its own goroutine: the per-shard lock must keep every write.
func TestShardConcurrentWrites(t *testing.T) {
	ctx := context.Background()
	for _, atStart := range []bool{false, true} {
		s := kv.NewDir(t.TempDir())
		a, err := Create(ctx, s, "", CreateOptions{DType: chunk.Uint16, Shape: []int{40, 30}, Chunks: []int{4, 5}, Shard: []int{20, 15}, Codec: "zstd", ShardIndexAtStart: atStart})
		if err != nil {
			t.Fatal(err)
		}
		want := testData(chunk.Uint16, []int{40, 30}, 3)
		g, _ := a.Meta().Grid()
		var wg sync.WaitGroup
		g.Blocks(func(idx []int) {
			idx = append([]int(nil), idx...)
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := a.WriteChunk(ctx, idx, want.Region(g.BlockBox(idx))); err != nil {
					t.Error(err)
				}
			}()
		})
		wg.Wait()
		got, err := readAll(ctx, a)
		if err != nil || !equalNaN(chunk.Uint16, got.Bytes(), want.Bytes()) {
			t.Errorf("atStart=%v: concurrent shard writes lost data (%v)", atStart, err)
		}
	}
}

func TestFillValues(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		dt   chunk.DType
		v3   bool
		want any
	}{
		{`"NaN"`, chunk.Float64, false, "NaN"},
		{`"Infinity"`, chunk.Float32, false, "+Inf"},
		{`"-Infinity"`, chunk.Float64, true, "-Inf"},
		{`"0x7fc00000"`, chunk.Float32, true, "NaN"},
		{`"0x3ff0000000000000"`, chunk.Float64, true, 1.0},
		{`18446744073709551615`, chunk.Uint64, true, uint64(18446744073709551615)},
		{`-9223372036854775808`, chunk.Int64, false, int64(-9223372036854775808)},
		{`true`, chunk.Bool, true, true},
		{`null`, chunk.Int32, false, int64(0)},
		{`2.5`, chunk.Float32, false, 2.5},
	} {
		b, err := parseFill([]byte(tc.doc), tc.dt, tc.v3)
		if err != nil {
			t.Errorf("%s as %v: %v", tc.doc, tc.dt, err)
			continue
		}
		got := fillValue(b, tc.dt)
		if s := fmt.Sprint(got); fmt.Sprint(tc.want) != s {
			t.Errorf("%s as %v = %v, want %v", tc.doc, tc.dt, got, tc.want)
		}
		back, err := parseFill(fillJSON(b, tc.dt, tc.v3), tc.dt, tc.v3)
		if err != nil || string(back) != string(b) {
			t.Errorf("%s as %v: JSON round trip %s gives %x, %v", tc.doc, tc.dt, fillJSON(b, tc.dt, tc.v3), back, err)
		}
	}
	for _, tc := range []struct {
		doc string
		dt  chunk.DType
		v3  bool
	}{
		{`"NaN"`, chunk.Int32, false}, {`256`, chunk.Uint8, false}, {`-1`, chunk.Uint32, true},
		{`"0x7fc0"`, chunk.Float32, true}, {`"0x7fc00000"`, chunk.Float32, false}, {`null`, chunk.Int8, true},
		{`1.5`, chunk.Int16, false}, {`"abc"`, chunk.Float64, false}, {`[1]`, chunk.Float64, false},
	} {
		if _, err := parseFill([]byte(tc.doc), tc.dt, tc.v3); err == nil {
			t.Errorf("%s as %v (v3 %v): no error", tc.doc, tc.dt, tc.v3)
		}
	}
}
