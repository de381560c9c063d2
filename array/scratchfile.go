package array

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
)

// scratchFile is the intermediate of a store copy whose chunkings cross:
// one flat, uncompressed file per destination write unit, holding the
// unit as the concatenation of its intermediate chunks (C order), each
// chunk in C order. Intermediate chunks tile both the read blocks and
// the write units (planCopy), so the first stage writes each with one
// pwrite at its offset, and the second reads each unit with one pread,
// straight into the buffer it is encoded from when its chunks split only
// its first axis (rows into columns); otherwise the chunks are read one
// by one and copied into place.
//
// The second stage writes each encoded unit over its own file, which
// then moves into the destination as the unit's file, when the
// destination can take it (a Zarr array in a directory on the same file
// system: zarr.Array.WriteChunkOver). Every byte the copy writes thus
// goes into page-cache pages and disk blocks the first stage has
// already allocated: on a machine where the first touch of a page costs
// far more than writing over it (a virtual machine whose host backs
// guest memory lazily: 3–5 s of system time per fresh 2 GB here, 0.2 s
// to overwrite it), that halves the cost of the writes. Otherwise the
// unit is written as usual and its file removed, so that the
// intermediate shrinks as the destination grows.
//
// As a store.Writer its chunks are the intermediate chunks; unitReader is
// the reader of the second stage, whose chunks are the write units, and
// unitWriter wraps its destination.
//
// Resumable (WithResume): a journal next to the files records each chunk
// once its pwrite has returned (so the data is in the kernel's page
// cache, which outlives the process), and a re-run skips the chunks it
// lists whose unit file is still there. A unit's file is gone only once
// the destination holds the unit (moved or written before removal);
// reading it again is then an error, never zeros.
type scratchFile struct {
	dir     string
	journal *os.File // nil: not resumable
	meta    store.Meta
	grid    chunk.Grid // intermediate chunks
	units   chunk.Grid // write units
	unit    []int      // write unit shape

	mu      sync.Mutex
	written map[int]bool // chunks listed in the journal (raveled index)
	freed   map[int]bool // units whose file is gone (raveled index)
}

const scratchJournal = "written"

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
	s := &scratchFile{dir: dir, meta: store.Meta{DType: m.DType, Shape: m.Shape, Chunks: inter}, grid: grid, units: units,
		unit: unit, written: map[int]bool{}, freed: map[int]bool{}}
	if resumable {
		if err := s.openJournal(filepath.Join(dir, scratchJournal)); err != nil {
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
	files := map[string]bool{}
	entries, _ := os.ReadDir(s.dir)
	for _, e := range entries {
		files[e.Name()] = true
	}
	n := s.grid.NumBlocksTotal()
	block := make([]int, s.grid.NDim())
	for ; len(b) >= 8; b = b[8:] {
		if i := binary.LittleEndian.Uint64(b); i < uint64(n) {
			chunk.Unravel(block, int(i), s.grid.NumBlocks())
			if _, ui := s.offset(block); files[filepath.Base(s.unitPath(ui))] {
				s.written[int(i)] = true
			}
		}
	}
	if s.journal, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600); err != nil {
		return fmt.Errorf("array: store: intermediate journal: %w", err)
	}
	return nil
}

// Close closes the journal.
func (s *scratchFile) Close() error {
	if s.journal != nil {
		return s.journal.Close()
	}
	return nil
}

func (s *scratchFile) Meta() store.Meta { return s.meta }

// stored reports whether chunk block is in the journal (resumable only).
func (s *scratchFile) stored(block []int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.written[chunk.Ravel(block, s.grid.NumBlocks())]
}

// unitOf returns the write unit holding intermediate chunk block.
func (s *scratchFile) unitOf(block []int) []int {
	u := make([]int, len(block))
	for a := range u {
		u[a] = block[a] * s.meta.Chunks[a] / s.unit[a]
	}
	return u
}

// unitPath returns the file of unit ui (raveled index).
func (s *scratchFile) unitPath(ui int) string {
	return filepath.Join(s.dir, "unit"+strconv.Itoa(ui))
}

// offset returns where intermediate chunk block starts in its unit's
// file, and the index of that unit.
func (s *scratchFile) offset(block []int) (int64, int) {
	u := s.unitOf(block)
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
	return off * int64(s.meta.DType.Size()), chunk.Ravel(u, s.units.NumBlocks())
}

// WriteChunk writes intermediate chunk block at its offset in its unit's
// file.
func (s *scratchFile) WriteChunk(_ context.Context, block []int, d *chunk.Dense) error {
	off, ui := s.offset(block)
	f, err := os.OpenFile(s.unitPath(ui), os.O_WRONLY|os.O_CREATE, 0o600)
	if err == nil {
		_, err = f.WriteAt(d.Bytes(), off)
		err = errors.Join(err, f.Close())
	}
	if err != nil {
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
	d := chunk.NewPooledDense(s.meta.DType, s.grid.BlockShape(block))
	if err := s.readAt(ui, d.Bytes(), off); err != nil {
		d.Recycle()
		return nil, fmt.Errorf("intermediate chunk %v: %w", block, err)
	}
	return d, nil
}

// readAt reads b from unit ui's file at off.
func (s *scratchFile) readAt(ui int, b []byte, off int64) error {
	s.mu.Lock()
	freed := s.freed[ui]
	s.mu.Unlock()
	if freed {
		return fmt.Errorf("array: store: write unit %d of the intermediate file was written out and freed already", ui)
	}
	f, err := os.Open(s.unitPath(ui))
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err = f.ReadAt(b, off); errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// free records that unit ui is in the destination, and removes its file
// unless it moved there.
func (s *scratchFile) free(ui int, moved bool) {
	s.mu.Lock()
	s.freed[ui] = true
	s.mu.Unlock()
	if !moved {
		os.Remove(s.unitPath(ui))
	}
}

// unitReader returns the reader of the second stage: its chunks are the
// write units.
func (s *scratchFile) unitReader() store.Reader { return scratchUnits{s} }

type scratchUnits struct{ s *scratchFile }

func (r scratchUnits) Meta() store.Meta {
	return store.Meta{DType: r.s.meta.DType, Shape: r.s.meta.Shape, Chunks: r.s.unit}
}

// ReadChunk reads write unit u: with one pread when its chunks are in
// its C order (they split only its first axis), else chunk by chunk.
func (r scratchUnits) ReadChunk(ctx context.Context, u []int) (*chunk.Dense, error) {
	s := r.s
	us := s.units.BlockShape(u)
	d := chunk.NewPooledDense(s.meta.DType, us)
	flat := true
	for a := 1; a < len(us); a++ {
		flat = flat && s.meta.Chunks[a] >= us[a]
	}
	var err error
	if flat {
		err = s.readAt(chunk.Ravel(u, s.units.NumBlocks()), d.Bytes(), 0)
	} else {
		err = fillBox(ctx, d, s, s.grid, s.units.BlockBox(u))
	}
	if err != nil {
		d.Recycle()
		return nil, fmt.Errorf("intermediate write unit %v: %w", u, err)
	}
	return d, nil
}

// unitWriter is the destination of the second stage: it writes each unit
// over the unit's file when the destination can take it (see
// scratchFile), else writes it as usual, and frees the file.
type unitWriter struct {
	store.Writer
	s *scratchFile
}

// overWriter is zarr.Array's WriteChunkOver.
type overWriter interface {
	WriteChunkOver(ctx context.Context, block []int, d *chunk.Dense, path string) (bool, error)
}

func (w *unitWriter) WriteChunk(ctx context.Context, u []int, d *chunk.Dense) error {
	ui := chunk.Ravel(u, w.s.units.NumBlocks())
	o, ok := w.Writer.(overWriter)
	if !ok {
		return w.written(ui, false, w.Writer.WriteChunk(ctx, u, d))
	}
	moved, err := o.WriteChunkOver(ctx, u, d, w.s.unitPath(ui))
	return w.written(ui, moved, err)
}

// ShardShape and WriteShard pass a sharded destination's units through.
func (w *unitWriter) ShardShape() []int {
	if sw, ok := w.Writer.(ShardWriter); ok {
		return sw.ShardShape()
	}
	return nil
}

func (w *unitWriter) WriteShard(ctx context.Context, u []int, d *chunk.Dense) error {
	return w.written(chunk.Ravel(u, w.s.units.NumBlocks()), false, w.Writer.(ShardWriter).WriteShard(ctx, u, d))
}

// written frees unit ui once the destination holds it and passes err on.
func (w *unitWriter) written(ui int, moved bool, err error) error {
	if err == nil || moved {
		w.s.free(ui, moved)
	}
	return err
}
