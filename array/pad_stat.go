package array

import (
	"slices"

	"github.com/chunkwise/chunkwise/chunk"
)

// padStat is Pad for the modes that fill from statistics of the axis or
// ramps to its edges (numpy.pad's linear_ramp, mean, median, maximum,
// minimum): each axis in turn is padded with zeros, then the border is
// replaced by a lazy Where over the position along the axis.
func (x *Array) padStat(widths [][2]int, mode PadMode, end float64) *Array {
	y := x
	nd := x.NDim()
	for a, w := range widths {
		if w[0] < 0 || w[1] < 0 {
			return errorf("pad", "index can't contain negative values (widths %v on axis %d)", w, a)
		}
		if w == [2]int{} {
			continue
		}
		n := y.Shape()[a]
		if n == 0 {
			return errorf("pad", "can't extend empty axis %d using modes other than 'constant' or 'empty'", a)
		}
		ws := make([][2]int, nd)
		ws[a] = w
		padded := y.Pad(ws, PadConstant, 0)
		shape := slices.Repeat([]int{1}, nd)
		shape[a] = n + w[0] + w[1]
		pos := Arange(0, float64(shape[a]), 1, chunk.Int64, chunk.Spec{chunk.Sizes(padded.Chunks()[a]...)}).Reshape(shape...)
		before, after := pos.Lt(w[0]), pos.Ge(w[0]+n)
		if mode == PadLinearRamp {
			y = padRamp(y, padded, pos, a, w, end)
			continue
		}
		var s *Array
		switch mode {
		case PadMean:
			s = y.Mean(Axis(a), KeepDims())
		case PadMedian:
			s = y.Median(a).ExpandDims(a)
		case PadMaximum:
			s = y.Max(Axis(a), KeepDims())
		default:
			s = y.Min(Axis(a), KeepDims())
		}
		if s.err != nil {
			return s // a median of complex values, for one
		}
		if !y.dtype.IsFloat() && y.dtype != chunk.Bool && s.dtype.IsFloat() {
			s = s.Round() // NumPy rounds integers' statistics; a bool's is true unless 0
		}
		y = Where(before.Or(after), s.AsType(y.dtype), padded)
	}
	return y
}

// padRamp fills the border of padded along axis a with numpy.linspace
// ramps from end to y's edge values (start + k·step, floored for
// integer dtypes).
func padRamp(y, padded, pos *Array, a int, w [2]int, end float64) *Array {
	n := y.Shape()[a]
	dt := chunk.FloatResult(y.dtype)
	at := func(i int) *Array {
		return y.Index(append(slices.Repeat([]Index{All()}, a), S(i, i+1, 1))...).AsType(dt)
	}
	k := pos.AsType(dt)
	ramp := func(edge *Array, k *Array, width int) *Array {
		v := k.Mul(edge.Sub(end).Div(float64(max(width, 1)))).Add(end)
		if y.dtype.IsInteger() {
			v = v.Floor()
		}
		return v
	}
	lo := ramp(at(0), k, w[0])
	hi := ramp(at(n-1), k.Neg().Add(float64(w[0]+n+w[1]-1)), w[1])
	return Where(pos.Lt(w[0]), lo, Where(pos.Ge(w[0]+n), hi, padded)).AsType(y.dtype)
}
