package zarr

import (
	"context"
	"fmt"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/kv"
)

// BenchmarkChunk measures WriteChunk and ReadChunk of one 256×256 float64
// chunk (512 KiB) in memory, per codec, order and byte order.
func BenchmarkChunk(b *testing.B) {
	ctx := context.Background()
	for _, tc := range []struct {
		codec, order string
		big          bool
	}{
		{"none", "C", false}, {"none", "F", false}, {"none", "C", true},
		{"zstd", "C", false}, {"blosc-lz4", "C", false}, {"lz4", "C", false},
	} {
		name := fmt.Sprintf("%s/%s/big=%v", tc.codec, tc.order, tc.big)
		s := kv.NewMemory()
		a, err := Create(ctx, s, "", CreateOptions{Format: 2, DType: chunk.Float64, Shape: []int{256, 256}, Chunks: []int{256, 256}, Codec: tc.codec, Order: tc.order, BigEndian: tc.big})
		if err != nil {
			b.Fatal(err)
		}
		d := testData(chunk.Float64, []int{256, 256}, 1)
		block := []int{0, 0}
		b.Run("write/"+name, func(b *testing.B) {
			b.SetBytes(int64(d.NBytes()))
			for b.Loop() {
				if err := a.WriteChunk(ctx, block, d); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("read/"+name, func(b *testing.B) {
			b.SetBytes(int64(d.NBytes()))
			for b.Loop() {
				if _, err := a.ReadChunk(ctx, block); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
