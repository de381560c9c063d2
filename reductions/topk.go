package reductions

import (
	"fmt"
	"math"
	"slices"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

type topkParams struct {
	Program   *blockwise.Program `json:",omitempty"`
	Chunks    [][]int
	Axis      int
	K         int // > 0: largest first; < 0: smallest first
	Arg       bool
	DType     chunk.DType // the result's dtype (values) before Arg
	OutChunks [][]int
}

// BuildTopK returns the layer of the k largest values of in along axis
// (k > 0, largest first) or the -k smallest (k < 0, smallest first), as
// Dask's topk, and the result grid: the axis becomes one chunk of |k|.
// With arg it gives their int64 indices along the axis instead
// (argtopk). It is a tree reduction along the axis: each chunk keeps its
// own top |k| per lane (with global indices), groups of split partials
// merge and keep |k|, so no task holds more than split·|k| values per
// lane. NaN ranks above every number, as in NumPy's partition; ties keep
// the lower index first. k = 0 or |k| larger than the axis is an error.
func BuildTopK(in Input, k, axis int, arg bool, split int) (scheduler.Layer, chunk.Grid, error) {
	name := "topk"
	if arg {
		name = "argtopk"
	}
	g := in.Grid
	nd := g.NDim()
	if axis < 0 || axis >= nd {
		return nil, chunk.Grid{}, fmt.Errorf("%s: axis %d is out of bounds for array of dimension %d", name, axis, nd)
	}
	kk := max(k, -k)
	if k == 0 || kk > g.Shape()[axis] {
		return nil, chunk.Grid{}, fmt.Errorf("%s: k=%d is out of range for an axis of length %d", name, k, g.Shape()[axis])
	}
	if split == 0 {
		split = 8
	}
	if split < 2 {
		return nil, chunk.Grid{}, fmt.Errorf("%s: split_every %d must be at least 2", name, split)
	}
	dt := in.Program.DType()
	prog := in.Program
	if dt == chunk.Bool {
		prog = castProgram(prog, chunk.Uint8)
	}
	outChunks := slices.Clone(g.Chunks())
	outChunks[axis] = []int{kk}
	p := topkParams{Program: prog, Chunks: g.Chunks(), Axis: axis, K: k, Arg: arg, DType: dt, OutChunks: outChunks}
	params := scheduler.EncodeParams(p)
	parts := [][]byte{params}
	for _, bi := range in.Inputs {
		ax := scheduler.EncodeParams(bi.Axes)
		parts = append(parts, []byte(bi.Layer.Name()), ax)
	}
	chunkLayer := blockwise.New(scheduler.Name(name+"-chunk", parts...), g.NumBlocks(), "reductions.topk_chunk", params, false, in.Inputs...)
	p.Program = nil
	small := scheduler.EncodeParams(p)
	reduced := make([]bool, nd)
	reduced[axis] = true
	sp := make([]int, nd)
	for a := range sp {
		sp[a] = split
	}
	t := Tree{Name: name, Partials: chunkLayer, Reduced: reduced, Split: sp, Combine: "reductions.topk_combine",
		CombineParams: small, Aggregate: "reductions.topk_agg", AggregateParams: small, KeepDims: true}
	og, err := chunk.NewGrid(outChunks)
	return t.Layer(), og, err
}

// topLanes keeps, in every lane along axis of the buffers vals (with
// global indices idx, or nil to use base+position), the kk best values
// in order. It returns the new (values, indices) buffers.
func topLanes(vals []*chunk.Dense, idx []*chunk.Dense, base []int64, axis, k int) (*chunk.Dense, *chunk.Dense) {
	shape := slices.Clone(vals[0].Shape())
	total := 0
	for _, v := range vals {
		total += v.Shape()[axis]
	}
	kk := min(max(k, -k), total)
	shape[axis] = kk
	out, oix := chunk.NewPooledDense(vals[0].DType(), shape), chunk.NewPooledDense(chunk.Int64, shape) // every element is written
	switch o := out.Data().(type) {
	case []float64:
		topLanesT(o, oix, vals, idx, base, axis, k, total)
	case []float32:
		topLanesT(o, oix, vals, idx, base, axis, k, total)
	case []int64:
		topLanesT(o, oix, vals, idx, base, axis, k, total)
	case []int32:
		topLanesT(o, oix, vals, idx, base, axis, k, total)
	case []int16:
		topLanesT(o, oix, vals, idx, base, axis, k, total)
	case []int8:
		topLanesT(o, oix, vals, idx, base, axis, k, total)
	case []uint64:
		topLanesT(o, oix, vals, idx, base, axis, k, total)
	case []uint32:
		topLanesT(o, oix, vals, idx, base, axis, k, total)
	case []uint16:
		topLanesT(o, oix, vals, idx, base, axis, k, total)
	case []uint8:
		topLanesT(o, oix, vals, idx, base, axis, k, total)
	case []complex64:
		topLanesComplex(o, oix, vals, idx, base, axis, k)
	case []complex128:
		topLanesComplex(o, oix, vals, idx, base, axis, k)
	}
	return out, oix
}

type ranked[T chunk.Number] struct {
	v T
	i int64
}

// ends returns T's least and greatest values, ±Inf for floats.
func ends[T chunk.Number]() (lo, hi T) {
	var z any
	switch any(lo).(type) {
	case float32, float64:
		inf := math.Inf(1)
		return T(-inf), T(inf)
	case int8:
		z = [2]int8{math.MinInt8, math.MaxInt8}
	case int16:
		z = [2]int16{math.MinInt16, math.MaxInt16}
	case int32:
		z = [2]int32{math.MinInt32, math.MaxInt32}
	case int64:
		z = [2]int64{math.MinInt64, math.MaxInt64}
	case uint8:
		z = [2]uint8{0, math.MaxUint8}
	case uint16:
		z = [2]uint16{0, math.MaxUint16}
	case uint32:
		z = [2]uint32{0, math.MaxUint32}
	case uint64:
		z = [2]uint64{0, math.MaxUint64}
	}
	e := z.([2]T)
	return e[0], e[1]
}

// topRuns keeps the kk best of each run of n values of vs
// (a chunk's lanes along its last axis, whose indices are base onwards),
// better first, in out and their indices in ox: as topLanesT, with the
// lane's candidates held in its slice of out, written in place. The values
// come in index order, so a value ranks before a kept one exactly when
// it is strictly better or a NaN (the largest) beside a number: a tie
// keeps the earlier index first without comparing indices. Once a lane
// holds kk, a value strictly worse than the worst kept, held in a
// register, is passed over with one comparison.
func topRuns[T chunk.Number](out []T, ox []int64, vs []T, n, kk int, base int64, largest bool) {
	before := func(x, y T) bool { // x, met after y, ranks before it
		if largest {
			return x > y || x != x && y == y
		}
		return x < y || y != y && x == x
	}
	for o := range len(vs) / n {
		run := vs[o*n : (o+1)*n]
		bv, bi := out[o*kk:(o+1)*kk], ox[o*kk:(o+1)*kk]
		for j, x := range run[:kk] { // the first kk, in order
			q := j
			for ; q > 0 && before(x, bv[q-1]); q-- {
				bv[q], bi[q] = bv[q-1], bi[q-1]
			}
			bv[q], bi[q] = x, base+int64(j)
		}
		worst := bv[kk-1]
		for j := kk; j < n; j++ {
			x := run[j]
			if largest && x < worst || !largest && x > worst || !before(x, worst) {
				continue // strictly worse (one comparison), or a tie or NaN that does not rank before
			}
			q := kk - 1
			for ; q > 0 && before(x, bv[q-1]); q-- {
				bv[q], bi[q] = bv[q-1], bi[q-1]
			}
			bv[q], bi[q] = x, base+int64(j)
			worst = bv[kk-1]
		}
	}
}

func topLanesT[T chunk.Number](out []T, oix *chunk.Dense, vals, idx []*chunk.Dense, base []int64, axis, k, total int) {
	shape := oix.Shape()
	kk := shape[axis]
	inner := chunk.Prod(shape[axis+1:])
	outer := chunk.Prod(shape[:axis])
	ox := chunk.Values[int64](oix)
	largest := k > 0
	if inner == 1 && idx == nil && len(vals) == 1 && kk > 0 { // one chunk's lanes along the last axis
		topRuns(out, ox, chunk.Values[T](vals[0]), total, kk, base[0], largest)
		return
	}
	before := func(a, b ranked[T]) bool { // a ranks strictly before b
		if an, bn := a.v != a.v, b.v != b.v; an || bn {
			if an && bn {
				return a.i < b.i
			}
			return an == largest // NaN is the largest
		}
		if a.v == b.v {
			return a.i < b.i
		}
		return (a.v > b.v) == largest
	}
	// Each lane keeps its best kk candidates in order, better first: a
	// candidate no better than the worst kept is dropped with one
	// comparison, so a lane costs O(n) plus O(kk) per insertion instead of
	// a sort of all n. before is a strict total order (indices are unique),
	// so the result is the first kk of the sorted lane. The inner lanes
	// of one outer position advance together, row by row, so the values
	// are read in memory order; worst[i] is lane i's worst kept value
	// once it holds kk, and a value strictly worse (largest first: below
	// it) is dropped without building a candidate (a NaN, or a tie that
	// the indices decide, takes the full comparison).
	best := make([]ranked[T], inner*kk)
	cnt := make([]int, inner)
	worst := make([]T, inner)
	insert := func(i int, r ranked[T]) {
		lane := best[i*kk : i*kk+cnt[i] : (i+1)*kk]
		if len(lane) == kk && !before(r, lane[kk-1]) {
			return
		}
		q := len(lane)
		if q < kk {
			lane = append(lane, r)
			cnt[i]++
		}
		for ; q > 0 && before(r, lane[q-1]); q-- {
			if q < kk {
				lane[q] = lane[q-1]
			}
		}
		lane[q] = r
		if len(lane) == kk {
			worst[i] = lane[kk-1].v
		}
	}
	// Until a lane holds kk, its worst is the dtype's far end (-Inf or
	// the least integer when largest), which no value is strictly worse
	// than: one comparison then filters the lanes whatever their count.
	lo, hi := ends[T]()
	far := hi
	if largest {
		far = lo
	}
	for o := 0; o < outer; o++ {
		clear(cnt)
		for i := range worst {
			worst[i] = far
		}
		for p, v := range vals {
			n := v.Shape()[axis]
			vs := chunk.Values[T](v)
			var is []int64
			if idx != nil {
				is = chunk.Values[int64](idx[p])
			}
			rank := func(at, j int) int64 {
				if is != nil {
					return is[at]
				}
				return base[p] + int64(j)
			}
			if inner == 1 { // lanes along the last axis: each a run of n values
				for j, x := range vs[o*n : (o+1)*n] {
					if largest && x < worst[0] || !largest && x > worst[0] {
						continue
					}
					insert(0, ranked[T]{x, rank(o*n+j, j)})
				}
				continue
			}
			for j := 0; j < n; j++ {
				at := (o*n + j) * inner
				row := vs[at : at+inner]
				w := worst[:len(row)]
				if largest {
					for i, x := range row {
						if x < w[i] {
							continue
						}
						insert(i, ranked[T]{x, rank(at+i, j)})
					}
				} else {
					for i, x := range row {
						if x > w[i] {
							continue
						}
						insert(i, ranked[T]{x, rank(at+i, j)})
					}
				}
			}
		}
		for j := 0; j < kk; j++ { // in the order of out
			at := (o*kk + j) * inner
			ov, oi := out[at:at+inner], ox[at:at+inner]
			for i := range ov {
				ov[i], oi[i] = best[i*kk+j].v, best[i*kk+j].i
			}
		}
	}
}

func init() {
	decode := func(b []byte) (*topkParams, chunk.Grid, error) {
		var p topkParams
		if err := scheduler.DecodeParams(b, &p); err != nil {
			return nil, chunk.Grid{}, err
		}
		g, err := chunk.NewGrid(p.Chunks)
		if err == nil && (p.Axis < 0 || p.Axis >= g.NDim() || p.K == 0) {
			err = fmt.Errorf("reductions: bad topk parameters")
		}
		return &p, g, err
	}
	merge := func(p *topkParams, in []any) (*Partial, error) {
		ps, err := partials(in)
		if err != nil {
			return nil, err
		}
		vals, idx := make([]*chunk.Dense, len(ps)), make([]*chunk.Dense, len(ps))
		for i, q := range ps {
			if len(q.Parts) != 2 || q.Parts[0] == nil || q.Parts[1] == nil {
				return nil, fmt.Errorf("reductions: bad topk partial")
			}
			vals[i], idx[i] = q.Parts[0], q.Parts[1]
		}
		if len(ps) == 1 { // its lanes hold their best already, in order
			vals[0].Pin() // returned: the kernels borrow
			idx[0].Pin()
			return ps[0], nil
		}
		v, x := topLanes(vals, idx, nil, p.Axis, p.K)
		return &Partial{Parts: []*chunk.Dense{v, x}}, nil
	}
	scheduler.RegisterBorrowing("reductions.topk_chunk", func(b []byte) (scheduler.Func, error) {
		p, g, err := decode(b)
		if err != nil {
			return nil, err
		}
		if p.Program == nil {
			return nil, fmt.Errorf("reductions: topk without a program")
		}
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			f := blockwise.FrameOf(g, block)
			d, err := blockwise.EvalShared(p.Program, f, ds)
			if err != nil {
				return nil, err
			}
			v, x := topLanes([]*chunk.Dense{d}, nil, []int64{int64(f.Origin[p.Axis])}, p.Axis, p.K)
			return &Partial{Parts: []*chunk.Dense{v, x}}, nil
		}, nil
	})
	scheduler.RegisterBorrowing("reductions.topk_combine", func(b []byte) (scheduler.Func, error) {
		p, _, err := decode(b)
		if err != nil {
			return nil, err
		}
		return func(_ []int, in []any) (any, error) { return merge(p, in) }, nil
	})
	scheduler.RegisterBorrowing("reductions.topk_agg", func(b []byte) (scheduler.Func, error) {
		p, _, err := decode(b)
		if err != nil {
			return nil, err
		}
		return func(_ []int, in []any) (any, error) {
			q, err := merge(p, in)
			if err != nil {
				return nil, err
			}
			if p.Arg {
				return q.Parts[1], nil
			}
			return q.Parts[0].AsType(p.DType), nil
		}, nil
	})
}
