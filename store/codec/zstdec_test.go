package codec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// zstdecInputs returns inputs for the Zstandard decoder tests: the
// package's test inputs, text-like bytes, zeros, integers and
// bit-shuffled float64 data.
func zstdecInputs() map[string][]byte {
	m := testInputs()
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"chunk ", "zarr ", "array ", "of ", "float64 ", "the ", "dask\n", "blosc, "}
	var text []byte
	for len(text) < 300000 {
		text = append(text, words[rng.IntN(len(words))]...)
	}
	m["text-300000"] = text
	m["zeros-200000"] = make([]byte, 200000)
	ints := make([]byte, 400000)
	for i := 0; i < len(ints); i += 4 {
		binary.LittleEndian.PutUint32(ints[i:], uint32(i/4+rng.IntN(8)))
	}
	m["ints-400000"] = ints
	f := make([]byte, 800000)
	x := 0.0
	for i := 0; i < len(f); i += 8 {
		x += rng.NormFloat64() * 0.001
		binary.LittleEndian.PutUint64(f[i:], math.Float64bits(100+x))
	}
	m["float64-800000"] = f
	bs := make([]byte, len(f))
	tmp := make([]byte, len(f))
	bitshuffle(bs, f, tmp, 8)
	m["bitshuffled-800000"] = bs
	return m
}

// TestZstdCFrames decodes frames written by libzstd through numcodecs
// (Zstd at levels from -7 to 22, and Blosc with cname zstd) and by the
// zstd command (with checksums, without content sizes, long windows),
// and compares with the inputs byte for byte.
func TestZstdCFrames(t *testing.T) {
	requireNumcodecs(t)
	dir := t.TempDir()
	inputs := zstdecInputs()
	for name, in := range inputs {
		if err := os.WriteFile(filepath.Join(dir, name+".raw"), in, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command(python, "testdata/zstdframes.py", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("zstdframes.py: %v\n%s", err, out)
	}
	t.Logf("numcodecs: %s", lastLine(out))
	encs, _ := filepath.Glob(filepath.Join(dir, "*.enc"))
	if len(encs) == 0 {
		t.Fatal("no frames written")
	}
	ref, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
	if err != nil {
		t.Fatal(err)
	}
	streams := 0
	for _, path := range encs {
		base := filepath.Base(path)
		name := base[:strings.Index(base, ".")]
		enc, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(base, ".blosc.") {
			// Each zstd stream of the Blosc frame, by both decoders.
			got, err := mustBlosc(t, "zstd", 5, NoShuffle, 1, 0).Decode(enc)
			if err != nil || !bytes.Equal(got, inputs[name]) {
				t.Errorf("%s: Blosc: %v", base, err)
			}
			for k, f := range bloscZstdStreams(enc) {
				want, werr := ref.DecodeAll(f.src, nil)
				got := make([]byte, f.size)
				if err := zstdDecompressExact(got, f.src); err != nil || werr != nil || !bytes.Equal(got, want) {
					t.Errorf("%s: stream %d: %v (klauspost: %v)", base, k, err, werr)
				}
				streams++
			}
			continue
		}
		got, err := Zstd(0).DecodeTo(nil, enc)
		if err != nil || !bytes.Equal(got, inputs[name]) {
			t.Errorf("%s: %v (equal %v)", base, err, bytes.Equal(got, inputs[name]))
		}
	}
	t.Logf("%d numcodecs frames, %d Blosc zstd streams", len(encs), streams)

	// The zstd command: checksums, streams without a content size, long
	// windows, and several frames one after another.
	zstdCmd, err := exec.LookPath("zstd")
	if testing.Short() {
		return
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no zstd command (make setup installs Debian's zstd): %v", err)
		}
		t.Logf("no zstd command: %v", err)
		return
	}
	n := 0
	for name, in := range inputs {
		for _, args := range [][]string{
			{"--fast=5"}, {"-1"}, {"-3", "--no-check"}, {"-19"}, {"--ultra", "-22"},
			{"-3", "--long=24"}, {"-9", "--no-content-size"},
		} {
			if (args[0] == "-19" || args[0] == "--ultra") && len(in) > 300000 {
				continue // slow to write, and the small inputs cover them
			}
			cmd := exec.Command(zstdCmd, append([]string{"-q", "-c"}, args...)...)
			cmd.Stdin = bytes.NewReader(in)
			enc, err := cmd.Output()
			if err != nil {
				t.Fatalf("zstd %v: %v", args, err)
			}
			got, err := Zstd(0).DecodeTo(nil, append(append([]byte(nil), enc...), enc...))
			if err != nil || !bytes.Equal(got, append(append([]byte(nil), in...), in...)) {
				t.Errorf("%s, zstd %v, two frames: %v", name, args, err)
			}
			n++
		}
	}
	t.Logf("%d zstd command frames", n)
}

// TestZstdDifferential compares the decoder with klauspost/compress's
// on frames of random data and options, and on corrupted copies of
// them: both must agree on the content, and on whether a frame decodes
// (up to the documented differences below).
func TestZstdDifferential(t *testing.T) {
	ref, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(MaxDecodedSize))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	inputs := zstdecInputs()
	var names []string
	for name := range inputs {
		names = append(names, name)
	}
	slices.Sort(names) // the same frames and corruptions every run
	iters := 300
	if testing.Short() {
		iters = 50
	}
	agreeErr, disagree, libAgrees := 0, 0, 0
	for it := 0; it < iters; it++ {
		in := inputs[names[rng.IntN(len(names))]]
		if len(in) > 0 {
			a := rng.IntN(len(in))
			in = in[a : a+rng.IntN(min(len(in)-a, 1<<18)+1)]
		}
		level := zstd.EncoderLevel(1 + rng.IntN(4))
		opts := []zstd.EOption{zstd.WithEncoderLevel(level), zstd.WithEncoderCRC(rng.IntN(2) == 0),
			zstd.WithEncoderConcurrency(1), zstd.WithZeroFrames(true), zstd.WithWindowSize(1 << (10 + rng.IntN(12)))}
		if rng.IntN(2) == 0 {
			opts = append(opts, zstd.WithSingleSegment(true))
		}
		e, err := zstd.NewWriter(nil, opts...)
		if err != nil {
			t.Fatal(err)
		}
		frame := e.EncodeAll(in, nil)
		got, err := Zstd(0).DecodeTo(nil, frame)
		if err != nil || !bytes.Equal(got, in) {
			t.Fatalf("iteration %d: %d bytes, level %v: %v", it, len(in), level, err)
		}
		// Corrupt copies: flipped bits, changed bytes, truncations.
		for k := 0; k < 20; k++ {
			bad := append([]byte(nil), frame...)
			switch rng.IntN(3) {
			case 0:
				p := rng.IntN(len(bad))
				bad[p] ^= 1 << rng.IntN(8)
			case 1:
				p := rng.IntN(len(bad))
				bad[p] = byte(rng.Uint32())
			default:
				bad = bad[:rng.IntN(len(bad))]
			}
			got, err := Zstd(0).DecodeTo(nil, bad)
			want, rerr := ref.DecodeAll(bad, nil)
			if err != nil && !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			switch {
			case err == nil && rerr == nil:
				if !bytes.Equal(got, want) {
					t.Fatalf("iteration %d: both decode a corrupt frame, to different bytes", it)
				}
			case (err == nil) != (rerr == nil):
				// klauspost ignores 1 to 3 bytes after the last frame,
				// where this decoder, as libzstd, reports them.
				disagree++
				if testing.Verbose() && disagree < 40 {
					t.Logf("only this decoder refuses: %v", err)
				}
				if err == nil { // libzstd decides: klauspost is stricter in places
					lib, lerr := libzstdDecode(t, bad)
					if lerr != nil || !bytes.Equal(got, lib) {
						t.Errorf("iteration %d: decoded a frame klauspost refuses (%v) and libzstd decodes to other bytes or refuses (%v): % x",
							it, rerr, lerr, bad[:min(len(bad), 64)])
					}
					libAgrees++
				}
			default:
				agreeErr++
			}
		}
	}
	t.Logf("%d frames; corrupt copies: %d refused by both, %d refused by this decoder only, %d by klauspost only (libzstd decodes them as this decoder does)",
		iters, agreeErr, disagree-libAgrees, libAgrees)
}

// libzstdDecode decodes src with the zstd command (libzstd). Without the
// command the test fails: only libzstd can say whether a frame that
// klauspost's decoder refuses is corrupt.
func libzstdDecode(t *testing.T, src []byte) ([]byte, error) {
	t.Helper()
	zstdCmd, err := exec.LookPath("zstd")
	if err != nil {
		t.Fatalf("no zstd command (make setup installs Debian's zstd): %v", err)
	}
	cmd := exec.Command(zstdCmd, "-q", "-d", "-c")
	cmd.Stdin = bytes.NewReader(src)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return out.Bytes(), nil
}

// TestZstdExactGuard decodes into the start of a larger buffer whose
// capacity is cut at the content's size, and checks that nothing past it
// changes.
func TestZstdExactGuard(t *testing.T) {
	for name, in := range zstdecInputs() {
		if len(in) == 0 {
			continue
		}
		for _, level := range []int{-5, 1, 3, 9, 19} {
			enc, err := Zstd(level).Encode(in)
			if err != nil {
				t.Fatal(err)
			}
			big := make([]byte, len(in)+256)
			for i := range big {
				big[i] = 0xA5
			}
			if err := zstdDecompressExact(big[:len(in):len(in)], enc); err != nil {
				t.Fatalf("%s level %d: %v", name, level, err)
			}
			if !bytes.Equal(big[:len(in)], in) {
				t.Fatalf("%s level %d: wrong content", name, level)
			}
			for i, b := range big[len(in):] {
				if b != 0xA5 {
					t.Fatalf("%s level %d: byte %d past the buffer changed", name, level, i)
				}
			}
			// One byte short, one byte long: refused.
			if err := zstdDecompressExact(make([]byte, len(in)-1), enc); !errors.Is(err, ErrCorrupt) {
				t.Errorf("%s: a buffer one byte short: %v", name, err)
			}
			if err := zstdDecompressExact(make([]byte, len(in)+1), enc); !errors.Is(err, ErrCorrupt) {
				t.Errorf("%s: a buffer one byte long: %v", name, err)
			}
		}
	}
}

// TestZstdDictionaryRefused checks that a frame naming a dictionary is
// refused, as by klauspost's decoder, with an error saying so.
func TestZstdDictionaryRefused(t *testing.T) {
	enc, _ := Zstd(3).Encode([]byte("some bytes, some bytes"))
	// Set Dictionary_ID_flag to 1 and insert a one-byte ID.
	h := enc[4]
	bad := append(append(append([]byte(nil), enc[:4]...), h|1), enc[5:6]...)
	if h&32 == 0 {
		bad = append(bad, 7)
		bad = append(bad, enc[6:]...)
	} else {
		bad = append(append(bad[:5], 7), enc[5:]...)
	}
	_, err := Zstd(0).DecodeTo(nil, bad)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "dictionar") {
		t.Errorf("dictionary frame: %v", err)
	}
}

// FuzzZstdecDifferential decodes with zstdec and with klauspost/compress
// and checks that they agree: on the bytes whenever both decode, and on
// whether the input decodes except where klauspost ignores 1 to 3 bytes
// after the last frame. It also decodes into a buffer of the content's
// exact size.
func FuzzZstdecDifferential(f *testing.F) {
	addFixtureSeeds(f, "zstd", Zstd(3), ZstdChecksum(1), Zstd(-5), Zstd(19))
	ref, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(MaxDecodedSize))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Zstd(0).DecodeTo(nil, data)
		if err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("error %v does not wrap ErrCorrupt", err)
		}
		if err == nil && len(got) > zstdMaxRatio*len(data)+64 {
			t.Fatalf("%d bytes decoded to %d", len(data), len(got))
		}
		want, rerr := ref.DecodeAll(data, nil)
		switch {
		case err == nil && rerr == nil:
			if !bytes.Equal(got, want) {
				t.Fatalf("the decoders disagree on the content")
			}
		case err == nil:
			t.Fatalf("decodes what klauspost refuses (%v)", rerr)
		case rerr == nil:
			if !strings.Contains(err.Error(), "too short for a frame") {
				t.Fatalf("refuses (%v) what klauspost decodes", err)
			}
		}
		if err == nil && len(got) > 0 {
			// Into a buffer of exactly the content's size: it decodes the
			// same, unless the first frame's header gives only a part of
			// it (several frames).
			exact := make([]byte, len(got))
			xerr := zstdDecompressExact(exact, data)
			if xerr != nil && !strings.Contains(xerr.Error(), "holds") || xerr == nil && !bytes.Equal(exact, got) {
				t.Fatalf("exact decode: %v", xerr)
			}
		}
	})
}
