package reductions

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Op is a reduction.
type Op uint8

// The reductions.
const (
	Sum Op = iota + 1
	Prod
	Min
	Max
	Mean
)

var opNames = map[Op]string{Sum: "sum", Prod: "prod", Min: "min", Max: "max", Mean: "mean"}

// String returns NumPy's name for o.
func (o Op) String() string {
	if s, ok := opNames[o]; ok {
		return s
	}
	return fmt.Sprintf("Op(%d)", uint8(o))
}

// combineOp is how partial results of o merge: sums of a mean add.
func (o Op) combineOp() Op {
	if o == Mean {
		return Sum
	}
	return o
}

// AccDType returns the dtype partial results of o over dtype d are kept
// in: int64/uint64/float64 for sums and products (NumPy's result types,
// float32 widened for accuracy), float64 for means, d for min and max
// (uint8 for bool).
func (o Op) AccDType(d chunk.DType) chunk.DType {
	switch o {
	case Min, Max:
		if d == chunk.Bool {
			return chunk.Uint8
		}
		return d
	case Mean:
		return chunk.Float64
	}
	if d.IsFloat() {
		return chunk.Float64
	}
	return chunk.SumResult(d)
}

// ResultDType returns NumPy's result dtype of o over dtype d.
func (o Op) ResultDType(d chunk.DType) chunk.DType {
	switch o {
	case Min, Max:
		return d
	case Mean:
		return chunk.FloatResult(d)
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
}

// Input is what a reduction reads: an elementwise program over some
// blockwise inputs with the input array's grid. A plain array is the
// identity program over itself; an elementwise chain is its program, so
// the reduction evaluates it tile by tile inside the chunk step.
type Input struct {
	Program *blockwise.Program
	Inputs  []blockwise.Input
	Grid    chunk.Grid
}

// Build returns the final layer of the reduction tree of in and the grid
// of its result. Errors name the reduction and the bad value.
func Build(in Input, s Spec) (scheduler.Layer, chunk.Grid, error) {
	g := in.Grid
	nd := g.NDim()
	reduced := make([]bool, nd)
	for _, a := range s.Axes {
		if a < 0 || a >= nd {
			return nil, chunk.Grid{}, fmt.Errorf("%v: axis %d is out of bounds for array of dimension %d", s.Op, a, nd)
		}
		if reduced[a] {
			return nil, chunk.Grid{}, fmt.Errorf("%v: duplicate value in axis %v", s.Op, s.Axes)
		}
		reduced[a] = true
	}
	if s.SplitEvery != nil && len(s.SplitEvery) != nd {
		return nil, chunk.Grid{}, fmt.Errorf("%v: split_every has %d entries for %d axes", s.Op, len(s.SplitEvery), nd)
	}
	dt := in.Program.DType()
	if (s.Op == Min || s.Op == Max) && g.Size() == 0 && len(s.Axes) > 0 {
		for _, a := range s.Axes {
			if g.Shape()[a] == 0 {
				return nil, chunk.Grid{}, fmt.Errorf("zero-size array to reduction operation %v which has no identity", s.Op)
			}
		}
	}
	split := make([]int, nd)
	def := max(int(math.Pow(16, 1/float64(max(len(s.Axes), 1)))), 2)
	for a := range split {
		split[a] = def
		if s.SplitEvery != nil && s.SplitEvery[a] != 0 {
			if s.SplitEvery[a] < 2 {
				return nil, chunk.Grid{}, fmt.Errorf("%v: split_every %d on axis %d must be at least 2", s.Op, s.SplitEvery[a], a)
			}
			split[a] = s.SplitEvery[a]
		}
	}
	acc := s.Op.AccDType(dt)
	count := 1
	for _, a := range s.Axes {
		count *= g.Shape()[a]
	}
	cp := chunkParams{Program: in.Program, Chunks: g.Chunks(), Op: s.Op, Axes: s.Axes, Acc: acc}
	params, _ := json.Marshal(cp)
	parts := [][]byte{params}
	for _, bi := range in.Inputs {
		ax, _ := json.Marshal(bi.Axes)
		parts = append(parts, []byte(bi.Layer.Name()), ax)
	}
	var layer scheduler.Layer = blockwise.New(scheduler.Name(s.Op.String()+"-chunk", parts...),
		g.NumBlocks(), "reductions.chunk", params, false, in.Inputs...)

	// Output grid: kept axes keep their chunks; reduced axes become one
	// chunk of length 1, or disappear.
	var outChunks [][]int
	for a := 0; a < nd; a++ {
		switch {
		case !reduced[a]:
			outChunks = append(outChunks, g.Chunks()[a])
		case s.KeepDims:
			outChunks = append(outChunks, []int{1})
		}
	}
	outGrid, err := chunk.NewGrid(outChunks)
	if err != nil {
		return nil, chunk.Grid{}, err
	}
	// Combine levels until every reduced axis has one block, then the
	// aggregate, which finalises (a mean divides) and drops axes.
	nb := g.NumBlocks()
	for {
		next := slices.Clone(nb)
		last := true
		for a := range nb {
			if reduced[a] {
				next[a] = (nb[a] + split[a] - 1) / split[a]
				if next[a] > 1 {
					last = false
				}
			}
		}
		t := &tree{in: layer, inBlocks: nb, numBlocks: next, split: split, reduced: reduced}
		if !last {
			t.kernel = "reductions.combine"
			t.params, _ = json.Marshal(combineParams{Op: s.Op.combineOp(), Acc: acc})
			t.name = scheduler.Name(s.Op.String()+"-combine", t.params, []byte(layer.Name()))
			layer, nb = t, next
			continue
		}
		ap := aggParams{Op: s.Op, Acc: acc, Result: s.Op.ResultDType(dt), Count: count, OutChunks: outChunks, Reduced: reduced, KeepDims: s.KeepDims}
		t.kernel = "reductions.aggregate"
		t.params, _ = json.Marshal(ap)
		t.name = scheduler.Name(s.Op.String()+"-agg", t.params, []byte(layer.Name()))
		t.drop = !s.KeepDims
		return t, outGrid, nil
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
}

func (t *tree) Name() string              { return t.name }
func (t *tree) Inputs() []scheduler.Layer { return []scheduler.Layer{t.in} }

func (t *tree) NumBlocks() []int {
	if !t.drop {
		return t.numBlocks
	}
	var nb []int
	for a, n := range t.numBlocks {
		if !t.reduced[a] {
			nb = append(nb, n)
		}
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
	Program *blockwise.Program
	Chunks  [][]int
	Op      Op
	Axes    []int
	Acc     chunk.DType
}

type combineParams struct {
	Op  Op
	Acc chunk.DType
}

type aggParams struct {
	Op        Op
	Acc       chunk.DType
	Result    chunk.DType
	Count     int
	OutChunks [][]int
	Reduced   []bool
	KeepDims  bool
}

func init() {
	scheduler.Register("reductions.chunk", func(b []byte) (scheduler.Func, error) {
		var p chunkParams
		if err := json.Unmarshal(b, &p); err != nil {
			return nil, err
		}
		g, err := chunk.NewGrid(p.Chunks)
		if err != nil {
			return nil, err
		}
		if p.Program == nil {
			return nil, fmt.Errorf("reductions: no program")
		}
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			f := blockwise.FrameOf(g, block)
			ev, err := blockwise.NewEvaluator(p.Program, f, ds)
			if err != nil {
				return nil, err
			}
			defer ev.Release()
			return reduceChunk(ev, f.Shape, p.Axes, p.Op.combineOp(), p.Acc)
		}, nil
	})
	scheduler.Register("reductions.combine", func(b []byte) (scheduler.Func, error) {
		var p combineParams
		if err := json.Unmarshal(b, &p); err != nil {
			return nil, err
		}
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			return combine(p.Op, ds)
		}, nil
	})
	scheduler.Register("reductions.aggregate", func(b []byte) (scheduler.Func, error) {
		var p aggParams
		if err := json.Unmarshal(b, &p); err != nil {
			return nil, err
		}
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			d, err := combine(p.Op.combineOp(), ds)
			if err != nil {
				return nil, err
			}
			if p.Op == Mean {
				v := chunk.Values[float64](d)
				c := float64(p.Count)
				for i := range v {
					v[i] /= c // an empty mean is NaN, as in NumPy
				}
			}
			d = d.AsType(p.Result)
			var shape []int
			for a, n := range p.OutChunks {
				shape = append(shape, n[block[a]])
			}
			return d.Reshape(shape)
		}, nil
	})
}

// combine merges partial results of one shape elementwise.
func combine(op Op, ds []*chunk.Dense) (*chunk.Dense, error) {
	if len(ds) == 1 {
		return ds[0], nil
	}
	out := ds[0].Clone()
	for _, d := range ds[1:] {
		if !chunk.EqualShapes(d.Shape(), out.Shape()) || d.DType() != out.DType() {
			return nil, fmt.Errorf("reductions: partial results of shapes %v and %v", out.Shape(), d.Shape())
		}
		accumulateInto(op, out, d)
	}
	return out, nil
}
