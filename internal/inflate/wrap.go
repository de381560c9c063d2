package inflate

import (
	"encoding/binary"
	"hash/crc32"
)

// Zlib decodes src, which must hold exactly one zlib stream (RFC 1950)
// and nothing after it, appending the output to dst; it verifies the
// stream's Adler-32. It fails with ErrTooLarge if the output would exceed
// max bytes. If cap(dst)-len(dst) is at least the decoded size, Zlib does
// not allocate.
func Zlib(dst, src []byte, max int) ([]byte, error) {
	if len(src) < 2 {
		return nil, corrupt("zlib stream of %d bytes, shorter than its header", len(src))
	}
	cmf, flg := src[0], src[1]
	switch {
	case cmf&15 != 8 || cmf>>4 > 7:
		return nil, corrupt("zlib header names compression method %d, window %d", cmf&15, cmf>>4)
	case (uint(cmf)<<8|uint(flg))%31 != 0:
		return nil, corrupt("zlib header check bits do not match")
	case flg&0x20 != 0:
		return nil, corrupt("zlib stream needs a preset dictionary")
	}
	start := len(dst)
	out, n, err := Raw(dst, src[2:], max)
	if err != nil {
		return nil, err
	}
	rest := src[2+n:]
	if len(rest) < 4 {
		return nil, corrupt("zlib stream truncated in its Adler-32")
	}
	if want, got := binary.BigEndian.Uint32(rest), adler32(out[start:]); want != got {
		return nil, corrupt("zlib Adler-32 %08x, data has %08x", want, got)
	}
	if len(rest) > 4 {
		return nil, corrupt("%d bytes after the end of the zlib stream", len(rest)-4)
	}
	return out, nil
}

// Gzip decodes src, one or more gzip members (RFC 1952) one after
// another, appending their output to dst; it verifies each member's
// CRC-32 and size (and header CRC when present). It fails with
// ErrTooLarge if the output would exceed max bytes.
func Gzip(dst, src []byte, max int) ([]byte, error) {
	base := len(dst)
	for first := true; first || len(src) > 0; first = false {
		h, err := gzipHeader(src)
		if err != nil {
			return nil, err
		}
		start := len(dst)
		out, n, err := Raw(dst, src[h:], max-(start-base))
		if err != nil {
			return nil, err
		}
		src = src[h+n:]
		if len(src) < 8 {
			return nil, corrupt("gzip member truncated in its trailer")
		}
		data := out[start:]
		if want, got := binary.LittleEndian.Uint32(src), crc32.ChecksumIEEE(data); want != got {
			return nil, corrupt("gzip CRC-32 %08x, data has %08x", want, got)
		}
		if want := binary.LittleEndian.Uint32(src[4:]); want != uint32(len(data)) {
			return nil, corrupt("gzip member claims %d bytes (mod 2^32), has %d", want, len(data))
		}
		src, dst = src[8:], out
	}
	return dst, nil
}

// gzipHeader returns the length of the gzip member header at the start
// of src.
func gzipHeader(src []byte) (int, error) {
	const (
		fhcrc    = 1 << 1
		fextra   = 1 << 2
		fname    = 1 << 3
		fcomment = 1 << 4
	)
	if len(src) < 10 {
		return 0, corrupt("gzip member of %d bytes, shorter than its header", len(src))
	}
	if src[0] != 0x1f || src[1] != 0x8b || src[2] != 8 {
		return 0, corrupt("not a gzip member (magic % x, method %d)", src[:2], src[2])
	}
	flg := src[3]
	if flg&0xe0 != 0 {
		return 0, corrupt("gzip header with reserved flags %#x", flg)
	}
	n := 10
	if flg&fextra != 0 {
		if n+2 > len(src) {
			return 0, corrupt("gzip header truncated")
		}
		n += 2 + int(binary.LittleEndian.Uint16(src[n:]))
	}
	for _, f := range [...]byte{fname, fcomment} {
		if flg&f == 0 || n > len(src) {
			continue
		}
		i := 0
		for i < len(src)-n && src[n+i] != 0 {
			i++
		}
		n += i + 1
	}
	if flg&fhcrc != 0 {
		if n+2 > len(src) {
			return 0, corrupt("gzip header truncated")
		}
		if want, got := binary.LittleEndian.Uint16(src[n:]), uint16(crc32.ChecksumIEEE(src[:n])); want != got {
			return 0, corrupt("gzip header CRC %04x, header has %04x", want, got)
		}
		n += 2
	}
	if n > len(src) {
		return 0, corrupt("gzip header truncated")
	}
	return n, nil
}

// adler32 returns the Adler-32 checksum of p (RFC 1950).
func adler32(p []byte) uint32 {
	const (
		mod  = 65521
		nmax = 5552 / 16 * 16 // the most bytes before s2 could overflow 32 bits
	)
	s1, s2 := uint32(1), uint32(0)
	for len(p) > 0 {
		q := p[:min(len(p), nmax)]
		p = p[len(q):]
		var n int
		s1, s2, n = adlerBlocks(s1, s2, q)
		for _, c := range q[n:] {
			s1 += uint32(c)
			s2 += s1
		}
		s1 %= mod
		s2 %= mod
	}
	return s2<<16 | s1
}
