package reductions

import (
	"math"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
)

// reduceChunk reduces the chunk an evaluator produces over axes into a
// keepdims buffer of dtype acc, tile by tile: the chunk is never
// materialised when it is an expression.
func reduceChunk(ev *blockwise.Evaluator, shape, axes []int, op Op, acc chunk.DType) (*chunk.Dense, error) {
	reduced := make([]bool, len(shape))
	for _, a := range axes {
		reduced[a] = true
	}
	outShape := make([]int, len(shape))
	for a, n := range shape {
		outShape[a] = n
		if reduced[a] {
			outShape[a] = 1
		}
	}
	out := chunk.NewDense(acc, outShape)
	fillIdentity(op, out)
	n := ev.Len()
	if n == 0 {
		return out, nil
	}
	// Coalesce axes: drop length-1 axes, merge neighbours of the same kind.
	var dims []int
	var red []bool
	for a, s := range shape {
		if s == 1 {
			continue
		}
		if k := len(dims); k > 0 && red[k-1] == reduced[a] {
			dims[k-1] *= s
			continue
		}
		dims = append(dims, s)
		red = append(red, reduced[a])
	}
	if len(dims) == 0 {
		dims, red = []int{1}, []bool{true}
	}
	k := len(dims) - 1
	inner, innerRed := dims[k], red[k]
	outer := dims[:k]
	outStride := make([]int, k)
	s := 1
	if !innerRed {
		s = inner
	}
	for a := k - 1; a >= 0; a-- {
		if !red[a] {
			outStride[a] = s
			s *= outer[a]
		}
	}
	var conv any
	if ev.DType() != acc {
		conv = chunk.NewDense(acc, []int{blockwise.TileSize}).Data()
	}
	idx := make([]int, k)
	data := out.Data()
	for off := 0; off < n; off += blockwise.TileSize {
		m := min(blockwise.TileSize, n-off)
		vals := ev.Tile(off, m, nil)
		if conv != nil {
			c := sliceTo(conv, m)
			chunk.Convert(c, vals)
			vals = c
		}
		for p := off; p < off+m; {
			r, q := p/inner, p%inner
			seg := min(inner-q, off+m-p)
			chunk.Unravel(idx, r, outer)
			base := 0
			for a, i := range idx {
				base += i * outStride[a]
			}
			lo, hi := p-off, p-off+seg
			if innerRed {
				accumulateRun(op, data, base, vals, lo, hi)
			} else {
				accumulateRow(op, data, base+q, vals, lo, hi)
			}
			p += seg
		}
	}
	return out, ev.Err()
}

func sliceTo(s any, n int) any {
	switch v := s.(type) {
	case []uint8:
		return v[:n]
	case []int8:
		return v[:n]
	case []int16:
		return v[:n]
	case []int32:
		return v[:n]
	case []int64:
		return v[:n]
	case []uint16:
		return v[:n]
	case []uint32:
		return v[:n]
	case []uint64:
		return v[:n]
	case []float32:
		return v[:n]
	case []float64:
		return v[:n]
	}
	panic("reductions: bad accumulator")
}

// fillIdentity sets every element of d to op's identity.
func fillIdentity(op Op, d *chunk.Dense) {
	switch op {
	case Sum, Mean:
		return
	case Prod:
		d.Fill(1)
	case Min:
		_, hi := chunk.Limits(d.DType())
		fillLimit(d, hi, true)
	case Max:
		lo, _ := chunk.Limits(d.DType())
		fillLimit(d, lo, false)
	}
}

// fillLimit fills d with its dtype's extreme (exact for 64-bit integers,
// whose limits float64 cannot hold).
func fillLimit(d *chunk.Dense, v float64, high bool) {
	switch s := d.Data().(type) {
	case []int64:
		x := int64(math.MinInt64)
		if high {
			x = math.MaxInt64
		}
		for i := range s {
			s[i] = x
		}
	case []uint64:
		var x uint64
		if high {
			x = math.MaxUint64
		}
		for i := range s {
			s[i] = x
		}
	default:
		d.Fill(v)
	}
}

// accumulateRun folds vals[lo:hi] into data[at].
func accumulateRun(op Op, data any, at int, vals any, lo, hi int) {
	switch d := data.(type) {
	case []float64:
		d[at] = foldRun(op, d[at], vals.([]float64)[lo:hi])
	case []float32:
		d[at] = foldRun(op, d[at], vals.([]float32)[lo:hi])
	case []int64:
		d[at] = foldRun(op, d[at], vals.([]int64)[lo:hi])
	case []uint64:
		d[at] = foldRun(op, d[at], vals.([]uint64)[lo:hi])
	case []int32:
		d[at] = foldRun(op, d[at], vals.([]int32)[lo:hi])
	case []uint32:
		d[at] = foldRun(op, d[at], vals.([]uint32)[lo:hi])
	case []int16:
		d[at] = foldRun(op, d[at], vals.([]int16)[lo:hi])
	case []uint16:
		d[at] = foldRun(op, d[at], vals.([]uint16)[lo:hi])
	case []int8:
		d[at] = foldRun(op, d[at], vals.([]int8)[lo:hi])
	case []uint8:
		d[at] = foldRun(op, d[at], vals.([]uint8)[lo:hi])
	}
}

// accumulateRow folds vals[lo:hi] elementwise into data[at:].
func accumulateRow(op Op, data any, at int, vals any, lo, hi int) {
	n := hi - lo
	switch d := data.(type) {
	case []float64:
		foldRow(op, d[at:at+n], vals.([]float64)[lo:hi])
	case []float32:
		foldRow(op, d[at:at+n], vals.([]float32)[lo:hi])
	case []int64:
		foldRow(op, d[at:at+n], vals.([]int64)[lo:hi])
	case []uint64:
		foldRow(op, d[at:at+n], vals.([]uint64)[lo:hi])
	case []int32:
		foldRow(op, d[at:at+n], vals.([]int32)[lo:hi])
	case []uint32:
		foldRow(op, d[at:at+n], vals.([]uint32)[lo:hi])
	case []int16:
		foldRow(op, d[at:at+n], vals.([]int16)[lo:hi])
	case []uint16:
		foldRow(op, d[at:at+n], vals.([]uint16)[lo:hi])
	case []int8:
		foldRow(op, d[at:at+n], vals.([]int8)[lo:hi])
	case []uint8:
		foldRow(op, d[at:at+n], vals.([]uint8)[lo:hi])
	}
}

// accumulateInto folds d elementwise into out (same shape and dtype).
func accumulateInto(op Op, out, d *chunk.Dense) {
	accumulateRow(op, out.Data(), 0, d.Data(), 0, d.Len())
}

// foldRun folds v into acc. Sums use eight independent accumulators: a
// pairwise-like error bound for floats and a loop the CPU pipelines.
func foldRun[T chunk.Number](op Op, acc T, v []T) T {
	switch op {
	case Sum, Mean:
		var s [8]T
		i := 0
		for ; i+8 <= len(v); i += 8 {
			s[0] += v[i]
			s[1] += v[i+1]
			s[2] += v[i+2]
			s[3] += v[i+3]
			s[4] += v[i+4]
			s[5] += v[i+5]
			s[6] += v[i+6]
			s[7] += v[i+7]
		}
		for ; i < len(v); i++ {
			s[0] += v[i]
		}
		return acc + (((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7])))
	case Prod:
		for _, x := range v {
			acc *= x
		}
	case Min:
		for _, x := range v {
			acc = min(acc, x)
		}
	case Max:
		for _, x := range v {
			acc = max(acc, x)
		}
	}
	return acc
}

func foldRow[T chunk.Number](op Op, d, v []T) {
	v = v[:len(d)]
	switch op {
	case Sum, Mean:
		for i := range d {
			d[i] += v[i]
		}
	case Prod:
		for i := range d {
			d[i] *= v[i]
		}
	case Min:
		for i := range d {
			d[i] = min(d[i], v[i])
		}
	case Max:
		for i := range d {
			d[i] = max(d[i], v[i])
		}
	}
}
