package array_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// Write an array to Zarr with chunks that do not align with the array's,
// then open it lazily and reduce a slice of it.
func ExampleArray_ToZarr() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "x.zarr")

	x := array.Ones([]int{1000, 800}, chunk.Float64, chunk.Regular(300, 300))
	err := x.ToZarr(ctx, path, zarr.CreateOptions{Format: 2, Chunks: []int{250, 200}, Codec: "lz4"})
	if err != nil {
		fmt.Println(err)
		return
	}
	y, err := array.FromZarr(ctx, path, nil) // the store's chunks, (250, 200)
	if err != nil {
		fmt.Println(err)
		return
	}
	s, _ := y.Index(array.S(0, 500, 1)).Sum().Compute(ctx) // reads 4×4 of 16 chunks
	fmt.Println(y.Chunks()[0], s.Float(0))
	// Output: [250 250 250 250] 400000
}
