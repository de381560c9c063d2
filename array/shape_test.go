package array

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// shRef is the naive reference: an N-d array of float64 in C order.
type shRef struct {
	shape []int
	data  []float64
}

func (r shRef) at(idx []int) float64 { return r.data[chunk.Ravel(idx, r.shape)] }

// shMap builds the array of the given shape whose element idx is f(idx).
func shMap(shape []int, f func(idx []int) float64) shRef {
	out := shRef{shape: append([]int(nil), shape...), data: make([]float64, 0, chunk.Prod(shape))}
	chunk.EachIndex(shape, func(idx []int) { out.data = append(out.data, f(idx)) })
	return out
}

var shDTypes = []chunk.DType{chunk.Float64, chunk.Int32, chunk.Uint8, chunk.Float32, chunk.Int64, chunk.Int16}

// shRandChunks splits n into random positive parts (ragged chunks).
func shRandChunks(rng *rand.Rand, n int) []int {
	if n == 0 {
		return []int{0}
	}
	var cs []int
	for n > 0 {
		c := 1 + rng.IntN(min(n, 4))
		cs = append(cs, c)
		n -= c
	}
	return cs
}

func shRandShape(rng *rand.Rand, maxND int) []int {
	nd := rng.IntN(maxND + 1)
	dims := []int{0, 1, 1, 2, 3, 4, 5, 7}
	s := make([]int, nd)
	for a := range s {
		s[a] = dims[rng.IntN(len(dims))]
		if rng.IntN(8) == 0 {
			s[a] = 0
		}
	}
	return s
}

// shRandArray returns a random array of shape with ragged chunks and its
// reference; values are small integers so that every dtype holds them.
func shRandArray(rng *rand.Rand, shape []int, dt chunk.DType) (*Array, shRef) {
	ref := shMap(shape, func([]int) float64 { return float64(rng.IntN(100)) })
	spec := make(chunk.Spec, len(shape))
	for a, n := range shape {
		spec[a] = chunk.Sizes(shRandChunks(rng, n)...)
	}
	return FromSlice(ref.data, shape, spec).AsType(dt), ref
}

// shCheck computes x and compares it with want.
func shCheck(t *testing.T, what string, x *Array, want shRef) {
	t.Helper()
	d, err := x.Compute(context.Background())
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if !chunk.EqualShapes(d.Shape(), want.shape) {
		t.Fatalf("%s: shape %v, want %v", what, d.Shape(), want.shape)
	}
	if x.KnownChunks() && !chunk.EqualShapes(x.Shape(), want.shape) {
		t.Fatalf("%s: declared shape %v, want %v", what, x.Shape(), want.shape)
	}
	got := chunk.Values[float64](d.AsType(chunk.Float64))
	for i := range got {
		if got[i] != want.data[i] {
			t.Fatalf("%s: element %d is %v, want %v\ngot  %v\nwant %v", what, i, got[i], want.data[i], got, want.data)
		}
	}
}

func shErr(t *testing.T, x *Array, want string) {
	t.Helper()
	if x.Err() == nil {
		t.Fatalf("no error, want %q", want)
	}
	if !strings.Contains(x.Err().Error(), want) {
		t.Fatalf("error %q, want it to contain %q", x.Err(), want)
	}
	if _, err := x.Compute(context.Background()); err == nil {
		t.Fatalf("Compute without error, want %q", want)
	}
}

func TestTake(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for it := range 300 {
		shape := shRandShape(rng, 4)
		if len(shape) == 0 {
			continue
		}
		dt := shDTypes[it%len(shDTypes)]
		x, ref := shRandArray(rng, shape, dt)
		axis := rng.IntN(len(shape))
		n := shape[axis]
		var idx []int
		if n > 0 {
			k := rng.IntN(9)
			switch it % 3 {
			case 0: // sorted
				for range k {
					idx = append(idx, rng.IntN(n))
				}
				slices.Sort(idx)
			case 1: // reverse sorted, negative
				for range k {
					idx = append(idx, rng.IntN(n))
				}
				slices.Sort(idx)
				slices.Reverse(idx)
				for i := range idx {
					idx[i] -= n
				}
			default:
				for range k {
					idx = append(idx, rng.IntN(2*n)-n)
				}
			}
		}
		norm := make([]int, len(idx))
		for i, v := range idx {
			norm[i] = (v + n) % max(n, 1)
		}
		wshape := slices.Clone(shape)
		wshape[axis] = len(idx)
		want := shMap(wshape, func(o []int) float64 {
			in := slices.Clone(o)
			in[axis] = norm[o[axis]]
			return ref.at(in)
		})
		shCheck(t, fmt.Sprintf("%v.Take(%v, %d)", shape, idx, axis), x.Take(idx, axis), want)
	}
	x := Arange(0, 5, 1, chunk.Int64, chunk.Regular(2))
	shErr(t, x.Take([]int{1, 7}, 0), "index 7 is out of bounds for axis 0 with size 5")
	shErr(t, x.Take([]int{-6}, 0), "index -6 is out of bounds for axis 0 with size 5")
	shErr(t, x.Take([]int{0}, 1), "axis 1 is out of bounds for array of dimension 1")
}

// TestTakeLocal checks the plan: sorted indices read one input chunk per
// output chunk, and unsorted but local indices only nearby chunks.
func TestTakeLocal(t *testing.T) {
	x := Arange(0, 1000, 1, chunk.Int64, chunk.Regular(100))
	idx := []int{3, 3, 5, 150, 151, 420, 998, 999}
	y := x.Take(idx, 0)
	want := []int{3, 2, 1, 2}
	if !slices.Equal(y.Chunks()[0], want) {
		t.Errorf("sorted-run chunks %v, want %v", y.Chunks()[0], want)
	}
	// A permutation inside each block: each output chunk reads one block.
	var perm []int
	for b := range 10 {
		for i := 99; i >= 0; i-- {
			perm = append(perm, b*100+i)
		}
	}
	z := x.Take(perm, 0)
	l := z.Layer()
	for b := range z.NumBlocks()[0] {
		if n := len(l.Task([]int{b}).Inputs); n != 1 {
			t.Fatalf("output chunk %d reads %d input chunks, want 1", b, n)
		}
	}
	v, err := ToSlice[int64](context.Background(), z)
	if err != nil || v[0] != 99 || v[999] != 900 {
		t.Fatalf("permuted take: %v %v", v[:3], err)
	}
}

func TestMask(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	for it := range 200 {
		shape := shRandShape(rng, 4)
		if len(shape) == 0 {
			continue
		}
		dts := append(slices.Clone(shDTypes), chunk.Complex128) // every element size
		dt := dts[it%len(dts)]
		x, ref := shRandArray(rng, shape, dt)
		k := 1 + rng.IntN(len(shape))
		mref := shMap(shape[:k], func([]int) float64 { return float64(rng.IntN(2)) })
		spec := make(chunk.Spec, k)
		for a := range spec {
			spec[a] = chunk.Sizes(shRandChunks(rng, shape[a])...)
		}
		m := FromSlice(mref.data, shape[:k], spec).Gt(0)
		y := x.Mask(m)
		if y.Err() != nil {
			t.Fatal(y.Err())
		}
		if y.KnownChunks() || y.Shape()[0] != -1 || y.Size() != -1 {
			t.Fatalf("mask result claims known chunks: %v", y)
		}
		// Reference: rows of the leading k axes where the mask is set.
		rows := chunk.Prod(shape[:k])
		inner := chunk.Prod(shape[k:])
		var data []float64
		for r := range rows {
			if mref.data[r] != 0 {
				data = append(data, ref.data[r*inner:(r+1)*inner]...)
			}
		}
		want := shRef{shape: append([]int{len(data) / max(inner, 1)}, shape[k:]...), data: data}
		if inner == 0 {
			cnt := 0
			for _, v := range mref.data {
				if v != 0 {
					cnt++
				}
			}
			want.shape[0] = cnt
		}
		what := fmt.Sprintf("%v mask %d-d", shape, k)
		shCheck(t, what, y, want)
		z, err := y.ComputeChunkSizes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The same graph, unless chunks that keep nothing were dropped.
		sameBlocks := slices.Equal(z.NumBlocks(), y.NumBlocks())
		if !z.KnownChunks() || !chunk.EqualShapes(z.Shape(), want.shape) || sameBlocks != (z.Name() == y.Name()) {
			t.Fatalf("%s: ComputeChunkSizes gave %v, want shape %v", what, z, want.shape)
		}
		shCheck(t, what+" sized", z, want)
		// Known sizes make every operation available again.
		if len(want.shape) > 0 && want.shape[0] > 0 {
			shCheck(t, what+" sized+flip", z.Flip(0), shMap(want.shape, func(o []int) float64 {
				in := slices.Clone(o)
				in[0] = want.shape[0] - 1 - o[0]
				return want.at(in)
			}))
		}
		p, err := y.Persist(ctx)
		if err != nil || !p.KnownChunks() {
			t.Fatalf("persist of unknown: %v %v", p, err)
		}
		shCheck(t, what+" persisted", p, want)
	}
}

func TestCompress(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for it := range 150 {
		shape := shRandShape(rng, 4)
		if len(shape) == 0 {
			continue
		}
		x, ref := shRandArray(rng, shape, shDTypes[it%len(shDTypes)])
		axis := rng.IntN(len(shape))
		n := shape[axis]
		cref := make([]float64, n)
		var keep []int
		for i := range cref {
			if rng.IntN(2) == 0 {
				cref[i] = 1
				keep = append(keep, i)
			}
		}
		c := FromSlice(cref, []int{n}, chunk.Spec{chunk.Sizes(shRandChunks(rng, n)...)}).Ne(0)
		y := x.Compress(c, axis)
		wshape := slices.Clone(shape)
		wshape[axis] = len(keep)
		want := shMap(wshape, func(o []int) float64 {
			in := slices.Clone(o)
			in[axis] = keep[o[axis]]
			return ref.at(in)
		})
		shCheck(t, fmt.Sprintf("%v compress axis %d", shape, axis), y, want)
		// Transposing keeps sizes unknown and still computes.
		if len(shape) > 1 {
			yt := y.SwapAxes(0, len(shape)-1)
			if yt.Err() != nil || yt.KnownChunks() {
				t.Fatalf("swapaxes of unknown: %v", yt)
			}
			perm := identityAxes(len(shape))
			perm[0], perm[len(shape)-1] = perm[len(shape)-1], perm[0]
			wt := slices.Clone(wshape)
			wt[0], wt[len(shape)-1] = wshape[len(shape)-1], wshape[0]
			shCheck(t, "swapped compress", yt, shMap(wt, func(o []int) float64 {
				in := make([]int, len(o))
				for i, a := range perm {
					in[a] = o[i]
				}
				return want.at(in)
			}))
		}
	}
}

// TestCompressByCondition checks Compress and Mask along axis 0 by
// conditions computed elementwise: of x itself (x[x < t], which the
// compress task evaluates a tile at a time: compressWhere), of x's first
// column (x[x[:, 0] > t]), of a slice of another array (windows of its
// chunks), over random shapes (zero-length axes too), chunkings and
// dtypes, and chunks of several tiles.
func TestCompressByCondition(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for it := range 120 {
		shape := shRandShape(rng, 3)
		if len(shape) == 0 {
			shape = []int{0}
		}
		if it%10 == 0 {
			shape[0] = 2500 + rng.IntN(3000) // several tiles a chunk
		}
		x, ref := shRandArray(rng, shape, shDTypes[it%len(shDTypes)])
		if it%10 == 0 { // chunks of several tiles
			spec := chunk.Spec{chunk.Regular(1000 + rng.IntN(2000))[0]}
			for range shape[1:] {
				spec = append(spec, chunk.Whole())
			}
			x = x.Rechunk(spec)
		}
		n, th := shape[0], float64(rng.IntN(100))
		var cond *Array
		var keepAt func(i int) bool
		switch it % 3 {
		case 0:
			if len(shape) > 1 {
				x = x.Reshape(-1)
				ref = shRef{shape: []int{len(ref.data)}, data: ref.data}
				shape, n = ref.shape, len(ref.data)
			}
			got := x.Mask(x.Lt(th))
			var want []float64
			for _, v := range ref.data {
				if v < th {
					want = append(want, v)
				}
			}
			shCheck(t, fmt.Sprintf("%v x[x < %v]", shape, th), got, shRef{shape: []int{len(want)}, data: want})
			continue
		case 1:
			if len(shape) < 2 || chunk.Prod(shape[1:]) == 0 { // no first column
				continue
			}
			idx := make([]Index, len(shape))
			for a := range idx {
				idx[a] = At(0)
			}
			idx[0] = All()
			cond = x.Index(idx...).AsType(chunk.Float64).Gt(th)
			keepAt = func(i int) bool {
				at := make([]int, len(shape))
				at[0] = i
				return ref.at(at) > th
			}
		default:
			other := make([]float64, n+3)
			for i := range other {
				other[i] = float64(rng.IntN(100))
			}
			o := FromSlice(other, []int{n + 3}, chunk.Spec{chunk.Sizes(shRandChunks(rng, n+3)...)})
			cond = o.Index(S(2, n+2, 1)).Mul(2).Ge(th)
			keepAt = func(i int) bool { return other[i+2]*2 >= th }
		}
		var keep []int
		for i := range n {
			if keepAt(i) {
				keep = append(keep, i)
			}
		}
		wshape := slices.Clone(shape)
		wshape[0] = len(keep)
		want := shMap(wshape, func(o []int) float64 {
			in := slices.Clone(o)
			in[0] = keep[o[0]]
			return ref.at(in)
		})
		shCheck(t, fmt.Sprintf("%v compress by condition %d", shape, it%3), x.Compress(cond, 0), want)
	}
}

func TestUnknownChunkErrors(t *testing.T) {
	x := Arange(0, 10, 1, chunk.Float64, chunk.Regular(3))
	y := x.Mask(x.Gt(4))
	for name, z := range map[string]*Array{
		"rechunk?":    y.Reshape(-1, 1),
		"getitem":     y.Index(S(0, 2, 1)),
		"take":        y.Take([]int{0}, 0),
		"add":         y.Add(y), // two selections (one with Go numbers works: below)
		"concatenate": Concatenate([]*Array{y, x}, 0),
		"pad":         y.Pad([][2]int{{1, 1}}, PadConstant, 0),
		"mask":        y.Mask(y.Gt(1)),
		"flip":        y.Flip(),
	} {
		if !errors.Is(z.Err(), ErrUnknownChunks) {
			t.Errorf("%s: error %v, want ErrUnknownChunks", name, z.Err())
		}
	}
	v, err := ToSlice[float64](context.Background(), y)
	if err != nil || !slices.Equal(v, []float64{5, 6, 7, 8, 9}) {
		t.Fatalf("x[x>4] = %v, %v", v, err)
	}
	if v, err := ToSlice[float64](context.Background(), y.Add(1)); err != nil || !slices.Equal(v, []float64{6, 7, 8, 9, 10}) {
		t.Fatalf("x[x>4] + 1 = %v, %v", v, err)
	}
	shErr(t, x.Mask(Ones([]int{4}, chunk.Bool, nil)), "boolean index did not match indexed array along axis 0; size of axis is 10 but size of corresponding boolean axis is 4")
	shErr(t, x.Mask(x), "mask must be a bool array")
	shErr(t, x.Compress(Ones([]int{3}, chunk.Bool, nil), 0), "condition has length 3 but axis 0 has size 10")
}

// shReshapeRef: reshaping the reference only changes its shape.
func TestReshape(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for it := range 400 {
		shape := shRandShape(rng, 4)
		x, ref := shRandArray(rng, shape, shDTypes[it%len(shDTypes)])
		size := chunk.Prod(shape)
		// A random target shape of the same size: factor size.
		var out []int
		rest := size
		for len(out) < 4 && rest > 1 {
			var divs []int
			for d := 1; d <= rest; d++ {
				if rest%d == 0 {
					divs = append(divs, d)
				}
			}
			d := divs[rng.IntN(len(divs))]
			out = append(out, d)
			rest /= d
		}
		if rest != 1 || size == 0 {
			out = append(out, rest)
		}
		if rng.IntN(3) == 0 {
			out = append(out, 1)
			slices.Reverse(out)
		}
		req := slices.Clone(out)
		if len(req) > 0 && size > 0 && rng.IntN(2) == 0 {
			req[rng.IntN(len(req))] = -1
		}
		y := x.Reshape(req...)
		shCheck(t, fmt.Sprintf("%v %v.Reshape(%v)", shape, x.Chunks(), req), y, shRef{shape: out, data: ref.data})
		// The chunks of axes kept as they are stay unchanged.
		if chunk.EqualShapes(shape, out) && y != x {
			t.Fatalf("identity reshape built a new array")
		}
		shCheck(t, "ravel", x.Ravel(), shRef{shape: []int{size}, data: ref.data})
	}
	x := Arange(0, 12, 1, chunk.Int64, chunk.Regular(5))
	shErr(t, x.Reshape(5), "cannot reshape array of size 12 into shape (5,)")
	shErr(t, x.Reshape(5, -1), "cannot reshape array of size 12 into shape (5,-1)")
	shErr(t, x.Reshape(-1, -1), "can only specify one unknown dimension")
	shErr(t, x.Reshape(-3, 4), "negative dimensions not allowed")
}

func TestReshapeRechunksOnlyWhatItMust(t *testing.T) {
	x := Zeros([]int{8, 6, 10}, chunk.Float64, chunk.Regular(2, 3, 5))
	// Merging the last two axes: the last is taken whole, and the middle
	// one's chunks are split by its 2 blocks (Dask's chunks), so that a
	// merged block is no bigger than before.
	if got := x.Reshape(8, 60).Chunks(); !slices.Equal(got[0], []int{2, 2, 2, 2}) || !slices.Equal(got[1], []int{10, 20, 10, 20}) {
		t.Errorf("merge chunks %v", got)
	}
	// A ravel of 1000² blocks: 250 rows of 4000 each, blocks of 10⁶.
	r := Zeros([]int{4000, 4000}, chunk.Float64, chunk.Regular(1000, 1000)).Ravel().Chunks()[0]
	if len(r) != 16 || slices.Max(r) != 1_000_000 || slices.Min(r) != 1_000_000 {
		t.Errorf("ravel chunks %v", r)
	}
	// Fewer elements than blocks merged: blocks of one row.
	if got := Zeros([]int{2, 9}, chunk.Float64, chunk.Regular(2, 3)).Ravel().Chunks()[0]; !slices.Equal(got, []int{9, 9}) {
		t.Errorf("ravel chunks %v", got)
	}
	// Adding and removing axes of length 1 changes no chunk.
	y := x.ExpandDims(0, 2).Squeeze()
	if !slices.EqualFunc(y.Chunks(), x.Chunks(), slices.Equal) {
		t.Errorf("expand/squeeze chunks %v, want %v", y.Chunks(), x.Chunks())
	}
	// Splitting the first axis: boundaries move to multiples of 2.
	z := Zeros([]int{24}, chunk.Int8, chunk.Regular(5)).Reshape(12, 2)
	if got := z.Chunks(); !slices.Equal(got[0], []int{3, 2, 3, 2, 2}) || !slices.Equal(got[1], []int{2}) {
		t.Errorf("split chunks %v", got)
	}
}

func TestSqueezeExpandMove(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for it := range 150 {
		shape := shRandShape(rng, 4)
		x, ref := shRandArray(rng, shape, shDTypes[it%len(shDTypes)])
		var sq []int
		for _, n := range shape {
			if n != 1 {
				sq = append(sq, n)
			}
		}
		shCheck(t, "squeeze", x.Squeeze(), shRef{shape: sq, data: ref.data})
		pos := rng.IntN(len(shape)+1) - rng.IntN(2)*(len(shape)+1)
		ex := slices.Clone(shape)
		p := pos
		if p < 0 {
			p += len(shape) + 1
		}
		ex = slices.Insert(ex, p, 1)
		shCheck(t, fmt.Sprintf("%v expand %d", shape, pos), x.ExpandDims(pos), shRef{shape: ex, data: ref.data})
		if len(shape) == 0 {
			continue
		}
		s, d := rng.IntN(len(shape)), rng.IntN(len(shape))
		var perm []int
		for a := range shape {
			if a != s {
				perm = append(perm, a)
			}
		}
		perm = slices.Insert(perm, d, s)
		ms := make([]int, len(shape))
		for i, a := range perm {
			ms[i] = shape[a]
		}
		shCheck(t, fmt.Sprintf("%v moveaxis %d %d", shape, s, d), x.MoveAxis(s, d), shMap(ms, func(o []int) float64 {
			in := make([]int, len(o))
			for i, a := range perm {
				in[a] = o[i]
			}
			return ref.at(in)
		}))
	}
	x := Zeros([]int{2, 1, 3}, chunk.Float64, nil)
	shErr(t, x.Squeeze(0), "cannot select an axis to squeeze out which has size not equal to one")
	shErr(t, x.Squeeze(3), "axis 3 is out of bounds for array of dimension 3")
	shErr(t, x.ExpandDims(0, 0), "repeated axis")
	shErr(t, x.MoveAxis(0, 5), "destination: axis 5 is out of bounds")
	shErr(t, x.SwapAxes(-4, 0), "axis -4 is out of bounds")
}

func TestConcatenateStack(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for it := range 200 {
		shape := shRandShape(rng, 4)
		if len(shape) == 0 {
			continue
		}
		axis := rng.IntN(len(shape))
		k := 1 + rng.IntN(3)
		var arrays []*Array
		var refs []shRef
		for i := range k {
			s := slices.Clone(shape)
			s[axis] = rng.IntN(4)
			x, r := shRandArray(rng, s, shDTypes[(it+i)%len(shDTypes)])
			arrays, refs = append(arrays, x), append(refs, r)
		}
		wshape := slices.Clone(shape)
		wshape[axis] = 0
		for _, r := range refs {
			wshape[axis] += r.shape[axis]
		}
		want := shMap(wshape, func(o []int) float64 {
			p := o[axis]
			for _, r := range refs {
				if p < r.shape[axis] {
					in := slices.Clone(o)
					in[axis] = p
					return r.at(in)
				}
				p -= r.shape[axis]
			}
			panic("unreachable")
		})
		y := Concatenate(arrays, axis-len(shape)*(it%2))
		dt := arrays[0].DType()
		for _, a := range arrays[1:] {
			dt = chunk.Promote(dt, a.DType())
		}
		if y.DType() != dt {
			t.Fatalf("concatenate dtype %v, want %v", y.DType(), dt)
		}
		shCheck(t, fmt.Sprintf("concatenate %v axis %d", shape, axis), y, want)

		// Stack arrays of one shape.
		var same []*Array
		refs = refs[:0]
		for range k {
			x, r := shRandArray(rng, shape, chunk.Float64)
			same, refs = append(same, x), append(refs, r)
		}
		sa := rng.IntN(len(shape) + 1)
		sshape := slices.Insert(slices.Clone(shape), sa, k)
		shCheck(t, fmt.Sprintf("stack %v axis %d", shape, sa), Stack(same, sa), shMap(sshape, func(o []int) float64 {
			in := slices.Delete(slices.Clone(o), sa, sa+1)
			return refs[o[sa]].at(in)
		}))
	}
	a := Zeros([]int{2, 3}, chunk.Float64, nil)
	shErr(t, Concatenate([]*Array{a, Zeros([]int{2, 4}, chunk.Float64, nil)}, 0),
		"all the input array dimensions except for the concatenation axis must match exactly, but along dimension 1, the array at index 0 has size 3 and the array at index 1 has size 4")
	shErr(t, Concatenate([]*Array{a, Zeros([]int{2}, chunk.Float64, nil)}, 0), "all the input arrays must have same number of dimensions")
	shErr(t, Concatenate(nil, 0), "need at least one array to concatenate")
	shErr(t, Concatenate([]*Array{Zeros(nil, chunk.Float64, nil)}, 0), "zero-dimensional arrays cannot be concatenated")
	shErr(t, Concatenate([]*Array{a, a}, 2), "axis 2 is out of bounds for array of dimension 2")
	shErr(t, Stack([]*Array{a, Zeros([]int{3, 2}, chunk.Float64, nil)}, 0), "all input arrays must have the same shape")
}

func TestBlock(t *testing.T) {
	ctx := context.Background()
	a := FromSlice([]int64{1, 2, 3, 4}, []int{2, 2}, chunk.Regular(1, 2))
	b := FromSlice([]int64{5, 6}, []int{2, 1}, nil)
	c := FromSlice([]int64{7, 8, 9}, []int{1, 3}, nil)
	y := Block(BlockList(BlockList(BlockLeaf(a), BlockLeaf(b)), BlockList(BlockLeaf(c))))
	v, err := ToSlice[int64](ctx, y)
	if err != nil || !slices.Equal(v, []int64{1, 2, 5, 3, 4, 6, 7, 8, 9}) || !slices.Equal(y.Shape(), []int{3, 3}) {
		t.Fatalf("block = %v %v %v", v, y.Shape(), err)
	}
	// 1-d leaves in a depth-2 list get a leading axis.
	r := FromSlice([]int64{1, 2}, []int{2}, nil)
	y = Block(BlockList(BlockList(BlockLeaf(r), BlockLeaf(r)), BlockList(BlockLeaf(r), BlockLeaf(r))))
	v, err = ToSlice[int64](ctx, y)
	if err != nil || !slices.Equal(v, []int64{1, 2, 1, 2, 1, 2, 1, 2}) || !slices.Equal(y.Shape(), []int{2, 4}) {
		t.Fatalf("block of 1-d = %v %v %v", v, y.Shape(), err)
	}
	shErr(t, Block(BlockList(BlockLeaf(a), BlockList(BlockLeaf(b)))), "List depths are mismatched. First element was at depth 1, but there is an element at depth 2 (arrays[1][0])")
	shErr(t, Block(BlockList()), "List at arrays cannot be empty")
	shErr(t, Block(BlockList(BlockList(BlockLeaf(a), BlockLeaf(c)))), "along dimension 0")
}

func TestPad(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	modes := []PadMode{PadConstant, PadEdge, PadReflect, PadSymmetric, PadWrap}
	for it := range 400 {
		shape := shRandShape(rng, 3)
		x, ref := shRandArray(rng, shape, shDTypes[it%len(shDTypes)])
		mode := modes[it%len(modes)]
		widths := make([][2]int, len(shape))
		wshape := slices.Clone(shape)
		empty := false
		for a := range widths {
			widths[a] = [2]int{rng.IntN(8), rng.IntN(8)}
			wshape[a] += widths[a][0] + widths[a][1]
			empty = empty || shape[a] == 0
		}
		y := x.Pad(widths, mode, 42)
		if empty && mode != PadConstant && chunk.Prod(wshape) != chunk.Prod(shape) {
			if y.Err() == nil {
				t.Fatalf("pad of an empty axis in mode %v: no error", mode)
			}
			continue
		}
		want := shMap(wshape, func(o []int) float64 {
			in := make([]int, len(o))
			for a, i := range o {
				p, n := i-widths[a][0], shape[a]
				if p < 0 || p >= n {
					if mode == PadConstant {
						return 42
					}
					switch mode {
					case PadEdge:
						p = min(max(p, 0), n-1)
					default:
						p = padIndex(mode, n, p)
					}
				}
				in[a] = p
			}
			return ref.at(in)
		})
		shCheck(t, fmt.Sprintf("%v pad %v %v", shape, widths, mode), y, want)
	}
	// Spot checks against numpy.
	ctx := context.Background()
	x := FromSlice([]int64{0, 1, 2}, []int{3}, chunk.Regular(2))
	for _, c := range []struct {
		mode PadMode
		want []int64
	}{
		{PadReflect, []int64{1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1}},
		{PadSymmetric, []int64{0, 0, 1, 2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 0, 1, 2, 2}},
	} {
		v, err := ToSlice[int64](ctx, x.Pad([][2]int{{7, 7}}, c.mode, 0))
		if err != nil || !slices.Equal(v, c.want) {
			t.Errorf("pad %v = %v %v, want %v", c.mode, v, err, c.want)
		}
	}
	shErr(t, x.Pad([][2]int{{-1, 0}}, PadEdge, 0), "index can't contain negative values")
	shErr(t, Zeros([]int{0}, chunk.Float64, nil).Pad([][2]int{{1, 1}}, PadReflect, 0), "can't extend empty axis 0 using modes other than 'constant' or 'empty'")
	shErr(t, x.Pad([][2]int{{1, 1}, {1, 1}}, PadEdge, 0), "2 pad widths for an array of 1 axes")
}

func TestRepeatTileFlipRoll(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for it := range 300 {
		shape := shRandShape(rng, 4)
		x, ref := shRandArray(rng, shape, shDTypes[it%len(shDTypes)])
		nd := len(shape)
		if nd > 0 {
			axis := rng.IntN(nd)
			r := rng.IntN(4)
			ws := slices.Clone(shape)
			ws[axis] *= r
			shCheck(t, fmt.Sprintf("%v repeat %d axis %d", shape, r, axis), x.Repeat(r, axis-nd*(it%2)), shMap(ws, func(o []int) float64 {
				in := slices.Clone(o)
				in[axis] = o[axis] / r
				return ref.at(in)
			}))
			// Flip a random set of axes.
			var axes []int
			for a := range nd {
				if rng.IntN(2) == 0 {
					axes = append(axes, a)
				}
			}
			flip := func(a int) bool { return len(axes) == 0 || slices.Contains(axes, a) }
			shCheck(t, fmt.Sprintf("%v flip %v", shape, axes), x.Flip(axes...), shMap(shape, func(o []int) float64 {
				in := slices.Clone(o)
				for a := range in {
					if flip(a) {
						in[a] = shape[a] - 1 - o[a]
					}
				}
				return ref.at(in)
			}))
			// Roll along one axis, or flattened.
			shift := rng.IntN(21) - 10
			mod := func(a, m int) int { return ((a % m) + m) % m }
			if it%3 == 0 {
				size := chunk.Prod(shape)
				shCheck(t, fmt.Sprintf("%v roll %d", shape, shift), x.Roll(shift), shRef{shape: shape, data: shMap([]int{size}, func(o []int) float64 {
					return ref.data[mod(o[0]-shift, size)]
				}).data})
			} else {
				shCheck(t, fmt.Sprintf("%v roll %d axis %d", shape, shift, axis), x.Roll(shift, axis, axis), shMap(shape, func(o []int) float64 {
					in := slices.Clone(o)
					in[axis] = mod(o[axis]-2*shift, shape[axis])
					return ref.at(in)
				}))
			}
		}
		// Tile with up to nd+1 reps.
		reps := make([]int, rng.IntN(nd+2))
		for i := range reps {
			reps[i] = rng.IntN(3)
		}
		tnd := max(nd, len(reps))
		full := slices.Repeat([]int{1}, tnd)
		copy(full[tnd-len(reps):], reps)
		xs := append(slices.Repeat([]int{1}, tnd-nd), shape...)
		ts := make([]int, tnd)
		for a := range ts {
			ts[a] = xs[a] * full[a]
		}
		shCheck(t, fmt.Sprintf("%v tile %v", shape, reps), x.Tile(reps...), shMap(ts, func(o []int) float64 {
			in := make([]int, nd)
			for a := range nd {
				in[a] = o[a+tnd-nd] % shape[a]
			}
			return ref.at(in)
		}))
	}
	x := Arange(0, 4, 1, chunk.Int64, chunk.Regular(3))
	shErr(t, x.Repeat(-1, 0), "negative dimensions are not allowed")
	shErr(t, x.Tile(-1), "negative dimensions are not allowed")
	shErr(t, x.Flip(0, 0), "repeated axis 0")
	shErr(t, x.Roll(1, 1), "axis 1 is out of bounds for array of dimension 1")
	v, _ := ToSlice[int64](context.Background(), x.Roll(-7))
	if !slices.Equal(v, []int64{3, 0, 1, 2}) {
		t.Errorf("roll -7 = %v", v)
	}
}

// TestShapeOpsBool runs the gather kernel on bool data.
func TestShapeOpsBool(t *testing.T) {
	x := Arange(0, 10, 1, chunk.Int64, chunk.Regular(3)).Gt(4)
	v, err := ToSlice[bool](context.Background(), Concatenate([]*Array{x.Flip(), x.Take([]int{9, 0}, 0)}, 0).Pad([][2]int{{1, 0}}, PadConstant, 1))
	want := []bool{true, true, true, true, true, true, false, false, false, false, false, true, false}
	if err != nil || !slices.Equal(v, want) {
		t.Fatalf("got %v %v, want %v", v, err, want)
	}
}
