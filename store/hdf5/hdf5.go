package hdf5

// #include <stdlib.h>
// #include "hdf5.h"
// hid_t cw_native(int code);
// hid_t cw_p_link_create(void);
// hid_t cw_p_dataset_create(void);
// static int cw_attr_vlen_strings(hid_t aid, hid_t ftype, char **out) {
//   hid_t mt = H5Tcopy(H5T_C_S1);
//   H5Tset_size(mt, H5T_VARIABLE);
//   H5Tset_cset(mt, H5Tget_cset(ftype));
//   herr_t e = H5Aread(aid, mt, out);
//   H5Tclose(mt);
//   return e;
// }
// static hid_t cw_native_int64(void) { return H5T_NATIVE_INT64; }
// static hid_t cw_native_uint64(void) { return H5T_NATIVE_UINT64; }
// static hid_t cw_native_double(void) { return H5T_NATIVE_DOUBLE; }
import "C"

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"unsafe"

	gh5 "gonum.org/v1/hdf5"
)

// mu serialises every call into libhdf5, which Debian builds without its
// thread-safe option. Hold it for the shortest time: raw chunk bytes are
// decompressed after it is released.
var mu sync.Mutex

// ErrUnsupported is wrapped by errors for datasets chunkwise cannot read:
// compound, string, enum (other than h5py's bool), array, opaque,
// reference and variable-length types, float16, and null dataspaces.
var ErrUnsupported = errors.New("hdf5: unsupported")

// File is an open HDF5 file. Its methods are safe for concurrent use;
// calls into libhdf5 are serialised by a package-level lock.
type File struct {
	path     string
	f        *gh5.File
	writable bool
	open     []*Dataset // datasets to close with the file; guarded by mu
	// raw is the file opened again by the os package, for reading stored
	// chunk bytes with ReadAt outside the libhdf5 lock (read-only files
	// only; nil when it could not be opened). base is the HDF5 base
	// address (the user block size) that chunk addresses are relative to.
	raw     *os.File
	base    int64
	rawSize int64 // size of raw when opened
	// wraw is a created file opened again by the os package, for writing
	// the chunks of unfiltered datasets outside the libhdf5 lock (nil
	// when it could not be opened: they are then written by libhdf5).
	// wmu lets one chunk be written at a time: the kernel serialises
	// buffered writes to one file anyway, and writers waiting their turn
	// spin on the file's lock (hdf5-write-nofilter, four alternating
	// processes: 0.040–0.044 s of CPU unserialised, 0.026–0.030 s
	// serialised, the same 0.024–0.028 s of wall time).
	wraw *os.File
	wmu  sync.Mutex
}

// Open opens the HDF5 file at path for reading. A missing file, a file
// that is not HDF5 or one libhdf5 cannot open is an error naming path.
func Open(path string) (*File, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("hdf5: %w", err)
	}
	mu.Lock()
	defer mu.Unlock()
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	if C.H5Fis_hdf5(cpath) <= 0 {
		return nil, fmt.Errorf("hdf5: %s is not an HDF5 file", path)
	}
	f, err := gh5.OpenFile(path, gh5.F_ACC_RDONLY)
	if err != nil {
		return nil, fmt.Errorf("hdf5: open %s: %v", path, err)
	}
	file := &File{path: path, f: f}
	var ub C.hsize_t
	if plist := C.H5Fget_create_plist(file.id()); plist >= 0 {
		if C.H5Pget_userblock(plist, &ub) >= 0 {
			if raw, err := os.Open(path); err == nil {
				if fi, err := raw.Stat(); err == nil {
					file.raw, file.base, file.rawSize = raw, int64(ub), fi.Size()
				} else {
					raw.Close()
				}
			}
		}
		C.H5Pclose(plist)
	}
	return file, nil
}

// Create creates (or truncates) the HDF5 file at path for writing. An
// unwritable path is an error naming it.
func Create(path string) (*File, error) {
	mu.Lock()
	defer mu.Unlock()
	f, err := gh5.CreateFile(path, gh5.F_ACC_TRUNC)
	if err != nil {
		return nil, fmt.Errorf("hdf5: create %s: %v", path, err)
	}
	file := &File{path: path, f: f, writable: true}
	if w, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
		file.wraw = w
	}
	return file, nil
}

// Path returns the path the file was opened with.
func (f *File) Path() string { return f.path }

// Close closes every dataset opened through f and then the file, flushing
// what was written. Datasets of a closed file fail on use.
func (f *File) Close() error {
	mu.Lock()
	defer mu.Unlock()
	for _, d := range f.open {
		d.closeLocked()
	}
	f.open = nil
	if f.raw != nil {
		f.raw.Close()
		f.raw = nil
	}
	var werr error
	if f.wraw != nil {
		werr = f.wraw.Close()
		f.wraw = nil
	}
	if f.f == nil {
		return nil
	}
	err := f.f.Close()
	f.f = nil
	if err != nil {
		return fmt.Errorf("hdf5: close %s: %v", f.path, err)
	}
	if werr != nil {
		return fmt.Errorf("hdf5: close %s: %w", f.path, werr)
	}
	return nil
}

func (f *File) id() C.hid_t { return C.hid_t(f.f.ID()) }

// cdot is the C string ".", the "this object" name of libhdf5's by-index
// functions; it lives for the life of the process.
var cdot = C.CString(".")

// Kind says whether an Object is a group or a dataset.
type Kind uint8

// The kinds of objects List reports.
const (
	KindGroup Kind = iota
	KindDataset
	KindOther // named datatypes, links that do not resolve
)

// String returns "group", "dataset" or "other".
func (k Kind) String() string {
	switch k {
	case KindGroup:
		return "group"
	case KindDataset:
		return "dataset"
	}
	return "other"
}

// Filter is one step of a dataset's filter pipeline, in the order it runs
// on write.
type Filter struct {
	ID     int    // HDF5 filter id: 1 deflate, 2 shuffle, 3 fletcher32 …
	Name   string // the name stored with the filter ("deflate", "shuffle")
	Params []uint // client data values (cd_values), e.g. the deflate level
}

// Attr is an attribute and its value: int64, uint64, float64 or string for
// a scalar, a slice of those for an array; for a type List cannot decode,
// a string describing the type in angle brackets.
type Attr struct {
	Name  string
	Value any
}

// Object describes one group or dataset of a file, as `chunkwise info`
// prints it.
type Object struct {
	Path string // absolute, "/" for the root group
	Kind Kind
	// Dataset fields.
	DType   string // NumPy type string ("<f8", "|b1"), or the HDF5 class of an unsupported type ("compound")
	Shape   []int
	Chunks  []int  // the stored chunk shape; nil unless Layout is "chunked"
	Layout  string // "contiguous", "chunked", "compact" or "virtual"
	Filters []Filter
	Attrs   []Attr
}

// List returns every group and dataset in the file, recursively, sorted
// by path, with their attributes. Datasets of unsupported types are listed
// with their HDF5 class as DType rather than failing the listing; an
// object libhdf5 cannot open is an error naming it.
func (f *File) List() ([]Object, error) {
	mu.Lock()
	defer mu.Unlock()
	if f.f == nil {
		return nil, fmt.Errorf("hdf5: %s is closed", f.path)
	}
	var out []Object
	var walk func(g *gh5.CommonFG, gid C.hid_t, path string) error
	walk = func(g *gh5.CommonFG, gid C.hid_t, path string) error {
		out = append(out, Object{Path: path, Kind: KindGroup, Attrs: readAttrs(gid)})
		n, err := g.NumObjects()
		if err != nil {
			return fmt.Errorf("hdf5: %s: list group %s: %v", f.path, path, err)
		}
		for i := uint(0); i < n; i++ {
			name, err := g.ObjectNameByIndex(i)
			if err != nil {
				return fmt.Errorf("hdf5: %s: list group %s: %v", f.path, path, err)
			}
			child := strings.TrimSuffix(path, "/") + "/" + name
			typ, err := g.ObjectTypeByIndex(i)
			if err != nil {
				out = append(out, Object{Path: child, Kind: KindOther})
				continue
			}
			switch typ {
			case gh5.H5G_GROUP:
				sub, err := g.OpenGroup(name)
				if err != nil {
					return fmt.Errorf("hdf5: %s: open group %s: %v", f.path, child, err)
				}
				err = walk(&sub.CommonFG, C.hid_t(sub.ID()), child)
				sub.Close()
				if err != nil {
					return err
				}
			case gh5.H5G_DATASET:
				o, err := describeDataset(gid, name)
				if err != nil {
					return fmt.Errorf("hdf5: %s: dataset %s: %v", f.path, child, err)
				}
				o.Path = child
				out = append(out, o)
			default:
				out = append(out, Object{Path: child, Kind: KindOther})
			}
		}
		return nil
	}
	if err := walk(&f.f.CommonFG, f.id(), "/"); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// describeDataset fills an Object for dataset name of group gid; mu held.
func describeDataset(gid C.hid_t, name string) (Object, error) {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	id := C.H5Dopen2(gid, cname, C.H5P_DEFAULT)
	if id < 0 {
		return Object{}, errors.New("cannot open")
	}
	defer C.H5Dclose(id)
	o := Object{Kind: KindDataset}
	info, err := inspect(id)
	if err != nil && !errors.Is(err, ErrUnsupported) {
		return Object{}, err
	}
	o.DType = info.descr
	o.Shape = info.shape
	o.Layout = info.layout
	if info.layout == "chunked" {
		o.Chunks = info.chunks
	}
	o.Filters = info.filters
	o.Attrs = readAttrs(id)
	return o, nil
}

// readAttrs reads every attribute of the object loc; mu held. Attributes
// that cannot be read are reported by a placeholder value.
func readAttrs(loc C.hid_t) []Attr {
	var oinfo C.H5O_info_t
	if C.H5Oget_info2(loc, &oinfo, C.H5O_INFO_NUM_ATTRS) < 0 {
		return nil
	}
	n := int(oinfo.num_attrs)
	var out []Attr
	for i := 0; i < n; i++ {
		aid := C.H5Aopen_by_idx(loc, cdot, C.H5_INDEX_NAME, C.H5_ITER_INC, C.hsize_t(i), C.H5P_DEFAULT, C.H5P_DEFAULT)
		if aid < 0 {
			continue
		}
		out = append(out, readAttr(aid))
		C.H5Aclose(aid)
	}
	return out
}

func readAttr(aid C.hid_t) Attr {
	var a Attr
	sz := C.H5Aget_name(aid, 0, nil)
	if sz >= 0 {
		buf := make([]byte, int(sz)+1)
		C.H5Aget_name(aid, C.size_t(len(buf)), (*C.char)(unsafe.Pointer(&buf[0])))
		a.Name = string(buf[:sz])
	}
	tid := C.H5Aget_type(aid)
	defer C.H5Tclose(tid)
	sid := C.H5Aget_space(aid)
	defer C.H5Sclose(sid)
	npts := int(C.H5Sget_simple_extent_npoints(sid))
	scalar := C.H5Sget_simple_extent_ndims(sid) == 0
	if npts < 0 || npts > 1<<20 {
		a.Value = "<unreadable attribute>"
		return a
	}
	switch C.H5Tget_class(tid) {
	case C.H5T_INTEGER:
		if C.H5Tget_sign(tid) == C.H5T_SGN_NONE {
			v := make([]uint64, max(npts, 1))
			if C.H5Aread(aid, C.cw_native_uint64(), unsafe.Pointer(&v[0])) < 0 {
				a.Value = "<unreadable integer attribute>"
			} else if scalar {
				a.Value = v[0]
			} else {
				a.Value = v[:npts]
			}
		} else {
			v := make([]int64, max(npts, 1))
			if C.H5Aread(aid, C.cw_native_int64(), unsafe.Pointer(&v[0])) < 0 {
				a.Value = "<unreadable integer attribute>"
			} else if scalar {
				a.Value = v[0]
			} else {
				a.Value = v[:npts]
			}
		}
	case C.H5T_FLOAT:
		v := make([]float64, max(npts, 1))
		if C.H5Aread(aid, C.cw_native_double(), unsafe.Pointer(&v[0])) < 0 {
			a.Value = "<unreadable float attribute>"
		} else if scalar {
			a.Value = v[0]
		} else {
			a.Value = v[:npts]
		}
	case C.H5T_STRING:
		var strs []string
		if C.H5Tis_variable_str(tid) > 0 {
			out := (**C.char)(C.calloc(C.size_t(max(npts, 1)), C.size_t(unsafe.Sizeof(uintptr(0)))))
			if C.cw_attr_vlen_strings(aid, tid, out) >= 0 {
				for _, p := range unsafe.Slice(out, npts) {
					strs = append(strs, C.GoString(p))
					C.H5free_memory(unsafe.Pointer(p))
				}
			}
			C.free(unsafe.Pointer(out))
		} else {
			size := int(C.H5Tget_size(tid))
			buf := make([]byte, max(size*npts, 1))
			if C.H5Aread(aid, tid, unsafe.Pointer(&buf[0])) >= 0 {
				for i := 0; i < npts; i++ {
					strs = append(strs, strings.TrimRight(string(buf[i*size:(i+1)*size]), "\x00"))
				}
			}
		}
		if scalar && len(strs) == 1 {
			a.Value = strs[0]
		} else {
			a.Value = strs
		}
	default:
		a.Value = "<" + className(C.H5Tget_class(tid)) + " attribute>"
	}
	return a
}

func className(c C.H5T_class_t) string {
	switch c {
	case C.H5T_INTEGER:
		return "integer"
	case C.H5T_FLOAT:
		return "float"
	case C.H5T_TIME:
		return "time"
	case C.H5T_STRING:
		return "string"
	case C.H5T_BITFIELD:
		return "bitfield"
	case C.H5T_OPAQUE:
		return "opaque"
	case C.H5T_COMPOUND:
		return "compound"
	case C.H5T_REFERENCE:
		return "reference"
	case C.H5T_ENUM:
		return "enum"
	case C.H5T_VLEN:
		return "variable-length"
	case C.H5T_ARRAY:
		return "array"
	}
	return "unknown"
}
