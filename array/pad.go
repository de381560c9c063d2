package array

import (
	"fmt"
)

// PadMode says how Pad fills the new border.
type PadMode uint8

const (
	// PadConstant fills with a constant value.
	PadConstant PadMode = iota
	// PadEdge repeats the edge value.
	PadEdge
	// PadReflect mirrors the array about its edge values, not repeating
	// them: [1 2 3] padded by 2 is [3 2 1 2 3 2 1].
	PadReflect
	// PadSymmetric mirrors the array including its edge values: [1 2 3]
	// padded by 2 is [2 1 1 2 3 3 2].
	PadSymmetric
	// PadWrap repeats the array periodically: [1 2 3] padded by 2 is
	// [2 3 1 2 3 1 2]. Widths beyond the axis length keep the period,
	// as in NumPy 2 (NumPy 1.x differs there).
	PadWrap
	// PadLinearRamp ramps from Pad's value (the end value) to the edge
	// value, as numpy.pad's "linear_ramp" (integers round toward -∞).
	PadLinearRamp
	// PadMean fills with the mean along the axis (rounded for integers);
	// PadMedian, PadMaximum and PadMinimum likewise. Axes are padded in
	// order, each statistic taken over the array padded so far.
	PadMean
	PadMedian
	PadMaximum
	PadMinimum
)

// String returns NumPy's name of the mode.
func (m PadMode) String() string {
	switch m {
	case PadConstant:
		return "constant"
	case PadEdge:
		return "edge"
	case PadReflect:
		return "reflect"
	case PadSymmetric:
		return "symmetric"
	case PadWrap:
		return "wrap"
	case PadLinearRamp:
		return "linear_ramp"
	case PadMean:
		return "mean"
	case PadMedian:
		return "median"
	case PadMaximum:
		return "maximum"
	case PadMinimum:
		return "minimum"
	}
	return fmt.Sprintf("PadMode(%d)", uint8(m))
}

// Pad returns x with widths[a] = {before, after} positions added on each
// side of axis a (numpy.pad); one pair applies to every axis. Mode
// PadConstant fills them with value (converted to x's dtype); the other
// modes ignore value and take the border from x as NumPy does, widths
// larger than the axis included (the reflection repeats).
//
// The input chunks are kept and each side of an axis gets new chunks of
// at most the axis's largest chunk size; every output chunk is one task
// reading at most one input chunk per axis.
//
// A widths list of the wrong length, a negative width ("index can't
// contain negative values"), an unknown mode, extending an empty axis in
// a mode other than PadConstant, and unknown chunk sizes are errors.
func (x *Array) Pad(widths [][2]int, mode PadMode, value float64) *Array {
	if bad := requireKnown("pad", x); bad != nil {
		return bad
	}
	nd := x.NDim()
	if len(widths) == 1 && nd != 1 {
		w := widths[0]
		widths = make([][2]int, nd)
		for a := range widths {
			widths[a] = w
		}
	}
	if len(widths) != nd {
		return errorf("pad", "%d pad widths for an array of %d axes", len(widths), nd)
	}
	if mode > PadMinimum {
		return errorf("pad", "unsupported mode %v", mode)
	}
	if mode > PadWrap {
		return x.padStat(widths, mode, value)
	}
	segs := make([][]seg, nd)
	chunks := make([][]int, nd)
	for a, w := range widths {
		if w[0] < 0 || w[1] < 0 {
			return errorf("pad", "index can't contain negative values (widths %v on axis %d)", w, a)
		}
		n := x.Shape()[a]
		if n == 0 && mode != PadConstant && w[0]+w[1] > 0 {
			return errorf("pad", "can't extend empty axis %d using modes other than 'constant' or 'empty'", a)
		}
		before := padSide(mode, n, -w[0], 0, 0)
		main := identitySegs(n, 0)
		if len(main) > 0 {
			main[0].Out = w[0]
		}
		after := padSide(mode, n, n, n+w[1], w[0]+n)
		all := append(append(before, main...), after...)
		segs[a] = all
		limit := maxChunk(x.Chunks()[a])
		var cs []int
		if w[0] > 0 {
			cs = naturalChunks(before, [][]int{x.Chunks()[a]}, limit)
		}
		if n > 0 {
			cs = append(cs, x.Chunks()[a]...)
		}
		if w[1] > 0 {
			cs = append(cs, naturalChunks(after, [][]int{x.Chunks()[a]}, limit)...)
		}
		if len(cs) == 0 {
			cs = []int{0}
		}
		chunks[a] = cs
	}
	return newGather("pad", []*Array{x}, x.dtype, value, -1, segs, chunks)
}

// padSide returns the segments of the border positions lo … hi-1
// (relative to the axis start, so negative before it) of an axis of
// length n, placed at output position out.
func padSide(mode PadMode, n, lo, hi, out int) []seg {
	if hi <= lo {
		return nil
	}
	switch mode {
	case PadConstant:
		return []seg{{Out: out, N: hi - lo, Src: -1, Rep: 1}}
	case PadEdge:
		e := 0
		if lo >= n {
			e = n - 1
		}
		return []seg{{Out: out, N: hi - lo, Src: 0, In: e, Step: 0, Rep: 1}}
	}
	pos := make([]int, hi-lo)
	for k := range pos {
		pos[k] = padIndex(mode, n, lo+k)
	}
	return runsOf(pos, 0, out)
}

// padIndex maps position i (outside [0, n)) to the input position the
// mode reads.
func padIndex(mode PadMode, n, i int) int {
	mod := func(a, m int) int { return ((a % m) + m) % m }
	switch mode {
	case PadReflect:
		if n == 1 {
			return 0
		}
		p := 2 * (n - 1)
		j := mod(i, p)
		if j >= n {
			j = p - j
		}
		return j
	case PadSymmetric:
		p := 2 * n
		j := mod(i, p)
		if j >= n {
			j = p - 1 - j
		}
		return j
	default: // PadWrap
		return mod(i, n)
	}
}
