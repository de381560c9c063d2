package array

import (
	"math"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
)

// generated returns the array of shape and dtype whose chunks a program
// with no inputs computes from element positions: constants, ranges and
// random numbers are made inside each task, tile by tile.
func generated(op string, shape []int, spec chunk.Spec, dt chunk.DType, emit func(b *blockwise.Builder) int32) *Array {
	if !dt.Valid() {
		return errorf(op, "invalid dtype %v", dt)
	}
	g, err := spec.Plan(shape, dt, 0, nil)
	if err != nil {
		return errorf(op, "%v", err)
	}
	b := blockwise.NewBuilder(0)
	prog := b.Program(b.Cast(emit(b), dt))
	l := blockwise.ExprLayer(prog, g, nil)
	return &Array{layer: l, grid: g, dtype: dt, expr: &expr{prog: prog}}
}

// Full returns an array of the given shape filled with v (converted to
// dt), chunked by spec.
func Full(shape []int, v float64, dt chunk.DType, spec chunk.Spec) *Array {
	return generated("full", shape, spec, dt, func(b *blockwise.Builder) int32 { return b.Const(v, dt) })
}

// Zeros returns an array of zeros.
func Zeros(shape []int, dt chunk.DType, spec chunk.Spec) *Array { return Full(shape, 0, dt, spec) }

// Ones returns an array of ones.
func Ones(shape []int, dt chunk.DType, spec chunk.Spec) *Array { return Full(shape, 1, dt, spec) }

// Empty returns an array whose values are unspecified (zeros here; no
// memory is touched until it is computed).
func Empty(shape []int, dt chunk.DType, spec chunk.Spec) *Array { return Full(shape, 0, dt, spec) }

// Arange returns the 1-d array start, start+step, … below stop (above
// it for a negative step), of dtype dt (numpy.arange). step 0 is an
// error.
func Arange(start, stop, step float64, dt chunk.DType, spec chunk.Spec) *Array {
	if step == 0 || math.IsNaN(step) {
		return errorf("arange", "step %v must be nonzero", step)
	}
	n := int(math.Ceil((stop - start) / step))
	if n < 0 || math.IsNaN((stop-start)/step) {
		n = 0
	}
	return generated("arange", []int{n}, spec, dt, func(b *blockwise.Builder) int32 {
		i := b.Cast(b.Leaf(blockwise.OpIndex, chunk.Int64, 0, 0, 0), chunk.Float64)
		if dt.IsInteger() && start == math.Trunc(start) && step == math.Trunc(step) {
			i = b.Leaf(blockwise.OpIndex, chunk.Int64, 0, 0, 0)
			return b.Binary(blockwise.OpAdd, chunk.Int64, b.Binary(blockwise.OpMul, chunk.Int64, i, b.Const(step, chunk.Int64)), b.Const(start, chunk.Int64))
		}
		return b.Binary(blockwise.OpAdd, chunk.Float64, b.Binary(blockwise.OpMul, chunk.Float64, i, b.Const(step, chunk.Float64)), b.Const(start, chunk.Float64))
	})
}

// Linspace returns num evenly spaced float64 values from start to stop,
// stop included when endpoint is true (numpy.linspace). An optional
// dtype (at most one) converts them as numpy.linspace(…, dtype=dt)
// does: integer dtypes round toward -∞. num < 0 is an error.
func Linspace(start, stop float64, num int, endpoint bool, spec chunk.Spec, dtype ...chunk.DType) *Array {
	if num < 0 {
		return errorf("linspace", "number of samples %d must be non-negative", num)
	}
	if len(dtype) > 1 {
		return errorf("linspace", "%d dtypes; want at most one", len(dtype))
	}
	if len(dtype) == 1 {
		x := Linspace(start, stop, num, endpoint, spec)
		if dtype[0].IsInteger() {
			x = x.Floor()
		}
		return x.AsType(dtype[0])
	}
	div := float64(num)
	if endpoint {
		div = float64(num - 1)
	}
	step := (stop - start) / div
	if div <= 0 {
		step = 0 // one sample (or none): just start, as NumPy gives
	}
	return generated("linspace", []int{num}, spec, chunk.Float64, func(b *blockwise.Builder) int32 {
		ii := b.Leaf(blockwise.OpIndex, chunk.Int64, 0, 0, 0)
		i := b.Cast(ii, chunk.Float64)
		v := b.Binary(blockwise.OpAdd, chunk.Float64, b.Binary(blockwise.OpMul, chunk.Float64, i, b.Const(step, chunk.Float64)), b.Const(start, chunk.Float64))
		if endpoint && num > 1 {
			last := b.Binary(blockwise.OpEq, chunk.Bool, ii, b.Const(float64(num-1), chunk.Int64))
			v = b.Where(last, b.Const(stop, chunk.Float64), v, chunk.Float64)
		}
		return v
	})
}

// Eye returns the n×m array with ones on diagonal k (numpy.eye; m = n
// when m ≤ 0).
func Eye(n, m, k int, dt chunk.DType, spec chunk.Spec) *Array {
	if m <= 0 {
		m = n
	}
	return diagonals("eye", n, m, blockwise.OpEq, k, dt, spec)
}

// RNG makes random arrays. Values come from a counter-based generator
// keyed by (seed, stream, element index): the same seed gives the same
// values run after run, on any machine, whatever the chunking. Each call
// on an RNG draws a fresh stream, so successive arrays are independent.
type RNG struct {
	seed   int64
	stream int64
}

// NewRNG returns a generator seeded with seed.
func NewRNG(seed int64) *RNG { return &RNG{seed: seed} }

func (r *RNG) next() int64 {
	s := r.seed*1_000_003 + r.stream
	r.stream++
	return s
}

// Uniform returns float64 values uniform in [lo, hi).
func (r *RNG) Uniform(lo, hi float64, shape []int, spec chunk.Spec) *Array {
	if !(hi >= lo) {
		return errorf("uniform", "high %v below low %v", hi, lo)
	}
	seed := r.next()
	return generated("uniform", shape, spec, chunk.Float64, func(b *blockwise.Builder) int32 {
		u := b.Leaf(blockwise.OpRandom, chunk.Float64, seed, 0, 0)
		if lo == 0 && hi == 1 {
			return u
		}
		return b.Binary(blockwise.OpAdd, chunk.Float64, b.Binary(blockwise.OpMul, chunk.Float64, u, b.Const(hi-lo, chunk.Float64)), b.Const(lo, chunk.Float64))
	})
}

// Random returns float64 values uniform in [0, 1) (numpy's
// random_sample).
func (r *RNG) Random(shape []int, spec chunk.Spec) *Array { return r.Uniform(0, 1, shape, spec) }

// Normal returns float64 values from the normal distribution with the
// given mean and standard deviation (std ≥ 0).
func (r *RNG) Normal(mean, std float64, shape []int, spec chunk.Spec) *Array {
	if !(std >= 0) {
		return errorf("normal", "scale %v must be non-negative", std)
	}
	seed := r.next()
	return generated("normal", shape, spec, chunk.Float64, func(b *blockwise.Builder) int32 {
		z := b.Leaf(blockwise.OpNormal, chunk.Float64, seed, 0, 0)
		return b.Binary(blockwise.OpAdd, chunk.Float64, b.Binary(blockwise.OpMul, chunk.Float64, z, b.Const(std, chunk.Float64)), b.Const(mean, chunk.Float64))
	})
}

// Integers returns int64 values uniform in [lo, hi); hi ≤ lo is an error.
func (r *RNG) Integers(lo, hi int64, shape []int, spec chunk.Spec) *Array {
	if hi <= lo {
		return errorf("integers", "high %d must exceed low %d", hi, lo)
	}
	seed := r.next()
	return generated("integers", shape, spec, chunk.Int64, func(b *blockwise.Builder) int32 {
		return b.Leaf(blockwise.OpRandInt, chunk.Int64, seed, float64(lo), float64(hi))
	})
}
