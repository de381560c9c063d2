package array

import "sort"

// Take selects the positions indices along axis (NumPy's
// x.take(indices, axis) and x[..., indices, ...] with an integer list):
// the result has len(indices) positions on that axis, in the given order.
// Indices may be unsorted and repeated; negative ones count from the end.
//
// It is planned as Dask's take: the output chunks follow the index list
// and each output chunk is one task that reads only the input chunks its
// indices fall in. Sorted (or reverse-sorted) indices give one output
// chunk per input chunk they touch, so the result is aligned with the
// input; unsorted ones are cut into chunks of at most the input's largest
// chunk size, so indices that stay near each other read few chunks.
//
// An index out of range is an error naming it and the axis size
// ("index 7 is out of bounds for axis 0 with size 5"), as is a bad axis
// or an array with unknown chunk sizes.
func (x *Array) Take(indices []int, axis int) *Array {
	if bad := requireKnown("take", x); bad != nil {
		return bad
	}
	nd := x.NDim()
	if nd == 0 {
		return errorf("take", "cannot take along an axis of a 0-d array")
	}
	a, err := normAxis(axis, nd)
	if err != nil {
		return errorf("take", "%v", err)
	}
	n := x.Shape()[a]
	pos := make([]int, len(indices))
	for k, i := range indices {
		if i < -n || i >= n {
			return errorf("take", "index %d is out of bounds for axis %d with size %d", i, a, n)
		}
		if i < 0 {
			i += n
		}
		pos[k] = i
	}
	segs := make([][]seg, nd)
	out := make([][]int, nd)
	for ax := range nd {
		if ax == a {
			segs[ax] = runsOf(pos, 0, 0)
			out[ax] = takeChunks(pos, x.Grid().Offsets(a), maxChunk(x.Chunks()[a]))
			continue
		}
		segs[ax] = identitySegs(x.Shape()[ax], 0)
		out[ax] = x.Chunks()[ax]
	}
	return newGather("take", []*Array{x}, x.dtype, 0, -1, segs, out)
}

// takeChunks cuts the output axis of a take: for monotonic indices at
// every change of input block, else every limit positions; never more
// than limit positions per chunk.
func takeChunks(pos []int, off []int, limit int) []int {
	if len(pos) == 0 {
		return []int{0}
	}
	up, down := sort.IntsAreSorted(pos), true
	for k := 1; k < len(pos) && down; k++ {
		down = pos[k] <= pos[k-1]
	}
	var out []int
	if !up && !down {
		for k := 0; k < len(pos); k += limit {
			out = append(out, min(limit, len(pos)-k))
		}
		return out
	}
	blockOf := func(p int) int { return sort.SearchInts(off, p+1) - 1 }
	start := 0
	b := blockOf(pos[0])
	for k := 1; k <= len(pos); k++ {
		if k == len(pos) || k-start == limit || blockOf(pos[k]) != b {
			out = append(out, k-start)
			if k < len(pos) {
				start, b = k, blockOf(pos[k])
			}
		}
	}
	return out
}
