//go:build amd64 && !noasm

package codec

import "testing"

// TestBitshuffleFallback runs the exactness tests again with the AVX-512
// kernels switched off, for the SSE2 and AVX2 path that CPUs without
// VBMI and GFNI take.
func TestBitshuffleFallback(t *testing.T) {
	if !hasBitshuffleAVX512 {
		t.Skip("the CPU takes the fallback path in every test")
	}
	hasBitshuffleAVX512 = false
	defer func() { hasBitshuffleAVX512 = true }()
	TestBitunshuffleExact(t)
	TestBitshuffleExact(t)
}
