package chunk

import (
	"os"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Large chunk buffers can live in transparent huge pages, as NumPy's
// arrays do: with CHUNKWISE_MADVISE_HUGEPAGE=1, each 2 MiB block of
// memory around a buffer of hugeMin bytes or more is advised with
// madvise(MADV_HUGEPAGE) (where the kernel is set to "madvise", Debian's
// default, memory that is not advised never gets huge pages), so that
// its first touch costs one page fault instead of 512 and reading it one
// TLB entry instead of 512.
//
// It is off by default: on the virtual machine the benchmarks run on,
// whose balloon hands free memory back to the host, a huge page faulted
// in afresh cost up to ten times what its 512 small pages did, and
// unpredictably (Dec 5, the same binary with and without the advice,
// three runs each: the distributed scatter 3.54, 0.33, 1.60 s against
// 0.39, 0.39, 0.42 s; tsqr-svd 4.8, 1.4, 4.6 s against 1.8, 1.8, 1.7 s;
// the survey's rechunk-merge-persist 0.44 s against 0.045 s, its median
// entry unchanged, ten entries 7–50% faster with the advice). On a
// machine where fresh huge pages are cheap (an earlier, quiet one: the
// scatter 1.6x and its map of sums 6x faster with them), set it.
//
// The blocks are whole 2 MiB blocks of the Go heap (heap arenas are
// mapped in aligned 64 MiB units, so a block around a heap buffer is heap
// too); a block is advised once, and at most maxHugeBlocks of them, which
// bounds the mappings the kernel splits off (its limit is 65 530). The
// advice is a hint: where it is refused (an old kernel, THP "never"),
// nothing changes.
const (
	hugeBlock     = 2 << 20
	hugeMin       = 512 << 10
	maxHugeBlocks = 1 << 14 // 32 GiB of advised memory
)

var (
	hugeOn     = os.Getenv("CHUNKWISE_MADVISE_HUGEPAGE") == "1"
	hugeMu     sync.Mutex
	hugeBlocks = map[uintptr]struct{}{} // advised blocks, by start address
)

// adviseHuge advises the 2 MiB blocks that the n bytes at p touch.
func adviseHuge(p unsafe.Pointer, n int) {
	if !hugeOn || n < hugeMin {
		return
	}
	lo := uintptr(p) &^ (hugeBlock - 1)
	hi := (uintptr(p) + uintptr(n) + hugeBlock - 1) &^ (hugeBlock - 1)
	hugeMu.Lock()
	defer hugeMu.Unlock()
	for b := lo; b < hi; {
		if _, done := hugeBlocks[b]; done {
			b += hugeBlock
			continue
		}
		e := b // advise the run of blocks not yet advised in one call
		for ; e < hi && len(hugeBlocks) < maxHugeBlocks; e += hugeBlock {
			if _, done := hugeBlocks[e]; done {
				break
			}
			hugeBlocks[e] = struct{}{}
		}
		if e == b {
			return // the limit is reached
		}
		unix.Syscall(unix.SYS_MADVISE, b, e-b, unix.MADV_HUGEPAGE) // a hint: an error changes nothing
		b = e
	}
}

// AdviseHugeMapping advises a mapping of hugeMin bytes or more made
// outside the Go heap (a file mapped into memory) for huge pages when
// CHUNKWISE_MADVISE_HUGEPAGE=1. For a file, the kernel then fills the
// page cache with 2 MiB folios where it writes through the mapping, and
// maps such folios whole, so that a 128 MB file costs tens of page faults
// instead of about 2000 (each tens of microseconds on a virtual machine).
func AdviseHugeMapping(b []byte) {
	if hugeOn && len(b) >= hugeMin {
		unix.Madvise(b, unix.MADV_HUGEPAGE) // a hint: an error changes nothing
	}
}
