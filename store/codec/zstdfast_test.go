package codec

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// TestZstdFast checks that the fast encoder's frames decode (with the
// pure-Go decoder; TestNumcodecsCrossCheck has libzstd read them) to the
// input, with the content size in a single-segment header: inputs
// around the header's size classes and the 128 KiB block, incompressible
// ones (raw blocks), long matches and literal runs (every length code),
// float64 data, and that Zstd's fastest levels use it.
func TestZstdFast(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	inputs := lz4TestInputs()
	for name, in := range testInputs() {
		inputs[name] = in
	}
	for _, n := range []int{255, 256, 65791, 65792, zstdBlockMax - 1, zstdBlockMax, zstdBlockMax + 1, 3*zstdBlockMax + 17} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(16)) // Huffman-coded literals, short matches
		}
		inputs[string(rune('a'+len(inputs)))+"-small-alphabet"] = b
	}
	floats := make([]byte, 8*50000)
	for i := range 50000 {
		binary.LittleEndian.PutUint64(floats[8*i:], math.Float64bits(math.Mod(float64(i)*0.6180339887498949, 1)))
	}
	inputs["floats"] = floats
	for name, in := range inputs {
		if len(in) == 0 {
			continue
		}
		enc := zstdFastEncode(nil, in)
		var h zstd.Header
		if err := h.Decode(enc); err != nil || !h.SingleSegment || !h.HasFCS || h.FrameContentSize != uint64(len(in)) || h.HasCheckSum {
			t.Fatalf("%s: header %+v, %v", name, h, err)
		}
		got, err := Zstd(1).Decode(enc)
		if err != nil || !bytes.Equal(got, in) {
			t.Fatalf("%s: %d bytes: %v", name, len(in), err)
		}
		for _, level := range []int{-5, 1, 2} {
			if e, _ := Zstd(level).Encode(in); !bytes.Equal(e, enc) {
				t.Fatalf("%s: level %d does not use the fast encoder", name, level)
			}
		}
	}
	// Compressible data compresses.
	if in := inputs["mixed-0"]; len(zstdFastEncode(nil, in)) > len(in)/2 {
		t.Errorf("mixed-0: %d bytes compress to %d", len(in), len(zstdFastEncode(nil, in)))
	}
}
