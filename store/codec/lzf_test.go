package codec

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
)

// lzfCompress is a greedy LZF compressor, the format of liblzf's
// lzf_compress (literal runs of up to 32 bytes, references of 3 to 264
// bytes at distances up to 8192), for the tests only: HDF5 files from
// h5py test the decoder against liblzf itself (store/hdf5).
func lzfCompress(src []byte) []byte {
	var out, lit []byte
	flush := func() {
		for len(lit) > 0 {
			n := min(len(lit), 32)
			out = append(out, byte(n-1))
			out = append(out, lit[:n]...)
			lit = lit[n:]
		}
	}
	last := map[[3]byte]int{}
	for i := 0; i < len(src); {
		if i+3 <= len(src) {
			k := [3]byte{src[i], src[i+1], src[i+2]}
			if j, ok := last[k]; ok && i-j <= 8192 {
				n := 3
				for i+n < len(src) && n < 264 && src[j+n] == src[i+n] {
					n++
				}
				flush()
				off := i - j - 1
				if n-2 < 7 {
					out = append(out, byte((n-2)<<5|off>>8), byte(off))
				} else {
					out = append(out, byte(7<<5|off>>8), byte(n-2-7), byte(off))
				}
				for p := i; p < i+n && p+3 <= len(src); p++ {
					last[[3]byte{src[p], src[p+1], src[p+2]}] = p
				}
				i += n
				continue
			}
			last[k] = i
		}
		lit = append(lit, src[i])
		i++
	}
	flush()
	return out
}

// TestLZFExact round-trips random, repetitive and patterned data (runs
// that overlap their source, the longest references, the farthest
// distances) through LZFExact, checks a hand-made stream, and that
// truncated, extended and damaged streams are errors wrapping ErrCorrupt,
// never a panic or a write past dst.
func TestLZFExact(t *testing.T) {
	// "abcabcabcab": 3 literals, then a reference of 8 at distance 3.
	got := make([]byte, 11)
	if err := LZFExact(got, []byte{2, 'a', 'b', 'c', 6 << 5, 2}); err != nil || string(got) != "abcabcabcab" {
		t.Fatalf("hand-made stream: %q, %v", got, err)
	}
	r := rand.New(rand.NewPCG(21, 22))
	for trial := range 200 {
		n := r.IntN(20000)
		src := make([]byte, n)
		switch trial % 4 {
		case 0:
			for i := range src {
				src[i] = byte(r.Uint32())
			}
		case 1: // a few symbols: many short references
			for i := range src {
				src[i] = byte(r.IntN(3))
			}
		case 2: // long runs: the longest references, overlapping
			for i := range src {
				src[i] = byte(i / (1 + r.IntN(400)))
			}
		default: // float64-like: repeated high bytes, far matches
			for i := range src {
				src[i] = byte(r.Uint32())
				if i%8 >= 5 {
					src[i] = byte(i % 7)
				}
			}
		}
		c := lzfCompress(src)
		dst := make([]byte, n, n+64)
		if err := LZFExact(dst, c); err != nil || !bytes.Equal(dst, src) {
			t.Fatalf("trial %d (%d bytes, %d compressed): %v, equal %v", trial, n, len(c), err, bytes.Equal(dst, src))
		}
		if n == 0 {
			continue
		}
		for _, bad := range [][]byte{c[:r.IntN(len(c))], append(append([]byte(nil), c...), 0, 'x')} {
			if err := LZFExact(make([]byte, n), bad); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("trial %d: a stream of %d bytes for %d decoded without error: %v", trial, len(bad), len(c), err)
			}
		}
		damaged := append([]byte(nil), c...)
		damaged[r.IntN(len(damaged))] ^= byte(1 + r.IntN(255))
		guard := make([]byte, n+64)
		for i := range guard[n:] {
			guard[n+i] = 0xa5
		}
		if err := LZFExact(guard[:n], damaged); err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("trial %d: damaged stream: %v", trial, err)
		}
		for _, b := range guard[n:] {
			if b != 0xa5 {
				t.Fatalf("trial %d: damaged stream wrote past dst", trial)
			}
		}
	}
	if err := LZFExact(make([]byte, 4), []byte{1 << 5, 0}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a reference before the start: %v", err)
	}
}
