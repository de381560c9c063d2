package chunk

import (
	"math/bits"
	"os"
	"reflect"
	"sync"
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
// caller, a kernel returning a view of its input) calls Pin. The executor
// calls Recycle on a value when its last consumer has run and every
// consumer promised not to keep it; Recycle only acts on a pooled Dense
// that nobody pinned.

// poolMin is the smallest buffer worth pooling: a page. Fresh memory is
// not cheap even for small buffers: while persisted chunks make the live
// heap large, the garbage collector runs rarely, so nearly every new
// buffer lands on pages the process has never touched and pays a page
// fault per 4 KiB (microseconds on a virtual machine).
const poolMin = 4 << 10

// poison, set by the environment variable CHUNKWISE_POOL_POISON=1, pools
// buffers of every size and fills each with garbage when handed out, so
// that tests catch a producer that does not write every element (make
// test runs the array and store tests so).
var poison = os.Getenv("CHUNKWISE_POOL_POISON") != ""

// pools holds one sync.Pool of []byte buffers per capacity class in
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

// NewPooledDense is NewDense for a producer that writes every element:
// the buffer may come from a recycled chunk, so its contents are
// undefined until written. The result is recyclable until pinned.
func NewPooledDense(dt DType, shape []int) *Dense {
	n := Prod(shape)
	if n < 0 || !dt.Valid() || n*dt.Size() < poolMin && !poison {
		return NewDense(dt, shape)
	}
	c := classUp(n * dt.Size())
	b, _ := poolFor(c).Get().([]byte)
	if b == nil {
		b = makeSlice(Uint8, c).([]byte)
	}
	d := &Dense{dtype: dt, shape: append([]int(nil), shape...), data: typedView(dt, b, n)}
	d.pooled.Store(true)
	if poison {
		b := d.Bytes()
		for i := range b {
			b[i] = 0xA5
		}
	}
	return d
}

// Pin marks d as kept beyond the computation that made it, so that
// Recycle leaves it alone from now on. Safe to call concurrently.
func (d *Dense) Pin() {
	if d.pooled.Load() {
		d.pooled.Store(false)
	}
}

// HandOver reports whether v is a view of d's buffer (a Reshape or View
// of it) and if so passes d's recyclability to v, which replaces d: d
// will not be recycled, v will be unless pinned. The caller promises
// that nothing reads d any more except through v.
func (d *Dense) HandOver(v *Dense) bool {
	if v == d || v.dtype != d.dtype || d.Len() == 0 || v.Len() == 0 {
		return v == d
	}
	dlo, dhi := d.span()
	vlo, vhi := v.span()
	if vlo < dlo || vhi > dhi {
		return false
	}
	if d.pooled.CompareAndSwap(true, false) {
		v.pooled.Store(true)
	}
	return true
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

// Recyclable reports whether Recycle would take d's buffer: it came from
// NewPooledDense and nobody pinned it.
func (d *Dense) Recyclable() bool { return d.pooled.Load() }

// Recycle hands the buffer of a pooled, unpinned d back for reuse by
// NewPooledDense and leaves d empty (shape [0]); for any other Dense it
// does nothing. The caller promises that nothing refers to d's data any
// more: it is the executor's call, made when d's last consumer has run.
func (d *Dense) Recycle() {
	if !d.pooled.CompareAndSwap(true, false) {
		return
	}
	size := d.dtype.Size()
	capBytes := reflect.ValueOf(d.data).Cap() * size // a view's buffer may go on past its end
	c := classDown(capBytes)
	b := unsafe.Slice((*byte)(dataPtr(d.data)), capBytes)[:c]
	d.shape = []int{0}
	d.data = makeSlice(d.dtype, 0)
	if c > 0 {
		poolFor(c).Put(b)
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
