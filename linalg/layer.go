package linalg

import (
	"fmt"
	"slices"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
	"gonum.org/v1/gonum/blas/blas64"
)

// layer is a graph layer of this package: block idx runs kernel on the
// values of the keys inputs(idx) names.
type layer struct {
	name   string
	nb     []int
	in     []scheduler.Layer
	kernel string
	params []byte
	keys   func(idx []int) []scheduler.Key
}

func (l *layer) Name() string              { return l.name }
func (l *layer) Inputs() []scheduler.Layer { return l.in }
func (l *layer) NumBlocks() []int          { return l.nb }
func (l *layer) Task(idx []int) scheduler.Task {
	return scheduler.Task{Kernel: l.kernel, Params: l.params, Inputs: l.keys(idx)}
}

// newLayer returns a layer whose name hashes op, the kernel's parameters
// and the inputs' names.
func newLayer(op, kernel string, params []byte, nb []int, in []scheduler.Layer, keys func(idx []int) []scheduler.Key) *layer {
	parts := [][]byte{[]byte(kernel), params}
	for _, l := range in {
		parts = append(parts, []byte(l.Name()))
	}
	return &layer{name: scheduler.Name(op, parts...), nb: nb, in: in, kernel: kernel, params: params, keys: keys}
}

// tileGrid is the layer of an array assembled from blocks of other
// layers without copies: its block (i, j) is the block keys[i][j] names,
// passed on as it is, or a zero chunk rows[i]×cols[j] where the key is
// the zero Key (Dask's dict merge of tiles; array.Block would copy each).
type tileGrid struct {
	name       string
	in         []scheduler.Layer
	keys       [][]scheduler.Key
	rows, cols []int
}

func (l *tileGrid) Name() string              { return l.name }
func (l *tileGrid) Inputs() []scheduler.Layer { return l.in }
func (l *tileGrid) NumBlocks() []int          { return []int{len(l.rows), len(l.cols)} }
func (l *tileGrid) Task(idx []int) scheduler.Task {
	k := l.keys[idx[0]][idx[1]]
	if k == (scheduler.Key{}) {
		return scheduler.Task{Kernel: "linalg.zeros", Params: scheduler.EncodeParams([2]int{l.rows[idx[0]], l.cols[idx[1]]})}
	}
	return scheduler.Task{Kernel: "linalg.same", Inputs: []scheduler.Key{k}}
}

// tileArray returns the rows×cols float64 array whose block (i, j) is
// the block keys[i][j] (of one of the layers in) names, or zeros.
func tileArray(in []scheduler.Layer, keys [][]scheduler.Key, rows, cols []int) *array.Array {
	var parts [][]byte
	for _, row := range keys {
		for _, k := range row {
			parts = append(parts, []byte(k.String()))
		}
	}
	parts = append(parts, scheduler.EncodeParams([2][]int{rows, cols}))
	l := &tileGrid{name: scheduler.Name("tiles", parts...), in: in, keys: keys, rows: rows, cols: cols}
	g, _ := chunk.NewGrid([][]int{rows, cols})
	return array.FromLayer(l, g, chunk.Float64)
}

// key returns the key of block idx of l.
func key(l scheduler.Layer, idx ...int) scheduler.Key { return scheduler.NewKey(l.Name(), idx) }

// matOf returns d, a 2-d float64 chunk, as a matrix sharing its data.
func matOf(d *chunk.Dense) (blas64.General, error) {
	if d.DType() != chunk.Float64 || len(d.Shape()) != 2 {
		return blas64.General{}, fmt.Errorf("linalg: want a 2-d float64 chunk, got %v of shape %v", d.DType(), d.Shape())
	}
	r, c := d.Shape()[0], d.Shape()[1]
	return blas64.General{Rows: r, Cols: c, Stride: max(c, 1), Data: chunk.Values[float64](d)}, nil
}

// denseOf returns m as a chunk (copying unless its stride is its width).
func denseOf(m blas64.General) *chunk.Dense {
	if m.Stride != max(m.Cols, 1) || len(m.Data) != m.Rows*m.Cols {
		m = cloneMat(m)
	}
	d, _ := chunk.FromSlice([]int{m.Rows, m.Cols}, m.Data)
	return d
}

// pooledCopy returns a copy of m in a chunk from chunk's pool (see
// chunk.NewPooledDense), and the chunk's data as a matrix: for a kernel
// registered as borrowing, which starts from a copy of an input and
// returns it.
func pooledCopy(m blas64.General) (blas64.General, *chunk.Dense) {
	d := chunk.NewPooledDense(chunk.Float64, []int{m.Rows, m.Cols})
	w, _ := matOf(d)
	chunk.Prefault(d.Bytes(), 1) // a new tile is usually fresh memory (a Cholesky's L)
	for i := range m.Rows {
		copy(w.Data[i*w.Stride:i*w.Stride+m.Cols], m.Data[i*m.Stride:i*m.Stride+m.Cols])
	}
	return w, d
}

// copyKernel returns the kernel that copies its input `from` into a
// pooled chunk, runs f on that copy and all the inputs, and returns the
// copy. It borrows its inputs: register it with RegisterTypedBorrowing.
func copyKernel(from int, f func(s blas64.General, ms []blas64.General) error) scheduler.Func {
	return func(_ []int, in []any) (any, error) {
		ms, err := mats(in)
		if err != nil {
			return nil, err
		}
		s, d := pooledCopy(ms[from])
		if err := f(s, ms); err != nil {
			d.Recycle()
			return nil, err
		}
		return d, nil
	}
}

// ownKernel is copyKernel(0, f) for a kernel registered with
// scheduler.RegisterConsuming: when the kernel owns its first input, f
// runs on that input itself.
func ownKernel(f func(s blas64.General, ms []blas64.General) error) scheduler.ConsumingFunc {
	return func(_ []int, in []any, own bool) (any, error) {
		if !own {
			return copyKernel(0, f)(nil, in)
		}
		ms, err := mats(in)
		if err != nil {
			return nil, err
		}
		if err := f(ms[0], ms); err != nil {
			return nil, err
		}
		return in[0], nil
	}
}

// matKernel returns the kernel running f on its inputs as matrices,
// its result becoming a chunk.
func matKernel(f func(ms []blas64.General) (blas64.General, error)) scheduler.Func {
	return func(_ []int, in []any) (any, error) {
		ms, err := mats(in)
		if err != nil {
			return nil, err
		}
		out, err := f(ms)
		if err != nil {
			return nil, err
		}
		return denseOf(out), nil
	}
}

// mats returns the task inputs as matrices.
func mats(in []any) ([]blas64.General, error) {
	ms := make([]blas64.General, len(in))
	for i, v := range in {
		d, ok := v.(*chunk.Dense)
		if !ok {
			return nil, fmt.Errorf("linalg: input %d is a %T, not a chunk", i, v)
		}
		m, err := matOf(d)
		if err != nil {
			return nil, err
		}
		ms[i] = m
	}
	return ms, nil
}

// float64Matrix checks that x is a 2-d array of a real dtype and returns
// it as float64, for op's errors.
func float64Matrix(op string, x *array.Array) (*array.Array, error) {
	if x == nil {
		return nil, fmt.Errorf("linalg: %s: nil *Array", op)
	}
	if err := x.Err(); err != nil {
		return nil, err
	}
	if x.NDim() != 2 {
		return nil, fmt.Errorf("linalg: %s: want a 2-d array, got shape %v", op, x.Shape())
	}
	if slices.Contains(x.Shape(), -1) {
		return nil, fmt.Errorf("linalg: %s: the shape %v is not known (compute chunk sizes first)", op, x.Shape())
	}
	if x.DType() == chunk.Bool {
		return nil, fmt.Errorf("linalg: %s: bool arrays are not supported", op)
	}
	if x.DType().IsComplex() {
		return nil, fmt.Errorf("linalg: %s: %v arrays are not supported yet", op, x.DType())
	}
	return x.AsType(chunk.Float64), nil
}

// resultType is the dtype of op's results for an input of dtype dt, as
// NumPy's linalg: float32 stays float32, the rest give float64.
func resultType(dt chunk.DType) chunk.DType {
	if dt == chunk.Float32 {
		return chunk.Float32
	}
	return chunk.Float64
}

func errArray(err error) *array.Array { return array.Errored(err) }

// tmul returns aᵀ·b for 2-d a and b, as a contraction over their first
// axes: no transposed copy of a is made (each chunk product reads a's
// chunk as transposed).
func tmul(a, b *array.Array) *array.Array { return array.TensorDot(a, b, []int{0}, []int{0}) }

// rowsParams cuts rows [Lo, Hi) of a chunk; Upper also clears what lies
// below the diagonal.
type rowsParams struct {
	Lo, Hi int
	Upper  bool
}

// rowsLayer returns the one-block layer of rows [lo, hi) of l's block.
func rowsLayer(op string, l scheduler.Layer, lo, hi int, upper bool) scheduler.Layer {
	p := scheduler.EncodeParams(rowsParams{Lo: lo, Hi: hi, Upper: upper})
	return newLayer(op, "linalg.rows", p, []int{1, 1}, []scheduler.Layer{l}, keysOf(key(l, 0, 0)))
}

func init() {
	scheduler.RegisterFunc("linalg.same", func(_ []int, in []any) (any, error) { return in[0], nil })
	scheduler.RegisterTyped("linalg.zeros", func(shape [2]int) (scheduler.Func, error) {
		return func([]int, []any) (any, error) { return chunk.FromSlice(shape[:], make([]float64, shape[0]*shape[1])) }, nil
	})
	scheduler.RegisterTyped("linalg.rows", func(p rowsParams) (scheduler.Func, error) {
		return matKernel(func(ms []blas64.General) (blas64.General, error) {
			if p.Hi > ms[0].Rows || p.Lo > p.Hi {
				return blas64.General{}, fmt.Errorf("linalg: rows %d:%d of a %d-row chunk", p.Lo, p.Hi, ms[0].Rows)
			}
			w := cloneMat(rowsOf(ms[0], p.Lo, p.Hi))
			if p.Upper {
				for i := range w.Rows {
					clear(w.Data[i*w.Stride : i*w.Stride+min(i, w.Cols)])
				}
			}
			return w, nil
		}), nil
	})
}
