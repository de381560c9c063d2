package chunk

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sync/atomic"
	"unsafe"
)

// Dense is a contiguous, C-order N-d buffer of one dtype: the value of a
// chunk. Its data is a Go slice of the dtype's element type ([]float64
// for Float64, []bool for Bool …) of length Prod(Shape()), element
// (i0, …, ik) at position Ravel(idx, shape). Views made by Reshape share
// the data and say so; a Dense handed to the scheduler is never modified.
type Dense struct {
	dtype DType
	shape []int
	data  any
	// buf is the pooled buffer d holds (NewPooledDense, Share), nil for
	// one the garbage collector owns: the executor may recycle it when
	// its last holder's last consumer has run.
	buf atomic.Pointer[buffer]
}

// NewDense returns a zeroed buffer of dtype dt and the given shape. It
// panics on an invalid dtype or a negative dimension: callers validate
// user input first.
func NewDense(dt DType, shape []int) *Dense {
	n := Prod(shape)
	if n < 0 || !dt.Valid() {
		panic(fmt.Sprintf("chunk: NewDense(%v, %v)", dt, shape))
	}
	return &Dense{dtype: dt, shape: append([]int(nil), shape...), data: makeSlice(dt, n)}
}

// makeSlice allocates a zeroed buffer of n elements of dtype dt: bytes
// (every dtype is plain memory) seen as dt's element type; a large one in
// huge pages where the kernel gives them (see adviseHuge).
func makeSlice(dt DType, n int) any {
	b := make([]byte, n*dt.Size())
	adviseHuge(unsafe.Pointer(unsafe.SliceData(b)), len(b))
	return typedView(dt, b, n)
}

// FromSlice returns a Dense of the given shape over data, sharing it. It
// returns an error when len(data) is not the product of shape.
func FromSlice[T Element](shape []int, data []T) (*Dense, error) {
	if n := Prod(shape); n != len(data) || n < 0 {
		return nil, fmt.Errorf("chunk: %d values do not fill shape %v", len(data), shape)
	}
	return &Dense{dtype: DTypeOf[T](), shape: append([]int(nil), shape...), data: []T(data)}, nil
}

// Values returns d's data as a []T sharing memory with d. It panics when T
// is not d's element type, which is a bug in the caller.
func Values[T Element](d *Dense) []T {
	v, ok := d.data.([]T)
	if !ok {
		panic(fmt.Sprintf("chunk: Values of a %v buffer as %T", d.dtype, v))
	}
	return v
}

// DType returns the element type.
func (d *Dense) DType() DType { return d.dtype }

// Shape returns the shape. The caller must not modify it.
func (d *Dense) Shape() []int { return d.shape }

// Len returns the number of elements.
func (d *Dense) Len() int { return Prod(d.shape) }

// NBytes returns the size of the data in bytes.
func (d *Dense) NBytes() int { return d.Len() * d.dtype.Size() }

// Data returns the underlying typed slice ([]float64 …) as an any.
func (d *Dense) Data() any { return d.data }

// Bytes returns the data as little-endian bytes sharing d's memory (the
// machine is little-endian; see the package doc).
func (d *Dense) Bytes() []byte {
	n := d.NBytes()
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(dataPtr(d.data)), n)
}

func dataPtr(data any) unsafe.Pointer {
	switch v := data.(type) {
	case []bool:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []int8:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []int16:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []int32:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []int64:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []uint8:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []uint16:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []Half:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []uint32:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []uint64:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []float32:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []float64:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []complex64:
		return unsafe.Pointer(unsafe.SliceData(v))
	case []complex128:
		return unsafe.Pointer(unsafe.SliceData(v))
	}
	panic(fmt.Sprintf("chunk: unexpected data %T", data))
}

// FromBytes returns a Dense of dtype dt and shape holding a copy of the
// little-endian bytes b. It returns an error when len(b) does not match.
func FromBytes(dt DType, shape []int, b []byte) (*Dense, error) {
	if !dt.Valid() {
		return nil, fmt.Errorf("chunk: invalid dtype %v", dt)
	}
	for a, n := range shape {
		if n < 0 {
			return nil, fmt.Errorf("chunk: shape %v has negative length on axis %d", shape, a)
		}
	}
	if want := Prod(shape) * dt.Size(); want != len(b) {
		return nil, fmt.Errorf("chunk: %d bytes for a %v buffer of shape %v, want %d", len(b), dt, shape, want)
	}
	d := NewDense(dt, shape)
	copy(d.Bytes(), b)
	if dt == Bool {
		bs := d.data.([]bool)
		for i, c := range b {
			bs[i] = c != 0 // normalise so that any nonzero byte reads as true
		}
	}
	return d, nil
}

// Reshape returns a view of d with a new shape of the same size, sharing
// d's data. It returns an error when the sizes differ.
func (d *Dense) Reshape(shape []int) (*Dense, error) {
	if Prod(shape) != d.Len() {
		return nil, fmt.Errorf("chunk: cannot reshape %v into %v", d.shape, shape)
	}
	return &Dense{dtype: d.dtype, shape: append([]int(nil), shape...), data: d.data}, nil
}

// View returns a Dense of the given shape over elements lo … lo+n-1 of
// d's data (n the product of shape), sharing them. It panics when they
// are not inside d, which is a bug in the caller.
func (d *Dense) View(lo int, shape []int) *Dense {
	data := reflect.ValueOf(d.data).Slice(lo, lo+Prod(shape)).Interface()
	return &Dense{dtype: d.dtype, shape: append([]int(nil), shape...), data: data}
}

// Clone returns a copy of d that shares nothing with it.
func (d *Dense) Clone() *Dense {
	c := NewPooledDense(d.dtype, d.shape) // written in full
	copy(c.Bytes(), d.Bytes())
	return c
}

// Float returns element p (a flat C-order position) as a float64 (the
// real part of a complex element).
func (d *Dense) Float(p int) float64 {
	switch v := d.data.(type) {
	case []bool:
		if v[p] {
			return 1
		}
		return 0
	case []int8:
		return float64(v[p])
	case []int16:
		return float64(v[p])
	case []int32:
		return float64(v[p])
	case []int64:
		return float64(v[p])
	case []uint8:
		return float64(v[p])
	case []uint16:
		return float64(v[p])
	case []Half:
		return float64(v[p].Float32())
	case []uint32:
		return float64(v[p])
	case []uint64:
		return float64(v[p])
	case []float32:
		return float64(v[p])
	case []float64:
		return v[p]
	case []complex64:
		return float64(real(v[p]))
	case []complex128:
		return real(v[p])
	}
	return math.NaN()
}

// Fill sets every element to v converted to d's dtype (nonzero is true
// for bool).
func (d *Dense) Fill(v float64) {
	switch s := d.data.(type) {
	case []bool:
		fillSlice(s, v != 0)
	case []int8:
		fillSlice(s, int8(v))
	case []int16:
		fillSlice(s, int16(v))
	case []int32:
		fillSlice(s, int32(v))
	case []int64:
		fillSlice(s, int64(v))
	case []uint8:
		fillSlice(s, uint8(v))
	case []uint16:
		fillSlice(s, uint16(v))
	case []Half:
		fillSlice(s, HalfFromFloat64(v))
	case []uint32:
		fillSlice(s, uint32(v))
	case []uint64:
		fillSlice(s, uint64(v))
	case []float32:
		fillSlice(s, float32(v))
	case []float64:
		fillSlice(s, v)
	case []complex64:
		fillSlice(s, complex(float32(v), 0))
	case []complex128:
		fillSlice(s, complex(v, 0))
	}
}

func fillSlice[T any](s []T, v T) {
	if len(s) == 0 {
		return
	}
	s[0] = v
	for i := 1; i < len(s); i *= 2 {
		copy(s[i:], s[:i])
	}
}

// AsType returns d converted to dtype dt with NumPy's astype semantics
// (truncation toward zero for float → int, nonzero → true for bool). When
// dt is d's dtype it returns d itself.
func (d *Dense) AsType(dt DType) *Dense {
	if dt == d.dtype {
		return d
	}
	out := NewPooledDense(dt, d.shape) // Convert writes every element
	Convert(out.data, d.data)
	return out
}

// Convert writes src converted element by element into dst; both are
// typed slices of equal length (as from Dense.Data), or pointers to
// typed slices (as a tile view boxes them).
func Convert(dst, src any) {
	switch s := src.(type) {
	case []bool:
		convertFromBool(dst, s)
	case []int8:
		convertFrom(dst, s)
	case []int16:
		convertFrom(dst, s)
	case []int32:
		convertFrom(dst, s)
	case []int64:
		convertFrom(dst, s)
	case []uint8:
		convertFrom(dst, s)
	case []uint16:
		convertFrom(dst, s)
	case []Half:
		convertFromHalf(dst, s)
	case []uint32:
		convertFrom(dst, s)
	case []uint64:
		convertFrom(dst, s)
	case []float32:
		convertFrom(dst, s)
	case []float64:
		convertFrom(dst, s)
	case []complex64:
		convertFromComplex(dst, s)
	case []complex128:
		convertFromComplex(dst, s)
	case *[]complex64:
		Convert(dst, *s)
	case *[]complex128:
		Convert(dst, *s)
	case *[]bool:
		Convert(dst, *s)
	case *[]int8:
		Convert(dst, *s)
	case *[]int16:
		Convert(dst, *s)
	case *[]int32:
		Convert(dst, *s)
	case *[]int64:
		Convert(dst, *s)
	case *[]uint8:
		Convert(dst, *s)
	case *[]uint16:
		Convert(dst, *s)
	case *[]Half:
		Convert(dst, *s)
	case *[]uint32:
		Convert(dst, *s)
	case *[]uint64:
		Convert(dst, *s)
	case *[]float32:
		Convert(dst, *s)
	case *[]float64:
		Convert(dst, *s)
	default:
		panic("chunk: Convert from " + reflect.TypeOf(src).String())
	}
}

func convertFromBool(dst any, s []bool) {
	// A Go bool is stored as the byte 0 or 1: read the bools as those bytes
	// (a branch per element mispredicts on random data).
	u := unsafe.Slice((*uint8)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
	switch d := dst.(type) {
	case []bool:
		copy(d, s)
	case *[]bool:
		copy(*d, s)
	case []uint8:
		copy(d, u)
	default:
		convertFrom(dst, u)
	}
}

func convertFrom[S Number](dst any, s []S) {
	switch d := dst.(type) {
	case []bool:
		for i, v := range s {
			d[i] = v != 0
		}
	case []int8:
		convertSlice(d, s)
	case []int16:
		convertSlice(d, s)
	case []int32:
		convertSlice(d, s)
	case []int64:
		convertSlice(d, s)
	case []uint8:
		convertSlice(d, s)
	case []uint16:
		convertSlice(d, s)
	case []Half:
		halvesFrom(d, s)
	case []uint32:
		convertSlice(d, s)
	case []uint64:
		convertSlice(d, s)
	case []float32:
		convertSlice(d, s)
	case []float64:
		convertSlice(d, s)
	case *[]bool:
		convertFrom(*d, s)
	case *[]int8:
		convertSlice(*d, s)
	case *[]int16:
		convertSlice(*d, s)
	case *[]int32:
		convertSlice(*d, s)
	case *[]int64:
		convertSlice(*d, s)
	case *[]uint8:
		convertSlice(*d, s)
	case *[]uint16:
		convertSlice(*d, s)
	case *[]Half:
		halvesFrom(*d, s)
	case *[]uint32:
		convertSlice(*d, s)
	case *[]uint64:
		convertSlice(*d, s)
	case *[]float32:
		convertSlice(*d, s)
	case *[]float64:
		convertSlice(*d, s)
	case []complex64, []complex128, *[]complex64, *[]complex128:
		convertToComplex(dst, s)
	default:
		panic("chunk: Convert to " + reflect.TypeOf(dst).String())
	}
}

func convertSlice[D, S Number](d []D, s []S) {
	if d, ok := any(d).([]S); ok { // the same type: a memmove
		copy(d[:len(s)], s)
		return
	}
	d = d[:len(s)]
	for i, v := range s {
		d[i] = D(v)
	}
}

// CopyBox copies the elements of src inside srcBox into dst at the box of
// the same shape that starts at dstMin. Both buffers must have the same
// dtype; boxes must lie inside their buffers. It copies whole contiguous
// runs at a time.
func CopyBox(dst *Dense, dstMin []int, src *Dense, srcBox Box) {
	if dst.dtype != src.dtype {
		panic(fmt.Sprintf("chunk: CopyBox from %v to %v", src.dtype, dst.dtype))
	}
	shape := srcBox.Shape()
	nd := len(shape)
	if nd == 0 {
		copy(dst.Bytes(), src.Bytes())
		return
	}
	if Prod(shape) == 0 {
		return
	}
	es := src.dtype.Size()
	dstStr, srcStr := Strides(dst.shape), Strides(src.shape)
	// The innermost run: trailing axes that are whole in both buffers merge.
	run := shape[nd-1]
	inner := nd - 1
	for inner > 0 && shape[inner] == src.shape[inner] && shape[inner] == dst.shape[inner] {
		run *= shape[inner-1]
		inner--
	}
	outer := shape[:inner]
	db, sb := dst.Bytes(), src.Bytes()
	idx := make([]int, inner)
	for {
		so, do := 0, 0
		for a := 0; a < inner; a++ {
			so += (srcBox.Min[a] + idx[a]) * srcStr[a]
			do += (dstMin[a] + idx[a]) * dstStr[a]
		}
		for a := inner; a < nd; a++ {
			so += srcBox.Min[a] * srcStr[a]
			do += dstMin[a] * dstStr[a]
		}
		copy(db[do*es:(do+run)*es], sb[so*es:(so+run)*es])
		a := inner - 1
		for ; a >= 0; a-- {
			idx[a]++
			if idx[a] < outer[a] {
				break
			}
			idx[a] = 0
		}
		if a < 0 {
			return
		}
	}
}

// Region returns a new buffer holding a copy of the elements of d inside b.
func (d *Dense) Region(b Box) *Dense {
	out := NewPooledDense(d.dtype, b.Shape()) // written in full
	CopyBox(out, make([]int, len(b.Min)), d, b)
	return out
}

// MarshalBinary encodes d as a self-describing byte string: a magic byte,
// the dtype, the shape as uvarints, then the little-endian data. It is the
// format of spill files and of chunks sent between processes.
func (d *Dense) MarshalBinary() ([]byte, error) {
	hdr := make([]byte, 0, 3+binary.MaxVarintLen64*(len(d.shape)+1))
	hdr = append(hdr, denseMagic, byte(d.dtype))
	hdr = binary.AppendUvarint(hdr, uint64(len(d.shape)))
	for _, n := range d.shape {
		hdr = binary.AppendUvarint(hdr, uint64(n))
	}
	return append(hdr, d.Bytes()...), nil
}

const denseMagic = 0xD5

var errCorrupt = errors.New("chunk: corrupt encoded buffer")

// UnmarshalDense decodes the output of MarshalBinary. Malformed input is
// an error, never a panic.
func UnmarshalDense(b []byte) (*Dense, error) {
	if len(b) < 3 || b[0] != denseMagic {
		return nil, errCorrupt
	}
	dt := DType(b[1])
	if !dt.Valid() {
		return nil, fmt.Errorf("chunk: encoded buffer has invalid dtype %d", b[1])
	}
	b = b[2:]
	nd, k := binary.Uvarint(b)
	if k <= 0 || nd > 64 {
		return nil, errCorrupt
	}
	b = b[k:]
	shape := make([]int, nd)
	size := uint64(1)
	zero, tooBig := false, false
	for a := range shape {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > 1<<40 {
			return nil, errCorrupt
		}
		shape[a] = int(n)
		switch {
		case n == 0:
			zero = true // an empty buffer: the other axes may be long
		case size > uint64(len(b))/n:
			tooBig = true // more elements than bytes left, unless empty
		default:
			size *= n
		}
		b = b[k:]
	}
	if tooBig && !zero {
		return nil, errCorrupt
	}
	return FromBytes(dt, shape, b)
}
