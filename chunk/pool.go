package chunk

import (
	"math/bits"
	"os"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Chunk buffers that die inside a computation (a decoded store chunk that
// a reduction has read, say) are handed back for reuse instead of left to
// the garbage collector: fresh memory costs page faults and zeroing,
// which on a virtual machine cost more than the work done on the chunk.
//
// The protocol has three parties. A producer that overwrites every
// element asks NewPooledDense for its buffer. Whoever keeps a Dense beyond
// the task that consumes it (a cache, an executor returning it to the
// caller) calls Pin. A kernel that returns a view of its input gives the
// view a hold on the buffer (Share). The executor calls Recycle on a
// value when its last consumer has run and every consumer promised not
// to keep it; Recycle releases a hold on a pooled buffer that nobody
// pinned, and the buffer goes back for reuse with its last hold.

// poolMin is the smallest buffer worth pooling: 1 KiB. Fresh memory is
// not cheap even for small buffers: while persisted chunks make the live
// heap large, the garbage collector runs rarely, so nearly every new
// buffer lands on pages the process has never touched and pays a page
// fault per 4 KiB (microseconds on a virtual machine). Files of many
// small chunks (an HDF5 dataset in 16×16 chunks of 2 KiB) make one such
// buffer per chunk read.
const poolMin = 1 << 10

// poison, set by the environment variable CHUNKWISE_POOL_POISON=1, pools
// buffers of every size and fills each with garbage when handed out, so
// that tests catch a producer that does not write every element (make
// test runs the array and store tests so).
var poison = os.Getenv("CHUNKWISE_POOL_POISON") != ""

// pools holds one sync.Pool of *buffer per capacity class in
// bytes: chunks of one array share a shape, and nearly equal sizes (a
// grid's ragged edges, a gather's pieces, a row chunk and the flat chunk
// reshaped from it) share a class, so a handful of classes covers a
// computation. Buffers are bytes, whatever dtype made them, so that a
// computation on int64 reuses what one on float64 gave back (every dtype
// is plain memory). sync.Pool lets the garbage collector drop buffers
// nobody asks for again.
var pools sync.Map // capacity class → *sync.Pool

// classUp is the capacity class of n bytes: n rounded up to a
// multiple of a 32nd to a 64th of it (a power of two), so a buffer is at
// most 1/32 longer than asked for; below 64 bytes, n itself.
func classUp(n int) int {
	if n < 64 {
		return n
	}
	g := 1 << (bits.Len(uint(n)) - 6)
	return (n + g - 1) &^ (g - 1)
}

// classDown is the largest capacity class of at most c bytes.
func classDown(c int) int {
	if c < 64 {
		return c
	}
	g := 1 << (bits.Len(uint(c)) - 6)
	return c &^ (g - 1)
}

func poolFor(c int) *sync.Pool {
	if p, ok := pools.Load(c); ok {
		return p.(*sync.Pool)
	}
	p, _ := pools.LoadOrStore(c, new(sync.Pool))
	return p.(*sync.Pool)
}

// buffer is a pooled buffer and the Denses that hold it: the chunk made
// by NewPooledDense and the views that share it (Share, HandOver).
type buffer struct {
	b      []byte       // the whole capacity class
	refs   atomic.Int32 // Denses holding it
	pinned atomic.Bool  // kept beyond the computation: never recycled
}

// NewPooledDense is NewDense for a producer that writes every element:
// the buffer may come from a recycled chunk, so its contents are
// undefined until written. The result is recyclable until pinned.
func NewPooledDense(dt DType, shape []int) *Dense {
	n := Prod(shape)
	if n < 0 || !dt.Valid() || n*dt.Size() < poolMin && !poison {
		return NewDense(dt, shape)
	}
	c := classUp(n * dt.Size())
	p, _ := poolFor(c).Get().(*buffer)
	if p == nil {
		p = &buffer{b: makeSlice(Uint8, c).([]byte)}
	}
	p.refs.Store(1)
	p.pinned.Store(false)
	d := &Dense{dtype: dt, shape: append([]int(nil), shape...), data: typedView(dt, p.b, n)}
	d.buf.Store(p)
	if poison {
		b := d.Bytes()
		for i := range b {
			b[i] = 0xA5
		}
	}
	return d
}

// GetBytes returns n bytes of scratch (a compressed chunk read from a
// store, an encoding buffer) from the pool that chunk buffers come from,
// with its capacity classes: near sizes share buffers, and large ones
// are in huge pages. The contents are undefined. PutBytes gives it back.
func GetBytes(n int) []byte {
	if n < poolMin && !poison {
		return make([]byte, n)
	}
	var b []byte
	if p, _ := poolFor(classUp(n)).Get().(*buffer); p != nil {
		b = p.b[:n]
	} else {
		b = makeSlice(Uint8, classUp(n)).([]byte)[:n]
	}
	if poison {
		for i := range b {
			b[i] = 0xA5
		}
	}
	return b
}

// PutBytes gives b back to the pool, for GetBytes or NewPooledDense; the
// caller must not use it afterwards.
func PutBytes(b []byte) {
	if c := classDown(cap(b)); c >= poolMin || poison && c > 0 {
		poolFor(c).Put(&buffer{b: b[:c]})
	}
}

// Pin marks d as kept beyond the computation that made it, so that
// Recycle leaves it, and every view sharing its buffer, alone from now
// on. Safe to call concurrently.
func (d *Dense) Pin() {
	if p := d.buf.Load(); p != nil && !p.pinned.Load() {
		p.pinned.Store(true)
	}
}

// HandOver reports whether v is a view of d's buffer (a Reshape or View
// of it) and if so passes d's hold on a pooled buffer to v, which
// replaces d: d will not be recycled, v will be unless pinned. The caller
// promises that nothing reads d any more except through v.
func (d *Dense) HandOver(v *Dense) bool {
	if !d.covers(v) {
		return v == d
	}
	if p := d.buf.Swap(nil); p != nil && !v.buf.CompareAndSwap(nil, p) {
		p.refs.Add(-1) // v holds the buffer already
	}
	return true
}

// Share reports whether v is a view of d's buffer and if so gives v a
// hold of its own on d's pooled buffer, if d has one: the buffer is
// recycled once d and every view sharing it have been (Recycle), not
// before. A kernel that returns a view of its input calls it instead of
// pinning the input, so that the buffer still goes back to the pool.
func (d *Dense) Share(v *Dense) bool {
	if !d.covers(v) {
		return v == d
	}
	if p := d.buf.Load(); p != nil && v != d && v.buf.Load() == nil {
		p.refs.Add(1)
		v.buf.Store(p)
	}
	return true
}

// covers reports whether v is a distinct, non-empty view within d's
// elements (of d's dtype).
func (d *Dense) covers(v *Dense) bool {
	if v == d || v.dtype != d.dtype || d.Len() == 0 || v.Len() == 0 {
		return false
	}
	dlo, dhi := d.span()
	vlo, vhi := v.span()
	return vlo >= dlo && vhi <= dhi
}

// Shares reports whether d and e have elements in the same memory: one
// is e, a view of the other or overlaps it.
func (d *Dense) Shares(e *Dense) bool {
	if d == e {
		return true
	}
	if d.Len() == 0 || e.Len() == 0 {
		return false
	}
	dlo, dhi := d.span()
	elo, ehi := e.span()
	return dlo < ehi && elo < dhi
}

// span is the range of addresses of d's elements.
func (d *Dense) span() (lo, hi uintptr) {
	b := d.Bytes()
	lo = uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return lo, lo + uintptr(len(b))
}

// Recyclable reports whether Recycle would hand d's buffer back now: it
// came from NewPooledDense, nobody pinned it, and no view shares it, so
// nothing but d refers to it.
func (d *Dense) Recyclable() bool {
	p := d.buf.Load()
	return p != nil && !p.pinned.Load() && p.refs.Load() == 1
}

// Recycle releases d's hold on a pooled buffer nobody pinned and leaves d
// empty (shape [0]); the buffer goes back for reuse by NewPooledDense
// when d was its last holder. For any other Dense it does nothing. The
// caller promises that nothing refers to d's data any more: it is the
// executor's call, made when d's last consumer has run.
func (d *Dense) Recycle() {
	p := d.buf.Load()
	if p == nil || p.pinned.Load() || !d.buf.CompareAndSwap(p, nil) {
		return
	}
	d.shape = []int{0}
	d.data = makeSlice(d.dtype, 0)
	if p.refs.Add(-1) == 0 && !p.pinned.Load() {
		poolFor(len(p.b)).Put(p)
	}
}

// typedView returns the first n elements of dtype dt in b's memory as a
// typed slice whose capacity covers the whole of b.
func typedView(dt DType, b []byte, n int) any {
	switch dt {
	case Bool:
		return bytesAs[bool](b)[:n]
	case Int8:
		return bytesAs[int8](b)[:n]
	case Int16:
		return bytesAs[int16](b)[:n]
	case Int32:
		return bytesAs[int32](b)[:n]
	case Int64:
		return bytesAs[int64](b)[:n]
	case Uint8:
		return b[:n]
	case Uint16:
		return bytesAs[uint16](b)[:n]
	case Float16:
		return bytesAs[Half](b)[:n]
	case Uint32:
		return bytesAs[uint32](b)[:n]
	case Uint64:
		return bytesAs[uint64](b)[:n]
	case Float32:
		return bytesAs[float32](b)[:n]
	case Float64:
		return bytesAs[float64](b)[:n]
	case Complex64:
		return bytesAs[complex64](b)[:n]
	case Complex128:
		return bytesAs[complex128](b)[:n]
	}
	panic("chunk: invalid dtype " + dt.String())
}

// bytesAs views b as elements of T (as many as fit).
func bytesAs[T any](b []byte) []T {
	var z T
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/int(unsafe.Sizeof(z)))
}
