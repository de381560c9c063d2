package reductions

import (
	"fmt"
	"math"
	"slices"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/vec"
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
		x := blockwise.Slice[float64](vals)[lo:hi]
		if run {
			n, sk, sm, sq := segmentMoments(x, nan)
			c[at], k[at], m[at], q[at] = chanMerge(c[at], k[at], m[at], q[at], n, sk, sm, sq)
			return
		}
		rows = true
		n := len(x)
		cc, s1, s2, kk := c[at:at+n], m[at:at+n], q[at:at+n], k[at:at+n]
		if nan {
			vec.AddMomentsNaN(cc, s1, s2, x, kk)
			return
		}
		if cc[0] == 0 {
			for i, v := range x {
				kk[i] = finiteOr0(v)
			}
		}
		vec.AddMoments(cc, s1, s2, x, kk)
	}, nil)
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

// newMoments returns an empty (zero) moments partial of the given shape,
// in recyclable buffers.
func newMoments(shape []int) *Partial {
	p := &Partial{Parts: make([]*chunk.Dense, 4)}
	for i := range p.Parts {
		p.Parts[i] = chunk.NewPooledDense(chunk.Float64, shape)
		clear(p.Parts[i].Bytes())
	}
	return p
}

// moments returns the count, shift, mean-of-deviation and M2 slices of a
// moments partial.
func (p *Partial) moments() (c, k, m, q []float64) {
	return chunk.Values[float64](p.Parts[0]), chunk.Values[float64](p.Parts[1]), chunk.Values[float64](p.Parts[2]), chunk.Values[float64](p.Parts[3])
}

// segmentMoments returns the count, shift, mean of x-shift and M2 of x
// (skipping NaN when nan is set). The shift is the first finite value:
// one pass sums the deviations d = x-shift and their squares, and M2 =
// Σd² - (Σd)²/n. That loses accuracy only when the shift lies far from
// the mean compared with the spread (Σd² ≫ M2); then a second pass over
// the cache-resident segment takes deviations from the mean itself (the
// corrected two-pass algorithm), so the result is always accurate.
func segmentMoments(x []float64, nan bool) (n, shift, mean, m2 float64) {
	if nan {
		return segmentMomentsNaN(x)
	}
	if len(x) == 0 {
		return 0, 0, 0, 0
	}
	n = float64(len(x))
	shift = finiteOr0(x[0])
	s1, s2 := vec.ShiftedSums(x, shift)
	mean = s1 / n
	m2 = s2 - s1*mean
	if !(s2 <= 32*m2) && m2 == m2 && s2-s2 == 0 {
		// Poorly conditioned shift: redo from the segment's mean.
		c := shift + mean
		t1, t2 := vec.ShiftedSums(x, c)
		shift, mean = c, t1/n
		m2 = t2 - t1*mean
	}
	return n, shift, mean, max(m2, 0)
}

func segmentMomentsNaN(x []float64) (n, shift, mean, m2 float64) {
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
	if math.IsInf(ma, 0) || math.IsInf(mb, 0) {
		// An infinite mean: the union's is the sum of the two (sum/count:
		// ±Inf, or NaN for opposite infinities), where the update would
		// form Inf - Inf; its squared deviations are NaN, as NumPy's.
		return n, ka, ma + mb, math.NaN()
	}
	d := (kb - ka) + (mb - ma)
	return n, ka, ma + d*(nb/n), qa + qb + d*d*(na*nb/n)
}

// combineMoments merges moment partials of one shape.
func combineMoments(ps []*Partial) (*Partial, error) {
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
	out := chunk.NewPooledDense(chunk.Float64, p.Parts[0].Shape()) // written in full
	o := chunk.Values[float64](out)
	for i := range o {
		switch {
		case c[i] == 0:
			o[i] = math.NaN()
		case op == NanMean || op == Mean:
			o[i] = k[i] + m[i]
		case (op == NanVar || op == NanStd) && c[i] <= float64(ddof):
			o[i] = math.NaN() // NumPy's nanvar: no degree of freedom left (var divides by 0)
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
