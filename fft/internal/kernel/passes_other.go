//go:build !amd64 || noasm

package kernel

// useAVX is false: there are no assembly passes on this platform or with
// the noasm tag.
var useAVX = false

func (p *pass) runAsm(dst, src []complex128) bool { return false }

func oddPairsAVX(dst, src, tw, roots, scratch []complex128, s, m, r int, twiddle bool) {
	panic("kernel: no assembly passes")
}

func realForwardAVX(x, tw []complex128, h, pairs int) { panic("kernel: no assembly passes") }

func realInverseAVX(z, x, tw []complex128, h, pairs int) { panic("kernel: no assembly passes") }

func conjReverseAVX(dst, src []complex128) { panic("kernel: no assembly passes") }
