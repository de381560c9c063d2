package zstdec

// block decodes the compressed block in (RFC 8878 section 3.1.1.3) and
// appends its content to dst, no further than end, growing dst when it
// lacks the room.
// Matches may reach back to frameStart, and no further than window.
func (d *Decoder) block(dst, in []byte, frameStart, window, end int) ([]byte, error) {
	nlit, used, err := d.literals(in)
	if err != nil {
		return dst, err
	}
	return d.seqSection(dst, in[used:], d.lits[:nlit], frameStart, window, end)
}

// blockPair decodes the compressed blocks a and b, one after the other,
// as block does, and appends their content to dst, each block no
// further than bmax past where it starts nor past end. When both hold
// long four-stream Huffman literals, it decodes the two literal
// sections at once, their eight streams in one loop, before either
// block's sequences.
func (d *Decoder) blockPair(dst, a, b []byte, frameStart, window, end, bmax int) ([]byte, error) {
	la, errA := parseLits(a)
	lb, errB := parseLits(b)
	if errA != nil || errB != nil || !la.pairs(lb) {
		dst, err := d.block(dst, a, frameStart, window, min(end, len(dst)+bmax))
		if err != nil {
			return dst, err
		}
		return d.block(dst, b, frameStart, window, min(end, len(dst)+bmax))
	}
	ta, tb := d.huf(), d.huf()
	streamsA, err := d.hufSection(ta, la, a)
	if err != nil {
		return dst, err
	}
	if lb.kind == 2 {
		d.cur = 1 - d.cur // the tree a later treeless section takes
		tb = d.huf()
	}
	streamsB, err := d.hufSection(tb, lb, b)
	if err != nil {
		return dst, err
	}
	q := pairStride(max((la.n+3)/4, (lb.n+3)/4))
	lits := d.litBuf(8 * q)
	if err := huf4Pair(lits, q, la.n, lb.n, streamsA, streamsB, ta, tb, &d.cells8); err != nil {
		return dst, err
	}
	dst, err = d.seqSection(dst, a[la.hl+la.size:], lits[:la.n], frameStart, window, min(end, len(dst)+bmax))
	if err != nil {
		return dst, err
	}
	return d.seqSection(dst, b[lb.hl+lb.size:], lits[4*q:4*q+lb.n], frameStart, window, min(end, len(dst)+bmax))
}

// seqSection decodes the sequences section in of a block whose literals
// are lits, and appends the block's content to dst as block does.
func (d *Decoder) seqSection(dst, in, lits []byte, frameStart, window, end int) ([]byte, error) {
	nlit := len(lits)
	if len(in) == 0 {
		return dst, errf("sequences section missing")
	}
	nseq := int(in[0])
	switch {
	case nseq == 0:
		if len(in) != 1 {
			return dst, errf("bytes after an empty sequences section")
		}
		if nlit > end-len(dst) {
			return dst, errf("content past the bytes allowed")
		}
		if cap(dst)-len(dst) < nlit {
			dst = grow(dst, nlit)
		}
		return append(dst, lits...), nil
	case nseq < 128:
		in = in[1:]
	case nseq < 255:
		if len(in) < 2 {
			return dst, errf("sequences header truncated")
		}
		nseq = (nseq-128)<<8 + int(in[1])
		in = in[2:]
	default:
		if len(in) < 3 {
			return dst, errf("sequences header truncated")
		}
		nseq = int(in[1]) + int(in[2])<<8 + 0x7F00
		in = in[3:]
	}
	if len(in) == 0 {
		return dst, errf("sequences header truncated")
	}
	modes := in[0]
	if modes&3 != 0 {
		return dst, errf("reserved bits set in the sequence modes")
	}
	in = in[1:]
	for i, kind := range [3]int{kindLL, kindOF, kindML} {
		n, err := d.tables[kind].read(modes>>(6-2*i)&3, kind, in)
		if err != nil {
			return dst, err
		}
		in = in[n:]
	}
	return d.sequences(dst, in, nseq, lits, frameStart, window, end)
}

// litHeader is the header of a literals section (RFC 8878 section
// 3.1.1.3.1).
type litHeader struct {
	kind    byte // 0 raw, 1 RLE, 2 Huffman with its tree, 3 Huffman with the previous tree
	streams int  // 1 or 4, of a Huffman section
	n       int  // the literals
	hl      int  // the header's bytes
	size    int  // the bytes after the header: the literals, the RLE byte, or tree and streams
}

// pairMinLiterals is the least literals each of two Huffman sections
// must hold for blockPair to decode them together.
const pairMinLiterals = 8 << 10

// pairs reports whether h and next, the literals of consecutive blocks,
// are decoded together: both Huffman-coded in four streams, and long.
func (h litHeader) pairs(next litHeader) bool {
	return haveHufLoop && h.kind >= 2 && next.kind >= 2 && h.streams == 4 && next.streams == 4 &&
		h.n >= pairMinLiterals && next.n >= pairMinLiterals
}

// parseLits reads the header of the literals section at the start of in
// and checks that the section fits in.
func parseLits(in []byte) (litHeader, error) {
	if len(in) == 0 {
		return litHeader{}, errf("literals section missing")
	}
	h := litHeader{kind: in[0] & 3}
	format := in[0] >> 2 & 3
	if h.kind < 2 {
		switch format {
		case 0, 2:
			h.n, h.hl = int(in[0]>>3), 1
		case 1:
			if len(in) < 2 {
				return h, errf("literals header truncated")
			}
			h.n, h.hl = int(in[0]>>4)+int(in[1])<<4, 2
		case 3:
			if len(in) < 3 {
				return h, errf("literals header truncated")
			}
			h.n, h.hl = int(in[0]>>4)+int(in[1])<<4+int(in[2])<<12, 3
		}
		if h.n > blockMax {
			return h, errf("%d literals in a block", h.n)
		}
		if h.kind == 0 {
			h.size = h.n
			if len(in)-h.hl < h.n {
				return h, errf("raw literals truncated")
			}
		} else {
			h.size = 1
			if len(in) <= h.hl {
				return h, errf("RLE literals truncated")
			}
		}
		return h, nil
	}
	h.streams = 4
	switch format {
	case 0, 1:
		if len(in) < 3 {
			return h, errf("literals header truncated")
		}
		v := int(in[0]) | int(in[1])<<8 | int(in[2])<<16
		h.n, h.size, h.hl = v>>4&1023, v>>14&1023, 3
		if format == 0 {
			h.streams = 1
		}
	case 2:
		if len(in) < 4 {
			return h, errf("literals header truncated")
		}
		v := int(in[0]) | int(in[1])<<8 | int(in[2])<<16 | int(in[3])<<24
		h.n, h.size, h.hl = v>>4&(1<<14-1), v>>18&(1<<14-1), 4
	case 3:
		if len(in) < 5 {
			return h, errf("literals header truncated")
		}
		v := int(in[0]) | int(in[1])<<8 | int(in[2])<<16 | int(in[3])<<24 | int(in[4])<<32
		h.n, h.size, h.hl = v>>4&(1<<18-1), v>>22&(1<<18-1), 5
	}
	if h.n > blockMax {
		return h, errf("%d literals in a block", h.n)
	}
	if h.size > len(in)-h.hl {
		return h, errf("compressed literals truncated")
	}
	return h, nil
}

// hufSection reads the tree of the Huffman literals section h at the
// start of in into t when the section has its own (t must then hold the
// previous tree otherwise), and returns the section's streams.
func (d *Decoder) hufSection(t *hufTable, h litHeader, in []byte) ([]byte, error) {
	src := in[h.hl : h.hl+h.size]
	if h.kind == 2 {
		used, err := d.readHuf(t, src)
		if err != nil {
			return nil, err
		}
		src = src[used:]
	} else if !t.ok {
		return nil, errf("treeless literals without a previous Huffman table")
	}
	return src, nil
}

// literals decodes the literals section at the start of in into d.lits
// and returns how many literals it holds and the bytes it used.
func (d *Decoder) literals(in []byte) (int, int, error) {
	h, err := parseLits(in)
	if err != nil {
		return 0, 0, err
	}
	lits := d.litBuf(h.n)
	switch h.kind {
	case 0:
		copy(lits, in[h.hl:h.hl+h.n])
	case 1:
		b := in[h.hl]
		for i := range lits {
			lits[i] = b
		}
	default:
		src, err := d.hufSection(d.huf(), h, in)
		if err != nil {
			return 0, 0, err
		}
		if h.streams == 1 {
			err = huf1(lits, src, d.huf())
		} else {
			err = huf4(lits, src, d.huf())
		}
		if err != nil {
			return 0, 0, err
		}
	}
	return h.n, h.hl + h.size, nil
}

// litBuf returns d.lits[:n], with slack bytes after it.
func (d *Decoder) litBuf(n int) []byte {
	if cap(d.lits) < n+slack {
		d.lits = make([]byte, 0, max(n, 4<<10)+slack)
	}
	return d.lits[:n]
}
