package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/fft"
	"github.com/chunkwise/chunkwise/store/npy"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// The survey of everyday operations (issue 14): 296 expressions over
// inputs of other shapes, chunkings and dtypes than the SPEC's, each timed
// end to end as a user sees it (graph construction included), with the
// same names, inputs and checksums as its Dask twin bench/survey_dask.py.
// bench/survey_compare.py runs both, alternating, and prints the table.
//
// Inputs are deterministic (not random) so that both sides compute on the
// same bits: the float base is frac(i·φ) over the flat C-order index i,
// the integers (i·7919) mod m. An input is built, persisted and untimed,
// when an entry needs it and the process does not hold it: after each
// entry the inputs it did not use are dropped (dropUnusedInputs).

// surveyEntry is one expression of the survey: run builds it from the
// persisted inputs and computes it.
type surveyEntry struct {
	name string
	run  func(ctx context.Context) ([]*chunk.Dense, error)
}

var survey []surveyEntry

// surveyOnly, when set (bench survey --only REGEXP), limits the survey to
// the entries whose name it matches.
var surveyOnly string

func init() { registerMulti("survey", runSurvey) }

// add appends an entry that computes the array f builds.
func add(name string, f func() *array.Array) {
	addRun(name, func(ctx context.Context) ([]*chunk.Dense, error) {
		d, err := f().Compute(ctx)
		return []*chunk.Dense{d}, err
	})
}

func addRun(name string, run func(ctx context.Context) ([]*chunk.Dense, error)) {
	survey = append(survey, surveyEntry{name, run})
}

// ---------------------------------------------------------------- inputs

const golden = 0.6180339887498949

var (
	surveyInputs = map[string]*array.Array{}
	inputsUsed   = map[string]bool{} // by the entry running
	inputDepth   int                 // nesting of in calls building inputs
)

// in returns the persisted input called name, building it if the process
// does not hold it (first use, or dropped since), and marks it used by the
// entry running.
func in(name string) *array.Array {
	inputsUsed[name] = true
	if x, ok := surveyInputs[name]; ok {
		return x
	}
	if inputDepth++; inputDepth == 1 { // an input built from another counts once
		t0 := now()
		defer func() { clockPaused = clockPaused.add(now().sub(t0)) }()
	}
	defer func() { inputDepth-- }()
	x := buildInput(name)
	p, err := x.Persist(context.Background())
	if err != nil {
		p = x // carries or raises the error at compute time
	}
	surveyInputs[name] = p
	rssBefore = peakReset() // the entry's peak window starts after its inputs
	return p
}

// dropUnusedInputs forgets the inputs that the entry just run did not
// use, as the Dask twin does: a process holds what the entries in turn
// need, as a user's program does, not every input of the survey (2.2 GB
// by its end), and an entry does not pay for growing the process past
// what the ones before it left (pages a process touches for the first
// time cost several times more than reused ones, and on a virtual
// machine whose free memory goes back to the host up to ten times more).
// An input used again later is built again, untimed. The memory of
// dropped inputs goes back to the OS at once (debug.FreeOSMemory), as
// NumPy's does when Python drops an array, rather than seconds later
// (the Go runtime's scavenger), so that an entry's peak RSS counts what
// it holds, not what the ones before it dropped. It runs once the entry's
// result is dropped (both sides drop it after its checksum), so that the
// result's memory goes back with the inputs': memory handed back last is
// what the kernel hands out first, and pages it reported free to the
// host meanwhile cost the host's faults to take back.
func dropUnusedInputs() {
	dropped := false
	for name := range surveyInputs {
		if !inputsUsed[name] {
			delete(surveyInputs, name)
			dropped = true
		}
	}
	clear(inputsUsed)
	if dropped {
		debug.FreeOSMemory()
	}
}

// baseFloat is the float base at flat index i: frac(i·φ), exactly
// NumPy's mod(i·φ, 1) (x − ⌊x⌋ is exact for x ≥ 0, as fmod is).
func baseFloat(i int) float64 {
	x := float64(i) * golden
	return x - math.Floor(x)
}

// nanFloat is baseFloat with NaN at every 17th index from 3.
func nanFloat(i int) float64 {
	if i%17 == 3 {
		return math.NaN()
	}
	return baseFloat(i)
}

// intsOf returns the integer base (i·7919) mod m − off.
func intsOf[T int64 | int32 | uint8](m, off int) func(i int) T {
	return func(i int) T { return T(i*7919%m - off) }
}

// generated returns the array of the given shape, in chunks of the given
// sizes (the last ones shorter), whose element at flat C-order index i
// is f(i): each chunk is filled in place, so that building an input
// leaves no array-sized buffer behind as garbage (as the Dask twin's
// chunks are views of its one NumPy array).
func generated[T chunk.Element](shape, sizes []int, f func(i int) T) *array.Array {
	g, err := chunk.Regular(sizes...).Plan(shape, chunk.DTypeOf[T](), 0, nil)
	if err != nil {
		panic(err)
	}
	strides := chunk.Strides(shape)
	var blocks []*chunk.Dense
	g.Blocks(func(idx []int) {
		box := g.BlockBox(idx)
		d := chunk.NewDense(chunk.DTypeOf[T](), box.Shape())
		v := chunk.Values[T](d)
		k := 0
		chunk.EachIndex(box.Shape()[:len(shape)-1], func(row []int) {
			i := 0
			for a, r := range row {
				i += (box.Min[a] + r) * strides[a]
			}
			i += box.Min[len(shape)-1]
			for j := range box.Shape()[len(shape)-1] {
				v[k] = f(i + j)
				k++
			}
		})
		blocks = append(blocks, d)
	})
	return array.FromBlocks(g, chunk.DTypeOf[T](), blocks)
}

// The shapes of the inputs: a is 2-d, b 3-d, v 1-d.
var (
	aShape = []int{4000, 4000}
	bShape = []int{100, 400, 400}
	vShape = []int{16_000_000}
)

func buildInput(name string) *array.Array {
	c1000 := []int{1000, 1000}
	switch name {
	case "a":
		return generated(aShape, c1000, baseFloat)
	case "a_nan":
		return generated(aShape, c1000, nanFloat)
	case "ap": // values in [0.75, 1.25) for products
		return in("a").Mul(0.5).Add(0.75)
	case "a32":
		return in("a").AsType(chunk.Float32)
	case "b":
		return generated(bShape, []int{25, 100, 200}, baseFloat)
	case "b_nan":
		return generated(bShape, []int{25, 100, 200}, nanFloat)
	case "v":
		return generated(vShape, []int{1_000_000}, baseFloat)
	case "i64":
		return generated(aShape, c1000, intsOf[int64](1000, 500))
	case "i32":
		return generated(aShape, c1000, intsOf[int32](1000, 500))
	case "u8":
		return generated(aShape, c1000, intsOf[uint8](256, 0))
	case "bool":
		return in("a").Gt(0.5)
	case "u16":
		return in("a").Mul(65535).AsType(chunk.Uint16)
	case "i16":
		return in("a").Mul(2000).Sub(1000).AsType(chunk.Int16)
	case "i8":
		return in("a").Mul(200).Sub(100).AsType(chunk.Int8)
	case "a16":
		return in("a").AsType(chunk.Float16)
	case "tall": // many samples of a few variables
		return generated([]int{200_000, 60}, []int{20_000, 60}, baseFloat)
	case "w": // a skinny right-hand side for products
		return generated([]int{aShape[1], 50}, []int{1000, 50}, baseFloat)
	case "a_c1500":
		return in("a").Rechunk(chunk.Regular(1000, 1500))
	case "a_irr":
		return in("a").Rechunk(chunk.Spec{chunk.Sizes(1500, 500, 1000, 1000), chunk.Sizes(700, 1300, 2000)})
	case "a_small":
		return in("a").Rechunk(chunk.Regular(100, 100))
	case "a_huge":
		return in("a").Rechunk(chunk.Regular(4000, 4000))
	case "a_rows":
		return in("a").Rechunk(chunk.Regular(100, 4000))
	case "a_cols":
		return in("a").Rechunk(chunk.Regular(4000, 100))
	case "idx":
		return array.FromSlice(takeIdx(), []int{len(takeIdx())}, chunk.Regular(500))
	case "b32":
		return in("b").AsType(chunk.Float32)
	case "bi64":
		return generated(bShape, []int{25, 100, 200}, intsOf[int64](1000, 500))
	case "pts": // many samples of six variables
		return generated([]int{2_000_000, 6}, []int{250_000, 6}, baseFloat)
	case "rgb": // an image, its channels last
		return generated([]int{3000, 3000, 3}, []int{1000, 1000, 3}, intsOf[uint8](256, 0))
	}
	panic("survey: no input " + name)
}

// takeIdx is the unsorted index list of the Take entries.
func takeIdx() []int64 {
	idx := make([]int64, 2000)
	for i := range idx {
		idx[i] = int64(i * 7919 % aShape[0])
	}
	return idx
}

func takeInts() []int {
	var s []int
	for _, v := range takeIdx() {
		s = append(s, int(v))
	}
	return s
}

// ---------------------------------------------------------------- entries

// reducer is a reduction method of Array.
type reducer func(x *array.Array, opts ...array.ReduceOption) *array.Array

// N is an open end of a slice (S(N, N, -1) is NumPy's ::-1).
const N = array.None

func init() {
	ax0, ax1, all := []array.ReduceOption{array.Axis(0)}, []array.ReduceOption{array.Axis(1)}, []array.ReduceOption(nil)
	axes := []struct {
		name  string
		input func(nan bool) *array.Array
		opts  []array.ReduceOption
	}{
		{"all", a2, all}, {"ax0", a2, ax0}, {"last", a2, ax1},
		{"mid3d", func(nan bool) *array.Array {
			if nan {
				return in("b_nan")
			}
			return in("b")
		}, ax1},
	}
	reds := []struct {
		name string
		nan  bool
		f    reducer
	}{
		{"sum", false, (*array.Array).Sum}, {"mean", false, (*array.Array).Mean},
		{"std", false, (*array.Array).Std}, {"var", false, (*array.Array).Var},
		{"min", false, (*array.Array).Min}, {"max", false, (*array.Array).Max},
		{"argmax", false, (*array.Array).ArgMax}, {"argmin", false, (*array.Array).ArgMin},
		{"nansum", true, (*array.Array).NanSum}, {"nanmean", true, (*array.Array).NanMean},
		{"nanstd", true, (*array.Array).NanStd}, {"nanmax", true, (*array.Array).NanMax},
		{"nanargmin", true, (*array.Array).NanArgMin},
	}
	for _, r := range reds {
		for _, a := range axes {
			add(r.name+"-"+a.name, func() *array.Array { return r.f(a.input(r.nan), a.opts...) })
		}
	}
	add("prod-ax0", func() *array.Array { return in("ap").Prod(array.Axis(0)) })
	add("prod-last", func() *array.Array { return in("ap").Prod(array.Axis(1)) })
	add("ptp-ax0", func() *array.Array { return in("a").Ptp(array.Axis(0)) })
	add("ptp-mid3d", func() *array.Array { return in("b").Ptp(array.Axis(1)) })
	add("any-all", func() *array.Array { return in("bool").Any() })
	add("all-ax0", func() *array.Array { return in("bool").All(array.Axis(0)) })
	add("count_nonzero-i64", func() *array.Array { return in("i64").CountNonzero() })

	// Scans, then a sum so that the result is small.
	add("cumsum-ax0", func() *array.Array { return in("a").CumSum(0).Sum(array.Axis(0)) })
	add("cumsum-last", func() *array.Array { return in("a").CumSum(1).Sum(array.Axis(0)) })
	for ax := range 3 {
		add(fmt.Sprintf("cumsum-3d-ax%d", ax), func() *array.Array { return in("b").CumSum(ax).Sum(array.Axis((ax + 1) % 3)) })
	}
	add("cumprod-last", func() *array.Array { return in("ap").CumProd(1).Sum(array.Axis(0)) })
	add("nancumsum-last", func() *array.Array { return in("a_nan").NanCumSum(1).Sum(array.Axis(0)) })
	add("cumsum-i64-last", func() *array.Array { return in("i64").CumSum(1).Sum(array.Axis(0)) })

	// Top-k, histograms, quantiles, unique.
	add("topk5-ax0", func() *array.Array { return in("a").TopK(5, 0) })
	add("topk5-last", func() *array.Array { return in("a").TopK(5, 1) })
	add("topk3-3d-mid", func() *array.Array { return in("b").TopK(3, 1) })
	add("histogram50", func() *array.Array { c, _ := in("a").Histogram(50, 0, 1); return c })
	add("histogram-1d", func() *array.Array { c, _ := in("v").Histogram(100, 0.25, 0.75); return c })
	add("quantile-ax0", func() *array.Array { return in("a").Quantile([]float64{0.1, 0.5, 0.9}, 0) })
	add("quantile-last", func() *array.Array { return in("a").Quantile([]float64{0.1, 0.5, 0.9}, 1) })
	addRun("unique-i32", func(ctx context.Context) ([]*chunk.Dense, error) {
		v, c := in("i32").Index(array.S(N, 1000, 1)).Unique()
		return array.ComputeAll(ctx, []*array.Array{v, c})
	})

	// Slicing: steps, negative steps, steps larger than a chunk, integer
	// indices, Take, TakeArray, boolean masks; a sum along the other axis
	// keeps the order checked and the result small.
	add("step2-sum0", func() *array.Array { return in("a").Index(array.S(N, N, 2), array.S(N, N, 2)).Sum(array.Axis(0)) })
	add("step2-c1500-sum0", func() *array.Array { return in("a_c1500").Index(array.S(N, N, 2), array.S(N, N, 2)).Sum(array.Axis(0)) })
	add("neg1-last-sum0", func() *array.Array { return in("a").Index(array.All(), array.S(N, N, -1)).Sum(array.Axis(0)) })
	add("neg1-ax0-sum1", func() *array.Array { return in("a").Index(array.S(N, N, -1)).Sum(array.Axis(1)) })
	add("neg3-both-sum0", func() *array.Array { return in("a").Index(array.S(N, N, -3), array.S(N, N, -3)).Sum(array.Axis(0)) })
	add("mirror-sub-sum0", func() *array.Array {
		return in("a").Sub(in("a").Index(array.All(), array.S(N, N, -1))).Abs().Sum(array.Axis(0))
	})
	add("step1500-rows", func() *array.Array { return in("a").Index(array.S(N, N, 1500)) })
	add("step7-3d", func() *array.Array {
		return in("b").Index(array.All(), array.S(3, N, 7), array.S(N, N, 5)).Sum(array.Axis(0))
	})
	add("int-row", func() *array.Array { return in("a").Index(array.At(1234)) })
	add("int-col", func() *array.Array { return in("a").Index(array.All(), array.At(1234)) })
	add("take-ax0-sum1", func() *array.Array { return in("a").Take(takeInts(), 0).Sum(array.Axis(1)) })
	add("take-last-sum0", func() *array.Array { return in("a").Take(takeInts(), 1).Sum(array.Axis(0)) })
	add("takearray-ax0-sum1", func() *array.Array { return in("a").TakeArray(in("idx"), 0).Sum(array.Axis(1)) })
	add("mask-sum", func() *array.Array { return in("a").Mask(in("a").Gt(0.5)).Sum() })
	add("mask-1d", func() *array.Array { return in("v").Mask(in("v").Lt(0.1)) })

	// Transposes, reshapes, joins, pads, rolls, repeats.
	add("transpose-3d", func() *array.Array { return in("b").Transpose(2, 0, 1) })
	add("moveaxis-3d", func() *array.Array { return in("b").MoveAxis(0, 2) })
	add("transpose-2d-sum0", func() *array.Array { return in("a").T().Sum(array.Axis(0)) })
	add("reshape-split-sum0", func() *array.Array { return in("a").Reshape(4000, 40, 100).Sum(array.Axis(0)) })
	add("reshape-3d-sum0", func() *array.Array { return in("b").Reshape(40000, 400).Sum(array.Axis(0)) })
	add("ravel-step1000", func() *array.Array { return in("a").Ravel().Index(array.S(N, N, 1000)) })
	add("concat-last-sum0", func() *array.Array { return array.Concatenate([]*array.Array{in("a"), in("a")}, 1).Sum(array.Axis(0)) })
	add("stack-last-sum0", func() *array.Array { return array.Stack([]*array.Array{in("a"), in("a")}, 2).Sum(array.Axis(0)) })
	add("ensemble-std0", func() *array.Array {
		a := in("a")
		return array.Stack([]*array.Array{a, a.Mul(2), a.Add(1)}, 0).Std(array.Axis(0)).Sum(array.Axis(0))
	})
	add("pad-constant-sum0", func() *array.Array { return in("a").Pad([][2]int{{3, 5}}, array.PadConstant, 1).Sum(array.Axis(0)) })
	add("pad-reflect-sum0", func() *array.Array { return in("a").Pad([][2]int{{3, 5}}, array.PadReflect, 0).Sum(array.Axis(0)) })
	add("roll-last-sum0", func() *array.Array { return in("a").Roll(1234, 1).Sum(array.Axis(0)) })
	add("roll-flat-sum0", func() *array.Array { return in("a").Roll(1234).Sum(array.Axis(0)) })
	add("repeat2-last-sum0", func() *array.Array { return in("a").Repeat(2, 1).Sum(array.Axis(0)) })
	add("tile-2x1-sum0", func() *array.Array { return in("a").Tile(2, 1).Sum(array.Axis(0)) })
	add("flip-3d-sum0", func() *array.Array { return in("b").Flip(2).Sum(array.Axis(0)) })

	// Elementwise math per dtype.
	add("f64-exp-sum", func() *array.Array { return in("a").Exp().Sum() })
	add("f64-log-sum", func() *array.Array { return in("a").Add(0.5).Log().Sum() })
	add("f64-sin-sum0", func() *array.Array { return in("a").Sin().Sum(array.Axis(0)) })
	add("f64-tan-sum0", func() *array.Array { return in("a").Tan().Sum(array.Axis(0)) })
	add("f64-pow3-sum", func() *array.Array { return in("a").Pow(3).Sum() })
	add("f64-pow2.5-sum", func() *array.Array { return in("a").Pow(2.5).Sum() })
	add("f64-tanh-sum", func() *array.Array { return in("a").Tanh().Sum() })
	add("f64-mod0.3-sum", func() *array.Array { return in("a").Mod(0.3).Sum() })
	add("f64-sqrt-sum", func() *array.Array { return in("a").Sqrt().Sum() })
	add("f64-where-sum", func() *array.Array { return array.Where(in("a").Gt(0.5), in("a"), 0).Sum() })
	add("f64-clip-sum", func() *array.Array { return in("a").Clip(0.2, 0.8).Sum() })
	add("f64-lt-sum", func() *array.Array { return in("a").Lt(0.3).Sum() })
	add("f64-fused-sum", func() *array.Array { return in("a").Add(1).Mul(2).Sub(in("a").Pow(2)).Sum() })
	add("f64-astype-i32-sum", func() *array.Array { return in("a").Mul(100).AsType(chunk.Int32).Sum() })
	add("f32-exp-sum", func() *array.Array { return in("a32").Exp().Sum() })
	add("f32-mul-add-sum0", func() *array.Array { return in("a32").Mul(2).Add(1).Sum(array.Axis(0)) })
	add("f32-sum-last", func() *array.Array { return in("a32").Sum(array.Axis(1)) })
	add("f32-argmin-last", func() *array.Array { return in("a32").ArgMin(array.Axis(1)) })
	add("f32-mean-all", func() *array.Array { return in("a32").Mean() })
	add("f32-demean-sq-mean0", func() *array.Array {
		x := in("a32")
		return x.Sub(x.Mean(array.Axis(0))).Square().Mean(array.Axis(0))
	})
	add("f32-gt-sum", func() *array.Array { return in("a32").Gt(0.5).Sum() })
	add("i64-mod-sum", func() *array.Array { return in("i64").Mod(7).Sum() })
	add("i64-floordiv-sum0", func() *array.Array { return in("i64").FloorDiv(3).Sum(array.Axis(0)) })
	add("i64-gt-sum", func() *array.Array { return in("i64").Gt(0).Sum() })
	add("i64-mul-sum", func() *array.Array { return in("i64").Mul(in("i64")).Sum() })
	add("i64-abs-max0", func() *array.Array { return in("i64").Abs().Max(array.Axis(0)) })
	add("i64-astype-f64-mean", func() *array.Array { return in("i64").AsType(chunk.Float64).Mean() })
	add("i32-mod-sum", func() *array.Array { return in("i32").Mod(7).Sum() })
	add("i32-eq-sum", func() *array.Array { return in("i32").Eq(5).Sum() })
	add("i32-floordiv-sum", func() *array.Array { return in("i32").FloorDiv(7).Sum() })
	add("i32-where-sum0", func() *array.Array { return array.Where(in("i32").Gt(0), in("i32"), 0).Sum(array.Axis(0)) })
	add("u8-mod-sum", func() *array.Array { return in("u8").Mod(3).Sum() })
	add("u8-gt-sum", func() *array.Array { return in("u8").Gt(100).Sum() })
	add("u8-astype-f32-sum0", func() *array.Array { return in("u8").AsType(chunk.Float32).Sum(array.Axis(0)) })
	add("u8-max-last", func() *array.Array { return in("u8").Max(array.Axis(1)) })
	add("u8-argmin-all", func() *array.Array { return in("u8").ArgMin() })
	add("bool-and-sum", func() *array.Array { return in("bool").And(in("a").Lt(0.7)).Sum() })
	add("bool-not-sum0", func() *array.Array { return in("bool").Not().Sum(array.Axis(0)) })
	add("bool-xor-sum", func() *array.Array { return in("bool").Xor(in("a").Gt(0.25)).Sum() })

	// Misaligned operands, broadcasting against reductions, odd chunkings.
	add("misaligned-c1500-sum0", func() *array.Array { return in("a").Add(in("a_c1500")).Sum(array.Axis(0)) })
	add("misaligned-shift-sum0", func() *array.Array {
		return in("a").Index(array.S(1, N, 1)).Sub(in("a").Index(array.S(N, -1, 1))).Abs().Sum(array.Axis(0))
	})
	add("misaligned-transpose-sum0", func() *array.Array { return in("a_c1500").Add(in("a").T()).Sum(array.Axis(0)) })
	add("misaligned-irr-mul-sum0", func() *array.Array { return in("a_irr").Mul(in("a")).Sum(array.Axis(0)) })
	add("demean0-sq-sum0", func() *array.Array {
		x := in("a")
		return x.Sub(x.Mean(array.Axis(0))).Square().Sum(array.Axis(0))
	})
	add("demean1-abs-sum0", func() *array.Array {
		x := in("a")
		return x.Sub(x.Mean(array.Axis(1), array.KeepDims())).Abs().Sum(array.Axis(0))
	})
	add("demean3d-mid-sq-sum", func() *array.Array {
		x := in("b")
		return x.Sub(x.Mean(array.Axis(1), array.KeepDims())).Square().Sum()
	})
	add("irregular-sum0", func() *array.Array { return in("a_irr").Sum(array.Axis(0)) })
	add("irregular-cumsum-last", func() *array.Array { return in("a_irr").CumSum(1).Sum(array.Axis(0)) })
	add("rows-sum-last", func() *array.Array { return in("a_rows").Sum(array.Axis(1)) })
	add("rows-cumsum-last", func() *array.Array { return in("a_rows").CumSum(1).Sum(array.Axis(0)) })
	add("cols-sum0", func() *array.Array { return in("a_cols").Sum(array.Axis(0)) })
	add("small-sum", func() *array.Array { return in("a_small").Sum() })
	add("small-add-mean0", func() *array.Array { return in("a_small").Add(1).Mean(array.Axis(0)) })
	add("small-transpose-sum0", func() *array.Array { return in("a_small").T().Sum(array.Axis(0)) })
	add("huge-sum0", func() *array.Array { return in("a_huge").Sum(array.Axis(0)) })
	add("huge-exp-sum", func() *array.Array { return in("a_huge").Exp().Sum() })
	add("huge-cumsum-last", func() *array.Array { return in("a_huge").CumSum(1).Sum(array.Axis(0)) })

	// Rechunks and MapOverlap.
	add("rechunk-rows-cols-sum0", func() *array.Array { return in("a_rows").Rechunk(chunk.Regular(4000, 100)).Sum(array.Axis(0)) })
	add("rechunk-merge-sum0", func() *array.Array { return in("a_small").Rechunk(chunk.Regular(1000, 1000)).Sum(array.Axis(0)) })
	add("rechunk-split-sum0", func() *array.Array { return in("a").Rechunk(chunk.Regular(250, 250)).Sum(array.Axis(0)) })
	add("rechunk-auto-sum0", func() *array.Array { return in("a_small").Rechunk(nil).Sum(array.Axis(0)) })
	// A reduction passes through a rechunk (it reduces the chunks the
	// rechunk reads); with an elementwise step between, the rechunked
	// chunks are made.
	add("rechunk-rows-cols-add-sum0", func() *array.Array { return in("a_rows").Rechunk(chunk.Regular(4000, 100)).Add(1).Sum(array.Axis(0)) })
	add("rechunk-merge-add-sum0", func() *array.Array { return in("a_small").Rechunk(chunk.Regular(1000, 1000)).Add(1).Sum(array.Axis(0)) })
	add("rechunk-split-add-sum0", func() *array.Array { return in("a").Rechunk(chunk.Regular(250, 250)).Add(1).Sum(array.Axis(0)) })
	add("rechunk-auto-add-sum0", func() *array.Array { return in("a_small").Rechunk(nil).Add(1).Sum(array.Axis(0)) })
	// Rechunks persisted: the chunks are made (a reduction, even of an
	// expression of the rechunk, reads the source's chunks instead).
	addRun("rechunk-merge-persist", rechunkPersist("a_small", chunk.Regular(1000, 1000)))
	addRun("rechunk-rows-cols-persist", rechunkPersist("a_rows", chunk.Regular(4000, 100)))
	add("mapoverlap-laplace", func() *array.Array {
		return array.MapOverlap(laplace, chunk.Float64, []int{1, 1}, []array.Boundary{array.BoundaryReflect()}, in("a"))
	})

	// Stores: writes, then lazy reads with a mean along axis 0.
	for _, c := range []string{"none", "zlib", "lz4", "zstd", "blosc-lz4", "blosc-zstd-bitshuffle"} {
		addRun("zarr2-write-"+c, func(ctx context.Context) ([]*chunk.Dense, error) {
			path := surveyPath("w-"+c+".zarr", true)
			if err := in("a").ToZarr(ctx, path, zarr.CreateOptions{Format: 2, Codec: c, Overwrite: true}); err != nil {
				return nil, err
			}
			stopClock()
			x, err := array.FromZarr(ctx, path, nil)
			if err != nil {
				return nil, err
			}
			return readBack(ctx, x)
		})
		addRun("zarr2-read-"+c, func(ctx context.Context) ([]*chunk.Dense, error) {
			path := surveyPath("r-"+c+".zarr", false)
			if _, err := os.Stat(path); err != nil {
				if err := in("a").ToZarr(ctx, path, zarr.CreateOptions{Format: 2, Codec: c, Overwrite: true}); err != nil {
					return nil, err
				}
			}
			return zarrMean0(ctx, path)
		})
	}
	// The Zstandard file zarr-python (numcodecs, level 1) wrote for the
	// Dask twin's zarr2-read-zstd, read by both sides: users' files come
	// from zarr-python, whose frames hold more matches than chunkwise's.
	addRun("zarr2-read-zstd-py", func(ctx context.Context) ([]*chunk.Dense, error) {
		path := filepath.Join(cacheDir(), "survey_dask", "r-zstd.zarr")
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("%s: run bench/survey_dask.py first (it writes the file): %w", path, err)
		}
		return zarrMean0(ctx, path)
	})
	addRun("npy-write", func(ctx context.Context) ([]*chunk.Dense, error) {
		path := surveyPath("w.npy", true)
		if err := in("a").ToNPY(ctx, path); err != nil {
			return nil, err
		}
		stopClock()
		x, err := array.FromNPY(path, chunk.Regular(1000, 1000))
		if err != nil {
			return nil, err
		}
		return readBack(ctx, x)
	})
	addRun("npy-read", npyRead("r.npy", "a", false))

	// Delayed graphs: construction timed with the compute.
	for _, n := range []int{10_000, 30_000} {
		addRun(fmt.Sprintf("delayed-tree-%d", n), func(ctx context.Context) ([]*chunk.Dense, error) {
			level := make([]*delayed.Value[int], n)
			for i := range level {
				level[i] = treeInc(delayed.Lit(i))
			}
			for len(level) > 1 {
				next := make([]*delayed.Value[int], 0, (len(level)+7)/8)
				for i := 0; i < len(level); i += 8 {
					next = append(next, treeAdd(level[i:min(i+8, len(level))]...))
				}
				level = next
			}
			r, err := level[0].Compute(ctx)
			d, _ := chunk.FromSlice([]int{1}, []int64{int64(r)})
			return []*chunk.Dense{d}, err
		})
	}

	// vmath (issue 14): powers with other exponents, dtypes and an array
	// exponent, beside f64-pow2.5-sum.
	add("f64-pow1.7-sum", func() *array.Array { return in("a").Pow(1.7).Sum() })
	add("f64-pow-neg0.3-sum", func() *array.Array { return in("a").Add(0.5).Pow(-0.3).Sum() })
	add("f64-pow-array-sum", func() *array.Array { return in("a").Pow(in("a").Add(0.5)).Sum() })
	add("f32-pow2.5-sum", func() *array.Array { return in("a32").Pow(2.5).Sum() })
	// Trigonometry, and float32 math (native kernels or float64 ones in blocks).
	add("f64-arctan-sum", func() *array.Array { return in("a").Arctan().Sum() })
	add("f64-cos-sum", func() *array.Array { return in("a").Cos().Sum() })
	add("f64-arcsin-sum", func() *array.Array { return in("a").Arcsin().Sum() })
	add("f64-exp2-sum", func() *array.Array { return in("a").Mul(20).Exp2().Sum() })
	add("f64-log2-sum0", func() *array.Array { return in("a").Add(0.5).Log2().Sum(array.Axis(0)) })
	add("f64-arctanh-sum", func() *array.Array { return in("a").Mul(0.9).Arctanh().Sum() })
	add("f32-sin-sum", func() *array.Array { return in("a32").Sin().Sum() })
	add("f32-arctan-sum", func() *array.Array { return in("a32").Arctan().Sum() })
	add("f32-log-sum", func() *array.Array { return in("a32").Add(0.5).Log().Sum() })
	add("f32-tanh-sum", func() *array.Array { return in("a32").Tanh().Sum() })

	// pages (issue 14): the transposes and .npy reads over other dtypes
	// and layouts.
	add("moveaxis-3d-f32", func() *array.Array { return in("b32").MoveAxis(0, 2) })
	add("transpose-3d-i64", func() *array.Array { return in("bi64").Transpose(2, 1, 0) })
	addRun("npy-read-f32", npyRead("r32.npy", "a32", false))
	addRun("npy-read-fortran", npyRead("rF.npy", "a", true))

	// cliffs (issue 14): float32 and array-divisor remainders, and the
	// integer and float32 extremes that were scalar loops.
	add("f32-mod0.3-sum", func() *array.Array { return in("a32").Mod(0.3).Sum() })
	add("f32-floordiv0.3-sum", func() *array.Array { return in("a32").FloorDiv(0.3).Sum() })
	add("f64-mod-array-sum", func() *array.Array { return in("a").Mod(in("ap")).Sum() })
	add("f32-max0", func() *array.Array { return in("a32").Max(array.Axis(0)) })
	add("u8-max0", func() *array.Array { return in("u8").Max(array.Axis(0)) })
	add("i32-min-last", func() *array.Array { return in("i32").Min(array.Axis(1)) })

	// More everyday operations (issue 14): rounding, products, angles,
	// triangles, binning, block means, 16- and 8-bit integers, finite
	// differences and medians.
	add("f64-round2-sum1", func() *array.Array { return in("a").Round(2).Sum(array.Axis(1)) })
	add("f32-floor-sum", func() *array.Array { return in("a32").Mul(10).Floor().Sum() })
	add("f32-sign-sum0", func() *array.Array { return in("a32").Sub(float32(0.5)).Sign().Sum(array.Axis(0)) })
	add("f32-argmax0", func() *array.Array { return in("a32").ArgMax(array.Axis(0)) })
	add("f32-nanmean0", func() *array.Array { return in("a_nan").AsType(chunk.Float32).NanMean(array.Axis(0)) })
	add("f32-between-sum0", func() *array.Array { x := in("a32"); return x.Gt(0.2).And(x.Lt(0.8)).Sum(array.Axis(0)) })
	add("einsum-rowdot-misaligned", func() *array.Array { return array.Einsum("ij,ij->i", in("a"), in("a_c1500")) })
	add("matmul-skinny", func() *array.Array { return array.MatMul(in("a"), in("w")) })
	add("f64-arctan2-sum0", func() *array.Array { return in("a").Arctan2(in("ap")).Sum(array.Axis(0)) })
	add("f64-hypot-sum", func() *array.Array { return in("a").Hypot(in("ap")).Sum() })
	// A ninth and tenth probe: float32 hypot, a square-root power, outer
	// products, a uint8 clip and a float32 Gram matrix.
	add("f32-hypot-sum0", func() *array.Array { return in("a32").Hypot(in("a32").Mul(float32(0.5))).Sum(array.Axis(0)) })
	add("f64-pow0.5-sum0", func() *array.Array { return in("a").Pow(0.5).Sum(array.Axis(0)) })
	add("outer-sum0", func() *array.Array {
		return array.Outer(in("a").Index(array.At(0)), in("a").Index(array.At(1), array.S(N, 3000, 1))).Sum(array.Axis(0))
	})
	add("u8-clip-sum0", func() *array.Array { return in("u8").Clip(uint8(10), uint8(200)).Sum(array.Axis(0)) })
	add("i64-affine-sum0", func() *array.Array { return in("i64").Mul(int64(3)).Add(int64(7)).Sum(array.Axis(0)) })
	add("i64-floordiv7-sum0", func() *array.Array { return in("i64").FloorDiv(int64(7)).Sum(array.Axis(0)) })
	add("f32-gram", func() *array.Array {
		x := in("a32").Index(array.All(), array.S(N, 1000, 1))
		return array.MatMul(x.T(), x)
	})
	addRun("unique-u8", func(ctx context.Context) ([]*chunk.Dense, error) {
		v, c := in("u8").Unique()
		return array.ComputeAll(ctx, []*array.Array{v, c})
	})
	add("tril-sum", func() *array.Array { return in("a").Tril(0).Sum() })
	add("triu1-sum0", func() *array.Array { return in("a").Triu(1).Sum(array.Axis(0)) })
	add("trace", func() *array.Array { return in("a").Trace(0, 0, 1) })
	add("diagonal-3d-sum0", func() *array.Array { return in("b").Diagonal(0, 1, 2).Sum(array.Axis(0)) })
	add("digitize9-sum0", func() *array.Array {
		return array.Digitize(in("a"), []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}, false).Sum(array.Axis(0))
	})
	add("coarsen4-mean-sum0", func() *array.Array {
		return in("a").Coarsen((*array.Array).Mean, []int{4, 4}, false).Sum(array.Axis(0))
	})
	add("swapaxes-3d-sum0", func() *array.Array { return in("b").SwapAxes(1, 2).Sum(array.Axis(0)) })
	add("u16-sum0", func() *array.Array { return in("u16").Sum(array.Axis(0)) })
	add("u16-f32-norm-mean0", func() *array.Array { return in("u16").AsType(chunk.Float32).Div(65535).Mean(array.Axis(0)) })
	add("i16-sum1", func() *array.Array { return in("i16").Sum(array.Axis(1)) })
	add("i8-sum", func() *array.Array { return in("i8").Sum() })
	add("gradient0-sum1", func() *array.Array { return in("a").Gradient(1, 0)[0].Sum(array.Axis(1)) })
	add("diff1-sum0", func() *array.Array { return in("a").Diff(1, 1, nil, nil).Sum(array.Axis(0)) })
	add("median0", func() *array.Array { return in("a").Median(0) })
	add("gram-tall", func() *array.Array { return array.MatMul(in("tall").T(), in("tall")) })
	add("f16-mean0", func() *array.Array { return in("a16").Mean(array.Axis(0)) })
	add("rfft-last-abs-sum0", func() *array.Array { return fft.RFFT(in("a_rows"), fft.Axes(1)).Abs().Sum(array.Axis(0)) })
	add("fft-last-real-sum", func() *array.Array { return fft.FFT(in("a_rows"), fft.Axes(1)).Real().Sum() })

	// A fourth probe (issue 14): counts with minlength, einsum of one
	// operand, a broadcast row, logaddexp, integer bit operations.
	add("bincount-u8-min256", func() *array.Array { return in("u8").Ravel().Bincount(nil, 256) })
	add("einsum-3d-k", func() *array.Array { return array.Einsum("ijk->k", in("b")) })
	add("broadcast-row-sum0", func() *array.Array {
		return in("a").Index(array.At(0)).BroadcastTo(aShape...).Sum(array.Axis(0))
	})
	add("f64-logaddexp-sum", func() *array.Array { return in("a").Logaddexp(in("ap")).Sum() })
	add("i32-bitwise-sum0", func() *array.Array {
		return in("i32").And(0xF0).Or(in("i32").RightShift(2)).Sum(array.Axis(0))
	})
	add("i32-plus-f32-sum0", func() *array.Array { return in("i32").Add(in("a32")).Sum(array.Axis(0)) })
	add("i32-argmax0", func() *array.Array { return in("i32").ArgMax(array.Axis(0)) })
	add("u8-mean0", func() *array.Array { return in("u8").Mean(array.Axis(0)) })
	add("i8-abs-max0", func() *array.Array { return in("i8").Abs().Max(array.Axis(0)) })
	add("i32-neg-sum0", func() *array.Array { return in("i32").Neg().Sum(array.Axis(0)) })
	add("i32-mean0", func() *array.Array { return in("i32").Mean(array.Axis(0)) })
	add("i64-shift-xor-sum0", func() *array.Array {
		return in("i64").LeftShift(3).Xor(in("i64").RightShift(1)).Sum(array.Axis(0))
	})
	add("vecmat", func() *array.Array { return array.MatMul(in("a").Index(array.At(7)), in("a")) })
	add("i16-lt-sum0", func() *array.Array { return in("i16").Lt(0).Sum(array.Axis(0)) })
	add("u16-ge-sum", func() *array.Array { return in("u16").Ge(30000).Sum() })
	add("q-median-last", func() *array.Array { return in("a").Median(1) })
	add("rgb-to-chw", func() *array.Array { return in("rgb").MoveAxis(2, 0) })
	add("rgb-gray-mean", func() *array.Array { return in("rgb").Mean(array.Axis(2)) })
	add("rgb-f32-chw-sum", func() *array.Array { return in("rgb").AsType(chunk.Float32).Div(255).MoveAxis(2, 0).Sum(array.Axis(1)) })
	add("rgb-normalize-sum0", func() *array.Array {
		mean := array.FromSlice([]float32{0.485, 0.456, 0.406}, []int{3}, chunk.Regular(3))
		std := array.FromSlice([]float32{0.229, 0.224, 0.225}, []int{3}, chunk.Regular(3))
		return in("rgb").AsType(chunk.Float32).Div(255).Sub(mean).Div(std).Sum(array.Axis(0))
	})
	add("rgb-chan-mean", func() *array.Array { return in("rgb").Mean(array.Axis(0, 1)) })
	add("rgb-chan0", func() *array.Array { return in("rgb").Index(array.All(), array.All(), array.At(0)) })
	add("pts-min1-sum", func() *array.Array { return in("pts").Min(array.Axis(1)).Sum() })
	add("pts-center-absmax0", func() *array.Array { return in("pts").Sub(in("pts").Mean(array.Axis(0))).Abs().Max(array.Axis(0)) })

	// Products by a small matrix: points rotated, an image's colours mixed
	// (exact in float32: the maximum needs no tolerance).
	add("pts-matmul6-sum0", func() *array.Array { return array.MatMul(in("pts"), smallMatrix(6, chunk.Float64)).Sum(array.Axis(0)) })
	add("rgb-f32-colormix-max", func() *array.Array {
		return array.MatMul(in("rgb").AsType(chunk.Float32), smallMatrix(3, chunk.Float32)).Max(array.Axis(0, 1))
	})

	// A fifth probe (issue 14): einsums of operands with the same letters,
	// dot products down columns and against a transpose.
	add("einsum-coldot", func() *array.Array { return array.Einsum("ij,ij->j", in("a"), in("ap")) })
	add("einsum-rowdot-transposed", func() *array.Array { return array.Einsum("ij,ji->i", in("a"), in("ap")) })

	// A tall table's rows (60 values each) and columns: folds of short
	// rows, the top values of each row, a softmax along the rows.
	ax := array.Axis
	add("tall-sum1", func() *array.Array { return in("tall").Sum(ax(1)) })
	add("tall-max1", func() *array.Array { return in("tall").Max(ax(1)) })
	add("tall-argmax1-bincount", func() *array.Array { return in("tall").ArgMax(ax(1)).Bincount(nil, 60) })
	add("tall-min0", func() *array.Array { return in("tall").Min(ax(0)) })
	add("tall-sq-sum0", func() *array.Array { return in("tall").Square().Sum(ax(0)) })
	add("tall-topk3-1", func() *array.Array { return in("tall").TopK(3, 1) })
	add("tall-softmax1-max0", func() *array.Array {
		e := in("tall").Sub(in("tall").Max(ax(1), array.KeepDims())).Exp()
		return e.Div(e.Sum(ax(1), array.KeepDims())).Max(ax(0))
	})

	// The covariance and the centred Gram matrix of the tall table's
	// columns, and a series filtered by its own values.
	add("tall-cov", func() *array.Array { return array.Cov(in("tall"), nil, false, 1) })
	add("tall-centered-gram", func() *array.Array {
		c := in("tall").Sub(in("tall").Mean(ax(0)))
		return array.MatMul(c.T(), c)
	})
	add("filter-1d-gt-sum", func() *array.Array { return in("v").Mask(in("v").Gt(0.75)).Mul(2).Sum() })

	// A long series repeated (np.repeat), each value twice.
	add("repeat2-1d-sum", func() *array.Array { return in("v").Repeat(2, 0).Sum() })

	// A moving average of a long series, its chunks a million values.
	add("mapoverlap-1d-movavg5-sum", func() *array.Array {
		return array.MapOverlap(movingAverage5, chunk.Float64, []int{2}, []array.Boundary{array.BoundaryNone()}, in("v")).Sum()
	})
}

// smallMatrix is the n×n matrix of (3i + 5j) mod 7 / 8 − 3/8, exact in
// float32, in dtype dt: the right-hand side of the small products.
func smallMatrix(n int, dt chunk.DType) *array.Array {
	v := make([]float64, n*n)
	for i := range n {
		for j := range n {
			v[i*n+j] = float64((3*i+5*j)%7)/8 - 0.375
		}
	}
	return array.FromSlice(v, []int{n, n}, nil).AsType(dt)
}

// npyRead is the entry reading the .npy file name (written untimed from
// input, in Fortran order if fortran, anew in each process so that the
// page cache holds it as this process wrote it) lazily with a mean along
// axis 0.
func npyRead(name, input string, fortran bool) func(ctx context.Context) ([]*chunk.Dense, error) {
	return func(ctx context.Context) ([]*chunk.Dense, error) {
		path := surveyPath(name, true) // written anew: the page cache's state is this process's
		x := in(input)
		w, err := npy.CreateWith(path, x.DType(), x.Shape(), []int{1000, 1000}, npy.Options{Fortran: fortran})
		if err == nil {
			err = x.Store(ctx, w)
		}
		if err == nil {
			err = w.Close()
		}
		if err != nil {
			return nil, err
		}
		startClock()
		x, err = array.FromNPY(path, chunk.Regular(1000, 1000))
		if err != nil {
			return nil, err
		}
		d, err := x.Mean(array.Axis(0)).Compute(ctx)
		return []*chunk.Dense{d}, err
	}
}

// a2 is the 2-d input, with NaNs for the NaN reductions.
func a2(nan bool) *array.Array {
	if nan {
		return in("a_nan")
	}
	return in("a")
}

// laplace is MapOverlap's block function: 4x minus the four neighbours
// inside the extended block, its border copied (and trimmed away).
func laplace(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) {
	x := in[0]
	r, c := x.Shape()[0], x.Shape()[1]
	src := chunk.Values[float64](x)
	out := chunk.NewPooledDense(chunk.Float64, []int{r, c}) // every element is written
	dst := chunk.Values[float64](out)
	copy(dst, src)
	for i := 1; i < r-1; i++ {
		for j := 1; j < c-1; j++ {
			k := i*c + j
			dst[k] = 4*src[k] - src[k-c] - src[k+c] - src[k-1] - src[k+1]
		}
	}
	return out, nil
}

// movingAverage5 averages each value of a 1-d float64 block with its two
// neighbours on each side; the block's two values at each end (which
// MapOverlap trims where it added them) are 0.
func movingAverage5(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) {
	x := chunk.Values[float64](in[0])
	out := chunk.NewPooledDense(chunk.Float64, in[0].Shape()) // every element is written
	o := chunk.Values[float64](out)
	clear(o[:min(2, len(o))])
	clear(o[max(len(o)-2, 0):])
	for i := 2; i < len(x)-2; i++ {
		o[i] = (x[i-2] + x[i-1] + x[i] + x[i+1] + x[i+2]) / 5
	}
	return out, nil
}

// The clock of the entry running: runSurvey starts it; an entry with
// untimed setup restarts it (startClock) and one with an untimed check
// afterwards stops it (stopClock). Building an input (in) is untimed:
// clockPaused adds up the time it took.
var (
	clockStart, clockStop stamp
	clockPaused           stamp
	rssBefore             float64 // MB at the start of the peak window
)

func startClock() { clockStart, clockPaused = now(), stamp{} }
func stopClock()  { clockStop = now() }

// stamp is a moment, or a span, on the clocks an entry is timed by: wall
// time, the process's CPU time (user and system, all threads), which a
// machine shared with other work disturbs less, its minor page faults
// (first touches of memory, which on some virtual machines cost more than
// the copy they precede) and the garbage collections begun.
type stamp struct {
	wall, cpu, sys time.Duration
	faults, gcs    int64
}

var processStart = time.Now()

func now() stamp {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	sys := time.Duration(ru.Stime.Nano())
	gc := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(gc)
	return stamp{time.Since(processStart), time.Duration(ru.Utime.Nano()) + sys, sys, int64(ru.Minflt), int64(gc[0].Value.Uint64())}
}

func (a stamp) add(b stamp) stamp {
	return stamp{a.wall + b.wall, a.cpu + b.cpu, a.sys + b.sys, a.faults + b.faults, a.gcs + b.gcs}
}

func (a stamp) sub(b stamp) stamp {
	return stamp{a.wall - b.wall, a.cpu - b.cpu, a.sys - b.sys, a.faults - b.faults, a.gcs - b.gcs}
}

// surveyPath is the path of the survey's file name. If fresh, the file
// is removed and the disk synced first, off the clock, as the Dask twin
// does: a write entry then times writing a new file, not the deletion of
// the one a previous process left nor the write-back of what it wrote
// (either stalled a 30 ms write for 0.2 s now and then).
func surveyPath(name string, fresh bool) string {
	dir := filepath.Join(cacheDir(), "survey")
	os.MkdirAll(dir, 0o755)
	p := filepath.Join(dir, name)
	if fresh {
		t0 := now()
		os.RemoveAll(p)
		syscall.Sync()
		clockPaused = clockPaused.add(now().sub(t0))
	}
	return p
}

// rechunkPersist is the entry persisting input rechunked to spec; its
// result, computed untimed, is the persisted array's sum along axis 0.
func rechunkPersist(input string, spec chunk.Spec) func(ctx context.Context) ([]*chunk.Dense, error) {
	return func(ctx context.Context) ([]*chunk.Dense, error) {
		p, err := in(input).Rechunk(spec).Persist(ctx)
		if err != nil {
			return nil, err
		}
		stopClock()
		d, err := p.Sum(array.Axis(0)).Compute(ctx)
		return []*chunk.Dense{d}, err
	}
}

// zarrMean0 is a read entry's timed part: open the Zarr array at path
// lazily and compute its mean along axis 0.
func zarrMean0(ctx context.Context, path string) ([]*chunk.Dense, error) {
	startClock()
	x, err := array.FromZarr(ctx, path, nil)
	if err != nil {
		return nil, err
	}
	d, err := x.Mean(array.Axis(0)).Compute(ctx)
	return []*chunk.Dense{d}, err
}

// readBack is a write entry's result, computed untimed: the mean along
// axis 0 of what was written, read back.
func readBack(ctx context.Context, x *array.Array) ([]*chunk.Dense, error) {
	d, err := x.Mean(array.Axis(0)).Compute(ctx)
	return []*chunk.Dense{d}, err
}

// surveyChecksum is Σ|v_i|·(1 + i mod 7) over each result's C-order
// values, added over the results: it sees order as well as values, and
// is exact for integers.
func surveyChecksum(ds []*chunk.Dense) float64 {
	s := 0.0
	for _, d := range ds {
		for i := range d.Len() {
			s += math.Abs(d.Float(i)) * float64(1+i%7)
		}
	}
	return s
}

// rtolFor is the relative tolerance the comparison allows: 1e-9, or 1e-5
// when a result is float32 (NumPy accumulates float32 in float32).
func rtolFor(ds []*chunk.Dense) float64 {
	for _, d := range ds {
		if d.DType() == chunk.Float32 {
			return 1e-5
		}
	}
	return 1e-9
}

// peakReset collects garbage, as the Dask twin's peak_reset does
// (gc.collect), so that no entry pays for or counts the garbage of the
// entries before it, warms the machine's free memory (warmFreeMemory),
// and starts a new peak-RSS window (Linux: writing 5 to clear_refs resets
// VmHWM), so that each entry reports its own peak. It returns the RSS in
// MB the entry starts from: the inputs persisted so far, and the memory
// the runtime keeps for reuse.
func peakReset() float64 {
	runtime.GC()
	warmFreeMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	return peakMB()
}

// warmBytes is how much free memory warmFreeMemory touches: more than
// nearly every entry's rise above the memory it starts from.
const warmBytes = 512 << 20

// warmFreeMemory maps warmBytes of fresh memory outside the heap, advised
// for huge pages, touches every page (MADV_POPULATE_WRITE, or a write per
// page where the kernel lacks it) and unmaps it, as the Dask twin's
// warm_free_memory does with the same calls, untimed, before each entry
// and after each input is built. On a virtual machine whose guest hands
// free memory back to the host (free page reporting), a page the host
// took back costs a host fault to touch again (2–3 ms a huge page on the
// survey's machine of Dec 6), one freed a moment ago does not, and the
// kernel hands out the last freed first: without this, an entry's fresh
// pages were warm or cold by what the entries before it, and their
// inputs' builds, happened to free (transpose-3d-i64, in a full run after
// moveaxis-3d-f32: 0.16 s, 0.02 s warmed; the twin's moveaxis-3d-f32
// paid the same cost there instead). Warming both sides the same way
// makes an entry's time its own.
func warmFreeMemory() {
	b, err := unix.Mmap(-1, 0, warmBytes, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		return
	}
	defer unix.Munmap(b)
	// Linux's MADV_HUGEPAGE and MADV_POPULATE_WRITE (5.14 and later), by
	// number: the bench builds on other systems, where the calls fail.
	const madvHugepage, madvPopulateWrite = 14, 23
	unix.Madvise(b, madvHugepage)
	if unix.Madvise(b, madvPopulateWrite) != nil {
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
	}
}

// peakMB is VmHWM in MB, or -1 where /proc cannot tell.
func peakMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return math.Round(kb/1024*10) / 10
		}
	}
	return -1
}

// profileEntry, for the entry CHUNKWISE_SURVEY_PROFILE names, runs it
// 20 times under a CPU profile (written to its name plus ".prof" in the
// temporary directory) before its timed run: a profile of the entry as it
// runs among the others, which a run of it alone may not reproduce.
func profileEntry(ctx context.Context, e surveyEntry) {
	if os.Getenv("CHUNKWISE_SURVEY_PROFILE") != e.name {
		return
	}
	f, err := os.Create(filepath.Join(os.TempDir(), e.name+".prof"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "survey:", err)
		return
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "survey:", err)
		return
	}
	defer pprof.StopCPUProfile()
	for range 20 {
		e.run(ctx)
	}
}

// runSurvey runs every entry (or those --only matches) once, in this
// process, in order, and prints its JSON line (peak_rss_mb_entry in extra
// is the entry's own peak); each gets its own peak RSS window. An entry
// that fails prints its error and the survey goes on.
func runSurvey(scale float64) ([]Result, error) {
	var re *regexp.Regexp
	if surveyOnly != "" {
		var err error
		if re, err = regexp.Compile(surveyOnly); err != nil {
			return nil, fmt.Errorf("survey: --only: %v", err)
		}
	}
	ctx := context.Background()
	for _, e := range survey {
		if re != nil && !re.MatchString(e.name) {
			continue
		}
		rssBefore = peakReset()
		profileEntry(ctx, e)
		clockStop = stamp{}
		startClock()
		ds, err := e.run(ctx)
		if clockStop == (stamp{}) {
			stopClock()
		}
		took := clockStop.sub(clockStart).sub(clockPaused)
		if err != nil {
			dropUnusedInputs()
			fmt.Fprintf(os.Stderr, "survey: %s: %v\n", e.name, err)
			continue
		}
		r := Result{Sub: e.name, Seconds: took.wall.Seconds(), Checksum: surveyChecksum(ds),
			Params: map[string]any{"rtol": rtolFor(ds)},
			Extra:  map[string]any{"peak_rss_mb_entry": peakMB(), "rss_mb_before": rssBefore, "cpu_seconds": took.cpu.Seconds(), "sys_seconds": took.sys.Seconds(), "page_faults": took.faults, "gc_cycles": took.gcs}}
		ds = nil // dropped before the memory goes back, as the Dask twin drops its result
		dropUnusedInputs()
		emit("survey", r.Sub, 0, r)
	}
	return nil, nil
}
