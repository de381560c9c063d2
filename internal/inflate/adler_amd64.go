//go:build amd64 && !noasm

package inflate

// adlerBlocks adds the first len(q)&^15 bytes of q (at most 5536, so
// that nothing overflows) to the Adler-32 sums s1 and s2, in SSE2
// registers (every amd64 CPU has SSE2), and returns how many it added.
func adlerBlocks(s1, s2 uint32, q []byte) (uint32, uint32, int) {
	m := len(q) &^ 15
	if m == 0 {
		return s1, s2, 0
	}
	sum, prev, weighted := adler32SSE2(q[:m])
	// Each byte adds s1 to s2 once; byte k of 16-byte block j is added
	// m-16j-k times, as 16 times per later block (prev) and 16-k times
	// for its own (weighted).
	return s1 + sum, s2 + uint32(m)*s1 + 16*prev + weighted, m
}

// adler32SSE2 returns, for p of 16-byte blocks, the sum of its bytes,
// the sum over blocks of the bytes before each block, and the sum of
// the bytes weighted 16…1 within their blocks.
//
//go:noescape
func adler32SSE2(p []byte) (sum, prev, weighted uint32)
