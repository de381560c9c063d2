package codec

import (
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/klauspost/compress/s2"
	"github.com/pierrec/lz4/v4"
)

// Shuffle is a Blosc pre-compression filter.
type Shuffle int

// The Blosc shuffle filters, numbered as in c-blosc and numcodecs.
const (
	// NoShuffle compresses the bytes as they are.
	NoShuffle Shuffle = 0
	// ByteShuffle groups byte k of every element together.
	ByteShuffle Shuffle = 1
	// BitShuffle groups bit b of byte k of every element together.
	BitShuffle Shuffle = 2
	// AutoShuffle, numcodecs' -1, is BitShuffle for a typesize of 1 and
	// ByteShuffle otherwise.
	AutoShuffle Shuffle = -1
)

// String returns the zarr v3 name of s: "noshuffle", "shuffle",
// "bitshuffle" or "autoshuffle".
func (s Shuffle) String() string {
	switch s {
	case NoShuffle:
		return "noshuffle"
	case ByteShuffle:
		return "shuffle"
	case BitShuffle:
		return "bitshuffle"
	case AutoShuffle:
		return "autoshuffle"
	}
	return fmt.Sprintf("Shuffle(%d)", int(s))
}

// Constants of the c-blosc 1.x frame format.
const (
	bloscHeaderSize   = 16
	bloscVersion      = 2 // BLOSC_VERSION_FORMAT written by c-blosc ≥ 1.4
	bloscMinBuffer    = 128
	bloscMaxSplits    = 16
	bloscL1           = 32 << 10
	bloscMaxTypesize  = 255
	bloscMaxBuffer    = 1<<31 - 1 - bloscHeaderSize
	bloscMaxBlocksize = (1<<31 - 1 - bloscMaxTypesize*4) / 3

	bloscFlagShuffle    = 0x1
	bloscFlagMemcpyed   = 0x2
	bloscFlagBitshuffle = 0x4
	bloscFlagReserved   = 0x8
	bloscFlagDontSplit  = 0x10
)

// Blosc compressor codes (BLOSC_BLOSCLZ...) and the on-disk format codes
// stored in the top three bits of the flags byte.
const (
	bloscCodeBlosclz = iota
	bloscCodeLZ4
	bloscCodeLZ4HC
	bloscCodeSnappy
	bloscCodeZlib
	bloscCodeZstd
)

var bloscCnames = [...]string{"blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"}

// bloscFormat maps a compressor code to its format code.
var bloscFormat = [...]byte{0, 1, 1, 2, 3, 4}

// bloscFormatName maps a format code to a name for messages.
var bloscFormatName = [...]string{"blosclz", "lz4", "snappy", "zlib", "zstd"}

// bloscMaxRatio bounds nbytes/cbytes for each format code, so that a
// corrupt header cannot make Decode allocate far more than its input can
// produce.
var bloscMaxRatio = [...]int{256, 256, 64, 1040, 1 << 16}

// BloscCodec is numcodecs' "blosc" codec: the c-blosc 1.x frame format.
type BloscCodec struct {
	cname     string
	code      int
	clevel    int
	shuffle   Shuffle
	typesize  int
	blocksize int
}

// Blosc returns numcodecs' Blosc codec. cname is one of "blosclz", "lz4",
// "lz4hc", "snappy", "zlib" and "zstd"; clevel runs from 0 (store) to 9;
// typesize is the element size in bytes that shuffling uses (numcodecs
// takes it from the array's dtype; values above 255 mean 1, as in
// c-blosc); blocksize 0 chooses c-blosc's automatic block size.
//
// Decoding reads every compressor, shuffle and block layout of c-blosc
// 1.x regardless of the parameters here, which only shape encoding.
func Blosc(cname string, clevel int, shuffle Shuffle, typesize int, blocksize int) (*BloscCodec, error) {
	code := -1
	for i, n := range bloscCnames {
		if n == cname {
			code = i
		}
	}
	switch {
	case code < 0:
		return nil, fmt.Errorf("codec: blosc: unknown compressor %q; want one of %v", cname, bloscCnames)
	case clevel < 0 || clevel > 9:
		return nil, fmt.Errorf("codec: blosc: clevel %d outside [0, 9]", clevel)
	case shuffle < AutoShuffle || shuffle > BitShuffle:
		return nil, fmt.Errorf("codec: blosc: invalid shuffle %d", int(shuffle))
	case typesize < 1:
		return nil, fmt.Errorf("codec: blosc: typesize %d less than 1", typesize)
	case blocksize < 0:
		return nil, fmt.Errorf("codec: blosc: negative blocksize %d", blocksize)
	}
	return &BloscCodec{cname: cname, code: code, clevel: clevel, shuffle: shuffle, typesize: typesize, blocksize: blocksize}, nil
}

// Cname returns the name of the compressor used for encoding.
func (c *BloscCodec) Cname() string { return c.cname }

// Clevel returns the compression level.
func (c *BloscCodec) Clevel() int { return c.clevel }

// Shuffle returns the shuffle filter as configured (AutoShuffle stays
// AutoShuffle).
func (c *BloscCodec) Shuffle() Shuffle { return c.shuffle }

// Typesize returns the element size used for shuffling.
func (c *BloscCodec) Typesize() int { return c.typesize }

// Blocksize returns the requested block size; 0 means automatic.
func (c *BloscCodec) Blocksize() int { return c.blocksize }

// bloscScratch holds per-call temporary buffers.
// bloscSlack is room past a block's bytes for decoders that write a few
// bytes beyond what they decode to take their fast paths (zstd's matches
// and literals are copied 16 bytes at a time up to the buffer's
// capacity).
const bloscSlack = 64

type bloscScratch struct {
	tmp, tmp2 []byte
}

var bloscScratchPool = sync.Pool{New: func() any { return new(bloscScratch) }}

func grow(b []byte, n int) []byte {
	if cap(b) >= n {
		return b[:n]
	}
	return make([]byte, n)
}

// Decode implements Codec.
func (c *BloscCodec) Decode(src []byte) ([]byte, error) { return c.DecodeTo(nil, src) }

// DecodeTo implements DecoderTo.
func (c *BloscCodec) DecodeTo(dst, src []byte) ([]byte, error) {
	return bloscDecode(dst, src)
}

// VerbatimHead implements Verbatim: the frame header.
func (c *BloscCodec) VerbatimHead(int) int { return bloscHeaderSize }

// VerbatimAt implements Verbatim: a frame flagged as stored (memcpyed),
// which holds the input unshuffled after its header.
func (c *BloscCodec) VerbatimAt(head []byte, size, n int) (int, bool) {
	if len(head) < bloscHeaderSize || head[2]&bloscFlagMemcpyed == 0 || head[2]&bloscFlagReserved != 0 ||
		head[0] == 0 || head[0] > bloscVersion {
		return 0, false
	}
	nbytes, cbytes, _, _ := BloscSizes(head)
	if nbytes != n || cbytes != n+bloscHeaderSize || size != cbytes {
		return 0, false
	}
	return bloscHeaderSize, true
}

// BloscSizes returns the decoded size, the encoded size and the block
// size recorded in the header of the Blosc frame src.
func BloscSizes(src []byte) (nbytes, cbytes, blocksize int, err error) {
	if len(src) < bloscHeaderSize {
		return 0, 0, 0, corruptf("blosc", "%d bytes is shorter than the 16-byte header", len(src))
	}
	nbytes = int(int32(binary.LittleEndian.Uint32(src[4:])))
	blocksize = int(int32(binary.LittleEndian.Uint32(src[8:])))
	cbytes = int(int32(binary.LittleEndian.Uint32(src[12:])))
	return nbytes, cbytes, blocksize, nil
}

func bloscDecode(dst, src []byte) ([]byte, error) {
	nbytes, cbytes, blocksize, err := BloscSizes(src)
	if err != nil {
		return nil, err
	}
	version, versionlz, flags, typesize := src[0], src[1], src[2], int(src[3])
	switch {
	case version == 0 || version > bloscVersion:
		return nil, unsupportedf("blosc", "format version %d", version)
	case flags&bloscFlagReserved != 0:
		return nil, unsupportedf("blosc", "flags %#x from a newer format", flags)
	case nbytes < 0 || nbytes > MaxDecodedSize:
		return nil, corruptf("blosc", "header claims %d bytes", nbytes)
	case cbytes < bloscHeaderSize:
		return nil, corruptf("blosc", "header claims %d compressed bytes", cbytes)
	case cbytes > len(src):
		return nil, corruptf("blosc", "truncated: header claims %d compressed bytes, have %d", cbytes, len(src))
	case cbytes < len(src):
		return nil, corruptf("blosc", "%d bytes after the %d-byte frame", len(src)-cbytes, cbytes)
	}
	src = src[:cbytes]
	if nbytes == 0 {
		return dst[:0], nil
	}
	if blocksize <= 0 || blocksize > nbytes || blocksize > bloscMaxBlocksize || typesize == 0 {
		return nil, corruptf("blosc", "blocksize %d, typesize %d for %d bytes", blocksize, typesize, nbytes)
	}
	if flags&bloscFlagMemcpyed != 0 {
		if cbytes != nbytes+bloscHeaderSize {
			return nil, corruptf("blosc", "stored frame of %d bytes holds %d", cbytes, nbytes)
		}
		out := sizedBuffer(dst, nbytes)
		copy(out, src[bloscHeaderSize:])
		return out, nil
	}
	format := int(flags >> 5)
	if format >= len(bloscFormatName) {
		return nil, unsupportedf("blosc", "compressor format %d", format)
	}
	if versionlz != 1 {
		return nil, unsupportedf("blosc", "%s format version %d", bloscFormatName[format], versionlz)
	}
	if nbytes/bloscMaxRatio[format] > cbytes {
		return nil, corruptf("blosc", "%d compressed bytes cannot hold %d bytes of %s", cbytes, nbytes, bloscFormatName[format])
	}
	nblocks := nbytes / blocksize
	leftover := nbytes % blocksize
	if leftover > 0 {
		nblocks++
	}
	if nblocks > (cbytes-bloscHeaderSize)/4 {
		return nil, corruptf("blosc", "%d blocks do not fit %d compressed bytes", nblocks, cbytes)
	}

	if err := bloscCheckStreams(src, flags, typesize, nbytes, blocksize, nblocks, leftover); err != nil {
		return nil, err
	}
	out := sizedBuffer(dst, nbytes)
	s := bloscScratchPool.Get().(*bloscScratch)
	defer bloscScratchPool.Put(s)
	// The slack past a block lets zstd's decoder take its fast path,
	// which may write a few bytes beyond what it decodes (blocks are
	// decoded in order, so the next one's bytes are not yet written).
	s.tmp = grow(s.tmp, blocksize+bloscSlack)[:blocksize]
	if flags&bloscFlagBitshuffle != 0 {
		s.tmp2 = grow(s.tmp2, blocksize)
	}
	for j := 0; j < nblocks; j++ {
		bsize := blocksize
		last := j == nblocks-1 && leftover > 0
		if last {
			bsize = leftover
		}
		start := int(int32(binary.LittleEndian.Uint32(src[bloscHeaderSize+4*j:])))
		if err := bloscDecodeBlock(out[j*blocksize:j*blocksize+bsize], src, start, flags, typesize, last, s); err != nil {
			return nil, fmt.Errorf("codec: blosc: block %d: %w", j, err)
		}
	}
	return out, nil
}

// bloscStreamMaxRatio bounds the expansion of one stream of each format
// code: LZ4 and BloscLZ add at most 255 bytes per input byte, snappy
// about 64/3, deflate 1032, and a zstd block of 128 KiB needs at least 4
// bytes (an RLE block).
var bloscStreamMaxRatio = [...]int{256, 256, 24, 1040, 1 << 15}

// bloscCheckStreams walks the block and stream headers of a frame, before
// anything is allocated, and checks that each stream lies within src and
// is large enough to produce the bytes its block claims.
func bloscCheckStreams(src []byte, flags byte, typesize, nbytes, blocksize, nblocks, leftover int) error {
	format := int(flags >> 5)
	ratio := bloscStreamMaxRatio[format]
	for j := 0; j < nblocks; j++ {
		bsize := blocksize
		last := j == nblocks-1 && leftover > 0
		if last {
			bsize = leftover
		}
		nsplits := 1
		if flags&bloscFlagDontSplit == 0 && typesize <= bloscMaxSplits && bsize/typesize >= bloscMinBuffer && !last {
			nsplits = typesize
		}
		neblock := bsize / nsplits
		off := int(int32(binary.LittleEndian.Uint32(src[bloscHeaderSize+4*j:])))
		for k := 0; k < nsplits; k++ {
			if off < 0 || off > len(src)-4 {
				return corruptf("blosc", "block %d: stream offset %d outside %d bytes", j, off, len(src))
			}
			n := int(int32(binary.LittleEndian.Uint32(src[off:])))
			off += 4
			if n < 0 || n > len(src)-off {
				return corruptf("blosc", "block %d: stream of %d bytes at %d overruns %d bytes", j, n, off, len(src))
			}
			if n != neblock && neblock/ratio > n {
				return corruptf("blosc", "block %d: %d-byte %s stream cannot hold %d bytes", j, n, bloscFormatName[format], neblock)
			}
			off += n
		}
	}
	return nil
}

// bloscDecodeBlock decodes one block whose streams start at src[start:]
// into dst, which has the block's length.
func bloscDecodeBlock(dst, src []byte, start int, flags byte, typesize int, last bool, s *bloscScratch) error {
	bsize := len(dst)
	doShuffle := flags&bloscFlagShuffle != 0 && typesize > 1
	doBitshuffle := flags&bloscFlagBitshuffle != 0 && bsize >= typesize
	buf := dst
	if doShuffle || doBitshuffle {
		buf = s.tmp[:bsize]
	}
	nsplits := 1
	if flags&bloscFlagDontSplit == 0 && typesize <= bloscMaxSplits && bsize/typesize >= bloscMinBuffer && !last {
		nsplits = typesize
	}
	neblock := bsize / nsplits
	if neblock*nsplits != bsize {
		// c-blosc only splits blocks that are whole multiples of typesize.
		return corruptf("blosc", "block of %d bytes split into %d streams", bsize, nsplits)
	}
	format := int(flags >> 5)
	off := start
	for k := 0; k < nsplits; k++ {
		if off < 0 || off > len(src)-4 {
			return corruptf("blosc", "stream offset %d outside %d bytes", off, len(src))
		}
		n := int(int32(binary.LittleEndian.Uint32(src[off:])))
		off += 4
		if n < 0 || n > len(src)-off {
			return corruptf("blosc", "stream of %d bytes at %d overruns %d bytes", n, off, len(src))
		}
		in := src[off : off+n]
		part := buf[k*neblock : (k+1)*neblock]
		if n == neblock {
			copy(part, in)
		} else if err := bloscDecompress(format, part, in); err != nil {
			return err
		}
		off += n
	}
	switch {
	case doShuffle:
		UnshuffleBytes(dst, buf, typesize)
	case doBitshuffle:
		bitunshuffle(dst, buf, s.tmp2, typesize)
	}
	return nil
}

// bloscDecompress decodes one stream of the given format into all of dst.
func bloscDecompress(format int, dst, src []byte) error {
	switch format {
	case 0:
		return blosclzDecompress(dst, src)
	case 1:
		return decodeLZ4Block(dst, src)
	case 2:
		n, err := s2.DecodedLen(src)
		if err != nil || n != len(dst) {
			return fmt.Errorf("%w: snappy stream of %d bytes, want %d", ErrCorrupt, n, len(dst))
		}
		out, err := s2.Decode(dst, src)
		if err != nil {
			return fmt.Errorf("%w: snappy: %v", ErrCorrupt, err)
		}
		if len(out) != len(dst) || &out[0] != &dst[0] {
			return fmt.Errorf("%w: snappy stream size", ErrCorrupt)
		}
		return nil
	case 3:
		return InflateExact(dst, src)
	case 4:
		return zstdDecompressExact(dst, src)
	}
	return unsupportedf("blosc", "compressor format %d", format)
}

// Encode implements Codec. The frame follows c-blosc 1.x exactly
// (format version 2, c-blosc's automatic block size and split rules); the
// compressed streams come from pure-Go compressors, so the bytes differ
// from c-blosc's own while decoding to the same data in any Blosc reader.
func (c *BloscCodec) Encode(src []byte) ([]byte, error) { return c.EncodeTo(nil, src) }

// EncodeTo implements EncoderTo.
func (c *BloscCodec) EncodeTo(out, src []byte) ([]byte, error) {
	nbytes := len(src)
	if nbytes > bloscMaxBuffer {
		return nil, fmt.Errorf("codec: blosc: input of %d bytes exceeds %d", nbytes, bloscMaxBuffer)
	}
	typesize := c.typesize
	if typesize > bloscMaxTypesize {
		typesize = 1
	}
	shuffle := c.shuffle
	if shuffle == AutoShuffle {
		shuffle = ByteShuffle
		if typesize == 1 {
			shuffle = BitShuffle
		}
	}
	blocksize := bloscComputeBlocksize(c.code, c.clevel, typesize, nbytes, c.blocksize)
	nblocks := 0
	leftover := 0
	if nbytes > 0 {
		nblocks = nbytes / blocksize
		leftover = nbytes % blocksize
		if leftover > 0 {
			nblocks++
		}
	}
	flags := bloscFormat[c.code] << 5
	switch shuffle {
	case ByteShuffle:
		flags |= bloscFlagShuffle
	case BitShuffle:
		flags |= bloscFlagBitshuffle
	}
	if !bloscSplitBlock(c.code, typesize, blocksize) {
		flags |= bloscFlagDontSplit
	}
	maxbytes := nbytes + bloscHeaderSize
	start := len(out)
	out, dst := extend(out, maxbytes)
	dst[0] = bloscVersion
	dst[1] = 1 // every compressor's format version is 1
	dst[3] = byte(typesize)
	binary.LittleEndian.PutUint32(dst[4:], uint32(nbytes))
	binary.LittleEndian.PutUint32(dst[8:], uint32(blocksize))

	memcpyed := c.clevel == 0 || nbytes < bloscMinBuffer
	ntbytes := 0
	if !memcpyed {
		ntbytes = bloscHeaderSize + 4*nblocks
		s := bloscScratchPool.Get().(*bloscScratch)
		enc := bloscEncoder{code: c.code, clevel: c.clevel}
		for j := 0; j < nblocks; j++ {
			bsize := blocksize
			last := j == nblocks-1 && leftover > 0
			if last {
				bsize = leftover
			}
			binary.LittleEndian.PutUint32(dst[bloscHeaderSize+4*j:], uint32(ntbytes))
			n, err := enc.block(dst, ntbytes, src[j*blocksize:j*blocksize+bsize], flags, typesize, last, s)
			if err != nil {
				bloscScratchPool.Put(s)
				return nil, fmt.Errorf("codec: blosc: %w", err)
			}
			if n == 0 { // incompressible: store the whole buffer
				memcpyed = true
				break
			}
			ntbytes += n
		}
		bloscScratchPool.Put(s)
	}
	if memcpyed {
		flags |= bloscFlagMemcpyed
		copy(dst[bloscHeaderSize:], src)
		ntbytes = maxbytes
	}
	dst[2] = flags
	binary.LittleEndian.PutUint32(dst[12:], uint32(ntbytes))
	return out[:start+ntbytes], nil
}

// bloscSplitBlock is c-blosc's split_block in its default
// BLOSC_FORWARD_COMPAT_SPLIT mode.
func bloscSplitBlock(code, typesize, blocksize int) bool {
	return code != bloscCodeZstd && typesize <= bloscMaxSplits && blocksize/typesize >= bloscMinBuffer
}

// bloscComputeBlocksize is c-blosc 1.x's compute_blocksize.
func bloscComputeBlocksize(code, clevel, typesize, nbytes, forced int) int {
	if nbytes < typesize {
		return 1
	}
	hcr := code == bloscCodeLZ4HC || code == bloscCodeZlib || code == bloscCodeZstd
	blocksize := nbytes
	if forced > 0 {
		blocksize = min(max(forced, bloscMinBuffer), bloscMaxBlocksize)
	} else if nbytes >= bloscL1 {
		blocksize = bloscL1
		if hcr {
			blocksize *= 2
		}
		switch clevel {
		case 0:
			blocksize /= 4
		case 1:
			blocksize /= 2
		case 2:
		case 3:
			blocksize *= 2
		case 4, 5:
			blocksize *= 4
		case 6, 7, 8:
			blocksize *= 8
		case 9:
			blocksize *= 8
			if hcr {
				blocksize *= 2
			}
		}
	}
	if clevel > 0 && bloscSplitBlock(code, typesize, blocksize) {
		blocksize = min(blocksize, 1<<18) * typesize
		blocksize = min(max(blocksize, 1<<16), 1<<20)
	}
	blocksize = min(blocksize, nbytes)
	if blocksize > typesize {
		blocksize = blocksize / typesize * typesize
	}
	return blocksize
}

// bloscEncoder compresses the streams of one frame.
type bloscEncoder struct {
	code, clevel int
}

// block is c-blosc's blosc_c: it shuffles and compresses one block into
// dst starting at offset ntbytes, returning the bytes written, or 0 when
// the frame would not fit in len(dst) and must be stored instead.
func (e *bloscEncoder) block(dst []byte, ntbytes int, src []byte, flags byte, typesize int, last bool, s *bloscScratch) (int, error) {
	bsize := len(src)
	maxbytes := len(dst)
	in := src
	if flags&bloscFlagShuffle != 0 && typesize > 1 {
		s.tmp = grow(s.tmp, bsize)
		ShuffleBytes(s.tmp, src, typesize)
		in = s.tmp
	} else if flags&bloscFlagBitshuffle != 0 && bsize >= typesize {
		s.tmp, s.tmp2 = grow(s.tmp, bsize), grow(s.tmp2, bsize)
		bitshuffle(s.tmp, src, s.tmp2, typesize)
		in = s.tmp
	}
	nsplits := 1
	if flags&bloscFlagDontSplit == 0 && !last {
		nsplits = typesize
	}
	neblock := bsize / nsplits
	written := 0
	for k := 0; k < nsplits; k++ {
		part := in[k*neblock : (k+1)*neblock]
		ntbytes += 4
		written += 4
		maxout := neblock
		if ntbytes+maxout > maxbytes {
			maxout = maxbytes - ntbytes
			if maxout <= 0 {
				return 0, nil
			}
		}
		comp, err := e.compress(part, min(maxout, neblock-1), s)
		if err != nil {
			return 0, err
		}
		n := len(comp)
		if n == 0 || n >= neblock || n > maxout {
			// Not compressible within the room left: store the stream.
			if ntbytes+neblock > maxbytes {
				return 0, nil
			}
			copy(dst[ntbytes:], part)
			n = neblock
		} else {
			copy(dst[ntbytes:], comp)
		}
		binary.LittleEndian.PutUint32(dst[ntbytes-4:], uint32(n))
		ntbytes += n
		written += n
	}
	return written, nil
}

// compress compresses one stream with the frame's compressor, returning
// a slice valid until the next call. A stream that does not compress to
// limit bytes or fewer is stored; LZ4 stops as soon as it is over (an
// empty result), as c-blosc's does, and runs at c-blosc's acceleration
// of 10 - clevel.
func (e *bloscEncoder) compress(src []byte, limit int, s *bloscScratch) ([]byte, error) {
	switch e.code {
	case bloscCodeLZ4:
		s.tmp2 = grow(s.tmp2, max(limit, 0))
		n := lz4Compress(s.tmp2, src, 10-e.clevel)
		return s.tmp2[:n], nil
	case bloscCodeLZ4HC:
		s.tmp2 = grow(s.tmp2, lz4.CompressBlockBound(len(src)))
		hc := lz4.CompressorHC{Level: lz4.CompressionLevel(1 << (8 + e.clevel))}
		n, err := hc.CompressBlock(src, s.tmp2)
		return s.tmp2[:n], err
	case bloscCodeSnappy:
		s.tmp2 = grow(s.tmp2, s2.MaxEncodedLen(len(src)))
		return s2.EncodeSnappy(s.tmp2, src), nil
	case bloscCodeZlib:
		out, err := zlibWriters.encode(s.tmp2[:0], src, e.clevel)
		s.tmp2 = out
		return out, err
	case bloscCodeZstd:
		// c-blosc's zstd_wrap_compress level mapping.
		level := 22
		if e.clevel < 9 {
			level = 2*e.clevel - 1
		}
		if e.clevel == 8 {
			level = 20
		}
		s.tmp2 = grow(s.tmp2, len(src)+len(src)/8+64)
		return zstdEncode(s.tmp2[:0], src, level, false)
	case bloscCodeBlosclz:
		s.tmp2 = grow(s.tmp2, len(src)+len(src)/32+16)
		return blosclzCompress(s.tmp2, src), nil
	}
	return nil, fmt.Errorf("unknown compressor code %d", e.code)
}
