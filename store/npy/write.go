package npy

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/chunkwise/chunkwise/chunk"
)

// How a File made by Create writes chunks: the page cache's folios.
//
// Writing a chunk means filling the page cache with the file's new pages,
// and on a virtual machine whose guest hands free memory back to the host
// (free page reporting, of blocks of 2 MiB and up), what that costs
// depends on where the kernel takes the pages from: memory reported to
// the host must be backed anew, some microseconds a page, while the free
// fragments below 2 MiB mostly need not (see store/internal/fileio). The
// kernel sizes a file's folios by the write: a copy into a mapping
// advised for huge pages faults in 2 MiB folios (read from the holes of
// the sparse file, zeroed, then copied into), always from the blocks of
// 2 MiB and up; a pwrite gets folios as large as its length and
// alignment allow.
//
// Measured on the survey's machine (bench survey npy-write: a 4000×4000
// float64 array in 1000×1000 chunks, 128 MB, written by two goroutines;
// medians of 8–12 runs, alternating): through the advised mapping
// 0.36–0.54 s, single runs 0.04–0.85 s, mostly system time; one WriteAt
// per 8000-byte run 0.14 s; zeros written in pieces of 1 MiB, 512, 256,
// 128 or 64 KiB over the chunk's pages before it is copied into the
// mapping 0.053–0.16, 0.053–0.055, 0.050–0.057, 0.062 and 0.068 s. With
// 1 MiB pieces some runs took 0.4 s (while /proc/buddyinfo showed few
// free blocks of 1 MiB); with 256 KiB none took more than 0.1 s. (A probe
// of an unadvised mapping: 0.12–0.35 s, with thousands of faults.)
// Reading such a file back through an advised mapping costs a little
// more than reading 2 MiB folios, which the kernel maps whole
// (npy-read-fortran: 1–2 ms more, of 11–17). A chunk of long runs (the
// same array in chunks of 250 whole rows, by a probe of this package) is
// written faster still with WriteAt alone in pieces of 256 KiB:
// 0.028–0.039 s, against 0.035–0.050 s filled and copied, and 0.03–0.5 s
// through the advised mapping.
//
// So the File writes a chunk in one of two ways, chosen at Create from
// the grid's first (and largest) chunk, the same for every chunk so that
// one never undoes another:
//
//   - direct: when the chunk's contiguous runs of file bytes are at least
//     directRun bytes long (or the file is not mapped), each run is
//     written with WriteAt in pieces that do not cross a multiple of
//     piece bytes of the file;
//   - filled: otherwise, before a chunk is copied into the mapping, every
//     piece of the file (piece bytes, aligned on the file's offsets, as
//     the page cache's folios are) that its bytes span and that no chunk
//     has filled yet is filled, with WriteAt of zeros. A piece is filled
//     once, before any chunk is copied into it, so a fill never overwrites
//     a chunk written before. A chunk whose bytes span more than fillLimit
//     bytes (one narrow on the fast axes of a large file) is copied into
//     the mapping without filling, and then so is every chunk of the
//     file: filling would put far more zeros than the chunk's data in the
//     page cache, ahead of the data.
//
// Either way a WriteAt (of zeros or of a chunk) first checks that the
// file was not cut shorter than its data since Create, and fails with
// ErrTruncated if it was: the WriteAt would lengthen it again, unnoticed
// by guardFaults, which checks the copies into the mapping.
const (
	piece     = 256 << 10
	directRun = 1 << 20
	fillLimit = 256 << 20
)

// zeros is what fills write: never written, so its pages are the zero page.
var zeros [piece]byte

// filler records which pieces of a file have been filled.
type filler struct {
	mu     sync.Mutex      // held while pieces are filled
	done   []atomic.Uint64 // bit p set: piece p, bytes [p*piece, (p+1)*piece) of the file, is filled
	lo, hi int64           // the data section's bytes in the file
}

// chooseWrites sets how the File made by Create writes its chunks.
func (f *File) chooseWrites() {
	f.direct, f.filled = true, nil
	if f.h.DataSize() == 0 {
		return
	}
	block := make([]int, len(f.h.Shape)) // block 0 is as large as any
	fshape, fbox := f.fileGeometry(f.grid.BlockBox(block))
	if fbox.Size() == 0 {
		return
	}
	es := f.h.DType.Size()
	run, _ := runOf(fshape, fbox.Shape())
	if f.mapped == nil || run*es >= directRun {
		return
	}
	f.direct = false
	if lo, hi := byteSpan(fshape, fbox, es); hi-lo <= fillLimit {
		lo, hi := f.h.DataOffset, f.h.DataOffset+f.h.DataSize()
		n := (hi + piece - 1) / piece
		f.filled = &filler{done: make([]atomic.Uint64, (n+63)/64), lo: lo, hi: hi}
	}
}

// byteSpan returns the bytes [lo, hi) of the C-order array of shape
// fshape from the first byte of box (not empty) to its last.
func byteSpan(fshape []int, box chunk.Box, es int) (lo, hi int64) {
	str := chunk.Strides(fshape)
	for a := range fshape {
		lo += int64(box.Min[a]) * int64(str[a])
		hi += int64(box.Max[a]-1) * int64(str[a])
	}
	return lo * int64(es), (hi + 1) * int64(es)
}

// fill fills the pieces of the file that the data bytes [lo, hi) (offsets
// in the data section) touch and that are not filled yet.
func (f *File) fill(lo, hi int64) error {
	fl := f.filled
	first, last := (f.h.DataOffset+lo)/piece, (f.h.DataOffset+hi-1)/piece
	for first <= last && fl.isDone(first) {
		first++
	}
	for last >= first && fl.isDone(last) {
		last--
	}
	if first > last {
		return nil
	}
	fl.mu.Lock()
	defer fl.mu.Unlock()
	checked := false
	for p := first; p <= last; p++ {
		if fl.isDone(p) {
			continue
		}
		if !checked {
			if err := f.checkSize(); err != nil {
				return err
			}
			checked = true
		}
		lo, hi := max(p*piece, fl.lo), min((p+1)*piece, fl.hi)
		if _, err := f.f.WriteAt(zeros[:hi-lo], lo); err != nil {
			return err
		}
		fl.done[p/64].Or(1 << (p % 64))
	}
	return nil
}

func (fl *filler) isDone(p int64) bool { return fl.done[p/64].Load()&(1<<(p%64)) != 0 }

// writeRuns writes box of the C-order file array of shape fshape from
// buf, C order, with WriteAt of each run in pieces that do not cross a
// multiple of piece bytes of the file.
func (f *File) writeRuns(buf []byte, fshape []int, box chunk.Box, es int) error {
	if err := f.checkSize(); err != nil {
		return err
	}
	return eachRun(fshape, box, es, func(off int64, p, n int) error {
		b, at := buf[p:p+n], f.h.DataOffset+off
		for len(b) > 0 {
			k := min(int64(len(b)), (at/piece+1)*piece-at)
			if _, err := f.f.WriteAt(b[:k], at); err != nil {
				return err
			}
			b, at = b[k:], at+k
		}
		return nil
	})
}

// checkSize returns ErrTruncated when the file is shorter than its data.
func (f *File) checkSize() error {
	st, err := f.f.Stat()
	if err != nil {
		return err
	}
	if need := f.h.DataOffset + f.h.DataSize(); st.Size() < need {
		return fmt.Errorf("%w: the file was cut to %d bytes while it was written", ErrTruncated, st.Size())
	}
	return nil
}
