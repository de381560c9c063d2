//go:build !amd64 || noasm

package vec

func floorDivQ512(mod bool, d, x []int64, y int64) int { panic("vec: no AVX-512") }

func floorDivD512(mod, unsigned bool, d, x []uint32, y int64) { panic("vec: no AVX-512") }

func floorDivS512(mod bool, size int, unsigned bool, d, x []byte, y int64) {
	panic("vec: no AVX-512")
}
