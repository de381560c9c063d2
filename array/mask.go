package array

import (
	"bytes"
	"fmt"
	"slices"
	"unsafe"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/vec"
	"github.com/chunkwise/chunkwise/reductions"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Mask selects the elements of x where the boolean array m is true
// (NumPy's x[m]). m's shape must equal x's leading m.NDim() axes; those
// axes are replaced by one axis of the selected positions in C order, so
// a mask of x's full shape gives a 1-d result, and a 1-d mask selects
// along axis 0.
//
// The mask stays lazy: each output chunk comes from one block of x's
// axis 0 with all of x's blocks along the other masked axes (read in
// place, with the matching blocks of m), but how many elements it keeps
// is only known once computed, so the new axis has unknown chunk sizes
// (Dask's NaN chunks): see KnownChunks and ComputeChunkSizes. Compute
// and Persist work directly.
//
// A mask that is not bool, is 0-d, or whose shape does not match ("boolean
// index did not match indexed array along axis 0; size of axis is 3 but
// size of corresponding boolean axis is 4") is an error, as are arrays
// with unknown chunk sizes.
func (x *Array) Mask(m *Array) *Array {
	if bad := requireKnown("mask", x, m); bad != nil {
		return bad
	}
	if m.dtype != chunk.Bool {
		return errorf("mask", "mask must be a bool array, not %v", m.dtype)
	}
	k, nd := m.NDim(), x.NDim()
	if k == 0 {
		return errorf("mask", "a 0-d mask is not supported")
	}
	if k > nd {
		return errorf("mask", "too many indices for array: array is %d-dimensional, but %d were indexed", nd, k)
	}
	for a := range k {
		if m.Shape()[a] != x.Shape()[a] {
			return errorf("mask", "boolean index did not match indexed array along axis %d; size of axis is %d but size of corresponding boolean axis is %d", a, x.Shape()[a], m.Shape()[a])
		}
	}
	var y *Array
	switch {
	case k > 1 && chunk.Prod(x.Shape()[:k]) > 0:
		y = x.maskAxes(m)
	case k > 1: // nothing to select: flatten the empty masked axes
		y = x.Reshape(append([]int{0}, x.Shape()[k:]...)...).Compress(m.Reshape(0), 0)
	default:
		y = x.Compress(m, 0)
	}
	if y.err != nil {
		return errorf("mask", "%v", y.err)
	}
	if k == nd {
		y.maskOf = &masked{x: x, m: m}
	}
	return y
}

// masked is an array x and a bool mask m of its shape.
type masked struct{ x, m *Array }

// reduceMasked returns the sum, NaN-skipping sum or mean of x[m] over its
// one axis, not kept, from the sum of x where m holds and zero elsewhere
// over every axis (the mean divides it by m's count, in float64): no
// selected element is gathered, and an empty selection sums to zero and
// averages to NaN as NumPy's does. It returns nil for other reductions
// (their identities, such as a maximum's, are not NumPy's answer for an
// empty selection) or when x is no such mask.
func (x *Array) reduceMasked(op reductions.Op, c reduceConfig, axes []int) *Array {
	mk := x.maskOf
	if mk == nil || c.keepDims || len(axes) != 1 || c.splitAll != 0 || c.splitEvery != nil ||
		(op != reductions.Sum && op != reductions.NanSum && op != reductions.Mean) {
		return nil
	}
	zeroed := Where(mk.m, mk.x, 0).AsType(mk.x.dtype)
	if zeroed.err != nil {
		return nil
	}
	if op == reductions.Mean {
		sum := zeroed.AsType(chunk.Float64).Sum()
		return sum.Div(mk.m.Sum().AsType(chunk.Float64)).AsType(op.ResultDType(mk.x.dtype))
	}
	return zeroed.reduce(op, nil)
}

// maskAxes is Mask over k > 1 leading axes. The masked axes are read in
// place, not reshaped: output block i (with x's blocks of the trailing
// axes) reads block i of axis 0 with every block of axes 1 … k-1, of x
// and of m (rechunked like x there), and writes the selected elements in
// C order of the masked axes, so no chunk is copied to gather rows.
func (x *Array) maskAxes(m *Array) *Array {
	k, xc := m.NDim(), x.Chunks()
	spec := make(chunk.Spec, k)
	for a := range k {
		spec[a] = chunk.Sizes(xc[a]...)
	}
	if m = m.Rechunk(spec); m.err != nil {
		return errorf("mask", "%v", m.err)
	}
	per := chunk.Prod(x.Shape()[1:k]) // elements of the other masked axes per row
	first := make([]int, len(xc[0]))
	for i, c := range xc[0] {
		first[i] = c * per // an upper bound: the sizes are unknown
	}
	g, err := chunk.NewGrid(append([][]int{first}, xc[k:]...))
	if err != nil {
		return errorf("mask", "%v", err)
	}
	p := maskParams{K: k, Chunks: xc[1:k], DType: x.dtype}
	params := scheduler.EncodeParams(p)
	l := &maskLayer{name: scheduler.Name("mask", params, []byte(x.Name()), []byte(m.Name())),
		x: x.layer, m: m.layer, k: k, mid: x.grid.NumBlocks()[1:k], nb: g.NumBlocks(), params: params}
	unknown := make([]bool, g.NDim())
	unknown[0] = true
	return &Array{layer: l, grid: g, dtype: x.dtype, unknown: unknown}
}

type maskParams struct {
	K      int     // masked axes
	Chunks [][]int // x's chunks along masked axes 1 … K-1
	DType  chunk.DType
}

// maskLayer: output block b reads, for every block J of masked axes 1 …
// k-1 (C order), x's block (b[0], J, b[1:]…), then m's blocks (b[0], J).
type maskLayer struct {
	name   string
	x, m   scheduler.Layer
	k      int
	mid    []int // blocks along masked axes 1 … k-1
	nb     []int
	params []byte
}

func (l *maskLayer) Name() string              { return l.name }
func (l *maskLayer) Inputs() []scheduler.Layer { return []scheduler.Layer{l.x, l.m} }
func (l *maskLayer) NumBlocks() []int          { return l.nb }
func (l *maskLayer) Task(b []int) scheduler.Task {
	nj := chunk.Prod(l.mid)
	in := make([]scheduler.Key, 2*nj)
	j := make([]int, len(l.mid))
	for t := range nj {
		chunk.Unravel(j, t, l.mid)
		mb := append([]int{b[0]}, j...)
		in[t] = scheduler.NewKey(l.x.Name(), append(slices.Clone(mb), b[1:]...))
		in[nj+t] = scheduler.NewKey(l.m.Name(), mb)
	}
	return scheduler.Task{Kernel: "array.mask", Params: l.params, Inputs: in}
}

// maskBlock is the kernel of maskLayer: xs and ms are the blocks of x and
// m of one block of axis 0, over every block of masked axes 1 … K-1.
func maskBlock(p maskParams, xs, ms []*chunk.Dense) (*chunk.Dense, error) {
	k := p.K
	nb := make([]int, k-1) // blocks, then lengths, of masked axes 1 … K-1
	full := make([]int, k-1)
	for a, c := range p.Chunks {
		nb[a] = len(c)
		for _, n := range c {
			full[a] += n
		}
	}
	if len(xs) != chunk.Prod(nb) || len(ms) != len(xs) || len(xs) == 0 {
		return nil, fmt.Errorf("array: mask: %d and %d inputs, want %d each", len(xs), len(ms), chunk.Prod(nb))
	}
	cnt := 0
	for t, m := range ms {
		if m.DType() != chunk.Bool || !chunk.EqualShapes(m.Shape(), xs[t].Shape()[:k]) {
			return nil, fmt.Errorf("array: mask: mask block %v %v does not fit block %v", m.DType(), m.Shape(), xs[t].Shape())
		}
		cnt += bytes.Count(m.Bytes(), []byte{1})
	}
	trail := xs[0].Shape()[k:]
	out := chunk.NewPooledDense(p.DType, append([]int{cnt}, trail...)) // every element is written
	row := p.DType.Size() * chunk.Prod(trail)
	ob := out.Bytes()
	// A line is one position of axes 0 … K-2; along axis K-1 it crosses
	// every block of that axis. mid holds the line's position along axes
	// 1 … K-2, blk and loc its block and place in it.
	rows := xs[0].Shape()[0]
	mid, blk, loc := make([]int, k-2), make([]int, k-1), make([]int, k)
	lines := rows * chunk.Prod(full[:k-2])
	q := 0
	for line := range lines {
		chunk.Unravel(mid, line%max(chunk.Prod(full[:k-2]), 1), full[:k-2])
		loc[0] = line / max(chunk.Prod(full[:k-2]), 1)
		for a, pos := range mid {
			blk[a], loc[a+1] = blockOf(p.Chunks[a], pos)
		}
		for jl := range nb[k-2] {
			blk[k-2] = jl
			t := chunk.Ravel(blk, nb)
			m := ms[t]
			at := chunk.Ravel(loc, m.Shape()) // loc[k-1] is 0: the segment's start
			n := m.Shape()[k-1]
			flags := m.Bytes()[at : at+n]
			q += row * compressInto(ob[q:], xs[t].Bytes()[at*row:(at+n)*row], flags, row)
		}
	}
	return out, nil
}

// blockOf returns the block of chunks c holding position pos and pos's
// place in it.
func blockOf(c []int, pos int) (int, int) {
	for b, n := range c {
		if pos < n {
			return b, pos
		}
		pos -= n
	}
	return len(c) - 1, pos
}

// Compress selects the positions along axis where the 1-d boolean array
// cond is true (numpy.compress, x[..., cond, ...]); cond must have the
// axis's length. Like Mask, cond stays lazy and the axis gets unknown
// chunk sizes until computed, one output chunk per input chunk. Other
// axes keep their chunks; x may already have unknown sizes on other
// axes. A bad axis, a cond that is not 1-d bool of the axis's length, or
// unknown sizes on the axis itself are errors.
func (x *Array) Compress(cond *Array, axis int) *Array {
	if err := firstErr(x, cond); err != nil {
		return errArray(err)
	}
	if bad := requireKnown("compress", cond); bad != nil {
		return bad
	}
	nd := x.NDim()
	a, err := normAxis(axis, nd)
	if err != nil {
		return errorf("compress", "%v", err)
	}
	if x.unknown != nil && x.unknown[a] {
		return errorf("compress", "axis %d: %v", a, ErrUnknownChunks)
	}
	if cond.dtype != chunk.Bool || cond.NDim() != 1 {
		return errorf("compress", "condition must be a 1-d bool array, not %d-d %v", cond.NDim(), cond.dtype)
	}
	if n := x.grid.Shape()[a]; cond.Shape()[0] != n {
		return errorf("compress", "condition has length %d but axis %d has size %d", cond.Shape()[0], a, n)
	}
	cond = cond.Rechunk(chunk.Spec{chunk.Sizes(x.grid.Chunks()[a]...)})
	if cond.err != nil {
		return cond
	}
	unknown := make([]bool, nd)
	copy(unknown, x.unknown)
	unknown[a] = true
	var l scheduler.Layer
	if e := cond.expr; e != nil && a == 0 && e.readsWhole(x) {
		// A condition computed from x's own chunks (x[x < 0.1]) is
		// evaluated by the task itself, a tile at a time, whose kept
		// elements are copied while they are in the cache: x is read
		// from memory once. Along axis 0, the condition's axis is the
		// task's.
		params := scheduler.EncodeParams(compressWhereParams{Program: e.prog, Chunks: cond.grid.Chunks()})
		parts := [][]byte{params, []byte(x.Name())}
		ins := []blockwise.Input{{Layer: x.layer, Axes: identityAxes(nd)}}
		for _, in := range e.inputs {
			parts = append(parts, []byte(in.Layer.Name()), scheduler.EncodeParams(in.Axes), scheduler.EncodeParams(in.Blocks))
			ins = append(ins, in)
		}
		l = blockwise.New(scheduler.Name("compress", parts...), x.grid.NumBlocks(), "array.compress_where", params, false, ins...)
	} else {
		params := scheduler.EncodeParams(a)
		l = blockwise.New(scheduler.Name("compress", params, []byte(x.Name()), []byte(cond.Name())), x.grid.NumBlocks(), "array.compress", params, false,
			blockwise.Input{Layer: x.layer, Axes: identityAxes(nd)}, blockwise.Input{Layer: cond.layer, Axes: []int{a}})
	}
	return &Array{layer: l, grid: x.grid, dtype: x.dtype, unknown: unknown}
}

// readsWhole reports whether e reads x's chunks whole and in place, as
// its own (an expression of x, not a slice or a transpose of it).
func (e *expr) readsWhole(x *Array) bool {
	for k, in := range e.inputs {
		if in.Layer.Name() == x.layer.Name() && slices.Equal(in.Axes, identityAxes(x.NDim())) && in.Blocks == nil &&
			(e.prog.Bounds == nil || e.prog.Bounds[k] == nil) && (e.prog.Perms == nil || e.prog.Perms[k] == nil) {
			return true
		}
	}
	return false
}

// compressWhereParams are the parameters of a Compress along axis 0 whose
// condition is the program, over a 1-d grid of these chunks.
type compressWhereParams struct {
	Program *blockwise.Program
	Chunks  [][]int
}

// compressWhere is the kernel of a Compress along axis 0 by an
// elementwise condition: it evaluates the condition's chunk over its
// inputs (in) a tile at a time and copies the kept rows of x after each
// tile into scratch, and then into a chunk of their number.
func compressWhere(p compressWhereParams, g chunk.Grid, block []int, x *chunk.Dense, in []*chunk.Dense) (*chunk.Dense, error) {
	ev, err := blockwise.NewEvaluator(p.Program, blockwise.FrameOf(g, block[:1]), in)
	if err != nil {
		return nil, err
	}
	defer ev.Release()
	n, shape := ev.Len(), x.Shape()
	if len(shape) == 0 || shape[0] != n || p.Program.DType() != chunk.Bool {
		return nil, fmt.Errorf("array: compress: condition chunk %v of %d values does not fit chunk %v", p.Program.DType(), n, shape)
	}
	row := x.DType().Size() * chunk.Prod(shape[1:])
	scratch := chunk.GetBytes(n * row)
	defer chunk.PutBytes(scratch)
	keep := make([]bool, blockwise.TileSize)
	src, kept := x.Bytes(), 0
	for off, m := 0, 0; off < n; off += m {
		m = ev.TileLen(off)
		ev.Tile(off, m, keep[:m])
		if err := ev.Err(); err != nil {
			return nil, err
		}
		flags := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(keep))), m)
		kept += compressInto(scratch[kept*row:], src[off*row:(off+m)*row], flags, row)
	}
	shape = slices.Clone(shape)
	shape[0] = kept
	out := chunk.NewPooledDense(x.DType(), shape) // every element is written
	copy(out.Bytes(), scratch)
	return out, nil
}

// selectRows copies the rows of src (viewed as outer × n × inner) whose
// position along the middle axis keep marks.
func selectRows(src *chunk.Dense, axis int, keep []bool) *chunk.Dense {
	s := src.Shape()
	flags := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(keep))), len(keep))
	cnt := bytes.Count(flags, []byte{1})
	shape := append([]int(nil), s...)
	shape[axis] = cnt
	out := chunk.NewPooledDense(src.DType(), shape) // every element is written
	outer, n := chunk.Prod(s[:axis]), s[axis]
	row := src.DType().Size() * chunk.Prod(s[axis+1:])
	ob, ib := out.Bytes(), src.Bytes()
	q := 0
	for o := range outer {
		q += row * compressInto(ob[q:], ib[o*n*row:(o+1)*n*row], flags, row)
	}
	return out
}

// compressInto copies the rows of row bytes of src whose flag (one per
// row) is 1 to the start of dst, and returns how many rows it wrote: rows
// of one element through vec.Compress, longer ones a run of kept rows at
// a time.
func compressInto(dst, src, flags []byte, row int) int {
	cnt := bytes.Count(flags, []byte{1})
	if cnt == 0 {
		return 0
	}
	switch row {
	case 1:
		vec.Compress(dst[:cnt], src, flags)
	case 2:
		vec.Compress(viewAs[uint16](dst[:2*cnt]), viewAs[uint16](src), flags)
	case 4:
		vec.Compress(viewAs[uint32](dst[:4*cnt]), viewAs[uint32](src), flags)
	case 8:
		vec.Compress(viewAs[uint64](dst[:8*cnt]), viewAs[uint64](src), flags)
	case 16:
		vec.Compress(viewAs[complex128](dst[:16*cnt]), viewAs[complex128](src), flags)
	default:
		q, n := 0, len(flags)
		for j := 0; j < n; {
			if flags[j] == 0 {
				j++
				continue
			}
			e := j + 1
			for e < n && flags[e] != 0 {
				e++
			}
			q += copy(dst[q:], src[j*row:e*row])
			j = e
		}
	}
	return cnt
}

// viewAs reads the bytes b as elements of T.
func viewAs[T uint16 | uint32 | uint64 | complex128](b []byte) []T {
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/int(unsafe.Sizeof(*new(T))))
}

func init() {
	scheduler.RegisterTypedBorrowing("array.compress", func(axis int) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			x, c := ds[0], ds[1]
			if axis >= len(x.Shape()) || c.DType() != chunk.Bool || c.Len() != x.Shape()[axis] {
				return nil, fmt.Errorf("array: compress: condition chunk %v %v does not fit chunk %v", c.DType(), c.Shape(), x.Shape())
			}
			return selectRows(x, axis, chunk.Values[bool](c)), nil
		}, nil
	})
	scheduler.RegisterTypedBorrowing("array.compress_where", func(p compressWhereParams) (scheduler.Func, error) {
		g, err := chunk.NewGrid(p.Chunks)
		if err != nil || p.Program == nil || g.NDim() != 1 {
			return nil, fmt.Errorf("array: compress: bad parameters")
		}
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			return compressWhere(p, g, block, ds[0], ds[1:])
		}, nil
	})
	scheduler.RegisterTypedBorrowing("array.mask", func(p maskParams) (scheduler.Func, error) {
		if p.K < 2 || len(p.Chunks) != p.K-1 {
			return nil, fmt.Errorf("array: mask: bad parameters")
		}
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			return maskBlock(p, ds[:len(ds)/2], ds[len(ds)/2:])
		}, nil
	})
}
