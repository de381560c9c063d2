package codec

import (
	"encoding/binary"
	"math"
	"testing"
)

// benchData is 8 MiB of float64: a smooth signal rounded to 3 decimals,
// typical of instrument data that shuffling makes compressible.
func benchData() []byte {
	const n = 1 << 20
	b := make([]byte, 8*n)
	for i := 0; i < n; i++ {
		v := math.Round(1000*(math.Sin(float64(i)/1000)+0.1*math.Sin(float64(i)/7))) / 1000
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	return b
}

func benchCodecs(b *testing.B) map[string]Codec {
	return map[string]Codec{
		"LZ4":            LZ4(1),
		"BloscLZ4":       mustBlosc(b, "lz4", 5, ByteShuffle, 8, 0),
		"BloscLZ4Bit":    mustBlosc(b, "lz4", 5, BitShuffle, 8, 0),
		"BloscZstd":      mustBlosc(b, "zstd", 5, ByteShuffle, 8, 0),
		"BloscBlosclz":   mustBlosc(b, "blosclz", 5, ByteShuffle, 8, 0),
		"BloscNoShuffle": mustBlosc(b, "lz4", 5, NoShuffle, 8, 0),
		"Zstd":           Zstd(1),
		"Zlib":           Zlib(1),
	}
}

func BenchmarkDecode8MB(b *testing.B) {
	data := benchData()
	for name, c := range benchCodecs(b) {
		enc, err := c.Encode(data)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			dst := make([]byte, len(data))
			b.SetBytes(int64(len(data)))
			b.ReportMetric(float64(len(data))/float64(len(enc)), "ratio")
			for b.Loop() {
				if _, err := c.(DecoderTo).DecodeTo(dst, enc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEncode8MB(b *testing.B) {
	data := benchData()
	for name, c := range benchCodecs(b) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := c.Encode(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkShuffle8MB compares the byte shuffle kernels with the naive
// reference loop.
func BenchmarkShuffle8MB(b *testing.B) {
	data := benchData()
	dst := make([]byte, len(data))
	b.Run("Unshuffle8", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			UnshuffleBytes(dst, data, 8)
		}
	})
	b.Run("Bitunshuffle8", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			bitunshuffle(dst, data, make([]byte, len(data)), 8)
		}
	})
	b.Run("NaiveUnshuffle8", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		n := len(data) / 8
		for b.Loop() {
			for i := 0; i < n; i++ {
				for j := 0; j < 8; j++ {
					dst[i*8+j] = data[j*n+i]
				}
			}
		}
	})
}
