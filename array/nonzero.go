package array

import (
	"fmt"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Argwhere returns the indices of x's nonzero elements (true, nonzero,
// NaN) as an int64 array of shape (count, x.NDim()), in C order
// (numpy.argwhere). As in Dask, x is raveled (Ravel, which may take all
// but its first axis whole) and each chunk of it gives one chunk of
// rows, whose count is unknown until computed (see KnownChunks). Arrays
// with unknown chunk sizes are an error.
func (x *Array) Argwhere() *Array {
	if bad := requireKnown("argwhere", x); bad != nil {
		return bad
	}
	flat := x.Ravel()
	if flat.err != nil {
		return errorf("argwhere", "%v", flat.err)
	}
	g, err := chunk.NewGrid([][]int{flat.Chunks()[0], {x.NDim()}})
	if err != nil {
		return errorf("argwhere", "%v", err)
	}
	params := scheduler.EncodeParams(argwhereParams{Shape: x.Shape(), Chunks: flat.Chunks()[0]})
	l := blockwise.New(scheduler.Name("argwhere", params, []byte(flat.Name())), g.NumBlocks(), "array.argwhere", params, false,
		blockwise.Input{Layer: flat.layer, Axes: []int{0}})
	return &Array{layer: l, grid: g, dtype: chunk.Int64, unknown: []bool{true, false}}
}

type argwhereParams struct {
	Shape  []int // the array's shape
	Chunks []int // its raveled chunks
}

// Nonzero returns, per axis of x, the indices of its nonzero elements
// (numpy.nonzero, and NumPy's one-argument where(cond)): int64 arrays
// of unknown chunk sizes, the columns of Argwhere. A 0-d x is an error,
// as in NumPy 2.
func (x *Array) Nonzero() []*Array {
	if x != nil && x.err == nil && x.NDim() == 0 {
		return []*Array{errorf("nonzero", "calling nonzero on 0d arrays is not allowed; use AtLeast1D")}
	}
	w := x.Argwhere()
	if w.err != nil {
		return []*Array{w}
	}
	g, err := chunk.NewGrid(w.grid.Chunks()[:1])
	if err != nil {
		return []*Array{errorf("nonzero", "%v", err)}
	}
	out := make([]*Array, x.NDim())
	for j := range out {
		params := scheduler.EncodeParams(j)
		l := blockwise.New(scheduler.Name("nonzero", params, []byte(w.Name())), g.NumBlocks(), "array.column", params, true,
			blockwise.Input{Layer: w.layer, Axes: []int{0, -1}})
		out[j] = &Array{layer: l, grid: g, dtype: chunk.Int64, unknown: []bool{true}}
	}
	return out
}

// Extract returns the elements of x where cond is nonzero, raveled
// (numpy.extract). cond and x must have one shape (NumPy also accepts
// one of the same size); the result has unknown chunk sizes, like Mask.
func Extract(cond, x *Array) *Array {
	if bad := requireKnown("extract", cond, x); bad != nil {
		return bad
	}
	if !chunk.EqualShapes(cond.Shape(), x.Shape()) {
		return errorf("extract", "condition has shape %v, array has %v", cond.Shape(), x.Shape())
	}
	return x.Ravel().Compress(cond.AsType(chunk.Bool).Ravel(), 0)
}

func init() {
	scheduler.RegisterTypedBorrowing("array.argwhere", func(p argwhereParams) (scheduler.Func, error) {
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			if block[0] >= len(p.Chunks) {
				return nil, fmt.Errorf("array: argwhere: block %v out of range", block)
			}
			start := offsetOf(p.Chunks, block[0])
			nd := len(p.Shape)
			rows, count := []int64{}, 0
			idx := make([]int, nd)
			for q, v := range chunk.Values[bool](ds[0].AsType(chunk.Bool)) {
				if !v {
					continue
				}
				count++
				chunk.Unravel(idx, start+q, p.Shape)
				for _, i := range idx {
					rows = append(rows, int64(i))
				}
			}
			return chunk.FromSlice([]int{count, nd}, rows)
		}, nil
	})
	scheduler.RegisterTypedBorrowing("array.column", func(j int) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			s := ds[0].Shape()
			if len(s) != 2 || j >= s[1] || ds[0].DType() != chunk.Int64 {
				return nil, fmt.Errorf("array: nonzero: chunk %v of shape %v has no column %d", ds[0].DType(), s, j)
			}
			v, out := chunk.Values[int64](ds[0]), make([]int64, s[0])
			for i := range out {
				out[i] = v[i*s[1]+j]
			}
			return chunk.FromSlice([]int{s[0]}, out)
		}, nil
	})
	if err := RegisterBlockInfoFunc("array.choose", chooseBlock); err != nil {
		panic(err)
	}
}

// Choose builds an array from the choices by the integer array a:
// element i is choices[a[i]][i], everything broadcast together
// (numpy.choose with mode "raise"). The result's dtype is the choices'
// promoted one. An index outside [0, len(choices)) fails the computation
// with an error naming it; a that is not integer, no choices or shapes
// that do not broadcast are errors.
func Choose(a *Array, choices ...*Array) *Array {
	if err := firstErr(append([]*Array{a}, choices...)...); err != nil {
		return errArray(err)
	}
	if !a.dtype.IsInteger() {
		return errorf("choose", "cannot cast array data from dtype('%v') to dtype('int64') according to the rule 'safe'", a.dtype)
	}
	if len(choices) == 0 {
		return errorf("choose", "no choices")
	}
	dt := choices[0].dtype
	for _, c := range choices[1:] {
		dt = chunk.Promote(dt, c.dtype)
	}
	in := []*Array{a.AsType(chunk.Int64)}
	for _, c := range choices {
		in = append(in, c.AsType(dt))
	}
	return MapBlocksNamedWith("array.choose", nil, dt, MapOptions{}, in...)
}

func chooseBlock(info *BlockInfo, in ...*chunk.Dense) (*chunk.Dense, error) {
	shape := info.Output.Box.Shape()
	dt := in[1].DType()
	out := chunk.NewDense(dt, shape)
	es := dt.Size()
	st := make([][]int, len(in))
	for i, d := range in {
		st[i] = broadcastStrides(d.Shape(), shape)
	}
	idx := chunk.Values[int64](in[0])
	ob := out.Bytes()
	var bad error
	eachRow(shape, st, func(o int, off []int, n int) {
		for k := range n {
			c := idx[off[0]+k*lastStride(st[0])]
			if c < 0 || int(c) >= len(in)-1 {
				bad = fmt.Errorf("array: choose: invalid entry %d in choice array (%d choices)", c, len(in)-1)
				return
			}
			p := off[1+c] + k*lastStride(st[1+c])
			copy(ob[(o+k)*es:(o+k+1)*es], in[1+c].Bytes()[p*es:(p+1)*es])
		}
	})
	return out, bad
}

// Select returns, element by element, the choice of the first true
// condition, or dflt where none holds (numpy.select): a chain of Where.
// Conditions must be bool arrays; choices and dflt are arrays or Go
// numbers, promoted together (Go numbers weakly: NumPy 1.24 would widen
// an integer array for a default that does not fit) and all broadcast.
// Lists of different lengths or an empty list are errors.
func Select(condlist []*Array, choicelist []any, dflt any) *Array {
	if len(condlist) != len(choicelist) {
		return errorf("select", "list of cases must be same length as list of conditions")
	}
	if len(condlist) == 0 {
		return errorf("select", "select with an empty condition list is not possible")
	}
	if err := firstErr(condlist...); err != nil {
		return errArray(err)
	}
	for i, c := range condlist {
		if c.dtype != chunk.Bool {
			return errorf("select", "invalid entry %d in condlist: should be boolean ndarray", i)
		}
	}
	ops := []operand{}
	for _, v := range append(append([]any(nil), choicelist...), dflt) {
		o, err := toOperand("select", v)
		if err != nil {
			return errArray(err)
		}
		ops = append(ops, o)
	}
	dt := promote(ops)
	r := Where(condlist[len(condlist)-1], choicelist[len(condlist)-1], dflt)
	for i := len(condlist) - 2; i >= 0; i-- {
		r = Where(condlist[i], choicelist[i], r)
	}
	if dt == chunk.Invalid { // only Go numbers: Where's rule
		return r
	}
	return r.AsType(dt)
}
