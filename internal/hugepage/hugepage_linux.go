//go:build linux

package hugepage

import (
	"syscall"
	"unsafe"
)

// Make returns a zeroed slice of n Ts. From Min bytes on, it starts on a
// 2 MiB boundary inside a slightly larger allocation and is marked for
// transparent huge pages before anything touches it, so that all of it,
// not just its aligned interior, is backed by 2 MiB pages.
func Make[T any](n int) []T {
	size := int(unsafe.Sizeof(*new(T)))
	if n*size < Min || huge%size != 0 {
		return make([]T, n)
	}
	s := make([]T, n+huge/size)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	off := int(((p+huge-1)&^(huge-1) - p) / uintptr(size))
	b := unsafe.Slice((*byte)(unsafe.Pointer(&s[off])), (len(s)-off)*size)
	end := min((n*size+huge-1)&^(huge-1), len(b)&^(huge-1)) // whole pages within the allocation
	syscall.Madvise(b[:end], 14)                            // MADV_HUGEPAGE; a hint, errors ignored
	return s[off : off+n : off+n]
}
