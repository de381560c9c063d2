//go:build !amd64 || noasm

package reductions

// simdLevel and maxSIMDLevel only exist so that the kernel tests build
// everywhere: the pure-Go kernels have a single path.
var simdLevel, maxSIMDLevel uint8

func addTo(dst, src []float64) { addToGo(dst, src) }

func shiftedSums(x []float64, k float64) (s1, s2 float64) { return shiftedSumsGo(x, k) }

func add4To(dst, a, b, c, d []float64) { add4ToGo(dst, a, b, c, d) }

func sum(x []float64) float64 { return sumGo(x) }

func add8To(dst, a, b, c, d, e, f, g, h []float64) { add8ToGo(dst, a, b, c, d, e, f, g, h) }
