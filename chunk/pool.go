package chunk

import (
	"os"
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

type poolKey struct {
	dt DType
	n  int
}

// pools holds one sync.Pool per (dtype, length): chunks of one array share
// a shape, so a handful of sizes covers a computation. sync.Pool lets the
// garbage collector drop buffers nobody asks for again.
var pools sync.Map // poolKey → *sync.Pool

func poolFor(dt DType, n int) *sync.Pool {
	k := poolKey{dt, n}
	if p, ok := pools.Load(k); ok {
		return p.(*sync.Pool)
	}
	p, _ := pools.LoadOrStore(k, new(sync.Pool))
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
	var d *Dense
	if data := poolFor(dt, n).Get(); data != nil {
		d = &Dense{dtype: dt, shape: append([]int(nil), shape...), data: data}
	} else {
		d = NewDense(dt, shape)
	}
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
	db, vb := d.Bytes(), v.Bytes()
	lo, hi := unsafe.Pointer(unsafe.SliceData(db)), unsafe.Pointer(unsafe.SliceData(vb))
	if uintptr(hi) < uintptr(lo) || uintptr(hi)+uintptr(len(vb)) > uintptr(lo)+uintptr(len(db)) {
		return false
	}
	if d.pooled.CompareAndSwap(true, false) {
		v.pooled.Store(true)
	}
	return true
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
	data, n := d.data, d.Len()
	d.shape = []int{0}
	d.data = makeSlice(d.dtype, 0)
	poolFor(d.dtype, n).Put(data)
}
