package codec

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkBitunshuffle256K times the bit unshuffle of one 256 KiB blosc
// block (c-blosc's block size for zstd at clevel 5 and typesize 8) for
// the typesizes blosc meets most, beside the naive reference loop.
func BenchmarkBitunshuffle256K(b *testing.B) {
	data := benchData()[:256<<10]
	dst, tmp := make([]byte, len(data)), make([]byte, len(data))
	for _, ts := range []int{1, 2, 4, 8, 16} {
		src := make([]byte, len(data))
		bitshuffle(src, data, tmp, ts)
		b.Run(fmt.Sprintf("Typesize%d", ts), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				bitunshuffle(dst, src, tmp, ts)
			}
		})
	}
	b.Run("NaiveTypesize8", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			naiveBitunshuffle(dst, data, 8)
		}
	})
}

// BenchmarkBitshuffle256K is BenchmarkBitunshuffle256K's encode side.
func BenchmarkBitshuffle256K(b *testing.B) {
	data := benchData()[:256<<10]
	dst, tmp := make([]byte, len(data)), make([]byte, len(data))
	for _, ts := range []int{1, 2, 4, 8, 16} {
		b.Run(fmt.Sprintf("Typesize%d", ts), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				bitshuffle(dst, data, tmp, ts)
			}
		})
	}
}

// BenchmarkBloscBitshuffleDir decodes, on one goroutine, every chunk of
// the Zarr v2 array of blosc frames named by $CHUNKWISE_BLOSC_DIR
// (default: the survey's zstd+bitshuffle float64 array, when present).
func BenchmarkBloscBitshuffleDir(b *testing.B) {
	dir := os.Getenv("CHUNKWISE_BLOSC_DIR")
	if dir == "" {
		dir = "/tmp/chunkwise_bench_cache/survey/r-blosc-zstd-bitshuffle.zarr"
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Skipf("no chunk directory: %v", err)
	}
	var frames [][]byte
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		f, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		frames = append(frames, f)
	}
	c, err := Lookup("blosc", nil)
	if err != nil {
		b.Fatal(err)
	}
	var dst []byte
	var total int64
	for _, f := range frames {
		out, err := c.(DecoderTo).DecodeTo(dst, f)
		if err != nil {
			b.Fatal(err)
		}
		total += int64(len(out))
	}
	b.SetBytes(total)
	for b.Loop() {
		for _, f := range frames {
			if dst, err = c.(DecoderTo).DecodeTo(dst, f); err != nil {
				b.Fatal(err)
			}
		}
	}
}
