package zarr

import (
	"bytes"
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/kv"
)

// countingRemote is a kv.Memory that says it is remote (so the Array
// keeps shard indices) and counts its range reads.
type countingRemote struct {
	*kv.Memory
	ranges atomic.Int64
}

func (c *countingRemote) Remote() bool { return true }

func (c *countingRemote) GetRange(ctx context.Context, key string, off, n int64) ([]byte, error) {
	c.ranges.Add(1)
	return c.Memory.GetRange(ctx, key, off, n)
}

// TestReadChunks reads chunk subsets with ReadChunks and compares them
// with ReadChunk one by one, counting the range requests: the index once
// per shard, then one per run of adjacent inner chunks.
func TestReadChunks(t *testing.T) {
	ctx := context.Background()
	s := &countingRemote{Memory: kv.NewMemory()}
	// 64×64 float64 inner chunks stored raw (32 KiB), 4×2 per shard
	a, err := Create(ctx, s, "a", CreateOptions{Format: 3, DType: chunk.Float64, Shape: []int{300, 200},
		Chunks: []int{64, 64}, Shard: []int{256, 128}})
	if err != nil {
		t.Fatal(err)
	}
	if err := writeAll(ctx, a, testData(chunk.Float64, []int{300, 200}, 3), nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		blocks [][]int
		ranges int64
	}{
		{"adjacent", [][]int{{0, 0}, {0, 1}, {1, 0}, {1, 1}}, 1 + 1},
		{"a hole of one chunk", [][]int{{0, 0}, {0, 1}, {1, 1}}, 1 + 2},
		{"two shards", [][]int{{0, 0}, {4, 3}, {0, 1}}, 2 + 2},
		{"edge shard", [][]int{{4, 0}, {4, 1}, {4, 2}}, 2 + 2},
	} {
		a.idx = indexCache{} // read the indices again
		s.ranges.Store(0)
		got, err := a.ReadChunks(ctx, c.blocks)
		if err != nil {
			t.Fatal(err)
		}
		if n := s.ranges.Load(); n != c.ranges {
			t.Errorf("%s: %d range reads, want %d", c.name, n, c.ranges)
		}
		for i, b := range c.blocks {
			want, err := a.ReadChunk(ctx, b)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got[i].Bytes(), want.Bytes()) || !chunk.EqualShapes(got[i].Shape(), want.Shape()) {
				t.Errorf("%s: chunk %v differs from ReadChunk's", c.name, b)
			}
		}
	}
	// Cached index: reading an inner chunk again costs one range.
	s.ranges.Store(0)
	if _, err := a.ReadChunk(ctx, []int{4, 1}); err != nil || s.ranges.Load() != 1 {
		t.Errorf("ReadChunk with a cached index: %d range reads, %v", s.ranges.Load(), err)
	}
	// A corrupt shard: an error naming it, no chunks.
	key := a.ChunkKey([]int{0, 0})
	good, _ := s.Get(ctx, key)
	s.Set(ctx, key, good[:len(good)/2])
	a.idx = indexCache{}
	if ds, err := a.ReadChunks(ctx, [][]int{{0, 0}, {0, 1}}); err == nil || !strings.Contains(err.Error(), key) {
		t.Errorf("corrupt shard: %d chunks, %v", len(ds), err)
	}
	if _, err := a.ReadChunks(ctx, [][]int{{9, 0}}); err == nil {
		t.Error("a block outside the grid was read")
	}
}
