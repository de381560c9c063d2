package vec

// SumFloat32 returns the float64 sum of x's values, each widened exactly:
// the bits of Sum over the widened values, in the same eight running
// sums, without a widened copy. sumF32Go is its reference.
func SumFloat32(x []float32) float64 {
	if !useAVX2 {
		return sumF32Go(x)
	}
	return sumF32(x)
}

// sumF32Go is sumGo over the widened values.
func sumF32Go(x []float32) float64 {
	var s [8]float64
	i := 0
	for ; i+8 <= len(x); i += 8 {
		b := x[i : i+8 : i+8]
		s[0] += float64(b[0])
		s[1] += float64(b[1])
		s[2] += float64(b[2])
		s[3] += float64(b[3])
		s[4] += float64(b[4])
		s[5] += float64(b[5])
		s[6] += float64(b[6])
		s[7] += float64(b[7])
	}
	t := ((s[0] + s[2]) + (s[4] + s[6])) + ((s[1] + s[3]) + (s[5] + s[7]))
	for ; i < len(x); i++ {
		t += float64(x[i])
	}
	return t
}

// AddToFloat32 sets dst[i] += float64(src[i]) for i < len(dst); src is at
// least as long.
func AddToFloat32(dst []float64, src []float32) {
	src = src[:len(dst)]
	n := prefix(len(dst), 16)
	if n > 0 {
		addToF32(dst[:n], src[:n])
	}
	for i := n; i < len(dst); i++ {
		dst[i] += float64(src[i])
	}
}
