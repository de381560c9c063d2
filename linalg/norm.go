package linalg

import (
	"fmt"
	"math"
	"slices"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
)

// Ord is the order of a norm, NumPy's ord: the zero Ord is NumPy's None
// (the 2-norm of a vector, Frobenius of a matrix), Fro and Nuc are the
// Frobenius and nuclear matrix norms, and P(p) a numeric order.
type Ord struct {
	name string
	p    float64
}

// Orders with names.
var (
	Fro = Ord{name: "fro"}
	Nuc = Ord{name: "nuc"}
)

// P returns the numeric order p: for vectors sum(|x|^p)^(1/p), with P(0)
// the count of non-zeros and P(±Inf) the largest or smallest |x|; for
// matrices P(1), P(-1) the largest or smallest column sum of |x|,
// P(±Inf) the largest or smallest row sum, P(2), P(-2) the largest or
// smallest singular value.
func P(p float64) Ord { return Ord{name: "p", p: p} }

// String returns the order as NumPy writes it.
func (o Ord) String() string {
	switch o.name {
	case "":
		return "None"
	case "p":
		return fmt.Sprint(o.p)
	}
	return o.name
}

// Norm returns the norm of x of order ord, as NumPy's linalg.norm: with
// no axes, a vector norm for a 1-d x, a matrix norm for a 2-d x, and for
// the zero Ord the 2-norm of any x flattened; one axis gives vector norms
// along it, two axes matrix norms over them (the other axes kept). The
// result is float32 for float32 and complex64 x, float64 otherwise. An
// order that does not apply (Fro on a vector, P(3) on a matrix), axes
// out of range or repeated, or more than two axes give an array carrying
// the error; orders 2, -2 and Nuc of a matrix take its SVD and need x
// 2-d (and real: complex matrices are not supported yet).
func Norm(x *array.Array, ord Ord, axes ...int) *array.Array {
	if x == nil {
		return errArray(fmt.Errorf("linalg: norm: nil *Array"))
	}
	if err := x.Err(); err != nil {
		return x
	}
	if x.DType() == chunk.Bool {
		return errArray(fmt.Errorf("linalg: norm: bool arrays are not supported"))
	}
	dt := x.DType()
	if dt.IsComplex() {
		x = x.Abs() // every norm but the singular-value ones is one of |x|
	}
	x = x.AsType(resultType(x.DType()))
	nd := x.NDim()
	if len(axes) == 0 {
		switch {
		case ord.name == "":
			return x.Square().Sum().Sqrt()
		case nd == 1 || nd == 2:
			axes = []int{0, 1}[:nd]
		default:
			return errArray(fmt.Errorf("linalg: norm: order %v of a %d-d array needs axes", ord, nd))
		}
	}
	axes = slices.Clone(axes)
	for i, a := range axes {
		if a < -nd || a >= nd {
			return errArray(fmt.Errorf("linalg: norm: axis %d out of range for %d axes", a, nd))
		}
		axes[i] = (a + nd) % nd
		if slices.Contains(axes[:i], axes[i]) {
			return errArray(fmt.Errorf("linalg: norm: axis %d repeated", a))
		}
	}
	switch len(axes) {
	case 1:
		return vectorNorm(x, ord, axes[0])
	case 2:
		if dt.IsComplex() && (ord == Nuc || ord == P(2) || ord == P(-2)) {
			return errArray(fmt.Errorf("linalg: norm: order %v of %v matrices is not supported yet", ord, dt))
		}
		return matrixNorm(x, ord, axes[0], axes[1])
	}
	return errArray(fmt.Errorf("linalg: norm: %d axes; want 1 or 2", len(axes)))
}

func vectorNorm(x *array.Array, ord Ord, ax int) *array.Array {
	along := array.Axis(ax)
	switch {
	case ord.name == "" || ord.name == "p" && ord.p == 2:
		return x.Square().Sum(along).Sqrt()
	case ord.name != "p":
		return errArray(fmt.Errorf("linalg: norm: order %v is not a vector norm", ord))
	case math.IsInf(ord.p, 1):
		return x.Abs().Max(along)
	case math.IsInf(ord.p, -1):
		return x.Abs().Min(along)
	case ord.p == 0:
		return x.CountNonzero(along).AsType(x.DType())
	case ord.p == 1:
		return x.Abs().Sum(along)
	}
	return x.Abs().Pow(ord.p).Sum(along).Pow(1 / ord.p)
}

func matrixNorm(x *array.Array, ord Ord, r, c int) *array.Array {
	both := array.Axis(r, c)
	// sumThen sums |x| along one axis, then takes pick along the other.
	sumThen := func(sum, other int, pick func(*array.Array, ...array.ReduceOption) *array.Array) *array.Array {
		s := x.Abs().Sum(array.Axis(sum), array.KeepDims())
		return pick(s, array.Axis(other), array.KeepDims()).Squeeze(r, c)
	}
	switch {
	case ord.name == "" || ord == Fro:
		return x.Square().Sum(both).Sqrt()
	case ord == P(1):
		return sumThen(r, c, (*array.Array).Max)
	case ord == P(-1):
		return sumThen(r, c, (*array.Array).Min)
	case ord == P(math.Inf(1)):
		return sumThen(c, r, (*array.Array).Max)
	case ord == P(math.Inf(-1)):
		return sumThen(c, r, (*array.Array).Min)
	case ord == Nuc || ord == P(2) || ord == P(-2):
		if x.NDim() != 2 {
			return errArray(fmt.Errorf("linalg: norm: order %v of stacked matrices is not supported", ord))
		}
		m := x
		if r > c {
			m = x.T()
		}
		_, s, _ := SVD(m)
		switch ord {
		case Nuc:
			return s.Sum()
		case P(2):
			return s.Max()
		}
		return s.Min()
	}
	return errArray(fmt.Errorf("linalg: norm: order %v is not a matrix norm", ord))
}
