package array

import (
	"fmt"
	"slices"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Transpose permutes the axes: axis i of the result is axis axes[i] of x
// (numpy.transpose). Without axes it reverses them. Negative axes count
// from the end; a list that is not a permutation is an error.
func (x *Array) Transpose(axes ...int) *Array {
	if x == nil {
		return errorf("transpose", "nil *Array")
	}
	if x.err != nil {
		return x
	}
	nd := x.NDim()
	perm := make([]int, nd)
	if len(axes) == 0 {
		for i := range perm {
			perm[i] = nd - 1 - i
		}
	} else {
		if len(axes) != nd {
			return errorf("transpose", "axes %v don't match array of dimension %d", axes, nd)
		}
		seen := make([]bool, nd)
		for i, a := range axes {
			if a < -nd || a >= nd {
				return errorf("transpose", "axis %d is out of bounds for array of dimension %d", a, nd)
			}
			if a < 0 {
				a += nd
			}
			if seen[a] {
				return errorf("transpose", "repeated axis %d in %v", a, axes)
			}
			seen[a] = true
			perm[i] = a
		}
	}
	identity := true
	for i, a := range perm {
		identity = identity && a == i
	}
	if identity {
		return x
	}
	chunks := make([][]int, nd)
	var unknown []bool // unknown chunk sizes move with their axes
	if x.unknown != nil {
		unknown = make([]bool, nd)
	}
	for i, a := range perm {
		chunks[i] = x.grid.Chunks()[a]
		if unknown != nil {
			unknown[i] = x.unknown[a]
		}
	}
	g, err := chunk.NewGrid(chunks)
	if err != nil {
		return errorf("transpose", "%v", err)
	}
	// Input axis a follows output axis i where perm[i] == a.
	inAxes := make([]int, nd)
	for i, a := range perm {
		inAxes[a] = i
	}
	var t *Array
	if e := x.asExpr(); unknown == nil && !hasPositionLeaves(e.prog) {
		t = transposedExpr(e, perm, inAxes, g, x.dtype, x.NDim())
	} else {
		params := scheduler.EncodeParams(perm)
		l := blockwise.New(scheduler.Name("transpose", params, []byte(x.Name())), g.NumBlocks(), "array.transpose", params, true,
			blockwise.Input{Layer: x.layer, Axes: inAxes})
		t = newLayerArray(l, g, x.dtype)
		t.unknown = unknown
	}
	if unknown == nil && (t.expr == nil || t.expr.permutes(nd)) { // not when it undoes a transpose
		t.transposeOf = &transposed{src: x, perm: perm}
	}
	return t
}

// permutes reports whether e reads an input through an axis map other
// than the right-aligned default, into a frame of nd axes.
func (e *expr) permutes(nd int) bool {
	var plain blockwise.Program // reads every input right-aligned
	for k, in := range e.inputs {
		if !slices.Equal(inputPerm(e.prog, k, nd, len(in.Axes)), inputPerm(&plain, k, nd, len(in.Axes))) {
			return true
		}
	}
	return false
}

// transposed is an array read through an axis map: axis i of the
// result is axis perm[i] of src.
type transposed struct {
	src  *Array
	perm []int
}

// transposedSource returns, when x is a Transpose (T, MoveAxis…) of an
// array of known chunks, that array and the permutation: x's axis o is
// its axis perm[o].
func transposedSource(x *Array) (*Array, []int, bool) {
	if t := x.transposeOf; t != nil {
		return t.src, t.perm, true
	}
	return nil, nil, false
}

// permuted returns block index idx of a transposed source as the index
// of the transposed array's block (axis i is axis perm[i] of the source).
func permuted(idx, perm []int) []int {
	out := make([]int, len(perm))
	for i, k := range perm {
		out[i] = idx[k]
	}
	return out
}

// hasPositionLeaves reports whether p reads element positions (indices,
// random numbers): such a program cannot be read transposed.
func hasPositionLeaves(p *blockwise.Program) bool {
	for _, in := range p.Instrs {
		switch in.Op {
		case blockwise.OpIndex, blockwise.OpAxisIndex, blockwise.OpRandom, blockwise.OpNormal, blockwise.OpRandInt, blockwise.OpTri:
			return true
		}
	}
	return false
}

// transposedExpr returns the elementwise array that reads e's inputs
// through permuted axis maps: the transpose costs no copy of its own, and
// a consumer (x + x.T, a reduction) reads the chunks transposed tile by
// tile. inAxes maps e's frame axes to the result's.
func transposedExpr(e *expr, perm, inAxes []int, g chunk.Grid, dt chunk.DType, nd int) *Array {
	b := blockwise.NewBuilder(len(e.inputs))
	inputs := make([]blockwise.Input, len(e.inputs))
	for k, in := range e.inputs {
		axes := make([]int, len(in.Axes))
		for a, ax := range in.Axes {
			axes[a] = -1
			if ax >= 0 {
				axes[a] = inAxes[ax]
			}
		}
		inputs[k] = blockwise.Input{Layer: in.Layer, Axes: axes, Blocks: in.Blocks}
		if e.prog.Bounds != nil {
			b.SetBounds(k, e.prog.Bounds[k]) // bounds and steps are per input axis: a transpose leaves them
		}
		if e.prog.Steps != nil {
			b.SetSteps(k, e.prog.Steps[k])
		}
		old := inputPerm(e.prog, k, nd, len(in.Axes))
		np := make([]int, nd)
		for i, a := range perm {
			np[i] = old[a]
		}
		b.SetPerm(k, np)
	}
	ins := make([]int32, len(e.inputs))
	for k := range e.inputs {
		ins[k] = b.Input(k, inputDType(e.prog, k))
	}
	prog := b.Program(b.Append(e.prog, ins))
	l := blockwise.ExprLayer(prog, g, inputs)
	return &Array{layer: l, grid: g, dtype: dt, expr: &expr{prog: prog, inputs: inputs, reads: e.reads}}
}

// inputPerm returns the axis map through which p reads input k (of ndIn
// axes) into a frame of nd axes: its explicit map, or the right-aligned
// default.
func inputPerm(p *blockwise.Program, k, nd, ndIn int) []int {
	if p.Perms != nil && p.Perms[k] != nil {
		return p.Perms[k]
	}
	m := make([]int, nd)
	for o := range m {
		m[o] = o - (nd - ndIn)
		if m[o] < 0 {
			m[o] = -1
		}
	}
	return m
}

// inputDType returns the dtype p reads input k as.
func inputDType(p *blockwise.Program, k int) chunk.DType {
	for _, in := range p.Instrs {
		if in.Op == blockwise.OpInput && in.K == int64(k) {
			return in.DType
		}
	}
	return chunk.Invalid
}

// T returns x with its axes reversed (x.T in NumPy).
func (x *Array) T() *Array { return x.Transpose() }

// transposeDense returns d with axes permuted by perm.
func transposeDense(d *chunk.Dense, perm []int) *chunk.Dense {
	shape := make([]int, len(perm))
	for i, a := range perm {
		shape[i] = d.Shape()[a]
	}
	out := chunk.NewPooledDense(d.DType(), shape) // every element is written
	chunk.PermuteInto(out, make([]int, len(perm)), d, perm)
	return out
}

func init() {
	scheduler.RegisterBorrowing("array.transpose", func(b []byte) (scheduler.Func, error) {
		var perm []int
		if err := scheduler.DecodeParams(b, &perm); err != nil {
			return nil, err
		}
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			if len(perm) != len(ds[0].Shape()) {
				return nil, fmt.Errorf("array: transpose of %d axes applied to a chunk of shape %v", len(perm), ds[0].Shape())
			}
			return transposeDense(ds[0], perm), nil
		}, nil
	})
}
