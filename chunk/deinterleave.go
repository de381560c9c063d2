package chunk

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
