package zstdec

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/cespare/xxhash/v2"
)

const (
	frameMagic     = 0xFD2FB528
	skippableMagic = 0x184D2A50 // to 0x184D2A5F
	blockMax       = 128 << 10
	minWindow      = 1 << 10
	// MaxWindow is the largest window a frame that is not a single
	// segment may declare, as for klauspost/compress's decoder.
	MaxWindow = 1 << 29
	// slack is the room past the decoded bytes that the copy loops may
	// overwrite when the output buffer has it.
	slack = 64
)

// errf returns a decoding error. Every error this package returns
// reports corrupt input, or a frame needing what it does not support (a
// dictionary, a larger window or output).
func errf(format string, args ...any) error {
	return errors.New(fmt.Sprintf(format, args...))
}

// Header is what a frame header says.
type Header struct {
	// Skippable is set for a skippable frame, whose other fields are zero.
	Skippable bool
	// HasSize reports whether the header gives the content size.
	HasSize bool
	// Size is the frame's decoded size when HasSize is set.
	Size uint64
	// SingleSegment reports a frame whose window is its content.
	SingleSegment bool
	// Window is the window size (for a single-segment frame, its
	// content size, at least 1 KiB).
	Window uint64
	// DictID is the dictionary the frame needs, 0 for none.
	DictID uint32
	// Checksum reports whether the frame ends with a content checksum.
	Checksum bool
	// Len is the header's length in bytes, magic number included.
	Len int
}

// ReadHeader reads the header of the frame at the start of src.
func ReadHeader(src []byte) (Header, error) {
	var h Header
	if len(src) < 4 {
		return h, errf("input of %d bytes is too short for a frame", len(src))
	}
	magic := binary.LittleEndian.Uint32(src)
	if magic&^15 == skippableMagic {
		h.Skippable = true
		h.Len = 8
		if len(src) < 8 {
			return h, errf("skippable frame header truncated")
		}
		return h, nil
	}
	if magic != frameMagic {
		return h, errf("magic number %#08x is not a Zstandard frame's", magic)
	}
	if len(src) < 5 {
		return h, errf("frame header truncated")
	}
	fhd := src[4]
	if fhd&8 != 0 {
		return h, errf("reserved bit set in the frame header")
	}
	single := fhd&32 != 0
	fcsLen := [4]int{0, 2, 4, 8}[fhd>>6]
	if fcsLen == 0 && single {
		fcsLen = 1
	}
	didLen := [4]int{0, 1, 2, 4}[fhd&3]
	n := 5
	if !single {
		n++
	}
	h.Len = n + didLen + fcsLen
	if len(src) < h.Len {
		return h, errf("frame header truncated")
	}
	if !single {
		wd := src[5]
		wlog := 10 + uint(wd>>3)
		h.Window = 1<<wlog + (1<<wlog)/8*uint64(wd&7)
	}
	p := src[n:]
	switch didLen {
	case 1:
		h.DictID = uint32(p[0])
	case 2:
		h.DictID = uint32(binary.LittleEndian.Uint16(p))
	case 4:
		h.DictID = binary.LittleEndian.Uint32(p)
	}
	p = p[didLen:]
	switch fcsLen {
	case 1:
		h.Size = uint64(p[0])
	case 2:
		h.Size = uint64(binary.LittleEndian.Uint16(p)) + 256
	case 4:
		h.Size = uint64(binary.LittleEndian.Uint32(p))
	case 8:
		h.Size = binary.LittleEndian.Uint64(p)
	}
	h.HasSize = fcsLen > 0
	if single {
		h.SingleSegment = true
		h.Window = max(h.Size, minWindow)
	}
	h.Checksum = fhd&4 != 0
	return h, nil
}

// Decoder decodes Zstandard frames (RFC 8878) held whole in memory. It
// keeps the tables and buffers of one call for the next; a Decoder is
// not safe for concurrent use, so pool them.
type Decoder struct {
	lits   []byte // decoded literals of the current block (or two), with slack
	hufs   [2]hufTable
	cur    int                        // hufs[cur] is the current Huffman tree
	cells8 [2][1 << maxHufBits]uint16 // two sections' cells, for huf8Loop
	tables [3]seqTable
	rep    [3]uint32
	seq    seqState
}

// huf returns the current Huffman tree's table.
func (d *Decoder) huf() *hufTable { return &d.hufs[d.cur] }

// Decode decodes the frames of src, one or more, skippable ones
// included, and appends their content to dst. It appends at most limit
// bytes: a frame claiming or decoding to more is an error. When cap(dst)
// holds the content, nothing is allocated; the bytes between the content's
// end and cap(dst) may be overwritten. Frames needing a dictionary are
// refused.
func (d *Decoder) Decode(dst, src []byte, limit int) ([]byte, error) {
	if len(src) == 0 {
		return dst, errf("empty input")
	}
	base := len(dst)
	for len(src) > 0 {
		h, err := ReadHeader(src)
		if err != nil {
			return dst, err
		}
		if h.Skippable {
			n := binary.LittleEndian.Uint32(src[4:])
			if uint64(n) > uint64(len(src)-8) {
				return dst, errf("skippable frame of %d bytes past the input's end", n)
			}
			src = src[8+int(n):]
			continue
		}
		if h.DictID != 0 {
			return dst, errf("frame needs dictionary %d; dictionaries are not supported", h.DictID)
		}
		if h.Window > MaxWindow && !h.SingleSegment {
			return dst, errf("window of %d bytes over the %d allowed", h.Window, MaxWindow)
		}
		room := limit - (len(dst) - base)
		if h.HasSize {
			if h.Size > uint64(room) {
				return dst, errf("frame content of %d bytes over the %d allowed", h.Size, room)
			}
			// Allocate what the frame says only as far as the rest of
			// the input can decode to (a block of 128 KiB takes at
			// least 4 bytes).
			want := min(int(h.Size), (len(src)/4+1)*blockMax)
			if cap(dst)-len(dst) < want {
				dst = grow(dst, want)
			}
		}
		start := len(dst)
		var n int
		dst, n, err = d.frame(dst, src[h.Len:], h, start+room)
		if err != nil {
			return dst, err
		}
		if h.HasSize && uint64(len(dst)-start) != h.Size {
			return dst, errf("frame decoded to %d bytes, its header says %d", len(dst)-start, h.Size)
		}
		src = src[h.Len+n:]
		if h.Checksum {
			if len(src) < 4 {
				return dst, errf("content checksum truncated")
			}
			want := binary.LittleEndian.Uint32(src)
			if got := uint32(xxhash.Sum64(dst[start:])); got != want {
				return dst, errf("content checksum %#08x, frame says %#08x", got, want)
			}
			src = src[4:]
		}
	}
	return dst, nil
}

// grow returns dst with room for n more bytes (and the slack).
func grow(dst []byte, n int) []byte {
	c := max(2*cap(dst), len(dst)+n+slack)
	out := make([]byte, len(dst), c)
	copy(out, dst)
	return out
}

// frame decodes the blocks in src of a frame with header h, appending
// to dst no further than end; it returns dst and the bytes of src used.
func (d *Decoder) frame(dst, src []byte, h Header, end int) ([]byte, int, error) {
	d.startFrame()
	start := len(dst)
	bmax := int(min(h.Window, blockMax))
	used := 0
	for {
		if len(src)-used < 3 {
			return dst, 0, errf("block header truncated")
		}
		bh := uint32(src[used]) | uint32(src[used+1])<<8 | uint32(src[used+2])<<16
		used += 3
		last := bh&1 != 0
		size := int(bh >> 3)
		switch bh >> 1 & 3 {
		case 0: // raw
			if size > bmax || size > len(src)-used {
				return dst, 0, errf("raw block of %d bytes", size)
			}
			if size > end-len(dst) {
				return dst, 0, errf("content past the %d bytes allowed", end-start)
			}
			dst = append(dst, src[used:used+size]...)
			used += size
		case 1: // RLE
			if size > bmax || used >= len(src) {
				return dst, 0, errf("RLE block of %d bytes", size)
			}
			if size > end-len(dst) {
				return dst, 0, errf("content past the %d bytes allowed", end-start)
			}
			if cap(dst)-len(dst) < size {
				dst = grow(dst, size)
			}
			b := src[used]
			o := dst[len(dst) : len(dst)+size]
			for i := range o {
				o[i] = b
			}
			dst = dst[:len(dst)+size]
			used++
		case 2:
			if size > bmax || size > len(src)-used {
				return dst, 0, errf("compressed block of %d bytes", size)
			}
			blk := src[used : used+size]
			used += size
			window := int(min(h.Window, 1<<31))
			var err error
			var nb []byte
			var nsize int
			var nlast, pair bool
			if !last {
				nb, nsize, nlast, pair = nextCompressed(src[used:], bmax)
			}
			if pair {
				// Two compressed blocks: their literals may decode
				// together.
				dst, err = d.blockPair(dst, blk, nb, start, window, end, bmax)
				used += 3 + nsize
				last = nlast
			} else {
				// The block grows dst only when its content needs it: a
				// buffer of the frame's exact size stays the one used.
				dst, err = d.block(dst, blk, start, window, min(end, len(dst)+bmax))
			}
			if err != nil {
				return dst, 0, err
			}
		default:
			return dst, 0, errf("reserved block type")
		}
		if last {
			return dst, used, nil
		}
	}
}

// startFrame sets the state a frame starts from: no Huffman or sequence
// tables, the first repeat offsets.
func (d *Decoder) startFrame() {
	d.huf().ok = false
	for i := range d.tables {
		d.tables[i].cells = nil
	}
	d.rep = [3]uint32{1, 4, 8}
}

// nextCompressed reports whether src starts with the header of a
// compressed block of at most bmax bytes that src holds whole, and
// returns the block, its size and whether it is the frame's last.
func nextCompressed(src []byte, bmax int) (blk []byte, size int, last, ok bool) {
	if len(src) < 3 {
		return nil, 0, false, false
	}
	bh := uint32(src[0]) | uint32(src[1])<<8 | uint32(src[2])<<16
	size = int(bh >> 3)
	if bh>>1&3 != 2 || size > bmax || size > len(src)-3 {
		return nil, 0, false, false
	}
	return src[3 : 3+size], size, bh&1 != 0, true
}
