package inflate

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
)

var (
	// ErrCorrupt is matched (errors.Is) by the errors for invalid,
	// truncated or extended streams and wrong checksums.
	ErrCorrupt = errors.New("corrupt deflate data")
	// ErrTooLarge is wrapped by the error for a stream that decodes to
	// more bytes than the caller allows.
	ErrTooLarge = errors.New("stream decodes to more bytes than allowed")
)

// corruptError says what is wrong with a stream; it is ErrCorrupt.
type corruptError string

func (e corruptError) Error() string        { return string(e) }
func (e corruptError) Is(target error) bool { return target == ErrCorrupt }

func corrupt(format string, args ...any) error {
	return corruptError(fmt.Sprintf(format, args...))
}

// Margins of the fast loop: a refill loads 8 input bytes, and an
// iteration writes up to four literals or a match. Rather than room for
// the longest match before every symbol, the fast loop checks each
// match's length plus matchSlack, which covers the whole words its copy
// may write past it (two words for a short one); so on a small output
// it runs up to the last few bytes, not only to the last 266. (With 16
// rather than 4 bytes of room the compiler proves most of the literals'
// writes in bounds, which measured faster.)
const (
	inMargin   = 8
	outMargin  = 16
	matchSlack = 16
)

// decoder holds the state of one decode. Within the fast loop the bit
// buffer and positions live in local variables.
type decoder struct {
	src   []byte
	pos   int    // bytes of src loaded into bits; past len(src) they read as zero
	bits  uint64 // the next nbits input bits, least significant first; bits above may be set
	nbits uint
	out   []byte // out[:op] is the output so far; len(out) the room
	op    int
	start int // where this stream's output starts: no distance reaches before
	max   int // the most output bytes (len(out) may grow to this)

	lit  [litTableSize]uint32
	dist [distTableSize]uint32
	pre  [preTableSize]uint32
	lens [numLitlen + numDist]uint8
}

var decoders = sync.Pool{New: func() any { return new(decoder) }}

// Raw decodes the raw DEFLATE stream at the start of src, appending the
// output to dst, and returns the extended slice and the number of bytes
// of src the stream took. It fails with ErrTooLarge if the output would
// exceed max bytes (not counting len(dst)). If cap(dst)-len(dst) is at
// least the decoded size, Raw does not allocate.
func Raw(dst, src []byte, max int) ([]byte, int, error) {
	d := decoders.Get().(*decoder)
	defer decoders.Put(d)
	return d.inflate(dst, src, max)
}

// inflate decodes a raw stream at the start of src into dst's spare room.
func (d *decoder) inflate(dst, src []byte, max int) ([]byte, int, error) {
	// Field by field: the tables need no clearing (buildTable writes
	// every entry a lookup can reach), and clearing their 11 KB took 3%
	// of the decode of a 2 KB chunk.
	d.src, d.pos, d.bits, d.nbits = src, 0, 0, 0
	d.out, d.op, d.start, d.max = dst[:cap(dst)], len(dst), len(dst), len(dst)+max
	if d.max < len(dst) { // overflow
		d.max = int(^uint(0) >> 1)
	}
	if cap(dst)-len(dst) > max {
		d.out = d.out[:d.max]
	}
	err := d.blocks()
	out := d.out[:d.op]
	d.out, d.src = nil, nil
	if err != nil {
		return nil, 0, err
	}
	// The stream ends at the byte holding its last bit.
	n := d.pos - int(d.nbits/8)
	if n > len(src) {
		return nil, 0, corrupt("deflate stream truncated")
	}
	return out, n, nil
}

// blocks decodes blocks up to and including the final one.
func (d *decoder) blocks() error {
	for {
		d.refillSlow()
		final := d.bits&1 != 0
		kind := d.bits >> 1 & 3
		d.consume(3)
		var err error
		switch kind {
		case 0:
			err = d.stored()
		case 1:
			err = d.huffman(fixedLit, fixedDist)
		case 2:
			if err = d.readCodes(); err == nil {
				err = d.huffman(&d.lit, &d.dist)
			}
		default:
			err = corrupt("reserved block type 3")
		}
		if err != nil {
			return err
		}
		if final {
			d.consume(d.nbits % 8) // to the byte boundary
			return nil
		}
	}
}

func (d *decoder) consume(n uint) {
	d.bits >>= n & 63
	d.nbits -= n
}

// refillSlow loads input bytes one at a time until the bit buffer holds
// 49–56 bits (the fast loop's word refill needs fewer than 64). Past the end of src it loads zeros; once it has
// loaded more zero bytes than the buffer can hold, some were consumed
// and the stream is truncated, which truncated reports.
func (d *decoder) refillSlow() {
	for d.nbits <= 48 {
		if d.pos < len(d.src) {
			d.bits |= uint64(d.src[d.pos]) << (d.nbits & 63)
		}
		d.pos++
		d.nbits += 8
	}
}

// truncated reports whether bits past the end of src were consumed.
func (d *decoder) truncated() bool {
	return d.pos-int(d.nbits/8) > len(d.src)
}

// room makes room for n more output bytes, growing out up to max.
func (d *decoder) room(n int) error {
	if d.op+n <= len(d.out) {
		return nil
	}
	if d.op+n > d.max || d.op+n < 0 {
		return fmt.Errorf("%w (more than %d bytes)", ErrTooLarge, d.max-d.start)
	}
	size := min(d.max, max(2*len(d.out), d.op+n, 4096))
	out := make([]byte, size)
	copy(out, d.out[:d.op])
	d.out = out
	return nil
}

// stored copies a stored block.
func (d *decoder) stored() error {
	d.consume(d.nbits % 8)
	// Go back to the byte the bit buffer has reached.
	d.pos -= int(d.nbits / 8)
	d.bits, d.nbits = 0, 0
	if d.pos+4 > len(d.src) {
		return corrupt("stored block header truncated")
	}
	n := int(binary.LittleEndian.Uint16(d.src[d.pos:]))
	if nn := binary.LittleEndian.Uint16(d.src[d.pos+2:]); uint16(n) != ^nn {
		return corrupt("stored block length %d does not match its complement %d", n, nn)
	}
	d.pos += 4
	if d.pos+n > len(d.src) {
		return corrupt("stored block of %d bytes truncated", n)
	}
	if err := d.room(n); err != nil {
		return err
	}
	d.op += copy(d.out[d.op:], d.src[d.pos:d.pos+n])
	d.pos += n
	return nil
}

// codeOrder is the order of the code length code lengths (RFC 1951 3.2.7).
var codeOrder = [numPre]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// readCodes reads a dynamic block's code lengths and builds its tables.
func (d *decoder) readCodes() error {
	d.refillSlow()
	nlit := int(d.bits&31) + 257
	ndist := int(d.bits>>5&31) + 1
	npre := int(d.bits>>10&15) + 4
	d.consume(14)
	if nlit > 286 || ndist > 30 {
		return corrupt("dynamic block with %d literal/length and %d distance codes", nlit, ndist)
	}
	var preLens [numPre]uint8
	for _, sym := range codeOrder[:npre] {
		if d.nbits < 3 {
			d.refillSlow()
		}
		preLens[sym] = uint8(d.bits & 7)
		d.consume(3)
	}
	if !buildTable(d.pre[:], preLens[:], preResults[:], preBits, 0, distBadFlag) {
		return corrupt("invalid code length code")
	}
	// The bit buffer in local variables, which the stores to lens
	// cannot alias, stays in registers.
	pre, lens := &d.pre, d.lens[:nlit+ndist]
	src, pos, bits, nbits := d.src, d.pos, d.bits, d.nbits
	// Counted here, where the loop waits on its lookups anyway, rather
	// than in a pass of buildTable's own.
	var count [16]int
	for i := 0; i < len(lens); {
		if nbits < preBits+7 { // a codeword and its repeat count
			if pos <= len(src)-8 {
				bits |= binary.LittleEndian.Uint64(src[pos:]) << (nbits & 63)
				pos += int(63-nbits) >> 3
				nbits |= 56
			} else {
				d.pos, d.bits, d.nbits = pos, bits, nbits
				d.refillSlow()
				if d.truncated() {
					return corrupt("dynamic block header truncated")
				}
				pos, bits, nbits = d.pos, d.bits, d.nbits
			}
		}
		e := pre[bits&(preTableSize-1)]
		if e&distBadFlag != 0 {
			return corrupt("invalid code length code")
		}
		bits >>= e & 63
		nbits -= uint(e & 0xff)
		sym := e >> 16
		if sym < 16 {
			lens[i] = uint8(sym)
			count[sym&15]++
			i++
			continue
		}
		var rep int
		var v uint8
		switch sym {
		case 16:
			if i == 0 {
				return corrupt("code length repeat with no previous length")
			}
			v, rep = lens[i-1], 3+int(bits&3)
			bits >>= 2
			nbits -= 2
		case 17:
			rep = 3 + int(bits&7)
			bits >>= 3
			nbits -= 3
		default:
			rep = 11 + int(bits&127)
			bits >>= 7
			nbits -= 7
		}
		if i+rep > len(lens) {
			return corrupt("code length repeat past the end of the lengths")
		}
		count[v&15] += rep
		for range rep {
			lens[i] = v
			i++
		}
	}
	d.pos, d.bits, d.nbits = pos, bits, nbits
	if d.truncated() {
		return corrupt("dynamic block header truncated")
	}
	if lens[256] == 0 {
		return corrupt("dynamic block without an end-of-block code")
	}
	var distCount [16]int
	for _, l := range lens[nlit:] {
		distCount[l&15]++
	}
	for l := range count {
		count[l] -= distCount[l]
	}
	if !buildCounted(d.lit[:], lens[:nlit], &count, litResults[:], litBits, excFlag|subFlag, excFlag) {
		return corrupt("invalid literal/length code")
	}
	if !buildCounted(d.dist[:], lens[nlit:], &distCount, distResults[:], distBits, distSubFlag, distBadFlag) {
		return corrupt("invalid distance code")
	}
	return nil
}

// huffman decodes the symbols of one Huffman-coded block up to its end,
// in the fast loop while the margins allow and in the careful step near
// the ends of the input and output.
func (d *decoder) huffman(lit *[litTableSize]uint32, dist *[distTableSize]uint32) error {
	for {
		done, err := d.fast(lit, dist)
		if done || err != nil {
			return err
		}
		if done, err = d.step(lit, dist); done || err != nil {
			return err
		}
	}
}

// fast decodes symbols while at least inMargin input bytes and outMargin
// output bytes remain, and leaves a match without room for its word
// copies to step, undecoded. It reports whether it reached the end of
// the block.
func (d *decoder) fast(lit *[litTableSize]uint32, dist *[distTableSize]uint32) (bool, error) {
	src, out := d.src, d.out
	pos, op, start := d.pos, d.op, d.start
	bits, nbits := d.bits, d.nbits
	inEnd, outEnd := len(src)-inMargin, len(out)-outMargin
	matchEnd := len(out) - matchSlack
	done := false
	var err error
	if pos <= inEnd {
		// The careful loop loads bytes only up to 56 bits; from here on
		// all 64 bits of the buffer hold stream bits after each refill.
		bits |= binary.LittleEndian.Uint64(src[pos:]) << (nbits & 63)
		pos += int(63-nbits) >> 3
		nbits |= 56
	}
	// Each symbol is looked up before the refill, which leaves the low
	// bits as they are: since the last refill a match consumed at most
	// 48 of its 64 stream bits and the literals leave at least 11, so
	// the main table's index bits are stream bits. A lookup that the
	// literal path makes and does not consume carries over to the next
	// iteration.
	e := lit[bits&(1<<litBits-1)]
	for pos <= inEnd && op <= outEnd {
		// Refill to 56–63 bits: enough for a length and a distance with
		// their extra bits (48), or for the literals decoded here.
		bits |= binary.LittleEndian.Uint64(src[pos:]) << (nbits & 63)
		pos += int(63-nbits) >> 3
		nbits |= 56

		if e&subFlag != 0 {
			e = lit[(e>>16&litValMask)+uint32(bits>>litBits&(1<<(e>>8&15)-1))]
		}
		if int32(e) < 0 {
			// A literal, and up to three more: three take at most 45
			// bits, and a fourth is taken if it leaves the 11 bits of
			// the next lookup.
			bits >>= e & 63
			nbits -= uint(e & 0xff)
			out[op] = byte(e >> 16)
			op++
			e = lit[bits&(1<<litBits-1)]
			if int32(e) < 0 {
				bits >>= e & 63
				nbits -= uint(e & 0xff)
				out[op] = byte(e >> 16)
				op++
				e = lit[bits&(1<<litBits-1)]
				if int32(e) < 0 {
					bits >>= e & 63
					nbits -= uint(e & 0xff)
					out[op] = byte(e >> 16)
					op++
					e = lit[bits&(1<<litBits-1)]
					if int32(e) < 0 && nbits >= litBits+uint(e&0xff) {
						bits >>= e & 63
						nbits -= uint(e & 0xff)
						out[op] = byte(e >> 16)
						op++
						e = lit[bits&(1<<litBits-1)]
					}
				}
			}
			continue
		}
		if e&excFlag != 0 {
			bits >>= e & 63
			nbits -= uint(e & 0xff)
			if e&eobFlag != 0 {
				done = true
			} else {
				err = corrupt("invalid literal/length symbol")
			}
			break
		}
		n := e & 63
		length := int(e>>16&litValMask) + int(bits&(1<<n-1)>>(e>>8&15))
		if op+length > matchEnd {
			// No room for the word copies: leave the match, not yet
			// consumed, to step (a refill only adds bits).
			break
		}
		bits >>= n
		nbits -= uint(n)

		e = dist[bits&(1<<distBits-1)]
		if e&distSubFlag != 0 {
			e = dist[(e>>16)+uint32(bits>>distBits&(1<<(e>>8&15)-1))]
		}
		if e&distBadFlag != 0 {
			err = corrupt("invalid distance symbol")
			break
		}
		n = e & 63
		dd := int(e>>16) + int(bits&(1<<n-1)>>(e>>8&15))
		bits >>= n
		nbits -= uint(n)
		if dd > op-start {
			err = corrupt("distance %d reaches before the start of the stream", dd)
			break
		}
		if dd < 8 || length > 16 {
			op = copyMatch(out, op, dd, length)
		} else {
			// Most matches are short and far enough back to copy two
			// words.
			s := op - dd
			binary.LittleEndian.PutUint64(out[op:], binary.LittleEndian.Uint64(out[s:]))
			binary.LittleEndian.PutUint64(out[op+8:], binary.LittleEndian.Uint64(out[s+8:]))
			op += length
		}
		e = lit[bits&(1<<litBits-1)]
	}
	d.pos, d.op, d.bits, d.nbits = pos, op, bits, nbits
	return done, err
}

// copyMatch copies length bytes from dist bytes back to out[op:] and
// returns the new op. It writes whole words, up to 7 bytes past the
// match, so out must have matchSlack bytes of room past it.
func copyMatch(out []byte, op, dist, length int) int {
	end := op + length
	s := op - dist
	switch {
	case dist >= 8:
		for op < end {
			binary.LittleEndian.PutUint64(out[op:], binary.LittleEndian.Uint64(out[s:]))
			op += 8
			s += 8
		}
	case dist == 1:
		v := uint64(out[s]) * 0x0101010101010101
		for op < end {
			binary.LittleEndian.PutUint64(out[op:], v)
			op += 8
		}
	default:
		// Repeat the period into the first 8 bytes, then copy words
		// from the nearest multiple of the period 8 or more back.
		w, p := out[op:op+8], out[s:s+8]
		for i := range w {
			w[i] = p[i]
		}
		op += 8
		s = op - (8+dist-1)/dist*dist
		for op < end {
			binary.LittleEndian.PutUint64(out[op:], binary.LittleEndian.Uint64(out[s:]))
			op += 8
			s += 8
		}
	}
	return end
}

// step decodes one symbol with every read and write checked, growing
// the output as needed. It reports whether it reached the end of the
// block.
func (d *decoder) step(lit *[litTableSize]uint32, dist *[distTableSize]uint32) (bool, error) {
	d.refillSlow()
	if d.truncated() {
		return false, corrupt("deflate stream truncated")
	}
	e := lit[d.bits&(1<<litBits-1)]
	if e&subFlag != 0 {
		e = lit[(e>>16&litValMask)+uint32(d.bits>>litBits&(1<<(e>>8&15)-1))]
	}
	if int32(e) < 0 {
		d.consume(uint(e & 0xff))
		if err := d.room(1); err != nil {
			return false, err
		}
		d.out[d.op] = byte(e >> 16)
		d.op++
		return false, nil
	}
	if e&excFlag != 0 {
		d.consume(uint(e & 0xff))
		if e&eobFlag != 0 {
			return true, nil
		}
		return false, corrupt("invalid literal/length symbol")
	}
	length := int(e>>16&litValMask) + d.extra(e)
	e = dist[d.bits&(1<<distBits-1)]
	if e&distSubFlag != 0 {
		e = dist[(e>>16)+uint32(d.bits>>distBits&(1<<(e>>8&15)-1))]
	}
	if e&distBadFlag != 0 {
		return false, corrupt("invalid distance symbol")
	}
	dd := int(e>>16) + d.extra(e)
	if d.truncated() {
		return false, corrupt("deflate stream truncated")
	}
	if dd > d.op-d.start {
		return false, corrupt("distance %d reaches before the start of the stream", dd)
	}
	if err := d.room(length); err != nil {
		return false, err
	}
	out := d.out[d.op-dd : d.op+length]
	for i := range length {
		out[dd+i] = out[i]
	}
	d.op += length
	return false, nil
}

// extra consumes entry e's code and extra bits and returns the extra bits' value.
func (d *decoder) extra(e uint32) int {
	n := uint(e & 63)
	v := int(d.bits & (1<<n - 1) >> (e >> 8 & 15))
	d.consume(n)
	return v
}
