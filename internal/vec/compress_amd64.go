//go:build amd64 && !noasm

package vec

import "golang.org/x/sys/cpu"

// useCompress tells whether Compress's AVX-512 loops run: they take the
// flags' mask by VPTESTMB (AVX-512BW).
var useCompress = useAVX512F && cpu.X86.HasAVX512BW

// compress64 and compress32 are Compress's AVX-512 loops: they copy the
// kept ones of src's elements, eight (compress64) or sixteen (compress32)
// a pass, while a whole pass fits in src and in d, and return how many
// elements of src they read and of d they wrote.
//
//go:noescape
func compress64(d, src []uint64, flags []byte) (n, q int)

//go:noescape
func compress32(d, src []uint32, flags []byte) (n, q int)

// partitionLess is PartitionLess's AVX-512 loop over v's whole passes of
// eight: it keeps the elements less than pivot at v's front, in order,
// writes the others to tmp, in order, and returns how many of each.
//
//go:noescape
func partitionLess(v, tmp []float64, pivot float64) (l, r int)
