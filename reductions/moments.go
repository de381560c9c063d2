package reductions

import (
	"fmt"
	"math"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
)

// momentsChunk reduces a chunk to a Partial of (count, mean, M2), tile by
// tile. Where a tile's segment reduces into one output element, the
// segment's own mean and M2 come from two passes over the cache-resident
// segment and merge into the output with Chan's update. Where segments
// spread over many outputs (a kept innermost axis), each output keeps
// sums of deviations from a shift — its first value — which is exact in
// the first pass and loses nothing to a large common offset. With nan
// set, NaN values are skipped.
func momentsChunk(ev *blockwise.Evaluator, shape []int, reduced []bool, nan bool) (*Partial, error) {
	ks := keepShape(shape, reduced)
	cnt, mean, m2 := chunk.NewDense(chunk.Float64, ks), chunk.NewDense(chunk.Float64, ks), chunk.NewDense(chunk.Float64, ks)
	c, m, q := chunk.Values[float64](cnt), chunk.Values[float64](mean), chunk.Values[float64](m2)
	var shift []float64
	rows := false
	err := walkChunk(ev, shape, reduced, chunk.Float64, func(vals any, lo, hi, at int, run bool) {
		x := vals.([]float64)[lo:hi]
		if run {
			n, sm, sq := segmentMoments(x, nan)
			c[at], m[at], q[at] = chanMerge(c[at], m[at], q[at], n, sm, sq)
			return
		}
		if shift == nil {
			shift = make([]float64, len(c))
			rows = true
		}
		n := len(x)
		cc, s1, s2, k := c[at:at+n], m[at:at+n], q[at:at+n], shift[at:at+n]
		if cc[0] == 0 && !nan {
			copy(k, x)
		}
		if nan {
			for i, v := range x {
				if v != v {
					continue
				}
				if cc[i] == 0 {
					k[i] = v
				}
				d := v - k[i]
				cc[i]++
				s1[i] += d
				s2[i] += d * d
			}
			return
		}
		for i, v := range x {
			d := v - k[i]
			s1[i] += d
			s2[i] += d * d
		}
		for i := range cc {
			cc[i]++
		}
	})
	if rows {
		for i := range c {
			if c[i] == 0 {
				m[i], q[i] = 0, 0
				continue
			}
			s1 := m[i]
			m[i] = shift[i] + s1/c[i]
			q[i] = max(q[i]-s1*s1/c[i], 0)
			if math.IsNaN(s1) {
				q[i] = math.NaN()
			}
		}
	}
	return &Partial{Parts: []*chunk.Dense{cnt, mean, m2}}, err
}

// segmentMoments returns the count, mean and M2 of x (skipping NaN when
// nan is set): an eight-way sum for the mean, then a second pass for the
// squared deviations.
func segmentMoments(x []float64, nan bool) (n, mean, m2 float64) {
	if !nan {
		n = float64(len(x))
		if n == 0 {
			return 0, 0, 0
		}
		mean = foldRun(foldSum, 0, x) / n
		var s [4]float64
		i := 0
		for ; i+4 <= len(x); i += 4 {
			d0, d1, d2, d3 := x[i]-mean, x[i+1]-mean, x[i+2]-mean, x[i+3]-mean
			s[0] += d0 * d0
			s[1] += d1 * d1
			s[2] += d2 * d2
			s[3] += d3 * d3
		}
		for ; i < len(x); i++ {
			d := x[i] - mean
			s[0] += d * d
		}
		return n, mean, (s[0] + s[1]) + (s[2] + s[3])
	}
	var sum float64
	for _, v := range x {
		if v == v {
			sum += v
			n++
		}
	}
	if n == 0 {
		return 0, 0, 0
	}
	mean = sum / n
	for _, v := range x {
		if v == v {
			d := v - mean
			m2 += d * d
		}
	}
	return n, mean, m2
}

// chanMerge combines the (count, mean, M2) of two disjoint sets of values
// (Chan, Golub and LeVeque's parallel update).
func chanMerge(na, ma, qa, nb, mb, qb float64) (n, m, q float64) {
	if nb == 0 {
		return na, ma, qa
	}
	if na == 0 {
		return nb, mb, qb
	}
	n = na + nb
	d := mb - ma
	return n, ma + d*(nb/n), qa + qb + d*d*(na*nb/n)
}

// combineMoments merges moment partials of one shape.
func combineMoments(ps []*Partial) (*Partial, error) {
	if len(ps) == 1 {
		return ps[0], nil
	}
	for _, p := range ps {
		if len(p.Parts) != 3 || p.Parts[0] == nil || !chunk.EqualShapes(p.Parts[0].Shape(), ps[0].Parts[0].Shape()) {
			return nil, fmt.Errorf("reductions: mismatched moment partials")
		}
	}
	out := &Partial{Parts: []*chunk.Dense{ps[0].Parts[0].Clone(), ps[0].Parts[1].Clone(), ps[0].Parts[2].Clone()}}
	c, m, q := chunk.Values[float64](out.Parts[0]), chunk.Values[float64](out.Parts[1]), chunk.Values[float64](out.Parts[2])
	for _, p := range ps[1:] {
		pc, pm, pq := chunk.Values[float64](p.Parts[0]), chunk.Values[float64](p.Parts[1]), chunk.Values[float64](p.Parts[2])
		for i := range c {
			c[i], m[i], q[i] = chanMerge(c[i], m[i], q[i], pc[i], pm[i], pq[i])
		}
	}
	return out, nil
}

// finishMoments turns merged moments into the mean, variance or standard
// deviation (float64). An empty slice gives NaN; a divisor count-ddof ≤ 0
// gives M2/0 (Inf, or NaN for M2 = 0), as NumPy does.
func finishMoments(op Op, p *Partial, ddof int) *chunk.Dense {
	c, m, q := chunk.Values[float64](p.Parts[0]), chunk.Values[float64](p.Parts[1]), chunk.Values[float64](p.Parts[2])
	out := chunk.NewDense(chunk.Float64, p.Parts[0].Shape())
	o := chunk.Values[float64](out)
	for i := range o {
		switch {
		case c[i] == 0:
			o[i] = math.NaN()
		case op == NanMean:
			o[i] = m[i]
		default:
			v := q[i] / max(c[i]-float64(ddof), 0)
			if op == Std || op == NanStd {
				v = math.Sqrt(v)
			}
			o[i] = v
		}
	}
	return out
}
