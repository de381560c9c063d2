package array

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// globalIndex returns, for each element of a block in C order, its
// position in its whole array raveled.
func globalIndex(loc BlockLocation) []int {
	shape := loc.Box.Shape()
	out := make([]int, 0, chunk.Prod(shape))
	g := make([]int, len(shape))
	chunk.EachIndex(shape, func(idx []int) {
		for a, i := range idx {
			g[a] = loc.Box.Min[a] + i
		}
		out = append(out, chunk.Ravel(g, loc.Shape))
	})
	return out
}

// nonEmptyShape is randShape without zero-length axes.
func nonEmptyShape(r *rand.Rand, minND, maxND, maxSize int) []int {
	s := randShape(r, minND, maxND, maxSize)
	for a := range s {
		s[a] = max(s[a], 1)
	}
	return s
}

func TestMapBlocksWithAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewSource(150))
	var checks []npCheck
	for it := range 25 {
		// Broadcast inputs, with the block's location in the output and in b.
		xs := randShape(r, 0, 4, 300)
		ys := broadcastPartner(r, xs)
		if len(ys) > 0 && r.Intn(2) == 0 { // x may broadcast too
			xs = slices.Clone(xs)
			xs[len(xs)-len(ys)] = 1
		}
		d, e := randDense(r, chunk.Float64, xs), randDense(r, chunk.Int32, ys)
		x, y := FromDense(d, randSpec(r, xs)), FromDense(e, randSpec(r, ys))
		z := MapBlocksWith(func(info *BlockInfo, in ...*chunk.Dense) (*chunk.Dense, error) {
			shape := info.Output.Box.Shape()
			as, bs := broadcastStrides(in[0].Shape(), shape), broadcastStrides(in[1].Shape(), shape)
			a, b := chunk.Values[float64](in[0]), chunk.Values[int32](in[1])
			bi := globalIndex(info.Inputs[1])
			out := make([]float64, chunk.Prod(shape))
			eachRow(shape, [][]int{as, bs}, func(o int, off []int, n int) {
				for k := range n {
					ib := off[1] + k*lastStride(bs)
					out[o+k] = a[off[0]+k*lastStride(as)] + float64(b[ib]) + 1e6*float64(bi[ib])
				}
			})
			for k, g := range globalIndex(info.Output) {
				out[k] += 1000 * float64(g)
			}
			return chunk.FromSlice(shape, out)
		}, chunk.Float64, MapOptions{}, x, y)
		checks = append(checks, npCheck{
			what: fmt.Sprintf("%d: broadcast %v %v chunks %v %v", it, xs, ys, x.Chunks(), y.Chunks()),
			expr: "(lambda s: a + b + 1000*np.arange(s.size).reshape(s.shape) + 1e6*np.broadcast_to(np.arange(b.size).reshape(b.shape), s.shape))(np.broadcast(a, b))",
			in:   []*chunk.Dense{d, e}, got: []*Array{z},
		})

		// DropAxis: each block sums the axis it sees whole.
		ds := randShape(r, 1, 4, 300)
		k := r.Intn(len(ds))
		dd := randDense(r, chunk.Int64, ds)
		dx := FromDense(dd, randSpec(r, ds))
		drop := MapBlocksWith(func(info *BlockInfo, in ...*chunk.Dense) (*chunk.Dense, error) {
			s := in[0].Shape()
			if info.Inputs[0].Box.Min[k] != 0 || info.Inputs[0].Box.Max[k] != ds[k] {
				return nil, fmt.Errorf("input box %v does not span axis %d", info.Inputs[0].Box, k)
			}
			outer, n, inner := chunk.Prod(s[:k]), s[k], chunk.Prod(s[k+1:])
			v, out := chunk.Values[int64](in[0]), make([]int64, outer*inner)
			for i := range outer {
				for j := range inner {
					for q := range n {
						out[i*inner+j] += v[(i*n+q)*inner+j]
					}
				}
			}
			for p, g := range globalIndex(info.Output) {
				out[p] += 1000 * int64(g)
			}
			return chunk.FromSlice(info.Output.Box.Shape(), out)
		}, chunk.Int64, MapOptions{DropAxis: []int{k - len(ds)}}, dx)
		checks = append(checks, npCheck{
			what: fmt.Sprintf("%d: drop axis %d of %v chunks %v", it, k, ds, dx.Chunks()),
			expr: fmt.Sprintf("(lambda s: s + 1000*np.arange(s.size).reshape(s.shape))(a.sum(axis=%d))", k),
			in:   []*chunk.Dense{dd}, got: []*Array{drop},
		})

		// NewAxis with explicit chunks: a new axis of length 3 at k.
		ns := randShape(r, 0, 3, 200)
		nk := r.Intn(len(ns) + 1)
		nd := randDense(r, chunk.Float32, ns)
		nx := FromDense(nd, randSpec(r, ns))
		cs := slices.Insert(slices.Clone(nx.Chunks()), nk, []int{3})
		grow := MapBlocksWith(func(info *BlockInfo, in ...*chunk.Dense) (*chunk.Dense, error) {
			s := in[0].Shape()
			outer, inner := chunk.Prod(s[:nk]), chunk.Prod(s[nk:])
			v, out := chunk.Values[float32](in[0]), make([]float32, 3*chunk.Prod(s))
			for i := range outer {
				for j := range 3 {
					for q := range inner {
						out[(i*3+j)*inner+q] = v[i*inner+q] * float32(j+1)
					}
				}
			}
			return chunk.FromSlice(info.Output.Box.Shape(), out)
		}, chunk.Float32, MapOptions{NewAxis: []int{nk}, Chunks: cs}, nx)
		checks = append(checks, npCheck{
			what: fmt.Sprintf("%d: new axis %d of %v chunks %v", it, nk, ns, nx.Chunks()),
			expr: fmt.Sprintf("np.stack([a*np.float32(j+1) for j in range(3)], axis=%d)", nk),
			in:   []*chunk.Dense{nd}, got: []*Array{grow},
		})

		// Explicit chunks: one value per block (the block's sum).
		bs := nonEmptyShape(r, 1, 3, 200)
		bd := randDense(r, chunk.Int64, bs)
		bx := FromDense(bd, randSpec(r, bs))
		ones := make([][]int, len(bs))
		expr := "a"
		for a := range bs {
			ones[a] = []int{1}
			off := bx.Grid().Offsets(a)
			expr = fmt.Sprintf("np.add.reduceat(%s, %v, axis=%d)", expr, strings.Join(strings.Fields(fmt.Sprint(off[:len(off)-1])), ","), a)
		}
		sums := MapBlocksWith(func(info *BlockInfo, in ...*chunk.Dense) (*chunk.Dense, error) {
			var s int64
			for _, v := range chunk.Values[int64](in[0]) {
				s += v
			}
			return chunk.FromSlice(info.Output.Box.Shape(), []int64{s})
		}, chunk.Int64, MapOptions{Chunks: ones}, bx)
		checks = append(checks, npCheck{
			what: fmt.Sprintf("%d: block sums of %v chunks %v", it, bs, bx.Chunks()),
			expr: expr, in: []*chunk.Dense{bd}, got: []*Array{sums},
		})

		// Map2 broadcasts and converts.
		ms := randShape(r, 0, 4, 300)
		m2 := broadcastPartner(r, ms)
		md, me := randDense(r, chunk.Int16, ms), randDense(r, chunk.Float32, m2)
		mz := Map2(FromDense(md, randSpec(r, ms)), FromDense(me, randSpec(r, m2)), func(a int16, b float32) float64 { return float64(a)*2 + float64(b) })
		checks = append(checks, npCheck{
			what: fmt.Sprintf("%d: map2 %v %v", it, ms, m2),
			expr: "a.astype(np.float64)*2 + b.astype(np.float64)",
			in:   []*chunk.Dense{md, me}, got: []*Array{mz},
		})
	}
	runNumPy(t, checks)
}

func TestApplyAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewSource(151))
	var checks []npCheck
	for it := range 25 {
		s := nonEmptyShape(r, 1, 4, 300)
		k := r.Intn(len(s))
		d := randDense(r, chunk.Int32, s)
		x := FromDense(d, randSpec(r, s))
		what := fmt.Sprintf("%d: %v chunks %v axis %d", it, s, x.Chunks(), k)
		vec := ApplyAlongAxis(x, k, func(dst []int64, v []int32) {
			dst[0], dst[1] = int64(slices.Min(v)), int64(slices.Max(v))
			dst[2] = 0
			for _, e := range v {
				dst[2] += int64(e)
			}
		}, 3)
		scalar := ApplyAlongAxis(x, k-len(s), func(dst []int64, v []int32) {
			dst[0] = 0
			for _, e := range v {
				dst[0] += int64(e) * int64(e)
			}
		})
		mat := ApplyAlongAxis(x, k, func(dst []int64, v []int32) {
			dst[0], dst[1], dst[2], dst[3] = int64(v[0]), int64(v[len(v)-1]), int64(len(v)), 0
			for _, e := range v {
				dst[3] += int64(e)
			}
		}, 2, 2)
		checks = append(checks,
			npCheck{what: "apply_along_axis vector " + what, in: []*chunk.Dense{d}, got: []*Array{vec},
				expr: fmt.Sprintf("np.apply_along_axis(lambda v: np.array([v.min(), v.max(), v.sum()], dtype=np.int64), %d, a)", k)},
			npCheck{what: "apply_along_axis scalar " + what, in: []*chunk.Dense{d}, got: []*Array{scalar},
				expr: fmt.Sprintf("np.apply_along_axis(lambda v: (v.astype(np.int64)**2).sum(), %d, a)", k)},
			npCheck{what: "apply_along_axis matrix " + what, in: []*chunk.Dense{d}, got: []*Array{mat},
				expr: fmt.Sprintf("np.apply_along_axis(lambda v: np.array([[v[0], v[-1]], [len(v), v.sum()]], dtype=np.int64), %d, a)", k)},
		)

		// ApplyOverAxes with a sum over a random set of axes.
		os := randShape(r, 1, 4, 300)
		od := randDense(r, chunk.Int32, os)
		var axes []int
		for a := range os {
			if r.Intn(2) == 0 {
				axes = append(axes, a)
			}
		}
		ox := FromDense(od, randSpec(r, os))
		checks = append(checks, npCheck{
			what: fmt.Sprintf("%d: apply_over_axes sum %v axes %v", it, os, axes),
			expr: fmt.Sprintf("np.apply_over_axes(np.sum, a, %s)", pyList(axes)),
			in:   []*chunk.Dense{od}, got: []*Array{ApplyOverAxes(ox, func(a *Array, ax int) *Array { return a.Sum(Axis(ax)) }, axes...)},
		})

		// Coarsen with sum, max and mean; trimmed or aligned.
		cs := randShape(r, 1, 3, 400)
		fs := make([]int, len(cs))
		for a := range fs {
			fs[a] = 1 + r.Intn(3)
		}
		trim := r.Intn(2) == 0
		if !trim {
			for a := range cs {
				cs[a] -= cs[a] % fs[a]
			}
		}
		for _, c := range []struct {
			name string
			dt   chunk.DType
			f    func(*Array, ...ReduceOption) *Array
		}{{"sum", chunk.Int32, (*Array).Sum}, {"max", chunk.Float64, (*Array).Max}, {"mean", chunk.Float32, (*Array).Mean}} {
			cd := randDense(r, c.dt, cs)
			cx := FromDense(cd, randSpec(r, cs))
			tol := 0.0
			if c.name == "mean" {
				tol = 1e-5
			}
			checks = append(checks, npCheck{
				what: fmt.Sprintf("%d: coarsen %s %v chunks %v factors %v trim %v", it, c.name, cs, cx.Chunks(), fs, trim),
				expr: fmt.Sprintf("coarsen(np.%s, a, %s)", c.name, pyList(fs)),
				in:   []*chunk.Dense{cd}, got: []*Array{cx.Coarsen(c.f, fs, trim)}, tol: tol,
			})
		}
	}
	runNumPy(t, checks)
}

// pyList formats ints as a Python list.
func pyList(v []int) string {
	return "[" + strings.Trim(strings.Join(strings.Fields(fmt.Sprint(v)), ","), "[]") + "]"
}

func TestMapBlocksWithErrors(t *testing.T) {
	x := Ones([]int{4, 6}, chunk.Float64, chunk.Regular(2, 3))
	id := func(info *BlockInfo, in ...*chunk.Dense) (*chunk.Dense, error) { return in[0], nil }
	checkErrCases(t, []errCase{
		{"drop out of range", MapBlocksWith(id, chunk.Float64, MapOptions{DropAxis: []int{2}}, x), []string{"map_blocks", "drop axis 2"}},
		{"drop repeated", MapBlocksWith(id, chunk.Float64, MapOptions{DropAxis: []int{1, -1}}, x), []string{"drop axis -1"}},
		{"new repeated", MapBlocksWith(id, chunk.Float64, MapOptions{NewAxis: []int{0, 0}}, x), []string{"new axis 0"}},
		{"new out of range", MapBlocksWith(id, chunk.Float64, MapOptions{NewAxis: []int{3}}, x), []string{"new axis 3", "3 output axes"}},
		{"chunks axes", MapBlocksWith(id, chunk.Float64, MapOptions{Chunks: [][]int{{2}}}, x), []string{"chunks have 1 axes", "output has 2"}},
		{"chunks blocks", MapBlocksWith(id, chunk.Float64, MapOptions{Chunks: [][]int{{1, 1, 1}, {3}}}, x), []string{"axis 0 has 2 blocks", "give 3"}},
		{"nil func", MapBlocksWith(nil, chunk.Float64, MapOptions{}, x), []string{"nil block function"}},
		{"no broadcast", MapBlocksWith(id, chunk.Float64, MapOptions{}, x, Ones([]int{4}, chunk.Float64, nil)), []string{"input 1", "[4]", "broadcast", "[4 6]"}},
		{"named unknown", MapBlocksNamedWith("no.such", nil, chunk.Float64, MapOptions{}, x), []string{"no.such"}},
		{"map2 dtype", Map2(x, x, func(a float32, b float64) float64 { return b }), []string{"map", "float64", "float32"}},
		{"apply axis", ApplyAlongAxis(x, 2, func(d, s []float64) {}), []string{"apply_along_axis", "axis 2"}},
		{"apply dtype", ApplyAlongAxis(x, 0, func(d []float64, s []int8) {}), []string{"apply_along_axis", "int8"}},
		{"apply shape", ApplyAlongAxis(x, 0, func(d, s []float64) {}, -1), []string{"apply_along_axis", "negative"}},
		{"over axes axis", ApplyOverAxes(x, func(a *Array, ax int) *Array { return a.Sum(Axis(ax)) }, 5), []string{"apply_over_axes", "axis 5"}},
		{"over axes shape", ApplyOverAxes(x, func(a *Array, ax int) *Array { return a.Sum() }, 0), []string{"apply_over_axes", "correct shape"}},
		{"coarsen align", x.Coarsen((*Array).Sum, []int{3, 1}, false), []string{"coarsen", "do not align"}},
		{"coarsen factors", x.Coarsen((*Array).Sum, []int{2}, false), []string{"coarsen", "1 factors for 2 axes"}},
		{"coarsen zero", x.Coarsen((*Array).Sum, []int{0, 1}, false), []string{"coarsen", "factor 0"}},
	})
	// A block function returning the wrong shape fails at compute time.
	bad := MapBlocksWith(id, chunk.Float64, MapOptions{Chunks: [][]int{{1}, {3}}}, x)
	if _, err := bad.Compute(bg); err == nil || !strings.Contains(err.Error(), "shape [2 3]") {
		t.Errorf("wrong block shape: %v", err)
	}
	// A function registered with RegisterBlockInfoFunc runs by name.
	if err := RegisterBlockInfoFunc("test.first-row", firstRow); err != nil {
		t.Fatal(err)
	}
	y := MapBlocksNamedWith("test.first-row", nil, chunk.Float64, MapOptions{DropAxis: []int{0}}, Arange(0, 24, 1, chunk.Float64, chunk.Regular(5)).Reshape(4, 6).Rechunk(chunk.Regular(2, 3)))
	got, err := ToSlice[float64](bg, y)
	if err != nil || !slices.Equal(got, []float64{0, 1, 2, 3, 4, 5}) {
		t.Errorf("named first row = %v, %v", got, err)
	}
	// Its parameters reach it: two parameter values, two results.
	if err := RegisterBlockInfoFunc("test.add-param", addParam); err != nil {
		t.Fatal(err)
	}
	ones := Ones([]int{5}, chunk.Float64, chunk.Regular(2))
	for _, p := range []byte{3, 7} {
		got, err := ToSlice[float64](bg, MapBlocksNamed("test.add-param", []byte{p}, chunk.Float64, ones))
		if want := float64(1 + p); err != nil || len(got) != 5 || got[0] != want || got[4] != want {
			t.Errorf("named with params %d = %v, %v; want 5 × %v", p, got, err, want)
		}
	}
}

// addParam adds the parameter byte to every element.
func addParam(info *BlockInfo, in ...*chunk.Dense) (*chunk.Dense, error) {
	if len(info.Params) != 1 {
		return nil, fmt.Errorf("want one parameter byte, got %v", info.Params)
	}
	v := slices.Clone(chunk.Values[float64](in[0]))
	for i := range v {
		v[i] += float64(info.Params[0])
	}
	return chunk.FromSlice(in[0].Shape(), v)
}

func firstRow(info *BlockInfo, in ...*chunk.Dense) (*chunk.Dense, error) {
	n := in[0].Shape()[1]
	return chunk.FromSlice([]int{n}, slices.Clone(chunk.Values[float64](in[0])[:n]))
}
