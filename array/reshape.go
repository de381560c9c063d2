package array

import (
	"fmt"
	"strings"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Reshape returns x with a new shape of the same size, elements taken in
// C order (numpy.reshape); one dimension may be -1 and is inferred.
//
// As Dask's reshape, it rechunks only what it must: the axes are matched
// in groups whose sizes multiply to the same total; an axis kept as is
// keeps its chunks, axes merged into one take all but the first whole
// and split the first's chunks by as many blocks as they merge (so a
// merged block is about as big as before), and an axis split into
// several keeps its chunk boundaries, moved to the nearest multiple of
// the split-off trailing size. After that every output chunk is one input chunk
// reshaped in place (no copy).
//
// A size mismatch is NumPy's error ("cannot reshape array of size 12 into
// shape (5,)"), as are two -1s, other negative dimensions, and arrays
// with unknown chunk sizes.
func (x *Array) Reshape(shape ...int) *Array {
	if bad := requireKnown("reshape", x); bad != nil {
		return bad
	}
	out, err := resolveShape(x.Size(), shape)
	if err != nil {
		return errorf("reshape", "%v", err)
	}
	in := x.Shape()
	if chunk.EqualShapes(in, out) {
		return x
	}
	if x.Size() == 0 {
		spec := make(chunk.Spec, len(out))
		for i := range spec {
			spec[i] = chunk.Whole()
		}
		return Zeros(out, x.dtype, spec)
	}
	inSpec, outChunks, axes := reshapePlan(in, out, x.Chunks())
	y := x.Rechunk(inSpec)
	if y.err != nil {
		return y
	}
	g, err := chunk.NewGrid(outChunks)
	if err != nil {
		return errorf("reshape", "%v", err)
	}
	params := scheduler.EncodeParams(outChunks)
	l := blockwise.New(scheduler.Name("reshape", params, []byte(y.Name())), g.NumBlocks(), "array.reshape", params, true,
		blockwise.Input{Layer: y.layer, Axes: axes})
	r := newLayerArray(l, g, x.dtype)
	if len(out) == 1 && x.unknown == nil {
		r.flatOf = x
	}
	return r
}

// resolveShape checks a requested shape against size, inferring one -1.
func resolveShape(size int, shape []int) ([]int, error) {
	out := append([]int(nil), shape...)
	infer, known := -1, 1
	for i, n := range shape {
		switch {
		case n == -1 && infer >= 0:
			return nil, fmt.Errorf("can only specify one unknown dimension")
		case n == -1:
			infer = i
		case n < 0:
			return nil, fmt.Errorf("negative dimensions not allowed")
		default:
			known *= n
		}
	}
	if infer >= 0 {
		if known == 0 || size%known != 0 {
			return nil, fmt.Errorf("cannot reshape array of size %d into shape %s", size, pyShape(shape))
		}
		out[infer] = size / known
	} else if known != size {
		return nil, fmt.Errorf("cannot reshape array of size %d into shape %s", size, pyShape(shape))
	}
	return out, nil
}

// pyShape formats a shape as a Python tuple, as NumPy's messages do.
func pyShape(s []int) string {
	parts := make([]string, len(s))
	for i, n := range s {
		parts[i] = fmt.Sprint(n)
	}
	if len(s) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ",") + ")"
}

// splitChunks splits each chunk into n nearly equal parts (fewer when
// the chunk has fewer than n elements).
func splitChunks(chunks []int, n int) []int {
	if n <= 1 {
		return chunks
	}
	var out []int
	for _, c := range chunks {
		k := min(n, c)
		for p := range k {
			out = append(out, (p+1)*c/k-p*c/k)
		}
	}
	return out
}

// reshapePlan returns the input chunking that makes a reshape from in to
// out (same size, nonzero) blockwise, the output chunks, and for each
// input axis the output axis whose block index it follows (-1 for an
// axis of one block).
func reshapePlan(in, out []int, chunks [][]int) (chunk.Spec, [][]int, []int) {
	inSpec := make(chunk.Spec, len(in))
	outChunks := make([][]int, len(out))
	axes := make([]int, len(in))
	for a := range axes {
		axes[a] = -1
		inSpec[a] = chunk.Sizes(chunks[a]...)
	}
	i, j := 0, 0
	for i < len(in) || j < len(out) {
		switch {
		case i < len(in) && in[i] == 1 && (j == len(out) || out[j] != 1):
			i++ // a length-1 input axis that disappears
			continue
		case j < len(out) && out[j] == 1 && (i == len(in) || in[i] != 1):
			outChunks[j] = []int{1} // a new length-1 axis
			j++
			continue
		}
		// A group: input axes i0..i, output axes j0..j of equal size.
		i0, j0 := i, j
		pin, pout := in[i], out[j]
		for pin != pout {
			if pin < pout {
				i++
				pin *= in[i]
			} else {
				j++
				pout *= out[j]
			}
		}
		pi, po := chunk.Prod(in[i0+1:i+1]), chunk.Prod(out[j0+1:j+1])
		unit := lcm(pi, po) / pi // chunk boundaries of axis i0 fall on multiples of unit
		lead := chunks[i0]
		if j == j0 {
			// Axes merged into one: the trailing ones become whole, so
			// the leading axis's chunks are split by as many blocks as
			// that merges, keeping blocks near their size (as Dask does).
			n := 1
			for a := i0 + 1; a <= i; a++ {
				n *= len(chunks[a])
			}
			lead = splitChunks(lead, n)
		}
		var cs []int
		prev, off := 0, 0
		for _, c := range lead {
			off += c
			b := (off + unit/2) / unit * unit
			if off == in[i0] {
				b = off
			}
			if b > prev {
				cs = append(cs, b-prev)
				prev = b
			}
		}
		inSpec[i0] = chunk.Sizes(cs...)
		for a := i0 + 1; a <= i; a++ {
			inSpec[a] = chunk.Sizes(in[a])
		}
		oc := make([]int, len(cs))
		for k, c := range cs {
			oc[k] = c * pi / po
		}
		outChunks[j0] = oc
		for a := j0 + 1; a <= j; a++ {
			outChunks[a] = []int{out[a]}
		}
		axes[i0] = j0
		i, j = i+1, j+1
	}
	return inSpec, outChunks, axes
}

func lcm(a, b int) int { return a / gcd(a, b) * b }

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// Ravel returns x flattened to one axis in C order (numpy.ravel), as
// Reshape(-1).
func (x *Array) Ravel() *Array { return x.Reshape(-1) }

// Squeeze removes the given axes of length 1, or every axis of length 1
// when none is given (numpy.squeeze). An axis out of range, repeated, or
// whose length is not 1 is an error ("cannot select an axis to squeeze
// out which has size not equal to one"), as are unknown chunk sizes.
func (x *Array) Squeeze(axes ...int) *Array {
	if bad := requireKnown("squeeze", x); bad != nil {
		return bad
	}
	nd := x.NDim()
	drop := make([]bool, nd)
	if len(axes) == 0 {
		for a, n := range x.Shape() {
			drop[a] = n == 1
		}
	}
	for _, ax := range axes {
		a, err := normAxis(ax, nd)
		if err != nil {
			return errorf("squeeze", "%v", err)
		}
		if drop[a] {
			return errorf("squeeze", "repeated axis %d", a)
		}
		if x.Shape()[a] != 1 {
			return errorf("squeeze", "cannot select an axis to squeeze out which has size not equal to one (axis %d has size %d)", a, x.Shape()[a])
		}
		drop[a] = true
	}
	var shape []int
	for a, n := range x.Shape() {
		if !drop[a] {
			shape = append(shape, n)
		}
	}
	return x.Reshape(shape...)
}

// ExpandDims inserts axes of length 1 at the given positions of the
// result (numpy.expand_dims); negative positions count from the end of
// the result. A position out of range or repeated is an error, as are
// unknown chunk sizes.
func (x *Array) ExpandDims(axes ...int) *Array {
	if bad := requireKnown("expand_dims", x); bad != nil {
		return bad
	}
	nd := x.NDim() + len(axes)
	ins := make([]bool, nd)
	for _, ax := range axes {
		a, err := normAxis(ax, nd)
		if err != nil {
			return errorf("expand_dims", "%v", err)
		}
		if ins[a] {
			return errorf("expand_dims", "repeated axis %d", a)
		}
		ins[a] = true
	}
	shape := make([]int, nd)
	k := 0
	for a := range shape {
		if ins[a] {
			shape[a] = 1
			continue
		}
		shape[a] = x.Shape()[k]
		k++
	}
	return x.Reshape(shape...)
}

// SwapAxes interchanges two axes (numpy.swapaxes); negative axes count
// from the end. An axis out of range is an error. Unknown chunk sizes
// move with their axes.
func (x *Array) SwapAxes(a1, a2 int) *Array {
	if x == nil || x.err != nil {
		return x.Transpose()
	}
	nd := x.NDim()
	a, err := normAxis(a1, nd)
	if err != nil {
		return errorf("swapaxes", "%v", err)
	}
	b, err := normAxis(a2, nd)
	if err != nil {
		return errorf("swapaxes", "%v", err)
	}
	perm := identityAxes(nd)
	perm[a], perm[b] = b, a
	return x.Transpose(perm...)
}

// MoveAxis moves axis source to position destination, the other axes
// keeping their order (numpy.moveaxis); negative values count from the
// end. Either out of range is an error. Unknown chunk sizes move with
// their axes.
func (x *Array) MoveAxis(source, destination int) *Array {
	if x == nil || x.err != nil {
		return x.Transpose()
	}
	nd := x.NDim()
	s, err := normAxis(source, nd)
	if err != nil {
		return errorf("moveaxis", "source: %v", err)
	}
	d, err := normAxis(destination, nd)
	if err != nil {
		return errorf("moveaxis", "destination: %v", err)
	}
	var perm []int
	for a := range nd {
		if a != s {
			perm = append(perm, a)
		}
	}
	perm = append(perm[:d], append([]int{s}, perm[d:]...)...)
	return x.Transpose(perm...)
}

func init() {
	scheduler.RegisterForwarding("array.reshape", func(b []byte) (scheduler.Func, error) {
		var chunks [][]int
		if err := scheduler.DecodeParams(b, &chunks); err != nil {
			return nil, err
		}
		g, err := chunk.NewGrid(chunks)
		if err != nil {
			return nil, err
		}
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			return ds[0].Reshape(g.BlockShape(block))
		}, nil
	})
}
