package chunk

import (
	"math"
	"sync"
)

// Half is the element type of Float16 data: an IEEE 754 binary16 number
// held as its bits, as NumPy's float16 is. chunkwise computes with it
// in float32 and rounds each result back, as NumPy's float16 loops do.
type Half uint16

// HalfFromFloat64 rounds f to the nearest binary16 value, ties to even,
// as numpy.float16(f) does: magnitudes from 65520 up give ±Inf, tiny
// ones round into the subnormals or to ±0, and a NaN keeps its sign and
// the top bits of its payload (staying a NaN). float32 values convert
// exactly to float64 first, so the same rounding serves them.
func HalfFromFloat64(f float64) Half {
	b := math.Float64bits(f)
	sign := uint16(b>>48) & 0x8000
	exp := int(b>>52) & 0x7ff
	man := b & (1<<52 - 1)
	if exp == 0x7ff {
		if man == 0 {
			return Half(sign | 0x7c00)
		}
		h := 0x7c00 | uint16(man>>42)
		if h == 0x7c00 {
			h++
		}
		return Half(sign | h)
	}
	e := exp - 1023 + 15 // the biased binary16 exponent
	if e >= 0x1f {
		return Half(sign | 0x7c00)
	}
	var h, rem, halfway uint64
	if e <= 0 { // a subnormal (or zero) result: m·2^-24 with m < 1024
		if e < -10 {
			return Half(sign)
		}
		m := man | 1<<52
		shift := uint(43 - e)
		h, rem, halfway = m>>shift, m&(1<<shift-1), 1<<(shift-1)
	} else {
		h, rem, halfway = uint64(e)<<10|man>>42, man&(1<<42-1), 1<<41
	}
	if rem > halfway || (rem == halfway && h&1 == 1) {
		h++ // a carry moves into the exponent, up to Inf
	}
	return Half(sign | uint16(h))
}

// Float32 returns h as a float32, exactly.
func (h Half) Float32() float32 {
	sign := uint32(h&0x8000) << 16
	exp := uint32(h>>10) & 0x1f
	man := uint32(h & 0x3ff)
	switch {
	case exp == 0x1f:
		return math.Float32frombits(sign | 0x7f800000 | man<<13)
	case exp == 0:
		v := float32(man) / (1 << 24)
		if sign != 0 {
			v = -v
		}
		return v
	}
	return math.Float32frombits(sign | (exp+112)<<23 | man<<13)
}

// halvesFrom writes s rounded to binary16 into d.
func halvesFrom[S Number](d []Half, s []S) {
	d = d[:len(s)]
	for i, v := range s {
		d[i] = HalfFromFloat64(float64(v))
	}
}

// convertFromHalf writes the float16 values s into dst (any typed slice
// Convert takes), through float32 as NumPy casts them.
func convertFromHalf(dst any, s []Half) {
	switch d := dst.(type) {
	case []Half:
		copy(d, s)
		return
	case *[]Half:
		copy(*d, s)
		return
	}
	t := halfValues()
	switch d := dst.(type) { // the usual destinations, without a buffer
	case []float32:
		for i, v := range s {
			d[i] = t[v]
		}
		return
	case []float64:
		for i, v := range s {
			d[i] = float64(t[v])
		}
		return
	}
	f := make([]float32, len(s))
	for i, v := range s {
		f[i] = t[v]
	}
	convertFrom(dst, f)
}

// halfValues is the float32 value of every binary16 bit pattern: a table
// lookup beats Float32's branches on subnormals and specials.
var halfValues = sync.OnceValue(func() *[1 << 16]float32 {
	var t [1 << 16]float32
	for i := range t {
		t[i] = Half(i).Float32()
	}
	return &t
})
