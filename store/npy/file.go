package npy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
)

// File is a .npy file on disk read (and, when made by Create, written)
// chunk by chunk: a store.Reader and store.Writer over one array. The
// file is mapped into memory where the system allows (writable when made
// by Create), and a chunk copied out of the mapping run by run, as
// NumPy's memmap does; otherwise chunks are read with ReadAt of only the
// byte runs they cover. A chunk is written with WriteAt of its runs when
// they are long, or else copied into the mapping after the page cache's
// pages under it were filled with zeros in pieces (see write.go for why;
// with WriteAt of its runs when the file is not mapped). Any number of
// goroutines may call ReadChunk and WriteChunk (on distinct blocks) at
// once. A File holds an open file (and its mapping) until Close, or until
// it is garbage.
type File struct {
	f        *os.File
	path     string
	h        Header
	meta     store.Meta
	grid     chunk.Grid
	writable bool

	mu     sync.RWMutex // guards mapped: Close unmaps it while no chunk is copied
	mapped []byte       // the whole file (writable when writable is); nil without a mapping
	unmap  runtime.Cleanup

	// How chunks are written (write.go), set by Create: with WriteAt when
	// direct, else into the mapping, after filling the pieces under them
	// when filled is not nil.
	direct bool
	filled *filler
}

var (
	_ store.Reader = (*File)(nil)
	_ store.Writer = (*File)(nil)
)

// Open opens the .npy file at path for chunked reading with the default
// chunk shape: the axis that varies slowest in the file (the first for C
// order, the last for Fortran order) split by chunk.Spec's automatic
// planning to about chunk.DefaultTarget bytes per chunk, every other axis
// whole. It returns the errors of ReadHeader (prefixed with the path) and
// an error wrapping ErrTruncated when the file is shorter than the header
// announces.
func Open(path string) (*File, error) { return OpenChunked(path, nil) }

// OpenChunked is Open with an explicit chunk shape, one positive size per
// axis (nil for the default). A chunk shape of the wrong length or with a
// size below 1 is an error.
func OpenChunked(path string, chunks []int) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	h, err := ReadHeader(io.NewSectionReader(f, 0, maxHeaderLen+12))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return openData(f, path, h, chunks)
}

// OpenRaw opens the file at path for chunked reading, as OpenChunked, of
// an array stored in it without a .npy header, as h describes it (DType,
// BigEndian, Fortran, Shape and DataOffset; Descr is not read): the
// contiguous data of another format's dataset (HDF5's), read in place
// and by any number of goroutines at once.
func OpenRaw(path string, h Header, chunks []int) (*File, error) {
	if !h.DType.Valid() || h.DataOffset < 0 {
		return nil, fmt.Errorf("npy: %s: raw array of dtype %v at offset %d", path, h.DType, h.DataOffset)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return openData(f, path, h, chunks)
}

// openData makes the File that reads f's array as h describes it, once
// f is seen to hold all of its data; it closes f on error.
func openData(f *os.File, path string, h Header, chunks []int) (*File, error) {
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if need := h.DataOffset + h.DataSize(); st.Size() < need {
		f.Close()
		return nil, fmt.Errorf("%s: %w: header announces %d bytes of data, file has %d", path, ErrTruncated, h.DataSize(), st.Size()-h.DataOffset)
	}
	nf, err := newFile(f, path, h, chunks)
	if err != nil {
		f.Close()
		return nil, err
	}
	nf.mapWhole(st.Size())
	return nf, nil
}

// mapWhole maps the first n bytes of the file, to be unmapped by Close or
// when f is garbage.
func (f *File) mapWhole(n int64) {
	if f.mapped = mapFile(f.f, n, f.writable); f.mapped != nil {
		f.unmap = runtime.AddCleanup(f, unmapFile, f.mapped)
	}
}

// Create creates (or truncates) the .npy file at path for an array of
// dtype dt and the given shape, little-endian and in C order, with the
// default chunk shape of Open. The data section is preallocated (as a
// sparse file where the file system allows), so chunks can be written in
// any order and concurrently; chunks never written read as zero (the
// zeros written around a chunk copied into the mapping, see File, may
// allocate disk blocks for some of them). An invalid dtype or a negative
// dimension is an error.
func Create(path string, dt chunk.DType, shape []int) (*File, error) {
	return CreateWith(path, dt, shape, nil, Options{})
}

// CreateWith is Create with an explicit chunk shape (nil for the default)
// and layout options (Fortran order, big-endian, format version).
func CreateWith(path string, dt chunk.DType, shape, chunks []int, o Options) (*File, error) {
	if !dt.Valid() {
		return nil, fmt.Errorf("npy: Create %s: invalid dtype %v", path, dt)
	}
	for a, n := range shape {
		if n < 0 {
			return nil, fmt.Errorf("npy: Create %s: shape %v has negative length on axis %d", path, shape, a)
		}
	}
	hdr, err := encodeHeader(dt, o.BigEndian, o.Fortran, shape, o.Version)
	if err != nil {
		return nil, err
	}
	h, err := ReadHeader(bytes.NewReader(hdr))
	if err != nil {
		return nil, fmt.Errorf("npy: Create %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
	if err != nil {
		return nil, err
	}
	nf, err := newFile(f, path, h, chunks)
	if err == nil {
		_, err = f.WriteAt(hdr, 0)
	}
	if err == nil {
		err = f.Truncate(h.DataOffset + h.DataSize())
	}
	if err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	nf.writable = true
	nf.mapWhole(h.DataOffset + h.DataSize())
	nf.chooseWrites()
	return nf, nil
}

func newFile(f *os.File, path string, h Header, chunks []int) (*File, error) {
	if chunks == nil {
		chunks = defaultChunks(h)
	}
	chunks = store.ChunksForShape(h.Shape, chunks)
	if len(chunks) != len(h.Shape) {
		return nil, fmt.Errorf("npy: %s: chunk shape %v for an array of shape %v", path, chunks, h.Shape)
	}
	g, err := chunk.RegularGrid(h.Shape, chunks)
	if err != nil {
		return nil, fmt.Errorf("npy: %s: %w", path, err)
	}
	return &File{f: f, path: path, h: h, grid: g,
		meta: store.Meta{DType: h.DType, Shape: append([]int(nil), h.Shape...), Chunks: append([]int(nil), chunks...)}}, nil
}

// defaultChunks splits the slowest axis of the file automatically.
func defaultChunks(h Header) []int {
	nd := len(h.Shape)
	if nd == 0 {
		return []int{}
	}
	split := 0
	if h.Fortran {
		split = nd - 1
	}
	spec := make(chunk.Spec, nd)
	for a := range spec {
		spec[a] = chunk.Whole()
	}
	spec[split] = chunk.Auto()
	out := make([]int, nd)
	g, err := spec.Plan(h.Shape, h.DType, 0, nil)
	for a := range out {
		out[a] = max(h.Shape[a], 1)
		if err == nil {
			out[a] = max(g.Chunks()[a][0], 1)
		}
	}
	return out
}

// Header returns the file's parsed header.
func (f *File) Header() Header { return f.h }

// Meta returns the array's dtype, shape and chunk shape.
func (f *File) Meta() store.Meta {
	return store.Meta{DType: f.meta.DType, Shape: append([]int(nil), f.meta.Shape...), Chunks: append([]int(nil), f.meta.Chunks...)}
}

// Close closes the file. Chunk reads and writes after Close fail.
func (f *File) Close() error {
	f.dropMapping()
	return f.f.Close()
}

// dropMapping drops the mapping, once no chunk is copied; reads and
// writes go through ReadAt and WriteAt from then on. Written pages stay
// in the page cache, as WriteAt's do.
func (f *File) dropMapping() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.mapped != nil {
		f.unmap.Stop()
		unmapFile(f.mapped)
		f.mapped = nil
	}
}

func (f *File) checkBlock(block []int) error {
	nb := f.grid.NumBlocks()
	if len(block) != len(nb) {
		return fmt.Errorf("npy: %s: block %v for a grid of %d axes", f.path, block, len(nb))
	}
	for a, i := range block {
		if i < 0 || i >= nb[a] {
			return fmt.Errorf("npy: %s: block %v outside the grid of %v blocks", f.path, block, nb)
		}
	}
	return nil
}

// fileGeometry returns the shape and the box of block as stored in the
// file, where Fortran order is C order of the reversed shape.
func (f *File) fileGeometry(box chunk.Box) ([]int, chunk.Box) {
	if !f.h.Fortran {
		return f.h.Shape, box
	}
	return reversed(f.h.Shape), chunk.Box{Min: reversed(box.Min), Max: reversed(box.Max)}
}

// ReadChunk reads the chunk at block index block with ReadAt calls
// covering only the file bytes it needs. An index outside the grid is an
// error, as is an I/O error, which names the file and the block.
func (f *File) ReadChunk(ctx context.Context, block []int) (*chunk.Dense, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := f.checkBlock(block); err != nil {
		return nil, err
	}
	return f.readRegion(f.grid.BlockBox(block), fmt.Sprintf("chunk %v", block))
}

// ReadsRegions reports true: any box of the file is read by its rows
// (store.RegionReader).
func (f *File) ReadsRegions() bool { return true }

// ReadRegion reads box, which must lie within the array, from the file
// (store.RegionReader).
func (f *File) ReadRegion(ctx context.Context, box chunk.Box) (*chunk.Dense, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	shape := f.h.Shape
	if len(box.Min) != len(shape) || len(box.Max) != len(box.Min) {
		return nil, fmt.Errorf("npy: %s: region %v of %d axes for %d", f.path, box, len(box.Min), len(shape))
	}
	for a, n := range shape {
		if box.Min[a] < 0 || box.Max[a] < box.Min[a] || box.Max[a] > n {
			return nil, fmt.Errorf("npy: %s: region %v outside its shape %v", f.path, box, shape)
		}
	}
	return f.readRegion(box, fmt.Sprintf("region %v", box))
}

// readRegion reads box of the array; errors name what, the chunk or
// region read.
func (f *File) readRegion(box chunk.Box, what string) (*chunk.Dense, error) {
	dt := f.h.DType
	es := dt.Size()
	fshape, fbox := f.fileGeometry(box)
	if dt == chunk.Bool { // decode normalises the bytes
		buf := make([]byte, box.Size()*es)
		if err := f.readBox(buf, fshape, fbox, es); err != nil {
			return nil, fmt.Errorf("npy: %s: %s: %w", f.path, what, err)
		}
		return decode(buf, dt, f.h.BigEndian, f.h.Fortran, box.Shape())
	}
	fortran := f.h.Fortran && len(box.Min) > 1
	d := chunk.NewPooledDense(dt, box.Shape()) // filled below
	done := false
	var err error
	if fortran {
		done, err = f.transposeBox(d, fshape, fbox)
	}
	if !done && err == nil {
		err = f.readBox(d.Bytes(), fshape, fbox, es)
		if err == nil && fortran { // d holds the chunk with its axes reversed
			c := chunk.NewPooledDense(dt, box.Shape()) // every element is written
			r, _ := d.Reshape(fbox.Shape())
			reverseAxes(c, r)
			d.Recycle()
			d = c
		}
	}
	if err != nil {
		d.Recycle()
		return nil, fmt.Errorf("npy: %s: %s: %w", f.path, what, err)
	}
	if f.h.BigEndian {
		swapBytes(d.Bytes(), dt.PartSize())
	}
	return d, nil
}

// transposeBox copies box of the C-order file array of shape fshape,
// which holds a chunk of a Fortran-order file with its axes reversed,
// out of the mapping into d in C order in one transposing pass. It
// reports false, having done nothing, when the file is not mapped.
func (f *File) transposeBox(d *chunk.Dense, fshape []int, box chunk.Box) (bool, error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if f.mapped == nil {
		return false, nil
	}
	if d.Len() == 0 {
		return true, nil
	}
	nd := len(fshape)
	str := chunk.Strides(fshape)
	strides := make([]int, nd) // axis a of d is axis nd-1-a of the file
	base := 0
	for a := range nd {
		strides[nd-1-a] = str[a]
		base += box.Min[a] * str[a]
	}
	data := f.mapped[f.h.DataOffset+int64(base*d.DType().Size()):]
	return true, f.guardFaults(func() { chunk.CopyTransposed(d, data, strides, 0) })
}

// WriteChunk writes d as the chunk at block index block, writing each
// contiguous run of file bytes with WriteAt or copying it into the
// mapping (see File). It is an error when the file was opened read-only,
// block is outside the grid, or d's dtype or shape does not match the
// block; an error wrapping ErrTruncated when the file was cut shorter
// than its data since Create; and an I/O error, which names the file and
// the block.
func (f *File) WriteChunk(ctx context.Context, block []int, d *chunk.Dense) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !f.writable {
		return fmt.Errorf("npy: %s: WriteChunk on a file opened for reading", f.path)
	}
	if err := f.checkBlock(block); err != nil {
		return err
	}
	if d == nil {
		return fmt.Errorf("npy: %s: nil chunk at %v", f.path, block)
	}
	if d.DType() != f.h.DType {
		return fmt.Errorf("npy: %s: chunk %v has dtype %v, the file holds %v", f.path, block, d.DType(), f.h.DType)
	}
	box := f.grid.BlockBox(block)
	if !chunk.EqualShapes(d.Shape(), box.Shape()) {
		return fmt.Errorf("npy: %s: chunk %v has shape %v, want %v", f.path, block, d.Shape(), box.Shape())
	}
	buf := encode(d, f.h.BigEndian, f.h.Fortran)
	fshape, fbox := f.fileGeometry(box)
	if err := f.writeBox(buf, fshape, fbox, f.h.DType.Size()); err != nil {
		return fmt.Errorf("npy: %s: chunk %v: %w", f.path, block, err)
	}
	return nil
}

// writeBox writes box of the C-order file array of shape fshape from
// buf, C order: with WriteAt of its runs when they are long (f.direct) or
// the file is no longer mapped, else into the mapping (one WriteAt per
// short run costs twice as much when workers contend for the file's
// lock), after filling the pieces of the file under the box.
func (f *File) writeBox(buf []byte, fshape []int, box chunk.Box, es int) error {
	if len(buf) == 0 {
		return nil
	}
	f.mu.RLock()
	defer f.mu.RUnlock()
	if f.direct || f.mapped == nil {
		return f.writeRuns(buf, fshape, box, es)
	}
	if f.filled != nil {
		if err := f.fill(byteSpan(fshape, box, es)); err != nil {
			return err
		}
	}
	return f.copyBox(buf, fshape, box, es, true)
}

// runCost is what one ReadAt call costs, counted in bytes copied: a
// span covering several runs is read in one call, and the bytes between
// the runs thrown away, when that costs less than one call per run.
const runCost = 8 << 10

// readBox reads box of the C-order file array of shape fshape into dst,
// C order: out of the mapping, or with the calls readLevel plans.
func (f *File) readBox(dst []byte, fshape []int, box chunk.Box, es int) error {
	if len(dst) == 0 {
		return nil
	}
	f.mu.RLock()
	defer f.mu.RUnlock()
	if f.mapped != nil {
		return f.copyBox(dst, fshape, box, es, false)
	}
	level, span := readLevel(fshape, box, es)
	if span == 0 {
		return eachRun(fshape, box, es, func(off int64, p, n int) error {
			return f.readAt(dst[p:p+n], off)
		})
	}
	bshape := box.Shape()
	str := chunk.Strides(fshape)
	sub := chunk.Box{Min: box.Min[level:], Max: box.Max[level:]}
	base := 0
	for a := level; a < len(fshape); a++ {
		base += box.Min[a] * str[a] * es
	}
	scratch := chunk.NewPooledDense(chunk.Uint8, []int{span}) // every byte read
	defer scratch.Recycle()
	tmp := scratch.Bytes()
	p, step := 0, sub.Size()*es
	var err error
	chunk.EachIndex(bshape[:level], func(idx []int) {
		if err != nil {
			return
		}
		off := base
		for a, i := range idx {
			off += (box.Min[a] + i) * str[a] * es
		}
		if err = f.readAt(tmp, int64(off)); err != nil {
			return
		}
		eachRun(fshape[level:], sub, es, func(o int64, q, n int) error {
			copy(dst[p+q:p+q+n], tmp[int(o)-base:])
			return nil
		})
		p += step
	})
	return err
}

// copyBox copies box out of the mapped file into buf, run by run, or
// with write from buf into the mapping. A file cut short since it was
// mapped is ErrTruncated, never a crash: a copy beyond its new end faults
// (recovered by guardFaults), and one within its last page reads zeros
// or writes nowhere, which the size checked after the copy catches.
func (f *File) copyBox(buf []byte, fshape []int, box chunk.Box, es int, write bool) error {
	data := f.mapped[f.h.DataOffset:]
	return f.guardFaults(func() {
		eachRun(fshape, box, es, func(off int64, p, n int) error {
			if write {
				copy(data[off:off+int64(n)], buf[p:p+n])
			} else {
				copy(buf[p:p+n], data[off:])
			}
			return nil
		})
	})
}

// guardFaults runs touch, which touches the mapping, turning a fault of a
// file cut short into ErrTruncated, and checks the file's size after it.
func (f *File) guardFaults(touch func()) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, fault := r.(interface{ Addr() uintptr }); !fault {
				panic(r)
			}
			err = fmt.Errorf("%w: the file was cut short while it was read", ErrTruncated)
		}
	}()
	touch()
	st, err := f.f.Stat()
	if err != nil {
		return err
	}
	if need := f.h.DataOffset + f.h.DataSize(); st.Size() < need {
		return fmt.Errorf("%w: the file was cut to %d bytes while it was read", ErrTruncated, st.Size())
	}
	return nil
}

// readLevel plans the reads of box (not empty) from the C-order file
// array of shape fshape: one call per contiguous run of the file (span 0),
// or, when the runs are short, one call per index of the axes before
// level reading span bytes, from the box's first element to its last for
// that index, the runs then copied out. It takes the level that costs
// least, counting bytes read plus runCost per call, among those whose
// span is at most the box's size or 1 MiB.
func readLevel(fshape []int, box chunk.Box, es int) (level, span int) {
	bshape := box.Shape()
	run, inner := runOf(fshape, bshape)
	str := chunk.Strides(fshape)
	size := box.Size() * es
	level, best := inner, size/(run*es)*runCost+size
	for l, s := inner-1, run*es; l >= 0; l-- {
		s += (bshape[l] - 1) * str[l] * es
		if s > max(size, 1<<20) {
			break // spans only grow toward axis 0
		}
		if c := chunk.Prod(bshape[:l]) * (runCost + s); c < best {
			level, best, span = l, c, s
		}
	}
	return level, span
}

func (f *File) readAt(b []byte, off int64) error {
	n, err := f.f.ReadAt(b, f.h.DataOffset+off)
	if n == len(b) {
		return nil
	}
	if err == io.EOF {
		return fmt.Errorf("%w: file ends inside the data", ErrTruncated)
	}
	return err
}

// runOf returns the length in elements of the contiguous runs a box of
// shape bshape makes in an array of shape shape, and the number of
// leading axes the runs are iterated over.
func runOf(shape, bshape []int) (run, inner int) {
	nd := len(shape)
	if nd == 0 {
		return 1, 0
	}
	run, inner = bshape[nd-1], nd-1
	for inner > 0 && bshape[inner] == shape[inner] {
		run *= bshape[inner-1]
		inner--
	}
	return run, inner
}

// eachRun calls fn for every contiguous run of box in the C-order array
// of shape shape: off is the run's byte offset in the array, p its byte
// offset in the box's own C-order buffer, n its length in bytes.
func eachRun(shape []int, box chunk.Box, es int, fn func(off int64, p, n int) error) error {
	bshape := box.Shape()
	if chunk.Prod(bshape) == 0 {
		return nil
	}
	run, inner := runOf(shape, bshape)
	str := chunk.Strides(shape)
	idx := make([]int, inner)
	p := 0
	for {
		off := 0
		for a := 0; a < len(shape); a++ {
			i := box.Min[a]
			if a < inner {
				i += idx[a]
			}
			off += i * str[a]
		}
		if err := fn(int64(off)*int64(es), p, run*es); err != nil {
			return err
		}
		p += run * es
		a := inner - 1
		for ; a >= 0; a-- {
			idx[a]++
			if idx[a] < bshape[a] {
				break
			}
			idx[a] = 0
		}
		if a < 0 {
			return nil
		}
	}
}
