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
// and the size of those pages (folios) decides what reading the file back
// through a mapping costs: the kernel maps a 2 MiB folio with one fault,
// a smaller one with a fault of its own (on a virtual
// machine whose host shadows the guest's page tables, tens of
// microseconds each). The kernel sizes a file's folios by the write: a
// copy into a mapping advised for huge pages faults in 2 MiB folios (read
// from the holes of the sparse file, zeroed, then copied into); a pwrite
// gets folios as large as its length and alignment allow. NumPy's
// np.save writes the array in one call, so its files are held in 2 MiB
// folios.
//
// Measured on the survey's machine of Dec 6 (a PVM guest: bench survey
// npy-write, a 4000×4000 float64 array in 1000×1000 chunks, 128 MB, by
// two goroutines, then the npy-read entries reading such a file through a
// fresh mapping; three alternating runs of three): zeros written in
// pieces of 256 KiB before each chunk is copied into the mapping: write
// 0.14–0.29 s, npy-read 0.029–0.10 s with about 500 faults, npy-read-fortran
// 0.053–0.063 s; in pieces of 2 MiB: write 0.047–0.058 s, npy-read
// 0.009–0.024 s with 70–90 faults, npy-read-fortran 0.011–0.042 s. (On
// the machine of Dec 5, whose free 2 MiB blocks the host had mostly taken
// back, 2 MiB folios were the slow ones: 1 MiB pieces sometimes took 0.4 s
// to write, 256 KiB pieces at most 0.1 s. Folios of NumPy's size meet
// NumPy's costs on either machine.) A chunk of long runs was written
// faster with WriteAt alone than filled and copied (on the machine of
// Dec 5, in 256 KiB pieces: 0.028–0.039 s against 0.035–0.050 s for the
// same array in chunks of 250 whole rows); it now writes 2 MiB pieces.
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
	piece     = 2 << 20
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
