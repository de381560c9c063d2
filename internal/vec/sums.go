package vec

// The float64 sums that reductions run on whole chunks and rows: the
// assembly kernels (sums_amd64.s, picked by SIMDLevel) and their pure-Go
// twins, the references they match bit for bit.

// sumGo is the reference for Sum: eight interleaved partial sums, lane k
// holding elements k, k+8, k+16 …, combined as the vector kernels do, then
// the tail added in order.
func sumGo(x []float64) float64 {
	var s [8]float64
	i := 0
	for ; i+8 <= len(x); i += 8 {
		b := x[i : i+8 : i+8]
		s[0] += b[0]
		s[1] += b[1]
		s[2] += b[2]
		s[3] += b[3]
		s[4] += b[4]
		s[5] += b[5]
		s[6] += b[6]
		s[7] += b[7]
	}
	t := ((s[0] + s[2]) + (s[4] + s[6])) + ((s[1] + s[3]) + (s[5] + s[7]))
	for ; i < len(x); i++ {
		t += x[i]
	}
	return t
}

// add8ToGo is the reference for Add8To.
func add8ToGo(dst, a, b, c, d, e, f, g, h []float64) {
	for i := range dst {
		dst[i] += ((a[i] + b[i]) + (c[i] + d[i])) + ((e[i] + f[i]) + (g[i] + h[i]))
	}
}

// add4ToGo adds (a[i]+b[i]) + (c[i]+d[i]) to dst[i]: the reference for
// Add4To.
func add4ToGo(dst, a, b, c, d []float64) {
	a, b, c, d = a[:len(dst)], b[:len(dst)], c[:len(dst)], d[:len(dst)]
	for i := range dst {
		dst[i] += (a[i] + b[i]) + (c[i] + d[i])
	}
}

// shiftedSumsGo returns Σ(x-k) and Σ(x-k)², with eight interleaved
// partial sums each (lane j holds elements j, j+8, …) folded by halves,
// then the tail added in order: the reference for ShiftedSums. The
// explicit conversions keep each square rounded on its own, as the
// vector kernels do.
func shiftedSumsGo(x []float64, k float64) (s1, s2 float64) {
	var a, b [8]float64
	i := 0
	for ; i+8 <= len(x); i += 8 {
		x8 := x[i : i+8 : i+8]
		for j := range a {
			d := x8[j] - k
			a[j] += d
			b[j] += float64(d * d)
		}
	}
	for h := 4; h >= 1; h /= 2 {
		for j := 0; j < h; j++ {
			a[j] += a[j+h]
			b[j] += b[j+h]
		}
	}
	s1, s2 = a[0], b[0]
	for ; i < len(x); i++ {
		d := x[i] - k
		s1 += d
		s2 += float64(d * d)
	}
	return s1, s2
}

// addToGo adds src[i] to dst[i]: the reference for AddTo.
func addToGo(dst, src []float64) {
	src = src[:len(dst)]
	for i := range dst {
		dst[i] += src[i]
	}
}
