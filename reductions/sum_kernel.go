package reductions

// sumGo is the reference for sum: eight interleaved partial sums, lane k
// holding elements k, k+8, k+16 …, combined as the SSE2 kernel does, then
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

// add8ToGo is the reference for add8To.
func add8ToGo(dst, a, b, c, d, e, f, g, h []float64) {
	for i := range dst {
		dst[i] += ((a[i] + b[i]) + (c[i] + d[i])) + ((e[i] + f[i]) + (g[i] + h[i]))
	}
}
