package array

// A naive serial reference for the array API: plain Go loops over flat
// C-order buffers with NumPy semantics, written independently of the
// kernels under test, plus random shapes, chunkings and data.

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// refDTypes are the dtypes with kernels of their own, which the
// reference tests model (float16 computes in float32: float16_test.go).
var refDTypes = slices.DeleteFunc(slices.Clone(chunk.DTypes), func(d chunk.DType) bool { return d == chunk.Float16 || d.IsComplex() })

// numpyAdd and numpyTrueDivide are numpy.add(a, b).dtype and
// numpy.true_divide(a, b).dtype for every pair of dtypes, generated once
// with NumPy 1.24 (np.add(np.ones(1, a), np.ones(1, b)).dtype).
var numpyAdd = map[[2]chunk.DType]chunk.DType{
	{chunk.Bool, chunk.Bool}: chunk.Bool, {chunk.Bool, chunk.Int8}: chunk.Int8, {chunk.Bool, chunk.Int16}: chunk.Int16, {chunk.Bool, chunk.Int32}: chunk.Int32, {chunk.Bool, chunk.Int64}: chunk.Int64, {chunk.Bool, chunk.Uint8}: chunk.Uint8, {chunk.Bool, chunk.Uint16}: chunk.Uint16, {chunk.Bool, chunk.Uint32}: chunk.Uint32, {chunk.Bool, chunk.Uint64}: chunk.Uint64, {chunk.Bool, chunk.Float32}: chunk.Float32, {chunk.Bool, chunk.Float64}: chunk.Float64,
	{chunk.Int8, chunk.Bool}: chunk.Int8, {chunk.Int8, chunk.Int8}: chunk.Int8, {chunk.Int8, chunk.Int16}: chunk.Int16, {chunk.Int8, chunk.Int32}: chunk.Int32, {chunk.Int8, chunk.Int64}: chunk.Int64, {chunk.Int8, chunk.Uint8}: chunk.Int16, {chunk.Int8, chunk.Uint16}: chunk.Int32, {chunk.Int8, chunk.Uint32}: chunk.Int64, {chunk.Int8, chunk.Uint64}: chunk.Float64, {chunk.Int8, chunk.Float32}: chunk.Float32, {chunk.Int8, chunk.Float64}: chunk.Float64,
	{chunk.Int16, chunk.Bool}: chunk.Int16, {chunk.Int16, chunk.Int8}: chunk.Int16, {chunk.Int16, chunk.Int16}: chunk.Int16, {chunk.Int16, chunk.Int32}: chunk.Int32, {chunk.Int16, chunk.Int64}: chunk.Int64, {chunk.Int16, chunk.Uint8}: chunk.Int16, {chunk.Int16, chunk.Uint16}: chunk.Int32, {chunk.Int16, chunk.Uint32}: chunk.Int64, {chunk.Int16, chunk.Uint64}: chunk.Float64, {chunk.Int16, chunk.Float32}: chunk.Float32, {chunk.Int16, chunk.Float64}: chunk.Float64,
	{chunk.Int32, chunk.Bool}: chunk.Int32, {chunk.Int32, chunk.Int8}: chunk.Int32, {chunk.Int32, chunk.Int16}: chunk.Int32, {chunk.Int32, chunk.Int32}: chunk.Int32, {chunk.Int32, chunk.Int64}: chunk.Int64, {chunk.Int32, chunk.Uint8}: chunk.Int32, {chunk.Int32, chunk.Uint16}: chunk.Int32, {chunk.Int32, chunk.Uint32}: chunk.Int64, {chunk.Int32, chunk.Uint64}: chunk.Float64, {chunk.Int32, chunk.Float32}: chunk.Float64, {chunk.Int32, chunk.Float64}: chunk.Float64,
	{chunk.Int64, chunk.Bool}: chunk.Int64, {chunk.Int64, chunk.Int8}: chunk.Int64, {chunk.Int64, chunk.Int16}: chunk.Int64, {chunk.Int64, chunk.Int32}: chunk.Int64, {chunk.Int64, chunk.Int64}: chunk.Int64, {chunk.Int64, chunk.Uint8}: chunk.Int64, {chunk.Int64, chunk.Uint16}: chunk.Int64, {chunk.Int64, chunk.Uint32}: chunk.Int64, {chunk.Int64, chunk.Uint64}: chunk.Float64, {chunk.Int64, chunk.Float32}: chunk.Float64, {chunk.Int64, chunk.Float64}: chunk.Float64,
	{chunk.Uint8, chunk.Bool}: chunk.Uint8, {chunk.Uint8, chunk.Int8}: chunk.Int16, {chunk.Uint8, chunk.Int16}: chunk.Int16, {chunk.Uint8, chunk.Int32}: chunk.Int32, {chunk.Uint8, chunk.Int64}: chunk.Int64, {chunk.Uint8, chunk.Uint8}: chunk.Uint8, {chunk.Uint8, chunk.Uint16}: chunk.Uint16, {chunk.Uint8, chunk.Uint32}: chunk.Uint32, {chunk.Uint8, chunk.Uint64}: chunk.Uint64, {chunk.Uint8, chunk.Float32}: chunk.Float32, {chunk.Uint8, chunk.Float64}: chunk.Float64,
	{chunk.Uint16, chunk.Bool}: chunk.Uint16, {chunk.Uint16, chunk.Int8}: chunk.Int32, {chunk.Uint16, chunk.Int16}: chunk.Int32, {chunk.Uint16, chunk.Int32}: chunk.Int32, {chunk.Uint16, chunk.Int64}: chunk.Int64, {chunk.Uint16, chunk.Uint8}: chunk.Uint16, {chunk.Uint16, chunk.Uint16}: chunk.Uint16, {chunk.Uint16, chunk.Uint32}: chunk.Uint32, {chunk.Uint16, chunk.Uint64}: chunk.Uint64, {chunk.Uint16, chunk.Float32}: chunk.Float32, {chunk.Uint16, chunk.Float64}: chunk.Float64,
	{chunk.Uint32, chunk.Bool}: chunk.Uint32, {chunk.Uint32, chunk.Int8}: chunk.Int64, {chunk.Uint32, chunk.Int16}: chunk.Int64, {chunk.Uint32, chunk.Int32}: chunk.Int64, {chunk.Uint32, chunk.Int64}: chunk.Int64, {chunk.Uint32, chunk.Uint8}: chunk.Uint32, {chunk.Uint32, chunk.Uint16}: chunk.Uint32, {chunk.Uint32, chunk.Uint32}: chunk.Uint32, {chunk.Uint32, chunk.Uint64}: chunk.Uint64, {chunk.Uint32, chunk.Float32}: chunk.Float64, {chunk.Uint32, chunk.Float64}: chunk.Float64,
	{chunk.Uint64, chunk.Bool}: chunk.Uint64, {chunk.Uint64, chunk.Int8}: chunk.Float64, {chunk.Uint64, chunk.Int16}: chunk.Float64, {chunk.Uint64, chunk.Int32}: chunk.Float64, {chunk.Uint64, chunk.Int64}: chunk.Float64, {chunk.Uint64, chunk.Uint8}: chunk.Uint64, {chunk.Uint64, chunk.Uint16}: chunk.Uint64, {chunk.Uint64, chunk.Uint32}: chunk.Uint64, {chunk.Uint64, chunk.Uint64}: chunk.Uint64, {chunk.Uint64, chunk.Float32}: chunk.Float64, {chunk.Uint64, chunk.Float64}: chunk.Float64,
	{chunk.Float32, chunk.Bool}: chunk.Float32, {chunk.Float32, chunk.Int8}: chunk.Float32, {chunk.Float32, chunk.Int16}: chunk.Float32, {chunk.Float32, chunk.Int32}: chunk.Float64, {chunk.Float32, chunk.Int64}: chunk.Float64, {chunk.Float32, chunk.Uint8}: chunk.Float32, {chunk.Float32, chunk.Uint16}: chunk.Float32, {chunk.Float32, chunk.Uint32}: chunk.Float64, {chunk.Float32, chunk.Uint64}: chunk.Float64, {chunk.Float32, chunk.Float32}: chunk.Float32, {chunk.Float32, chunk.Float64}: chunk.Float64,
	{chunk.Float64, chunk.Bool}: chunk.Float64, {chunk.Float64, chunk.Int8}: chunk.Float64, {chunk.Float64, chunk.Int16}: chunk.Float64, {chunk.Float64, chunk.Int32}: chunk.Float64, {chunk.Float64, chunk.Int64}: chunk.Float64, {chunk.Float64, chunk.Uint8}: chunk.Float64, {chunk.Float64, chunk.Uint16}: chunk.Float64, {chunk.Float64, chunk.Uint32}: chunk.Float64, {chunk.Float64, chunk.Uint64}: chunk.Float64, {chunk.Float64, chunk.Float32}: chunk.Float64, {chunk.Float64, chunk.Float64}: chunk.Float64,
}
var numpyTrueDivide = map[[2]chunk.DType]chunk.DType{
	{chunk.Bool, chunk.Bool}: chunk.Float64, {chunk.Bool, chunk.Int8}: chunk.Float64, {chunk.Bool, chunk.Int16}: chunk.Float64, {chunk.Bool, chunk.Int32}: chunk.Float64, {chunk.Bool, chunk.Int64}: chunk.Float64, {chunk.Bool, chunk.Uint8}: chunk.Float64, {chunk.Bool, chunk.Uint16}: chunk.Float64, {chunk.Bool, chunk.Uint32}: chunk.Float64, {chunk.Bool, chunk.Uint64}: chunk.Float64, {chunk.Bool, chunk.Float32}: chunk.Float32, {chunk.Bool, chunk.Float64}: chunk.Float64,
	{chunk.Int8, chunk.Bool}: chunk.Float64, {chunk.Int8, chunk.Int8}: chunk.Float64, {chunk.Int8, chunk.Int16}: chunk.Float64, {chunk.Int8, chunk.Int32}: chunk.Float64, {chunk.Int8, chunk.Int64}: chunk.Float64, {chunk.Int8, chunk.Uint8}: chunk.Float64, {chunk.Int8, chunk.Uint16}: chunk.Float64, {chunk.Int8, chunk.Uint32}: chunk.Float64, {chunk.Int8, chunk.Uint64}: chunk.Float64, {chunk.Int8, chunk.Float32}: chunk.Float32, {chunk.Int8, chunk.Float64}: chunk.Float64,
	{chunk.Int16, chunk.Bool}: chunk.Float64, {chunk.Int16, chunk.Int8}: chunk.Float64, {chunk.Int16, chunk.Int16}: chunk.Float64, {chunk.Int16, chunk.Int32}: chunk.Float64, {chunk.Int16, chunk.Int64}: chunk.Float64, {chunk.Int16, chunk.Uint8}: chunk.Float64, {chunk.Int16, chunk.Uint16}: chunk.Float64, {chunk.Int16, chunk.Uint32}: chunk.Float64, {chunk.Int16, chunk.Uint64}: chunk.Float64, {chunk.Int16, chunk.Float32}: chunk.Float32, {chunk.Int16, chunk.Float64}: chunk.Float64,
	{chunk.Int32, chunk.Bool}: chunk.Float64, {chunk.Int32, chunk.Int8}: chunk.Float64, {chunk.Int32, chunk.Int16}: chunk.Float64, {chunk.Int32, chunk.Int32}: chunk.Float64, {chunk.Int32, chunk.Int64}: chunk.Float64, {chunk.Int32, chunk.Uint8}: chunk.Float64, {chunk.Int32, chunk.Uint16}: chunk.Float64, {chunk.Int32, chunk.Uint32}: chunk.Float64, {chunk.Int32, chunk.Uint64}: chunk.Float64, {chunk.Int32, chunk.Float32}: chunk.Float64, {chunk.Int32, chunk.Float64}: chunk.Float64,
	{chunk.Int64, chunk.Bool}: chunk.Float64, {chunk.Int64, chunk.Int8}: chunk.Float64, {chunk.Int64, chunk.Int16}: chunk.Float64, {chunk.Int64, chunk.Int32}: chunk.Float64, {chunk.Int64, chunk.Int64}: chunk.Float64, {chunk.Int64, chunk.Uint8}: chunk.Float64, {chunk.Int64, chunk.Uint16}: chunk.Float64, {chunk.Int64, chunk.Uint32}: chunk.Float64, {chunk.Int64, chunk.Uint64}: chunk.Float64, {chunk.Int64, chunk.Float32}: chunk.Float64, {chunk.Int64, chunk.Float64}: chunk.Float64,
	{chunk.Uint8, chunk.Bool}: chunk.Float64, {chunk.Uint8, chunk.Int8}: chunk.Float64, {chunk.Uint8, chunk.Int16}: chunk.Float64, {chunk.Uint8, chunk.Int32}: chunk.Float64, {chunk.Uint8, chunk.Int64}: chunk.Float64, {chunk.Uint8, chunk.Uint8}: chunk.Float64, {chunk.Uint8, chunk.Uint16}: chunk.Float64, {chunk.Uint8, chunk.Uint32}: chunk.Float64, {chunk.Uint8, chunk.Uint64}: chunk.Float64, {chunk.Uint8, chunk.Float32}: chunk.Float32, {chunk.Uint8, chunk.Float64}: chunk.Float64,
	{chunk.Uint16, chunk.Bool}: chunk.Float64, {chunk.Uint16, chunk.Int8}: chunk.Float64, {chunk.Uint16, chunk.Int16}: chunk.Float64, {chunk.Uint16, chunk.Int32}: chunk.Float64, {chunk.Uint16, chunk.Int64}: chunk.Float64, {chunk.Uint16, chunk.Uint8}: chunk.Float64, {chunk.Uint16, chunk.Uint16}: chunk.Float64, {chunk.Uint16, chunk.Uint32}: chunk.Float64, {chunk.Uint16, chunk.Uint64}: chunk.Float64, {chunk.Uint16, chunk.Float32}: chunk.Float32, {chunk.Uint16, chunk.Float64}: chunk.Float64,
	{chunk.Uint32, chunk.Bool}: chunk.Float64, {chunk.Uint32, chunk.Int8}: chunk.Float64, {chunk.Uint32, chunk.Int16}: chunk.Float64, {chunk.Uint32, chunk.Int32}: chunk.Float64, {chunk.Uint32, chunk.Int64}: chunk.Float64, {chunk.Uint32, chunk.Uint8}: chunk.Float64, {chunk.Uint32, chunk.Uint16}: chunk.Float64, {chunk.Uint32, chunk.Uint32}: chunk.Float64, {chunk.Uint32, chunk.Uint64}: chunk.Float64, {chunk.Uint32, chunk.Float32}: chunk.Float64, {chunk.Uint32, chunk.Float64}: chunk.Float64,
	{chunk.Uint64, chunk.Bool}: chunk.Float64, {chunk.Uint64, chunk.Int8}: chunk.Float64, {chunk.Uint64, chunk.Int16}: chunk.Float64, {chunk.Uint64, chunk.Int32}: chunk.Float64, {chunk.Uint64, chunk.Int64}: chunk.Float64, {chunk.Uint64, chunk.Uint8}: chunk.Float64, {chunk.Uint64, chunk.Uint16}: chunk.Float64, {chunk.Uint64, chunk.Uint32}: chunk.Float64, {chunk.Uint64, chunk.Uint64}: chunk.Float64, {chunk.Uint64, chunk.Float32}: chunk.Float64, {chunk.Uint64, chunk.Float64}: chunk.Float64,
	{chunk.Float32, chunk.Bool}: chunk.Float32, {chunk.Float32, chunk.Int8}: chunk.Float32, {chunk.Float32, chunk.Int16}: chunk.Float32, {chunk.Float32, chunk.Int32}: chunk.Float64, {chunk.Float32, chunk.Int64}: chunk.Float64, {chunk.Float32, chunk.Uint8}: chunk.Float32, {chunk.Float32, chunk.Uint16}: chunk.Float32, {chunk.Float32, chunk.Uint32}: chunk.Float64, {chunk.Float32, chunk.Uint64}: chunk.Float64, {chunk.Float32, chunk.Float32}: chunk.Float32, {chunk.Float32, chunk.Float64}: chunk.Float64,
	{chunk.Float64, chunk.Bool}: chunk.Float64, {chunk.Float64, chunk.Int8}: chunk.Float64, {chunk.Float64, chunk.Int16}: chunk.Float64, {chunk.Float64, chunk.Int32}: chunk.Float64, {chunk.Float64, chunk.Int64}: chunk.Float64, {chunk.Float64, chunk.Uint8}: chunk.Float64, {chunk.Float64, chunk.Uint16}: chunk.Float64, {chunk.Float64, chunk.Uint32}: chunk.Float64, {chunk.Float64, chunk.Uint64}: chunk.Float64, {chunk.Float64, chunk.Float32}: chunk.Float64, {chunk.Float64, chunk.Float64}: chunk.Float64,
}

// numpyScalar is the dtype of numpy.ones(1, d) + s for a Python bool, int
// and float scalar s (True, 1, 1.5), generated with NumPy.
var numpyScalar = map[chunk.DType][3]chunk.DType{
	chunk.Bool:    {chunk.Bool, chunk.Int64, chunk.Float64},
	chunk.Int8:    {chunk.Int8, chunk.Int8, chunk.Float64},
	chunk.Int16:   {chunk.Int16, chunk.Int16, chunk.Float64},
	chunk.Int32:   {chunk.Int32, chunk.Int32, chunk.Float64},
	chunk.Int64:   {chunk.Int64, chunk.Int64, chunk.Float64},
	chunk.Uint8:   {chunk.Uint8, chunk.Uint8, chunk.Float64},
	chunk.Uint16:  {chunk.Uint16, chunk.Uint16, chunk.Float64},
	chunk.Uint32:  {chunk.Uint32, chunk.Uint32, chunk.Float64},
	chunk.Uint64:  {chunk.Uint64, chunk.Uint64, chunk.Float64},
	chunk.Float32: {chunk.Float32, chunk.Float32, chunk.Float32},
	chunk.Float64: {chunk.Float64, chunk.Float64, chunk.Float64},
}

// ---- random shapes, chunkings and data ----

// randShape returns a shape of 0 to maxND axes, with size-0 and size-1
// axes, and at most maxSize elements.
func randShape(r *rand.Rand, minND, maxND, maxSize int) []int {
	for {
		nd := minND + r.Intn(maxND-minND+1)
		s := make([]int, nd)
		for a := range s {
			switch k := r.Intn(10); {
			case k == 0:
				s[a] = 0
			case k <= 2:
				s[a] = 1
			default:
				s[a] = 2 + r.Intn(9)
			}
		}
		if chunk.Prod(s) <= maxSize {
			return s
		}
	}
}

// randSpec returns a random chunking of shape: regular sizes, explicit
// ragged sizes or whole axes.
func randSpec(r *rand.Rand, shape []int) chunk.Spec {
	s := make(chunk.Spec, len(shape))
	for a, n := range shape {
		switch r.Intn(4) {
		case 0:
			s[a] = chunk.Whole()
		case 1:
			s[a] = chunk.Size(1 + r.Intn(max(n, 1)+1))
		default:
			s[a] = chunk.Sizes(randSizes(r, n)...)
		}
	}
	return s
}

// randSizes returns positive sizes summing to n ([0] when n is 0).
func randSizes(r *rand.Rand, n int) []int {
	if n == 0 {
		return []int{0}
	}
	var out []int
	for n > 0 {
		c := 1 + r.Intn(min(n, 4))
		out = append(out, c)
		n -= c
	}
	return out
}

// randDense returns random data of dtype dt: small integers, and floats
// with a few NaN, ±Inf and signed zeros.
func randDense(r *rand.Rand, dt chunk.DType, shape []int) *chunk.Dense {
	d := chunk.NewDense(dt, shape)
	n := d.Len()
	switch v := d.Data().(type) {
	case []bool:
		for i := range v {
			v[i] = r.Intn(2) == 1
		}
	case []int8:
		fillInts(r, v, -9, 9)
	case []int16:
		fillInts(r, v, -99, 99)
	case []int32:
		fillInts(r, v, -999, 999)
	case []int64:
		fillInts(r, v, -9999, 9999)
	case []uint8:
		fillInts(r, v, 0, 18)
	case []uint16:
		fillInts(r, v, 0, 199)
	case []uint32:
		fillInts(r, v, 0, 1999)
	case []uint64:
		fillInts(r, v, 0, 19999)
	case []float32:
		for i := range v {
			v[i] = float32(randFloat(r))
		}
	case []chunk.Half:
		for i := range v {
			v[i] = chunk.HalfFromFloat64(randFloat(r))
		}
	case []float64:
		for i := range v {
			v[i] = randFloat(r)
		}
	case []complex64:
		for i := range v {
			v[i] = complex64(randComplex(r))
		}
	case []complex128:
		for i := range v {
			v[i] = randComplex(r)
		}
	}
	_ = n
	return d
}

func fillInts[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64](r *rand.Rand, v []T, lo, hi int) {
	for i := range v {
		v[i] = T(lo + r.Intn(hi-lo+1))
	}
}

// randComplex returns finite parts (NaN and ±Inf in complex math differ
// between libraries by design; C99 leaves many cases open).
func randComplex(r *rand.Rand) complex128 {
	part := func() float64 {
		if r.Intn(10) == 0 {
			return 0
		}
		return math.Round((r.Float64()*8-4)*100) / 100
	}
	return complex(part(), part())
}

func randFloat(r *rand.Rand) float64 {
	switch r.Intn(40) {
	case 0:
		return math.NaN()
	case 1:
		return math.Inf(1)
	case 2:
		return math.Inf(-1)
	case 3:
		return math.Copysign(0, -1)
	case 4:
		return 0
	}
	return math.Round((r.Float64()*20-10)*100) / 100
}

// finiteDense returns random data without NaN or Inf, in [0, 100) for
// floats (so that casts to any integer type are defined).
func finiteDense(r *rand.Rand, dt chunk.DType, shape []int) *chunk.Dense {
	d := randDense(r, dt, shape)
	switch v := d.Data().(type) {
	case []float32:
		for i := range v {
			v[i] = float32(math.Round(r.Float64()*10000) / 100)
		}
	case []float64:
		for i := range v {
			v[i] = math.Round(r.Float64()*10000) / 100
		}
	case []chunk.Half:
		for i := range v {
			v[i] = chunk.HalfFromFloat64(math.Round(r.Float64()*10000) / 100)
		}
	}
	return d
}

// ---- element access ----

// num is one element of any dtype held exactly: integers in i (or u for
// uint64), floats in f.
type num struct {
	dt chunk.DType
	i  int64
	u  uint64
	f  float64
	b  bool
	c  complex128 // of a complex dtype (f is its real part)
}

// realDTypes are the dtypes but the complex ones, which are checked
// against NumPy itself (complex_test.go).
var realDTypes = slices.DeleteFunc(slices.Clone(chunk.DTypes), chunk.DType.IsComplex)

func at(d *chunk.Dense, p int) num {
	n := num{dt: d.DType()}
	switch v := d.Data().(type) {
	case []bool:
		n.b = v[p]
	case []int8:
		n.i = int64(v[p])
	case []int16:
		n.i = int64(v[p])
	case []int32:
		n.i = int64(v[p])
	case []int64:
		n.i = v[p]
	case []uint8:
		n.u = uint64(v[p])
	case []uint16:
		n.u = uint64(v[p])
	case []uint32:
		n.u = uint64(v[p])
	case []uint64:
		n.u = v[p]
	case []float32:
		n.f = float64(v[p])
	case []chunk.Half:
		n.f = float64(v[p].Float32())
	case []float64:
		n.f = v[p]
	case []complex64:
		n.c = complex128(v[p])
		n.f = real(n.c)
	case []complex128:
		n.c = v[p]
		n.f = real(n.c)
	}
	return n
}

func (n num) String() string {
	switch n.dt.Kind() {
	case chunk.KindBool:
		return fmt.Sprint(n.b)
	case chunk.KindInt:
		return fmt.Sprint(n.i)
	case chunk.KindUint:
		return fmt.Sprint(n.u)
	case chunk.KindComplex:
		return fmt.Sprint(n.c)
	}
	return fmt.Sprint(n.f)
}

// refCast converts d to dt element by element with Go's (and NumPy's)
// conversion rules: nonzero is true, true is 1, floats truncate.
func refCast(d *chunk.Dense, dt chunk.DType) *chunk.Dense {
	out := chunk.NewDense(dt, d.Shape())
	for p := 0; p < d.Len(); p++ {
		setNum(out, p, at(d, p))
	}
	return out
}

// setNum stores n converted to out's dtype at p.
func setNum(out *chunk.Dense, p int, n num) {
	var i int64
	var u uint64
	var f float64
	var b bool
	var c complex128
	switch n.dt.Kind() {
	case chunk.KindBool:
		if n.b {
			i, u, f, b = 1, 1, 1, true
		}
	case chunk.KindInt:
		i, u, f, b = n.i, uint64(n.i), float64(n.i), n.i != 0
	case chunk.KindUint:
		i, u, f, b = int64(n.u), n.u, float64(n.u), n.u != 0
	case chunk.KindFloat, chunk.KindComplex:
		f, b = n.f, n.f != 0
		if n.dt.IsComplex() {
			b = n.c != 0
		}
		if n.f == n.f && !math.IsInf(n.f, 0) {
			i, u = int64(n.f), uint64(int64(n.f))
			if n.f >= 1<<63 {
				u = uint64(n.f)
			}
		}
	}
	if c = complex(f, 0); n.dt.IsComplex() {
		c = n.c
	}
	switch v := out.Data().(type) {
	case []bool:
		v[p] = b
	case []int8:
		v[p] = int8(i)
	case []int16:
		v[p] = int16(i)
	case []int32:
		v[p] = int32(i)
	case []int64:
		v[p] = i
	case []uint8:
		v[p] = uint8(u)
	case []uint16:
		v[p] = uint16(u)
	case []uint32:
		v[p] = uint32(u)
	case []uint64:
		v[p] = u
	case []float32:
		v[p] = float32(f)
	case []chunk.Half:
		v[p] = chunk.HalfFromFloat64(f)
	case []float64:
		v[p] = f
	case []complex64:
		v[p] = complex64(c)
	case []complex128:
		v[p] = c
	}
}

// ---- broadcasting ----

func refBroadcastShape(shapes ...[]int) ([]int, bool) {
	nd := 0
	for _, s := range shapes {
		nd = max(nd, len(s))
	}
	out := make([]int, nd)
	for i := range out {
		out[i] = 1
	}
	for _, s := range shapes {
		for j, n := range s {
			a := nd - len(s) + j
			if n == out[a] || n == 1 {
				continue
			}
			if out[a] != 1 {
				return nil, false
			}
			out[a] = n
		}
	}
	return out, true
}

// srcPos returns the flat position in an array of shape s of the element
// broadcast to output index idx.
func srcPos(idx, s []int) int {
	lead := len(idx) - len(s)
	p := 0
	for j, n := range s {
		i := idx[lead+j]
		if n == 1 {
			i = 0
		}
		p = p*n + i
	}
	return p
}

// refMap returns the array of dtype dt whose element p is f(p, pos),
// pos[i] being the position in ins[i] of the element broadcast to p.
func refMap(dt chunk.DType, ins []*chunk.Dense, f func(p int, pos []int) num) *chunk.Dense {
	shapes := make([][]int, len(ins))
	for i, d := range ins {
		shapes[i] = d.Shape()
	}
	shape, ok := refBroadcastShape(shapes...)
	if !ok {
		panic("refMap: shapes do not broadcast")
	}
	out := chunk.NewDense(dt, shape)
	pos := make([]int, len(ins))
	idx := make([]int, len(shape))
	for p := 0; p < out.Len(); p++ {
		chunk.Unravel(idx, p, shape)
		for i, d := range ins {
			pos[i] = srcPos(idx, d.Shape())
		}
		setNum(out, p, f(p, pos))
	}
	return out
}

// ---- comparison ----

// tolerance for float results: 0 means exact.
func checkDense(t *testing.T, what string, got, want *chunk.Dense, tol float64) {
	t.Helper()
	if err := diffDense(got, want, tol); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func diffDense(got, want *chunk.Dense, tol float64) error {
	if got == nil {
		return fmt.Errorf("nil result")
	}
	if got.DType() != want.DType() {
		return fmt.Errorf("dtype %v, want %v", got.DType(), want.DType())
	}
	if !chunk.EqualShapes(got.Shape(), want.Shape()) {
		return fmt.Errorf("shape %v, want %v", got.Shape(), want.Shape())
	}
	var bad []string
	for p := 0; p < want.Len(); p++ {
		g, w := at(got, p), at(want, p)
		if !numClose(g, w, tol) {
			idx := make([]int, len(want.Shape()))
			chunk.Unravel(idx, p, want.Shape())
			bad = append(bad, fmt.Sprintf("at %v got %v want %v", idx, g, w))
			if len(bad) == 5 {
				break
			}
		}
	}
	if bad != nil {
		return fmt.Errorf("values differ: %s", strings.Join(bad, "; "))
	}
	return nil
}

func numClose(g, w num, tol float64) bool {
	switch w.dt.Kind() {
	case chunk.KindBool:
		return g.b == w.b
	case chunk.KindInt:
		return g.i == w.i
	case chunk.KindUint:
		return g.u == w.u
	case chunk.KindComplex:
		part := func(f float64) num { return num{dt: chunk.RealOf(w.dt), f: f} }
		return numClose(part(real(g.c)), part(real(w.c)), tol) && numClose(part(imag(g.c)), part(imag(w.c)), tol)
	}
	if math.IsNaN(w.f) || math.IsNaN(g.f) {
		return math.IsNaN(w.f) && math.IsNaN(g.f)
	}
	if g.f == w.f {
		return true
	}
	if math.IsInf(w.f, 0) || math.IsInf(g.f, 0) {
		return false
	}
	return math.Abs(g.f-w.f) <= tol*math.Max(1, math.Abs(w.f))
}

// tolFor is the tolerance of float math in dtype dt (one float32 ulp or
// so: NumPy's float32 loops may round differently from float64 math).
func tolFor(dt chunk.DType) float64 {
	if dt == chunk.Float16 {
		return 1e-3
	}
	if chunk.RealOf(dt) == chunk.Float32 {
		return 2e-6
	}
	return 1e-12
}

// mustNotPanic runs f and fails the test if it panics.
func mustNotPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%s panicked: %v", what, r)
		}
	}()
	f()
}
