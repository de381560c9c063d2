package reductions

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

type uniqueParams struct {
	Program *blockwise.Program `json:",omitempty"`
	Chunks  [][]int
	// FromInput takes each chunk's shape from its first input (see
	// Input.ShapeFromInput).
	FromInput bool `json:",omitempty"`
}

// BuildUnique returns the layer whose single task yields the sorted
// distinct values of in with their counts, as a Partial of two 1-d
// buffers: values (int64, uint64 for uint64 input, float64 for floats,
// with every NaN counted as one value sorted last, as NumPy's
// equal_nan) and int64 counts. Each
// chunk sorts its values and counts runs; sorted partials merge up a
// tree, so a task holds at most split partials of distinct values.
func BuildUnique(in Input) (scheduler.Layer, error) {
	dt := in.Program.DType()
	acc := chunk.Int64
	switch {
	case dt == chunk.Uint64:
		acc = chunk.Uint64
	case dt.IsFloat():
		acc = chunk.Float64
	}
	g := in.Grid
	nd := g.NDim()
	p := uniqueParams{Program: castProgram(in.Program, acc), Chunks: g.Chunks(), FromInput: in.ShapeFromInput}
	params := scheduler.EncodeParams(p)
	parts := [][]byte{params}
	for _, bi := range in.Inputs {
		ax := scheduler.EncodeParams(bi.Axes)
		parts = append(parts, []byte(bi.Layer.Name()), ax)
	}
	chunkLayer := blockwise.New(scheduler.Name("unique-chunk", parts...), g.NumBlocks(), "reductions.unique_chunk", params, false, in.Inputs...)
	reduced := make([]bool, nd)
	for a := range reduced {
		reduced[a] = true
	}
	split, _ := splitOf("unique", nil, nd, nd)
	t := Tree{Name: "unique", Partials: chunkLayer, Reduced: reduced, Split: split,
		Combine: "reductions.unique_merge", Aggregate: "reductions.unique_merge"}
	return t.Layer(), nil
}

// nanLast orders numbers with NaN after all others, as NumPy sorts.
func nanLast[T int64 | uint64 | float64](a, b T) int {
	switch {
	case a != a && b != b:
		return 0
	case a != a:
		return 1
	case b != b:
		return -1
	}
	return cmp.Compare(a, b)
}

// uniqueOf returns the sorted distinct values of v and their counts; it
// sorts v itself when scratch (v is the caller's to spoil), else a copy.
func uniqueOf[T int64 | uint64 | float64](v []T, scratch bool) *Partial {
	if p := uniqueCounted(v); p != nil {
		return p
	}
	s := v
	if !scratch {
		s = slices.Clone(v)
	}
	slices.SortFunc(s, nanLast)
	var vals []T
	var counts []int64
	for i, x := range s {
		if i > 0 && nanLast(x, s[i-1]) == 0 {
			counts[len(counts)-1]++
			continue
		}
		vals = append(vals, x)
		counts = append(counts, 1)
	}
	vd, _ := chunk.FromSlice([]int{len(vals)}, vals)
	cd, _ := chunk.FromSlice([]int{len(counts)}, counts)
	if vals == nil {
		vd = chunk.NewDense(chunk.DTypeOf[T](), []int{0})
		cd = chunk.NewDense(chunk.Int64, []int{0})
	}
	return &Partial{Parts: []*chunk.Dense{vd, cd}}
}

// uniqueCounted is uniqueOf for integers whose values span a range no
// longer than maxCountedSpan or than v: one pass counts each value in a
// table, where sorting would take n log n. It returns nil for floats and
// for wider ranges.
func uniqueCounted[T int64 | uint64 | float64](v []T) *Partial {
	if _, float := any(v).([]float64); float || len(v) == 0 {
		return nil
	}
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	span := uint64(hi - lo) // the wrapped difference is the true one
	if span >= uint64(max(len(v), maxCountedSpan)) {
		return nil
	}
	counts := make([]int64, span+1)
	for _, x := range v {
		counts[uint64(x-lo)]++
	}
	var vals []T
	kept := counts[:0]
	for i, c := range counts {
		if c > 0 {
			vals = append(vals, lo+T(i))
			kept = append(kept, c)
		}
	}
	vd, _ := chunk.FromSlice([]int{len(vals)}, vals)
	cd, _ := chunk.FromSlice([]int{len(kept)}, slices.Clip(kept))
	return &Partial{Parts: []*chunk.Dense{vd, cd}}
}

// maxCountedSpan is the widest range of integers uniqueCounted counts
// whatever the number of values.
const maxCountedSpan = 1 << 12

func mergeUnique[T int64 | uint64 | float64](ps []*Partial) *Partial {
	m := map[T]int64{}
	var nan T
	nans := int64(0) // NaN is no map key: counted apart
	for _, p := range ps {
		cs := chunk.Values[int64](p.Parts[1])
		for i, v := range chunk.Values[T](p.Parts[0]) {
			if v != v {
				nan, nans = v, nans+cs[i]
				continue
			}
			m[v] += cs[i]
		}
	}
	vals := make([]T, 0, len(m)+1)
	for v := range m {
		vals = append(vals, v)
	}
	slices.Sort(vals)
	counts := make([]int64, len(vals))
	for i, v := range vals {
		counts[i] = m[v]
	}
	if nans > 0 {
		vals, counts = append(vals, nan), append(counts, nans)
	}
	vd, _ := chunk.FromSlice([]int{len(vals)}, vals)
	cd, _ := chunk.FromSlice([]int{len(counts)}, counts)
	return &Partial{Parts: []*chunk.Dense{vd, cd}}
}

func init() {
	scheduler.RegisterTypedBorrowing("reductions.unique_chunk", func(p uniqueParams) (scheduler.Func, error) {
		g, err := chunk.NewGrid(p.Chunks)
		if err != nil {
			return nil, err
		}
		if p.Program == nil {
			return nil, fmt.Errorf("reductions: unique without a program")
		}
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			d, err := blockwise.EvalShared(p.Program, blockwise.FrameOfInput(g, block, ds, p.FromInput), ds)
			if err != nil {
				return nil, err
			}
			own := !slices.Contains(ds, d) // evaluated here, not an input
			if own {
				defer d.Recycle()
			}
			switch v := d.Data().(type) {
			case []uint64:
				return uniqueOf(v, own), nil
			case []float64:
				return uniqueOf(v, own), nil
			}
			return uniqueOf(chunk.Values[int64](d), own), nil
		}, nil
	})
	scheduler.RegisterFunc("reductions.unique_merge", func(_ []int, in []any) (any, error) {
		ps, err := partials(in)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if len(p.Parts) != 2 || p.Parts[0] == nil || p.Parts[1] == nil || p.Parts[0].DType() != ps[0].Parts[0].DType() {
				return nil, fmt.Errorf("reductions: bad unique partial")
			}
		}
		if len(ps) == 1 {
			return ps[0], nil
		}
		switch ps[0].Parts[0].DType() {
		case chunk.Uint64:
			return mergeUnique[uint64](ps), nil
		case chunk.Float64:
			return mergeUnique[float64](ps), nil
		}
		return mergeUnique[int64](ps), nil
	})
}
