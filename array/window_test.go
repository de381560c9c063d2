package array

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/chunkwise/chunkwise/store/npy"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// TestMisalignedOperandsReadInPlace checks elementwise expressions over
// operands whose chunks do not line up (other chunkings, a transposed
// array, a shifted slice, a broadcast row, and an expression of such
// operands read again through other chunks) against serial index math,
// over random shapes (size-0 and size-1 axes included) and chunkings:
// the values, a reduction and a scan of them, and the result's chunks,
// which cut every axis at every operand's boundaries (Dask's
// unify_chunks) unless that multiplies the blocks past maxRefinement.
func TestMisalignedOperandsReadInPlace(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewSource(14))
	vals := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(r.Intn(19)-9) / 4
		}
		return v
	}
	refined := 0 // results cut at every operand's boundaries (the others kept the first's chunks)
	for trial := range 120 {
		shape := randShape(r, 1, 3, 300)
		nd, n := len(shape), chunk.Prod(shape)
		dx, dy, du := vals(n), vals(n), vals(n)
		x := FromSlice(dx, shape, randSpec(r, shape))
		y := FromSlice(dy, shape, randSpec(r, shape))
		u := FromSlice(du, shape, randSpec(r, shape))

		// tr is an array of the permuted shape, transposed back to shape.
		perm := r.Perm(nd)
		pshape := make([]int, nd)
		for i, a := range perm {
			pshape[i] = shape[a]
		}
		dt := vals(n)
		tr := FromSlice(dt, pshape, randSpec(r, pshape)).Transpose(invertPerm(perm)...)
		pst := chunk.Strides(pshape)

		// sh is shape with one more row, sliced from its second.
		bshape := slices.Clone(shape)
		bshape[0]++
		ds := vals(chunk.Prod(bshape))
		sh := FromSlice(ds, bshape, randSpec(r, bshape)).Index(S(1, None, 1))
		bst := chunk.Strides(bshape)

		last := shape[nd-1]
		drow := vals(last)
		row := FromSlice(drow, []int{last}, randSpec(r, []int{last}))

		e := x.Add(y).Mul(tr).Sub(sh).Add(row.Mul(x))
		got := e.Add(u) // e, itself misaligned with u, read through u's chunks
		if got.Err() != nil {
			t.Fatalf("trial %d %v: %v", trial, shape, got.Err())
		}
		want := make([]float64, n)
		idx := make([]int, nd)
		for p := range n {
			chunk.Unravel(idx, p, shape)
			tp, sp := 0, 0
			for i, a := range perm {
				tp += idx[a] * pst[i]
			}
			for a := range nd {
				sp += idx[a] * bst[a]
			}
			sp += bst[0]
			ev := (dx[p]+dy[p])*dt[tp] - ds[sp] + drow[idx[nd-1]]*dx[p]
			want[p] = ev + du[p]
		}
		vs, err := ToSlice[float64](ctx, got)
		if err != nil {
			t.Fatalf("trial %d %v: %v", trial, shape, err)
		}
		if !slices.Equal(vs, want) {
			t.Fatalf("trial %d %v: got %v, want %v", trial, shape, vs, want)
		}
		switch {
		case refines(got, e, u):
			refined++
		case slices.EqualFunc(got.Chunks(), e.Chunks(), slices.Equal):
		default:
			t.Fatalf("trial %d %v: chunks %v neither refine the operands' nor are the first's", trial, shape, got.Chunks())
		}

		// A reduction and a scan read the windows through their own layers.
		ax := r.Intn(nd)
		sum, err := ToSlice[float64](ctx, got.Sum(Axis(ax)))
		if err != nil {
			t.Fatalf("trial %d: sum: %v", trial, err)
		}
		cum, err := ToSlice[float64](ctx, got.CumSum(ax))
		if err != nil {
			t.Fatalf("trial %d: cumsum: %v", trial, err)
		}
		ws, wc := axisSums(want, shape, ax)
		for i := range ws {
			if math.Abs(sum[i]-ws[i]) > 1e-9*(1+math.Abs(ws[i])) {
				t.Fatalf("trial %d %v: sum axis %d [%d] = %v, want %v", trial, shape, ax, i, sum[i], ws[i])
			}
		}
		for i := range wc {
			if math.Abs(cum[i]-wc[i]) > 1e-9*(1+math.Abs(wc[i])) {
				t.Fatalf("trial %d %v: cumsum axis %d [%d] = %v, want %v", trial, shape, ax, i, cum[i], wc[i])
			}
		}
	}
	if refined == 0 {
		t.Fatal("no result was cut at every operand's boundaries")
	}

	// Cutting at every boundary would give 1000 blocks, more than
	// maxRefinement times the 216 of y: x's chunks are kept and y is
	// rechunked to them.
	shape := []int{10, 10, 10}
	dx, dy := vals(1000), vals(1000)
	odd := chunk.Sizes(1, 2, 2, 2, 2, 1)
	x := FromSlice(dx, shape, chunk.Regular(2, 2, 2))
	y := FromSlice(dy, shape, chunk.Spec{odd, odd, odd})
	z := x.Add(y)
	if !slices.EqualFunc(z.Chunks(), x.Chunks(), slices.Equal) {
		t.Fatalf("chunks %v, want x's %v", z.Chunks(), x.Chunks())
	}
	vs, err := ToSlice[float64](ctx, z)
	if err != nil {
		t.Fatal(err)
	}
	for i := range vs {
		if vs[i] != dx[i]+dy[i] {
			t.Fatalf("x+y [%d] = %v, want %v", i, vs[i], dx[i]+dy[i])
		}
	}
}

// refines reports whether z's chunks cut each axis at every chunk
// boundary of each operand spanning it.
func refines(z *Array, ops ...*Array) bool {
	for _, o := range ops {
		lead := z.NDim() - o.NDim()
		for j, c := range o.Chunks() {
			if o.Shape()[j] != z.Shape()[lead+j] || o.Shape()[j] == 0 {
				continue
			}
			zs := z.grid.Offsets(lead + j)
			for _, s := range o.grid.Offsets(j)[:len(c)] {
				if _, ok := slices.BinarySearch(zs, s); !ok {
					return false
				}
			}
		}
	}
	return true
}

// axisSums returns the sums of C-order values of shape along axis ax, and
// their running sums (in the values' order).
func axisSums(v []float64, shape []int, ax int) (sums, cum []float64) {
	out := slices.Clone(shape)
	out[ax] = 1
	sums = make([]float64, chunk.Prod(out))
	cum = make([]float64, len(v))
	ost := chunk.Strides(out)
	st := chunk.Strides(shape)
	idx := make([]int, len(shape))
	for p := range v {
		chunk.Unravel(idx, p, shape)
		q := 0
		for a, i := range idx {
			if a != ax {
				q += i * ost[a]
			}
		}
		sums[q] += v[p]
		cum[p] = v[p]
		if idx[ax] > 0 {
			cum[p] += cum[p-st[ax]]
		}
	}
	return sums, cum
}

// invertPerm returns the permutation that undoes p.
func invertPerm(p []int) []int {
	inv := make([]int, len(p))
	for i, a := range p {
		inv[a] = i
	}
	return inv
}

// TestRangeSlicesReadInPlace checks that elementwise operations,
// reductions, scans and transposes of slices with any step (x[1:], a
// diff, a trim, x[::2], x[3:100:7], x[::-1], x[90:2:-3]) read the sliced
// chunks in place, no copy of each window made, and agree with slicing by
// hand over random shapes, chunkings and steps.
func TestRangeSlicesReadInPlace(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewSource(15))
	windowed, strided := 0, 0
	for trial := range 1000 {
		shape := randShape(r, 1, 3, 400)
		nd, n := len(shape), chunk.Prod(shape)
		dx, dy := make([]float64, n), make([]float64, n)
		for i := range dx {
			dx[i], dy[i] = float64(r.Intn(19)-9)/4, float64(r.Intn(19)-9)/4
		}
		x := FromSlice(dx, shape, randSpec(r, shape))
		y := FromSlice(dy, shape, randSpec(r, shape))
		lo, lo2, count := make([]int, nd), make([]int, nd), make([]int, nd) // lowest elements
		first, first2 := make([]int, nd), make([]int, nd)
		step, step2 := make([]int, nd), make([]int, nd)
		ix, iy := make([]Index, nd), make([]Index, nd)
		inPlace, partial, partial2 := n > 0, false, false
		randStep := func() int {
			if r.Intn(3) == 0 {
				return 2 + r.Intn(3)
			}
			return 1
		}
		// sel selects count elements from lo up, every k-th, in reverse
		// when r says so: the index, its first element and its step.
		sel := func(lo, count, k int) (Index, int, int) {
			switch {
			case count == 0:
				return S(lo, lo, 1), lo, 1
			case r.Intn(3) == 0:
				start, stop := lo+(count-1)*k, lo-1
				if stop < 0 {
					stop = None
				}
				return S(start, stop, -k), start, -k
			}
			return S(lo, lo+(count-1)*k+1, k), lo, k
		}
		for a, m := range shape {
			k, k2 := randStep(), randStep()
			lo[a] = r.Intn(m + 1)
			most := (m - lo[a] + k - 1) / k // the most elements from lo
			count[a] = r.Intn(most + 1)
			if most >= 2 && r.Intn(2) == 0 {
				count[a] = 2 + r.Intn(most-1) // two or more: a window, not a single element
			}
			if r.Intn(4) == 0 {
				lo[a], count[a], k = 0, m, 1
			}
			if count[a] > 0 && (count[a]-1)*k2 >= m {
				k2 = 1
			}
			if count[a] == 0 {
				lo2[a] = r.Intn(m + 1)
			} else {
				lo2[a] = r.Intn(m - (count[a]-1)*k2) // its last element is before m
			}
			ix[a], first[a], step[a] = sel(lo[a], count[a], k)
			iy[a], first2[a], step2[a] = sel(lo2[a], count[a], k2)
			whole := lo[a] == 0 && count[a] == m && (step[a] > 0 || m <= 1)
			whole2 := lo2[a] == 0 && count[a] == m && (step2[a] > 0 || m <= 1)
			inPlace = inPlace && count[a] > 0 && (whole || count[a] >= 2)
			partial, partial2 = partial || !whole, partial2 || !whole2
		}
		inPlace = inPlace && partial && partial2 // a selection of whole axes is not a window
		cut := func(v []float64, from, step []int) []float64 {
			out := make([]float64, chunk.Prod(count))
			st, idx := chunk.Strides(shape), make([]int, nd)
			for p := range out {
				chunk.Unravel(idx, p, count)
				q := 0
				for a, i := range idx {
					q += (from[a] + i*step[a]) * st[a]
				}
				out[p] = v[q]
			}
			return out
		}
		sx, sy := cut(dx, first, step), cut(dy, first2, step2)
		want := make([]float64, len(sx))
		for i := range want {
			want[i] = sx[i] + 2*sy[i]
		}
		got := x.Index(ix...).Add(y.Index(iy...).Mul(2))
		if inPlace && readsSlice(got.layer) {
			t.Fatalf("trial %d %v [%v +%v]: reads copies of the slices' windows (steps %v, %v)", trial, shape, lo, count, step, step2)
		}
		if inPlace {
			windowed++
			if slices.ContainsFunc(step, func(s int) bool { return s != 1 }) {
				strided++
			}
		}
		check := func(what string, a *Array, want []float64) {
			t.Helper()
			vs, err := ToSlice[float64](ctx, a)
			if err != nil {
				t.Fatalf("trial %d %v [%v +%v]: %s: %v", trial, shape, lo, count, what, err)
			}
			for i := range want {
				if math.Abs(vs[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) {
					t.Fatalf("trial %d %v [%v +%v] steps %v chunks %v: %s [%d] = %v, want %v", trial, shape, lo, count, step, x.Chunks(), what, i, vs[i], want[i])
				}
			}
		}
		check("x[s] + 2 y[s']", got, want)
		ax := r.Intn(nd)
		ws, wc := axisSums(sx, count, ax)
		check("sum", x.Index(ix...).Sum(Axis(ax)), ws)
		check("cumsum", x.Index(ix...).CumSum(ax), wc)
		check("transposed", x.Index(ix...).T().Add(y.Index(iy...).T()).T(), func() []float64 {
			s := slices.Clone(sx)
			for i := range s {
				s[i] += sy[i]
			}
			return s
		}())
		if shape[ax] >= 1 {
			d := make([]float64, 0, n)
			st, idx := chunk.Strides(shape), make([]int, nd)
			for p := range n {
				chunk.Unravel(idx, p, shape)
				if idx[ax] < shape[ax]-1 {
					d = append(d, dx[p+st[ax]]-dx[p])
				}
			}
			check("diff", x.Diff(1, ax, nil, nil), d)
		}
	}
	if windowed < 100 || strided < 25 {
		t.Fatalf("only %d of 1000 trials read windows, %d with steps", windowed, strided)
	}
}

// readsSlice reports whether layer l reads, at any depth, a slice's own
// tasks (a view or a copy of each window).
func readsSlice(l scheduler.Layer) bool {
	if _, ok := l.(*sliceLayer); ok {
		return true
	}
	for _, in := range l.Inputs() {
		if readsSlice(in) {
			return true
		}
	}
	return false
}

// TestSmallSlicesOfLargeChunksRunInParallel checks that a reduction of
// small slices of large chunks that must be read or computed (a column
// of a Zarr store, of an expression) reduces each slice in a task of its
// own, and that a rechunk gathering such slices reads them in tasks of
// their own, so that the reads run in parallel, while small slices of
// chunks held in memory are still grouped into few tasks; and that the
// sums are right either way.
func TestSmallSlicesOfLargeChunksRunInParallel(t *testing.T) {
	ctx := context.Background()
	const n, rows = 1200, 150 // chunks of 150 × 1200 float64: 1.4 MB
	v := make([]float64, n*n)
	for i := range v {
		v[i] = float64(i%97) / 8
	}
	held := FromSlice(v, []int{n, n}, chunk.Regular(rows, n))
	path := filepath.Join(t.TempDir(), "x.zarr")
	if err := held.ToZarr(ctx, path, zarr.CreateOptions{Format: 2, Codec: "zstd"}); err != nil {
		t.Fatal(err)
	}
	stored, err := FromZarr(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]float64, 3)
	for i := range n {
		want[0] += v[i*n+7]
		want[1] += v[i*n+7] + v[i*n+8] + 2
	}
	want[2] = want[0]
	for _, c := range []struct {
		name    string
		x       *Array
		grouped bool
	}{
		{"held", held, true},
		{"zarr", stored, false},
		{"expression", held.Add(1).Sub(1), false},
	} {
		for k, y := range []*Array{
			c.x.Index(All(), At(7)).Sum(),                                                  // an integer index
			c.x.Index(All(), S(7, 9, 1)).Add(1).Sum(),                                      // a window read in place
			c.x.Index(All(), At(7)).Rechunk(chunk.Spec{chunk.Whole()}).Reshape(1, n).Sum(), // gathered into one chunk first
		} {
			tasks := 0
			got, err := ToSlice[float64](ctx, y, WithProgress(func(p scheduler.Progress) { tasks = p.Total }))
			if err != nil {
				t.Fatalf("%s %d: %v", c.name, k, err)
			}
			if math.Abs(got[0]-want[k]) > 1e-9*want[k] {
				t.Fatalf("%s %d: sum %v, want %v", c.name, k, got[0], want[k])
			}
			if perChunk := tasks > n/rows; perChunk == c.grouped {
				t.Fatalf("%s %d: %d tasks for %d chunks; grouped: %v, want %v", c.name, k, tasks, n/rows, !perChunk, c.grouped)
			}
		}
	}
}

// TestSlicesOfRegionReadersReadBoxes checks that basic slices of step 1
// of an array read from a store that reads any box at its cost (a .npy
// file: store.RegionReader) read their own boxes, not the store chunks
// that hold them, with integer indices and new axes applied after; and
// that every selection gives the values of the same selection of the
// array held in memory, over random shapes, chunkings, dtypes and file
// orders.
func TestSlicesOfRegionReadersReadBoxes(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewSource(16))
	dir := t.TempDir()
	regions := 0
	for trial := range 60 {
		shape := randShape(r, 1, 3, 500)
		n := chunk.Prod(shape)
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(r.Intn(1000)) - 500
		}
		dt := []chunk.DType{chunk.Float64, chunk.Int16, chunk.Float32, chunk.Bool}[trial%4]
		held := FromSlice(v, shape, randSpec(r, shape)).AsType(dt)
		path := filepath.Join(dir, fmt.Sprintf("x%d.npy", trial))
		if trial%3 == 2 {
			held = held.T()
		}
		if err := held.ToNPY(ctx, path); err != nil {
			t.Fatal(err)
		}
		x, err := FromNPY(path, randSpec(r, held.Shape()))
		if err != nil {
			t.Fatal(err)
		}
		for range 6 {
			var idx []Index
			boxes := true
			for _, m := range held.Shape() {
				if r.Intn(6) == 0 {
					idx = append(idx, NewAxis())
				}
				switch k := r.Intn(8); {
				case k == 0 && m > 0:
					idx = append(idx, At(r.Intn(m)))
				case k == 1:
					idx = append(idx, S(None, None, 2))
					boxes = boxes && m < 2
				default:
					lo := r.Intn(m + 1)
					idx = append(idx, S(lo, lo+r.Intn(m-lo+1), 1))
				}
			}
			got, want := x.Index(idx...), held.Index(idx...)
			if got.Err() != nil || want.Err() != nil {
				t.Fatalf("trial %d %v %v: %v / %v", trial, held.Shape(), idx, got.Err(), want.Err())
			}
			gv, err := got.Compute(ctx)
			if err != nil {
				t.Fatalf("trial %d %v %v: %v", trial, held.Shape(), idx, err)
			}
			wv, err := want.Compute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !chunk.EqualShapes(gv.Shape(), wv.Shape()) || !slices.Equal(gv.Bytes(), wv.Bytes()) {
				t.Fatalf("trial %d %v %v: got %v, want %v", trial, held.Shape(), idx, gv, wv)
			}
			if boxes && got.Size() > 0 && got.Size() < x.Size() {
				if readsStoreChunks(got.layer) {
					t.Fatalf("trial %d %v %v: reads the store's chunks, not the slice's boxes", trial, held.Shape(), idx)
				}
				regions++
			}
		}
	}
	if regions < 40 {
		t.Fatalf("only %d slices read boxes", regions)
	}
}

// readsStoreChunks reports whether layer l reads, at any depth, whole
// store chunks (a store read that is not a region).
func readsStoreChunks(l scheduler.Layer) bool {
	if r, ok := l.(*readLayer); ok {
		return !r.region
	}
	for _, in := range l.Inputs() {
		if readsStoreChunks(in) {
			return true
		}
	}
	return false
}

// TestWindowsWithDifferentSteps checks that two slices of one chunk that
// start at the same element but differ in step (x[0:10:2] and x[0:5])
// are read as two inputs, not merged into one.
func TestWindowsWithDifferentSteps(t *testing.T) {
	v := make([]float64, 20)
	for i := range v {
		v[i] = float64(i * i)
	}
	x := FromSlice(v, []int{20}, chunk.Regular(20))
	got, err := ToSlice[float64](context.Background(), x.Index(S(0, 10, 2)).Add(x.Index(S(0, 5, 1)).Mul(1000)))
	if err != nil {
		t.Fatal(err)
	}
	for i, g := range got {
		if want := v[2*i] + 1000*v[i]; g != want {
			t.Fatalf("[%d] = %v, want %v", i, g, want)
		}
	}
}

// TestWindowedSlicesAgreeWithCopies checks that every kind of consumer
// of a slice read through windows (reductions of each kind along each
// axis and all, scans, top-k, quantiles, histograms, products, casts,
// comparisons, rounding) gives what it gives for the same values held as
// a plain array, over random shapes, chunkings and steps of either sign.
func TestWindowedSlicesAgreeWithCopies(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewSource(16))
	ops := []struct {
		name string
		f    func(a *Array, ax int) *Array
	}{
		{"sum", func(a *Array, ax int) *Array { return a.Sum(Axis(ax)) }},
		{"sum-all", func(a *Array, ax int) *Array { return a.Sum() }},
		{"mean", func(a *Array, ax int) *Array { return a.Mean(Axis(ax)) }},
		{"prod", func(a *Array, ax int) *Array { return a.Prod(Axis(ax)) }},
		{"min", func(a *Array, ax int) *Array { return a.Min(Axis(ax)) }},
		{"max-all", func(a *Array, ax int) *Array { return a.Max() }},
		{"std", func(a *Array, ax int) *Array { return a.Std(Axis(ax)) }},
		{"var-all", func(a *Array, ax int) *Array { return a.Var() }},
		{"nansum", func(a *Array, ax int) *Array { return nanAt2(a).NanSum(Axis(ax)) }},
		{"nanmax", func(a *Array, ax int) *Array { return nanAt2(a).NanMax(Axis(ax)) }},
		{"nanmean", func(a *Array, ax int) *Array { return nanAt2(a).NanMean(Axis(ax)) }},
		{"nanstd", func(a *Array, ax int) *Array { return nanAt2(a).NanStd(Axis(ax)) }},
		{"argmin", func(a *Array, ax int) *Array { return a.ArgMin(Axis(ax)).AsType(chunk.Float64) }},
		{"argmax-all", func(a *Array, ax int) *Array { return a.ArgMax().AsType(chunk.Float64) }},
		{"any", func(a *Array, ax int) *Array { return a.Gt(1).Any(Axis(ax)).AsType(chunk.Float64) }},
		{"all", func(a *Array, ax int) *Array { return a.Gt(-2).All(Axis(ax)).AsType(chunk.Float64) }},
		{"count", func(a *Array, ax int) *Array { return a.CountNonzero(Axis(ax)).AsType(chunk.Float64) }},
		{"cumsum", func(a *Array, ax int) *Array { return a.CumSum(ax) }},
		{"cumprod", func(a *Array, ax int) *Array { return a.CumProd(ax) }},
		{"topk", func(a *Array, ax int) *Array { return a.TopK(2, ax) }},
		{"median", func(a *Array, ax int) *Array { return a.Median(ax) }},
		{"hist", func(a *Array, ax int) *Array { h, _ := a.Histogram(5, -3, 3); return h.AsType(chunk.Float64) }},
		{"round-i32", func(a *Array, ax int) *Array { return a.Mul(3).Round().AsType(chunk.Int32).AsType(chunk.Float64) }},
		{"where", func(a *Array, ax int) *Array { return Where(a.Gt(0), a, a.Mul(-2)) }},
		{"clip-sq", func(a *Array, ax int) *Array { return a.Clip(-1.0, 1.5).Mul(a) }},
		{"transpose-sum", func(a *Array, ax int) *Array { return a.T().Sum(Axis(0)) }},
		{"einsum", func(a *Array, ax int) *Array { return Einsum("...i,...i->...", a, a) }},
		{"diff", func(a *Array, ax int) *Array { return a.Diff(1, ax, nil, nil) }},
		{"slice-again", func(a *Array, ax int) *Array { return a.Index(S(None, None, -2)).Add(1) }},
		{"rechunk", func(a *Array, ax int) *Array {
			return a.Rechunk(chunk.Regular(slices.Repeat([]int{3}, a.NDim())...)).Mul(2)
		}},
		{"ptp", func(a *Array, ax int) *Array { return a.Ptp(Axis(ax)) }},
		{"matvec", func(a *Array, ax int) *Array {
			n := a.Shape()[a.NDim()-1]
			w := make([]float64, n)
			for i := range w {
				w[i] = float64(i%5) - 2
			}
			return MatMul(a, FromSlice(w, []int{n, 1}, chunk.Regular(max(n, 1), 1)))
		}},
	}
	checked := 0
	for trial := range 150 {
		shape := randShape(r, 1, 3, 300)
		nd, n := len(shape), chunk.Prod(shape)
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(r.Intn(17)-8) / 4
		}
		x := FromSlice(v, shape, randSpec(r, shape))
		idx := make([]Index, nd)
		for a, m := range shape {
			k, lo := 1, 0 // the whole axis, reversed in case 1
			if r.Intn(2) == 0 {
				k, lo = 1+r.Intn(3), r.Intn(max(m, 1))
			}
			switch r.Intn(3) {
			case 0:
				idx[a] = S(lo, None, k)
			case 1:
				idx[a] = S(m-1-lo, None, -k)
			default:
				idx[a] = All()
			}
		}
		win := x.Index(idx...)
		if win.expr == nil || win.expr.prog.Bounds == nil {
			continue // not read through windows
		}
		vals, err := ToSlice[float64](ctx, win)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(win.Shape(), 0) {
			continue
		}
		spec := make(chunk.Spec, nd)
		for a, c := range win.Chunks() {
			spec[a] = chunk.Sizes(c...)
		}
		held := FromSlice(vals, win.Shape(), spec) // the same chunks, held
		for _, op := range ops {
			ax := r.Intn(nd)
			want, err1 := ToSlice[float64](ctx, op.f(held, ax))
			got, err2 := ToSlice[float64](ctx, op.f(win, ax))
			if (err1 == nil) != (err2 == nil) || err1 != nil && err1.Error() != err2.Error() {
				t.Fatalf("trial %d %v %v: %s axis %d: errors %v and %v", trial, shape, x.Chunks(), op.name, ax, err1, err2)
			}
			if err1 != nil {
				continue // bad input for this op (top 2 of one), refused alike
			}
			if len(got) != len(want) {
				t.Fatalf("trial %d %v: %s axis %d: %d values, want %d", trial, shape, op.name, ax, len(got), len(want))
			}
			for i := range want {
				if !(got[i] == want[i] || math.IsNaN(got[i]) && math.IsNaN(want[i]) || math.Abs(got[i]-want[i]) <= 1e-9*(1+math.Abs(want[i]))) {
					t.Fatalf("trial %d %v chunks %v, slice to %v: %s axis %d: [%d] = %v, want %v", trial, shape, x.Chunks(), win.Shape(), op.name, ax, i, got[i], want[i])
				}
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d checks", checked)
	}
}

// nanAt2 is a with NaN where it is 2.
func nanAt2(a *Array) *Array { return Where(a.Eq(2), math.NaN(), a) }

// TestWindowedSlicesOfEveryDtype checks sums, casts, maxima and scans of
// slices with steps of either sign, read through windows, against the
// same values held, for the element sizes the strided reads treat apart
// (16, 8, 4, 2 and 1 bytes: complex128, complex64, float32, float16,
// uint16, int8, bool): the same values, NaN for NaN.
func TestWindowedSlicesOfEveryDtype(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewSource(3))
	for _, dt := range []chunk.DType{chunk.Complex128, chunk.Complex64, chunk.Float16, chunk.Int8, chunk.Bool, chunk.Uint16, chunk.Float32} {
		for trial := 0; trial < 30; trial++ {
			shape := randShape(r, 1, 3, 300)
			if chunk.Prod(shape) == 0 {
				continue
			}
			d := randDense(r, dt, shape)
			x := FromDense(d, randSpec(r, shape))
			idx := make([]Index, len(shape))
			for a, m := range shape {
				switch r.Intn(3) {
				case 0:
					idx[a] = S(r.Intn(m), None, 1+r.Intn(3))
				case 1:
					idx[a] = S(m-1-r.Intn(m), None, -1-r.Intn(2))
				default:
					idx[a] = All()
				}
			}
			w := x.Index(idx...)
			vals, err := w.Compute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if chunk.Prod(w.Shape()) == 0 {
				continue
			}
			spec := make(chunk.Spec, len(shape))
			for a, c := range w.Chunks() {
				spec[a] = chunk.Sizes(c...)
			}
			held := FromDense(vals, spec)
			for fi, f := range []func(a *Array) *Array{
				func(a *Array) *Array { return a.Sum(Axis(0)) },
				func(a *Array) *Array { return a.Add(a).AsType(chunk.Complex128) },
				func(a *Array) *Array { return a.Max() },
				func(a *Array) *Array { return a.CumSum(len(shape) - 1) },
			} {
				g, e1 := f(w).Compute(ctx)
				h, e2 := f(held).Compute(ctx)
				if (e1 == nil) != (e2 == nil) {
					t.Fatalf("%v: errors %v %v", dt, e1, e2)
				}
				if e1 != nil {
					continue
				}
				gc, hc := chunk.Values[complex128](g.AsType(chunk.Complex128)), chunk.Values[complex128](h.AsType(chunk.Complex128))
				same := len(gc) == len(hc)
				for i := range gc {
					re, im := real(gc[i]), imag(gc[i])
					re2, im2 := real(hc[i]), imag(hc[i])
					if !(re == re2 || re != re && re2 != re2) || !(im == im2 || im != im && im2 != im2) {
						same = false
					}
				}
				if !same {
					t.Fatalf("%v %v chunks %v: op %d differ: %v vs %v", dt, shape, x.Chunks(), fi, g.Data(), h.Data())
				}
			}
		}
	}
}

// TestRegionReaderChunkedAcrossReadsBoxes checks that an array read with
// chunks across the store's from a store that reads any box at its cost
// (a .npy file opened in bands, as a contiguous HDF5 dataset is) reads
// each block as its own box, not the bands it touches, and gives the
// values held in memory, over random shapes, dtypes and chunkings; with
// the store's own chunks it reads the store's chunks.
func TestRegionReaderChunkedAcrossReadsBoxes(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewSource(17))
	dir := t.TempDir()
	for trial := range 30 {
		shape := randShape(r, 1, 3, 400)
		v := make([]float64, chunk.Prod(shape))
		for i := range v {
			v[i] = float64(r.Intn(1000)) - 500
		}
		dt := []chunk.DType{chunk.Float64, chunk.Int16, chunk.Float32}[trial%3]
		held := FromSlice(v, shape, nil).AsType(dt)
		path := filepath.Join(dir, fmt.Sprintf("b%d.npy", trial))
		if err := held.ToNPY(ctx, path); err != nil {
			t.Fatal(err)
		}
		bands := slices.Clone(shape)
		bands[0] = max(1, 1+r.Intn(max(shape[0], 1)))
		f, err := npy.OpenChunked(path, bands)
		if err != nil {
			t.Fatal(err)
		}
		spec := randSpec(r, shape)
		x := FromStore(f, spec)
		across := !slices.EqualFunc(x.Chunks(), FromStore(f, nil).Chunks(), slices.Equal)
		var rp readParams
		if err := scheduler.DecodeParams(x.layer.(*readLayer).params, &rp); err != nil {
			t.Fatal(err)
		}
		if boxes := rp.Origin != nil; boxes != across {
			t.Fatalf("trial %d %v bands %v chunks %v: reads boxes %v, want %v", trial, shape, bands, x.Chunks(), boxes, across)
		}
		gv, err := x.Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wv, err := held.Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !chunk.EqualShapes(gv.Shape(), wv.Shape()) || !slices.Equal(gv.Bytes(), wv.Bytes()) {
			t.Fatalf("trial %d %v bands %v chunks %v: values differ", trial, shape, bands, x.Chunks())
		}
		f.Close()
	}
}
