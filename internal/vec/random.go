package vec

// Golden is the increment of the splitmix64 counter: 2⁶⁴ divided by the
// golden ratio.
const Golden = 0x9e3779b97f4a7c15

// Mix64 is the splitmix64 finaliser: a bijective hash of z whose output
// bits look independent and uniform.
func Mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Uniform sets d[i] = float64(Mix64(c+(i+1)·Golden)>>11) · 2⁻⁵³, uniform
// on [0, 1) in steps of 2⁻⁵³: counter-based, so any run of a stream can
// be made on its own. With AVX-512 it hashes eight counters per
// instruction; the bits are those of the scalar loop.
func Uniform(d []float64, c uint64) {
	if n := len(d) &^ 15; n > 0 && useAVX512DQ {
		var lanes [8]uint64
		for k := range lanes {
			lanes[k] = c + uint64(k+1)*Golden
		}
		uniformAVX512(d[:n], &lanes)
		d, c = d[n:], c+uint64(n)*Golden
	}
	uniformGo(d, c)
}

// uniformGo is the reference for Uniform.
func uniformGo(d []float64, c uint64) {
	for i := range d {
		c += Golden
		d[i] = float64(Mix64(c)>>11) * 0x1p-53
	}
}
