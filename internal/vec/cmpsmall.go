package vec

import "unsafe"

// CompareSmall is CompareInt64 for integers of one and two bytes: AVX2
// compares 32 a pass (VPCMPEQB/GTB, or VPCMPEQW/GTW packed to bytes),
// unsigned ones with the sign bit flipped first, and each lane's mask
// becomes its bool; Compare is its reference.
func CompareSmall[T int8 | uint8 | int16 | uint16](op Cmp, d []bool, a, b []T) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d), 32)
	if n > 0 {
		eq, swap, not := intCmp(op)
		x, y := a[:n], b[:n]
		if swap {
			x, y = y, x
		}
		var zero T
		unsigned := zero-1 > 0
		switch unsafe.Sizeof(zero) {
		case 1:
			bias := uint8(0)
			if unsigned && !eq {
				bias = 0x80
			}
			cmpI8(eq, d[:n], words8(x), words8(y), bias, not)
		case 2:
			bias := uint16(0)
			if unsigned && !eq {
				bias = 0x8000
			}
			cmpI16(eq, d[:n], words16(x), words16(y), bias, not)
		}
	}
	Compare(op, d[n:], a[n:], b[n:])
}

func words8[T int8 | uint8 | int16 | uint16](s []T) []uint8 {
	return unsafe.Slice((*uint8)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

func words16[T int8 | uint8 | int16 | uint16](s []T) []uint16 {
	return unsafe.Slice((*uint16)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}
