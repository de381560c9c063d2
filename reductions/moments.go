package reductions

import (
	"fmt"
	"math"
	"slices"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
)

// momentsChunk reduces a chunk to a moments Partial (count, shift, mean
// of x-shift, M2) per output element, tile by tile. Where a tile's
// segment reduces into one output element, the segment's deviations from
// its first value are summed pairwise, then squared deviations from
// their mean summed in a second pass over the cache-resident segment,
// and the result merges into the output with Chan's update. Where
// segments spread over many outputs (a kept innermost axis), each output
// keeps sums of deviations from its first value. Keeping means relative
// to a shift loses nothing to a large common offset (1e9 + U(0,1)): a
// plain float64 mean near 1e9 resolves only 1.2e-7. With nan set, NaN
// values are skipped.
func momentsChunk(ev *blockwise.Evaluator, shape []int, reduced []bool, nan bool) (*Partial, error) {
	ks := keepShape(shape, reduced)
	p := newMoments(ks)
	c, k, m, q := p.moments()
	rows := false
	err := walkChunk(ev, shape, reduced, chunk.Float64, func(vals any, lo, hi, at int, run bool) {
		x := vals.([]float64)[lo:hi]
		if run {
			n, sk, sm, sq := segmentMoments(x, nan)
			c[at], k[at], m[at], q[at] = chanMerge(c[at], k[at], m[at], q[at], n, sk, sm, sq)
			return
		}
		rows = true
		n := len(x)
		cc, s1, s2, kk := c[at:at+n], m[at:at+n], q[at:at+n], k[at:at+n]
		if nan {
			for i, v := range x {
				if v != v {
					continue
				}
				if cc[i] == 0 {
					kk[i] = finiteOr0(v)
				}
				d := v - kk[i]
				cc[i]++
				s1[i] += d
				s2[i] += d * d
			}
			return
		}
		if cc[0] == 0 {
			for i, v := range x {
				kk[i] = finiteOr0(v)
			}
		}
		for i, v := range x {
			d := v - kk[i]
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
				continue
			}
			s1 := m[i]
			m[i] = s1 / c[i]
			q[i] = max(q[i]-s1*m[i], 0)
			if math.IsNaN(s1) {
				q[i] = math.NaN()
			}
		}
	}
	return p, err
}

func finiteOr0(v float64) float64 {
	if math.IsInf(v, 0) || v != v {
		return 0
	}
	return v
}

// newMoments returns an empty moments partial of the given shape.
func newMoments(shape []int) *Partial {
	p := &Partial{Parts: make([]*chunk.Dense, 4)}
	for i := range p.Parts {
		p.Parts[i] = chunk.NewDense(chunk.Float64, shape)
	}
	return p
}

// moments returns the count, shift, mean-of-deviation and M2 slices of a
// moments partial.
func (p *Partial) moments() (c, k, m, q []float64) {
	return chunk.Values[float64](p.Parts[0]), chunk.Values[float64](p.Parts[1]), chunk.Values[float64](p.Parts[2]), chunk.Values[float64](p.Parts[3])
}

// segmentMoments returns the count, shift, mean of x-shift and M2 of x
// (skipping NaN when nan is set): the shift is the first finite value, so
// deviations are exact for values within a factor two of it; an
// eight-way sum gives their mean, a second pass the squared deviations.
func segmentMoments(x []float64, nan bool) (n, shift, mean, m2 float64) {
	if !nan {
		if len(x) == 0 {
			return 0, 0, 0, 0
		}
		n = float64(len(x))
		shift = finiteOr0(x[0])
		var s [8]float64
		i := 0
		for ; i+8 <= len(x); i += 8 {
			s[0] += x[i] - shift
			s[1] += x[i+1] - shift
			s[2] += x[i+2] - shift
			s[3] += x[i+3] - shift
			s[4] += x[i+4] - shift
			s[5] += x[i+5] - shift
			s[6] += x[i+6] - shift
			s[7] += x[i+7] - shift
		}
		for ; i < len(x); i++ {
			s[0] += x[i] - shift
		}
		mean = (((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]))) / n
		var t [4]float64
		i = 0
		for ; i+4 <= len(x); i += 4 {
			d0, d1, d2, d3 := (x[i]-shift)-mean, (x[i+1]-shift)-mean, (x[i+2]-shift)-mean, (x[i+3]-shift)-mean
			t[0] += d0 * d0
			t[1] += d1 * d1
			t[2] += d2 * d2
			t[3] += d3 * d3
		}
		for ; i < len(x); i++ {
			d := (x[i] - shift) - mean
			t[0] += d * d
		}
		return n, shift, mean, (t[0] + t[1]) + (t[2] + t[3])
	}
	first := true
	var sum float64
	for _, v := range x {
		if v == v {
			if first {
				shift, first = finiteOr0(v), false
			}
			sum += v - shift
			n++
		}
	}
	if n == 0 {
		return 0, 0, 0, 0
	}
	mean = sum / n
	for _, v := range x {
		if v == v {
			d := (v - shift) - mean
			m2 += d * d
		}
	}
	return n, shift, mean, m2
}

// chanMerge combines the (count, shift, mean of x-shift, M2) of two
// disjoint sets of values (Chan, Golub and LeVeque's parallel update);
// the result keeps a's shift. The difference of the two means is formed
// as (kb-ka) + (mb-ma), exact for nearby shifts, so it keeps its
// precision under a large common offset.
func chanMerge(na, ka, ma, qa, nb, kb, mb, qb float64) (n, k, m, q float64) {
	if nb == 0 {
		return na, ka, ma, qa
	}
	if na == 0 {
		return nb, kb, mb, qb
	}
	n = na + nb
	d := (kb - ka) + (mb - ma)
	return n, ka, ma + d*(nb/n), qa + qb + d*d*(na*nb/n)
}

// combineMoments merges moment partials of one shape.
func combineMoments(ps []*Partial) (*Partial, error) {
	if len(ps) == 1 {
		return ps[0], nil
	}
	for _, p := range ps {
		if len(p.Parts) != 4 || slices.Contains(p.Parts, nil) || !chunk.EqualShapes(p.Parts[0].Shape(), ps[0].Parts[0].Shape()) {
			return nil, fmt.Errorf("reductions: mismatched moment partials")
		}
	}
	out := &Partial{Parts: make([]*chunk.Dense, 4)}
	for i, d := range ps[0].Parts {
		out.Parts[i] = d.Clone()
	}
	c, k, m, q := out.moments()
	for _, p := range ps[1:] {
		pc, pk, pm, pq := p.moments()
		for i := range c {
			c[i], k[i], m[i], q[i] = chanMerge(c[i], k[i], m[i], q[i], pc[i], pk[i], pm[i], pq[i])
		}
	}
	return out, nil
}

// finishMoments turns merged moments into the mean, variance or standard
// deviation (float64). An empty slice gives NaN; a divisor count-ddof ≤ 0
// gives M2/0 (Inf, or NaN for M2 = 0), as NumPy does.
func finishMoments(op Op, p *Partial, ddof int) *chunk.Dense {
	c, k, m, q := p.moments()
	out := chunk.NewDense(chunk.Float64, p.Parts[0].Shape())
	o := chunk.Values[float64](out)
	for i := range o {
		switch {
		case c[i] == 0:
			o[i] = math.NaN()
		case op == NanMean:
			o[i] = k[i] + m[i]
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
