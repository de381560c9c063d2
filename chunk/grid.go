package chunk

import (
	"fmt"
	"sort"
)

// Box is a half-open N-d box of element indices: Min[i] <= x[i] < Max[i].
// Like image.Rectangle it is a value; methods never modify it.
type Box struct {
	Min, Max []int
}

// Shape returns the extent of b along each axis.
func (b Box) Shape() []int {
	s := make([]int, len(b.Min))
	for i := range s {
		s[i] = b.Max[i] - b.Min[i]
	}
	return s
}

// Size returns the number of elements in b.
func (b Box) Size() int {
	n := 1
	for i := range b.Min {
		n *= b.Max[i] - b.Min[i]
	}
	return n
}

// Empty reports whether b holds no element.
func (b Box) Empty() bool {
	for i := range b.Min {
		if b.Max[i] <= b.Min[i] {
			return true
		}
	}
	return false
}

// Intersect returns the largest box inside both b and c, and whether it
// holds any element.
func (b Box) Intersect(c Box) (Box, bool) {
	r := Box{Min: make([]int, len(b.Min)), Max: make([]int, len(b.Min))}
	ok := true
	for i := range b.Min {
		r.Min[i] = max(b.Min[i], c.Min[i])
		r.Max[i] = min(b.Max[i], c.Max[i])
		if r.Max[i] <= r.Min[i] {
			r.Max[i] = r.Min[i]
			ok = false
		}
	}
	return r, ok
}

// Sub returns b shifted by -origin: b expressed relative to origin.
func (b Box) Sub(origin []int) Box {
	r := Box{Min: make([]int, len(b.Min)), Max: make([]int, len(b.Min))}
	for i := range b.Min {
		r.Min[i] = b.Min[i] - origin[i]
		r.Max[i] = b.Max[i] - origin[i]
	}
	return r
}

// String formats b as NumPy slices, e.g. "[0:10, 5:7]".
func (b Box) String() string {
	s := "["
	for i := range b.Min {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%d:%d", b.Min[i], b.Max[i])
	}
	return s + "]"
}

// Grid is the chunking of an N-d array: for each axis, the sizes of its
// chunks in order. Sizes sum to the axis length; every size is positive
// except on an empty axis, which has a single chunk of size 0. A 0-d grid
// has one block. A Grid is immutable once made.
type Grid struct {
	shape   []int
	chunks  [][]int
	offsets [][]int // offsets[a][i] is where chunk i of axis a starts; len = chunks+1
	regular []int   // regular[a] > 0 when every chunk but the last of axis a has that size
}

// NewGrid returns the grid with the given chunk sizes per axis. It returns
// an error naming the axis when a size is negative. Chunks of size 0 may
// appear anywhere, as Dask allows: boolean-mask indexing leaves chunks
// that keep no element, and every grid derived from such an array (its
// elementwise results, reductions, persisted copies) has them too. Block
// index math (BlockOf, BlockBox) works on such grids; BlockOf never
// returns an empty chunk.
func NewGrid(chunks [][]int) (Grid, error) {
	g := Grid{shape: make([]int, len(chunks)), chunks: make([][]int, len(chunks)),
		offsets: make([][]int, len(chunks)), regular: make([]int, len(chunks))}
	for a, cs := range chunks {
		if len(cs) == 0 {
			return Grid{}, fmt.Errorf("chunk: axis %d has no chunks (an empty axis has one chunk of size 0)", a)
		}
		off := make([]int, len(cs)+1)
		for i, c := range cs {
			if c < 0 {
				return Grid{}, fmt.Errorf("chunk: axis %d chunk %d has size %d; sizes must not be negative", a, i, c)
			}
			off[i+1] = off[i] + c
		}
		g.chunks[a] = append([]int(nil), cs...)
		g.offsets[a] = off
		g.shape[a] = off[len(cs)]
		g.regular[a] = regularSize(cs)
	}
	return g, nil
}

func regularSize(cs []int) int {
	for i := 1; i < len(cs)-1; i++ {
		if cs[i] != cs[0] {
			return 0
		}
	}
	if len(cs) > 1 && cs[len(cs)-1] > cs[0] {
		return 0
	}
	return max(cs[0], 1)
}

// RegularGrid returns the grid that tiles shape with chunks of size
// chunkShape, the last chunk along each axis possibly smaller. It returns
// an error naming the axis when the lengths differ, a dimension is
// negative or a chunk size is not positive.
func RegularGrid(shape, chunkShape []int) (Grid, error) {
	if len(shape) != len(chunkShape) {
		return Grid{}, fmt.Errorf("chunk: shape %v has %d axes but chunk shape %v has %d", shape, len(shape), chunkShape, len(chunkShape))
	}
	chunks := make([][]int, len(shape))
	for a, n := range shape {
		c := chunkShape[a]
		switch {
		case n < 0:
			return Grid{}, fmt.Errorf("chunk: shape %v has negative length on axis %d", shape, a)
		case c <= 0:
			return Grid{}, fmt.Errorf("chunk: chunk shape %v has non-positive size on axis %d", chunkShape, a)
		}
		chunks[a] = SplitAxis(n, c)
	}
	return NewGrid(chunks)
}

// SplitAxis returns the chunk sizes that tile an axis of length n with
// chunks of size c (c > 0), the last one possibly smaller; [0] when n is 0.
func SplitAxis(n, c int) []int {
	if n == 0 {
		return []int{0}
	}
	k := (n + c - 1) / c
	s := make([]int, k)
	for i := range s {
		s[i] = c
	}
	s[k-1] = n - c*(k-1)
	return s
}

// NDim returns the number of axes.
func (g Grid) NDim() int { return len(g.shape) }

// Shape returns the array shape. The caller must not modify it.
func (g Grid) Shape() []int { return g.shape }

// Chunks returns the chunk sizes per axis. The caller must not modify it.
func (g Grid) Chunks() [][]int { return g.chunks }

// Size returns the number of elements of the whole array.
func (g Grid) Size() int { return Prod(g.shape) }

// NumBlocks returns the number of chunks along each axis.
func (g Grid) NumBlocks() []int {
	n := make([]int, len(g.chunks))
	for a, cs := range g.chunks {
		n[a] = len(cs)
	}
	return n
}

// NumBlocksTotal returns the number of chunks of the whole grid.
func (g Grid) NumBlocksTotal() int {
	n := 1
	for _, cs := range g.chunks {
		n *= len(cs)
	}
	return n
}

// Offsets returns where each chunk of axis a starts, with the axis length
// appended. The caller must not modify it.
func (g Grid) Offsets(a int) []int { return g.offsets[a] }

// BlockShape returns the shape of the chunk at block index idx.
func (g Grid) BlockShape(idx []int) []int {
	s := make([]int, len(idx))
	for a, i := range idx {
		s[a] = g.chunks[a][i]
	}
	return s
}

// BlockBox returns the element box covered by the chunk at block index idx.
func (g Grid) BlockBox(idx []int) Box {
	b := Box{Min: make([]int, len(idx)), Max: make([]int, len(idx))}
	for a, i := range idx {
		b.Min[a] = g.offsets[a][i]
		b.Max[a] = g.offsets[a][i+1]
	}
	return b
}

// BlockOf returns the index of the chunk of axis a that holds element x.
// x must lie in [0, shape[a]).
func (g Grid) BlockOf(a, x int) int {
	if r := g.regular[a]; r > 0 {
		return x / r
	}
	return sort.SearchInts(g.offsets[a], x+1) - 1
}

// Equal reports whether g and h have the same chunks.
func (g Grid) Equal(h Grid) bool {
	if len(g.chunks) != len(h.chunks) {
		return false
	}
	for a := range g.chunks {
		if !equalInts(g.chunks[a], h.chunks[a]) {
			return false
		}
	}
	return true
}

// Blocks calls f with every block index of g in C order. f must not
// retain idx, which is reused.
func (g Grid) Blocks(f func(idx []int)) {
	EachIndex(g.NumBlocks(), f)
}

// EachIndex calls f with every index of an array of the given shape in C
// order (once with an empty index for a 0-d shape; never for an empty
// one). f must not retain idx, which is reused.
func EachIndex(shape []int, f func(idx []int)) {
	for _, n := range shape {
		if n == 0 {
			return
		}
	}
	idx := make([]int, len(shape))
	for {
		f(idx)
		a := len(shape) - 1
		for ; a >= 0; a-- {
			idx[a]++
			if idx[a] < shape[a] {
				break
			}
			idx[a] = 0
		}
		if a < 0 {
			return
		}
	}
}

// Prod returns the product of s (1 for an empty s).
func Prod(s []int) int {
	n := 1
	for _, v := range s {
		n *= v
	}
	return n
}

// Strides returns the C-order element strides of shape.
func Strides(shape []int) []int {
	st := make([]int, len(shape))
	n := 1
	for a := len(shape) - 1; a >= 0; a-- {
		st[a] = n
		n *= shape[a]
	}
	return st
}

// Ravel returns the C-order flat position of idx in an array of shape.
func Ravel(idx, shape []int) int {
	p := 0
	for a, i := range idx {
		p = p*shape[a] + i
	}
	return p
}

// Unravel writes into idx the index of flat position p in shape.
func Unravel(idx []int, p int, shape []int) {
	for a := len(shape) - 1; a >= 0; a-- {
		if shape[a] == 0 {
			idx[a] = 0
			continue
		}
		idx[a] = p % shape[a]
		p /= shape[a]
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// EqualShapes reports whether a and b are the same shape.
func EqualShapes(a, b []int) bool { return equalInts(a, b) }

// MergeSmall merges neighbouring chunk sizes cs until each is at least
// least: each run of sizes is grown until it reaches least, and a short
// tail joins the run before it. A total below least gives one chunk.
func MergeSmall(cs []int, least int) []int {
	var out []int
	acc := 0
	for _, c := range cs {
		acc += c
		if acc >= least {
			out = append(out, acc)
			acc = 0
		}
	}
	if acc > 0 {
		if len(out) == 0 {
			return []int{acc}
		}
		out[len(out)-1] += acc
	}
	return out
}
