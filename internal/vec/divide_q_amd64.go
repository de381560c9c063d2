//go:build amd64 && !noasm

package vec

// floorDivQ512 is FloorDivByInt64's AVX-512 loop (see the assembly).
//
//go:noescape
func floorDivQ512(mod bool, d, x []int64, y int64) int

// floorDivD512 is FloorDivBy's AVX-512 loop for 4-byte integers (see the
// assembly).
//
//go:noescape
func floorDivD512(mod, unsigned bool, d, x []uint32, y int64)

// floorDivS512 is FloorDivBy's AVX-512 loop for 1- and 2-byte integers
// (see the assembly).
//
//go:noescape
func floorDivS512(mod bool, size int, unsigned bool, d, x []byte, y int64)
