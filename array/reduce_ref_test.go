package array

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/reductions"
)

// refReduce reduces d over the sorted axes with NumPy's semantics and
// dtypes: integer sums and products wrap in 64 bits, float ones
// accumulate in float64; min and max propagate NaN.
func refReduce(op reductions.Op, d *chunk.Dense, axes []int, keep bool) *chunk.Dense {
	shape := d.Shape()
	red := make([]bool, len(shape))
	for _, a := range axes {
		red[a] = true
	}
	var outShape, keepShape []int
	for a, n := range shape {
		if red[a] {
			keepShape = append(keepShape, 1)
			if keep {
				outShape = append(outShape, 1)
			}
			continue
		}
		keepShape = append(keepShape, n)
		outShape = append(outShape, n)
	}
	m := chunk.Prod(keepShape)
	dt := d.DType()
	fs := make([]float64, m)
	is := make([]int64, m)
	us := make([]uint64, m)
	seen := make([]bool, m)
	count := 1
	for _, a := range axes {
		count *= shape[a]
	}
	idx := make([]int, len(shape))
	for p := 0; p < d.Len(); p++ {
		chunk.Unravel(idx, p, shape)
		for a := range idx {
			if red[a] {
				idx[a] = 0
			}
		}
		q := chunk.Ravel(idx, keepShape)
		n := at(d, p)
		var f float64
		var i int64
		var u uint64
		switch dt.Kind() {
		case chunk.KindBool:
			if n.b {
				f, i, u = 1, 1, 1
			}
		case chunk.KindInt:
			f, i, u = float64(n.i), n.i, uint64(n.i)
		case chunk.KindUint:
			f, i, u = float64(n.u), int64(n.u), n.u
		default:
			f = n.f
		}
		if !seen[q] {
			seen[q] = true
			if op == reductions.Prod {
				fs[q], is[q], us[q] = 1, 1, 1
			} else if op == reductions.Min || op == reductions.Max {
				fs[q], is[q], us[q] = f, i, u
				continue
			}
		}
		switch op {
		case reductions.Sum, reductions.Mean:
			fs[q] += f
			is[q] += i
			us[q] += u
		case reductions.Prod:
			fs[q] *= f
			is[q] *= i
			us[q] *= u
		case reductions.Min:
			fs[q], is[q], us[q] = min(fs[q], f), min(is[q], i), min(us[q], u)
		case reductions.Max:
			fs[q], is[q], us[q] = max(fs[q], f), max(is[q], i), max(us[q], u)
		}
	}
	if op == reductions.Prod {
		for q := range seen {
			if !seen[q] {
				fs[q], is[q], us[q] = 1, 1, 1
			}
		}
	}
	rt := op.ResultDType(dt)
	out := chunk.NewDense(rt, outShape)
	for q := 0; q < m; q++ {
		var n num
		switch {
		case op == reductions.Mean:
			n = num{dt: chunk.Float64, f: fs[q] / float64(count)}
		case dt.IsFloat():
			n = num{dt: chunk.Float64, f: fs[q]}
		case dt.Kind() == chunk.KindUint:
			n = num{dt: chunk.Uint64, u: us[q]}
		default:
			n = num{dt: chunk.Int64, i: is[q]}
		}
		setNum(out, q, n)
	}
	return out
}

var reduceCases = []struct {
	op reductions.Op
	f  func(*Array, ...ReduceOption) *Array
}{
	{reductions.Sum, (*Array).Sum},
	{reductions.Prod, (*Array).Prod},
	{reductions.Mean, (*Array).Mean},
	{reductions.Min, (*Array).Min},
	{reductions.Max, (*Array).Max},
}

func TestReductionsAgainstReference(t *testing.T) {
	r := rand.New(rand.NewSource(10))
	iters := 6
	if testing.Short() {
		iters = 2
	}
	for _, c := range reduceCases {
		for _, dt := range realDTypes {
			for it := 0; it < iters; it++ {
				shape := randShape(r, 0, 4, 100)
				d := randDense(r, dt, shape)
				x := FromDense(d, randSpec(r, shape))
				nd := len(shape)
				var opts []ReduceOption
				var axes []int
				// all axes, one axis or several, sometimes negative.
				switch k := r.Intn(3); {
				case k == 0 || nd == 0:
					axes = identityAxes(nd)
				default:
					for a := 0; a < nd; a++ {
						if r.Intn(2) == 0 {
							axes = append(axes, a)
						}
					}
					given := slices.Clone(axes)
					for i := range given {
						if r.Intn(2) == 0 {
							given[i] -= nd
						}
					}
					r.Shuffle(len(given), func(i, j int) { given[i], given[j] = given[j], given[i] })
					opts = append(opts, Axis(given...))
				}
				keep := r.Intn(2) == 0
				if keep {
					opts = append(opts, KeepDims())
				}
				switch r.Intn(3) {
				case 0:
					opts = append(opts, SplitEvery(2+r.Intn(3)))
				case 1:
					se := make([]int, nd)
					for a := range se {
						se[a] = []int{0, 2, 3}[r.Intn(3)]
					}
					opts = append(opts, SplitEveryAxes(se...))
				}
				what := fmt.Sprintf("%v(%v%v, chunks %v, axes %v, keepdims %v)", c.op, dt, shape, x.Chunks(), axes, keep)
				var z *Array
				mustNotPanic(t, what, func() { z = c.f(x, opts...) })
				empty := false
				for _, a := range axes {
					empty = empty || shape[a] == 0
				}
				if (c.op == reductions.Min || c.op == reductions.Max) && empty {
					if z.Err() == nil || !strings.Contains(z.Err().Error(), c.op.String()) {
						t.Fatalf("%s: err %v, want an error naming %v", what, z.Err(), c.op)
					}
					continue
				}
				if z.Err() != nil {
					t.Fatalf("%s: %v", what, z.Err())
				}
				want := refReduce(c.op, d, axes, keep)
				if z.DType() != want.DType() {
					t.Fatalf("%s: dtype %v, want %v", what, z.DType(), want.DType())
				}
				if !chunk.EqualShapes(z.Shape(), want.Shape()) {
					t.Fatalf("%s: shape %v, want %v", what, z.Shape(), want.Shape())
				}
				got, err := z.Compute(bg)
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				tol := 1e-10
				if want.DType() == chunk.Float32 {
					tol = 2e-6
				}
				checkDense(t, what, got, want, tol)
			}
		}
	}
}

func TestReductionDTypes(t *testing.T) {
	cases := []struct {
		op       reductions.Op
		in, want chunk.DType
	}{
		{reductions.Sum, chunk.Int32, chunk.Int64},
		{reductions.Sum, chunk.Int8, chunk.Int64},
		{reductions.Sum, chunk.Bool, chunk.Int64},
		{reductions.Sum, chunk.Uint8, chunk.Uint64},
		{reductions.Sum, chunk.Float32, chunk.Float32},
		{reductions.Prod, chunk.Int16, chunk.Int64},
		{reductions.Mean, chunk.Int32, chunk.Float64},
		{reductions.Mean, chunk.Bool, chunk.Float64},
		{reductions.Mean, chunk.Uint64, chunk.Float64},
		{reductions.Mean, chunk.Float32, chunk.Float32},
		{reductions.Min, chunk.Uint16, chunk.Uint16},
		{reductions.Max, chunk.Bool, chunk.Bool},
	}
	for _, c := range cases {
		x := Ones([]int{3, 4}, c.in, chunk.Regular(2, 3))
		for _, rc := range reduceCases {
			if rc.op != c.op {
				continue
			}
			for _, opts := range [][]ReduceOption{nil, {Axis(0)}, {Axis(-1), KeepDims()}} {
				if got := rc.f(x, opts...).DType(); got != c.want {
					t.Errorf("%v of %v: dtype %v, want %v", c.op, c.in, got, c.want)
				}
			}
		}
	}
}

// A float32 mean of many values must not lose precision to a float32
// accumulator.
func TestMeanFloat32Accuracy(t *testing.T) {
	n := 1 << 20
	v := make([]float32, n)
	for i := range v {
		v[i] = 0.1
	}
	m, err := ToSlice[float32](bg, FromSlice(v, []int{n}, chunk.Regular(1<<16)).Mean())
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(float64(m[0])-0.1) > 1e-6 {
		t.Errorf("mean = %v, want 0.1", m[0])
	}
}
