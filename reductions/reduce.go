package reductions

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/vec"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Op is a reduction.
type Op uint8

// The reductions. The Nan variants skip NaN values (on integer inputs
// they equal the plain ones).
const (
	Sum Op = iota + 1
	Prod
	Min
	Max
	Mean
	Any
	All
	CountNonzero
	NanSum
	NanProd
	NanMin
	NanMax
	NanMean
	Var
	Std
	NanVar
	NanStd
	ArgMin
	ArgMax
	NanArgMin
	NanArgMax
	Ptp // the range, max − min (numpy.ptp): both found in one pass
	numOps
)

var opNames = [numOps]string{Sum: "sum", Prod: "prod", Min: "min", Max: "max", Mean: "mean",
	Any: "any", All: "all", CountNonzero: "count_nonzero", NanSum: "nansum", NanProd: "nanprod",
	NanMin: "nanmin", NanMax: "nanmax", NanMean: "nanmean", Var: "var", Std: "std",
	NanVar: "nanvar", NanStd: "nanstd", ArgMin: "argmin", ArgMax: "argmax",
	NanArgMin: "nanargmin", NanArgMax: "nanargmax", Ptp: "ptp"}

// String returns NumPy's name for o.
func (o Op) String() string {
	if o < numOps && opNames[o] != "" {
		return opNames[o]
	}
	return fmt.Sprintf("Op(%d)", uint8(o))
}

// Valid reports whether o is one of the reductions.
func (o Op) Valid() bool { return o >= Sum && o < numOps }

type kind uint8

const (
	kindFold kind = iota
	kindMoments
	kindArg
	kindRange // min and max together
)

func (o Op) kind() kind {
	switch o {
	case NanMean, Var, Std, NanVar, NanStd:
		return kindMoments
	case ArgMin, ArgMax, NanArgMin, NanArgMax:
		return kindArg
	case Ptp:
		return kindRange
	}
	return kindFold
}

// fold returns how partial results of a simple reduction o over dtype d
// merge.
func (o Op) fold(d chunk.DType) fold {
	switch o {
	case Prod, NanProd:
		return foldProd
	case Min, All:
		return foldMin
	case Max, Any:
		return foldMax
	case NanMin:
		if d.IsFloat() || d.IsComplex() {
			return foldNanMin
		}
		return foldMin
	case NanMax:
		if d.IsFloat() || d.IsComplex() {
			return foldNanMax
		}
		return foldMax
	}
	return foldSum
}

// AccDType returns the dtype partial results of o over dtype d are kept
// in: int64/uint64/float64 for sums and products (NumPy's result types,
// float32 widened for accuracy), float64 for means and variances, d for
// min and max (uint8 for bool and for any/all), int64 for counts and arg
// indices.
func (o Op) AccDType(d chunk.DType) chunk.DType {
	switch o {
	case Min, Max, NanMin, NanMax, ArgMin, ArgMax, NanArgMin, NanArgMax, Ptp:
		if d == chunk.Bool {
			return chunk.Uint8
		}
		return d
	case Any, All:
		return chunk.Uint8
	case CountNonzero:
		return chunk.Int64
	case Mean, NanMean, Var, Std, NanVar, NanStd:
		return chunk.Float64
	}
	if d.IsFloat() {
		return chunk.Float64
	}
	if d.IsComplex() {
		return chunk.Complex128
	}
	return chunk.SumResult(d)
}

// ResultDType returns NumPy's result dtype of o over dtype d: sums and
// products widen integers to int64 (uint64 for unsigned); means,
// variances and standard deviations are float64 except float32 for
// float32 input; arg reductions and counts give int64; any/all give bool.
func (o Op) ResultDType(d chunk.DType) chunk.DType {
	switch o {
	case Min, Max, NanMin, NanMax, Ptp:
		return d
	case Mean, NanMean, Var, Std, NanVar, NanStd:
		return chunk.FloatResult(d)
	case Any, All:
		return chunk.Bool
	case CountNonzero, ArgMin, ArgMax, NanArgMin, NanArgMax:
		return chunk.Int64
	}
	return chunk.SumResult(d)
}

// Spec describes one reduction of an N-d input.
type Spec struct {
	Op   Op
	Axes []int // the reduced axes, sorted, distinct, in range
	// KeepDims keeps reduced axes with length 1.
	KeepDims bool
	// SplitEvery is the fan-in of the tree along each input axis (0: the
	// default, 16 shared across the reduced axes as in Dask).
	SplitEvery []int
	// Ddof is the delta degrees of freedom of Var, Std, NanVar, NanStd:
	// the divisor is max(count-Ddof, 0).
	Ddof int
	// ShapeFromInput says the grid's chunk sizes are only upper bounds
	// (after a boolean mask): each chunk step takes its shape from its
	// input, and a mean counts its elements instead of trusting the grid.
	// The program must read a single input and every axis of unknown size
	// must be reduced.
	ShapeFromInput bool
}

// Input is what a reduction reads: an elementwise program over some
// blockwise inputs with the input array's grid. A plain array is the
// identity program over itself; an elementwise chain is its program, so
// the reduction evaluates it tile by tile inside the chunk step.
type Input struct {
	Program *blockwise.Program
	Inputs  []blockwise.Input
	Grid    chunk.Grid
	// Scan, when set (see ScanInput), scans the program's values within
	// each chunk before they are reduced.
	Scan *Scan
	// Carry, for a Scan along an axis of several blocks, is the layer of
	// each chunk's carry: what the chunks before it along the axis fold to.
	Carry scheduler.Layer
	// ShapeFromInput, for histograms and unique values, takes each
	// chunk's shape from its first input chunk instead of Grid, whose
	// sizes are not known (a boolean mask's selection).
	ShapeFromInput bool
	// ReadBytes is the most bytes producing one chunk of the input reads
	// when that is more than the chunk (a slice of a larger chunk, which
	// a store read decodes whole): chunks that small but that costly are
	// not grouped into one task, whose reads would run one after another.
	ReadBytes int
}

// checkAxes returns the reduced-axis mask of axes over nd axes.
func checkAxes(name string, axes []int, nd int) ([]bool, error) {
	reduced := make([]bool, nd)
	for _, a := range axes {
		if a < 0 || a >= nd {
			return nil, fmt.Errorf("%s: axis %d is out of bounds for array of dimension %d", name, a, nd)
		}
		if reduced[a] {
			return nil, fmt.Errorf("%s: duplicate value in axis %v", name, axes)
		}
		reduced[a] = true
	}
	return reduced, nil
}

// splitOf resolves a per-axis split_every (nil or 0 entries: Dask's
// default of 16 shared across the nred reduced axes).
func splitOf(name string, split []int, nd, nred int) ([]int, error) {
	if split != nil && len(split) != nd {
		return nil, fmt.Errorf("%s: split_every has %d entries for %d axes", name, len(split), nd)
	}
	out := make([]int, nd)
	def := max(int(math.Pow(16, 1/float64(max(nred, 1)))), 2)
	for a := range out {
		out[a] = def
		if split != nil && split[a] != 0 {
			if split[a] < 2 {
				return nil, fmt.Errorf("%s: split_every %d on axis %d must be at least 2", name, split[a], a)
			}
			out[a] = split[a]
		}
	}
	return out, nil
}

// OutChunks returns the chunks of a reduction's result: kept axes keep
// their chunks; reduced axes become one chunk of length 1, or disappear.
func OutChunks(g chunk.Grid, reduced []bool, keepDims bool) [][]int {
	outChunks := [][]int{}
	for a := 0; a < g.NDim(); a++ {
		switch {
		case !reduced[a]:
			outChunks = append(outChunks, g.Chunks()[a])
		case keepDims:
			outChunks = append(outChunks, []int{1})
		}
	}
	return outChunks
}

// Build returns the final layer of the reduction tree of in and the grid
// of its result. Errors name the reduction and the bad value: an axis out
// of range or repeated, a bad split_every, min/max/argmin/argmax over an
// empty axis (NumPy's errors), argmin/argmax over several but not all
// axes.
func Build(in Input, s Spec) (scheduler.Layer, chunk.Grid, error) {
	if !s.Op.Valid() {
		return nil, chunk.Grid{}, fmt.Errorf("reductions: unknown op %v", s.Op)
	}
	g := in.Grid
	nd := g.NDim()
	name := s.Op.String()
	reduced, err := checkAxes(name, s.Axes, nd)
	if err != nil {
		return nil, chunk.Grid{}, err
	}
	split, err := splitOf(name, s.SplitEvery, nd, len(s.Axes))
	if err != nil {
		return nil, chunk.Grid{}, err
	}
	dt := in.Program.DType()
	if s.Op == Ptp && (dt == chunk.Bool || dt.IsComplex() || dt == chunk.Float16) {
		return nil, chunk.Grid{}, fmt.Errorf("ptp: %v values (subtract them as max − min)", dt)
	}
	switch s.Op {
	case Min, Max, NanMin, NanMax, ArgMin, ArgMax, NanArgMin, NanArgMax, Ptp:
		for _, a := range s.Axes {
			if g.Shape()[a] == 0 {
				if s.Op.kind() == kindArg {
					return nil, chunk.Grid{}, fmt.Errorf("attempt to get %v of an empty sequence", s.Op)
				}
				return nil, chunk.Grid{}, fmt.Errorf("zero-size array to reduction operation %v which has no identity", s.Op)
			}
		}
	}
	if s.Op.kind() == kindArg && len(s.Axes) > 1 && len(s.Axes) != nd {
		return nil, chunk.Grid{}, fmt.Errorf("%v: axis %v must be a single axis or every axis (the flattened array)", s.Op, s.Axes)
	}
	if (s.Op == Var || s.Op == Std || s.Op == NanVar || s.Op == NanStd) && s.Ddof < 0 {
		return nil, chunk.Grid{}, fmt.Errorf("%v: ddof %d must be non-negative", s.Op, s.Ddof)
	}
	count := 1
	for _, a := range s.Axes {
		count *= g.Shape()[a]
	}
	prog := in.Program
	if s.Op.kind() == kindFold {
		prog = foldProgram(s.Op, prog)
	}
	if s.ShapeFromInput && (s.Op.kind() == kindArg || in.Program.NIn != 1) {
		return nil, chunk.Grid{}, ErrUnknownShape
	}
	inputs := in.Inputs
	if sc := in.Scan; sc != nil {
		if sc.Axis < 0 || sc.Axis >= nd || sc.Carried != (in.Carry != nil) || !sc.Carried && g.NumBlocks()[sc.Axis] > 1 || prog != in.Program || s.ShapeFromInput {
			return nil, chunk.Grid{}, fmt.Errorf("%v: cannot reduce a %v along axis %d within chunks", s.Op, sc.Op, sc.Axis)
		}
		if sc.Carried {
			inputs = append(slices.Clip(inputs), blockwise.Input{Layer: in.Carry, Axes: identityAxesOf(nd)})
		}
	}
	counted := s.ShapeFromInput && s.Op == Mean
	cp := chunkParams{Program: prog, Chunks: g.Chunks(), Op: s.Op, Axes: s.Axes, Acc: s.Op.AccDType(dt), Fold: s.Op.fold(dt),
		FromInput: s.ShapeFromInput, Counted: counted, Scan: in.Scan}
	params := scheduler.EncodeParams(cp)
	parts := [][]byte{params}
	for _, bi := range inputs {
		ax := scheduler.EncodeParams(bi.Axes)
		parts = append(parts, []byte(bi.Layer.Name()), ax)
	}
	op := s.Op.String()
	if fused := in.Program.Operations(); fused != "" {
		op += " of " + fused
	}
	var chunkLayer scheduler.Layer = blockwise.New(scheduler.Name(name+"-chunk", parts...), g.NumBlocks(), "reductions.chunk", params, false, inputs...).Labelled(op)
	if smallChunks(g, dt) && in.ReadBytes < smallChunkBytes {
		gl := newGroupLayer(name, cp, parts, g, reduced, split, inputs)
		gl.op = op
		chunkLayer = gl
	}

	outChunks := OutChunks(g, reduced, s.KeepDims)
	outGrid, err := chunk.NewGrid(outChunks)
	if err != nil {
		return nil, chunk.Grid{}, err
	}
	cmb := combineParams{Op: s.Op, Fold: cp.Fold, Counted: counted}
	agg := aggParams{Op: s.Op, Fold: cp.Fold, Result: s.Op.ResultDType(dt), Count: count, OutChunks: outChunks, Ddof: s.Ddof, Counted: counted}
	cb := scheduler.EncodeParams(cmb)
	ab := scheduler.EncodeParams(agg)
	t := Tree{Name: name, Partials: chunkLayer, Reduced: reduced, Split: split,
		Combine: "reductions.combine", CombineParams: cb, Aggregate: "reductions.aggregate", AggregateParams: ab, KeepDims: s.KeepDims}
	return t.Layer(), outGrid, nil
}

// foldProgram rewrites p for the simple reductions that first transform
// each value: any/all and count_nonzero read x != 0 (a bool), and
// nansum/nanprod replace NaN by 0/1. Others get p itself.
func foldProgram(op Op, p *blockwise.Program) *blockwise.Program {
	dt := p.DType()
	switch op {
	case Any, All, CountNonzero, NanSum, NanProd:
	default:
		return p
	}
	if (op == NanSum || op == NanProd) && !dt.IsFloat() && !dt.IsComplex() {
		return p
	}
	b, x := blockwise.Extend(p) // keeps p's axis maps: a transposed operand stays transposed
	var r int32
	switch op {
	case NanSum, NanProd:
		id := 0.0
		if op == NanProd {
			id = 1
		}
		r = b.Where(b.Unary(blockwise.OpIsNaN, chunk.Bool, x), b.Const(id, dt), x, dt)
	default:
		// x != 0 as bool: the chunk step reads it into the accumulator
		// (uint8, or int64 for counts), and counts runs of it in place.
		r = x
		if dt != chunk.Bool {
			r = b.Binary(blockwise.OpNe, chunk.Bool, x, b.Const(0, dt))
		}
	}
	return b.Program(r)
}

// ErrUnknownShape is Build's error for a reduction that needs the
// input's chunk sizes (arg-reductions, several inputs) when Spec's
// ShapeFromInput says they are not known.
var ErrUnknownShape = errors.New("chunk sizes are unknown; compute them first")

// Tree describes a tree reduction over a layer of partial results, one
// per block of the reduced array (same block grid): combine levels merge
// up to Split[a] partials along each reduced axis a until one is left per
// output block, then the aggregate turns it into the output block. The
// combine kernel gets the partials of one group in C order of block index
// and returns one partial; the aggregate gets the last group and returns
// the output value. Reduction layers of every kind (the reduction family,
// top-k, histograms, unique, user reductions) are built from a Tree.
type Tree struct {
	// Name prefixes the layer names ("sum" gives "sum-combine-…").
	Name string
	// Partials is the chunk step: one partial per input block.
	Partials scheduler.Layer
	// Reduced marks the reduced axes of the input block grid.
	Reduced []bool
	// Split is the fan-in along each axis (entries for kept axes are
	// ignored); every entry must be at least 2.
	Split []int
	// Combine and Aggregate are registered kernel names, with their
	// parameters.
	Combine, Aggregate             string
	CombineParams, AggregateParams []byte
	// KeepDims keeps the reduced axes in the output's block grid (one
	// block each); otherwise they are dropped.
	KeepDims bool
	// Trailing appends this many output axes of one block after the
	// others (a histogram's bins axis).
	Trailing int
}

// Layer returns the tree's final layer, whose blocks are the output's.
func (t Tree) Layer() scheduler.Layer {
	layer := t.Partials
	nb := slices.Clone(layer.NumBlocks())
	for {
		next := slices.Clone(nb)
		last := true
		for a := range nb {
			if t.Reduced[a] {
				next[a] = (nb[a] + t.Split[a] - 1) / t.Split[a]
				if next[a] > 1 {
					last = false
				}
			}
		}
		l := &tree{in: layer, inBlocks: nb, numBlocks: next, split: t.Split, reduced: t.Reduced}
		if !last {
			l.kernel, l.params = t.Combine, t.CombineParams
			l.name = scheduler.Name(t.Name+"-combine", t.CombineParams, []byte(layer.Name()))
			layer, nb = l, next
			continue
		}
		l.kernel, l.params = t.Aggregate, t.AggregateParams
		l.name = scheduler.Name(t.Name+"-agg", t.AggregateParams, []byte(layer.Name()))
		l.drop = !t.KeepDims
		l.trailing = t.Trailing
		return l
	}
}

// tree is one level of a reduction tree: block i reads blocks
// i*split … (i+1)*split-1 of its input along every reduced axis.
type tree struct {
	name      string
	in        scheduler.Layer
	inBlocks  []int // input block grid (all axes)
	numBlocks []int // this level's block grid (all axes)
	split     []int
	reduced   []bool
	kernel    string
	params    []byte
	drop      bool // the layer's index omits reduced axes (the final level without keepdims)
	trailing  int  // extra trailing axes of one block
}

func (t *tree) Name() string              { return t.name }
func (t *tree) Inputs() []scheduler.Layer { return []scheduler.Layer{t.in} }

func (t *tree) NumBlocks() []int {
	nb := []int{}
	for a, n := range t.numBlocks {
		if !t.drop || !t.reduced[a] {
			nb = append(nb, n)
		}
	}
	for range t.trailing {
		nb = append(nb, 1)
	}
	return nb
}

func (t *tree) Task(idx []int) scheduler.Task {
	full := make([]int, len(t.numBlocks))
	j := 0
	for a := range full {
		if t.drop && t.reduced[a] {
			continue
		}
		full[a] = idx[j]
		j++
	}
	lo := make([]int, len(full))
	span := make([]int, len(full))
	for a := range full {
		if t.reduced[a] {
			lo[a] = full[a] * t.split[a]
			span[a] = min(t.split[a], t.inBlocks[a]-lo[a])
		} else {
			lo[a], span[a] = full[a], 1
		}
	}
	var keys []scheduler.Key
	in := make([]int, len(full))
	chunk.EachIndex(span, func(off []int) {
		for a := range in {
			in[a] = lo[a] + off[a]
		}
		keys = append(keys, scheduler.NewKey(t.in.Name(), in))
	})
	return scheduler.Task{Kernel: t.kernel, Params: t.params, Inputs: keys}
}

type chunkParams struct {
	Program   *blockwise.Program
	Chunks    [][]int
	Op        Op
	Axes      []int
	Acc       chunk.DType
	Fold      fold
	FromInput bool  `json:",omitempty"` // chunk shapes come from the input
	Counted   bool  `json:",omitempty"` // a mean through counted moments
	Scan      *Scan `json:",omitempty"` // a scan of the program's values first
}

type combineParams struct {
	Op      Op
	Fold    fold
	Counted bool `json:",omitempty"`
}

type aggParams struct {
	Op        Op
	Fold      fold
	Result    chunk.DType
	Count     int
	OutChunks [][]int
	Ddof      int
	Counted   bool `json:",omitempty"`
}

// kindOf is op's kind, except that a counted mean keeps moments.
func kindOf(op Op, counted bool) kind {
	if counted {
		return kindMoments
	}
	return op.kind()
}

func init() {
	scheduler.RegisterTypedBorrowing("reductions.chunk", func(p chunkParams) (scheduler.Func, error) {
		g, reduced, err := p.check()
		if err != nil {
			return nil, err
		}
		return func(block []int, in []any) (any, error) {
			return p.partial(g, reduced, block, in)
		}, nil
	})
	scheduler.RegisterTypedBorrowing("reductions.chunkgroup", func(gp groupParams) (scheduler.Func, error) {
		p := gp.Chunk
		g, reduced, err := p.check()
		if err != nil {
			return nil, err
		}
		k := kindOf(p.Op, p.Counted)
		nIn := p.inputsPerChunk()
		return func(block []int, in []any) (any, error) {
			lo, span := groupSpan(block, gp.Split, reduced, g.NumBlocks())
			parts := make([]any, 0, chunk.Prod(span))
			b := make([]int, len(block))
			var err error
			chunk.EachIndex(span, func(off []int) {
				if err != nil {
					return
				}
				for a := range b {
					b[a] = lo[a] + off[a]
				}
				var v any
				v, err = p.partial(g, reduced, b, in[len(parts)*nIn:(len(parts)+1)*nIn])
				parts = append(parts, v)
			})
			if err != nil {
				return nil, err
			}
			return combineAny(k, p.Op, p.Fold, parts)
		}, nil
	})
	// Combine and aggregate steps keep none of their inputs and return
	// fresh values, so the partials they consume are recycled.
	scheduler.RegisterTypedBorrowing("reductions.combine", func(p combineParams) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			return combineAny(kindOf(p.Op, p.Counted), p.Op, p.Fold, in)
		}, nil
	})
	scheduler.RegisterTypedBorrowing("reductions.aggregate", func(p aggParams) (scheduler.Func, error) {
		return func(block []int, in []any) (any, error) {
			v, err := combineAny(kindOf(p.Op, p.Counted), p.Op, p.Fold, in)
			if err != nil {
				return nil, err
			}
			var d *chunk.Dense
			switch kindOf(p.Op, p.Counted) {
			case kindMoments:
				d = finishMoments(p.Op, v.(*Partial), p.Ddof)
				v.(*Partial).Recycle() // merged here: nothing else holds it
			case kindArg:
				if d, err = finishArg(p.Op, v.(*Partial)); err != nil {
					return nil, err
				}
				v.(*Partial).Parts[0].Recycle() // the values; d is the indices
			case kindRange:
				if d, err = finishRange(v.(*Partial)); err != nil {
					return nil, err
				}
			default:
				d = v.(*chunk.Dense) // fresh: combineAny shares nothing with in
				if p.Op == Mean {
					// An empty mean is NaN, as in NumPy.
					divideBy(chunk.Values[float64](d), float64(p.Count))
				}
			}
			d = d.AsType(p.Result)
			shape := []int{}
			for a, n := range p.OutChunks {
				shape = append(shape, n[block[a]])
			}
			r, err := d.Reshape(shape)
			if err == nil {
				d.HandOver(r) // the block stays recyclable through its new shape
			}
			return r, err
		}, nil
	})
}

// divideBy sets v[i] /= c by internal/vec's division loops, a tile of c
// at a time.
func divideBy(v []float64, c float64) {
	var cs [256]float64
	for i := range cs {
		cs[i] = c
	}
	for i := 0; i < len(v); i += len(cs) {
		w := v[i:min(i+len(cs), len(v))]
		vec.Float64(vec.Div, w, w, cs[:])
	}
}

// combineAny merges the partial results of one group.
func combineAny(k kind, op Op, f fold, in []any) (any, error) {
	switch k {
	case kindMoments, kindArg, kindRange:
		ps, err := partials(in)
		if err != nil {
			return nil, err
		}
		switch k {
		case kindMoments:
			return combineMoments(ps)
		case kindRange:
			return combineRange(ps)
		}
		return combineArg(op, ps)
	}
	ds, err := blockwise.Denses(in)
	if err != nil {
		return nil, err
	}
	return combine(f, ds)
}

// combine merges partial results of one shape elementwise into a new
// Dense: it shares no memory with its inputs (the combine and aggregate
// kernels are borrowing).
func combine(op fold, ds []*chunk.Dense) (*chunk.Dense, error) {
	out := ds[0].Clone()
	for _, d := range ds[1:] {
		if !chunk.EqualShapes(d.Shape(), out.Shape()) || d.DType() != out.DType() {
			return nil, fmt.Errorf("reductions: partial results of shapes %v and %v", out.Shape(), d.Shape())
		}
		accumulateInto(op, out, d)
	}
	return out, nil
}

// smallChunks reports whether g's chunks are so small (under
// smallChunkBytes) that scheduling a task per chunk costs more than the
// chunk's work: then chunk steps are inline and fuse into their combine
// task.
func smallChunks(g chunk.Grid, dt chunk.DType) bool {
	n := dt.Size()
	for _, cs := range g.Chunks() {
		n *= slices.Max(cs)
	}
	return n < smallChunkBytes
}

const smallChunkBytes = 256 << 10

// check validates decoded chunk-step parameters and returns the input
// grid and the reduced-axis flags.
func (p *chunkParams) check() (chunk.Grid, []bool, error) {
	g, err := chunk.NewGrid(p.Chunks)
	if err != nil {
		return chunk.Grid{}, nil, err
	}
	if p.Program == nil {
		return chunk.Grid{}, nil, fmt.Errorf("reductions: no program")
	}
	reduced, err := checkAxes(p.Op.String(), p.Axes, g.NDim())
	return g, reduced, err
}

// inputsPerChunk is how many inputs the chunk step of one chunk reads:
// the program's, and a carried scan's carry.
func (p *chunkParams) inputsPerChunk() int {
	if p.Scan != nil && p.Scan.Carried {
		return p.Program.NIn + 1
	}
	return p.Program.NIn
}

// partial computes the chunk step for block: the partial result of the
// chunk the program produces from the task's inputs.
func (p *chunkParams) partial(g chunk.Grid, reduced []bool, block []int, in []any) (any, error) {
	ds, err := blockwise.Denses(in)
	if err != nil {
		return nil, err
	}
	f := blockwise.FrameOfInput(g, block, ds, p.FromInput)
	if kindOf(p.Op, p.Counted) == kindFold && p.Fold == foldSum && p.Acc == chunk.Float64 && p.Scan == nil {
		if out, ok := sumRowsDirect(p.Program, ds, f.Shape, reduced); ok {
			return out, nil
		}
	}
	var carry *chunk.Dense
	if p.Scan != nil && p.Scan.Carried {
		if len(ds) != p.inputsPerChunk() {
			return nil, fmt.Errorf("reductions: %d inputs for a scanned chunk, want %d", len(ds), p.inputsPerChunk())
		}
		if block[p.Scan.Axis] > 0 { // the first block's carry is the identity
			carry = ds[len(ds)-1]
		}
		ds = ds[:len(ds)-1]
	}
	ev, err := blockwise.NewEvaluator(p.Program, f, ds)
	if err != nil {
		return nil, err
	}
	defer ev.Release()
	if p.Scan != nil {
		if err := ev.ScanAlong(p.Scan.Axis, p.Scan.prod(), carry); err != nil {
			return nil, err
		}
	}
	switch kindOf(p.Op, p.Counted) {
	case kindMoments:
		nan := p.Op == NanMean || p.Op == NanVar || p.Op == NanStd
		return momentsChunk(ev, f.Shape, reduced, nan)
	case kindArg:
		return argChunk(ev, f, reduced, p.Op)
	case kindRange:
		return rangeChunk(ev, f.Shape, reduced, p.Acc)
	}
	return reduceChunk(ev, f.Shape, reduced, p.Fold, p.Acc)
}

// groupParams are the parameters of a grouped chunk step: the chunk step's
// own, and the fan-in that groups chunks along reduced axes.
type groupParams struct {
	Chunk chunkParams
	Split []int
}

// groupSpan returns the first chunk block and the number of blocks along
// each axis that group block idx covers.
func groupSpan(idx, split []int, reduced []bool, nb []int) (lo, span []int) {
	lo, span = make([]int, len(idx)), make([]int, len(idx))
	for a, i := range idx {
		if reduced[a] {
			lo[a] = i * split[a]
			span[a] = min(split[a], nb[a]-lo[a])
		} else {
			lo[a], span[a] = i, 1
		}
	}
	return lo, span
}

// groupLayer is the chunk step of a reduction over tiny chunks merged
// with the first combine level: each task reduces a group of split
// chunks along the reduced axes and combines their partials, so the graph
// has a task per group rather than per chunk (100 000 chunks of 1000
// elements make 12 500 tasks).
type groupLayer struct {
	name      string
	inputs    []blockwise.Input
	nb        []int // chunk blocks
	numBlocks []int // group blocks
	split     []int
	reduced   []bool
	params    []byte
	op        string // what it does, for pictures
}

func (l *groupLayer) Name() string      { return l.name }
func (l *groupLayer) Operation() string { return l.op }
func (l *groupLayer) NumBlocks() []int  { return l.numBlocks }
func (l *groupLayer) Inputs() []scheduler.Layer {
	ls := make([]scheduler.Layer, len(l.inputs))
	for i, in := range l.inputs {
		ls[i] = in.Layer
	}
	return ls
}

func (l *groupLayer) Task(idx []int) scheduler.Task {
	lo, span := groupSpan(idx, l.split, l.reduced, l.nb)
	var keys []scheduler.Key
	b := make([]int, len(idx))
	ii := make([]int, 0, len(idx))
	chunk.EachIndex(span, func(off []int) {
		for a := range b {
			b[a] = lo[a] + off[a]
		}
		for _, in := range l.inputs {
			ii = in.BlockOf(b, ii)
			keys = append(keys, scheduler.NewKey(in.Layer.Name(), ii))
		}
	})
	return scheduler.Task{Kernel: "reductions.chunkgroup", Params: l.params, Inputs: keys}
}

// newGroupLayer returns the grouped chunk step of a reduction over tiny
// chunks (see groupLayer).
func newGroupLayer(name string, cp chunkParams, parts [][]byte, g chunk.Grid, reduced []bool, split []int, inputs []blockwise.Input) *groupLayer {
	gp := scheduler.EncodeParams(groupParams{Chunk: cp, Split: split})
	nb := g.NumBlocks()
	groups := slices.Clone(nb)
	for a := range groups {
		if reduced[a] {
			groups[a] = (nb[a] + split[a] - 1) / split[a]
		}
	}
	return &groupLayer{name: scheduler.Name(name+"-chunkgroup", append([][]byte{gp}, parts...)...),
		inputs: inputs, nb: nb, numBlocks: groups, split: split, reduced: reduced, params: gp}
}
