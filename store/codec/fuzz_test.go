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
		if len(in) > 4<<10 {
			continue // large seeds make each execution, and minimizing, slow
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

func FuzzZstdDecode(f *testing.F) {
	addFixtureSeeds(f, "zstd", Zstd(3), ZstdChecksum(1))
	c := Zstd(3)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, c, data, zstdMaxRatio)
	})
}

func FuzzGzipDecode(f *testing.F) {
	addFixtureSeeds(f, "gzip", Gzip(1))
	c := Gzip(1)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, c, data, zlibMaxRatio)
	})
}

// FuzzZlibDecode checks the zlib codec, and that InflateExact (HDF5's
// deflate filter and Blosc's zlib streams) accepts exactly the streams
// the codec decodes, with the same bytes.
func FuzzZlibDecode(f *testing.F) {
	addFixtureSeeds(f, "zlib", Zlib(1), Zlib(9))
	c := Zlib(1)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, c, data, zlibMaxRatio)
		out, err := c.Decode(data)
		n := len(out)
		if err != nil {
			n = 100
		}
		exact := make([]byte, n)
		xerr := InflateExact(exact, data)
		if (err == nil) != (xerr == nil) || (err == nil && !bytes.Equal(exact, out)) {
			t.Fatalf("Decode: %v; InflateExact into %d bytes: %v", err, n, xerr)
		}
	})
}
