//go:build !amd64 || noasm

package vec

// simdLevel and maxSIMDLevel only exist so that the kernel tests build
// everywhere: the pure-Go kernels have a single path.
var simdLevel, maxSIMDLevel uint8

// AddTo is addToGo in a build without assembly.
func AddTo(dst, src []float64) { addToGo(dst, src) }

// ShiftedSums is shiftedSumsGo in a build without assembly.
func ShiftedSums(x []float64, k float64) (s1, s2 float64) { return shiftedSumsGo(x, k) }

// Add4To is add4ToGo in a build without assembly.
func Add4To(dst, a, b, c, d []float64) { add4ToGo(dst, a, b, c, d) }

// Sum is sumGo in a build without assembly.
func Sum(x []float64) float64 { return sumGo(x) }

// Add8To is add8ToGo in a build without assembly.
func Add8To(dst, a, b, c, d, e, f, g, h []float64) { add8ToGo(dst, a, b, c, d, e, f, g, h) }
