package codec

import (
	"bytes"
	"testing"
)

// addFixtureSeeds adds the encoded fixtures of the given folders, and
// this package's own encodings, to the fuzzer's corpus.
func addFixtureSeeds(f *testing.F, folder string, encoders ...Codec) {
	for _, fx := range loadFixtures(f, folder) {
		f.Add(fx.encoded)
	}
	for _, in := range testInputs() {
		if len(in) > 1<<16 {
			continue
		}
		for _, c := range encoders {
			enc, err := c.Encode(in)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(enc)
		}
	}
}

// checkDecode decodes data with c and, when that succeeds, checks the
// output's size against the input's, and that DecodeTo agrees.
func checkDecode(t *testing.T, c Codec, data []byte, maxRatio int) {
	out, err := c.Decode(data)
	if err != nil {
		return
	}
	if len(out) > maxRatio*len(data)+64 {
		t.Fatalf("%d bytes decoded to %d", len(data), len(out))
	}
	out2, err := c.(DecoderTo).DecodeTo(make([]byte, 0, 64), data)
	if err != nil || !bytes.Equal(out, out2) {
		t.Fatalf("DecodeTo disagrees with Decode: %v", err)
	}
}

func FuzzBloscDecode(f *testing.F) {
	addFixtureSeeds(f, "blosc",
		mustBlosc(f, "lz4", 5, ByteShuffle, 8, 0), mustBlosc(f, "blosclz", 5, BitShuffle, 4, 256),
		mustBlosc(f, "zstd", 3, ByteShuffle, 2, 0), mustBlosc(f, "zlib", 1, NoShuffle, 1, 128),
		mustBlosc(f, "snappy", 5, BitShuffle, 3, 0))
	c := mustBlosc(f, "lz4", 5, ByteShuffle, 8, 0)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, c, data, 1<<16)
	})
}

func FuzzLZ4Decode(f *testing.F) {
	addFixtureSeeds(f, "lz4", LZ4(1))
	c := LZ4(1)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, c, data, lz4MaxRatio)
	})
}

// FuzzBlosclz checks that the BloscLZ compressor's output always decodes
// back to its input.
func FuzzBlosclz(f *testing.F) {
	for _, in := range testInputs() {
		if len(in) > 0 && len(in) < 1<<16 {
			f.Add(in)
		}
	}
	f.Add([]byte("abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc"))
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) == 0 {
			return
		}
		enc := blosclzCompress(make([]byte, len(in)+len(in)/32+16), in)
		if len(enc) > len(in) {
			return // the caller stores such blocks
		}
		got := make([]byte, len(in))
		if err := blosclzDecompress(got, enc); err != nil || !bytes.Equal(got, in) {
			t.Fatalf("blosclz round trip of %d bytes: %v", len(in), err)
		}
	})
}
