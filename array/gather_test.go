package array

import (
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestGatherBlocksInsideRepeats: a repeat's output blocks need not start
// at a repeat's first copy (Repeat's own chunks do, other chunkings of
// the same plan need not): every output block of a 2-d gather that
// repeats rows three times and columns twice, with output chunks cut
// anywhere, holds the repeated values.
func TestGatherBlocksInsideRepeats(t *testing.T) {
	in := [][]int{{2, 3}, {3, 1}} // a 5×4 input in four chunks
	src := make([]float64, 20)
	for i := range src {
		src[i] = float64(i)
	}
	x := FromSlice(src, []int{5, 4}, chunk.Spec{chunk.Sizes(in[0]...), chunk.Sizes(in[1]...)})
	blocks := map[[2]int]*chunk.Dense{}
	x.Grid().Blocks(func(idx []int) {
		blocks[[2]int{idx[0], idx[1]}] = x.layer.(*dataLayer).blocks[chunk.Ravel(idx, x.NumBlocks())]
	})
	for _, out := range [][][]int{{{4, 5, 4, 2}, {3, 5}}, {{1, 14}, {1, 1, 6}}, {{15}, {8}}} {
		p := &gatherParams{DType: chunk.Float64, Cat: -1, In: [][][]int{in}, Out: out,
			Segs: [][]seg{{{N: 15, Step: 1, Rep: 3}}, {{N: 8, Step: 1, Rep: 2}}}}
		p.init()
		g, _ := chunk.NewGrid(out)
		g.Blocks(func(idx []int) {
			bp := p.plan(idx, nil)
			var ds []*chunk.Dense
			for _, c := range chunkCombos(bp) {
				ds = append(ds, blocks[c])
			}
			d, err := p.run(idx, ds)
			if err != nil {
				t.Fatal(err)
			}
			box := g.BlockBox(idx)
			chunk.EachIndex(d.Shape(), func(o []int) {
				r, c := box.Min[0]+o[0], box.Min[1]+o[1]
				if got, want := d.Float(chunk.Ravel(o, d.Shape())), src[(r/3)*4+c/2]; got != want {
					t.Fatalf("chunks %v block %v at (%d, %d) = %v, want %v", out, idx, r, c, got, want)
				}
			})
		})
	}
}

// chunkCombos lists the input blocks bp reads, in the order of its inputs.
func chunkCombos(bp *blockPlan) [][2]int {
	var out [][2]int
	counts := []int{len(bp.slots[0]), len(bp.slots[1])}
	chunk.EachIndex(counts, func(ci []int) {
		out = append(out, [2]int{bp.slots[0][ci[0]].Block, bp.slots[1][ci[1]].Block})
	})
	return out
}
