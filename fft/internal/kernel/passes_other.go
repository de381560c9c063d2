//go:build !amd64 || noasm

package kernel

// useAVX is false: there are no assembly passes on this platform or with
// the noasm tag.
var useAVX = false

func (p *pass) runAsm(dst, src []complex128) bool { return false }
