package array

import (
	"fmt"
	"slices"
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
	// Slice first; each point's row (the other axes, in order) is gathered
	// from the blocks where they lie, without moving the indexed axes to
	// the front (a transpose of every block read).
	xs := x.basicIndex(basic)
	if xs.err != nil {
		return errArray(xs.err)
	}
	var rest []int // the other axes
	var kchunks, rchunks [][]int
	for a := range nd {
		if full[a].kind != idxAt && full[a].kind != idxInts {
			rest = append(rest, a)
			rchunks = append(rchunks, xs.Chunks()[a])
		} else {
			kchunks = append(kchunks, xs.Chunks()[a])
		}
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
		limit = max(limit, maxChunk(kchunks[j]))
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
	outChunks := append([][]int{pc}, rchunks...)
	g, err := chunk.NewGrid(outChunks)
	if err != nil {
		return errorf(op, "%v", err)
	}
	l := &pointLayer{in: xs.layer, axes: ks, nb: g.NumBlocks(), rchunks: rchunks, dt: x.dtype}
	kg, err := chunk.NewGrid(kchunks)
	if err != nil {
		return errorf(op, "%v", err)
	}
	blk, local, kn := make([]int, k), make([]int, k), kg.NumBlocks()
	for c, s := 0, 0; c < len(pc); s, c = s+pc[c], c+1 {
		var pts pointChunk
		seen := map[int]int{} // source blocks by flat index
		for p := s; p < s+pc[c]; p++ {
			for j := range k {
				v := coords[p*k+j]
				blk[j] = kg.BlockOf(j, v)
				local[j] = v - kg.Offsets(j)[blk[j]]
			}
			key := chunk.Ravel(blk, kn)
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
		Axes   []int
	}{coords, bshape, pc, ks}), []byte(xs.Name()))
	y := newLayerArray(l, g, x.dtype)
	if len(bshape) != 1 {
		shape := append([]int(nil), bshape...)
		for _, a := range rest {
			shape = append(shape, xs.Shape()[a])
		}
		y = y.Reshape(shape...)
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
// point the block (Src) and the position inside its indexed axes (Off,
// C order over them).
type pointChunk struct {
	blocks [][]int
	Src    []int
	Off    []int
}

type pointParams struct {
	DType   chunk.DType
	Axes    []int   // the indexed axes of the input
	RChunks [][]int // the chunks of the other axes
	Src     []int
	Off     []int
}

// pointLayer gathers points from in, whose axes axes are indexed: output
// block (c, r…) holds the points of chunk c for block r of the other
// axes.
type pointLayer struct {
	name    string
	in      scheduler.Layer
	axes    []int
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
		at := make([]int, len(l.axes)+len(l.rchunks))
		j, r := 0, 1
		for a := range at {
			if j < len(l.axes) && l.axes[j] == a {
				at[a], j = b[j], j+1
			} else {
				at[a], r = idx[r], r+1
			}
		}
		keys[i] = scheduler.NewKey(l.in.Name(), at)
	}
	params := scheduler.EncodeParams(pointParams{DType: l.dt, Axes: l.axes, RChunks: l.rchunks, Src: pc.Src, Off: pc.Off})
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
				if s >= len(ds) || ds[s].DType() != p.DType || len(ds[s].Shape()) != len(p.Axes)+len(p.RChunks) {
					return nil, fmt.Errorf("array: points: input %d does not hold point %d", s, i)
				}
				if err := gatherPoint(ob[i*row:(i+1)*row], ds[s], p.Axes, p.Off[i]); err != nil {
					return nil, fmt.Errorf("array: points: point %d: %v", i, err)
				}
			}
			return out, nil
		}, nil
	})
}

// gatherPoint copies into dst the row of block d at position off (C order)
// of its indexed axes: the other axes' elements, in order. With the
// indexed axes first the row is contiguous; otherwise it is read with the
// block's strides, whole runs where its last axes are not indexed.
func gatherPoint(dst []byte, d *chunk.Dense, axes []int, off int) error {
	shape, size := d.Shape(), d.DType().Size()
	kshape := make([]int, len(axes))
	for j, a := range axes {
		kshape[j] = shape[a]
	}
	if off < 0 || off >= chunk.Prod(kshape) {
		return fmt.Errorf("position %d outside the block's %v", off, kshape)
	}
	st := chunk.Strides(shape)
	local := make([]int, len(axes))
	chunk.Unravel(local, off, kshape)
	base := 0
	for j, a := range axes {
		base += local[j] * st[a]
	}
	src := d.Bytes()
	if axes[len(axes)-1] == len(axes)-1 { // the indexed axes lead
		copy(dst, src[base*size:base*size+len(dst)])
		return nil
	}
	var rshape, rst []int
	for a, n := range shape {
		if !slices.Contains(axes, a) {
			rshape, rst = append(rshape, n), append(rst, st[a])
		}
	}
	// Merge the trailing axes that are contiguous in the block into runs.
	run := 1
	for len(rshape) > 0 && rst[len(rst)-1] == run {
		run *= rshape[len(rshape)-1]
		rshape, rst = rshape[:len(rshape)-1], rst[:len(rst)-1]
	}
	if len(rshape) == 0 { // one run
		copy(dst, src[base*size:base*size+len(dst)])
		return nil
	}
	eachRow(rshape, [][]int{rst}, func(o int, at []int, m int) {
		step := lastStride(rst)
		for q := range m {
			from := (base + at[0] + q*step) * size
			copy(dst[(o+q)*run*size:(o+q+1)*run*size], src[from:from+run*size])
		}
	})
	return nil
}
