package codec

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/store/codec/internal/zstdec"
	"github.com/klauspost/compress/zstd"
)

// zstdFrame is one Zstandard frame of a chunk file and its decoded size.
type zstdFrame struct {
	src  []byte
	size int
}

// benchZstdFrames returns the Zstandard frames of the chunk files in
// dir: each file whole, or for Blosc chunks each compressed stream.
func benchZstdFrames(tb testing.TB, dir string) []zstdFrame {
	files, _ := filepath.Glob(filepath.Join(dir, "*.*"))
	var frames []zstdFrame
	for _, f := range files {
		if filepath.Base(f)[0] == '.' {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		if len(b) >= 16 && b[0] == 2 { // Blosc
			frames = append(frames, bloscZstdStreams(b)...)
			continue
		}
		h, err := zstdec.ReadHeader(b)
		if err != nil || !h.HasSize {
			tb.Fatalf("%s: %v", f, err)
		}
		frames = append(frames, zstdFrame{b, int(h.Size)})
	}
	return frames
}

// bloscZstdStreams returns the compressed streams of the Blosc frame b
// (cname zstd, checked by the caller), each with its decoded size.
func bloscZstdStreams(b []byte) []zstdFrame {
	var frames []zstdFrame
	flags, typesize := b[2], int(b[3])
	nbytes := int(binary.LittleEndian.Uint32(b[4:]))
	blocksize := int(binary.LittleEndian.Uint32(b[8:]))
	if flags&bloscFlagMemcpyed != 0 || blocksize == 0 {
		return nil
	}
	nblocks := (nbytes + blocksize - 1) / blocksize
	for j := 0; j < nblocks; j++ {
		bsize := min(blocksize, nbytes-j*blocksize)
		last := j == nblocks-1 && bsize < blocksize
		nsplits := 1
		if flags&bloscFlagDontSplit == 0 && typesize <= bloscMaxSplits && bsize/typesize >= bloscMinBuffer && !last {
			nsplits = typesize
		}
		off := int(binary.LittleEndian.Uint32(b[16+4*j:]))
		for k := 0; k < nsplits; k++ {
			n := int(binary.LittleEndian.Uint32(b[off:]))
			if n != bsize/nsplits {
				frames = append(frames, zstdFrame{b[off+4 : off+4+n], bsize / nsplits})
			}
			off += 4 + n
		}
	}
	return frames
}

var zstdBenchDirs = map[string]string{
	"survey/blosc-zstd-bitshuffle":      "/tmp/chunkwise_bench_cache/survey/r-blosc-zstd-bitshuffle.zarr",
	"survey_dask/blosc-zstd-bitshuffle": "/tmp/chunkwise_bench_cache/survey_dask/r-blosc-zstd-bitshuffle.zarr",
	"survey/zstd":                       "/tmp/chunkwise_bench_cache/survey/r-zstd.zarr",
	"survey_dask/zstd":                  "/tmp/chunkwise_bench_cache/survey_dask/r-zstd.zarr",
}

// zstdSpeedSets returns the frames the decoders are timed on: every frame
// of the survey's Zstandard arrays (when /tmp/chunkwise_bench_cache holds
// them), and the test inputs of 64 KiB or more at levels 1, 3 and 9.
func zstdSpeedSets(tb testing.TB) map[string][]zstdFrame {
	sets := map[string][]zstdFrame{}
	for name, dir := range zstdBenchDirs {
		if _, err := os.Stat(dir); err == nil {
			sets[name] = benchZstdFrames(tb, dir)
		}
	}
	for name, in := range zstdecInputs() {
		if len(in) >= 1<<16 {
			for _, level := range []int{1, 3, 9} {
				enc, _ := zstdEncode(nil, in, level, false)
				sets[fmt.Sprintf("%s/level%d", name, level)] = []zstdFrame{{enc, len(in)}}
			}
		}
	}
	return sets
}

// BenchmarkZstdDecoders decodes every frame of the survey's Zstandard
// arrays (when /tmp/chunkwise_bench_cache holds them), and of the test
// inputs at levels 1, 3 and 9, single-threaded, with klauspost/compress
// (the baseline) and with zstdec, each frame into a buffer of its size
// with Blosc's slack.
func BenchmarkZstdDecoders(b *testing.B) {
	sets := zstdSpeedSets(b)
	klaus, _ := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(MaxDecodedSize), zstd.WithDecodeAllCapLimit(true))
	for name, frames := range sets {
		total, maxSize := 0, 0
		for _, f := range frames {
			total += f.size
			maxSize = max(maxSize, f.size)
		}
		buf := make([]byte, maxSize+bloscSlack)
		b.Run(name+"/klauspost", func(b *testing.B) {
			b.SetBytes(int64(total))
			for b.Loop() {
				for _, f := range frames {
					if _, err := klaus.DecodeAll(f.src, buf[:0:f.size+bloscSlack]); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(name+"/zstdec", func(b *testing.B) {
			var d zstdec.Decoder
			b.SetBytes(int64(total))
			for b.Loop() {
				for _, f := range frames {
					if _, err := d.Decode(buf[:0:f.size+bloscSlack], f.src, f.size); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// TestZstdDecoderSpeed compares the two decoders as BenchmarkZstdDecoders
// does, alternating them pass by pass and keeping each one's fastest
// pass, which a busy machine disturbs least. It runs only when
// ZSTDEC_SPEED is set (to the number of passes).
func TestZstdDecoderSpeed(t *testing.T) {
	passes, _ := strconv.Atoi(os.Getenv("ZSTDEC_SPEED"))
	if passes == 0 {
		t.Skip("set ZSTDEC_SPEED=passes to run")
	}
	sets := zstdSpeedSets(t)
	klaus, _ := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(MaxDecodedSize), zstd.WithDecodeAllCapLimit(true))
	var d zstdec.Decoder
	names := make([]string, 0, len(sets))
	for name := range sets {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		frames := sets[name]
		maxSize := 0
		for _, f := range frames {
			maxSize = max(maxSize, f.size)
		}
		buf := make([]byte, maxSize+bloscSlack)
		reps := max(1, 20<<20/max(1, len(frames)*maxSize))
		best := [2]time.Duration{time.Hour, time.Hour}
		for p := 0; p < passes; p++ {
			for impl := range 2 {
				start := time.Now()
				for range reps {
					for _, f := range frames {
						var err error
						if impl == 0 {
							_, err = klaus.DecodeAll(f.src, buf[:0:f.size+bloscSlack])
						} else {
							_, err = d.Decode(buf[:0:f.size+bloscSlack], f.src, f.size)
						}
						if err != nil {
							t.Fatal(err)
						}
					}
				}
				best[impl] = min(best[impl], time.Since(start)/time.Duration(reps))
			}
		}
		t.Logf("%-36s klauspost %9.3f ms  zstdec %9.3f ms  speedup %.2f", name,
			float64(best[0].Microseconds())/1000, float64(best[1].Microseconds())/1000, float64(best[0])/float64(best[1]))
	}
}
