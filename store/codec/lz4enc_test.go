package codec

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/pierrec/lz4/v4"
)

// lz4TestInputs returns inputs that exercise every path of the
// compressor: sizes around the 12-byte minimum and the 15 and 255 length
// boundaries, literal runs past the short-copy limit, matches at the
// largest offset and just beyond it, long and immediate matches.
func lz4TestInputs() map[string][]byte {
	rng := rand.New(rand.NewPCG(3, 4))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	m := map[string][]byte{}
	for _, n := range []int{0, 1, 11, 12, 13, 14, 20, 31, 270, 4096} {
		m[fmt.Sprintf("random-%d", n)] = random(n)
		m[fmt.Sprintf("zeros-%d", n)] = make([]byte, n)
	}
	for _, gap := range []int{lz4MaxOffset - 8, lz4MaxOffset, lz4MaxOffset + 1, lz4MaxOffset + 9} {
		b := random(gap + 4000)
		copy(b[gap:], b[:4000]) // a long match exactly gap bytes back
		m[fmt.Sprintf("offset-%d", gap)] = b
	}
	// Two letters: short matches, most of them right after another.
	ab := make([]byte, 3000)
	for i := range ab {
		ab[i] = 'a' + byte(rng.IntN(2))
	}
	m["ab-3000"] = ab
	// Repeats of random lengths and distances over a small alphabet:
	// short and long literal runs, short and long matches.
	for k := range 8 {
		var b []byte
		for len(b) < 1<<17 {
			if rng.IntN(3) == 0 || len(b) < 8 {
				n := rng.IntN(1 << (2 + rng.IntN(10)))
				for range n {
					b = append(b, byte('a'+rng.IntN(4)))
				}
			} else {
				back := 1 + rng.IntN(min(len(b), 70000))
				n := 4 + rng.IntN(1<<(2+rng.IntN(10)))
				for range n {
					b = append(b, b[len(b)-back])
				}
			}
		}
		m[fmt.Sprintf("mixed-%d", k)] = b
	}
	return m
}

// checkLZ4Block decodes blk with pierrec/lz4's decoder and checks the
// format's end-of-block rules, which lenient decoders do not enforce but
// the reference's fast decoders rely on: the last sequence is literals
// only, a match starts at least 12 bytes before the end, and the last 5
// bytes are literals.
func checkLZ4Block(t *testing.T, name string, blk, want []byte) {
	t.Helper()
	got := make([]byte, len(want))
	if n, err := lz4.UncompressBlock(blk, got); (err != nil || n != len(want)) && len(want) > 0 {
		t.Fatalf("%s: decoding: %d bytes, %v", name, n, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: decodes to other bytes", name)
	}
	n := len(want)
	pos, i := 0, 0
	length := func(l int) int {
		if l == 15 {
			for {
				b := blk[i]
				i++
				l += int(b)
				if b != 255 {
					break
				}
			}
		}
		return l
	}
	for {
		tok := blk[i]
		i++
		lit := length(int(tok >> 4))
		i += lit
		pos += lit
		if i == len(blk) {
			break
		}
		if pos > n-12 {
			t.Fatalf("%s: a match starts at %d of %d bytes", name, pos, n)
		}
		i += 2
		pos += 4 + length(int(tok&15))
		if pos > n-5 {
			t.Fatalf("%s: a match ends at %d of %d bytes", name, pos, n)
		}
	}
	if pos != n {
		t.Fatalf("%s: sequences cover %d of %d bytes", name, pos, n)
	}
}

func TestLZ4Compress(t *testing.T) {
	for name, in := range lz4TestInputs() {
		for _, accel := range []int{-1, 1, 2, 5, 9, 1000, 1 << 20} {
			tag := fmt.Sprintf("%s/accel-%d", name, accel)
			dst := make([]byte, lz4Bound(len(in)))
			n := lz4Compress(dst, in, accel)
			if n == 0 {
				t.Fatalf("%s: no room in the bound", tag)
			}
			checkLZ4Block(t, tag, dst[:n], in)
			if len(in) >= 4096 && accel <= 9 && (name[:5] == "zeros" || name[:5] == "mixed") && n > len(in)/2 {
				t.Errorf("%s: %d bytes compress to %d", tag, len(in), n)
			}
			// With less room than the block needs, it reports 0 and
			// writes nothing past the room; with a little more (the
			// room checks keep some slack, as the reference's do), the
			// same block.
			for _, room := range []int{n - 1, n / 2, 0} {
				if room < 0 {
					continue
				}
				buf := bytes.Repeat([]byte{0xA5}, n+64)
				if k := lz4Compress(buf[:room], in, accel); k != 0 {
					t.Fatalf("%s: a %d-byte block fit in %d bytes", tag, k, room)
				}
				if !bytes.Equal(buf[room:], bytes.Repeat([]byte{0xA5}, n+64-room)) {
					t.Fatalf("%s: wrote past %d bytes of room", tag, room)
				}
			}
			near := make([]byte, n+24)
			if k := lz4Compress(near, in, accel); k != n || !bytes.Equal(near[:n], dst[:n]) {
				t.Fatalf("%s: with %d bytes of room: %d bytes, want the %d-byte block", tag, n+24, k, n)
			}
		}
	}
}

// TestLZ4Acceleration checks that a larger acceleration compresses
// faster-and-less as numcodecs' does: it never finds more, and it finds
// less on data with matches spread thinly.
func TestLZ4Acceleration(t *testing.T) {
	in := lz4TestInputs()["mixed-0"]
	prev := 0
	for _, accel := range []int{1, 4, 16, 64} {
		dst := make([]byte, lz4Bound(len(in)))
		n := lz4Compress(dst, in, accel)
		if n < prev {
			t.Errorf("acceleration %d: %d bytes, smaller than %d at a lower one", accel, n, prev)
		}
		prev = n
	}
	one := lz4Compress(make([]byte, lz4Bound(len(in))), in, 1)
	if prev <= one {
		t.Errorf("acceleration 64 compressed to %d bytes, acceleration 1 to %d", prev, one)
	}
}

// TestEncodeTo checks that every codec appends to a dirty, reused
// buffer: the prefix stays, and the appended bytes are Encode's.
func TestEncodeTo(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	inputs := testInputs()
	for cname, c := range testCodecs(t) {
		et, ok := c.(EncoderTo)
		if !ok {
			t.Fatalf("%s does not implement EncoderTo", cname)
		}
		for _, iname := range []string{"smooth-4096", "random-4096", "ramp-7", "ramp-0"} {
			in := inputs[iname]
			want, err := c.Encode(in)
			if err != nil {
				t.Fatal(err)
			}
			for _, room := range []int{0, len(want) / 2, len(want) + 8192} {
				buf := make([]byte, 7, 7+room)
				for i := range buf[:cap(buf)] {
					buf[:cap(buf)][i] = byte(rng.Uint32())
				}
				prefix := bytes.Clone(buf)
				got, err := et.EncodeTo(buf, in)
				if err != nil {
					t.Fatalf("%s/%s: %v", cname, iname, err)
				}
				if !bytes.Equal(got[:7], prefix) {
					t.Fatalf("%s/%s: the prefix changed", cname, iname)
				}
				back, err := c.Decode(got[7:])
				if err != nil || !bytes.Equal(back, in) {
					t.Fatalf("%s/%s, room %d: decoding the appended bytes: %v", cname, iname, room, err)
				}
				if !bytes.Equal(got[7:], want) {
					t.Fatalf("%s/%s: appended bytes differ from Encode's", cname, iname)
				}
			}
		}
	}
}

// TestLZ4SequencesKernel checks that lz4Sequences (in assembly on amd64)
// writes the same bytes as lz4SequencesGo, and stops where it stops for
// lack of room, on every test input, on float64 data of a survey-like
// kind, with 4- and 6-byte matches and at each acceleration.
func TestLZ4SequencesKernel(t *testing.T) {
	inputs := lz4TestInputs()
	floats := make([]byte, 8*4000)
	for i := range 4000 {
		binary.LittleEndian.PutUint64(floats[8*i:], math.Float64bits(math.Mod(float64(i)*0.6180339887498949, 1)))
	}
	inputs["floats"] = floats
	for key, in := range inputs {
		if len(in) <= lz4MatchEnd {
			continue
		}
		for _, minMatch := range []int{4, 6} {
			mul, mask := lz4Matching(minMatch)
			name := fmt.Sprintf("%s/min-%d", key, minMatch)
			lz4KernelCase(t, name, in, mul, mask)
		}
	}
}

// lz4KernelCase compares the kernel with lz4SequencesGo on one input.
func lz4KernelCase(t *testing.T, name string, in []byte, mul, mask uint64) {
	t.Helper()
	for _, accel := range []int{1, 2, 9, 1000} {
		full := lz4Bound(len(in))
		rooms := []int{full, full / 2, full / 5, 40, 17}
		if accel == 1 && len(in) <= 1<<15 {
			// Every room around the block's size (every room, for
			// inputs up to 4 KiB): the room checks must refuse at the
			// same sequence.
			var t0 lz4Table
			n, _ := lz4SequencesGo(make([]byte, full), in, 1, mul, mask, &t0)
			lo, hi := max(n-40, 0), n+40
			if len(in) <= 1<<12 {
				lo, hi = 0, full+1
			}
			for r := lo; r < hi; r++ {
				rooms = append(rooms, r)
			}
		}
		for _, room := range rooms {
			want := bytes.Repeat([]byte{0xA5}, room+16)
			got := bytes.Clone(want)
			var t1, t2 lz4Table
			wd, wa := lz4SequencesGo(want[:room], in, accel, mul, mask, &t1)
			gd, ga := lz4Sequences(got[:room], in, accel, mul, mask, &t2)
			if gd != wd || ga != wa {
				t.Fatalf("%s/accel-%d/room-%d: kernel gives (%d, %d), Go (%d, %d)", name, accel, room, gd, ga, wd, wa)
			}
			if wd > 0 && !bytes.Equal(got[:wd], want[:wd]) {
				t.Fatalf("%s/accel-%d/room-%d: kernel writes other bytes", name, accel, room)
			}
			if !bytes.Equal(got[room:], want[room:]) {
				t.Fatalf("%s/accel-%d/room-%d: kernel writes past the room", name, accel, room)
			}
		}
	}
}
