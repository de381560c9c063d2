package chunk

import (
	"slices"
	"unsafe"
)

// CopyTransposed sets every element idx of dst (C order, its last axis
// contiguous) to element Σ idx[a]·strides[a] of src, little-endian
// elements of dst's dtype, where axis p of dst, not the last, has stride
// 1 in src: a transposed read of src (a chunk's buffer, or a file's
// mapping), copied in square blocks (blockTranspose). The strides must
// address elements of src.
func CopyTransposed(dst *Dense, src []byte, strides []int, p int) {
	transposeBytes(dst.Bytes(), 0, Strides(dst.Shape()), src, dst.DType().Size(), dst.Shape(), strides, p)
}

// transposeBytes is blockTranspose over elements of es bytes.
func transposeBytes(d []byte, at int, dst []int, s []byte, es int, shape, strides []int, p int) {
	switch es {
	case 16:
		blockTranspose(bytesAs[complex128](d), at, dst, bytesAs[complex128](s), shape, strides, p)
	case 8:
		blockTranspose(bytesAs[uint64](d), at, dst, bytesAs[uint64](s), shape, strides, p)
	case 4:
		blockTranspose(bytesAs[uint32](d), at, dst, bytesAs[uint32](s), shape, strides, p)
	case 2:
		blockTranspose(bytesAs[uint16](d), at, dst, bytesAs[uint16](s), shape, strides, p)
	default:
		blockTranspose(d, at, dst, s, shape, strides, p)
	}
}

// PermuteInto writes src with its axes permuted (axis i of what is
// written is axis perm[i] of src, as numpy.transpose) into dst, whose
// box from at has the permuted shape; dst and src have one dtype. A
// permutation that moves the contiguous axis is copied in square blocks
// (blockTranspose), one that keeps it in runs along it.
func PermuteInto(dst *Dense, at []int, src *Dense, perm []int) {
	nd := len(perm)
	shape, strides := make([]int, nd), make([]int, nd)
	sst := Strides(src.Shape())
	for i, a := range perm {
		shape[i], strides[i] = src.Shape()[a], sst[a]
	}
	dst0 := Strides(dst.Shape())
	base := 0
	for i, v := range at {
		base += v * dst0[i]
	}
	if Prod(shape) == 0 {
		return
	}
	es := src.DType().Size()
	d, s := dst.Bytes(), src.Bytes()
	p := -1
	for a, st := range strides {
		if st == 1 && shape[a] > 1 {
			p = a
		}
	}
	if p >= 0 && p < nd-1 {
		transposeBytes(d, base, dst0, s, es, shape, strides, p)
		return
	}
	// The contiguous axis stays last (or every axis has length 1): copy
	// runs along the last axis.
	last := max(nd-1, 0)
	run := 1
	if nd > 0 {
		run = shape[last]
	}
	outer := slices.Clone(shape)
	if nd > 0 {
		outer[last] = 1
	}
	EachIndex(outer, func(idx []int) {
		o, q := base, 0
		for a, i := range idx {
			o += i * dst0[a]
			q += i * strides[a]
		}
		copy(d[o*es:(o+run)*es], s[q*es:(q+run)*es])
	})
}

// blockTranspose sets the array of the given shape at element at of dst,
// with element strides ost (its last axis contiguous), from src read
// with the given element strides, where axis p has stride 1 in src.
// For each position of the other axes it copies the plane of axes p and
// the last in blocks of transposeBlock² elements, each as squares of 4×4
// (transpose4): four runs of four along p read, four runs of four along
// the last axis written, so a cache line is used whole once touched, and
// the lines a block writes stay cached while the next rows fill them.
// Fewer than four positions along p are copied a run of the last axis at
// a time.
func blockTranspose[T any](dst []T, at int, ost []int, src []T, shape, strides []int, p int) {
	const blk = transposeBlock
	last := len(shape) - 1
	outer := append([]int(nil), shape...)
	outer[p], outer[last] = 1, 1
	np, nl, op, sl := shape[p], shape[last], ost[p], strides[last]
	EachIndex(outer, func(idx []int) {
		ob, sb := at, 0
		for a, i := range idx {
			ob += i * ost[a]
			sb += i * strides[a]
		}
		if np < 4 { // a few lanes (an image's channels)
			fewLanes(dst, ob, op, src, sb, sl, np, nl)
			return
		}
		for l0 := 0; l0 < nl; l0 += blk {
			l1 := min(l0+blk, nl)
			for p0 := 0; p0 < np; p0 += blk {
				p1 := min(p0+blk, np)
				if lv, pv := tileTranspose(dst[ob+p0*op+l0:], op, src[sb+l0*sl+p0:], sl, l1-l0, p1-p0); lv > 0 {
					for l := l0; l < l1; l++ { // what the squares left
						i0 := p0 + pv
						if l >= l0+lv {
							i0 = p0
						}
						for i := i0; i < p1; i++ {
							dst[ob+i*op+l] = src[sb+l*sl+i]
						}
					}
					continue
				}
				l := l0
				for ; l+4 <= l1; l += 4 {
					i := p0
					for ; i+4 <= p1; i += 4 {
						transpose4(dst[ob+i*op+l:], op, src[sb+l*sl+i:], sl)
					}
					for ; i < p1; i++ {
						for k := l; k < l+4; k++ {
							dst[ob+i*op+k] = src[sb+k*sl+i]
						}
					}
				}
				for ; l < l1; l++ {
					for i := p0; i < p1; i++ {
						dst[ob+i*op+l] = src[sb+l*sl+i]
					}
				}
			}
		}
	})
}

// fewLanes sets dst[o+i*op+l] = src[q+l*sl+i] for i < np (1, 2 or 3) and
// l < nl: each group of np elements read once, the lanes written as runs.
func fewLanes[T any](dst []T, o, op int, src []T, q, sl, np, nl int) {
	d0 := dst[o : o+nl]
	switch np {
	case 1:
		for l := range d0 {
			d0[l] = src[q]
			q += sl
		}
	case 2:
		d1 := dst[o+op : o+op+nl]
		for l := range d0 {
			s := src[q : q+2 : q+2]
			d0[l], d1[l] = s[0], s[1]
			q += sl
		}
	case 3:
		d1, d2 := dst[o+op:o+op+nl], dst[o+2*op:o+2*op+nl]
		l := 0
		if g := nl / 16; useDeinterleave3 && g > 0 && sl == 3 && unsafe.Sizeof(*new(T)) == 1 {
			// Packed triples of bytes: 16 at a time in vector registers.
			s := sliceAs[byte](src[q : q+48*g])
			deinterleave3(&sliceAs[byte](d0)[0], &sliceAs[byte](d1)[0], &sliceAs[byte](d2)[0], &s[0], g)
			l, q = 16*g, q+48*g
		}
		for ; l < nl; l++ {
			s := src[q : q+3 : q+3]
			d0[l], d1[l], d2[l] = s[0], s[1], s[2]
			q += sl
		}
	}
}

// tileTranspose sets dst[j*ds+i] = src[i*ss+j] over the largest corner
// of i < r, j < c that the AVX2 loops take (elements of four bytes in
// squares of 8×8, of eight in squares of 4×4), and returns its size; 0, 0
// when they take none.
func tileTranspose[T any](dst []T, ds int, src []T, ss int, r, c int) (int, int) {
	if !useTransposeAVX2 {
		return 0, 0
	}
	sq := 0
	switch unsafe.Sizeof(*new(T)) {
	case 4:
		sq = 8
	case 8:
		sq = 4
	}
	if r, c = r/max(sq, 1)*sq, c/max(sq, 1)*sq; r == 0 || c == 0 {
		return 0, 0
	}
	_, _ = src[(r-1)*ss+c-1], dst[(c-1)*ds+r-1] // the last each reads and writes
	if sq == 8 {
		transposeTile32(sliceAs[uint32](dst), ds, sliceAs[uint32](src), ss, r, c)
	} else {
		transposeTile64(sliceAs[uint64](dst), ds, sliceAs[uint64](src), ss, r, c)
	}
	return r, c
}

// sliceAs views s's elements as W's of the same size.
func sliceAs[W, T any](s []T) []W {
	return unsafe.Slice((*W)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// transposeBlock is the side of blockTranspose's blocks, in elements.
const transposeBlock = 256

// transpose4 writes the transpose of the 4×4 square at src (rows ss
// elements apart) to dst (rows ds elements apart).
func transpose4[T any](dst []T, ds int, src []T, ss int) {
	r0, r1, r2, r3 := (*[4]T)(src), (*[4]T)(src[ss:]), (*[4]T)(src[2*ss:]), (*[4]T)(src[3*ss:])
	*(*[4]T)(dst) = [4]T{r0[0], r1[0], r2[0], r3[0]}
	*(*[4]T)(dst[ds:]) = [4]T{r0[1], r1[1], r2[1], r3[1]}
	*(*[4]T)(dst[2*ds:]) = [4]T{r0[2], r1[2], r2[2], r3[2]}
	*(*[4]T)(dst[3*ds:]) = [4]T{r0[3], r1[3], r2[3], r3[3]}
}
