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
