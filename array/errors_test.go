package array

import (
	"math"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// Every bad input gives an error naming the operation and the offending
// values, from Err and from Compute, and never a panic.
func TestBadInputErrors(t *testing.T) {
	f64 := func(shape ...int) *Array { return Ones(shape, chunk.Float64, nil) }
	i32 := func(shape ...int) *Array { return Ones(shape, chunk.Int32, nil) }
	b := func(shape ...int) *Array { return Ones(shape, chunk.Bool, nil) }
	cases := []struct {
		name string
		make func() *Array
		want []string // substrings of the error
	}{
		{"add shapes", func() *Array { return f64(3, 4).Add(f64(5)) }, []string{"add", "[3 4]", "[5]"}},
		{"where shapes", func() *Array { return Where(b(2, 3), f64(2, 3), f64(4)) }, []string{"where", "[2 3]", "[4]"}},
		{"mul shapes 3-d", func() *Array { return f64(2, 3, 4).Mul(f64(4, 1)) }, []string{"multiply", "[2 3 4]", "[4 1]"}},
		{"bool subtract", func() *Array { return b(3).Sub(b(3)) }, []string{"subtract", "bool"}},
		{"float and", func() *Array { return f64(3).And(i32(3)) }, []string{"bitwise_and", "float64", "int32"}},
		{"float xor scalar", func() *Array { return i32(3).Xor(1.5) }, []string{"bitwise_xor", "int32", "float"}},
		{"float invert", func() *Array { return f64(3).Not() }, []string{"invert", "float64"}},
		{"bool negative", func() *Array { return b(3).Neg() }, []string{"negative", "bool"}},
		{"bad operand type", func() *Array { return f64(3).Add("x") }, []string{"add", "string"}},
		{"nil operand", func() *Array { return f64(3).Add((*Array)(nil)) }, []string{"add", "nil"}},
		{"astype invalid", func() *Array { return f64(3).AsType(chunk.DType(99)) }, []string{"astype", "DType(99)"}},
		{"sum axis", func() *Array { return f64(3, 4).Sum(Axis(2)) }, []string{"sum", "axis 2", "dimension 2"}},
		{"mean negative axis", func() *Array { return f64(3, 4).Mean(Axis(-3)) }, []string{"mean", "axis -3", "dimension 2"}},
		{"max duplicate axis", func() *Array { return f64(3, 4).Max(Axis(1, -1)) }, []string{"max", "duplicate", "[1 -1]"}},
		{"prod split_every", func() *Array { return f64(3, 4).Prod(SplitEvery(1)) }, []string{"prod", "split_every 1"}},
		{"sum split_every axes", func() *Array { return f64(3, 4).Sum(SplitEveryAxes(2)) }, []string{"sum", "split_every", "1 entries", "2 axes"}},
		{"sum split_every axis value", func() *Array { return f64(3, 4).Sum(SplitEveryAxes(0, 1)) }, []string{"sum", "split_every 1", "axis 1"}},
		{"min empty", func() *Array { return f64(3, 0).Min(Axis(1)) }, []string{"min", "zero-size"}},
		{"max empty all", func() *Array { return f64(0).Max() }, []string{"max", "zero-size"}},
		{"transpose length", func() *Array { return f64(2, 3).Transpose(0) }, []string{"transpose", "[0]", "dimension 2"}},
		{"transpose range", func() *Array { return f64(2, 3).Transpose(0, 2) }, []string{"transpose", "axis 2", "dimension 2"}},
		{"transpose repeat", func() *Array { return f64(2, 3).Transpose(1, -1) }, []string{"transpose", "repeated axis 1", "[1 -1]"}},
		{"index out of range", func() *Array { return f64(2, 3).Index(All(), At(3)) }, []string{"getitem", "axis 1", "index 3", "size 3"}},
		{"index negative out of range", func() *Array { return f64(2, 3).Index(At(-3)) }, []string{"getitem", "axis 0", "index -3", "size 2"}},
		{"index too many", func() *Array { return f64(2, 3).Index(At(0), At(0), At(0)) }, []string{"getitem", "too many indices", "2-dimensional", "3"}},
		{"index two ellipses", func() *Array { return f64(2, 3).Index(Ellipsis(), Ellipsis()) }, []string{"getitem", "ellipsis"}},
		{"slice step 0", func() *Array { return f64(2, 3).Index(All(), S(0, 2, 0)) }, []string{"getitem", "axis 1", "step", "zero"}},
		{"rechunk spec length", func() *Array { return f64(4, 4).Rechunk(chunk.Regular(2)) }, []string{"rechunk", "1 chunk specs", "[4 4]"}},
		{"rechunk sizes sum", func() *Array { return f64(4, 4).Rechunk(chunk.Spec{chunk.Sizes(1, 2), chunk.Whole()}) }, []string{"rechunk", "[1 2]", "axis 0", "sum to 3", "4"}},
		{"rechunk size 0", func() *Array { return f64(4).Rechunk(chunk.Regular(0)) }, []string{"rechunk", "size 0", "axis 0"}},
		{"from_slice length", func() *Array { return FromSlice([]float64{1, 2, 3}, []int{2, 2}, nil) }, []string{"from_slice", "3 values", "[2 2]"}},
		{"from_slice chunks", func() *Array { return FromSlice([]float64{1, 2, 3}, []int{3}, chunk.Regular(-1)) }, []string{"from_array", "-1", "axis 0"}},
		{"zeros negative shape", func() *Array { return Zeros([]int{2, -1}, chunk.Float64, nil) }, []string{"full", "[2 -1]", "axis 1"}},
		{"ones bad spec", func() *Array { return Ones([]int{4}, chunk.Int8, chunk.Spec{chunk.Sizes(2, 3)}) }, []string{"full", "[2 3]", "4"}},
		{"full invalid dtype", func() *Array { return Full([]int{4}, 1, chunk.Invalid, nil) }, []string{"full", "invalid"}},
		{"arange step 0", func() *Array { return Arange(0, 3, 0, chunk.Int64, nil) }, []string{"arange", "step 0"}},
		{"arange NaN step", func() *Array { return Arange(0, 3, math.NaN(), chunk.Int64, nil) }, []string{"arange", "NaN"}},
		{"linspace negative", func() *Array { return Linspace(0, 1, -2, true, nil) }, []string{"linspace", "-2"}},
		{"eye negative", func() *Array { return Eye(-1, 0, 0, chunk.Float64, nil) }, []string{"eye", "-1"}},
		{"uniform range", func() *Array { return NewRNG(1).Uniform(2, 1, []int{3}, nil) }, []string{"uniform", "1", "2"}},
		{"normal scale", func() *Array { return NewRNG(1).Normal(0, -1, []int{3}, nil) }, []string{"normal", "-1"}},
		{"integers range", func() *Array { return NewRNG(1).Integers(5, 5, []int{3}, nil) }, []string{"integers", "5"}},
		{"map_blocks none", func() *Array { return MapBlocks(nil, chunk.Float64) }, []string{"map_blocks", "no input"}},
		{"map_blocks ndim", func() *Array { return MapBlocks(nil, chunk.Float64, f64(2, 2), f64(4)) }, []string{"map_blocks", "input 1", "[4]", "broadcast"}},
		{"map_blocks shape", func() *Array { return MapBlocks(nil, chunk.Float64, f64(2, 2), f64(2, 3)) }, []string{"map_blocks", "[2 3]", "[2 2]"}},
		{"map_blocks dtype", func() *Array { return MapBlocks(nil, chunk.Invalid, f64(2)) }, []string{"map_blocks", "invalid"}},
		{"map type", func() *Array { return Map(i32(3), func(v float64) float64 { return v }) }, []string{"map", "int32", "float64"}},
		// Errors propagate through later operations.
		{"propagates", func() *Array { return f64(3).Add(f64(4)).Mul(2).Sum(Axis(0)).Index(At(0)).Transpose() }, []string{"add", "[3]", "[4]"}},
		{"propagates as operand", func() *Array { return f64(3).Add(f64(3, 1).Sum(Axis(5))) }, []string{"sum", "axis 5"}},
		{"propagates where", func() *Array { return Where(b(3), f64(3).Transpose(4), 0) }, []string{"transpose"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var a *Array
			mustNotPanic(t, c.name, func() { a = c.make() })
			check := func(from string, err error) {
				t.Helper()
				if err == nil {
					t.Fatalf("%s: no error", from)
				}
				for _, w := range c.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%s: error %q does not mention %q", from, err, w)
					}
				}
			}
			check("Err()", a.Err())
			var err error
			mustNotPanic(t, c.name+" Compute", func() { _, err = a.Compute(bg) })
			check("Compute", err)
			mustNotPanic(t, c.name+" Persist", func() { _, err = a.Persist(bg) })
			check("Persist", err)
			mustNotPanic(t, c.name+" ToSlice", func() { _, err = ToSlice[float64](bg, a) })
			check("ToSlice", err)
			mustNotPanic(t, c.name+" String", func() { _ = a.String() })
		})
	}
}

// Runtime failures come back from Compute as errors, not panics.
func TestComputeTimeErrors(t *testing.T) {
	x := FromSlice([]int32{2, 3}, []int{2}, nil)
	_, err := x.Pow(FromSlice([]int32{1, -1}, []int{2}, nil)).Compute(bg)
	if err == nil || !strings.Contains(err.Error(), "negative") {
		t.Errorf("int ** negative: %v", err)
	}
	if _, err := ComputeAll(bg, []*Array{x, nil}); err == nil || !strings.Contains(err.Error(), "nil") {
		t.Errorf("ComputeAll with nil: %v", err)
	}
}

// TestNonFiniteParameters checks that NaN and ±Inf reach kernels whose
// parameters hold them (the parameter codec keeps float bits).
func TestNonFiniteParameters(t *testing.T) {
	ctx := bg
	x := Arange(0, 6, 1, chunk.Float64, chunk.Regular(4))
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		got, err := ToSlice[float64](ctx, x.Pad([][2]int{{2, 1}}, PadConstant, v))
		if err != nil {
			t.Fatalf("pad with %v: %v", v, err)
		}
		for _, i := range []int{0, 1, 8} {
			if !(got[i] == v || v != v && got[i] != got[i]) {
				t.Errorf("pad with %v: %v", v, got)
			}
		}
		o, err := ToSlice[float64](ctx, x.Overlap([]int{1}, BoundaryConstant(v)))
		if err != nil {
			t.Fatalf("overlap with constant %v: %v", v, err)
		}
		if first := o[0]; !(first == v || v != v && first != first) {
			t.Errorf("overlap with constant %v: %v", v, o)
		}
		m, err := ToSlice[float64](ctx, x.Maximum(v))
		if want := math.Max(0, v); err != nil || !(m[0] == want || want != want && m[0] != m[0]) {
			t.Errorf("maximum(x, %v) = %v, %v", v, m, err)
		}
	}
}
