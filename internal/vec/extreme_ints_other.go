//go:build !amd64 || noasm

package vec

func intElems(op int, d, a, b []byte) { panic("vec: no AVX2") }

func intRun(op int, acc, v []byte) { panic("vec: no AVX2") }

func mulQ512(d, a, b []byte) { panic("vec: no AVX-512") }
