package array

import (
	"bytes"
	"math/rand"
	"runtime"
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestAssembleAgainstWhole cuts random arrays (zero-length axes, 0-d,
// ragged chunks, several dtypes) into their blocks and checks that
// assemble on 1 to 4 goroutines puts back the very same bytes.
func TestAssembleAgainstWhole(t *testing.T) {
	rng := rand.New(rand.NewSource(14))
	dtypes := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int64, chunk.Int32, chunk.Uint8, chunk.Bool, chunk.Complex128}
	for c := 0; c < 400; c++ {
		shape := make([]int, rng.Intn(5))
		chunks := make([][]int, len(shape))
		for a := range shape {
			shape[a] = rng.Intn(7)
			if rng.Intn(3) == 0 {
				shape[a] += rng.Intn(40)
			}
			chunks[a] = randomChunks(rng, shape[a])
		}
		g, err := chunk.NewGridAllowEmpty(chunks)
		if err != nil {
			t.Fatal(err)
		}
		dt := dtypes[rng.Intn(len(dtypes))]
		whole := randDense(rng, dt, shape)
		var blocks []*chunk.Dense
		g.Blocks(func(idx []int) { blocks = append(blocks, whole.Region(g.BlockBox(idx))) })
		n := 1 + rng.Intn(4)
		got := assemble(g, dt, blocks, n)
		if got.DType() != dt || !slices.Equal(got.Shape(), shape) || !bytes.Equal(got.Bytes(), whole.Bytes()) {
			t.Fatalf("case %d: %v %v chunks %v on %d goroutines: assembled %v %v differs from the whole array",
				c, dt, shape, chunks, n, got.DType(), got.Shape())
		}
	}
}

func TestAssemblers(t *testing.T) {
	blocks := make([]*chunk.Dense, 32)
	for _, c := range []struct{ workers, blocks, size, want int }{
		{3, 32, 128 << 20, 3},
		{0, 32, 128 << 20, min(runtime.GOMAXPROCS(0), 32)},
		{8, 2, 128 << 20, 2},
		{8, 32, 9 << 20, 2},
		{8, 32, 1 << 20, 1},
		{8, 0, 0, 1},
	} {
		if got := assemblers(c.workers, blocks[:c.blocks], c.size); got != c.want {
			t.Errorf("assemblers(%d, %d blocks, %d bytes) = %d, want %d", c.workers, c.blocks, c.size, got, c.want)
		}
	}
}
