package hdf5

// #include <stdlib.h>
// #include "hdf5.h"
// hid_t cw_native(int code);
// hid_t cw_file_le(int code);
// hid_t cw_bool_type(void);
// hid_t cw_half_type(void);
// int cw_is_bool_enum(hid_t t);
// hid_t cw_complex_type(hid_t part);
// int cw_complex_part(hid_t t);
// hid_t cw_p_dataset_create(void);
// hid_t cw_p_link_create(void);
// int cw_haddr_undef(haddr_t a);
// herr_t cw_dread(hid_t d, hid_t mt, hid_t ms, hid_t fs, void *buf, char *err);
// herr_t cw_dread_chunk(hid_t d, const hsize_t *off, uint32_t *filters, void *buf, char *err);
// herr_t cw_chunk_info(hid_t d, const hsize_t *off, unsigned *mask, haddr_t *addr, hsize_t *size, char *err);
// herr_t cw_chunk_storage_size(hid_t d, const hsize_t *off, hsize_t *size, char *err);
// herr_t cw_dwrite_chunk(hid_t d, const hsize_t *off, size_t n, const void *buf, char *err);
// herr_t cw_dwrite_all(hid_t d, hid_t mt, const void *buf, char *err);
import "C"

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/codec"
	"github.com/chunkwise/chunkwise/store/internal/fileio"
	"github.com/chunkwise/chunkwise/store/npy"
)

// HDF5 filter ids this package decodes in Go.
const (
	filterDeflate    = 1
	filterShuffle    = 2
	filterFletcher32 = 3
	filterLZF        = 32000 // h5py's; libhdf5 needs a plugin for it
)

// Dataset is one numeric dataset of an HDF5 file: a store.Reader, and for
// datasets made by File.CreateDataset a store.Writer. ReadChunk and
// WriteChunk are safe for concurrent use (distinct blocks for writes):
// only the libhdf5 calls are serialised, while chunks are compressed and
// decompressed in the calling goroutines.
//
// A chunked dataset whose filter pipeline is any combination of shuffle,
// deflate, h5py's lzf and fletcher32 is read chunk by chunk (stored
// bytes by pread or H5Dread_chunk; see walkMaxChunks) and decoded (and
// its checksums verified) in Go; any other pipeline (szip, scale-offset, plugins) is
// read through libhdf5 with H5Dread of the chunk's hyperslab. A
// contiguous dataset of a file opened for reading is read in place, as
// a .npy file's data is (npy.OpenRaw: the file mapped, any number of
// boxes at once outside the libhdf5 lock), when libhdf5 gives its data's
// address; a compact one, or a contiguous one without that address (not
// yet written, or stored in an external file), by hyperslab. Both have
// a synthetic chunk shape.
type Dataset struct {
	file      *File
	name      string
	id        C.hid_t // 0 once closed; guarded by mu
	memType   C.hid_t // native type to read into; a copy of the file type for bool
	info      dsetInfo
	grid      chunk.Grid
	chunks    []int  // the chunk shape of grid: stored, or synthetic when not chunked
	fill      []byte // one element of fill value, native order; nil until fillLocked reads it
	rawOK     bool   // chunked with a pipeline decodable in Go
	walk      bool   // rawOK with at most walkMaxChunks chunks: chunks are found by address (see readRaw)
	writable  bool
	direct    bool      // created unfiltered with its chunks allocated: WriteChunk writes them itself
	chunkSize int       // bytes of one full stored chunk
	contig    *npy.File // a contiguous dataset's data read in place; nil when read by hyperslab
}

type dsetInfo struct {
	dtype     chunk.DType
	bigEndian bool
	descr     string
	shape     []int
	layout    string
	chunks    []int // stored chunk shape when chunked
	filters   []Filter
}

var (
	_ store.Reader = (*Dataset)(nil)
	_ store.Writer = (*Dataset)(nil)
)

// dtypeCode is the index cw_native and cw_file_le use.
func dtypeCode(dt chunk.DType) C.int {
	switch dt {
	case chunk.Int8:
		return 1
	case chunk.Int16:
		return 2
	case chunk.Int32:
		return 3
	case chunk.Int64:
		return 4
	case chunk.Uint8:
		return 5
	case chunk.Uint16:
		return 6
	case chunk.Uint32:
		return 7
	case chunk.Uint64:
		return 8
	case chunk.Float32:
		return 9
	case chunk.Float64, chunk.Complex128:
		return 10
	case chunk.Complex64: // of the parts
		return 9
	}
	return 0
}

// inspect reads the type, shape, layout and filters of dataset id; mu
// held. An unsupported type still fills descr and shape and returns an
// error wrapping ErrUnsupported.
func inspect(id C.hid_t) (dsetInfo, error) {
	var info dsetInfo
	sid := C.H5Dget_space(id)
	if sid < 0 {
		return info, errors.New("cannot get dataspace")
	}
	defer C.H5Sclose(sid)
	var typeErr error
	tid := C.H5Dget_type(id)
	if tid < 0 {
		return info, errors.New("cannot get datatype")
	}
	info.dtype, info.bigEndian, info.descr, typeErr = classify(tid)
	C.H5Tclose(tid)
	switch C.H5Sget_simple_extent_type(sid) {
	case C.H5S_SCALAR:
		info.shape = []int{}
	case C.H5S_SIMPLE:
		nd := int(C.H5Sget_simple_extent_ndims(sid))
		if nd < 0 || nd > 32 {
			return info, fmt.Errorf("bad rank %d", nd)
		}
		dims := make([]C.hsize_t, max(nd, 1))
		C.H5Sget_simple_extent_dims(sid, &dims[0], nil)
		info.shape = make([]int, nd)
		for a := range info.shape {
			info.shape[a] = int(dims[a])
		}
	default:
		return info, fmt.Errorf("%w: null dataspace (no shape)", ErrUnsupported)
	}
	dcpl := C.H5Dget_create_plist(id)
	if dcpl < 0 {
		return info, errors.New("cannot get creation property list")
	}
	defer C.H5Pclose(dcpl)
	switch C.H5Pget_layout(dcpl) {
	case C.H5D_CHUNKED:
		info.layout = "chunked"
		nd := len(info.shape)
		dims := make([]C.hsize_t, max(nd, 1))
		if C.H5Pget_chunk(dcpl, C.int(nd), &dims[0]) < 0 {
			return info, errors.New("cannot get chunk shape")
		}
		info.chunks = make([]int, nd)
		for a := range info.chunks {
			info.chunks[a] = int(dims[a])
		}
	case C.H5D_CONTIGUOUS:
		info.layout = "contiguous"
	case C.H5D_COMPACT:
		info.layout = "compact"
	case C.H5D_VIRTUAL:
		info.layout = "virtual"
	default:
		info.layout = "unknown"
	}
	nf := int(C.H5Pget_nfilters(dcpl))
	for i := 0; i < nf; i++ {
		var flags C.uint
		ncd := C.size_t(16)
		cd := make([]C.uint, 16)
		name := make([]C.char, 256)
		var config C.uint
		fid := C.H5Pget_filter2(dcpl, C.uint(i), &flags, &ncd, &cd[0], C.size_t(len(name)), &name[0], &config)
		f := Filter{ID: int(fid), Name: C.GoString(&name[0])}
		for _, v := range cd[:min(int(ncd), len(cd))] {
			f.Params = append(f.Params, uint(v))
		}
		info.filters = append(info.filters, f)
	}
	return info, typeErr
}

// classify maps an HDF5 file type to a dtype; mu held.
func classify(tid C.hid_t) (chunk.DType, bool, string, error) {
	class := C.H5Tget_class(tid)
	size := int(C.H5Tget_size(tid))
	big := C.H5Tget_order(tid) == C.H5T_ORDER_BE
	unsupported := func(what string) (chunk.DType, bool, string, error) {
		return chunk.Invalid, false, what, fmt.Errorf("%w: %s type (chunkwise reads bool, integer, float and {r, i} complex datasets)", ErrUnsupported, what)
	}
	var dt chunk.DType
	switch class {
	case C.H5T_INTEGER:
		signed := C.H5Tget_sign(tid) != C.H5T_SGN_NONE
		m := map[int][2]chunk.DType{1: {chunk.Uint8, chunk.Int8}, 2: {chunk.Uint16, chunk.Int16}, 4: {chunk.Uint32, chunk.Int32}, 8: {chunk.Uint64, chunk.Int64}}
		p, ok := m[size]
		if !ok {
			return unsupported(fmt.Sprintf("%d-byte integer", size))
		}
		dt = p[0]
		if signed {
			dt = p[1]
		}
	case C.H5T_FLOAT:
		switch size {
		case 2:
			dt = chunk.Float16
		case 4:
			dt = chunk.Float32
		case 8:
			dt = chunk.Float64
		default:
			return unsupported(fmt.Sprintf("float%d", 8*size))
		}
	case C.H5T_COMPOUND:
		part := int(C.cw_complex_part(tid))
		if part == 0 {
			return unsupported(className(class))
		}
		dt, big = chunk.Complex64, part < 0
		if part == 8 || part == -8 {
			dt = chunk.Complex128
		}
		order := "<"
		if big {
			order = ">"
		}
		return dt, big, fmt.Sprintf("%sc%d", order, size), nil
	case C.H5T_ENUM:
		if C.cw_is_bool_enum(tid) == 0 {
			return unsupported("enum")
		}
		return chunk.Bool, false, "|b1", nil
	default:
		return unsupported(className(class))
	}
	order := "<"
	switch {
	case size == 1:
		order = "|"
	case big:
		order = ">"
	}
	kind := map[chunk.Kind]string{chunk.KindInt: "i", chunk.KindUint: "u", chunk.KindFloat: "f"}[dt.Kind()]
	return dt, big && size > 1, fmt.Sprintf("%s%s%d", order, kind, size), nil
}

// Dataset opens the dataset at path name (absolute, or relative to the
// root group) for reading. A missing name, a group, or a dataset of an
// unsupported type (compound, string, enum, …; the error wraps
// ErrUnsupported) is an error naming the dataset.
func (f *File) Dataset(name string) (*Dataset, error) {
	mu.Lock()
	defer mu.Unlock()
	if f.f == nil {
		return nil, fmt.Errorf("hdf5: %s is closed", f.path)
	}
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	if C.H5Lexists(f.id(), cname, C.H5P_DEFAULT) <= 0 && name != "/" {
		return nil, fmt.Errorf("hdf5: %s: no dataset %q", f.path, name)
	}
	id := C.H5Dopen2(f.id(), cname, C.H5P_DEFAULT)
	if id < 0 {
		return nil, fmt.Errorf("hdf5: %s: %q is not a dataset", f.path, name)
	}
	d, err := f.newDataset(id, name)
	if err != nil {
		C.H5Dclose(id)
		return nil, err
	}
	return d, nil
}

// newDataset wraps an open dataset id; mu held.
func (f *File) newDataset(id C.hid_t, name string) (*Dataset, error) {
	info, err := inspect(id)
	if err != nil {
		return nil, fmt.Errorf("hdf5: %s: dataset %q: %w", f.path, name, err)
	}
	d := &Dataset{file: f, name: name, id: id, info: info}
	switch info.dtype {
	case chunk.Bool:
		d.memType = C.H5Dget_type(id)
	case chunk.Float16:
		d.memType = C.cw_half_type()
	case chunk.Complex64, chunk.Complex128:
		d.memType = C.cw_complex_type(C.cw_native(dtypeCode(info.dtype)))
	default:
		d.memType = C.cw_native(dtypeCode(info.dtype))
	}
	chunks := info.chunks
	if info.layout != "chunked" {
		// Planning a synthetic chunk shape makes at most MaxChunksPerAxis
		// chunks of chunk.DefaultTarget bytes.
		bytes := float64(info.dtype.Size())
		for _, n := range info.shape {
			bytes *= float64(n)
		}
		if bytes > float64(store.MaxChunksPerAxis)*chunk.DefaultTarget {
			return nil, fmt.Errorf("hdf5: %s: dataset %q: %w: shape %v is too large", f.path, name, ErrUnsupported, info.shape)
		}
		chunks = syntheticChunks(info.dtype, info.shape)
	} else {
		d.rawOK = true
		for _, fl := range info.filters {
			if fl.ID != filterDeflate && fl.ID != filterShuffle && fl.ID != filterFletcher32 && fl.ID != filterLZF {
				d.rawOK = false
			}
		}
		n := 1.0
		for _, c := range chunks {
			n *= float64(c)
		}
		if n*float64(info.dtype.Size()) > codec.MaxDecodedSize {
			return nil, fmt.Errorf("hdf5: %s: dataset %q: %w: chunk shape %v is larger than %d bytes", f.path, name, ErrUnsupported, chunks, codec.MaxDecodedSize)
		}
		d.chunkSize = chunk.Prod(chunks) * info.dtype.Size()
	}
	d.chunks = chunks
	if err := store.CheckGrid(info.shape, chunks); err != nil {
		return nil, fmt.Errorf("hdf5: %s: dataset %q: %w: %v", f.path, name, ErrUnsupported, err)
	}
	d.grid, err = chunk.RegularGrid(info.shape, chunks)
	if err != nil {
		return nil, fmt.Errorf("hdf5: %s: dataset %q: %w", f.path, name, err)
	}
	if d.rawOK {
		n := 1.0
		for _, b := range d.grid.NumBlocks() {
			n *= float64(b)
		}
		d.walk = n <= walkMaxChunks
	}
	if info.layout == "contiguous" && f.raw != nil {
		d.contig = f.openContiguous(id, info, chunks)
	}
	f.open = append(f.open, d)
	return d, nil
}

// syntheticChunks splits the first axis automatically (chunk.Spec's
// planning toward chunk.DefaultTarget) and keeps the others whole, so
// each chunk of a contiguous dataset is one contiguous byte range.
func syntheticChunks(dt chunk.DType, shape []int) []int {
	nd := len(shape)
	spec := make(chunk.Spec, nd)
	for a := range spec {
		spec[a] = chunk.Whole()
	}
	if nd > 0 {
		spec[0] = chunk.Auto()
	}
	out := make([]int, nd)
	g, err := spec.Plan(shape, dt, 0, nil)
	for a := range out {
		out[a] = max(shape[a], 1)
		if err == nil {
			out[a] = max(g.Chunks()[a][0], 1)
		}
	}
	return out
}

// openContiguous returns the reader of contiguous dataset id's data in
// place, or nil when libhdf5 does not give its address or the data is
// not all allocated; mu held.
func (f *File) openContiguous(id C.hid_t, info dsetInfo, chunks []int) *npy.File {
	off := C.H5Dget_offset(id)
	if off == ^C.haddr_t(0) { // HADDR_UNDEF
		return nil
	}
	// H5Dget_offset counts from the file's start, user block included
	// (unlike chunk addresses, which count from the base address).
	h := npy.Header{DType: info.dtype, BigEndian: info.bigEndian, Shape: info.shape, DataOffset: int64(off)}
	if int64(C.H5Dget_storage_size(id)) != h.DataSize() {
		return nil
	}
	r, err := npy.OpenRaw(f.path, h, chunks)
	if err != nil {
		return nil
	}
	return r
}

// closeLocked closes the dataset's handles; mu held.
func (d *Dataset) closeLocked() {
	if d.contig != nil {
		d.contig.Close()
		d.contig = nil
	}
	if d.id == 0 {
		return
	}
	C.H5Dclose(d.id)
	if d.info.dtype == chunk.Bool || d.info.dtype == chunk.Float16 || d.info.dtype.IsComplex() {
		C.H5Tclose(d.memType)
	}
	d.id = 0
}

// Close releases the dataset's handles; File.Close does it for every
// dataset still open. Reads and writes after Close fail; closing twice is
// not an error.
func (d *Dataset) Close() error {
	mu.Lock()
	defer mu.Unlock()
	d.closeLocked()
	for i, o := range d.file.open {
		if o == d {
			d.file.open = append(d.file.open[:i], d.file.open[i+1:]...)
			break
		}
	}
	return nil
}

// Name returns the dataset's path as it was opened or created.
func (d *Dataset) Name() string { return d.name }

// Filters returns the dataset's filter pipeline in write order.
func (d *Dataset) Filters() []Filter { return append([]Filter(nil), d.info.filters...) }

// Layout returns "chunked", "contiguous", "compact" or "virtual".
func (d *Dataset) Layout() string { return d.info.layout }

// Meta returns the dtype, shape and chunk shape: the stored chunk shape
// of a chunked dataset, the synthetic one of any other.
func (d *Dataset) Meta() store.Meta {
	return store.Meta{DType: d.info.dtype, Shape: append([]int(nil), d.info.shape...), Chunks: append([]int(nil), d.chunks...)}
}

func (d *Dataset) checkBlock(block []int) error {
	nb := d.grid.NumBlocks()
	if len(block) != len(nb) {
		return fmt.Errorf("hdf5: %s: dataset %q: block %v for a grid of %d axes", d.file.path, d.name, block, len(nb))
	}
	for a, i := range block {
		if i < 0 || i >= nb[a] {
			return fmt.Errorf("hdf5: %s: dataset %q: block %v outside the grid of %v blocks", d.file.path, d.name, block, nb)
		}
	}
	return nil
}

func (d *Dataset) errorf(block []int, format string, args ...any) error {
	return fmt.Errorf("hdf5: %s: dataset %q chunk %v: %s", d.file.path, d.name, block, fmt.Sprintf(format, args...))
}

// ReadChunk reads the chunk at block index block. A block outside the
// grid is an error; a chunk whose compressed bytes do not decode to the
// chunk's size is an error naming the dataset and the block, never
// garbage. A chunk never written reads as the dataset's fill value.
func (d *Dataset) ReadChunk(ctx context.Context, block []int) (*chunk.Dense, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := d.checkBlock(block); err != nil {
		return nil, err
	}
	if d.rawOK {
		return d.readRaw(block)
	}
	if r := d.contiguous(); r != nil {
		c, err := r.ReadChunk(ctx, block)
		if err != nil {
			return nil, d.errorf(block, "%v", err)
		}
		return c, nil
	}
	return d.readSlab(d.grid.BlockBox(block), block)
}

// contiguous returns the reader of the dataset's data in place, or nil.
func (d *Dataset) contiguous() *npy.File {
	mu.Lock()
	defer mu.Unlock()
	return d.contig
}

// ReadsRegions reports whether the dataset is stored contiguous or
// compact, where ReadRegion reads one hyperslab of the box's size
// (store.RegionReader); a chunked dataset's chunks are decoded whole.
func (d *Dataset) ReadsRegions() bool {
	return d.info.layout == "contiguous" || d.info.layout == "compact"
}

// ReadRegion reads box, which must lie within the dataset, as one
// hyperslab (store.RegionReader).
func (d *Dataset) ReadRegion(ctx context.Context, box chunk.Box) (*chunk.Dense, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(box.Min) != len(d.info.shape) || len(box.Max) != len(box.Min) {
		return nil, fmt.Errorf("hdf5: %s: dataset %q: region %v of %d axes for %d", d.file.path, d.name, box, len(box.Min), len(d.info.shape))
	}
	for a, n := range d.info.shape {
		if box.Min[a] < 0 || box.Max[a] < box.Min[a] || box.Max[a] > n {
			return nil, fmt.Errorf("hdf5: %s: dataset %q: region %v outside its shape %v", d.file.path, d.name, box, d.info.shape)
		}
	}
	if r := d.contiguous(); r != nil {
		c, err := r.ReadRegion(ctx, box)
		if err != nil {
			return nil, d.errorf(box.Min, "%v", err)
		}
		return c, nil
	}
	return d.readSlab(box, box.Min)
}

// readSlab reads box through libhdf5 (H5Dread of a hyperslab), which
// applies every filter and converts the byte order; errors name at,
// the chunk or region read.
func (d *Dataset) readSlab(box chunk.Box, at []int) (*chunk.Dense, error) {
	shape := box.Shape()
	out := chunk.NewPooledDense(d.info.dtype, shape) // H5Dread fills it
	if out.Len() == 0 {
		return out, nil
	}
	buf := out.Bytes()
	if d.info.dtype == chunk.Bool {
		buf = make([]byte, out.Len())
	}
	nd := len(shape)
	start := make([]C.hsize_t, max(nd, 1))
	count := make([]C.hsize_t, max(nd, 1))
	for a := 0; a < nd; a++ {
		start[a], count[a] = C.hsize_t(box.Min[a]), C.hsize_t(shape[a])
	}
	var cause errBuf
	mu.Lock()
	err := func() error {
		if d.id == 0 {
			return errors.New("dataset closed")
		}
		if nd == 0 {
			if C.cw_dread(d.id, d.memType, C.H5S_ALL, C.H5S_ALL, unsafe.Pointer(&buf[0]), &cause[0]) < 0 {
				return libError("H5Dread", &cause)
			}
			return nil
		}
		fs := C.H5Dget_space(d.id)
		defer C.H5Sclose(fs)
		if C.H5Sselect_hyperslab(fs, C.H5S_SELECT_SET, &start[0], nil, &count[0], nil) < 0 {
			return errors.New("cannot select hyperslab")
		}
		ms := C.H5Screate_simple(C.int(nd), &count[0], nil)
		defer C.H5Sclose(ms)
		if C.cw_dread(d.id, d.memType, ms, fs, unsafe.Pointer(&buf[0]), &cause[0]) < 0 {
			return libError("H5Dread", &cause)
		}
		return nil
	}()
	mu.Unlock()
	if err != nil {
		return nil, d.errorf(at, "%v", err)
	}
	if d.info.dtype == chunk.Bool {
		return chunk.FromBytes(chunk.Bool, shape, buf)
	}
	return out, nil
}

// fillLocked reads the dataset's fill value into d.fill the first time a
// chunk never written is read, not when the dataset is opened: libhdf5
// 1.10.8 crashes in H5Pget_fill_value on some damaged fill value
// messages (as h5py's Dataset.fillvalue does), while the written chunks
// of such a dataset read. mu held.
func (d *Dataset) fillLocked() {
	if d.fill != nil {
		return
	}
	d.fill = make([]byte, d.info.dtype.Size())
	dcpl := C.H5Dget_create_plist(d.id)
	if dcpl >= 0 {
		C.H5Pget_fill_value(dcpl, d.memType, unsafe.Pointer(&d.fill[0]))
		C.H5Pclose(dcpl)
	}
}

// walkMaxChunks is the most chunks a dataset may have for readRaw to find
// a chunk by H5Dget_chunk_info_by_coord, which gives the chunk's file
// address, so that its bytes can be read outside the libhdf5 lock. libhdf5
// 1.10 answers that call by walking the chunk index from its first entry
// until it meets the chunk (about 30 ns an entry passed): reading every
// chunk of a dataset costs a time that grows as the square of their
// number, 2.6 s for 15,625 chunks and 53 s for 62,500. Datasets with more
// chunks are read by H5Dget_chunk_storage_size and H5Dread_chunk, two
// lookups of the chunk by its coordinates (a descent of a B-tree, or an
// index into an array), with the bytes read under the lock: 62,500
// chunks in 0.13 s of lookups and reads. At 1024 chunks the walks cost
// about 15 ms in all.
const walkMaxChunks = 1024

// readRaw reads the stored bytes of block (by pread outside the lock, or
// with H5Dread_chunk under it), then undoes the filters, the byte order and the edge padding in
// the calling goroutine.
func (d *Dataset) readRaw(block []int) (*chunk.Dense, error) {
	box := d.grid.BlockBox(block)
	if box.Size() == 0 {
		return chunk.NewDense(d.info.dtype, box.Shape()), nil
	}
	nd := len(block)
	off := make([]C.hsize_t, max(nd, 1))
	for a := 0; a < nd; a++ {
		off[a] = C.hsize_t(box.Min[a])
	}
	var raw []byte
	var mask C.uint
	missing := false
	// direct is the result buffer when the stored bytes are the chunk's
	// elements as they are: no filters, little-endian, not an edge chunk.
	var direct *chunk.Dense
	if len(d.info.filters) == 0 && !d.info.bigEndian && d.info.dtype != chunk.Bool && chunk.EqualShapes(box.Shape(), d.info.chunks) {
		direct = chunk.NewPooledDense(d.info.dtype, d.info.chunks) // the read fills it
	}
	// pread: when the dataset has few chunks (d.walk), a read-only file's
	// chunk bytes are read with ReadAt outside the lock, so that reads
	// run in parallel; only the index lookup is serialised. Otherwise
	// the chunk's size is looked up by key and its bytes read with
	// H5Dread_chunk under the lock (see walkMaxChunks).
	var rawFile *os.File
	var rawAt int64
	mu.Lock()
	err := func() error {
		if d.id == 0 {
			return errors.New("dataset closed")
		}
		var addr C.haddr_t
		var size C.hsize_t
		if d.walk {
			a, n, m, err := d.chunkInfoLocked(off)
			if err != nil {
				return err
			}
			addr, size, mask = a, n, m
			missing = C.cw_haddr_undef(addr) != 0
		} else {
			n, err := d.chunkSizeLocked(off)
			if err != nil {
				return err
			}
			size = n
			missing = n == 0
		}
		if missing {
			d.fillLocked()
			return nil
		}
		if int64(size) > d.maxStored() {
			return fmt.Errorf("index claims %d stored bytes for a chunk of %d bytes", size, d.chunkSize)
		}
		if f := d.file; d.walk && f != nil && f.raw != nil && !f.writable && !d.writable {
			if end := f.base + int64(addr) + int64(size); int64(addr) < 0 || end > f.rawSize {
				return fmt.Errorf("index places %d stored bytes at offset %d, beyond the end of the %d-byte file", size, int64(addr), f.rawSize)
			}
			rawFile, rawAt = f.raw, f.base+int64(addr)
			if direct != nil && int(size) == d.chunkSize {
				raw = direct.Bytes()
			} else {
				direct = nil
				raw = chunk.GetBytes(int(size))
			}
			return nil
		}
		if direct != nil && int(size) == d.chunkSize {
			// Unfiltered full chunk: read straight into the result.
			raw = direct.Bytes()
		} else {
			direct = nil
			raw = chunk.GetBytes(max(int(size), 1))
		}
		var filters C.uint32_t
		var cause errBuf
		if C.cw_dread_chunk(d.id, &off[0], &filters, unsafe.Pointer(&raw[0]), &cause[0]) < 0 {
			return libError("H5Dread_chunk", &cause)
		}
		raw = raw[:size]
		mask = C.uint(filters)
		return nil
	}()
	mu.Unlock()
	if err == nil && rawFile != nil {
		if n, rerr := rawFile.ReadAt(raw, rawAt); n != len(raw) {
			err = fmt.Errorf("reading %d stored bytes at offset %d: %v", len(raw), rawAt, rerr)
		}
	}
	if err != nil {
		return nil, d.errorf(block, "%v", err)
	}
	if missing {
		out := chunk.NewDense(d.info.dtype, box.Shape())
		fillBytes(out.Bytes(), d.fill)
		return out, nil
	}
	if direct != nil {
		return direct, nil
	}
	defer chunk.PutBytes(raw) // every way on copies the chunk out of it
	// A full chunk decodes into a pooled result; an edge chunk's is cropped.
	var res *chunk.Dense
	var into []byte
	whole := chunk.EqualShapes(box.Shape(), d.info.chunks)
	if whole {
		res = chunk.NewPooledDense(d.info.dtype, d.info.chunks) // decoding writes all of it
		into = res.Bytes()
	}
	full, err := d.decode(into, raw, uint32(mask))
	if err == nil && whole && !sameStart(full, into) {
		copy(into, full)
		full = into
	}
	if err != nil {
		return nil, d.errorf(block, "%v", err)
	}
	if d.info.bigEndian {
		swapBytes(full, d.info.dtype.PartSize())
	}
	if whole {
		return res, nil
	}
	// Crop (a copy of) the full-size stored chunk to the block.
	fd, err := chunk.FromBytes(d.info.dtype, d.info.chunks, full)
	if err != nil {
		return nil, d.errorf(block, "%v", err)
	}
	return fd.Region(chunk.Box{Min: make([]int, nd), Max: box.Shape()}), nil
}

// chunkInfoLocked returns the file address (relative to the base
// address), the stored size and the filter mask of the chunk whose first
// element is at off; the address is undefined for a chunk never written.
// mu held.
func (d *Dataset) chunkInfoLocked(off []C.hsize_t) (C.haddr_t, C.hsize_t, C.uint, error) {
	var addr C.haddr_t
	var size C.hsize_t
	var mask C.uint
	var cause errBuf
	lookups.walks.Add(1)
	if C.cw_chunk_info(d.id, &off[0], &mask, &addr, &size, &cause[0]) < 0 {
		return 0, 0, 0, libError("H5Dget_chunk_info_by_coord", &cause)
	}
	return addr, size, mask, nil
}

// chunkSizeLocked returns the stored size of the chunk whose first
// element is at off, 0 for a chunk never written, by a lookup of its
// coordinates in the index (H5Dget_chunk_storage_size: a descent of a
// B-tree or an index into an array, not a walk). mu held.
func (d *Dataset) chunkSizeLocked(off []C.hsize_t) (C.hsize_t, error) {
	var size C.hsize_t
	var cause errBuf
	lookups.keyed.Add(1)
	if C.cw_chunk_storage_size(d.id, &off[0], &size, &cause[0]) < 0 {
		return 0, libError("H5Dget_chunk_storage_size", &cause)
	}
	return size, nil
}

// lookups counts the index lookups of every dataset, for tests: walks
// (H5Dget_chunk_info_by_coord, whose cost grows with the chunks before
// the one sought) and keyed lookups (H5Dget_chunk_storage_size).
var lookups struct{ walks, keyed atomic.Int64 }

// storedChunk returns the byte offset in the file and the stored size of
// the chunk at block of a chunked dataset, with ok false for a chunk
// never written.
func (d *Dataset) storedChunk(block []int) (offset, size int64, ok bool, err error) {
	box := d.grid.BlockBox(block)
	off := make([]C.hsize_t, max(len(block), 1))
	for a := range block {
		off[a] = C.hsize_t(box.Min[a])
	}
	mu.Lock()
	defer mu.Unlock()
	if d.id == 0 {
		return 0, 0, false, errors.New("dataset closed")
	}
	addr, n, _, err := d.chunkInfoLocked(off)
	if err != nil || C.cw_haddr_undef(addr) != 0 {
		return 0, 0, false, err
	}
	return d.file.base + int64(addr), int64(n), true, nil
}

// maxStored bounds the stored size of one chunk: its bytes, plus what
// deflate adds to incompressible data (5 bytes per 64 KiB block, the zlib
// header and checksum), with room to spare. An index entry claiming more
// is corrupt, and is refused before anything is allocated.
func (d *Dataset) maxStored() int64 {
	n := int64(d.chunkSize)
	return n + n/1024 + 64
}

// errBuf receives the cause of a failed libhdf5 call from the cw_
// wrappers in cgo.go.
type errBuf [256]C.char

// libError reports the failure of the libhdf5 call fn with its cause,
// the innermost error of libhdf5's error stack ("inflate() failed",
// "data error detected by Fletcher32 checksum").
func libError(fn string, buf *errBuf) error {
	if cause := C.GoString(&buf[0]); cause != "" {
		return fmt.Errorf("%s failed: %s", fn, cause)
	}
	return fmt.Errorf("%s failed", fn)
}

func fillBytes(b, v []byte) {
	if len(v) == 0 || len(b) == 0 {
		return
	}
	copy(b, v)
	for i := len(v); i < len(b); i *= 2 {
		copy(b[i:], b[:i])
	}
}

// sameStart reports whether a and b start at the same byte.
func sameStart(a, b []byte) bool {
	return cap(a) > 0 && cap(b) > 0 && &a[:1][0] == &b[:1][0]
}

// decode undoes the filter pipeline (in reverse order, skipping filters
// whose bit is set in mask) and checks the size. The stage that inflates
// (deflate) or decompresses (lzf) writes into into when it is the last
// and into holds the chunk's size;
// the result may also be (a prefix of) b.
func (d *Dataset) decode(into, b []byte, mask uint32) ([]byte, error) {
	fs := d.info.filters
	last := -1 // the last stage applied (they run in reverse)
	for i := range fs {
		if mask&(1<<uint(i)) == 0 {
			last = i
			break
		}
	}
	for i := len(fs) - 1; i >= 0; i-- {
		if mask&(1<<uint(i)) != 0 {
			continue
		}
		switch fs[i].ID {
		case filterDeflate, filterLZF:
			out := into
			if i != last || len(into) != d.chunkSize {
				out = make([]byte, d.chunkSize)
			}
			decompress, name := codec.InflateExact, "deflate"
			if fs[i].ID == filterLZF {
				decompress, name = codec.LZFExact, "lzf"
			}
			if err := decompress(out, b); err != nil {
				return nil, fmt.Errorf("%s filter: %w", name, err)
			}
			b = out
		case filterFletcher32:
			if len(b) < 4 {
				return nil, fmt.Errorf("fletcher32 filter: %d bytes, too short for the checksum", len(b))
			}
			n := len(b) - 4
			stored, sum := binary.LittleEndian.Uint32(b[n:]), fletcher32(b[:n])
			// libhdf5 before 1.6.3 stored it with the bytes of each half
			// swapped; libhdf5 accepts both.
			swapped := (sum&0x00ff00ff)<<8 | (sum&0xff00ff00)>>8
			if stored != sum && stored != swapped {
				return nil, fmt.Errorf("fletcher32 filter: checksum %08x, stored %08x", sum, stored)
			}
			b = b[:n]
		case filterShuffle:
			es := d.info.dtype.Size()
			if len(fs[i].Params) > 0 && fs[i].Params[0] > 0 {
				es = int(fs[i].Params[0])
			}
			b = unshuffle(b, es)
		}
	}
	if len(b) != d.chunkSize {
		return nil, fmt.Errorf("stored chunk holds %d bytes, want %d", len(b), d.chunkSize)
	}
	return b, nil
}

// fletcher32 is libhdf5's H5_checksum_fletcher32: Fletcher's checksum
// over big-endian 16-bit words (an odd last byte is the high byte of a
// word), with sums folded into 16 bits.
func fletcher32(b []byte) uint32 {
	var sum1, sum2 uint32
	for len(b) >= 2 {
		n := min(len(b)/2, 360)
		for i := 0; i < n; i++ {
			sum1 += uint32(b[2*i])<<8 | uint32(b[2*i+1])
			sum2 += sum1
		}
		b = b[2*n:]
		sum1 = sum1&0xffff + sum1>>16
		sum2 = sum2&0xffff + sum2>>16
	}
	if len(b) == 1 {
		sum1 += uint32(b[0]) << 8
		sum2 += sum1
		sum1 = sum1&0xffff + sum1>>16
		sum2 = sum2&0xffff + sum2>>16
	}
	sum1 = sum1&0xffff + sum1>>16
	sum2 = sum2&0xffff + sum2>>16
	return sum2<<16 | sum1
}

// shuffle groups byte k of every es-byte element together, as HDF5's
// shuffle filter does; trailing bytes that do not fill an element stay.
func shuffle(b []byte, es int) []byte {
	if es <= 1 {
		return b
	}
	out := make([]byte, len(b))
	codec.ShuffleBytes(out, b, es)
	return out
}

// unshuffle inverts shuffle.
func unshuffle(b []byte, es int) []byte {
	if es <= 1 {
		return b
	}
	out := make([]byte, len(b))
	codec.UnshuffleBytes(out, b, es)
	return out
}

func swapBytes(b []byte, es int) {
	if es <= 1 {
		return
	}
	for i := 0; i+es <= len(b); i += es {
		for j := 0; j < es/2; j++ {
			b[i+j], b[i+es-1-j] = b[i+es-1-j], b[i+j]
		}
	}
}

// Options are the filters of a dataset File.CreateDataset makes.
type Options struct {
	// Gzip is the deflate level, 1–9; 0 writes without compression.
	Gzip int
	// Shuffle runs HDF5's byte shuffle before deflate.
	Shuffle bool
}

// CreateDataset creates a chunked dataset at path name (intermediate
// groups are created) of dtype dt, the given shape and chunk shape, with
// the filters of o, stored little-endian (bool as h5py's enum), and
// returns it for writing with WriteChunk. Chunks larger than the shape are
// clipped to it; an axis of length 0 is made extensible so that HDF5
// accepts it (a chunk size of 0 there means 1). A 0-d dataset is a
// scalar, stored contiguous as h5py stores it, without filters. It is an
// error when the file was opened read-only, name exists, dt is invalid,
// shape is negative, chunks has the wrong length or a size below 1, Gzip
// is outside 0–9, or a 0-d dataset asks for filters.
func (f *File) CreateDataset(name string, dt chunk.DType, shape, chunks []int, o Options) (*Dataset, error) {
	fail := func(format string, args ...any) (*Dataset, error) {
		return nil, fmt.Errorf("hdf5: %s: create dataset %q: %s", f.path, name, fmt.Sprintf(format, args...))
	}
	if !f.writable {
		return fail("file opened read-only")
	}
	if !dt.Valid() {
		return fail("invalid dtype %v", dt)
	}
	if len(shape) == 0 && (o.Gzip != 0 || o.Shuffle) {
		return fail("a 0-d (scalar) dataset cannot have filters")
	}
	chunks = store.ChunksForShape(shape, chunks)
	if len(chunks) != len(shape) {
		return fail("chunk shape %v for shape %v", chunks, shape)
	}
	if o.Gzip < 0 || o.Gzip > 9 {
		return fail("gzip level %d outside 0–9", o.Gzip)
	}
	nd := len(shape)
	dims := make([]C.hsize_t, nd)
	maxdims := make([]C.hsize_t, nd)
	cdims := make([]C.hsize_t, nd)
	for a := range shape {
		if shape[a] < 0 {
			return fail("shape %v has a negative length", shape)
		}
		if chunks[a] < 1 {
			return fail("chunk shape %v has a size below 1", chunks)
		}
		dims[a], maxdims[a] = C.hsize_t(shape[a]), C.hsize_t(shape[a])
		c := chunks[a]
		if shape[a] == 0 {
			maxdims[a] = C.H5S_UNLIMITED
		} else {
			c = min(c, shape[a])
		}
		cdims[a] = C.hsize_t(c)
	}
	mu.Lock()
	defer mu.Unlock()
	if f.f == nil {
		return fail("file closed")
	}
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	if strings.Trim(name, "/") == "" {
		return fail("empty name")
	}
	var ftype C.hid_t
	switch dt {
	case chunk.Bool:
		ftype = C.cw_bool_type()
		defer C.H5Tclose(ftype)
	case chunk.Float16:
		ftype = C.cw_half_type()
		defer C.H5Tclose(ftype)
	case chunk.Complex64, chunk.Complex128:
		ftype = C.cw_complex_type(C.cw_file_le(dtypeCode(dt)))
		defer C.H5Tclose(ftype)
	default:
		ftype = C.cw_file_le(dtypeCode(dt))
	}
	dcpl := C.H5Pcreate(C.cw_p_dataset_create())
	defer C.H5Pclose(dcpl)
	var space C.hid_t
	if nd == 0 {
		space = C.H5Screate(C.H5S_SCALAR)
	} else {
		space = C.H5Screate_simple(C.int(nd), &dims[0], &maxdims[0])
		if C.H5Pset_chunk(dcpl, C.int(nd), &cdims[0]) < 0 {
			C.H5Sclose(space)
			return fail("bad chunk shape %v", chunks)
		}
	}
	defer C.H5Sclose(space)
	if o.Shuffle {
		C.H5Pset_shuffle(dcpl)
	}
	if o.Gzip > 0 {
		C.H5Pset_deflate(dcpl, C.uint(o.Gzip))
	}
	// direct: an unfiltered dataset's chunks get their file space when it
	// is created (fill values never written: unwritten ones read as zeros,
	// the default fill value), so that WriteChunk can write them itself
	// in pieces (see writeDirect). Only where that pays: chunks of
	// directMinChunk bytes or more, and at most directMaxChunks of them
	// (libhdf5 1.10 finds a chunk's address by a walk over the index).
	direct := nd > 0 && !o.Shuffle && o.Gzip == 0 && f.wraw != nil
	nchunks, cbytes := 1.0, float64(dt.Size())
	for a, n := range shape {
		direct = direct && n > 0
		nchunks *= float64((n + int(cdims[a]) - 1) / max(int(cdims[a]), 1))
		cbytes *= float64(cdims[a])
	}
	direct = direct && cbytes >= directMinChunk && nchunks <= directMaxChunks
	if direct {
		C.H5Pset_alloc_time(dcpl, C.H5D_ALLOC_TIME_EARLY)
		C.H5Pset_fill_time(dcpl, C.H5D_FILL_TIME_NEVER)
	}
	lcpl := C.H5Pcreate(C.cw_p_link_create())
	defer C.H5Pclose(lcpl)
	C.H5Pset_create_intermediate_group(lcpl, 1)
	id := C.H5Dcreate2(f.id(), cname, ftype, space, lcpl, dcpl, C.H5P_DEFAULT)
	if id < 0 {
		return fail("libhdf5 refused (does the name exist already?)")
	}
	d, err := f.newDataset(id, name)
	if err != nil {
		C.H5Dclose(id)
		return nil, err
	}
	d.writable = true
	d.direct = direct
	return d, nil
}

// The datasets WriteChunk writes itself (CreateDataset): chunks of at
// least directMinChunk bytes, the size from which one write of a chunk
// fills the page cache with huge folios (see store/internal/fileio), and
// at most directMaxChunks chunks, since each write looks up its chunk's
// address with H5Dget_chunk_info_by_coord, which libhdf5 1.10 answers by
// walking the index (1024 chunks: about 15 ms of walks in all).
const (
	directMinChunk  = 2 << 20
	directMaxChunks = 1024
)

// deflateBufs recycles the buffers chunks are deflated into (*[]byte).
var deflateBufs sync.Pool

// WriteChunk writes d as the chunk at block index block: it pads an edge
// chunk to the full chunk shape, shuffles and deflates it in the calling
// goroutine, then stores it with H5Dwrite_chunk under the package lock.
// It is an error when the dataset is not writable, block is outside the
// grid, or d's dtype or shape does not match the block.
func (d *Dataset) WriteChunk(ctx context.Context, block []int, c *chunk.Dense) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !d.writable {
		return fmt.Errorf("hdf5: %s: dataset %q was not created for writing", d.file.path, d.name)
	}
	if err := d.checkBlock(block); err != nil {
		return err
	}
	box := d.grid.BlockBox(block)
	if c == nil || c.DType() != d.info.dtype || !chunk.EqualShapes(c.Shape(), box.Shape()) {
		if c == nil {
			return d.errorf(block, "nil chunk")
		}
		return d.errorf(block, "chunk is %v%v, want %v%v", c.DType(), c.Shape(), d.info.dtype, box.Shape())
	}
	if box.Size() == 0 {
		return nil
	}
	if d.info.layout != "chunked" {
		return d.writeSlab(block, c)
	}
	full := c
	if !chunk.EqualShapes(c.Shape(), d.info.chunks) {
		full = chunk.NewDense(d.info.dtype, d.info.chunks)
		chunk.CopyBox(full, make([]int, len(block)), c, chunk.Box{Min: make([]int, len(block)), Max: c.Shape()})
	}
	b := full.Bytes()
	for _, fl := range d.info.filters {
		switch fl.ID {
		case filterShuffle:
			b = shuffle(b, d.info.dtype.Size())
		case filterDeflate:
			level := 6
			if len(fl.Params) > 0 {
				level = int(fl.Params[0])
			}
			bp, _ := deflateBufs.Get().(*[]byte)
			if bp == nil {
				bp = new([]byte)
			}
			enc, err := codec.Zlib(level).EncodeTo((*bp)[:0], b)
			if err != nil {
				deflateBufs.Put(bp)
				return d.errorf(block, "%v", err)
			}
			*bp = enc
			defer deflateBufs.Put(bp) // H5Dwrite_chunk keeps no pointer to it
			b = enc
		}
	}
	nd := len(block)
	off := make([]C.hsize_t, nd)
	for a := range off {
		off[a] = C.hsize_t(box.Min[a])
	}
	if d.direct {
		return d.writeDirect(block, off, b)
	}
	var cause errBuf
	mu.Lock()
	var rc C.herr_t = -1
	if d.id != 0 {
		rc = C.cw_dwrite_chunk(d.id, &off[0], C.size_t(len(b)), unsafe.Pointer(&b[0]), &cause[0])
	}
	mu.Unlock()
	if rc < 0 {
		return d.errorf(block, "%v", libError("H5Dwrite_chunk", &cause))
	}
	return nil
}

// writeDirect writes b, a full chunk of an unfiltered dataset whose
// chunks were allocated at its creation, into the file space the index
// gives it: only the lookup holds the package lock; the write, in pieces
// (fileio.WriteAt: small page-cache folios), runs in the calling
// goroutine, one chunk at a time per file (File.wmu). The bytes are
// those H5Dwrite_chunk would store.
func (d *Dataset) writeDirect(block []int, off []C.hsize_t, b []byte) error {
	var w *os.File
	var at int64
	mu.Lock()
	err := func() error {
		if d.id == 0 || d.file.wraw == nil {
			return errors.New("dataset closed")
		}
		addr, size, _, err := d.chunkInfoLocked(off)
		if err != nil {
			return err
		}
		if C.cw_haddr_undef(addr) != 0 || int(size) != len(b) {
			return fmt.Errorf("the index gives the chunk %d bytes of file space, want %d", size, len(b))
		}
		w, at = d.file.wraw, d.file.base+int64(addr)
		return nil
	}()
	mu.Unlock()
	if err == nil {
		d.file.wmu.Lock()
		err = fileio.WriteAt(w, b, at)
		d.file.wmu.Unlock()
	}
	if err != nil {
		return d.errorf(block, "%v", err)
	}
	return nil
}

// writeSlab writes c, the whole of a dataset that is not chunked (a 0-d
// scalar), with H5Dwrite.
func (d *Dataset) writeSlab(block []int, c *chunk.Dense) error {
	buf := c.Bytes()
	if len(d.info.shape) != 0 || len(buf) == 0 {
		return d.errorf(block, "writing is supported for chunked and 0-d datasets only")
	}
	var cause errBuf
	mu.Lock()
	var rc C.herr_t = -1
	if d.id != 0 {
		rc = C.cw_dwrite_all(d.id, d.memType, unsafe.Pointer(&buf[0]), &cause[0])
	}
	mu.Unlock()
	if rc < 0 {
		return d.errorf(block, "%v", libError("H5Dwrite", &cause))
	}
	return nil
}
