package array

import (
	"fmt"
	"strings"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// IntsShaped is Ints for an integer index array of any shape (NumPy's
// x[np.array([[0, 1], [1, 0]])]): indices are its values in C order.
// In Index and Vindex its shape broadcasts with the other integer
// indices. A shape that does not match the number of indices makes the
// indexing operation fail with an error.
func IntsShaped(shape []int, indices ...int) Index {
	return Index{kind: idxInts, ints: append([]int(nil), indices...), ishape: append([]int{}, shape...)}
}

// intShape returns the shape of an integer index: 0-d for At, 1-d for
// Ints, the given one for IntsShaped.
func (ix Index) intShape() []int {
	switch {
	case ix.kind == idxAt:
		return []int{}
	case ix.ishape != nil:
		return ix.ishape
	}
	return []int{len(ix.ints)}
}

func (ix Index) intValues() []int {
	if ix.kind == idxAt {
		return []int{ix.start}
	}
	return ix.ints
}

// Vindex is Dask's point-wise indexing x.vindex[...]: the integer
// indices (Ints, IntsShaped and At) broadcast together and select one
// element per combination of positions, not the outer product; slices
// (S, All, Ellipsis) keep their axes. The result's axes are the
// broadcast index shape first, then the sliced axes, whatever the
// positions of the indices (Dask's rule; NumPy's x[[0, 1], [2, 3]] puts
// them where adjacent indices stand, see Index).
//
// Points are grouped in output chunks of at most the input's largest
// chunk length along an indexed axis; each output chunk is one task that
// reads only the input chunks its points fall in. Indices out of range,
// shapes that do not broadcast, NewAxis or no integer index at all are
// errors.
func (x *Array) Vindex(idx ...Index) *Array {
	if bad := requireKnown("vindex", x); bad != nil {
		return bad
	}
	full, err := expandIndex(idx, x.Shape())
	if err != nil {
		return errorf("vindex", "%v", err)
	}
	return x.pointIndex("vindex", full)
}

// advancedIndex is Index with several integer indices (or one of more
// than one axis), broadcast together as NumPy does: Vindex, with the
// broadcast axes moved to where the integer indices stand when those
// are adjacent.
func (x *Array) advancedIndex(full []Index) *Array {
	first, last, before := -1, -1, 0
	for i, ix := range full {
		switch ix.kind {
		case idxNewAxis:
			return errorf("getitem", "NewAxis together with several integer indices is not supported")
		case idxAt, idxInts:
			if first < 0 {
				first = i
			}
			last = i
		default:
			if first < 0 {
				before++
			}
		}
	}
	y := x.pointIndex("getitem", full)
	if y.err != nil {
		return y
	}
	for _, ix := range full[first : last+1] {
		if ix.kind != idxAt && ix.kind != idxInts {
			return y // not adjacent: the broadcast axes stay first
		}
	}
	nb := y.NDim() - (x.NDim() - (last - first + 1)) // broadcast axes
	perm := make([]int, 0, y.NDim())
	for j := range before {
		perm = append(perm, nb+j)
	}
	for j := range nb {
		perm = append(perm, j)
	}
	for j := nb + before; j < y.NDim(); j++ {
		perm = append(perm, j)
	}
	return y.Transpose(perm...)
}

// pointIndex is Vindex for an expanded index.
func (x *Array) pointIndex(op string, full []Index) *Array {
	nd := x.NDim()
	var ks []int // indexed axes
	var shapes [][]int
	basic := make([]Index, nd)
	for a, ix := range full {
		switch ix.kind {
		case idxNewAxis:
			return errorf(op, "NewAxis is not supported in point-wise indexing")
		case idxAt, idxInts:
			s := ix.intShape()
			if chunk.Prod(s) != len(ix.intValues()) {
				return errorf(op, "index shape %v does not hold %d indices", s, len(ix.intValues()))
			}
			n := x.Shape()[a]
			for _, i := range ix.intValues() {
				if i < -n || i >= n {
					return errorf(op, "index %d is out of bounds for axis %d with size %d", i, a, n)
				}
			}
			ks = append(ks, a)
			shapes = append(shapes, s)
			basic[a] = All()
		default:
			basic[a] = ix
		}
	}
	if len(ks) == 0 {
		return errorf(op, "no integer index")
	}
	bshape, err := blockwise.BroadcastShapes(shapes...)
	if err != nil {
		parts := make([]string, len(shapes))
		for i, s := range shapes {
			parts[i] = pyShape(s)
		}
		return errorf(op, "shape mismatch: indexing arrays could not be broadcast together with shapes %s", strings.Join(parts, " "))
	}
	// Slice first, then bring the indexed axes to the front.
	xs := x.basicIndex(basic)
	perm := append([]int(nil), ks...)
	for a := range nd {
		if full[a].kind != idxAt && full[a].kind != idxInts {
			perm = append(perm, a)
		}
	}
	xt := xs.Transpose(perm...)
	if xt.err != nil {
		return errArray(xt.err)
	}
	k := len(ks)
	n := chunk.Prod(bshape)
	coords := pointCoords(full, ks, bshape, x.Shape())
	inner := 1
	if len(bshape) > 1 {
		inner = chunk.Prod(bshape[1:])
	}
	limit := 1
	for j := range k {
		limit = max(limit, maxChunk(xt.Chunks()[j]))
	}
	if inner > 0 {
		limit = (limit + inner - 1) / inner * inner
	}
	var pc []int
	for s := 0; s < n; s += limit {
		pc = append(pc, min(limit, n-s))
	}
	if pc == nil {
		pc = []int{0}
	}
	outChunks := append([][]int{pc}, xt.Chunks()[k:]...)
	g, err := chunk.NewGridAllowEmpty(outChunks)
	if err != nil {
		return errorf(op, "%v", err)
	}
	l := &pointLayer{in: xt.layer, k: k, nb: g.NumBlocks(), rchunks: xt.Chunks()[k:], dt: x.dtype}
	kg, err := chunk.NewGridAllowEmpty(xt.Chunks()[:k])
	if err != nil {
		return errorf(op, "%v", err)
	}
	blk, local := make([]int, k), make([]int, k)
	for c, s := 0, 0; c < len(pc); s, c = s+pc[c], c+1 {
		var pts pointChunk
		seen := map[string]int{}
		for p := s; p < s+pc[c]; p++ {
			for j := range k {
				v := coords[p*k+j]
				blk[j] = kg.BlockOf(j, v)
				local[j] = v - kg.Offsets(j)[blk[j]]
			}
			key := fmt.Sprint(blk)
			src, ok := seen[key]
			if !ok {
				src = len(pts.blocks)
				seen[key] = src
				pts.blocks = append(pts.blocks, append([]int(nil), blk...))
			}
			pts.Src = append(pts.Src, src)
			pts.Off = append(pts.Off, chunk.Ravel(local, kg.BlockShape(blk)))
		}
		l.chunks = append(l.chunks, pts)
	}
	l.name = scheduler.Name(op+"-points", scheduler.EncodeParams(struct {
		Coords []int
		Shape  []int
		Chunks []int
	}{coords, bshape, pc}), []byte(xt.Name()))
	y := newLayerArray(l, g, x.dtype)
	if len(bshape) != 1 {
		y = y.Reshape(append(append([]int(nil), bshape...), xt.Shape()[k:]...)...)
	}
	return y
}

// pointCoords returns the positions the integer indices full[a], a in
// ks, select, broadcast to bshape: point p's position on axis ks[j] at
// p*len(ks)+j, negative indices resolved against shape.
func pointCoords(full []Index, ks, bshape, shape []int) []int {
	k := len(ks)
	coords := make([]int, chunk.Prod(bshape)*k)
	for j, a := range ks {
		ix := full[a]
		vals, st := ix.intValues(), broadcastStrides(ix.intShape(), bshape)
		size := shape[a]
		eachRow(bshape, [][]int{st}, func(o int, off []int, m int) {
			for q := range m {
				v := vals[off[0]+q*lastStride(st)]
				if v < 0 {
					v += size
				}
				coords[(o+q)*k+j] = v
			}
		})
	}
	return coords
}

// pointChunk is what one output chunk of a point-wise index reads: the
// input blocks (along the indexed axes) its points fall in, and per
// point the block (Src) and the position inside its indexed axes (Off).
type pointChunk struct {
	blocks [][]int
	Src    []int
	Off    []int
}

type pointParams struct {
	DType   chunk.DType
	RChunks [][]int // the chunks of the axes after the indexed ones
	Src     []int
	Off     []int
}

// pointLayer gathers points from in, whose first k axes are indexed:
// output block (c, r…) holds the points of chunk c for block r of the
// remaining axes.
type pointLayer struct {
	name    string
	in      scheduler.Layer
	k       int
	nb      []int
	rchunks [][]int
	dt      chunk.DType
	chunks  []pointChunk
}

func (l *pointLayer) Name() string              { return l.name }
func (l *pointLayer) Inputs() []scheduler.Layer { return []scheduler.Layer{l.in} }
func (l *pointLayer) NumBlocks() []int          { return l.nb }
func (l *pointLayer) Task(idx []int) scheduler.Task {
	pc := l.chunks[idx[0]]
	keys := make([]scheduler.Key, len(pc.blocks))
	for i, b := range pc.blocks {
		keys[i] = scheduler.NewKey(l.in.Name(), append(append([]int(nil), b...), idx[1:]...))
	}
	params := scheduler.EncodeParams(pointParams{DType: l.dt, RChunks: l.rchunks, Src: pc.Src, Off: pc.Off})
	return scheduler.Task{Kernel: "array.points", Params: params, Inputs: keys}
}

func init() {
	scheduler.RegisterTypedBorrowing("array.points", func(p pointParams) (scheduler.Func, error) {
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			shape := []int{len(p.Src)}
			for j, cs := range p.RChunks {
				if block[1+j] >= len(cs) {
					return nil, fmt.Errorf("array: points: block %v out of range", block)
				}
				shape = append(shape, cs[block[1+j]])
			}
			out := chunk.NewPooledDense(p.DType, shape) // every point's row is copied
			row := chunk.Prod(shape[1:]) * p.DType.Size()
			ob := out.Bytes()
			for i, s := range p.Src {
				if s >= len(ds) || ds[s].DType() != p.DType || (p.Off[i]+1)*row > len(ds[s].Bytes()) {
					return nil, fmt.Errorf("array: points: input %d does not hold point %d", s, i)
				}
				copy(ob[i*row:(i+1)*row], ds[s].Bytes()[p.Off[i]*row:(p.Off[i]+1)*row])
			}
			return out, nil
		}, nil
	})
}
