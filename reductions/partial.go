package reductions

import (
	"encoding/binary"
	"fmt"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Partial is an intermediate result of a reduction made of several
// buffers of one shape (the keepdims shape of the output block it will
// become). What each part holds depends on the reduction:
//
//   - nanmean and the variances: count, shift, mean of x-shift, M2 —
//     all float64; the shift is one of the values (so deviations from it
//     are exact under a large common offset), M2 the sum of squared
//     deviations from the mean, merged across chunks with Chan's
//     parallel update, never a sum of squares;
//   - arg reductions: the best value so far and its index (int64, -1
//     while no value was seen);
//   - top-k: the k best values along the axis, and their indices for
//     ArgTopK;
//   - unique: the sorted distinct values and their counts (1-d).
//
// The scheduler counts a Partial's bytes through NBytes, and it travels
// and spills through MarshalBinary / UnmarshalPartial (registered with
// scheduler.RegisterDecoder under the tag 'P').
type Partial struct {
	Parts []*chunk.Dense
}

// Pin pins every part (see scheduler.Recyclable).
func (p *Partial) Pin() {
	for _, d := range p.Parts {
		if d != nil {
			d.Pin()
		}
	}
}

// Recycle recycles every part (see scheduler.Recyclable): the executor
// calls it once the partial's last consumer has run.
func (p *Partial) Recycle() {
	for _, d := range p.Parts {
		if d != nil {
			d.Recycle()
		}
	}
}

// NBytes returns the bytes held by all parts.
func (p *Partial) NBytes() int {
	n := 0
	for _, d := range p.Parts {
		if d != nil {
			n += d.NBytes()
		}
	}
	return n
}

// MarshalBinary encodes p as the number of parts followed by each part's
// length and chunk.Dense encoding (length 0 for a nil part).
func (p *Partial) MarshalBinary() ([]byte, error) {
	b := binary.AppendUvarint([]byte{partialTag}, uint64(len(p.Parts)))
	for _, d := range p.Parts {
		if d == nil {
			b = binary.AppendUvarint(b, 0)
			continue
		}
		e, err := d.MarshalBinary()
		if err != nil {
			return nil, err
		}
		b = binary.AppendUvarint(b, uint64(len(e)))
		b = append(b, e...)
	}
	return b, nil
}

// UnmarshalPartial decodes the output of Partial.MarshalBinary. Malformed
// input is an error, never a panic.
func UnmarshalPartial(b []byte) (*Partial, error) {
	if len(b) == 0 || b[0] != partialTag {
		return nil, fmt.Errorf("reductions: not an encoded partial")
	}
	b = b[1:]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, fmt.Errorf("reductions: bad partial header")
	}
	b = b[k:]
	p := &Partial{Parts: make([]*chunk.Dense, n)}
	for i := range p.Parts {
		l, k := binary.Uvarint(b)
		if k <= 0 || l > uint64(len(b)-k) {
			return nil, fmt.Errorf("reductions: truncated partial (part %d)", i)
		}
		b = b[k:]
		if l == 0 {
			continue
		}
		d, err := chunk.UnmarshalDense(b[:l])
		if err != nil {
			return nil, fmt.Errorf("reductions: partial part %d: %w", i, err)
		}
		p.Parts[i] = d
		b = b[l:]
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("reductions: %d trailing bytes after partial", len(b))
	}
	return p, nil
}

// partialTag is the first byte of every Partial encoding.
const partialTag = 'P'

func init() {
	// Partials spill to disk (and will travel) like chunks.
	scheduler.RegisterDecoder(partialTag, func(b []byte) (any, error) { return UnmarshalPartial(b) })
}

// partials converts task inputs to partials.
func partials(in []any) ([]*Partial, error) {
	ps := make([]*Partial, len(in))
	for i, v := range in {
		p, ok := v.(*Partial)
		if !ok {
			return nil, fmt.Errorf("reductions: input %d is a %T, not a partial result", i, v)
		}
		ps[i] = p
	}
	return ps, nil
}
