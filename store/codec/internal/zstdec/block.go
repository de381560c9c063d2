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
	in = in[used:]
	lits := d.lits[:nlit]
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

// literals decodes the literals section at the start of in into d.lits
// and returns how many literals it holds and the bytes it used.
func (d *Decoder) literals(in []byte) (int, int, error) {
	if len(in) == 0 {
		return 0, 0, errf("literals section missing")
	}
	kind := in[0] & 3
	format := in[0] >> 2 & 3
	if kind < 2 {
		var n, hl int
		switch format {
		case 0, 2:
			n, hl = int(in[0]>>3), 1
		case 1:
			if len(in) < 2 {
				return 0, 0, errf("literals header truncated")
			}
			n, hl = int(in[0]>>4)+int(in[1])<<4, 2
		case 3:
			if len(in) < 3 {
				return 0, 0, errf("literals header truncated")
			}
			n, hl = int(in[0]>>4)+int(in[1])<<4+int(in[2])<<12, 3
		}
		if n > blockMax {
			return 0, 0, errf("%d literals in a block", n)
		}
		lits := d.litBuf(n)
		if kind == 0 {
			if len(in)-hl < n {
				return 0, 0, errf("raw literals truncated")
			}
			copy(lits, in[hl:hl+n])
			return n, hl + n, nil
		}
		if len(in) <= hl {
			return 0, 0, errf("RLE literals truncated")
		}
		b := in[hl]
		for i := range lits {
			lits[i] = b
		}
		return n, hl + 1, nil
	}
	var n, size, hl int
	streams := 4
	switch format {
	case 0, 1:
		if len(in) < 3 {
			return 0, 0, errf("literals header truncated")
		}
		v := int(in[0]) | int(in[1])<<8 | int(in[2])<<16
		n, size, hl = v>>4&1023, v>>14&1023, 3
		if format == 0 {
			streams = 1
		}
	case 2:
		if len(in) < 4 {
			return 0, 0, errf("literals header truncated")
		}
		v := int(in[0]) | int(in[1])<<8 | int(in[2])<<16 | int(in[3])<<24
		n, size, hl = v>>4&(1<<14-1), v>>18&(1<<14-1), 4
	case 3:
		if len(in) < 5 {
			return 0, 0, errf("literals header truncated")
		}
		v := int(in[0]) | int(in[1])<<8 | int(in[2])<<16 | int(in[3])<<24 | int(in[4])<<32
		n, size, hl = v>>4&(1<<18-1), v>>22&(1<<18-1), 5
	}
	if n > blockMax {
		return 0, 0, errf("%d literals in a block", n)
	}
	if size > len(in)-hl {
		return 0, 0, errf("compressed literals truncated")
	}
	src := in[hl : hl+size]
	if kind == 2 {
		used, err := d.readHuf(src)
		if err != nil {
			return 0, 0, err
		}
		src = src[used:]
	} else if !d.huf.ok {
		return 0, 0, errf("treeless literals without a previous Huffman table")
	}
	lits := d.litBuf(n)
	var err error
	if streams == 1 {
		err = huf1(lits, src, &d.huf)
	} else {
		err = huf4(lits, src, &d.huf)
	}
	if err != nil {
		return 0, 0, err
	}
	return n, hl + size, nil
}

// litBuf returns d.lits[:n], with slack bytes after it.
func (d *Decoder) litBuf(n int) []byte {
	if cap(d.lits) < n+slack {
		d.lits = make([]byte, 0, max(n, 4<<10)+slack)
	}
	return d.lits[:n]
}
