package chunk

import (
	"fmt"
	"math"
)

// DefaultTarget is the byte size automatic chunking aims for, as Dask's
// array.chunk-size default.
const DefaultTarget = 128 << 20

// Axis says how one axis of an array is chunked. Make one with Size,
// Sizes, Whole or Auto.
type Axis struct {
	kind  axisKind
	size  int
	sizes []int
}

type axisKind uint8

const (
	axisAuto axisKind = iota
	axisSize
	axisSizes
	axisWhole
)

// Size chunks an axis into pieces of n elements, the last possibly smaller.
func Size(n int) Axis { return Axis{kind: axisSize, size: n} }

// Sizes chunks an axis into pieces of exactly the given sizes, which must
// sum to the axis length.
func Sizes(s ...int) Axis { return Axis{kind: axisSizes, sizes: append([]int(nil), s...)} }

// Whole keeps an axis in one chunk (Dask's -1).
func Whole() Axis { return Axis{kind: axisWhole} }

// Auto lets the axis size be chosen so that chunks approach the byte
// target (Dask's "auto").
func Auto() Axis { return Axis{kind: axisAuto} }

// String describes a in Dask's terms.
func (a Axis) String() string {
	switch a.kind {
	case axisSize:
		return fmt.Sprint(a.size)
	case axisSizes:
		return fmt.Sprint(a.sizes)
	case axisWhole:
		return "-1"
	}
	return "auto"
}

// Spec is a chunking request: one Axis per array axis. A nil or empty Spec
// means Auto on every axis.
type Spec []Axis

// Regular returns the Spec with a fixed chunk size per axis.
func Regular(sizes ...int) Spec {
	s := make(Spec, len(sizes))
	for i, n := range sizes {
		s[i] = Size(n)
	}
	return s
}

// Plan resolves s for an array of the given shape and dtype into a Grid.
// Auto axes get sizes that bring a chunk near target bytes (DefaultTarget
// when target ≤ 0), as square as the fixed axes allow; when base holds a
// store's chunk shape, auto sizes are multiples of it so that no chunk
// straddles a store chunk. It returns an error naming the axis when s has
// the wrong length, a size is not positive or explicit sizes do not sum
// to the axis length.
func (s Spec) Plan(shape []int, dt DType, target int64, base []int) (Grid, error) {
	if len(s) == 0 {
		s = make(Spec, len(shape))
	}
	if len(s) != len(shape) {
		return Grid{}, fmt.Errorf("chunk: %d chunk specs for shape %v with %d axes", len(s), shape, len(shape))
	}
	if base != nil && len(base) != len(shape) {
		return Grid{}, fmt.Errorf("chunk: base chunks %v do not match shape %v", base, shape)
	}
	if target <= 0 {
		target = DefaultTarget
	}
	chunks := make([][]int, len(shape))
	fixed := 1.0
	var auto []int
	for a, ax := range s {
		n := shape[a]
		if n < 0 {
			return Grid{}, fmt.Errorf("chunk: shape %v has negative length on axis %d", shape, a)
		}
		switch ax.kind {
		case axisSize:
			if ax.size <= 0 {
				return Grid{}, fmt.Errorf("chunk: chunk size %d on axis %d must be positive", ax.size, a)
			}
			chunks[a] = SplitAxis(n, ax.size)
			fixed *= float64(min(ax.size, max(n, 1)))
		case axisSizes:
			sum := 0
			for _, c := range ax.sizes {
				if c <= 0 && !(c == 0 && n == 0 && len(ax.sizes) == 1) {
					return Grid{}, fmt.Errorf("chunk: chunk sizes %v on axis %d must be positive", ax.sizes, a)
				}
				sum += c
			}
			if sum != n {
				return Grid{}, fmt.Errorf("chunk: chunk sizes %v on axis %d sum to %d, not the axis length %d", ax.sizes, a, sum, n)
			}
			chunks[a] = append([]int(nil), ax.sizes...)
			fixed *= float64(max(n, 1)) / float64(len(ax.sizes))
		case axisWhole:
			chunks[a] = []int{n}
			fixed *= float64(max(n, 1))
		default:
			auto = append(auto, a)
		}
	}
	// Auto axes: the largest cube-ish block within target, smallest axes
	// first so that an axis shorter than the cube's edge is taken whole
	// and leaves its share to the others; likewise an axis whose base
	// chunk is longer than the edge takes one base chunk (edges are
	// rounded down to multiples of the base), so the block stays within
	// target unless the base chunks alone exceed it.
	elems := float64(target) / float64(max(dt.Size(), 1)) / fixed
	remaining := auto
	for len(remaining) > 0 {
		edge := math.Pow(math.Max(elems, 1), 1/float64(len(remaining)))
		var next []int
		for _, a := range remaining {
			switch n := shape[a]; {
			case float64(n) <= edge:
				chunks[a] = []int{n}
				elems /= float64(max(n, 1))
			case base != nil && float64(base[a]) > edge:
				c := min(base[a], n)
				chunks[a] = SplitAxis(n, c)
				elems /= float64(c)
			default:
				next = append(next, a)
			}
		}
		if len(next) == len(remaining) {
			for _, a := range next {
				c := max(int(edge), 1)
				if base != nil && base[a] > 0 {
					c = max(c/base[a], 1) * base[a]
				}
				chunks[a] = SplitAxis(shape[a], min(c, shape[a]))
			}
			break
		}
		remaining = next
	}
	return NewGrid(chunks)
}
