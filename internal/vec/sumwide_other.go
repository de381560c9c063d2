//go:build !amd64 || noasm

package vec

func sumWideI8(b []int8) uint64    { panic("vec: no AVX2") }
func sumWideU8(b []uint8) uint64   { panic("vec: no AVX2") }
func sumWideI16(b []int16) uint64  { panic("vec: no AVX2") }
func sumWideU16(b []uint16) uint64 { panic("vec: no AVX2") }
func sumWideI32(b []int32) uint64  { panic("vec: no AVX2") }
func sumWideU32(b []uint32) uint64 { panic("vec: no AVX2") }
