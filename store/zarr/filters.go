package zarr

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/codec"
)

// v2Filter builds the codec of a Zarr v2 filter entry, a numcodecs
// configuration, decoding as numcodecs 0.11 does:
//
//	delta             dtype, astype
//	fixedscaleoffset  offset, scale, dtype, astype
//	quantize          digits, dtype, astype (decoding casts astype → dtype)
//	astype            encode_dtype, decode_dtype
//	bitround          keepbits (decoding is the identity)
//	packbits          (bool arrays)
//	shuffle           elementsize
//
// Any other filter (categorize among them, which needs string arrays),
// an unknown parameter or a bad value is an error naming the filter.
// Filters that only lose precision (quantize, bitround) are read, not
// written: their Encode fails.
func v2Filter(f map[string]any) (codec.Codec, error) {
	id, _ := f["id"].(string)
	p := filterParams{id: id, f: f}
	var c codec.Codec
	switch id {
	case "delta":
		dt, big := p.dtype("dtype", "")
		as, asBig := p.dtype("astype", "dtype")
		if dt == chunk.Bool || as == chunk.Bool {
			p.fail("on bool")
		}
		c = castFilter{id: id, dt: dt, big: big, as: as, asBig: asBig, delta: true}
	case "fixedscaleoffset":
		dt, big := p.dtype("dtype", "")
		as, asBig := p.dtype("astype", "dtype")
		scale, offset := p.float("scale"), p.float("offset")
		if p.err == nil && (scale == 0 || math.IsNaN(scale) || math.IsInf(scale, 0)) {
			p.fail("scale %v", scale)
		}
		c = castFilter{id: id, dt: dt, big: big, as: as, asBig: asBig, scale: scale, offset: offset}
	case "quantize":
		p.float("digits")
		dt, big := p.dtype("dtype", "")
		as, asBig := p.dtype("astype", "dtype")
		c = castFilter{id: id, dt: dt, big: big, as: as, asBig: asBig, lossy: true}
	case "astype":
		dt, big := p.dtype("decode_dtype", "")
		as, asBig := p.dtype("encode_dtype", "")
		c = castFilter{id: id, dt: dt, big: big, as: as, asBig: asBig}
	case "bitround":
		if k := p.float("keepbits"); p.err == nil && (k < 0 || k != math.Trunc(k)) {
			p.fail("keepbits %v", k)
		}
		c = lossyIdentity{id: id}
	case "packbits":
		c = packBits{}
	case "shuffle":
		es := p.float("elementsize")
		if _, ok := f["elementsize"]; !ok {
			es, p.err = 4, nil // numcodecs' default
		}
		if p.err == nil && (es != math.Trunc(es) || es > 1<<20) {
			p.fail("elementsize %v", es)
		}
		c = codec.NewShuffle(int(es))
	case "categorize":
		return nil, fmt.Errorf("%w: filter categorize (it encodes string arrays, which chunkwise does not read)", ErrUnsupported)
	default:
		return nil, fmt.Errorf("%w: filter %s", ErrUnsupported, compactAny(f))
	}
	p.checkUnused()
	if p.err != nil {
		return nil, p.err
	}
	return c, nil
}

// filterParams reads a filter's parameters, keeping the first error.
type filterParams struct {
	id   string
	f    map[string]any
	used []string
	err  error
}

func (p *filterParams) fail(format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf("%w: filter %s: %s", ErrUnsupported, p.id, fmt.Sprintf(format, args...))
	}
}

// dtype reads a NumPy dtype string; when absent it is the value of key
// def (already read), or an error when def is "".
func (p *filterParams) dtype(key, def string) (chunk.DType, bool) {
	p.used = append(p.used, key)
	v, ok := p.f[key]
	if !ok || v == nil {
		if def != "" {
			v, ok = p.f[def]
		}
		if !ok {
			p.fail("no %s", key)
			return chunk.Invalid, false
		}
	}
	s, _ := v.(string)
	dt, big, err := parseV2DType(s)
	if err != nil {
		p.fail("%s %v: %v", key, v, err)
	}
	return dt, big
}

func (p *filterParams) float(key string) float64 {
	p.used = append(p.used, key)
	x, ok := p.f[key].(float64)
	if !ok {
		p.fail("%s is %v, want a number", key, p.f[key])
	}
	return x
}

func (p *filterParams) checkUnused() {
	var extra []string
	for k := range p.f {
		if k != "id" && !slices.Contains(p.used, k) {
			extra = append(extra, k)
		}
	}
	if len(extra) > 0 {
		sort.Strings(extra)
		p.fail("unknown parameter(s) %s", strings.Join(extra, ", "))
	}
}

// castFilter is numcodecs' elementwise filters between the array's type
// dt and a stored type as: Delta (first element, then differences, taken
// in dt and cast to as; decoding casts back and sums in dt, wrapping for
// integers), FixedScaleOffset (round((x - offset) × scale) as as;
// decoding computes enc/scale + offset in float64 and casts to dt),
// Quantize (lossy; decoding casts as → dt) and AsType (a cast each way).
type castFilter struct {
	id            string
	dt, as        chunk.DType
	big, asBig    bool
	delta, lossy  bool
	scale, offset float64 // FixedScaleOffset when scale != 0
}

func (c castFilter) Encode(src []byte) ([]byte, error) {
	if c.lossy {
		return nil, fmt.Errorf("%w: writing filter %s", ErrUnsupported, c.id)
	}
	d, err := typed(src, c.dt, c.big, c.id)
	if err != nil {
		return nil, err
	}
	switch {
	case c.delta:
		deltaEncode(d)
	case c.scale != 0:
		d = c.scaleOffset(d, c.dt, true)
	}
	return untyped(d.AsType(c.as), c.asBig), nil
}

func (c castFilter) Decode(src []byte) ([]byte, error) {
	d, err := typed(src, c.as, c.asBig, c.id)
	if err != nil {
		return nil, err
	}
	switch {
	case c.delta:
		d = d.AsType(c.dt)
		deltaDecode(d)
	case c.scale != 0:
		d = c.scaleOffset(d, c.as, false)
	}
	return untyped(d.AsType(c.dt), c.big), nil
}

// scaleOffset encodes (round((x - offset) × scale)) or decodes (x/scale
// + offset) the elements of d, whose NumPy type is from, in the type
// NumPy computes `array op python_float` in: float32 for a float32 array
// (scale and offset rounded to float32, every step rounded), float64
// otherwise.
func (c castFilter) scaleOffset(d *chunk.Dense, from chunk.DType, enc bool) *chunk.Dense {
	if from == chunk.Float32 {
		f := d.AsType(chunk.Float32).Clone()
		scaleOffsetRun(chunk.Values[float32](f), float32(c.scale), float32(c.offset), enc)
		return f
	}
	f := d.AsType(chunk.Float64).Clone()
	scaleOffsetRun(chunk.Values[float64](f), c.scale, c.offset, enc)
	return f
}

func scaleOffsetRun[T float32 | float64](v []T, scale, offset T, enc bool) {
	for i, x := range v {
		if enc {
			y := T(x - offset)
			v[i] = T(math.RoundToEven(float64(T(y * scale))))
		} else {
			y := T(x / scale)
			v[i] = T(y + offset)
		}
	}
}

// typed views src as a 1-d chunk of dt (little-endian in memory).
func typed(src []byte, dt chunk.DType, big bool, id string) (*chunk.Dense, error) {
	es := dt.Size()
	if len(src)%es != 0 {
		return nil, fmt.Errorf("%w: filter %s: %d bytes is not a whole number of %v elements", ErrCorrupt, id, len(src), dt)
	}
	n := len(src) / es
	le := make([]byte, len(src))
	copyRun(le, 1, src, 1, n, es, big)
	return chunk.FromBytes(dt, []int{n}, le)
}

// untyped returns d's bytes in the given byte order, in a new slice.
func untyped(d *chunk.Dense, big bool) []byte {
	out := make([]byte, d.NBytes())
	copyRun(out, 1, d.Bytes(), 1, d.Len(), d.DType().Size(), big)
	return out
}

func deltaEncode(d *chunk.Dense) {
	switch v := d.Data().(type) {
	case []int8:
		diff(v)
	case []int16:
		diff(v)
	case []int32:
		diff(v)
	case []int64:
		diff(v)
	case []uint8:
		diff(v)
	case []uint16:
		diff(v)
	case []uint32:
		diff(v)
	case []uint64:
		diff(v)
	case []float32:
		diff(v)
	case []float64:
		diff(v)
	case []chunk.Half: // float16 arithmetic, in float32 rounded per step
		for i := len(v) - 1; i > 0; i-- {
			v[i] = chunk.HalfFromFloat64(float64(v[i].Float32() - v[i-1].Float32()))
		}
	}
}

func deltaDecode(d *chunk.Dense) {
	switch v := d.Data().(type) {
	case []int8:
		cumsum(v)
	case []int16:
		cumsum(v)
	case []int32:
		cumsum(v)
	case []int64:
		cumsum(v)
	case []uint8:
		cumsum(v)
	case []uint16:
		cumsum(v)
	case []uint32:
		cumsum(v)
	case []uint64:
		cumsum(v)
	case []float32:
		cumsum(v)
	case []float64:
		cumsum(v)
	case []chunk.Half:
		for i := 1; i < len(v); i++ {
			v[i] = chunk.HalfFromFloat64(float64(v[i-1].Float32() + v[i].Float32()))
		}
	}
}

func diff[T chunk.Number](v []T) {
	for i := len(v) - 1; i > 0; i-- {
		v[i] -= v[i-1]
	}
}

func cumsum[T chunk.Number](v []T) {
	for i := 1; i < len(v); i++ {
		v[i] += v[i-1]
	}
}

// lossyIdentity is a filter whose decoding returns its input (numcodecs'
// BitRound: the rounding happened on write).
type lossyIdentity struct{ id string }

func (c lossyIdentity) Encode([]byte) ([]byte, error) {
	return nil, fmt.Errorf("%w: writing filter %s", ErrUnsupported, c.id)
}

func (c lossyIdentity) Decode(src []byte) ([]byte, error) { return slices.Clone(src), nil }

// packBits is numcodecs' PackBits filter for bool arrays: one byte
// holding the number of padding bits of the last byte, then the values
// eight to a byte, most significant bit first.
type packBits struct{}

func (packBits) Encode(src []byte) ([]byte, error) {
	n := len(src)
	out := make([]byte, 1+(n+7)/8)
	out[0] = byte((8 - n%8) % 8)
	for i, b := range src {
		if b != 0 {
			out[1+i/8] |= 0x80 >> (i % 8)
		}
	}
	return out, nil
}

func (packBits) Decode(src []byte) ([]byte, error) {
	if len(src) < 1 || src[0] > 7 || (len(src) == 1 && src[0] != 0) {
		return nil, fmt.Errorf("%w: filter packbits: bad header", ErrCorrupt)
	}
	n := 8*(len(src)-1) - int(src[0])
	out := make([]byte, n)
	for i := range out {
		out[i] = src[1+i/8] >> (7 - i%8) & 1
	}
	return out, nil
}
