package array

import (
	"fmt"

	"github.com/chunkwise/chunkwise/chunk"
)

// Concatenate joins arrays along an existing axis (numpy.concatenate).
// The result's dtype is the promotion of the inputs' (NumPy's rules);
// its chunks along axis are the inputs' chunks in order, and on the
// other axes the first array's: the others are rechunked to match. Each
// output chunk is a task reading one input chunk.
//
// NumPy's errors: no arrays, 0-d arrays ("zero-dimensional arrays cannot
// be concatenated"), differing numbers of axes, differing lengths off the
// axis ("… along dimension 1, the array at index 0 has size 3 and the
// array at index 1 has size 4"), an axis out of range; unknown chunk
// sizes are an error too.
func Concatenate(arrays []*Array, axis int) *Array {
	if len(arrays) == 0 {
		return errorf("concatenate", "need at least one array to concatenate")
	}
	if bad := requireKnown("concatenate", arrays...); bad != nil {
		return bad
	}
	first := arrays[0]
	nd := first.NDim()
	if nd == 0 {
		return errorf("concatenate", "zero-dimensional arrays cannot be concatenated")
	}
	a, err := normAxis(axis, nd)
	if err != nil {
		return errorf("concatenate", "%v", err)
	}
	dt := first.dtype
	for i, x := range arrays[1:] {
		if x.NDim() != nd {
			return errorf("concatenate", "all the input arrays must have same number of dimensions, but the array at index 0 has %d dimension(s) and the array at index %d has %d dimension(s)", nd, i+1, x.NDim())
		}
		for d := range nd {
			if d != a && x.Shape()[d] != first.Shape()[d] {
				return errorf("concatenate", "all the input array dimensions except for the concatenation axis must match exactly, but along dimension %d, the array at index 0 has size %d and the array at index %d has size %d", d, first.Shape()[d], i+1, x.Shape()[d])
			}
		}
		dt = chunk.Promote(dt, x.dtype)
	}
	if len(arrays) == 1 {
		return first.AsType(dt)
	}
	inputs := make([]*Array, len(arrays))
	var catSegs []seg
	inCat := make([][]int, len(arrays))
	out := 0
	for i, x := range arrays {
		spec := make(chunk.Spec, nd)
		for d := range nd {
			spec[d] = chunk.Sizes(first.Chunks()[d]...)
		}
		spec[a] = chunk.Sizes(x.Chunks()[a]...)
		y := x.AsType(dt).Rechunk(spec)
		if y.err != nil {
			return y
		}
		inputs[i] = y
		inCat[i] = y.Chunks()[a]
		if n := y.Shape()[a]; n > 0 {
			catSegs = append(catSegs, seg{Out: out, N: n, Src: i, In: 0, Step: 1, Rep: 1})
			out += n
		}
	}
	segs := make([][]seg, nd)
	chunks := make([][]int, nd)
	for d := range nd {
		if d == a {
			segs[d], chunks[d] = catSegs, naturalChunks(catSegs, inCat, 1)
			continue
		}
		segs[d], chunks[d] = identitySegs(first.Shape()[d], 0), first.Chunks()[d]
	}
	return newGather("concatenate", inputs, dt, 0, a, segs, chunks)
}

// Stack joins arrays of equal shape along a new axis at position axis of
// the result (numpy.stack): the result has one more axis, of length
// len(arrays). Different shapes ("all input arrays must have the same
// shape"), no arrays, an axis out of range and unknown chunk sizes are
// errors.
func Stack(arrays []*Array, axis int) *Array {
	if len(arrays) == 0 {
		return errorf("stack", "need at least one array to stack")
	}
	if bad := requireKnown("stack", arrays...); bad != nil {
		return bad
	}
	for _, x := range arrays[1:] {
		if !chunk.EqualShapes(x.Shape(), arrays[0].Shape()) {
			return errorf("stack", "all input arrays must have the same shape, got %v and %v", arrays[0].Shape(), x.Shape())
		}
	}
	a, err := normAxis(axis, arrays[0].NDim()+1)
	if err != nil {
		return errorf("stack", "%v", err)
	}
	ex := make([]*Array, len(arrays))
	for i, x := range arrays {
		ex[i] = x.ExpandDims(a)
	}
	return Concatenate(ex, a)
}

// BlockItem is one node of the nested list given to Block: an array
// (BlockLeaf) or a list of items (BlockList).
type BlockItem struct {
	leaf  *Array
	items []BlockItem
	list  bool
}

// BlockLeaf is an array in Block's nested list.
func BlockLeaf(x *Array) BlockItem { return BlockItem{leaf: x} }

// BlockList is a list in Block's nested list.
func BlockList(items ...BlockItem) BlockItem {
	return BlockItem{items: append([]BlockItem(nil), items...), list: true}
}

// Block assembles an array from nested lists of blocks (numpy.block):
// the innermost lists are concatenated along the last axis, the lists
// holding them along the second last, and so on. Arrays with fewer axes
// than the result are given leading axes of length 1 first; the result
// has as many axes as the nesting is deep, or as the arrays have if more.
//
//	Block(BlockList(
//		BlockList(BlockLeaf(a), BlockLeaf(b)),
//		BlockList(BlockLeaf(c), BlockLeaf(d))))
//
// is [[a, b], [c, d]]. Leaves at different depths ("List depths are
// mismatched"), empty lists, and blocks that do not fit (Concatenate's
// errors) are errors.
func Block(item BlockItem) *Array {
	depth, nd := -1, 0
	var leafErr error
	var walk func(it BlockItem, d int, path string) error
	walk = func(it BlockItem, d int, path string) error {
		if !it.list {
			if it.leaf == nil {
				return fmt.Errorf("nil array at %s", path)
			}
			if it.leaf.err != nil {
				leafErr = it.leaf.err
				return leafErr
			}
			if depth < 0 {
				depth = d
			} else if depth != d {
				return fmt.Errorf("List depths are mismatched. First element was at depth %d, but there is an element at depth %d (%s)", depth, d, path)
			}
			nd = max(nd, it.leaf.NDim())
			return nil
		}
		if len(it.items) == 0 {
			return fmt.Errorf("List at %s cannot be empty", path)
		}
		for i, c := range it.items {
			if err := walk(c, d+1, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(item, 0, "arrays"); err != nil {
		if err == leafErr {
			return errArray(err)
		}
		return errorf("block", "%v", err)
	}
	nd = max(nd, depth)
	var build func(it BlockItem, d int) *Array
	build = func(it BlockItem, d int) *Array {
		if !it.list {
			x := it.leaf
			if k := nd - x.NDim(); k > 0 {
				x = x.ExpandDims(identityAxes(k)...)
			}
			return x
		}
		parts := make([]*Array, len(it.items))
		for i, c := range it.items {
			parts[i] = build(c, d+1)
		}
		return Concatenate(parts, d-depth+nd)
	}
	return build(item, 0)
}
