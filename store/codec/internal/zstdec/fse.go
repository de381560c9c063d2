package zstdec

import "math/bits"

// fwdBits reads the forward (little-endian) bit stream of an FSE table
// description; reading past the end gives zeros, which the caller
// detects by comparing pos with the input's length.
type fwdBits struct {
	in  []byte
	pos uint // in bits
}

// peek returns the next n (at most 25) bits.
func (r *fwdBits) peek(n uint) uint32 {
	i := int(r.pos >> 3)
	var v uint32
	for k := 0; k < 4 && i+k < len(r.in); k++ {
		v |= uint32(r.in[i+k]) << (8 * k)
	}
	return v >> (r.pos & 7) & (1<<n - 1)
}

// readNorm reads an FSE table description (RFC 8878 section 4.1.1):
// the accuracy log, at most maxLog, and the normalized count of each
// symbol up to maxSym (-1 meaning "less than one"). It returns the
// counts, the number of symbols described and the bytes it used.
func readNorm(in []byte, norm *[256]int16, maxSym int, maxLog uint) (nsym int, log uint, used int, err error) {
	if len(in) == 0 {
		return 0, 0, 0, errf("FSE table description missing")
	}
	r := fwdBits{in: in}
	log = uint(in[0]&15) + 5
	if log > maxLog {
		return 0, 0, 0, errf("FSE accuracy log %d over %d", log, maxLog)
	}
	r.pos = 4
	remaining := int32(1)<<log + 1
	threshold := int32(1) << log
	nb := log + 1
	sym := 0
	for remaining > 1 {
		if sym > maxSym || int(r.pos) > 8*len(in) {
			return 0, 0, 0, errf("FSE table description overflows")
		}
		max := 2*threshold - 1 - remaining
		v := int32(r.peek(nb))
		var value int32
		if low := v & (threshold - 1); low < max {
			value = low
			r.pos += nb - 1
		} else {
			value = v & (2*threshold - 1)
			if value >= threshold {
				value -= max
			}
			r.pos += nb
		}
		count := value - 1
		if count < 0 {
			remaining += count
		} else {
			remaining -= count
		}
		norm[sym] = int16(count)
		sym++
		if count == 0 {
			for {
				rep := int(r.peek(2))
				r.pos += 2
				for k := rep; k > 0; k-- {
					if sym > maxSym {
						return 0, 0, 0, errf("FSE zero run past the last symbol")
					}
					norm[sym] = 0
					sym++
				}
				if rep != 3 {
					break
				}
			}
		}
		if remaining < 1 {
			return 0, 0, 0, errf("FSE counts exceed the table")
		}
		for remaining < threshold {
			nb--
			threshold >>= 1
		}
	}
	if remaining != 1 || int(r.pos) > 8*len(in) {
		return 0, 0, 0, errf("FSE table description is inconsistent")
	}
	return sym, log, int(r.pos+7) >> 3, nil
}

// fseCell is one state of a decoding table: the symbol it emits, and
// how the next state is found: next + the following nb bits.
type fseCell struct {
	next uint16
	sym  uint8
	nb   uint8
}

// buildFSE fills t (1<<log cells) from the normalized counts of nsym
// symbols (RFC 8878 section 4.1.1, "From normalized distribution to
// decoding tables").
func buildFSE(t []fseCell, norm []int16, log uint) error {
	size := 1 << log
	t = t[:size]
	high := size - 1
	var next [256]uint16
	for s, c := range norm {
		if c == -1 {
			t[high].sym = uint8(s)
			high--
			next[s] = 1
		} else {
			next[s] = uint16(c)
		}
	}
	pos, step, mask := 0, size>>1+size>>3+3, size-1
	if high == size-1 {
		// No "less than one" symbols: every position takes a symbol.
		for s, c := range norm {
			for i := 0; i < int(c); i++ {
				t[pos].sym = uint8(s)
				pos = (pos + step) & mask
			}
		}
	} else {
		for s, c := range norm {
			for i := 0; i < int(c); i++ {
				t[pos].sym = uint8(s)
				pos = (pos + step) & mask
				for pos > high {
					pos = (pos + step) & mask
				}
			}
		}
	}
	if pos != 0 {
		return errf("FSE counts do not fill the table")
	}
	for u := range t {
		s := t[u].sym
		ns := next[s]
		next[s]++
		nb := log - uint(bits.Len16(ns)-1)
		t[u].nb = uint8(nb)
		t[u].next = uint16(uint(ns)<<nb - uint(size))
	}
	return nil
}
