package chunk

import (
	"os"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Large chunk buffers live in transparent huge pages, as NumPy's large
// arrays do: each 2 MiB block of memory around a buffer of hugeMin bytes
// or more is advised with madvise(MADV_HUGEPAGE) (where the kernel is set
// to "madvise", Debian's default, memory that is not advised never gets
// huge pages), so that its first touch costs one page fault instead of
// 512 and reading it one TLB entry instead of 512.
// CHUNKWISE_MADVISE_HUGEPAGE=0 turns the advice off.
//
// What a fresh page costs depends on the machine, and most on a virtual
// one: on the benchmarks' virtual machine of Dec 6 (a PVM guest whose
// free memory goes back to the host), 128 MB of fresh 4 KiB pages took
// 330–470 ms to touch and 8–260 ms in huge pages, and the survey entries
// and SPEC workloads bound by fresh memory were faster with the advice or
// unchanged (transpose-3d 0.14 s against 0.017 s, the distributed
// scatter 2.3–3.1 s against 1.3–1.6 s, tsqr-svd 3.5–4.0 s against
// 2.1–2.3 s); on the one of Dec 5, 4 KiB pages took 48–54 ms
// and a huge page taken back from the host up to ten times its 512 small
// ones, and the advice was off. NumPy advises its arrays of 4 MiB or
// more everywhere; chunkwise does as NumPy does so that it meets the
// same costs as NumPy on every machine.
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
	hugeOn     = os.Getenv("CHUNKWISE_MADVISE_HUGEPAGE") != "0"
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
// outside the Go heap (a file mapped into memory) for huge pages unless
// CHUNKWISE_MADVISE_HUGEPAGE=0. For a file, the kernel then fills the
// page cache with 2 MiB folios where it writes through the mapping, and
// maps such folios whole, so that a 128 MB file costs tens of page faults
// instead of about 2000 (each tens of microseconds on a virtual machine).
func AdviseHugeMapping(b []byte) {
	if hugeOn && len(b) >= hugeMin {
		unix.Madvise(b, unix.MADV_HUGEPAGE) // a hint: an error changes nothing
	}
}
