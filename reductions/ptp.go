package reductions

import (
	"fmt"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
)

// rangeChunk is ptp's chunk step: the minimum and the maximum over the
// reduced axes (Parts 0 and 1, dtype acc, the input's), both folded from
// each tile as it is read, so that the chunk is read once.
func rangeChunk(ev *blockwise.Evaluator, shape []int, reduced []bool, acc chunk.DType) (*Partial, error) {
	if ev.DType() != acc {
		return nil, fmt.Errorf("reductions: ptp of %v values into %v", ev.DType(), acc)
	}
	folds := [2]fold{foldMin, foldMax}
	p := &Partial{Parts: make([]*chunk.Dense, 2)}
	var data [2]any
	for i, op := range folds {
		p.Parts[i] = chunk.NewPooledDense(acc, keepShape(shape, reduced))
		fillIdentity(op, p.Parts[i])
		data[i] = p.Parts[i].Data()
	}
	err := walkChunk(ev, shape, reduced, acc, func(vals any, lo, hi, at int, run bool) {
		for i, op := range folds {
			foldValues(op, data[i], vals, lo, hi, at, run)
		}
	}, func(vals any, lo, count, n, at int, run bool) {
		for i, op := range folds {
			foldRuns(op, data[i], vals, lo, count, n, at, run)
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
	for i, op := range [2]fold{foldMin, foldMax} {
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
// (integers wrap around, as NumPy's do), and recycles the partials.
func finishRange(p *Partial) *chunk.Dense {
	lo, hi := p.Parts[0], p.Parts[1]
	out := chunk.NewPooledDense(hi.DType(), hi.Shape()) // written in full
	switch d := out.Data().(type) {
	case []float64:
		subtract(d, chunk.Values[float64](hi), chunk.Values[float64](lo))
	case []float32:
		subtract(d, chunk.Values[float32](hi), chunk.Values[float32](lo))
	case []int64:
		subtract(d, chunk.Values[int64](hi), chunk.Values[int64](lo))
	case []int32:
		subtract(d, chunk.Values[int32](hi), chunk.Values[int32](lo))
	case []int16:
		subtract(d, chunk.Values[int16](hi), chunk.Values[int16](lo))
	case []int8:
		subtract(d, chunk.Values[int8](hi), chunk.Values[int8](lo))
	case []uint64:
		subtract(d, chunk.Values[uint64](hi), chunk.Values[uint64](lo))
	case []uint32:
		subtract(d, chunk.Values[uint32](hi), chunk.Values[uint32](lo))
	case []uint16:
		subtract(d, chunk.Values[uint16](hi), chunk.Values[uint16](lo))
	case []uint8:
		subtract(d, chunk.Values[uint8](hi), chunk.Values[uint8](lo))
	}
	lo.Recycle()
	hi.Recycle()
	return out
}

func subtract[T float64 | float32 | int64 | int32 | int16 | int8 | uint64 | uint32 | uint16 | uint8](d, a, b []T) {
	for i := range d {
		d[i] = a[i] - b[i]
	}
}
