package array

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// pySliceIndices returns the positions start:stop:step selects on an
// axis of length n (CPython's PySlice_AdjustIndices); None omits a bound.
func pySliceIndices(start, stop, step, n int) []int {
	if step == None {
		step = 1
	}
	lower, upper := 0, n
	if step < 0 {
		lower, upper = -1, n-1
	}
	adj := func(v, def int) int {
		if v == None {
			return def
		}
		if v < 0 {
			v += n
			if v < lower {
				v = lower
			}
		} else if v > upper {
			v = upper
		}
		return v
	}
	var s, e int
	if step > 0 {
		s, e = adj(start, lower), adj(stop, upper)
	} else {
		s, e = adj(start, upper), adj(stop, lower)
	}
	var out []int
	for i := s; (step > 0 && i < e) || (step < 0 && i > e); i += step {
		out = append(out, i)
	}
	return out
}

type refIndex struct {
	kind    int // 0 slice, 1 at, 2 newaxis, 3 ellipsis
	a, b, c int
}

// refGetitem applies NumPy basic indexing to d.
func refGetitem(d *chunk.Dense, idx []refIndex) *chunk.Dense {
	nd := len(d.Shape())
	used := 0
	for _, ix := range idx {
		if ix.kind <= 1 {
			used++
		}
	}
	var full []refIndex
	hasEll := false
	for _, ix := range idx {
		if ix.kind == 3 {
			hasEll = true
			for k := 0; k < nd-used; k++ {
				full = append(full, refIndex{0, None, None, 1})
			}
			continue
		}
		full = append(full, ix)
	}
	if !hasEll {
		for k := used; k < nd; k++ {
			full = append(full, refIndex{0, None, None, 1})
		}
	}
	// Per input axis, the positions; per output axis, its input axis.
	sel := make([][]int, nd)
	var outShape, outIn []int
	ax := 0
	for _, ix := range full {
		switch ix.kind {
		case 2:
			outShape = append(outShape, 1)
			outIn = append(outIn, -1)
			continue
		case 1:
			i := ix.a
			if i < 0 {
				i += d.Shape()[ax]
			}
			sel[ax] = []int{i}
		case 0:
			sel[ax] = pySliceIndices(ix.a, ix.b, ix.c, d.Shape()[ax])
			outShape = append(outShape, len(sel[ax]))
			outIn = append(outIn, ax)
		}
		ax++
	}
	out := chunk.NewDense(d.DType(), outShape)
	oi := make([]int, len(outShape))
	ii := make([]int, nd)
	for p := 0; p < out.Len(); p++ {
		chunk.Unravel(oi, p, outShape)
		for a := range ii {
			ii[a] = sel[a][0]
		}
		for o, a := range outIn {
			if a >= 0 {
				ii[a] = sel[a][oi[o]]
			}
		}
		setNum(out, p, at(d, chunk.Ravel(ii, d.Shape())))
	}
	return out
}

func randBound(r *rand.Rand, n int) int {
	if r.Intn(4) == 0 {
		return None
	}
	return r.Intn(2*n+5) - n - 2
}

func TestIndexAgainstReference(t *testing.T) {
	r := rand.New(rand.NewSource(20))
	iters := 400
	if testing.Short() {
		iters = 100
	}
	for it := 0; it < iters; it++ {
		shape := randShape(r, 0, 4, 200)
		dt := chunk.DTypes[r.Intn(len(chunk.DTypes))]
		d := randDense(r, dt, shape)
		x := FromDense(d, randSpec(r, shape))
		var idx []Index
		var ref []refIndex
		ellipsis := false
		for a := 0; a < len(shape); a++ {
			if r.Intn(5) == 0 {
				idx, ref = append(idx, NewAxis()), append(ref, refIndex{kind: 2})
			}
			if !ellipsis && r.Intn(6) == 0 {
				ellipsis = true
				skip := r.Intn(len(shape) - a + 1)
				idx, ref = append(idx, Ellipsis()), append(ref, refIndex{kind: 3})
				a += skip - 1
				continue
			}
			n := shape[a]
			if n > 0 && r.Intn(4) == 0 {
				i := r.Intn(2*n) - n
				idx, ref = append(idx, At(i)), append(ref, refIndex{kind: 1, a: i})
				continue
			}
			if r.Intn(5) == 0 && a == len(shape)-1 {
				break // leave trailing axes implicit
			}
			step := []int{1, 1, 2, 3, -1, -2, -3, None}[r.Intn(8)]
			lo, hi := randBound(r, n), randBound(r, n)
			idx, ref = append(idx, S(lo, hi, step)), append(ref, refIndex{0, lo, hi, step})
		}
		if ellipsis {
			// An ellipsis counts for the axes it skipped: rebuild idx so the
			// number of explicit axes is consistent — trust refGetitem to
			// expand the same way Index does.
		}
		what := fmt.Sprintf("%v%v chunks %v [%v]", dt, shape, x.Chunks(), ref)
		var z *Array
		mustNotPanic(t, what, func() { z = x.Index(idx...) })
		if z.Err() != nil {
			t.Fatalf("%s: %v", what, z.Err())
		}
		want := refGetitem(d, ref)
		if !chunk.EqualShapes(z.Shape(), want.Shape()) {
			t.Fatalf("%s: shape %v, want %v", what, z.Shape(), want.Shape())
		}
		got, err := z.Compute(bg)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		checkDense(t, what, got, want, 0)
		// Sliced arrays feed elementwise ops and reductions.
		if dt != chunk.Bool && z.Size() > 0 {
			s, err := z.AsType(chunk.Float64).Sum().Compute(bg)
			if err != nil {
				t.Fatalf("%s: sum: %v", what, err)
			}
			checkDense(t, what+" sum", s, refReduce(1, refCast(want, chunk.Float64), identityAxes(len(want.Shape())), false), 1e-10)
		}
	}
}

func TestIndexExamples(t *testing.T) {
	x := Arange(0, 10, 1, chunk.Int64, chunk.Regular(3))
	cases := []struct {
		idx  []Index
		want []int64
	}{
		{[]Index{S(None, None, -1)}, []int64{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}},
		{[]Index{S(8, 2, -3)}, []int64{8, 5}},
		{[]Index{S(-3, None, 1)}, []int64{7, 8, 9}},
		{[]Index{S(-100, 100, 4)}, []int64{0, 4, 8}},
		{[]Index{S(5, 5, 1)}, []int64{}},
		{[]Index{S(100, 200, 1)}, []int64{}},
		{[]Index{S(3, 1, 1)}, []int64{}},
		{[]Index{S(None, -100, -1)}, []int64{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}},
		{[]Index{Ellipsis(), S(1, None, 2)}, []int64{1, 3, 5, 7, 9}},
	}
	for _, c := range cases {
		got, err := ToSlice[int64](bg, x.Index(c.idx...))
		if err != nil || fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("x[%v] = %v (%v), want %v", c.idx, got, err, c.want)
		}
	}
	v, err := ToSlice[int64](bg, x.Index(At(-1)))
	if err != nil || len(v) != 1 || v[0] != 9 {
		t.Errorf("x[-1] = %v, %v", v, err)
	}
	if z := x.Index(At(-1)); z.NDim() != 0 {
		t.Errorf("x[-1] has shape %v, want ()", z.Shape())
	}
	if z := x.Index(NewAxis(), Ellipsis(), NewAxis()); fmt.Sprint(z.Shape()) != "[1 10 1]" {
		t.Errorf("x[None, ..., None] has shape %v", z.Shape())
	}
}

func TestTransposeAgainstReference(t *testing.T) {
	r := rand.New(rand.NewSource(21))
	for it := 0; it < 150; it++ {
		shape := randShape(r, 0, 4, 300)
		dt := chunk.DTypes[r.Intn(len(chunk.DTypes))]
		d := randDense(r, dt, shape)
		x := FromDense(d, randSpec(r, shape))
		nd := len(shape)
		perm := r.Perm(nd)
		given := append([]int(nil), perm...)
		for i := range given {
			if r.Intn(3) == 0 {
				given[i] -= nd
			}
		}
		var z *Array
		if r.Intn(4) == 0 {
			z = x.T()
			for i := range perm {
				perm[i] = nd - 1 - i
			}
		} else {
			z = x.Transpose(given...)
		}
		what := fmt.Sprintf("transpose(%v%v, %v)", dt, shape, given)
		if z.Err() != nil {
			t.Fatalf("%s: %v", what, z.Err())
		}
		outShape := make([]int, nd)
		for i, a := range perm {
			outShape[i] = shape[a]
			if got, want := fmt.Sprint(z.Chunks()[i]), fmt.Sprint(x.Chunks()[a]); got != want {
				t.Fatalf("%s: chunks %v on axis %d, want %v", what, got, i, want)
			}
		}
		want := chunk.NewDense(dt, outShape)
		oi, ii := make([]int, nd), make([]int, nd)
		for p := 0; p < want.Len(); p++ {
			chunk.Unravel(oi, p, outShape)
			for i, a := range perm {
				ii[a] = oi[i]
			}
			setNum(want, p, at(d, chunk.Ravel(ii, shape)))
		}
		got, err := z.Compute(bg)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		checkDense(t, what, got, want, 0)
		// x + x.T-like mixes: transposing back gives x.
		back := make([]int, nd)
		for i, a := range perm {
			back[a] = i
		}
		got2, err := z.Transpose(back...).Add(x).Compute(bg)
		if err != nil {
			t.Fatalf("%s: round trip: %v", what, err)
		}
		if dt != chunk.Bool {
			checkDense(t, what+" round trip", got2, refBinary(binCases[0], dt, dt, d, d), 0)
		}
	}
}

func TestRechunkAgainstReference(t *testing.T) {
	r := rand.New(rand.NewSource(22))
	for it := 0; it < 150; it++ {
		shape := randShape(r, 0, 4, 300)
		dt := chunk.DTypes[r.Intn(len(chunk.DTypes))]
		d := randDense(r, dt, shape)
		x := FromDense(d, randSpec(r, shape))
		spec := randSpec(r, shape)
		z := x.Rechunk(spec)
		what := fmt.Sprintf("rechunk(%v%v %v → %v)", dt, shape, x.Chunks(), spec)
		if z.Err() != nil {
			t.Fatalf("%s: %v", what, z.Err())
		}
		g, _ := spec.Plan(shape, dt, 0, nil)
		if !g.Equal(z.Grid()) {
			t.Fatalf("%s: chunks %v, want %v", what, z.Chunks(), g.Chunks())
		}
		got, err := z.Compute(bg)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		checkDense(t, what, got, d, 0)
	}
}

// TestEveryOtherInto checks the step-2 row copy against a plain loop for
// rows of every length up to 40 (its unrolled loop and its tail) and two
// element sizes.
func TestEveryOtherInto(t *testing.T) {
	for n := range 41 {
		in := make([]float64, max(2*n-1, 0))
		in8 := make([]int8, len(in))
		for i := range in {
			in[i], in8[i] = float64(i)+0.5, int8(i)
		}
		row, row8 := make([]float64, n), make([]int8, n)
		everyOtherInto(row, in)
		everyOtherInto(row8, in8)
		for i := range n {
			if row[i] != in[2*i] || row8[i] != in8[2*i] {
				t.Fatalf("n=%d: element %d = %v/%v, want %v/%v", n, i, row[i], row8[i], in[2*i], in8[2*i])
			}
		}
	}
}
