package zstdec

import (
	"encoding/binary"
)

// seqState is the state of sequence execution that the assembly loop
// (seqLoop) shares with sequences, the seq field of a Decoder: the
// assembly finds the decoding tables (the Decoder's) at their offsets
// from it.
type seqState struct {
	word, used uint64 // the bit reader: word = in[ptr:ptr+8], top used bits consumed
	ptr        int
	in         *byte
	llS        uint64 // the states
	ofS        uint64
	mlS        uint64
	out        *byte // the content
	op         int
	limit      int // seqLoop executes sequences ending by out[limit], slack after
	lits       *byte
	lp         int
	nlit       int
	start      int // the frame's first byte in out
	window     int
	rep        [3]uint64
	i          int // index of the next sequence, counting down to 0
	ll, ml     int // a decoded sequence seqLoop left to execute
	off        int
}

// What seqLoop returns.
const (
	seqStopped   = iota // it needs the careful loop: near a buffer's end
	seqPending          // sequence ll, ml, off is decoded but not executed
	seqErrLits          // a sequence takes literals past their end
	seqErrOffset        // a match reaches before the frame or the window
	seqErrRepeat        // a repeat offset of zero
)

// sequences decodes the nseq sequences of the bit stream in and
// executes them (RFC 8878 sections 3.1.1.3.2 and 3.1.1.4): each copies
// literals from lits, then a match from the content decoded so far.
// The content is appended to dst, no further than end; dst grows when
// it lacks the room.
//
// Where an assembly loop exists, it decodes and executes the sequences
// while both the bit stream and the buffers are far from their ends, and
// this loop does the rest.
func (d *Decoder) sequences(dst, in []byte, nseq int, lits []byte, frameStart, window, end int) ([]byte, error) {
	var br backReader
	if !br.init(in) {
		return dst, errf("sequence bit stream is empty or unterminated")
	}
	// The states index whole arrays under a mask: no bounds checks.
	llT, ofT, mlT := &d.tables[kindLL].own, &d.tables[kindOF].own, &d.tables[kindML].own
	llS := br.get(d.tables[kindLL].log)
	ofS := br.get(d.tables[kindOF].log)
	mlS := br.get(d.tables[kindML].log)
	const mask = 511
	rep0, rep1, rep2 := d.rep[0], d.rep[1], d.rep[2]
	out := dst[:cap(dst)]
	op := len(dst)
	room := min(end, len(out)) // out[:room] may hold content
	lp := 0
	nlit := len(lits)
	lits = lits[:cap(lits)]
	// The bit reader lives in locals here: word holds in[ptr:ptr+8],
	// of which the top used bits are consumed.
	word, used, ptr, bin := br.word, br.used, br.ptr, br.in
	for i := nseq - 1; i >= 0; i-- {
		var ll, ml int
		var off uint32
		if haveSeqLoop && i > 0 && ptr >= 16 && len(out)-slack > op {
			s := &d.seq
			*s = seqState{
				word: word, used: uint64(used), ptr: ptr, in: &bin[0],
				llS: llS, ofS: ofS, mlS: mlS,
				out: &out[0], op: op, limit: min(room, len(out)-slack),
				lits: &lits[0], lp: lp, nlit: nlit,
				start: frameStart, window: window,
				rep: [3]uint64{uint64(rep0), uint64(rep1), uint64(rep2)},
				i:   i,
			}
			r := seqLoop(s)
			word, used, ptr = s.word, uint(s.used), s.ptr
			llS, ofS, mlS = s.llS, s.ofS, s.mlS
			op, lp, i = s.op, s.lp, s.i
			rep0, rep1, rep2 = uint32(s.rep[0]), uint32(s.rep[1]), uint32(s.rep[2])
			switch r {
			case seqStopped:
				i++ // the loop's i-- comes back to s.i
				continue
			case seqPending:
				// seqLoop decremented i past the pending sequence: the
				// loop's i-- does it again.
				i++
				ll, ml, off = s.ll, s.ml, uint32(s.off)
				goto execute
			case seqErrLits:
				return dst, errf("sequence takes literals past their end")
			case seqErrOffset:
				return dst, errf("match offset %d past the content's start", s.off)
			default:
				return dst, errf("repeat offset of zero")
			}
		}
		{
			if ptr >= 8 {
				ptr -= int(used >> 3)
				used &= 7
			} else {
				n := min(int(used>>3), ptr)
				ptr -= n
				used -= uint(n) * 8
			}
			word = binary.LittleEndian.Uint64(bin[ptr:])
			ofc := ofT[ofS&mask]
			mlc := mlT[mlS&mask]
			llc := llT[llS&mask]
			ofv := ofc.base + uint32(word<<(used&63)>>1>>(63-ofc.extra))
			used += uint(ofc.extra)
			ml = int(mlc.base) + int(word<<(used&63)>>1>>(63-mlc.extra))
			used += uint(mlc.extra)
			if ofc.extra+mlc.extra+llc.extra > 56-7-26 {
				if ptr >= 8 {
					ptr -= int(used >> 3)
					used &= 7
				} else {
					n := min(int(used>>3), ptr)
					ptr -= n
					used -= uint(n) * 8
				}
				word = binary.LittleEndian.Uint64(bin[ptr:])
			}
			ll = int(llc.base) + int(word<<(used&63)>>1>>(63-llc.extra))
			used += uint(llc.extra)
			if used > 64 {
				return dst, errf("sequence bit stream overread")
			}
			if ofc.extra > 1 {
				off = ofv - 3
				rep0, rep1, rep2 = off, rep0, rep1
			} else {
				idx := ofv - 1
				if ll == 0 {
					idx++
				}
				switch idx {
				case 0:
					off = rep0
				case 1:
					off = rep1
					rep0, rep1 = off, rep0
				case 2:
					off = rep2
					rep0, rep1, rep2 = off, rep0, rep1
				default:
					off = rep0 - 1
					if off == 0 {
						return dst, errf("repeat offset of zero")
					}
					rep0, rep1, rep2 = off, rep0, rep1
				}
			}
			if i > 0 {
				llS = uint64(llc.next) + word<<(used&63)>>1>>(63-llc.nb)
				used += uint(llc.nb)
				mlS = uint64(mlc.next) + word<<(used&63)>>1>>(63-mlc.nb)
				used += uint(mlc.nb)
				ofS = uint64(ofc.next) + word<<(used&63)>>1>>(63-ofc.nb)
				used += uint(ofc.nb)
			}
		}

	execute:
		if ll > nlit-lp {
			return dst, errf("sequence takes literals past their end")
		}
		if ll+ml > room-op {
			if ll+ml > end-op {
				return dst, errf("sequence writes past the block's end")
			}
			out = grow(out[:op], ll+ml)
			out = out[:cap(out)]
			room = min(end, len(out))
		}
		if int(off) > op+ll-frameStart || int(off) > window {
			return dst, errf("match offset %d past the content's start", off)
		}
		if op+ll+ml+slack <= len(out) {
			// Wide copies that may overrun: the literals have slack, and
			// so does out.
			*(*[16]byte)(out[op:]) = *(*[16]byte)(lits[lp:])
			for k := 16; k < ll; k += 16 {
				*(*[16]byte)(out[op+k:]) = *(*[16]byte)(lits[lp+k:])
			}
			op += ll
			lp += ll
			switch {
			case off >= 64 && ml > 64:
				matchLong(out, op, int(off), ml)
			case off >= 16:
				src := op - int(off)
				*(*[16]byte)(out[op:]) = *(*[16]byte)(out[src:])
				for k := 16; k < ml; k += 16 {
					*(*[16]byte)(out[op+k:]) = *(*[16]byte)(out[src+k:])
				}
			default:
				matchShort(out, op, int(off), ml)
			}
			op += ml
			continue
		}
		copy(out[op:op+ll], lits[lp:lp+ll])
		op += ll
		lp += ll
		matchExact(out, op, int(off), ml)
		op += ml
	}
	br.word, br.used, br.ptr = word, used, ptr
	if !br.done() {
		return dst, errf("sequence bit stream not used exactly")
	}
	d.rep = [3]uint32{rep0, rep1, rep2}
	rest := nlit - lp
	if rest > room-op {
		if rest > end-op {
			return dst, errf("literals past the block's end")
		}
		out = grow(out[:op], rest)
		out = out[:cap(out)]
	}
	copy(out[op:op+rest], lits[lp:nlit])
	return out[:op+rest], nil
}

// matchLong copies the ml bytes at distance off (64 or more) before
// out[op:] to out[op:], a piece of up to off bytes at a time: a piece's
// source lies wholly before it, so each is one memmove.
func matchLong(out []byte, op, off, ml int) {
	for k := 0; k < ml; k += off {
		n := min(off, ml-k)
		copy(out[op+k:op+k+n], out[op+k-off:op+k-off+n])
	}
}

// matchExact copies the ml bytes at distance off before out[op:] to
// out[op:], writing nothing beyond them.
func matchExact(out []byte, op, off, ml int) {
	src := op - off
	if off >= ml {
		copy(out[op:op+ml], out[src:src+ml])
		return
	}
	o := out[op : op+ml]
	s := out[src : src+ml]
	for k := range o {
		o[k] = s[k]
	}
}

// matchShort copies the ml bytes at distance off (1 to 15) before
// out[op:] to out[op:], and may write up to slack bytes beyond them.
func matchShort(out []byte, op, off, ml int) {
	src := op - off
	// A short distance repeats a pattern of off bytes. Build 16 bytes of
	// it in registers, then store them every step bytes, step being the
	// largest multiple of off up to 16: the pattern is the same at each.
	lo := binary.LittleEndian.Uint64(out[src:])
	var hi uint64
	if off >= 8 {
		// Bytes 8 to off-1 come from the source, the rest repeat lo.
		a := binary.LittleEndian.Uint64(out[src+8:])
		sh := uint(off-8) * 8
		hi = a&(1<<sh-1) | lo<<sh
	} else {
		lo &= 1<<(uint(off)*8) - 1
		lo |= lo << (uint(off) * 8)
		lo |= lo << (uint(off) * 16)
		lo |= lo << (uint(off) * 32)
		// hi is the pattern from byte 8 on: 8 mod off bytes into it.
		r := uint(8 % off)
		hi = lo>>(8*r) | lo<<(8*(uint(off)-r))
	}
	step := 16 / off * off
	for k := 0; k < ml; k += step {
		binary.LittleEndian.PutUint64(out[op+k:], lo)
		binary.LittleEndian.PutUint64(out[op+k+8:], hi)
	}
}
