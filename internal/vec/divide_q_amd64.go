//go:build amd64 && !noasm

package vec

// floorDivQ512 is FloorDivByInt64's AVX-512 loop (see the assembly).
//
//go:noescape
func floorDivQ512(mod bool, d, x []int64, y int64) int
