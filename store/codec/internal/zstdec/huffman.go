package zstdec

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// maxHufBits is the longest Huffman code the format allows.
const maxHufBits = 11

// hufTable decodes Huffman-coded literals: entry v, for the next 11
// bits v of a stream (whatever the longest code), holds the length of
// its code in its low byte and the symbol in its high byte.
type hufTable struct {
	cells [1 << maxHufBits]uint16
	ok    bool
	// pairs, for the four-stream assembly loop over long literal
	// sections, decodes two symbols at a time (libzstd's X2 tables):
	// entry v, for the next 11 bits v, holds the symbols of the one or
	// two codes those bits begin with (two when the second code ends
	// within them too) in its low two bytes, their total length in the
	// third byte and how many in the fourth. Built on first use
	// (pairsBuilt), and only for a table whose lookups would often
	// decode two symbols (pairsPay, from its code lengths alone), since
	// a pairs lookup costs more than a cells lookup and building the
	// table about as much as decoding 8 KiB.
	pairs                [1 << maxHufBits]uint32
	pairsBuilt, pairsPay bool
}

// pairsShare is the least share of a table's lookups that must decode
// two symbols for pairs to pay: decoding with pairs is then faster than
// with cells.
const pairsShare = 0.5

// twoSymbolShare returns the share of lookups of a code with count[l]
// codes of l bits (l ≤ maxHufBits) whose next maxHufBits bits hold a
// second whole code: the first code has l bits with probability
// count[l]/2^l, as the code's own symbol frequencies have it, and so
// does the second, which must fit the maxHufBits-l bits left.
func twoSymbolShare(count *[maxHufBits + 1]int) float64 {
	var upTo [maxHufBits + 1]float64 // upTo[k]: the probability of a code of at most k bits
	for l := 1; l <= maxHufBits; l++ {
		upTo[l] = upTo[l-1] + float64(count[l])/float64(uint(1)<<l)
	}
	share := 0.0
	for l := 1; l < maxHufBits; l++ {
		share += float64(count[l]) / float64(uint(1)<<l) * upTo[maxHufBits-l]
	}
	return share
}

// pairsMinLiterals is the least literals a section must hold for huf4 to
// build and use pairs: building them costs about as much as decoding
// 4 KiB.
const pairsMinLiterals = 16 << 10

// usePairs reports whether decoding with pairs pays for the current
// table, and builds them when it does and they are not built yet.
func (t *hufTable) usePairs() bool {
	if t.pairsBuilt || !t.pairsPay {
		return t.pairsPay
	}
	const mask = 1<<maxHufBits - 1
	for v := range t.pairs {
		c := t.cells[v]
		n := uint(c & 0xFF)
		p := uint32(c>>8) | uint32(n)<<16 | 1<<24
		if d := t.cells[v<<n&mask]; n+uint(d&0xFF) <= maxHufBits {
			p = uint32(c>>8) | uint32(d>>8)<<8 | uint32(n+uint(d&0xFF))<<16 | 2<<24
		}
		t.pairs[v] = p
	}
	t.pairsBuilt = true
	return true
}

// readHuf reads a Huffman tree description (RFC 8878 section 4.2.1)
// into t and returns the bytes it used.
func (d *Decoder) readHuf(t *hufTable, in []byte) (int, error) {
	if len(in) == 0 {
		return 0, errf("Huffman tree description missing")
	}
	var w [256]uint8
	nw := 0
	used := 0
	if hb := int(in[0]); hb >= 128 {
		nw = hb - 127
		used = 1 + (nw+1)/2
		if used > len(in) {
			return 0, errf("Huffman weights truncated")
		}
		for i := 0; i < nw; i++ {
			b := in[1+i/2]
			if i&1 == 0 {
				w[i] = b >> 4
			} else {
				w[i] = b & 15
			}
		}
	} else {
		used = 1 + hb
		if used > len(in) {
			return 0, errf("Huffman weights truncated")
		}
		var err error
		if nw, err = d.fseWeights(in[1:used], &w); err != nil {
			return 0, err
		}
	}
	// The last symbol's weight completes the total to a power of two.
	var sum uint32
	for _, x := range w[:nw] {
		if x > maxHufBits {
			return 0, errf("Huffman weight %d", x)
		}
		if x > 0 {
			sum += 1 << (x - 1)
		}
	}
	if sum == 0 {
		return 0, errf("Huffman weights all zero")
	}
	maxBits := bits.Len32(sum)
	if maxBits > maxHufBits {
		return 0, errf("Huffman code longer than %d bits", maxHufBits)
	}
	rest := uint32(1)<<maxBits - sum
	if rest&(rest-1) != 0 {
		return 0, errf("Huffman weights do not complete a code")
	}
	w[nw] = uint8(bits.Len32(rest))
	nsym := nw + 1
	// The deepest level of a Huffman tree holds an even number of leaves,
	// at least two: libzstd refuses weights without, and so do we.
	ones := 0
	for _, x := range w[:nsym] {
		if x == 1 {
			ones++
		}
	}
	if ones < 2 || ones&1 != 0 {
		return 0, errf("Huffman weights have %d of weight 1, not an even number of at least 2", ones)
	}
	// Cells go to the lightest weights first, in symbol order.
	var start [maxHufBits + 2]uint32
	for _, x := range w[:nsym] {
		if x > 0 {
			start[x+1] += 1 << (x - 1)
		}
	}
	for x := 1; x <= maxHufBits+1; x++ {
		start[x] += start[x-1]
	}
	up := uint(maxHufBits - maxBits) // cells a code of maxBits bits spans
	var count [maxHufBits + 1]int    // codes by length
	for s, x := range w[:nsym] {
		if x == 0 {
			continue
		}
		n := uint32(1) << (x - 1)
		count[maxBits+1-int(x)]++
		cell := uint16(s)<<8 | uint16(maxBits+1-int(x))
		p := start[x]
		span := t.cells[p<<up : (p+n)<<up]
		for i := range span {
			span[i] = cell
		}
		start[x] = p + n
	}
	t.ok, t.pairsBuilt, t.pairsPay = true, false, twoSymbolShare(&count) >= pairsShare
	return used, nil
}

// fseWeights decodes FSE-compressed Huffman weights into w and returns
// how many there are.
func (d *Decoder) fseWeights(in []byte, w *[256]uint8) (int, error) {
	var norm [256]int16
	nsym, log, used, err := readNorm(in, &norm, 255, 6)
	if err != nil {
		return 0, err
	}
	var t [1 << 6]fseCell
	if err := buildFSE(t[:], norm[:nsym], log); err != nil {
		return 0, err
	}
	var r backReader
	if !r.init(in[used:]) {
		return 0, errf("Huffman weight stream is empty or unterminated")
	}
	s1 := uint16(r.get(uint8(log)))
	s2 := uint16(r.get(uint8(log)))
	mask := uint16(1)<<log - 1
	n := 0
	for {
		if n > 253 {
			return 0, errf("too many Huffman weights")
		}
		c := t[s1&mask]
		w[n] = c.sym
		n++
		r.refill()
		s1 = c.next + uint16(r.get(c.nb))
		if r.overread() {
			w[n] = t[s2&mask].sym
			n++
			break
		}
		if n > 253 {
			return 0, errf("too many Huffman weights")
		}
		c = t[s2&mask]
		w[n] = c.sym
		n++
		r.refill()
		s2 = c.next + uint16(r.get(c.nb))
		if r.overread() {
			w[n] = t[s1&mask].sym
			n++
			break
		}
	}
	return n, nil
}

// huf1 decodes the single Huffman stream in into all of out.
func huf1(out []byte, in []byte, t *hufTable) error {
	var r backReader
	if !r.init(in) {
		return errf("Huffman stream is empty or unterminated")
	}
	i := 0
	for ; i+4 <= len(out); i += 4 {
		r.refill()
		for k := 0; k < 4; k++ {
			c := t.cells[r.peek(maxHufBits)]
			out[i+k] = uint8(c >> 8)
			r.used += uint(c & 0xFF)
		}
	}
	r.refill()
	for ; i < len(out); i++ {
		c := t.cells[r.peek(maxHufBits)]
		out[i] = uint8(c >> 8)
		r.used += uint(c & 0xFF)
	}
	if !r.done() {
		return errf("Huffman stream does not end with its symbols")
	}
	return nil
}

// huf4 decodes the four Huffman streams of in (after their 6-byte jump
// table) into all of out.
func huf4(out []byte, in []byte, t *hufTable) error {
	st, q, err := hufJump(in, len(out))
	if err != nil {
		return err
	}
	var ra, rb, rc, re backReader
	rs := [4]*backReader{&ra, &rb, &rc, &re}
	if err := initStreams(rs, st); err != nil {
		return err
	}
	if haveHufLoop && len(out) >= pairsMinLiterals && t.usePairs() {
		st := hufStreams(rs)
		op := [4]int{0, q, 2 * q, 3 * q}
		end := [4]int{q, 2 * q, 3 * q, len(out)}
		huf4PairLoop(&out[0], &op, &end, &t.pairs, &st)
		for k, r := range rs {
			r.setStream(st[k])
			if err := hufTail(r, out[op[k]:end[k]], &t.cells); err != nil {
				return err
			}
		}
		return nil
	}
	return huf4From(out, q, streamLens(len(out), q), 0, rs, &t.cells)
}

// hufJump splits the four-stream Huffman literals in, n of them, into
// their streams by the 6-byte jump table before them, and returns the
// streams and q, the symbols of each of the first three (the last has
// the rest).
func hufJump(in []byte, n int) ([4][]byte, int, error) {
	if len(in) < 10 || n < 4 {
		return [4][]byte{}, 0, errf("4-stream literals too short")
	}
	s1 := int(binary.LittleEndian.Uint16(in))
	s2 := int(binary.LittleEndian.Uint16(in[2:]))
	s3 := int(binary.LittleEndian.Uint16(in[4:]))
	in = in[6:]
	if s1+s2+s3 >= len(in) {
		return [4][]byte{}, 0, errf("Huffman jump table past the literals")
	}
	q := (n + 3) / 4
	if 3*q > n {
		return [4][]byte{}, 0, errf("too few literals for four streams")
	}
	return [4][]byte{in[:s1], in[s1 : s1+s2], in[s1+s2 : s1+s2+s3], in[s1+s2+s3:]}, q, nil
}

// streamLens returns the symbols of each of four streams of n symbols,
// the first three q each.
func streamLens(n, q int) [4]int { return [4]int{q, q, q, n - 3*q} }

// initStreams starts a reader on each stream.
func initStreams(rs [4]*backReader, st [4][]byte) error {
	for k, r := range rs {
		if !r.init(st[k]) {
			return errf("Huffman stream is empty or unterminated")
		}
	}
	return nil
}

// huf4From decodes the four streams rs from their symbol i on, stream k
// writing out[k*stride : k*stride+lens[k]] (the last the shortest).
func huf4From(out []byte, stride int, lens [4]int, i int, rs [4]*backReader, cells *[1 << maxHufBits]uint16) error {
	ra, rb, rc, re := rs[0], rs[1], rs[2], rs[3]
	oa, ob, oc, oe := out[:lens[0]], out[stride:stride+lens[1]], out[2*stride:2*stride+lens[2]], out[3*stride:3*stride+lens[3]]
	n := len(oe)
	if haveHufLoop && ra.ptr >= 8 && rb.ptr >= 8 && rc.ptr >= 8 && re.ptr >= 8 && n-i >= 5 {
		st := hufStreams(rs)
		i += huf4Loop(&out[i], stride, (n-i)/10, cells, &st)
		for k, r := range rs {
			r.setStream(st[k])
		}
	}
	if ra.ptr >= 8 && rb.ptr >= 8 && rc.ptr >= 8 && re.ptr >= 8 {
		// All four streams step together, five symbols each between
		// refills (7 + 5*11 bits fit a word), while every stream has
		// eight bytes left to load and the shortest has symbols.
		const shift = 64 - maxHufBits
		wa, ua, pa, ia := ra.word, ra.used, ra.ptr, ra.in
		wb, ub, pb, ib := rb.word, rb.used, rb.ptr, rb.in
		wc, uc, pc, ic := rc.word, rc.used, rc.ptr, rc.in
		we, ue, pe, ie := re.word, re.used, re.ptr, re.in
		for i+5 <= n && pa >= 8 && pb >= 8 && pc >= 8 && pe >= 8 {
			pa -= int(ua >> 3)
			ua &= 7
			wa = binary.LittleEndian.Uint64(ia[pa:])
			pb -= int(ub >> 3)
			ub &= 7
			wb = binary.LittleEndian.Uint64(ib[pb:])
			pc -= int(uc >> 3)
			uc &= 7
			wc = binary.LittleEndian.Uint64(ic[pc:])
			pe -= int(ue >> 3)
			ue &= 7
			we = binary.LittleEndian.Uint64(ie[pe:])
			da, db, dc, de := oa[i:i+5], ob[i:i+5], oc[i:i+5], oe[i:i+5]
			for k := 0; k < 5; k++ {
				x := cells[wa<<(ua&63)>>shift]
				y := cells[wb<<(ub&63)>>shift]
				z := cells[wc<<(uc&63)>>shift]
				u := cells[we<<(ue&63)>>shift]
				ua += uint(x & 0xFF)
				ub += uint(y & 0xFF)
				uc += uint(z & 0xFF)
				ue += uint(u & 0xFF)
				da[k] = uint8(x >> 8)
				db[k] = uint8(y >> 8)
				dc[k] = uint8(z >> 8)
				de[k] = uint8(u >> 8)
			}
			i += 5
		}
		ra.word, ra.used, ra.ptr = wa, ua, pa
		rb.word, rb.used, rb.ptr = wb, ub, pb
		rc.word, rc.used, rc.ptr = wc, uc, pc
		re.word, re.used, re.ptr = we, ue, pe
	}
	for k, o := range [4][]byte{oa, ob, oc, oe} {
		if err := hufTail(rs[k], o[i:], cells); err != nil {
			return err
		}
	}
	return nil
}

// pairStride returns the stride, at least q, at which huf4Pair's eight
// streams write: one that puts no two of them on one set of the level-1
// cache (64-byte lines in 4 KiB ways). Eight streams on one set, with the
// tables' lines, evict each other: stride 32 KiB, the streams of two
// sections of 128 KiB of literals, decoded 1.7 times slower.
func pairStride(q int) int {
	for s := q; ; s += 64 {
		ok := true
		for d := 1; d < 8 && ok; d++ {
			r := d * s % 4096
			ok = r >= 64 && r <= 4096-64
		}
		if ok {
			return s
		}
	}
}

// huf4Pair decodes two four-stream Huffman sections at once: na symbols
// from the streams sa with table ta to out[:na], and nb from sb with tb
// to out[4*q : 4*q+nb], q being at least the sections' stream lengths
// (pairStride; len(out) is at least 8*q). The eight streams run
// together (huf8Loop) as far as the shortest goes; each section then
// finishes on its own, its streams stride q apart, and is closed up
// when its streams are shorter.
func huf4Pair(out []byte, q, na, nb int, sa, sb []byte, ta, tb *hufTable, cells *[2][1 << maxHufBits]uint16) error {
	ja, qa, err := hufJump(sa, na)
	if err != nil {
		return err
	}
	jb, qb, err := hufJump(sb, nb)
	if err != nil {
		return err
	}
	var r [8]backReader
	ra := [4]*backReader{&r[0], &r[1], &r[2], &r[3]}
	rb := [4]*backReader{&r[4], &r[5], &r[6], &r[7]}
	if err := initStreams(ra, ja); err != nil {
		return err
	}
	if err := initStreams(rb, jb); err != nil {
		return err
	}
	la, lb := streamLens(na, qa), streamLens(nb, qb)
	a, b := out[:4*q], out[4*q:8*q]
	i := 0
	if haveHufLoop && min(la[3], lb[3]) >= 10 && !slices.ContainsFunc(r[:], func(r backReader) bool { return r.ptr < 8 }) {
		var st [8]hufStream
		s4a, s4b := hufStreams(ra), hufStreams(rb)
		copy(st[:4], s4a[:])
		copy(st[4:], s4b[:])
		cells[0], cells[1] = ta.cells, tb.cells
		i = huf8Loop(&out[0], q, min(la[3], lb[3])/10, cells, &st)
		for k := range r {
			r[k].setStream(st[k])
		}
	}
	if err := huf4From(a, q, la, i, ra, &ta.cells); err != nil {
		return err
	}
	if err := huf4From(b, q, lb, i, rb, &tb.cells); err != nil {
		return err
	}
	for _, s := range []struct {
		o    []byte
		qs   int
		lens [4]int
	}{{a, qa, la}, {b, qb, lb}} {
		for k := 1; k < 4 && s.qs < q; k++ {
			copy(s.o[k*s.qs:], s.o[k*q:k*q+s.lens[k]])
		}
	}
	return nil
}

// hufTail decodes the rest of a stream, all of o, one symbol at a time,
// and checks that the stream ends with them.
func hufTail(r *backReader, o []byte, cells *[1 << maxHufBits]uint16) error {
	for j := range o {
		if j&3 == 0 {
			r.refill()
		}
		x := cells[r.peek(maxHufBits)]
		r.used += uint(x & 0xFF)
		o[j] = uint8(x >> 8)
	}
	if !r.done() {
		return errf("Huffman stream does not end with its symbols")
	}
	return nil
}

// hufStream is one backward bit stream of huf4Loop: word holds
// in[ptr:ptr+8], of which the top used bits are consumed.
type hufStream struct {
	word, used uint64
	ptr        int
	in         *byte
}

// hufStreams returns the readers' states as the assembly loops take them.
func hufStreams(rs [4]*backReader) [4]hufStream {
	var st [4]hufStream
	for k, r := range rs {
		st[k] = hufStream{r.word, uint64(r.used), r.ptr, &r.in[0]}
	}
	return st
}

// setStream takes back the state an assembly loop left in s.
func (r *backReader) setStream(s hufStream) {
	r.word, r.used, r.ptr = s.word, uint(s.used), s.ptr
}
