package fft_test

import (
	"context"
	"fmt"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/fft"
)

func ExampleRFFT() {
	// A cosine of 2 cycles over 8 samples, in chunks of 3: the transform
	// rechunks the axis to one chunk.
	x := array.FromSlice([]float64{1, 0, -1, 0, 1, 0, -1, 0}, []int{8}, chunk.Spec{chunk.Size(3)})
	y, err := array.ToSlice[float64](context.Background(), fft.RFFT(x).Abs())
	fmt.Println(y, err)
	// Output: [0 0 4 0 0] <nil>
}
