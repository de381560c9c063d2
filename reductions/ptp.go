package reductions

import (
	"fmt"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
)

// rangeFolds are the folds of a range's two parts: its minimum, then its
// maximum.
var rangeFolds = [2]fold{foldMin, foldMax}

// rangeChunk is ptp's chunk step: the minimum and the maximum over the
// reduced axes (Parts 0 and 1, dtype acc, the input's), both folded from
// each tile as it is read, so that the chunk is read once.
func rangeChunk(ev *blockwise.Evaluator, shape []int, reduced []bool, acc chunk.DType) (*Partial, error) {
	if ev.DType() != acc {
		return nil, fmt.Errorf("reductions: ptp of %v values into %v", ev.DType(), acc)
	}
	p := &Partial{Parts: make([]*chunk.Dense, 2)}
	var data [2]any
	for i, op := range rangeFolds {
		p.Parts[i] = chunk.NewPooledDense(acc, keepShape(shape, reduced))
		fillIdentity(op, p.Parts[i])
		data[i] = p.Parts[i].Data()
	}
	scratch := newTileBuf(acc)
	err := walkChunk(ev, shape, reduced, acc, func(vals any, lo, hi, at int, run bool) {
		for i, op := range rangeFolds {
			foldValues(op, data[i], vals, lo, hi, at, run)
		}
	}, func(vals any, lo, count, n, at int, run bool) {
		for i, op := range rangeFolds {
			foldRuns(op, data[i], vals, lo, count, n, at, run, scratch)
		}
	})
	return p, err
}

// combineRange merges range partials: the minimum of the minima, the
// maximum of the maxima, in new buffers.
func combineRange(ps []*Partial) (*Partial, error) {
	for _, p := range ps {
		if len(p.Parts) != 2 || p.Parts[0] == nil || p.Parts[1] == nil {
			return nil, fmt.Errorf("reductions: mismatched ptp partials")
		}
	}
	out := &Partial{Parts: make([]*chunk.Dense, 2)}
	for i, op := range rangeFolds {
		ds := make([]*chunk.Dense, len(ps))
		for j, p := range ps {
			ds[j] = p.Parts[i]
		}
		d, err := combine(op, ds)
		if err != nil {
			return nil, err
		}
		out.Parts[i] = d
	}
	return out, nil
}

// finishRange returns max − min of merged range partials, in their dtype
// (integers wrap around, as NumPy's do) by blockwise's subtraction, and
// recycles the partials.
func finishRange(p *Partial) (*chunk.Dense, error) {
	lo, hi := p.Parts[0], p.Parts[1]
	dt, shape := hi.DType(), hi.Shape()
	b := blockwise.NewBuilder(2)
	prog := b.Program(b.Binary(blockwise.OpSub, dt, b.Input(0, dt), b.Input(1, dt)))
	out, err := blockwise.Eval(prog, blockwise.Frame{Shape: shape, Origin: make([]int, len(shape)), Global: shape}, []*chunk.Dense{hi, lo})
	lo.Recycle()
	hi.Recycle()
	return out, err
}
