package array

import (
	"context"
	"math"
	"math/rand"
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// refSource maps padded coordinate p (p<0 or p>=n beyond the edges) to
// the source coordinate, or -1 for a constant; written independently of
// haloMaps, from NumPy's pad modes.
func refSource(p, n int, b Boundary) int {
	if p >= 0 && p < n {
		return p
	}
	switch b.mode {
	case modeConstant:
		return -1
	case modeNearest:
		if p < 0 {
			return 0
		}
		return n - 1
	case modePeriodic:
		for p < 0 {
			p += n
		}
		return p % n
	case modeReflect: // symmetric: period 2n, mirrored half
		m := p % (2 * n)
		if m < 0 {
			m += 2 * n
		}
		if m >= n {
			m = 2*n - 1 - m
		}
		return m
	}
	panic("none has no halo")
}

// refExtended returns the value at global padded coordinates g (which may
// lie outside the array) with NumPy's axis-after-axis padding.
func refExtended(x []float64, shape []int, bs []Boundary, g []int) float64 {
	idx := make([]int, len(g))
	constAxis := -1
	for a, p := range g {
		s := refSource(p, shape[a], bs[a])
		if s < 0 {
			constAxis = a
			continue
		}
		idx[a] = s
	}
	if constAxis >= 0 {
		return bs[constAxis].value
	}
	return x[chunk.Ravel(idx, shape)]
}

var allBoundaries = []Boundary{BoundaryNone(), BoundaryConstant(-7), BoundaryReflect(), BoundaryNearest(), BoundaryPeriodic(), BoundaryConstant(3.5)}

func TestOverlapRandom(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewSource(2))
	for iter := 0; iter < 300; iter++ {
		nd := 1 + rng.Intn(3)
		shape := make([]int, nd)
		cs := make([][]int, nd)
		depth := make([]int, nd)
		bs := make([]Boundary, nd)
		for a := range shape {
			shape[a] = 1 + rng.Intn(12)
			cs[a] = randomChunks(rng, shape[a])
			depth[a] = rng.Intn(min(shape[a], 4) + 1)
			bs[a] = allBoundaries[rng.Intn(len(allBoundaries))]
		}
		data := make([]float64, chunk.Prod(shape))
		for i := range data {
			data[i] = float64(i)
		}
		x := FromSlice(data, shape, sizesSpec(cs))
		if rng.Intn(2) == 0 {
			x = x.Add(0.0) // computed chunks
		}
		y := x.Overlap(depth, bs...)
		if y.Err() != nil {
			t.Fatal(y.Err())
		}
		blocks, err := computeBlocks(ctx, []*Array{y}, nil)
		if err != nil {
			t.Fatalf("%v chunks %v depth %v %v: %v", shape, cs, depth, bs, err)
		}
		// The base chunks: x's, or (BoundaryNone) x's with small chunks merged.
		base := y.TrimOverlap(depth, bs...).Grid()
		k := 0
		base.Blocks(func(idx []int) {
			b := blocks[0][k]
			k++
			lo := make([]int, nd)
			for a, i := range idx {
				l, _ := halo(i, base.NumBlocks()[a], depth[a], bs[a].mode)
				lo[a] = base.Offsets(a)[i] - l
			}
			g := make([]int, nd)
			chunk.EachIndex(b.Shape(), func(o []int) {
				for a := range g {
					g[a] = lo[a] + o[a]
				}
				want := refExtended(data, shape, bs, g)
				if got := b.Float(chunk.Ravel(o, b.Shape())); got != want {
					t.Fatalf("%v chunks %v depth %v %v: block %v at %v = %v, want %v", shape, cs, depth, bs, idx, o, got, want)
				}
			})
		})
		// Trimming gives x back.
		got, err := ToSlice[float64](ctx, y.TrimOverlap(depth, bs...))
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			if got[i] != data[i] {
				t.Fatalf("%v: trim(overlap(x))[%d] = %v", shape, i, got[i])
			}
		}
	}
}

// laplace is the 5-point Laplacian of a 2-d float64 block; the border of
// the block (which MapOverlap trims) is left 0.
func laplace(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) {
	s := in[0].Shape()
	src := chunk.Values[float64](in[0])
	out := chunk.NewDense(chunk.Float64, s)
	dst := chunk.Values[float64](out)
	n, m := s[0], s[1]
	for i := 1; i < n-1; i++ {
		for j := 1; j < m-1; j++ {
			dst[i*m+j] = src[(i-1)*m+j] + src[(i+1)*m+j] + src[i*m+j-1] + src[i*m+j+1] - 4*src[i*m+j]
		}
	}
	return out, nil
}

func TestMapOverlapLaplacian(t *testing.T) {
	ctx := context.Background()
	shape := []int{37, 29}
	rng := rand.New(rand.NewSource(3))
	data := make([]float64, shape[0]*shape[1])
	for i := range data {
		data[i] = rng.Float64()
	}
	for _, b := range allBoundaries {
		if b.mode == modeNone {
			continue // the edge cells see a smaller block: tested below
		}
		for _, cs := range []chunk.Spec{chunk.Regular(10, 7), chunk.Regular(1, 29), chunk.Regular(37, 1)} {
			x := FromSlice(data, shape, cs)
			y := MapOverlap(laplace, chunk.Float64, []int{1}, []Boundary{b}, x)
			got, err := ToSlice[float64](ctx, y)
			if err != nil {
				t.Fatal(err)
			}
			bs := []Boundary{b, b}
			for i := 0; i < shape[0]; i++ {
				for j := 0; j < shape[1]; j++ {
					v := func(di, dj int) float64 { return refExtended(data, shape, bs, []int{i + di, j + dj}) }
					want := v(-1, 0) + v(1, 0) + v(0, -1) + v(0, 1) - 4*v(0, 0)
					if g := got[i*shape[1]+j]; math.Abs(g-want) > 1e-12 {
						t.Fatalf("%v chunks %v: (%d,%d) = %v, want %v", b, cs, i, j, g, want)
					}
				}
			}
		}
	}
}

func TestMapOverlapNone(t *testing.T) {
	// With no boundary, edge chunks get no outer halo: the Laplacian
	// leaves the array's border cells 0 and is exact inside.
	ctx := context.Background()
	shape := []int{20, 20}
	data := make([]float64, 400)
	for i := range data {
		data[i] = float64(i % 7 * i % 5)
	}
	got, err := ToSlice[float64](ctx, MapOverlap(laplace, chunk.Float64, []int{1}, nil, FromSlice(data, shape, chunk.Regular(6, 6))))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		for j := 0; j < 20; j++ {
			want := 0.0
			if i > 0 && i < 19 && j > 0 && j < 19 {
				want = data[(i-1)*20+j] + data[(i+1)*20+j] + data[i*20+j-1] + data[i*20+j+1] - 4*data[i*20+j]
			}
			if got[i*20+j] != want {
				t.Fatalf("(%d,%d) = %v, want %v", i, j, got[i*20+j], want)
			}
		}
	}
}

func TestOverlapErrors(t *testing.T) {
	x := Ones([]int{5, 6}, chunk.Float64, chunk.Regular(2, 2))
	for _, y := range []*Array{
		x.Overlap([]int{6}),
		x.Overlap([]int{1, 2, 3}),
		x.Overlap([]int{-1}),
		x.Overlap([]int{1}, BoundaryReflect(), BoundaryReflect(), BoundaryReflect()),
		x.TrimOverlap([]int{2}, BoundaryReflect()),
		MapOverlap(laplace, chunk.Float64, []int{1}, nil, x, Ones([]int{5}, chunk.Float64, nil)),
	} {
		if y.Err() == nil {
			t.Errorf("no error from %v", y)
		}
	}
	if y := x.Overlap([]int{0}); y != x {
		t.Error("depth 0 is not a no-op")
	}
}

// TestOverlapHaloPieces checks that, for computed chunks, an overlap task
// reads its own chunk and only thin halo pieces of its neighbours: its
// inputs add up to its extended chunk, not to nine chunks.
func TestOverlapHaloPieces(t *testing.T) {
	x := NewRNG(1).Random([]int{300, 300}, chunk.Regular(100, 100))
	for _, b := range allBoundaries {
		y := x.Overlap([]int{2}, b)
		l := y.Layer().(*overlapLayer)
		if l.halo == nil {
			t.Fatal("computed input read without halo pieces")
		}
		hl := l.halo
		y.Grid().Blocks(func(idx []int) {
			task := l.Task(idx)
			in := 0
			for _, k := range task.Inputs {
				if k.Name == x.Name() {
					in += 100 * 100
					continue
				}
				blk := k.Block()
				maps := haloMaps(hl.inGrid, hl.spec, blk[:2])
				n := 1
				for a, m := range maps {
					n *= m.hi[blk[2+a]] - m.lo[blk[2+a]]
				}
				in += n
			}
			if want := chunk.Prod(y.Grid().BlockShape(idx)); in > want {
				t.Errorf("%v block %v reads %d elements for an extended chunk of %d", b, idx, in, want)
			}
		})
	}
}

// A block function may return a chunk.NewPooledDense it wrote in full:
// its buffer goes to later blocks once the result is consumed, and the
// results still equal those of a function returning fresh chunks, over
// repeated runs that reuse the buffers.
func TestBlockFuncPooledResult(t *testing.T) {
	ctx := context.Background()
	stencil := func(pooled bool) BlockFunc {
		return func(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) {
			s := in[0].Shape()
			out := chunk.NewDense(chunk.Float64, s)
			if pooled {
				out = chunk.NewPooledDense(chunk.Float64, s)
			}
			src, dst := chunk.Values[float64](in[0]), chunk.Values[float64](out)
			copy(dst, src)
			for i := 1; i < s[0]-1; i++ {
				for j := 1; j < s[1]-1; j++ {
					k := i*s[1] + j
					dst[k] = 4*src[k] - src[k-s[1]] - src[k+s[1]] - src[k-1] - src[k+1]
				}
			}
			return out, nil
		}
	}
	data := make([]float64, 90*70)
	for i := range data {
		data[i] = math.Mod(float64(i)*0.618, 1)
	}
	x := FromSlice(data, []int{90, 70}, chunk.Regular(20, 30))
	b := []Boundary{BoundaryReflect()}
	want, err := MapOverlap(stencil(false), chunk.Float64, []int{1, 1}, b, x).Sum(Axis(0)).Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		got, err := MapOverlap(stencil(true), chunk.Float64, []int{1, 1}, b, x).Sum(Axis(0)).Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(chunk.Values[float64](got), chunk.Values[float64](want)) {
			t.Fatalf("pooled results %v, want %v", chunk.Values[float64](got)[:5], chunk.Values[float64](want)[:5])
		}
	}
}
