package vec

import "unsafe"

// Shift sets d[i] = a[i] << n, or a[i] >> n when not left (arithmetic for
// signed T: the sign repeats), for i < len(d); n is less than T's width
// and d may be a. An AVX2 loop shifts 64 bytes a pass: 2- to 8-byte
// lanes by VPSLL/VPSRL, bytes as 16-bit lanes with the bits that cross
// into a neighbour masked off, and a signed right shift as the logical
// one with the sign spread by (x ^ m) - m, m the shifted sign bit.
func Shift[T smallInt | ~int64 | ~uint64](left bool, d, a []T, n uint) {
	a = a[:len(d)]
	var zero T
	size := int(unsafe.Sizeof(zero))
	k := prefix(len(d)*size, 64) / size
	if k > 0 {
		width := 8 * uint(size)
		keep := ^uint64(0) // the bits of each byte a 16-bit shift leaves in it
		if size == 1 && left {
			keep = 0x0101010101010101 * uint64(uint8(0xff<<n))
		} else if size == 1 {
			keep = 0x0101010101010101 * uint64(uint8(0xff>>n))
		}
		var sign uint64 // the sign bit shifted right, in each lane
		if ^zero < 0 && !left {
			sign = spread(uint64(1)<<(width-1)>>n, size)
		}
		shiftBytes(size, left, bytesOf(d[:k]), bytesOf(a[:k]), uint64(n), keep, sign)
	}
	for i := k; i < len(d); i++ {
		if left {
			d[i] = a[i] << n
		} else {
			d[i] = a[i] >> n
		}
	}
}

// spread repeats the low size bytes of v over a 64-bit word.
func spread(v uint64, size int) uint64 {
	switch size {
	case 1:
		return 0x0101010101010101 * (v & 0xff)
	case 2:
		return 0x0001000100010001 * (v & 0xffff)
	case 4:
		return 0x0000000100000001 * (v & 0xffffffff)
	}
	return v
}
