package reductions

import (
	"testing"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
)

// benchChunk runs one chunk step of op over a 2000×2000 float64 chunk
// reduced over axis, the sum-persisted benchmark's chunk.
func benchChunk(b *testing.B, op Op, axis int) {
	shape := []int{2000, 2000}
	d := chunk.NewDense(chunk.Float64, shape)
	v := chunk.Values[float64](d)
	for i := range v {
		v[i] = float64(i%1000) / 1000
	}
	g, _ := chunk.RegularGrid(shape, shape)
	bl := blockwise.NewBuilder(1)
	p := bl.Program(bl.Input(0, chunk.Float64))
	reduced := []bool{axis == 0, axis == 1}
	b.SetBytes(int64(d.NBytes()))
	for b.Loop() {
		ev, _ := blockwise.NewEvaluator(p, blockwise.FrameOf(g, []int{0, 0}), []*chunk.Dense{d})
		var err error
		switch op.kind() {
		case kindMoments:
			_, err = momentsChunk(ev, shape, reduced, false)
		default:
			_, err = reduceChunk(ev, shape, reduced, op.fold(chunk.Float64), chunk.Float64)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSumAxis0(b *testing.B) { benchChunk(b, Sum, 0) }
func BenchmarkSumAxis1(b *testing.B) { benchChunk(b, Sum, 1) }
func BenchmarkVarAxis0(b *testing.B) { benchChunk(b, Var, 0) }
func BenchmarkVarAxis1(b *testing.B) { benchChunk(b, Var, 1) }
