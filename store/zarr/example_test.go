package zarr_test

import (
	"context"
	"fmt"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/kv"
	"github.com/chunkwise/chunkwise/store/zarr"
)

func Example() {
	ctx := context.Background()
	s := kv.NewMemory() // or kv.NewDir("data.zarr")
	a, err := zarr.Create(ctx, s, "group/temperature", zarr.CreateOptions{
		Format: 3, DType: chunk.Float32, Shape: []int{5, 4}, Chunks: []int{3, 4},
		Codec: "zstd", FillValue: "NaN",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Chunk (0, 0) covers rows 0–2; chunk (1, 0), rows 3–4, is never
	// written and reads as NaN.
	d, _ := chunk.FromSlice([]int{3, 4}, []float32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
	if err := a.WriteChunk(ctx, []int{0, 0}, d); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := zarr.Open(ctx, s, "group/temperature")
	for _, block := range [][]int{{0, 0}, {1, 0}} {
		c, _ := b.ReadChunk(ctx, block)
		fmt.Println(block, c.Shape(), chunk.Values[float32](c))
	}
	g, _ := zarr.OpenGroup(ctx, s, "group")
	members, _ := g.Members(ctx)
	for _, m := range members {
		fmt.Println(m.Name, m.Array.Meta().DType, m.Array.Meta().Shape, m.Array.Codecs())
	}
	// Output:
	// [0 0] [3 4] [0 1 2 3 4 5 6 7 8 9 10 11]
	// [1 0] [2 4] [NaN NaN NaN NaN NaN NaN NaN NaN]
	// temperature float32 [5 4] [map[configuration:map[endian:little] name:bytes] map[configuration:map[checksum:false level:1] name:zstd]]
}
