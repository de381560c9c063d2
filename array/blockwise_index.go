package array

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/reductions"
	"github.com/chunkwise/chunkwise/scheduler"
)

// BlockwiseOp names the block function of Blockwise and how its result
// is laid out.
type BlockwiseOp struct {
	// Func is a block function registered with RegisterBlockFunc or
	// RegisterBlockInfoFunc. It is called once per output block and,
	// for each contracted index, per block along it; it receives the
	// input chunks in argument order and must return a chunk of DType
	// whose shape is the output block's (see Blockwise). Its BlockInfo
	// has Output only, whose Block is the block index Blockwise
	// describes.
	Func string
	// Params are part of the result's name (the function does not
	// receive them), as for MapBlocksNamed.
	Params []byte
	DType  chunk.DType
	// NewAxes gives the chunks of output indices that no input has.
	NewAxes map[byte][]int
	// SplitEvery is the fan-in of the tree that adds the partial
	// results along contracted indices (at least 2; 0 picks one).
	SplitEvery int
}

// Blockwise applies op.Func block by block in index notation, as Dask's
// da.blockwise: out names the output's axes with one letter each, and
// args alternate an *Array and its index string ("ij", a, "ik", b, "kj").
// Arrays that share a letter are aligned along it: lengths must match or
// be 1 (broadcast: the function then sees length 1 there), and chunks
// are unified by rechunking every array to the common refinement of
// their chunk boundaries, as Dask's unify_chunks does. A letter repeated
// within one array selects its diagonal blocks.
//
// A letter on the inputs but not on out is contracted: the function is
// called for every block along it and its results are added by a tree of
// sums with fan-in SplitEvery (booleans are or-ed), never by
// concatenating a row of chunks. Output letters on no input need their
// chunks in op.NewAxes. The function's block index is the output block
// index followed by the block index along each contracted letter, in
// order of first appearance.
//
// Bad input — an unregistered function, an index string whose length is
// not its array's number of axes, lengths that do not match, an output
// letter that is repeated or unknown — gives an array carrying a
// one-line error.
func Blockwise(op BlockwiseOp, out string, args ...any) *Array {
	if _, ok := blockFuncs.Get(op.Func); !ok {
		return errorf("blockwise", "no block function registered as %q", op.Func)
	}
	if !op.DType.Valid() {
		return errorf("blockwise", "invalid dtype %v", op.DType)
	}
	if len(args)%2 != 0 {
		return errorf("blockwise", "arguments must alternate an *Array and its index string; got %d values", len(args))
	}
	ins := make([]indexed, len(args)/2)
	for i := range ins {
		a, ok := args[2*i].(*Array)
		ix, ok2 := args[2*i+1].(string)
		if !ok || !ok2 {
			return errorf("blockwise", "argument %d must be an *Array followed by an index string; got %T, %T", 2*i, args[2*i], args[2*i+1])
		}
		ins[i] = indexed{a, ix}
	}
	p := blockFuncParams{Func: op.Func, Params: op.Params}
	return contract("blockwise-"+op.Func, "array.blockwise_func", scheduler.EncodeParams(p), op.DType, out, ins, op.NewAxes, op.SplitEvery)
}

// indexed is one input of an index-notation blockwise: an array and one
// letter per axis.
type indexed struct {
	a  *Array
	ix string
}

type blockFuncParams struct {
	Func   string
	Params []byte
}

// indexParams are the parameters of a contraction's block step: the
// kernel's own parameters, the grid of the step's blocks (output letters
// first) and how many of its axes are the output's.
type indexParams struct {
	Inner  []byte
	DType  chunk.DType
	Chunks [][]int
	NOut   int
}

// blockKernel computes one block of a contraction step from its input
// chunks: info.Output locates the output block (its Block is the step's
// block index: the output's, then the contracted letters'); info.Inputs
// is nil.
type blockKernel func(info *BlockInfo, in []*chunk.Dense) (*chunk.Dense, error)

// contract builds the graph of an index-notation blockwise: one task per
// output block and block along the contracted letters, running kernel
// (registered as an index kernel), then a tree of sums over the
// contracted letters.
func contract(op, kernel string, inner []byte, dt chunk.DType, out string, ins []indexed, newAxes map[byte][]int, split int) *Array {
	name := strings.SplitN(op, "-", 2)[0]
	arrays := make([]*Array, len(ins))
	for i, in := range ins {
		arrays[i] = in.a
	}
	if err := firstErr(arrays...); err != nil {
		return errArray(err)
	}
	if bad := requireKnown(name, arrays...); bad != nil {
		return bad
	}
	if split != 0 && split < 2 {
		return errorf(name, "split_every %d must be at least 2", split)
	}
	extent := map[byte]int{}
	var order []byte // letters in order of first appearance on the inputs
	for i, in := range ins {
		if len(in.ix) != in.a.NDim() {
			return errorf(name, "index %q of input %d has %d letters for %d axes", in.ix, i, len(in.ix), in.a.NDim())
		}
		for j := range len(in.ix) {
			c, n := in.ix[j], in.a.Shape()[j]
			if !isIndexLetter(c) {
				return errorf(name, "index %q of input %d: %q is not a letter", in.ix, i, c)
			}
			e, seen := extent[c]
			switch {
			case !seen:
				order = append(order, c)
				extent[c] = n
			case e == 1:
				extent[c] = n
			case n != 1 && n != e:
				return errorf(name, "index %q has length %d in one input and %d in input %d", c, e, n, i)
			}
		}
	}
	for j := range len(out) {
		c := out[j]
		if strings.IndexByte(out[:j], c) >= 0 {
			return errorf(name, "output index %q repeats %q", out, c)
		}
		if _, ok := extent[c]; ok {
			if _, dup := newAxes[c]; dup {
				return errorf(name, "new axis %q is also an input index", c)
			}
			continue
		}
		cs, ok := newAxes[c]
		if !ok {
			return errorf(name, "output index %q is on no input and has no new-axis chunks", c)
		}
		if _, err := chunk.NewGrid([][]int{cs}); err != nil {
			return errorf(name, "new axis %q: %v", c, err)
		}
	}
	// The chunks of each letter: the common refinement of its inputs'.
	chunks := map[byte][]int{}
	for _, in := range ins {
		for j := range len(in.ix) {
			c := in.ix[j]
			if in.a.Shape()[j] != extent[c] {
				continue // broadcast
			}
			chunks[c] = refine(chunks[c], in.a.Chunks()[j])
		}
	}
	var contracted []byte
	for _, c := range order {
		if strings.IndexByte(out, c) < 0 {
			contracted = append(contracted, c)
		}
	}
	// Letters of the step's block grid: the output's, then contracted
	// letters of more than one block (those of one block need no tree).
	letters := []byte(out)
	var treeAxes []byte
	for _, c := range contracted {
		if len(chunks[c]) > 1 {
			treeAxes = append(treeAxes, c)
		}
	}
	letters = append(letters, treeAxes...)
	stepChunks := make([][]int, len(letters))
	for k, c := range letters {
		if cs, ok := newAxes[c]; ok {
			stepChunks[k] = cs
		} else {
			stepChunks[k] = chunks[c]
		}
	}
	stepGrid, err := chunk.NewGrid(stepChunks)
	if err != nil {
		return errorf(name, "%v", err)
	}
	inputs := make([]blockwise.Input, len(ins))
	parts := [][]byte{inner, []byte(out)}
	for i, in := range ins {
		a := in.a
		target := make([][]int, a.NDim())
		axes := make([]int, a.NDim())
		for j := range len(in.ix) {
			c := in.ix[j]
			if a.Shape()[j] != extent[c] {
				target[j], axes[j] = []int{a.Shape()[j]}, -1
				continue
			}
			target[j] = chunks[c]
			axes[j] = slices.Index(letters, c) // -1 for a contracted letter of one block
		}
		tg, err := chunk.NewGrid(target)
		if err != nil {
			return errorf(name, "%v", err)
		}
		a = a.rechunkTo(tg)
		if a.err != nil {
			return a
		}
		inputs[i] = blockwise.Input{Layer: a.layer, Axes: axes}
		parts = append(parts, []byte(a.Name()), scheduler.EncodeParams(axes))
	}
	params := scheduler.EncodeParams(indexParams{Inner: inner, DType: dt, Chunks: stepChunks, NOut: len(out)})
	step := blockwise.New(scheduler.Name(op, append([][]byte{params}, parts...)...), stepGrid.NumBlocks(), kernel, params, false, inputs...)
	outChunks := stepChunks[:len(out)]
	g, err := chunk.NewGrid(outChunks)
	if err != nil {
		return errorf(name, "%v", err)
	}
	if len(treeAxes) == 0 {
		return newLayerArray(step, g, dt)
	}
	reduced := make([]bool, len(letters))
	sp := make([]int, len(letters))
	for k := range letters {
		reduced[k] = k >= len(out)
		sp[k] = split
		if split == 0 {
			sp[k] = max(int(math.Pow(16, 1/float64(len(treeAxes)))), 2)
		}
	}
	sum := scheduler.EncodeParams(dt)
	t := reductions.Tree{Name: name, Partials: step, Reduced: reduced, Split: sp,
		Combine: "array.blockwise_sum", CombineParams: sum, Aggregate: "array.blockwise_sum", AggregateParams: sum}
	return newLayerArray(t.Layer(), g, dt)
}

func isIndexLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// refine returns the chunks whose boundaries are those of a and b
// together (a when b is nil or the same).
func refine(a, b []int) []int {
	if a == nil || slices.Equal(a, b) {
		return slices.Clone(b)
	}
	var bounds []int
	for _, cs := range [][]int{a, b} {
		off := 0
		for _, c := range cs {
			off += c
			bounds = append(bounds, off)
		}
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	out := make([]int, 0, len(bounds))
	prev := 0
	for _, x := range bounds {
		if x > prev || len(bounds) == 1 {
			out = append(out, x-prev)
		}
		prev = x
	}
	return out
}

// registerIndexKernel registers a contraction step kernel: prepare turns
// the inner parameters into the block kernel, whose result is checked
// against the step's block shape and dtype.
func registerIndexKernel(name string, prepare func(inner []byte) (blockKernel, error)) {
	scheduler.RegisterTypedBorrowing(name, func(p indexParams) (scheduler.Func, error) {
		g, err := chunk.NewGrid(p.Chunks)
		if err != nil {
			return nil, err
		}
		if p.NOut > g.NDim() {
			return nil, fmt.Errorf("%d output axes in a grid of %d", p.NOut, g.NDim())
		}
		og, _ := chunk.NewGrid(p.Chunks[:p.NOut])
		f, err := prepare(p.Inner)
		if err != nil {
			return nil, err
		}
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			box := og.BlockBox(block[:p.NOut])
			shape := box.Shape()
			info := &BlockInfo{Output: BlockLocation{Shape: og.Shape(), NumBlocks: og.NumBlocks(), Block: block, Box: box}}
			d, err := f(info, ds)
			if err != nil {
				return nil, err
			}
			if d == nil || d.DType() != p.DType || !chunk.EqualShapes(d.Shape(), shape) {
				var got any = "nil"
				if d != nil {
					got = fmt.Sprintf("a %v chunk of shape %v", d.DType(), d.Shape())
				}
				return nil, fmt.Errorf("%s returned %v, want a %v chunk of shape %v", name, got, p.DType, shape)
			}
			return d, nil
		}, nil
	})
}

func init() {
	registerIndexKernel("array.blockwise_func", func(inner []byte) (blockKernel, error) {
		var p blockFuncParams
		if err := scheduler.DecodeParams(inner, &p); err != nil {
			return nil, err
		}
		f, ok := blockFuncs.Get(p.Func)
		if !ok {
			return nil, fmt.Errorf("no block function registered as %q in this binary", p.Func)
		}
		return func(info *BlockInfo, in []*chunk.Dense) (*chunk.Dense, error) {
			d, err := f(info, in...)
			if err != nil {
				return nil, fmt.Errorf("block function %s: %w", p.Func, err)
			}
			if d != nil && slices.ContainsFunc(in, func(x *chunk.Dense) bool { return x == d }) {
				d = d.Clone() // the step borrows its inputs
			}
			return d, nil
		}, nil
	})
	// The sum of a contraction's partial products adds into the first
	// when the executor hands it over (its last consumer), else into a
	// copy of it.
	scheduler.RegisterConsuming("array.blockwise_sum", func(b []byte) (scheduler.ConsumingFunc, error) {
		var dt chunk.DType
		if err := scheduler.DecodeParams(b, &dt); err != nil {
			return nil, err
		}
		return func(_ []int, in []any, own bool) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			return sumDenses(dt, ds, own)
		}, nil
	})
}

// sumDenses returns the elementwise sum of ds, which must all have dtype
// dt and one shape (booleans are or-ed): in ds[0] itself when own, else
// in a new chunk.
func sumDenses(dt chunk.DType, ds []*chunk.Dense, own bool) (*chunk.Dense, error) {
	if len(ds) == 0 {
		return nil, fmt.Errorf("sum of no chunks")
	}
	for _, d := range ds {
		if d.DType() != dt || !chunk.EqualShapes(d.Shape(), ds[0].Shape()) {
			return nil, fmt.Errorf("sum of a %v chunk of shape %v with a %v chunk of shape %v", d.DType(), d.Shape(), dt, ds[0].Shape())
		}
	}
	out := ds[0]
	if !own {
		out = out.Clone()
	}
	for _, d := range ds[1:] {
		switch dst := out.Data().(type) {
		case []bool:
			for i, v := range d.Data().([]bool) {
				dst[i] = dst[i] || v
			}
		case []int8:
			addTo(dst, d.Data().([]int8))
		case []int16:
			addTo(dst, d.Data().([]int16))
		case []int32:
			addTo(dst, d.Data().([]int32))
		case []int64:
			addTo(dst, d.Data().([]int64))
		case []uint8:
			addTo(dst, d.Data().([]uint8))
		case []uint16:
			addTo(dst, d.Data().([]uint16))
		case []chunk.Half: // float16 arithmetic: in float32, rounded
			for i, v := range d.Data().([]chunk.Half) {
				dst[i] = chunk.HalfFromFloat64(float64(dst[i].Float32() + v.Float32()))
			}
		case []uint32:
			addTo(dst, d.Data().([]uint32))
		case []uint64:
			addTo(dst, d.Data().([]uint64))
		case []float32:
			addTo(dst, d.Data().([]float32))
		case []float64:
			addTo(dst, d.Data().([]float64))
		case []complex64:
			addTo(dst, d.Data().([]complex64))
		case []complex128:
			addTo(dst, d.Data().([]complex128))
		default:
			return nil, fmt.Errorf("sum of %v chunks", dt)
		}
	}
	return out, nil
}

// addTo adds s into dst elementwise.
func addTo[T chunk.Number | chunk.Complex](dst, s []T) {
	for i, v := range s {
		dst[i] += v
	}
}

// FromLayer returns the array whose chunks, of grid g and dtype dt, the
// layer l computes (block idx of l is chunk idx of the array): how
// packages above array, such as linalg, add graph layers of their own.
// Each of l's tasks must produce a *chunk.Dense of its block's shape and
// dtype dt; a nil layer or an invalid dtype gives an array carrying the
// error, and a layer whose block grid is not g's too.
func FromLayer(l scheduler.Layer, g chunk.Grid, dt chunk.DType) *Array {
	if l == nil {
		return errorf("from_layer", "nil layer")
	}
	if !dt.Valid() {
		return errorf("from_layer", "invalid dtype %v", dt)
	}
	if !slices.Equal(l.NumBlocks(), g.NumBlocks()) {
		return errorf("from_layer", "layer %s has %v blocks for a grid of %v", l.Name(), l.NumBlocks(), g.NumBlocks())
	}
	return newLayerArray(l, g, dt)
}

// Errored returns an array that carries err (see Array): how packages
// that build arrays, such as linalg, report bad input. A nil err gives
// an array carrying an error that says so.
func Errored(err error) *Array {
	if err == nil {
		err = fmt.Errorf("array: Errored called with a nil error")
	}
	return errArray(err)
}
