package codec

import "fmt"

// blosclzMaxDistance is BloscLZ's largest short match distance; longer
// distances are coded with an extra 16-bit field.
const blosclzMaxDistance = 8191

// blosclzDecompress decodes the BloscLZ stream src into all of dst; the
// stream must decode to exactly len(dst) bytes.
//
// BloscLZ is a FastLZ-derived format. Each instruction starts with a
// control byte c. When c < 32 it is a literal run of c+1 bytes. Otherwise
// the match length is (c>>5)+2, extended by following bytes while they are
// 255 when c>>5 == 7; then one byte gives the low distance bits, combined
// with c&31 as the high bits. A low byte of 255 with high bits 31 means a
// far match whose distance is the next big-endian 16 bits plus 8191. The
// copy source is distance+1 bytes back. The first control byte only uses
// its low 5 bits. A stream whose last instruction is a match ends before
// that match, as in c-blosc.
func blosclzDecompress(dst, src []byte) error {
	if len(src) == 0 {
		return fmt.Errorf("%w: empty blosclz stream", ErrCorrupt)
	}
	ip, op := 0, 0
	ctrl := int(src[ip] & 31)
	ip++
	for {
		if ctrl >= 32 {
			length := (ctrl >> 5) - 1
			ofs := (ctrl & 31) << 8
			if length == 6 {
				for {
					if ip+1 >= len(src) {
						return errBlosclzTruncated
					}
					code := int(src[ip])
					ip++
					length += code
					if code != 255 {
						break
					}
				}
			} else if ip+1 >= len(src) {
				return errBlosclzTruncated
			}
			code := int(src[ip])
			ip++
			length += 3
			dist := ofs + code // ref = op - dist, then ref-- below
			if code == 255 && ofs == 31<<8 {
				if ip+1 >= len(src) {
					return errBlosclzTruncated
				}
				dist = (int(src[ip])<<8 | int(src[ip+1])) + blosclzMaxDistance
				ip += 2
			}
			dist++
			if op+length > len(dst) {
				return errBlosclzOverrun
			}
			if op-dist < 0 {
				return fmt.Errorf("%w: blosclz match reaches before the output start", ErrCorrupt)
			}
			if ip >= len(src) {
				break
			}
			ctrl = int(src[ip])
			ip++
			ref := op - dist
			if dist >= length {
				copy(dst[op:op+length], dst[ref:ref+length])
				op += length
			} else if dist == 1 {
				b := dst[ref]
				run := dst[op : op+length]
				for i := range run {
					run[i] = b
				}
				op += length
			} else {
				// Overlapping copy: repeat the dist-byte pattern, doubling it.
				end := op + length
				for op < end {
					n := copy(dst[op:end], dst[ref:op])
					op += n
				}
			}
		} else {
			ctrl++
			if op+ctrl > len(dst) {
				return errBlosclzOverrun
			}
			if ip+ctrl > len(src) {
				return errBlosclzTruncated
			}
			copy(dst[op:op+ctrl], src[ip:ip+ctrl])
			op += ctrl
			ip += ctrl
			if ip >= len(src) {
				break
			}
			ctrl = int(src[ip])
			ip++
		}
	}
	if op != len(dst) {
		return fmt.Errorf("%w: blosclz stream decoded to %d bytes, want %d", ErrCorrupt, op, len(dst))
	}
	return nil
}

var (
	errBlosclzTruncated = fmt.Errorf("%w: truncated blosclz stream", ErrCorrupt)
	errBlosclzOverrun   = fmt.Errorf("%w: blosclz stream overruns its block", ErrCorrupt)
)

// blosclzHashLog is the size (log2) of the compressor's match table.
const blosclzHashLog = 14

// blosclzCompress writes a BloscLZ stream for src (len(src) > 0) into
// dst, which must have room for len(src)+len(src)/32+16 bytes, and
// returns it. It is a greedy single-probe LZ77 over 4-byte hashes; its
// output obeys what c-blosc's decoder needs: the stream starts and ends
// with literals, and matches are 3 to any bytes long at distances up to
// 65535+8191.
func blosclzCompress(dst, src []byte) []byte {
	const (
		maxCopy     = 32
		maxFar      = 65535 + blosclzMaxDistance
		minMatch    = 4
		hashShift   = 32 - blosclzHashLog
		hashMul     = 2654435761
		tailLiteral = 1 // bytes always left to the final literal run
	)
	var table [1 << blosclzHashLog]int32
	op := 0
	anchor := 0
	emitLiterals := func(lit []byte) {
		for len(lit) > 0 {
			n := min(len(lit), maxCopy)
			dst[op] = byte(n - 1)
			op++
			op += copy(dst[op:], lit[:n])
			lit = lit[n:]
		}
	}
	limit := len(src) - minMatch - tailLiteral
	i := 1 // the first instruction must be a literal
	for i <= limit {
		v := uint32(src[i]) | uint32(src[i+1])<<8 | uint32(src[i+2])<<16 | uint32(src[i+3])<<24
		h := (v * hashMul) >> hashShift
		ref := int(table[h]) - 1
		table[h] = int32(i + 1)
		d := i - ref - 1 // encoded distance; the copy source is d+1 back
		if ref < 0 || d >= maxFar ||
			src[ref] != src[i] || src[ref+1] != src[i+1] || src[ref+2] != src[i+2] || src[ref+3] != src[i+3] {
			i++
			continue
		}
		// Extend the match, keeping tailLiteral bytes for the final literal.
		n := minMatch
		end := len(src) - tailLiteral
		for i+n < end && src[ref+n] == src[i+n] {
			n++
		}
		emitLiterals(src[anchor:i])
		l := n - 2 // the length field holds len-2; 7 means extended
		if l < 7 {
			dst[op] = byte(l << 5)
		} else {
			dst[op] = 7 << 5
		}
		if d < blosclzMaxDistance {
			dst[op] |= byte(d >> 8)
			op++
			if l >= 7 {
				for l -= 7; l >= 255; l -= 255 {
					dst[op] = 255
					op++
				}
				dst[op] = byte(l)
				op++
			}
			dst[op] = byte(d)
			op++
		} else {
			dst[op] |= 31
			op++
			if l >= 7 {
				for l -= 7; l >= 255; l -= 255 {
					dst[op] = 255
					op++
				}
				dst[op] = byte(l)
				op++
			}
			far := d - blosclzMaxDistance
			dst[op] = 255
			dst[op+1] = byte(far >> 8)
			dst[op+2] = byte(far)
			op += 3
		}
		i += n
		anchor = i
		if op > len(src) { // not compressing; the caller stores the block
			return dst[:op]
		}
	}
	emitLiterals(src[anchor:])
	return dst[:op]
}
