package array

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
)

// scratchFile is the intermediate of a store copy whose chunkings cross:
// a few flat, uncompressed files holding the array as the concatenation
// of the destination's write units (C order of the unit grid, dealt out
// in turn to the files, so that concurrent writes rarely wait for one
// file's lock), each unit the concatenation of its intermediate chunks
// (C order), each chunk in C order. Intermediate chunks tile both the read blocks and the write
// units (planCopy), so the first stage writes each with one pwrite at its
// offset, and the second reads each unit with one pread, straight into
// the buffer it is encoded from when its chunks split only its first
// axis (rows into columns); otherwise the chunks are read one by one and
// copied into place. Unlike a store of many chunk files, this costs no
// file creation, rename or inode allocation per chunk.
//
// As a store.Writer its chunks are the intermediate chunks; unitReader is
// the reader of the second stage, whose chunks are the write units.
//
// Resumable (WithResume): a journal next to the data records each chunk
// once its pwrite has returned (so the data is in the kernel's page
// cache, which outlives the process), and a re-run skips the chunks it
// lists. Not resumable: once the second stage has read a unit, its bytes
// are freed (a hole punched in the file, where the system supports it),
// so that the disk space and page cache they held serve the
// destination's writes; reading a freed unit again is an error, never
// zeros.
type scratchFile struct {
	files   []*os.File
	journal *os.File // nil: not resumable
	meta    store.Meta
	grid    chunk.Grid // intermediate chunks
	units   chunk.Grid // write units
	unit    []int      // write unit shape
	unitOff []int64    // each unit's offset in its file (unit i is in file i mod len(files)), bytes

	mu      sync.Mutex
	written map[int]bool // chunks listed in the journal (raveled index)
	freed   map[int]bool // units whose bytes are freed (raveled index)
}

const (
	scratchFiles   = 8 // files of an intermediate, at most
	scratchJournal = "written"
)

// openScratchFile opens the intermediate of an array with metadata m
// (dtype and shape) in dir, with intermediate chunks inter and write
// units unit, each inter dividing unit on every axis, or creates it.
// A resumable one keeps its journal and the chunks it lists.
func openScratchFile(dir string, m store.Meta, inter, unit []int, resumable bool) (*scratchFile, error) {
	grid, err := chunk.RegularGrid(m.Shape, inter)
	if err != nil {
		return nil, fmt.Errorf("array: store: intermediate chunks: %w", err)
	}
	units, err := chunk.RegularGrid(m.Shape, unit)
	if err != nil {
		return nil, fmt.Errorf("array: store: write units: %w", err)
	}
	s := &scratchFile{meta: store.Meta{DType: m.DType, Shape: m.Shape, Chunks: inter}, grid: grid, units: units,
		unit: unit, written: map[int]bool{}, freed: map[int]bool{}}
	size := make([]int64, min(scratchFiles, units.NumBlocksTotal()))
	i := 0
	chunk.EachIndex(units.NumBlocks(), func(u []int) {
		f := i % len(size)
		s.unitOff = append(s.unitOff, size[f])
		size[f] += int64(chunk.Prod(units.BlockShape(u))) * int64(m.DType.Size())
		i++
	})
	flag := os.O_RDWR | os.O_CREATE
	if !resumable {
		flag |= os.O_TRUNC
	}
	for i, n := range size {
		f, err := os.OpenFile(filepath.Join(dir, fmt.Sprintf("data%d", i)), flag, 0o600)
		if err == nil {
			s.files = append(s.files, f)
			err = f.Truncate(n) // sparse: nothing written yet reads as holes
		}
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("array: store: intermediate file: %w", err)
		}
	}
	if resumable {
		if err := s.openJournal(filepath.Join(dir, scratchJournal)); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// openJournal reads the chunks a journal lists (a torn last record from
// an interrupted append is ignored) and opens it for appending.
func (s *scratchFile) openJournal(path string) error {
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("array: store: intermediate journal: %w", err)
	}
	n := s.grid.NumBlocksTotal()
	for ; len(b) >= 8; b = b[8:] {
		if i := binary.LittleEndian.Uint64(b); i < uint64(n) {
			s.written[int(i)] = true
		}
	}
	if s.journal, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600); err != nil {
		return fmt.Errorf("array: store: intermediate journal: %w", err)
	}
	return nil
}

// Close closes the files and the journal.
func (s *scratchFile) Close() error {
	var err error
	for _, f := range s.files {
		err = errors.Join(err, f.Close())
	}
	if s.journal != nil {
		err = errors.Join(err, s.journal.Close())
	}
	return err
}

func (s *scratchFile) Meta() store.Meta { return s.meta }

// stored reports whether chunk block is in the journal (resumable only).
func (s *scratchFile) stored(block []int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.written[chunk.Ravel(block, s.grid.NumBlocks())]
}

// offset returns where intermediate chunk block starts in its unit's
// file, and the index of that unit.
func (s *scratchFile) offset(block []int) (int64, int) {
	u := make([]int, len(block))
	for a := range u {
		u[a] = block[a] * s.meta.Chunks[a] / s.unit[a]
	}
	us := s.units.BlockShape(u)
	cs := s.grid.BlockShape(block)
	// Chunks before this one in the unit: on each axis a, those whose
	// index is smaller there and equal on the axes before a.
	var off int64
	for a := range block {
		n := int64(block[a]*s.meta.Chunks[a] - u[a]*s.unit[a])
		for b := range block {
			switch {
			case b < a:
				n *= int64(cs[b])
			case b > a:
				n *= int64(us[b])
			}
		}
		off += n
	}
	ui := chunk.Ravel(u, s.units.NumBlocks())
	return s.unitOff[ui] + off*int64(s.meta.DType.Size()), ui
}

// WriteChunk writes intermediate chunk block at its offset.
func (s *scratchFile) WriteChunk(_ context.Context, block []int, d *chunk.Dense) error {
	off, ui := s.offset(block)
	if _, err := s.file(ui).WriteAt(d.Bytes(), off); err != nil {
		return fmt.Errorf("intermediate chunk %v: %w", block, err)
	}
	if s.journal == nil {
		return nil
	}
	i := chunk.Ravel(block, s.grid.NumBlocks())
	if _, err := s.journal.Write(binary.LittleEndian.AppendUint64(nil, uint64(i))); err != nil {
		return fmt.Errorf("intermediate journal: %w", err)
	}
	s.mu.Lock()
	s.written[i] = true
	s.mu.Unlock()
	return nil
}

// ReadChunk reads intermediate chunk block.
func (s *scratchFile) ReadChunk(_ context.Context, block []int) (*chunk.Dense, error) {
	off, ui := s.offset(block)
	if err := s.readable(ui); err != nil {
		return nil, err
	}
	d := chunk.NewPooledDense(s.meta.DType, s.grid.BlockShape(block))
	if err := s.readAt(ui, d.Bytes(), off); err != nil {
		d.Recycle()
		return nil, fmt.Errorf("intermediate chunk %v: %w", block, err)
	}
	return d, nil
}

// file returns the file of unit ui.
func (s *scratchFile) file(ui int) *os.File { return s.files[ui%len(s.files)] }

func (s *scratchFile) readAt(ui int, b []byte, off int64) error {
	_, err := s.file(ui).ReadAt(b, off)
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return err
}

func (s *scratchFile) readable(unit int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.freed[unit] {
		return fmt.Errorf("array: store: write unit %d of the intermediate file was read and freed already", unit)
	}
	return nil
}

// unitReader returns the reader of the second stage: its chunks are the write
// units.
func (s *scratchFile) unitReader() store.Reader { return scratchUnits{s} }

type scratchUnits struct{ s *scratchFile }

func (r scratchUnits) Meta() store.Meta {
	return store.Meta{DType: r.s.meta.DType, Shape: r.s.meta.Shape, Chunks: r.s.unit}
}

// ReadChunk reads write unit u: with one pread when its chunks are in
// its C order (they split only its first axis), else chunk by chunk.
// Not resumable, the unit's bytes are then freed.
func (r scratchUnits) ReadChunk(ctx context.Context, u []int) (*chunk.Dense, error) {
	s := r.s
	ui := chunk.Ravel(u, s.units.NumBlocks())
	if err := s.readable(ui); err != nil {
		return nil, err
	}
	us := s.units.BlockShape(u)
	d := chunk.NewPooledDense(s.meta.DType, us)
	flat := true
	for a := 1; a < len(us); a++ {
		flat = flat && s.meta.Chunks[a] >= us[a]
	}
	if flat {
		if err := s.readAt(ui, d.Bytes(), s.unitOff[ui]); err != nil {
			d.Recycle()
			return nil, fmt.Errorf("intermediate write unit %v: %w", u, err)
		}
	} else if err := fillBox(ctx, d, s, s.grid, s.units.BlockBox(u)); err != nil {
		d.Recycle()
		return nil, err
	}
	if s.journal == nil {
		s.mu.Lock()
		s.freed[ui] = true
		s.mu.Unlock()
		punchHole(s.file(ui), s.unitOff[ui], int64(d.NBytes()))
	}
	return d, nil
}
