//go:build amd64 && !noasm

package vec

// shiftBytes is Shift's AVX2 loop over a multiple of 64 bytes of lanes
// of size bytes: each lane shifted by n, and-ed with keep, then
// (x ^ sign) - sign.
//
//go:noescape
func shiftBytes(size int, left bool, d, a []byte, n, keep, sign uint64)
