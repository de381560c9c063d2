package array

import (
	"fmt"
	"math"
	"slices"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Boundary says how Overlap fills the halo beyond the array's edges along
// one axis. Make one with BoundaryNone, BoundaryConstant, BoundaryReflect,
// BoundaryNearest or BoundaryPeriodic.
type Boundary struct {
	mode  boundaryMode
	value float64
}

type boundaryMode uint8

const (
	modeNone boundaryMode = iota
	modeConstant
	modeReflect
	modeNearest
	modePeriodic
)

// BoundaryNone adds no halo at the array's edges: the first and last
// chunks along the axis are extended inwards only (Dask's "none").
func BoundaryNone() Boundary { return Boundary{mode: modeNone} }

// BoundaryConstant fills the halo beyond the edges with v, converted to
// the array's dtype (Dask's boundary=v, NumPy pad's "constant").
func BoundaryConstant(v float64) Boundary { return Boundary{mode: modeConstant, value: v} }

// BoundaryReflect mirrors the array at its edges, the edge element
// included: ... 2 1 0 | 0 1 2 ... (Dask's "reflect", NumPy pad's
// "symmetric").
func BoundaryReflect() Boundary { return Boundary{mode: modeReflect} }

// BoundaryNearest repeats the edge element (Dask's "nearest", NumPy pad's
// "edge").
func BoundaryNearest() Boundary { return Boundary{mode: modeNearest} }

// BoundaryPeriodic wraps around: the halo before the first element comes
// from the end of the axis and the other way round (Dask's "periodic",
// NumPy pad's "wrap").
func BoundaryPeriodic() Boundary { return Boundary{mode: modePeriodic} }

// String names b as Dask does.
func (b Boundary) String() string {
	switch b.mode {
	case modeConstant:
		return fmt.Sprint(b.value)
	case modeReflect:
		return "reflect"
	case modeNearest:
		return "nearest"
	case modePeriodic:
		return "periodic"
	}
	return "none"
}

// overlapSpec is a resolved depth and boundary per axis.
type overlapSpec struct {
	Depth []int
	Mode  []boundaryMode
	Value []float64
}

// resolveOverlap checks depth and boundary against x: each may give one
// value for every axis or one per axis; no boundary means BoundaryNone.
func resolveOverlap(x *Array, depth []int, boundary []Boundary) (overlapSpec, error) {
	nd := x.NDim()
	var s overlapSpec
	switch len(depth) {
	case 1:
		for range nd {
			s.Depth = append(s.Depth, depth[0])
		}
	case nd:
		s.Depth = append(s.Depth, depth...)
	default:
		return s, fmt.Errorf("%d depths for an array of %d axes (give one, or one per axis)", len(depth), nd)
	}
	switch len(boundary) {
	case 0:
		boundary = []Boundary{BoundaryNone()}
		fallthrough
	case 1:
		for range nd {
			s.Mode = append(s.Mode, boundary[0].mode)
			s.Value = append(s.Value, boundary[0].value)
		}
	case nd:
		for _, b := range boundary {
			s.Mode = append(s.Mode, b.mode)
			s.Value = append(s.Value, b.value)
		}
	default:
		return s, fmt.Errorf("%d boundaries for an array of %d axes (give none, one, or one per axis)", len(boundary), nd)
	}
	for a, d := range s.Depth {
		if d < 0 {
			return s, fmt.Errorf("depth %d on axis %d is negative", d, a)
		}
		if n := x.Shape()[a]; d > n {
			return s, fmt.Errorf("the overlapping depth %d is larger than the array's length %d on axis %d", d, n, a)
		}
	}
	return s, nil
}

// halo returns the halo widths of block i of n along an axis: depth on
// each side, except at the array's edges under BoundaryNone.
func halo(i, n, depth int, m boundaryMode) (left, right int) {
	left, right = depth, depth
	if m == modeNone {
		if i == 0 {
			left = 0
		}
		if i == n-1 {
			right = 0
		}
	}
	return left, right
}

// Overlap returns x with each chunk extended by depth elements on both
// sides of each axis (Dask's overlap): the halo comes from the
// neighbouring chunks, and beyond the array's edges from the boundary
// rule. depth and boundary give one value for all axes or one per axis;
// no boundary means BoundaryNone. A depth larger than the axis is an
// error, as in Dask. A depth larger than a neighbouring chunk is not: the
// halo is gathered from as many chunks as it spans, with no rechunk —
// except under BoundaryNone, where chunks smaller than the depth are
// first merged with their neighbours (as Dask rechunks), so that only the
// array's first and last chunks lack an outer halo.
//
// Each task reads its chunk and, from each neighbouring chunk its halo
// reaches, a small piece cut by a separate task (released as soon as it
// is used), so a task holds about one chunk and its halo; chunks already
// in memory are read in place. Chunk sizes grow by twice the depth, so
// keep depths small next to the chunks.
func (x *Array) Overlap(depth []int, boundary ...Boundary) *Array {
	if x == nil {
		return errorf("overlap", "nil *Array")
	}
	if e := requireKnown("overlap", x); e != nil {
		return e
	}
	s, err := resolveOverlap(x, depth, boundary)
	if err != nil {
		return errorf("overlap", "%v", err)
	}
	if slices.Max(append([]int{0}, s.Depth...)) == 0 {
		return x
	}
	nd := x.NDim()
	// Without a boundary, a halo must not reach past the array's edge from
	// an inner chunk: merge chunks smaller than the depth, as Dask does.
	fixed, changed := make([][]int, nd), false
	for a, cs := range x.Chunks() {
		fixed[a] = cs
		if s.Mode[a] == modeNone && s.Depth[a] > 0 {
			if m := chunk.MergeSmall(cs, s.Depth[a]); len(m) != len(cs) {
				fixed[a], changed = m, true
			}
		}
	}
	if changed {
		g, err := chunk.NewGrid(fixed)
		if err != nil {
			return errorf("overlap", "%v", err)
		}
		x = x.rechunkTo(g)
	}
	chunks := make([][]int, nd)
	for a, cs := range x.Chunks() {
		for i, c := range cs {
			l, r := halo(i, len(cs), s.Depth[a], s.Mode[a])
			chunks[a] = append(chunks[a], c+l+r)
		}
	}
	g, err := chunk.NewGrid(chunks)
	if err != nil {
		return errorf("overlap", "%v", err)
	}
	p := overlapParams{In: x.Chunks(), Spec: s, DType: x.dtype}
	params := scheduler.EncodeParams(p)
	l := &overlapLayer{name: scheduler.Name("overlap", params, []byte(x.Name())), in: x.layer, inGrid: x.grid, spec: s, params: params, nb: g.NumBlocks()}
	if _, resident := x.layer.(*dataLayer); !resident {
		// Halo pieces: cut from each neighbour only the part a chunk needs.
		nb := x.NumBlocks()
		shape := append([]int(nil), nb...)
		for a := range nb {
			most := 0
			for i := 0; i < nb[a]; i++ {
				idx := make([]int, nd)
				idx[a] = i
				most = max(most, len(haloMaps(x.grid, s, idx)[a].blocks))
			}
			shape = append(shape, most)
		}
		l.halo = &haloLayer{name: scheduler.Name("overlap-halo", params, []byte(x.Name())), in: x.layer, inGrid: x.grid, spec: s, params: params, nb: shape}
	}
	return newLayerArray(l, g, x.dtype)
}

// TrimOverlap removes from each chunk of x the halo that Overlap with the
// same depth and boundary added (Dask's trim_internal): depth elements on
// both sides of each axis, except at the array's edges under
// BoundaryNone. A chunk too small to trim is an error.
func (x *Array) TrimOverlap(depth []int, boundary ...Boundary) *Array {
	if x == nil {
		return errorf("trim", "nil *Array")
	}
	if e := requireKnown("trim", x); e != nil {
		return e
	}
	nd := x.NDim()
	s, err := resolveOverlap(x, depth, boundary)
	if err != nil {
		return errorf("trim", "%v", err)
	}
	chunks := make([][]int, nd)
	for a, cs := range x.Chunks() {
		for i, c := range cs {
			l, r := halo(i, len(cs), s.Depth[a], s.Mode[a])
			if c-l-r < 0 || (c-l-r == 0 && len(cs) > 1) {
				return errorf("trim", "chunk %d of axis %d has %d elements, fewer than the %d to trim", i, a, c, l+r)
			}
			chunks[a] = append(chunks[a], c-l-r)
		}
	}
	g, err := chunk.NewGrid(chunks)
	if err != nil {
		return errorf("trim", "%v", err)
	}
	params := scheduler.EncodeParams(overlapParams{In: x.Chunks(), Spec: s, DType: x.dtype})
	l := blockwise.New(scheduler.Name("trim", params, []byte(x.Name())), x.NumBlocks(), "array.trim", params, true,
		blockwise.Input{Layer: x.layer, Axes: identityAxes(nd)})
	r := newLayerArray(l, g, x.dtype)
	r.trimOf = &trimmed{src: x, spec: s}
	return r
}

// trimmed is an array with the halo of each chunk to be trimmed.
type trimmed struct {
	src  *Array
	spec overlapSpec
}

// interior returns the box of block idx of t.src that its trim keeps.
func (t *trimmed) interior(idx []int) chunk.Box { return interiorBox(t.src.grid.Chunks(), t.spec, idx) }

// interiorBox returns the box of block idx of an array with the given
// chunks that trimming the halo of s keeps.
func interiorBox(chunks [][]int, s overlapSpec, idx []int) chunk.Box {
	b := chunk.Box{Min: make([]int, len(idx)), Max: make([]int, len(idx))}
	for a, i := range idx {
		l, r := halo(i, len(chunks[a]), s.Depth[a], s.Mode[a])
		b.Min[a], b.Max[a] = l, chunks[a][i]-r
	}
	return b
}

// MapOverlap applies f to the chunks of the arrays extended by a halo of
// depth elements (see Overlap), then trims the halo from f's results
// (Dask's map_overlap with trim=True). f receives the extended chunks and
// must return a chunk of the same extended shape and dtype dt; block is
// the chunk's block index. The arrays must have one shape; they are
// rechunked to the first one's chunks. Like MapBlocks, the result has a
// fresh name.
func MapOverlap(f BlockFunc, dt chunk.DType, depth []int, boundary []Boundary, arrays ...*Array) *Array {
	if len(arrays) == 0 {
		return errorf("map_overlap", "no input arrays")
	}
	if e := requireKnown("map_overlap", arrays...); e != nil {
		return e
	}
	first := arrays[0]
	ext := make([]*Array, len(arrays))
	for i, a := range arrays {
		if !chunk.EqualShapes(a.Shape(), first.Shape()) {
			return errorf("map_overlap", "input %d has shape %v, input 0 has %v", i, a.Shape(), first.Shape())
		}
		ext[i] = a.rechunkTo(first.grid).Overlap(depth, boundary...)
	}
	return MapBlocks(f, dt, ext...).TrimOverlap(depth, boundary...)
}

type overlapParams struct {
	In    [][]int
	Spec  overlapSpec
	DType chunk.DType
}

// overlapLayer computes extended chunks: block idx reads every input chunk
// its extended box (mapped through the boundary rules) touches — whole
// when the chunks are resident or wholly needed, else as a halo piece.
type overlapLayer struct {
	name   string
	in     scheduler.Layer
	halo   *haloLayer // nil for resident input
	inGrid chunk.Grid
	spec   overlapSpec
	params []byte
	nb     []int
}

func (l *overlapLayer) Name() string { return l.name }
func (l *overlapLayer) Inputs() []scheduler.Layer {
	if l.halo != nil {
		return []scheduler.Layer{l.in, l.halo}
	}
	return []scheduler.Layer{l.in}
}
func (l *overlapLayer) NumBlocks() []int { return l.nb }

// haloLayer cuts halo pieces: key (block idx..., rank r...) is the part
// of input chunk maps[a].blocks[r[a]] that extended block idx needs. Its
// grid is the block grid times the most neighbours per axis; only the
// keys an overlap task names are ever computed.
type haloLayer struct {
	name   string
	in     scheduler.Layer
	inGrid chunk.Grid
	spec   overlapSpec
	params []byte
	nb     []int
}

func (l *haloLayer) Name() string              { return l.name }
func (l *haloLayer) Inputs() []scheduler.Layer { return []scheduler.Layer{l.in} }
func (l *haloLayer) NumBlocks() []int          { return l.nb }

func (l *haloLayer) Task(idx []int) scheduler.Task {
	nd := len(idx) / 2
	maps := haloMaps(l.inGrid, l.spec, idx[:nd])
	in := make([]int, nd)
	for a, m := range maps {
		in[a] = m.blocks[min(idx[nd+a], len(m.blocks)-1)]
	}
	return scheduler.Task{Kernel: "array.overlap.cut", Params: l.params, Inputs: []scheduler.Key{scheduler.NewKey(l.in.Name(), in)}}
}

func (l *overlapLayer) Task(idx []int) scheduler.Task {
	maps := haloMaps(l.inGrid, l.spec, idx)
	lens := make([]int, len(idx))
	for a, m := range maps {
		lens[a] = len(m.blocks)
	}
	var keys []scheduler.Key
	nd := len(idx)
	in := make([]int, nd)
	hk := make([]int, 2*nd)
	copy(hk, idx)
	chunk.EachIndex(lens, func(r []int) {
		whole := true
		for a := range in {
			m := maps[a]
			in[a] = m.blocks[r[a]]
			whole = whole && m.lo[r[a]] == 0 && m.hi[r[a]] == l.inGrid.Chunks()[a][in[a]]
			hk[nd+a] = r[a]
		}
		if whole || l.halo == nil {
			keys = append(keys, scheduler.NewKey(l.in.Name(), in))
		} else {
			keys = append(keys, scheduler.NewKey(l.halo.name, hk))
		}
	})
	return scheduler.Task{Kernel: "array.overlap", Params: l.params, Inputs: keys, Inline: true}
}

// axisMap maps the positions of an extended chunk along one axis to their
// sources, as runs: a run of count positions takes local positions
// local, local+step, … (step 1 inside the array, -1 reflected, 0 the
// nearest edge repeated) of input chunk blocks[rank], or the constant
// fill when rank is -1. Runs never cross an input chunk's edge.
type axisMap struct {
	blocks []int // distinct input blocks, ascending
	runs   []haloRun
	n      int   // positions: the extended chunk's length
	lo, hi []int // per block of blocks: the local positions used, [lo, hi)
}

type haloRun struct{ rank, local, step, count int }

// positions returns, for each position of the extended axis, the rank
// of its input block (-1 for the constant) and its local position.
func (m axisMap) positions() (rank, local []int) {
	rank, local = make([]int, 0, m.n), make([]int, 0, m.n)
	for _, r := range m.runs {
		for c := range r.count {
			rank, local = append(rank, r.rank), append(local, r.local+c*r.step)
		}
	}
	return rank, local
}

// haloMaps returns the source maps of extended block idx: a few runs per
// axis, whatever the chunk's length.
func haloMaps(g chunk.Grid, s overlapSpec, idx []int) []axisMap {
	maps := make([]axisMap, len(idx))
	for a, i := range idx {
		off := g.Offsets(a)
		nb := len(off) - 1
		n := off[nb]
		left, right := halo(i, nb, s.Depth[a], s.Mode[a])
		// The extended chunk is positions [off[i]-left, off[i+1]+right)
		// of the array extended by the boundary rule (a depth is at most
		// the axis's length): stretches of array positions q0, q0+step, …
		// (q0 -1: the constant).
		type stretch struct{ q0, step, count int }
		var stretches []stretch
		outside := func(p0, count int) { // positions p0… outside [0, n)
			if count <= 0 {
				return
			}
			below := p0 < 0
			switch s.Mode[a] {
			case modeConstant:
				stretches = append(stretches, stretch{-1, 0, count})
			case modeNearest:
				q := 0
				if !below {
					q = n - 1
				}
				stretches = append(stretches, stretch{q, 0, count})
			case modePeriodic:
				stretches = append(stretches, stretch{((p0 % n) + n) % n, 1, count})
			case modeReflect:
				q := -p0 - 1
				if !below {
					q = 2*n - 1 - p0
				}
				stretches = append(stretches, stretch{q, -1, count})
			}
		}
		start, end := off[i]-left, off[i+1]+right
		outside(start, min(end, 0)-start)
		if lo, hi := max(start, 0), min(end, n); lo < hi {
			stretches = append(stretches, stretch{lo, 1, hi - lo})
		}
		outside(max(start, n), end-max(start, n))

		// Cut them at input chunks' edges into runs, whose rank is first
		// the input block itself.
		m := axisMap{n: end - start}
		for _, st := range stretches {
			if st.q0 < 0 {
				m.runs = append(m.runs, haloRun{-1, 0, 0, st.count})
				continue
			}
			for q, rest := st.q0, st.count; rest > 0; {
				b := g.BlockOf(a, q)
				c := rest // step 0: one source
				switch st.step {
				case 1:
					c = min(rest, off[b+1]-q)
				case -1:
					c = min(rest, q-off[b]+1)
				}
				m.runs = append(m.runs, haloRun{b, q - off[b], st.step, c})
				m.blocks = append(m.blocks, b)
				q += c * st.step
				rest -= c
			}
		}
		slices.Sort(m.blocks)
		m.blocks = slices.Compact(m.blocks)
		if n == 0 {
			m.blocks = []int{0}
		}
		m.lo, m.hi = make([]int, len(m.blocks)), make([]int, len(m.blocks))
		for r := range m.lo {
			m.lo[r] = math.MaxInt
		}
		for k, run := range m.runs {
			if run.rank < 0 {
				continue
			}
			r, _ := slices.BinarySearch(m.blocks, run.rank)
			first, last := run.local, run.local+(run.count-1)*run.step
			m.lo[r], m.hi[r] = min(m.lo[r], first, last), max(m.hi[r], first+1, last+1)
			m.runs[k].rank = r
		}
		for r := range m.lo {
			if m.lo[r] == math.MaxInt { // the empty axis
				m.lo[r], m.hi[r] = 0, 0
			}
		}
		maps[a] = m
	}
	return maps
}

// fillHalo writes an extended chunk into out from the input chunks ds (C
// order over the maps' blocks). Where the maps say "constant" on some
// axes, the element takes the value of the last such axis, as when NumPy
// pads axis after axis.
//
// ds[i] is either the whole input chunk or the halo piece [lo, hi) of it;
// origins[i] is where it starts inside the chunk.
func fillHalo(out *chunk.Dense, maps []axisMap, ds []*chunk.Dense, origins [][]int, values []float64) {
	nd := len(maps)
	es := out.DType().Size()
	ob := out.Bytes()
	if nd == 0 {
		copy(ob, ds[0].Bytes())
		return
	}
	// One element of each constant, as bytes of out's dtype.
	consts := make([][]byte, nd)
	for a, v := range values {
		c := chunk.NewDense(out.DType(), []int{1})
		c.Fill(v)
		consts[a] = c.Bytes()
	}
	lens := make([]int, nd)
	for a, m := range maps {
		lens[a] = len(m.blocks)
	}
	strides := make([][]int, len(ds))
	for i, d := range ds {
		strides[i] = chunk.Strides(d.Shape())
	}
	last := nd - 1
	lm := maps[last]
	outer := make([][2][]int, last) // rank and local of each position of the outer axes
	for a := range outer {
		outer[a][0], outer[a][1] = maps[a].positions()
	}
	ranks := make([]int, nd)
	p := 0
	chunk.EachIndex(out.Shape()[:last], func(o []int) {
		base := p
		p += lm.n
		constAxis := -1
		for a := 0; a < last; a++ {
			r := outer[a][0][o[a]]
			if r < 0 {
				constAxis = a
			}
			ranks[a] = r
		}
		j := base
		for _, run := range lm.runs {
			dst := ob[j*es : (j+run.count)*es]
			j += run.count
			if run.rank < 0 || constAxis >= 0 {
				c := consts[last]
				if run.rank >= 0 {
					c = consts[constAxis]
				}
				for k := 0; k < len(dst); k += es {
					copy(dst[k:k+es], c)
				}
				continue
			}
			ranks[last] = run.rank
			i := chunk.Ravel(ranks, lens)
			src, st, org := ds[i].Bytes(), strides[i], origins[i]
			q := run.local - org[last]
			for a := 0; a < last; a++ {
				q += (outer[a][1][o[a]] - org[a]) * st[a]
			}
			if run.step == 1 {
				copy(dst, src[q*es:(q+run.count)*es])
				continue
			}
			for k := 0; k < len(dst); k += es { // reflected or repeated
				copy(dst[k:k+es], src[q*es:(q+1)*es])
				q += run.step
			}
		}
	})
}

func init() {
	scheduler.RegisterTypedBorrowing("array.overlap", func(p overlapParams) (scheduler.Func, error) {
		g, err := chunk.NewGrid(p.In)
		if err != nil {
			return nil, err
		}
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			maps := haloMaps(g, p.Spec, block)
			shape := make([]int, len(block))
			want := 1
			for a, m := range maps {
				shape[a] = m.n
				want *= len(m.blocks)
			}
			if len(ds) != want {
				return nil, fmt.Errorf("array: overlap: %d inputs, expected %d", len(ds), want)
			}
			// Each input is a whole chunk or a halo piece: tell by its shape.
			lens := make([]int, len(maps))
			for a, m := range maps {
				lens[a] = len(m.blocks)
			}
			origins := make([][]int, len(ds))
			i := 0
			var cerr error
			chunk.EachIndex(lens, func(r []int) {
				whole, piece := true, true
				org := make([]int, len(r))
				for a, m := range maps {
					n := ds[i].Shape()[a]
					whole = whole && n == g.Chunks()[a][m.blocks[r[a]]]
					piece = piece && n == m.hi[r[a]]-m.lo[r[a]]
					org[a] = m.lo[r[a]]
				}
				switch {
				case whole:
					org = make([]int, len(r))
				case !piece && cerr == nil:
					cerr = fmt.Errorf("array: overlap: input %d has shape %v, neither its chunk nor its halo", i, ds[i].Shape())
				}
				origins[i] = org
				i++
			})
			if cerr != nil {
				return nil, cerr
			}
			out := chunk.NewPooledDense(p.DType, shape) // fillHalo writes every cell
			fillHalo(out, maps, ds, origins, p.Spec.Value)
			return out, nil
		}, nil
	})
	scheduler.RegisterTypedBorrowing("array.overlap.cut", func(p overlapParams) (scheduler.Func, error) {
		g, err := chunk.NewGrid(p.In)
		if err != nil {
			return nil, err
		}
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			nd := len(block) / 2
			maps := haloMaps(g, p.Spec, block[:nd])
			box := chunk.Box{Min: make([]int, nd), Max: make([]int, nd)}
			for a, m := range maps {
				r := block[nd+a]
				if r >= len(m.blocks) {
					return nil, fmt.Errorf("array: overlap: halo %v outside the %d neighbours of axis %d", block, len(m.blocks), a)
				}
				box.Min[a], box.Max[a] = m.lo[r], m.hi[r]
			}
			return ds[0].Region(box), nil
		}, nil
	})
	scheduler.RegisterTypedBorrowing("array.trim", func(p overlapParams) (scheduler.Func, error) {
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			box := interiorBox(p.In, p.Spec, block)
			out := chunk.NewPooledDense(p.DType, box.Shape()) // CopyBox writes every element
			chunk.CopyBox(out, make([]int, len(block)), ds[0], box)
			return out, nil
		}, nil
	})
}
