package array

import (
	"fmt"
	"sort"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// TakeArray is Take with the indices held by a lazy 1-d integer array, as
// Dask's x[idx] with a Dask index array: nothing runs until the result is
// computed. Negative indices count from the end; an index out of range is
// an error at compute time naming it. The result's chunks along axis are
// idx's chunks, the other axes keep x's.
//
// Data movement: the indices are not known when the graph is built, so
// each output chunk reads its chunk of idx and every chunk of x along
// axis (for its block of the other axes). It suits axes of a few chunks;
// for indices known up front, Take reads only the chunks they touch.
func (x *Array) TakeArray(idx *Array, axis int) *Array {
	if bad := requireKnown("take", x, idx); bad != nil {
		return bad
	}
	nd := x.NDim()
	if nd == 0 {
		return errorf("take", "cannot take along an axis of a 0-d array")
	}
	a, err := normAxis(axis, nd)
	if err != nil {
		return errorf("take", "%v", err)
	}
	if idx.NDim() != 1 || !idx.dtype.IsInteger() {
		return errorf("take", "indices must be a 1-d integer array, not %d-d %v", idx.NDim(), idx.dtype)
	}
	out := append([][]int(nil), x.Chunks()...)
	out[a] = idx.Chunks()[0]
	g, err := chunk.NewGrid(out)
	if err != nil {
		return errorf("take", "%v", err)
	}
	params := scheduler.EncodeParams(takeArrayParams{Axis: a, In: x.Chunks(), DType: x.dtype})
	l := &takeArrayLayer{name: scheduler.Name("take-array", params, []byte(x.Name()), []byte(idx.Name())),
		x: x.layer, idx: idx.layer, axis: a, nx: len(x.Chunks()[a]), nb: g.NumBlocks(), params: params}
	return newLayerArray(l, g, x.dtype)
}

type takeArrayParams struct {
	Axis  int
	In    [][]int // x's chunks
	DType chunk.DType
}

// takeArrayLayer: output block b reads idx chunk b[axis] and x's blocks
// (b with every block index along axis).
type takeArrayLayer struct {
	name   string
	x, idx scheduler.Layer
	axis   int
	nx     int // x's blocks along axis
	nb     []int
	params []byte
}

func (l *takeArrayLayer) Name() string              { return l.name }
func (l *takeArrayLayer) Inputs() []scheduler.Layer { return []scheduler.Layer{l.x, l.idx} }
func (l *takeArrayLayer) NumBlocks() []int          { return l.nb }
func (l *takeArrayLayer) Task(b []int) scheduler.Task {
	in := make([]scheduler.Key, 0, l.nx+1)
	in = append(in, scheduler.NewKey(l.idx.Name(), []int{b[l.axis]}))
	xb := append([]int(nil), b...)
	for j := range l.nx {
		xb[l.axis] = j
		in = append(in, scheduler.NewKey(l.x.Name(), xb))
	}
	return scheduler.Task{Kernel: "array.take_array", Params: l.params, Inputs: in}
}

func init() {
	scheduler.RegisterTypedBorrowing("array.take_array", func(p takeArrayParams) (scheduler.Func, error) {
		g, err := chunk.NewGrid(p.In)
		if err != nil {
			return nil, err
		}
		off := g.Offsets(p.Axis) // block starts along the axis, then its length
		n := g.Shape()[p.Axis]
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			if len(ds) != len(p.In[p.Axis])+1 {
				return nil, fmt.Errorf("array: take: %d inputs, want %d", len(ds), len(p.In[p.Axis])+1)
			}
			ix, xs := ds[0], ds[1:]
			shape := append([]int(nil), xs[0].Shape()...)
			shape[p.Axis] = ix.Len()
			out := chunk.NewPooledDense(p.DType, shape) // every row is copied in
			es := p.DType.Size()
			outer, inner := chunk.Prod(shape[:p.Axis]), chunk.Prod(shape[p.Axis+1:])*es
			ob := out.Bytes()
			iv, err := indexValues(ix, n, p.Axis)
			if err != nil {
				return nil, err
			}
			for k, i := range iv {
				if i < -n || i >= n {
					return nil, fmt.Errorf("array: take: index %d is out of bounds for axis %d with size %d", i, p.Axis, n)
				}
				if i < 0 {
					i += n
				}
				j := sort.SearchInts(off[1:], i+1) // the block holding i
				src := xs[j]
				rows := src.Shape()[p.Axis]
				local := i - off[j]
				sb := src.Bytes()
				for o := range outer {
					copy(ob[(o*ix.Len()+k)*inner:(o*ix.Len()+k+1)*inner], sb[(o*rows+local)*inner:(o*rows+local+1)*inner])
				}
			}
			return out, nil
		}, nil
	})
}

// indexValues returns the integer chunk ix as ints; a uint64 index too
// large for an int is out of bounds for axis a of size n.
func indexValues(ix *chunk.Dense, n, a int) ([]int, error) {
	iv := make([]int, ix.Len())
	if ix.DType() == chunk.Uint64 {
		for k, v := range chunk.Values[uint64](ix) {
			if v >= uint64(n) {
				return nil, fmt.Errorf("array: take: index %d is out of bounds for axis %d with size %d", v, a, n)
			}
			iv[k] = int(v)
		}
		return iv, nil
	}
	for k, v := range chunk.Values[int64](ix.AsType(chunk.Int64)) {
		iv[k] = int(v)
	}
	return iv, nil
}
