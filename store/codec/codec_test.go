package codec

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// testCodecs returns a spread of codecs covering every compressor,
// shuffle and block layout.
func testCodecs(t testing.TB) map[string]Codec {
	t.Helper()
	m := map[string]Codec{
		"zlib-1": Zlib(1), "zlib-9": Zlib(9), "zlib-default": Zlib(-1), "zlib-0": Zlib(0),
		"gzip-1": Gzip(1), "gzip-9": Gzip(9),
		"lz4-1": LZ4(1), "lz4-0": LZ4(0),
		"zstd-0": Zstd(0), "zstd-1": Zstd(1), "zstd-22": Zstd(22), "zstd-neg": Zstd(-5), "zstd-crc": ZstdChecksum(3),
	}
	for _, cname := range bloscCnames {
		for _, sh := range []Shuffle{NoShuffle, ByteShuffle, BitShuffle, AutoShuffle} {
			for _, ts := range []int{1, 2, 4, 8, 3, 17} {
				for _, clevel := range []int{0, 1, 5, 9} {
					for _, bs := range []int{0, 256} {
						c, err := Blosc(cname, clevel, sh, ts, bs)
						if err != nil {
							t.Fatal(err)
						}
						m[fmt.Sprintf("blosc-%s-%s-t%d-c%d-b%d", cname, sh, ts, clevel, bs)] = c
					}
				}
			}
		}
	}
	return m
}

// testInputs returns random and compressible data of awkward sizes.
func testInputs() map[string][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	m := map[string][]byte{}
	for _, n := range []int{0, 1, 7, 4096, 1<<20 + 3} {
		random := make([]byte, n)
		for i := range random {
			random[i] = byte(rng.Uint32())
		}
		m[fmt.Sprintf("random-%d", n)] = random
		// A smooth float64 series: compressible, and shuffle helps.
		smooth := make([]byte, n)
		for i := 0; i+8 <= n; i += 8 {
			binary.LittleEndian.PutUint64(smooth[i:], math.Float64bits(math.Sin(float64(i)/800)))
		}
		m[fmt.Sprintf("smooth-%d", n)] = smooth
		// Slowly rising counts as float64: very compressible.
		ramp := make([]byte, n)
		for i := 0; i+8 <= n; i += 8 {
			binary.LittleEndian.PutUint64(ramp[i:], math.Float64bits(float64(i/512)))
		}
		m[fmt.Sprintf("ramp-%d", n)] = ramp
	}
	return m
}

func TestRoundTrip(t *testing.T) {
	codecs := testCodecs(t)
	inputs := testInputs()
	for cname, c := range codecs {
		for iname, in := range inputs {
			// The 1 MiB inputs go through a cross-section of the Blosc matrix.
			if len(in) > 1<<16 && strings.HasPrefix(cname, "blosc") &&
				!(strings.Contains(cname, "c5-b0") && (strings.Contains(cname, "-t8-") || strings.Contains(cname, "-t1-") || strings.Contains(cname, "-t17-"))) {
				continue
			}
			enc, err := c.Encode(in)
			if err != nil {
				t.Errorf("%s/%s: Encode: %v", cname, iname, err)
				continue
			}
			got, err := c.Decode(enc)
			if err != nil {
				t.Errorf("%s/%s: Decode: %v", cname, iname, err)
				continue
			}
			if !bytes.Equal(got, in) {
				t.Errorf("%s/%s: round trip differs", cname, iname)
			}
		}
	}
}

// TestCompresses checks that compressible data does shrink, so that a
// codec silently storing everything would be caught.
func TestCompresses(t *testing.T) {
	in := testInputs()["ramp-1048579"]
	for _, c := range []Codec{Zlib(1), Gzip(1), LZ4(1), Zstd(1),
		mustBlosc(t, "lz4", 5, ByteShuffle, 8, 0), mustBlosc(t, "blosclz", 5, BitShuffle, 8, 0),
		mustBlosc(t, "zstd", 5, ByteShuffle, 8, 0), mustBlosc(t, "zlib", 5, ByteShuffle, 8, 0),
		mustBlosc(t, "lz4hc", 5, ByteShuffle, 8, 0), mustBlosc(t, "snappy", 5, ByteShuffle, 8, 0)} {
		enc, err := c.Encode(in)
		if err != nil {
			t.Fatal(err)
		}
		if len(enc) > len(in)/4 {
			t.Errorf("%v: %d bytes encoded to %d", Config(c), len(in), len(enc))
		}
	}
}

func mustBlosc(t testing.TB, cname string, clevel int, sh Shuffle, typesize, blocksize int) *BloscCodec {
	t.Helper()
	c, err := Blosc(cname, clevel, sh, typesize, blocksize)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestShuffleInverse(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, ts := range []int{1, 2, 3, 4, 5, 8, 16, 255} {
		for _, n := range []int{0, 1, 7, 8, 64, 1000, 4096 + 5, 8192, 8192*3 + 3} {
			src := make([]byte, n)
			for i := range src {
				src[i] = byte(rng.Uint32())
			}
			mid, back := make([]byte, n), make([]byte, n)
			ShuffleBytes(mid, src, ts)
			UnshuffleBytes(back, mid, ts)
			if !bytes.Equal(back, src) {
				t.Errorf("byte shuffle typesize %d size %d: not inverse", ts, n)
			}
			// Reference loop from the doc comment.
			ne := n / ts
			want := append([]byte(nil), src...)
			for j := 0; j < ts; j++ {
				for i := 0; i < ne; i++ {
					want[j*ne+i] = src[i*ts+j]
				}
			}
			if !bytes.Equal(mid, want) {
				t.Errorf("byte shuffle typesize %d size %d: differs from the reference loop", ts, n)
			}
			bitshuffle(mid, src, make([]byte, len(src)), ts)
			bitunshuffle(back, mid, make([]byte, len(mid)), ts)
			if !bytes.Equal(back, src) {
				t.Errorf("bitshuffle typesize %d size %d: not inverse", ts, n)
			}
			// Reference: plane 8j+b, element i at bit i%8 of byte i/8.
			if ne%8 == 0 {
				want := append([]byte(nil), src...)
				clear(want[:ne*ts])
				for i := 0; i < ne; i++ {
					for j := 0; j < ts; j++ {
						for b := 0; b < 8; b++ {
							bit := src[i*ts+j] >> b & 1
							want[(8*j+b)*(ne/8)+i/8] |= bit << (i % 8)
						}
					}
				}
				if !bytes.Equal(mid, want) {
					t.Errorf("bitshuffle typesize %d size %d: differs from the reference loop", ts, n)
				}
			}
		}
	}
}

// TestBloscBlocksize checks compute_blocksize against values worked out
// by hand from c-blosc 1.21's rules (and confirmed with numcodecs 0.11).
func TestBloscBlocksize(t *testing.T) {
	tests := []struct {
		cname                           string
		clevel, typesize, nbytes, force int
		want                            int
	}{
		{"lz4", 5, 8, 8 << 20, 0, 1 << 20},        // 128K*8 capped at 1 MiB
		{"lz4", 5, 4, 8 << 20, 0, 512 << 10},      // 128K*4
		{"lz4", 1, 1, 8 << 20, 0, 64 << 10},       // 16K*1 raised to 64K
		{"lz4", 9, 2, 8 << 20, 0, 512 << 10},      // 256K*2
		{"zstd", 5, 8, 8 << 20, 0, 256 << 10},     // HCR, no split: 64K*4
		{"zstd", 9, 8, 8 << 20, 0, 1 << 20},       // 64K*8*2
		{"zlib", 3, 8, 8 << 20, 0, 1 << 20},       // 64K*2=128K, split → *8
		{"lz4", 0, 8, 8 << 20, 0, 8 << 10},        // clevel 0: L1/4
		{"lz4", 5, 8, 4000, 0, 4000},              // small buffer
		{"lz4", 5, 3, 1000, 0, 999},               // multiple of typesize
		{"lz4", 5, 8, 5, 0, 1},                    // nbytes < typesize
		{"lz4", 5, 4, 4000, 256, 256},             // forced 256: 64 elements < 128, no split
		{"lz4", 5, 1, 100000, 256, 65536},         // forced 256, typesize 1: split → 64K
		{"zstd", 5, 1, 100000, 256, 256},          // zstd never splits
		{"lz4", 5, 32, 8 << 20, 0, 128 << 10},     // typesize > 16: no split
		{"blosclz", 5, 8, 100, 0, 96},             // tiny
		{"lz4", 5, 16, 1 << 30, 1 << 30, 1 << 20}, // forced huge, split caps at 1 MiB
	}
	for _, tt := range tests {
		code := -1
		for i, n := range bloscCnames {
			if n == tt.cname {
				code = i
			}
		}
		got := bloscComputeBlocksize(code, tt.clevel, tt.typesize, tt.nbytes, tt.force)
		if got != tt.want {
			t.Errorf("blocksize(%s, clevel %d, typesize %d, nbytes %d, forced %d) = %d, want %d",
				tt.cname, tt.clevel, tt.typesize, tt.nbytes, tt.force, got, tt.want)
		}
	}
}

func TestBloscStoredWhenIncompressible(t *testing.T) {
	in := testInputs()["random-4096"]
	c := mustBlosc(t, "lz4", 5, ByteShuffle, 8, 0)
	enc, err := c.Encode(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(enc) != len(in)+16 || enc[2]&bloscFlagMemcpyed == 0 {
		t.Errorf("random data: %d bytes, flags %#x; want %d bytes stored", len(enc), enc[2], len(in)+16)
	}
	nbytes, cbytes, _, err := BloscSizes(enc)
	if err != nil || nbytes != len(in) || cbytes != len(enc) {
		t.Errorf("BloscSizes = %d, %d, %v", nbytes, cbytes, err)
	}
}

// TestCorrupt checks that truncated and damaged inputs give ErrCorrupt
// (or ErrUnsupported) and never panic or return data.
func TestCorrupt(t *testing.T) {
	in := testInputs()["smooth-4096"]
	codecs := map[string]Codec{
		"zlib": Zlib(1), "gzip": Gzip(1), "lz4": LZ4(1), "zstd": ZstdChecksum(1),
		"blosc-lz4":     mustBlosc(t, "lz4", 5, ByteShuffle, 8, 0),
		"blosc-blosclz": mustBlosc(t, "blosclz", 5, BitShuffle, 8, 0),
		"blosc-zstd":    mustBlosc(t, "zstd", 5, ByteShuffle, 8, 0),
		"blosc-zlib":    mustBlosc(t, "zlib", 5, NoShuffle, 8, 256),
		"blosc-snappy":  mustBlosc(t, "snappy", 5, ByteShuffle, 8, 0),
	}
	for name, c := range codecs {
		enc, err := c.Encode(in)
		if err != nil {
			t.Fatal(err)
		}
		for _, cut := range []int{0, 1, 3, 4, 15, 16, 17, len(enc) / 2, len(enc) - 1} {
			got, err := c.Decode(enc[:cut])
			if err == nil {
				t.Errorf("%s: truncated to %d of %d bytes: no error (%d bytes)", name, cut, len(enc), len(got))
			} else if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnsupported) {
				t.Errorf("%s: truncated to %d: error %v is neither ErrCorrupt nor ErrUnsupported", name, cut, err)
			}
		}
		// Flip bytes one at a time; decoding must not panic, and if it
		// succeeds it must be for a byte that does not matter.
		for i := 0; i < len(enc); i += 7 {
			bad := append([]byte(nil), enc...)
			bad[i] ^= 0x5a
			_, _ = c.Decode(bad)
		}
	}
	// Headers that lie about sizes.
	blosc := mustBlosc(t, "lz4", 5, ByteShuffle, 8, 0)
	enc, _ := blosc.Encode(in)
	for name, mutate := range map[string]func(b []byte){
		"huge nbytes":    func(b []byte) { binary.LittleEndian.PutUint32(b[4:], 0x7fffffff) },
		"zero blocksize": func(b []byte) { binary.LittleEndian.PutUint32(b[8:], 0) },
		"huge cbytes":    func(b []byte) { binary.LittleEndian.PutUint32(b[12:], 1<<30) },
		"version 3":      func(b []byte) { b[0] = 3 },
		"reserved flag":  func(b []byte) { b[2] |= bloscFlagReserved },
		"format 7":       func(b []byte) { b[2] |= 7 << 5 },
		"typesize 0":     func(b []byte) { b[3] = 0 },
		"bad bstart":     func(b []byte) { binary.LittleEndian.PutUint32(b[16:], 1<<30) },
	} {
		bad := append([]byte(nil), enc...)
		mutate(bad)
		if _, err := blosc.Decode(bad); err == nil {
			t.Errorf("blosc %s: no error", name)
		}
	}
	lz4enc, _ := LZ4(1).Encode(in)
	binary.LittleEndian.PutUint32(lz4enc, 1<<30)
	if _, err := LZ4(1).Decode(lz4enc); !errors.Is(err, ErrCorrupt) {
		t.Errorf("lz4 with a lying size: %v", err)
	}
}

func TestEmpty(t *testing.T) {
	for name, c := range testCodecs(t) {
		enc, err := c.Encode(nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := c.Decode(enc)
		if err != nil || len(got) != 0 {
			t.Errorf("%s: Decode(Encode(empty)) = %d bytes, %v", name, len(got), err)
		}
	}
	// numcodecs' LZ4 of empty input: size 0 and one zero token.
	if enc, _ := LZ4(1).Encode(nil); !bytes.Equal(enc, []byte{0, 0, 0, 0, 0}) {
		t.Errorf("LZ4 empty = % x", enc)
	}
}

func TestLookupConfig(t *testing.T) {
	configs := []string{
		`{"id":"blosc","cname":"lz4","clevel":5,"shuffle":1,"blocksize":0}`,
		`{"id":"blosc","cname":"zstd","clevel":3,"shuffle":2,"blocksize":256}`,
		`{"id":"blosc","cname":"blosclz","clevel":9,"shuffle":-1,"blocksize":0}`,
		`{"id":"zlib","level":1}`,
		`{"id":"gzip","level":9}`,
		`{"id":"lz4","acceleration":1}`,
		`{"id":"zstd","level":1}`,
		`{"id":"zstd","level":22,"checksum":true}`,
	}
	for _, s := range configs {
		var cfg map[string]any
		if err := json.Unmarshal([]byte(s), &cfg); err != nil {
			t.Fatal(err)
		}
		c, err := Lookup("", cfg)
		if err != nil {
			t.Errorf("Lookup(%s): %v", s, err)
			continue
		}
		out, err := json.Marshal(Config(c))
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		_ = json.Unmarshal(out, &got)
		if fmt.Sprint(got) != fmt.Sprint(cfg) {
			t.Errorf("Config(Lookup(%s)) = %s", s, out)
		}
	}
	// Defaults, zarr v3 shuffle names and typesize.
	c, err := Lookup("blosc", map[string]any{"cname": "zstd", "clevel": 3, "shuffle": "bitshuffle", "typesize": 4})
	if err != nil {
		t.Fatal(err)
	}
	if b := c.(*BloscCodec); b.Shuffle() != BitShuffle || b.Typesize() != 4 || b.Blocksize() != 0 {
		t.Errorf("zarr v3 blosc config: %+v", b)
	}
	if c, err := Lookup("zstd", nil); err != nil || c.(*ZstdCodec).Level() != 0 {
		t.Errorf("zstd defaults: %v %v", c, err)
	}
	for _, bad := range []map[string]any{
		{"id": "snappy"},
		{"id": "blosc", "cname": "brotli"},
		{"id": "blosc", "clevel": 10},
		{"id": "blosc", "shuffle": 3},
		{"id": "blosc", "clevel": "5"},
		{"id": "zlib", "level": 1.5},
		{"id": "zlib", "lvl": 1},
		{"cname": "lz4"},
		{"id": 3},
	} {
		if _, err := Lookup("", bad); err == nil {
			t.Errorf("Lookup(%v): no error", bad)
		}
	}
	if _, err := Lookup("", map[string]any{"id": "snappy"}); err == nil || !strings.Contains(err.Error(), `"snappy"`) {
		t.Errorf("unknown id error %v does not name the id", err)
	}
	if Config(nil) != nil {
		t.Error("Config(nil) != nil")
	}
}

func TestZlibBadLevel(t *testing.T) {
	if _, err := Zlib(12).Encode([]byte("x")); err == nil {
		t.Error("zlib level 12: no error")
	}
}

// TestZstdNoContentSize decodes a frame written by the streaming encoder,
// which has no content size in its header.
func TestZstdNoContentSize(t *testing.T) {
	in := testInputs()["smooth-4096"]
	enc, err := zstdStreamEncode(in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Zstd(1).Decode(enc)
	if err != nil || !bytes.Equal(got, in) {
		t.Errorf("frame without content size: %v", err)
	}
	// Two concatenated frames decode to both contents.
	got, err = Zstd(1).Decode(append(append([]byte(nil), enc...), enc...))
	if err != nil || !bytes.Equal(got, append(append([]byte(nil), in...), in...)) {
		t.Errorf("concatenated frames: %v", err)
	}
}

// TestVerbatim checks that LZ4 and Blosc report where an incompressible
// input lies unchanged in its encoding, and report nothing for encodings
// that are compressed, truncated, padded or of another size.
func TestVerbatim(t *testing.T) {
	zeros := make([]byte, 100000)
	for name, c := range map[string]Codec{"lz4": LZ4(1), "blosc": mustBlosc(t, "lz4", 5, ByteShuffle, 8, 0)} {
		v := c.(Verbatim)
		for in, data := range testInputs() {
			if len(data) == 0 {
				continue
			}
			enc, err := c.Encode(data)
			if err != nil {
				t.Fatal(err)
			}
			head := enc[:min(v.VerbatimHead(len(data)), len(enc))]
			off, ok := v.VerbatimAt(head, len(enc), len(data))
			if ok != (len(enc)-off == len(data) && bytes.Equal(enc[off:], data)) {
				t.Errorf("%s %s: VerbatimAt = %d, %v for a %d-byte encoding of %d bytes", name, in, off, ok, len(enc), len(data))
			}
			if strings.HasPrefix(in, "random") && len(data) >= 1000 && !ok {
				t.Errorf("%s %s: incompressible data not reported verbatim", name, in)
			}
			if ok {
				if _, bad := v.VerbatimAt(head, len(enc)-1, len(data)); bad {
					t.Errorf("%s %s: truncated encoding reported verbatim", name, in)
				}
				if _, bad := v.VerbatimAt(head, len(enc)+1, len(data)); bad {
					t.Errorf("%s %s: padded encoding reported verbatim", name, in)
				}
				if _, bad := v.VerbatimAt(head, len(enc), len(data)+1); bad {
					t.Errorf("%s %s: wrong decoded size reported verbatim", name, in)
				}
			}
		}
		enc, _ := c.Encode(zeros)
		if _, ok := v.VerbatimAt(enc[:min(v.VerbatimHead(len(zeros)), len(enc))], len(enc), len(zeros)); ok {
			t.Errorf("%s: compressed zeros reported verbatim", name)
		}
	}
}
