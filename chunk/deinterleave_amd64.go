//go:build amd64 && !noasm

package chunk

import "golang.org/x/sys/cpu"

// useDeinterleave3 tells whether fewLanes splits packed triples of bytes
// (an RGB image's pixels) by deinterleave3.
var useDeinterleave3 = cpu.X86.HasSSSE3

// deinterleave3 sets d0[i], d1[i], d2[i] = s[3i], s[3i+1], s[3i+2] for
// i < 16*groups (groups > 0): 48 bytes read as three 16-byte loads, each
// output 16 bytes gathered from them with three PSHUFBs
// (deinterleave3Masks) and two ORs.
//
//go:noescape
func deinterleave3(d0, d1, d2, s *byte, groups int)

// deinterleave3Masks[3c+j] is the PSHUFB mask that gathers, from the
// j-th 16 bytes of 16 packed triples, the bytes of lane c into their
// places among the lane's 16 (0x80, zero, elsewhere).
var deinterleave3Masks [9][16]byte

func init() {
	for c := range 3 {
		for j := range 3 {
			for k := range 16 {
				m := byte(0x80)
				if i := 3*k + c - 16*j; i >= 0 && i < 16 {
					m = byte(i)
				}
				deinterleave3Masks[3*c+j][k] = m
			}
		}
	}
}
