package codec

import "fmt"

// LZFExact decodes the LZF stream src (liblzf's format, which h5py's
// lzf filter stores in HDF5 chunks) into all of dst. The stream is a run
// of literal copies (a control byte below 32: that many plus one bytes
// follow) and back references (length in the control byte's top three
// bits, extended by a byte when they are all set, plus two; distance
// from its low five bits and the next byte, plus one). It must decode
// to exactly len(dst) bytes: a reference before the start, a run past
// the end of dst or of src, or a stream that ends early is an error
// wrapping ErrCorrupt. It never writes past dst and does not allocate;
// it may write bytes of dst past what it has decoded so far, which later
// steps overwrite.
func LZFExact(dst, src []byte) error {
	ip, op := 0, 0
	// While any token fits (a literal run of 32 bytes after its control
	// byte; a reference of 264 bytes, written 8 bytes at a time), copies
	// go 8 bytes at a time, the excess written over by the next token.
	for ip+34 <= len(src) && op+272 <= len(dst) {
		s := src[ip : ip+34 : ip+34]
		ctrl := int(s[0])
		if ctrl < 32 { // a literal run
			n := ctrl + 1
			d := dst[op : op+32 : op+32]
			*(*[8]byte)(d[0:8]) = *(*[8]byte)(s[1:9])
			if n > 8 {
				*(*[8]byte)(d[8:16]) = *(*[8]byte)(s[9:17])
				*(*[8]byte)(d[16:24]) = *(*[8]byte)(s[17:25])
				*(*[8]byte)(d[24:32]) = *(*[8]byte)(s[25:33])
			}
			ip += 1 + n
			op += n
			continue
		}
		n, j := ctrl>>5, 1
		if n == 7 {
			n += int(s[1])
			j = 2
		}
		dist := ((ctrl&31)<<8 | int(s[j])) + 1
		ip += j + 1
		n += 2
		ref := op - dist
		if ref < 0 {
			return fmt.Errorf("%w: lzf: a reference of %d bytes at distance %d, output %d of %d", ErrCorrupt, n, dist, op, len(dst))
		}
		if dist < 8 { // overlapping: a repeated pattern
			for i := range n {
				dst[op+i] = dst[ref+i]
			}
		} else { // each 8 bytes read were written before
			for k := 0; k < n; k += 8 {
				*(*[8]byte)(dst[op+k : op+k+8]) = *(*[8]byte)(dst[ref+k : ref+k+8])
			}
		}
		op += n
	}
	for ip < len(src) { // the last tokens, each checked
		ctrl := int(src[ip])
		ip++
		if ctrl < 32 { // a literal run
			n := ctrl + 1
			if ip+n > len(src) || op+n > len(dst) {
				return fmt.Errorf("%w: lzf: a literal run of %d bytes at input %d goes past the end", ErrCorrupt, n, ip-1)
			}
			copy(dst[op:op+n], src[ip:ip+n])
			ip += n
			op += n
			continue
		}
		n := ctrl >> 5
		if n == 7 {
			if ip >= len(src) {
				return fmt.Errorf("%w: lzf: the stream ends inside a reference", ErrCorrupt)
			}
			n += int(src[ip])
			ip++
		}
		if ip >= len(src) {
			return fmt.Errorf("%w: lzf: the stream ends inside a reference", ErrCorrupt)
		}
		dist := ((ctrl&31)<<8 | int(src[ip])) + 1
		ip++
		n += 2
		ref := op - dist
		if ref < 0 || op+n > len(dst) {
			return fmt.Errorf("%w: lzf: a reference of %d bytes at distance %d, output %d of %d", ErrCorrupt, n, dist, op, len(dst))
		}
		if dist >= n {
			copy(dst[op:op+n], dst[ref:ref+n])
		} else {
			for i := range n { // overlapping: a repeated pattern
				dst[op+i] = dst[ref+i]
			}
		}
		op += n
	}
	if op != len(dst) {
		return fmt.Errorf("%w: lzf: the stream decodes to %d bytes, want %d", ErrCorrupt, op, len(dst))
	}
	return nil
}
