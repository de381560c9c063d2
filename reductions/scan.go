package reductions

import (
	"fmt"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// ScanOp is a cumulative scan.
type ScanOp uint8

// The scans; the Nan variants treat NaN as 0 (sum) or 1 (product).
const (
	CumSum ScanOp = iota + 1
	CumProd
	NanCumSum
	NanCumProd
)

// String returns NumPy's name for o.
func (o ScanOp) String() string {
	switch o {
	case CumSum:
		return "cumsum"
	case CumProd:
		return "cumprod"
	case NanCumSum:
		return "nancumsum"
	case NanCumProd:
		return "nancumprod"
	}
	return fmt.Sprintf("ScanOp(%d)", uint8(o))
}

func (o ScanOp) fold() fold {
	if o == CumProd || o == NanCumProd {
		return foldProd
	}
	return foldSum
}

// ResultDType returns NumPy's dtype of scan o over dtype d: integers and
// bool widen to int64 (uint64 for unsigned), floats keep their type.
func (o ScanOp) ResultDType(d chunk.DType) chunk.DType { return chunk.SumResult(d) }

type scanParams struct {
	Program *blockwise.Program `json:",omitempty"`
	Chunks  [][]int
	Axis    int
	Op      ScanOp
	DType   chunk.DType
}

// BuildScan returns the layer of the cumulative scan o of in along axis
// and its dtype (the grid is in's). It is chunk-parallel in three steps:
// every chunk is scanned on its own (the elementwise program evaluated
// and scanned tile by tile into the result chunk, in one pass), each
// chunk's last slice along the axis is its
// total, and a carry layer folds the totals of the blocks before each
// one — a chain of small slices, one task per block, whose block i reads
// carry i-1 and total i-1. The last step folds each chunk's carry into
// every slice of it, in place when the executor hands it the scanned
// chunk (scheduler.RegisterConsuming). Along an axis of one block the
// chunk scans are the result, and a reduction of it need not write them
// (ScanInput). Errors name the scan and the bad axis.
func BuildScan(in Input, o ScanOp, axis int) (scheduler.Layer, chunk.DType, error) {
	g := in.Grid
	nd := g.NDim()
	if o < CumSum || o > NanCumProd {
		return nil, 0, fmt.Errorf("reductions: unknown scan %v", o)
	}
	if axis < 0 || axis >= nd {
		return nil, 0, fmt.Errorf("%v: axis %d is out of bounds for array of dimension %d", o, axis, nd)
	}
	dt := o.ResultDType(in.Program.DType())
	prog := in.Program
	switch o {
	case NanCumSum:
		prog = foldProgram(NanSum, prog)
	case NanCumProd:
		prog = foldProgram(NanProd, prog)
	}
	prog = castProgram(prog, dt)
	p := scanParams{Program: prog, Chunks: g.Chunks(), Axis: axis, Op: o, DType: dt}
	params := scheduler.EncodeParams(p)
	parts := [][]byte{params}
	for _, bi := range in.Inputs {
		ax := scheduler.EncodeParams(bi.Axes)
		parts = append(parts, []byte(bi.Layer.Name()), ax)
	}
	name := o.String()
	if g.NumBlocks()[axis] <= 1 {
		l := blockwise.New(scheduler.Name(name, parts...), g.NumBlocks(), "reductions.scan_chunk", params, false, in.Inputs...)
		return &scanLayer{Layer: l, in: Input{Program: prog, Inputs: in.Inputs, Grid: g, Scan: &Scan{Axis: axis, Op: o}}}, dt, nil
	}
	scanned := blockwise.New(scheduler.Name(name+"-chunk", parts...), g.NumBlocks(), "reductions.scan_chunk", params, false, in.Inputs...)
	p.Program = nil
	small := scheduler.EncodeParams(p)
	ident := identityAxesOf(nd)
	totals := blockwise.New(scheduler.Name(name+"-total", small, []byte(scanned.Name())), g.NumBlocks(), "reductions.scan_total", small, false,
		blockwise.Input{Layer: scanned, Axes: ident})
	carry := &carryLayer{name: scheduler.Name(name+"-carry", small, []byte(totals.Name())), totals: totals, axis: axis, params: small}
	// The apply step also reads the block's own total, which it does not
	// use, so that it runs after the total, the scanned chunk's other
	// reader: then it may fold the carry into that chunk in place.
	out := blockwise.New(scheduler.Name(name, small, []byte(scanned.Name()), []byte(carry.Name())), g.NumBlocks(), "reductions.scan_apply", small, false,
		blockwise.Input{Layer: scanned, Axes: ident}, blockwise.Input{Layer: carry, Axes: ident}, blockwise.Input{Layer: totals, Axes: ident})
	// What a reduction of the scan reads instead (ScanInput): the input,
	// with carries from the totals of the input's chunks, so that no
	// scanned chunk is ever written.
	last := blockwise.New(scheduler.Name(name+"-chunk-total", parts...), g.NumBlocks(), "reductions.scan_chunk_total", params, false, in.Inputs...)
	lastCarry := &carryLayer{name: scheduler.Name(name+"-carry", small, []byte(last.Name())), totals: last, axis: axis, params: small}
	return &scanLayer{Layer: out, in: Input{Program: prog, Inputs: in.Inputs, Grid: g, Scan: &Scan{Axis: axis, Op: o, Carried: true}, Carry: lastCarry}}, dt, nil
}

// Scan is a scan stage of what a reduction reads (Input.Scan): the
// program's values scanned by Op along Axis within each chunk, where the
// grid has one block along Axis, so that the chunks scanned on their own
// are the scan.
type Scan struct {
	Axis int
	Op   ScanOp
	// Carried: the axis has several blocks, and the chunk step reads each
	// chunk's carry (Input.Carry) after the program's inputs and folds it
	// into the chunk's own scan.
	Carried bool
}

// prod reports whether the scan multiplies.
func (s *Scan) prod() bool { return s.Op.fold() == foldProd }

// scanLayer is a scan: its last step is the result, and it keeps what a
// reduction of it can read instead (see ScanInput).
type scanLayer struct {
	*blockwise.Layer
	in Input
}

// ScanInput returns, when l is a scan (a layer of BuildScan), what a
// reduction op of it can read instead: the scan's own input with the
// scan as its stage, so that the chunk step scans each chunk tile by tile
// as it reduces it, and the scanned chunk is never written. Along an axis
// of several blocks, each chunk's carry folds the totals of the chunks
// before it, reduced off the input (the scan's carries to rounding: a
// float total is summed in float64, not by the scan's running sum). The
// reductions that
// first transform each value (Any, All, CountNonzero, NanSum, NanProd)
// read the scanned chunk.
func ScanInput(l scheduler.Layer, op Op) (Input, bool) {
	s, ok := l.(*scanLayer)
	if !ok || foldProgram(op, s.in.Program) != s.in.Program {
		return Input{}, false
	}
	return s.in, true
}

func identityAxesOf(n int) []int {
	ax := make([]int, n)
	for i := range ax {
		ax[i] = i
	}
	return ax
}

// castProgram returns p with its result cast to dt.
func castProgram(p *blockwise.Program, dt chunk.DType) *blockwise.Program {
	if p.DType() == dt {
		return p
	}
	b, x := blockwise.Extend(p)
	return b.Program(b.Cast(x, dt))
}

// carryLayer holds, for each block, the fold of the totals of the blocks
// before it along the axis: block i reads carry i-1 and total i-1; block
// 0 is the identity.
type carryLayer struct {
	name   string
	totals scheduler.Layer
	axis   int
	params []byte
}

func (l *carryLayer) Name() string              { return l.name }
func (l *carryLayer) Inputs() []scheduler.Layer { return []scheduler.Layer{l.totals} }
func (l *carryLayer) NumBlocks() []int          { return l.totals.NumBlocks() }
func (l *carryLayer) Task(idx []int) scheduler.Task {
	if idx[l.axis] == 0 {
		return scheduler.Task{Kernel: "reductions.scan_identity", Params: l.params}
	}
	prev := append([]int(nil), idx...)
	prev[l.axis]--
	return scheduler.Task{Kernel: "reductions.scan_carry", Params: l.params,
		Inputs: []scheduler.Key{scheduler.NewKey(l.name, prev), scheduler.NewKey(l.totals.Name(), prev)}}
}

// carryLanes sets lane o of dst to lane o of src with carry[o] folded
// into every element (lanes of n contiguous elements) with f: the apply
// step of a scan along the last axis.
func carryLanes[T float64 | float32 | int64 | uint64 | complex64 | complex128](dst, src, carry []T, n int, f fold) {
	for o, c := range carry {
		d, s := dst[o*n:(o+1)*n], src[o*n:(o+1)*n]
		if f == foldProd {
			for i := range d {
				d[i] = s[i] * c
			}
			continue
		}
		for i := range d {
			d[i] = s[i] + c
		}
	}
}

// sliceAt returns s[at:] of a typed slice.
func sliceAt(s any, at int) any {
	switch v := s.(type) {
	case []float64:
		return v[at:]
	case []float32:
		return v[at:]
	case []int64:
		return v[at:]
	case []uint64:
		return v[at:]
	case []complex64:
		return v[at:]
	case []complex128:
		return v[at:]
	}
	panic(fmt.Sprintf("reductions: scan over %T", s))
}

// lastSlice returns the last slice of d along axis (keepdims), or the
// identity of f when the axis is empty.
func lastSlice(d *chunk.Dense, axis int, f fold) *chunk.Dense {
	shape := d.Shape()
	ts := append([]int(nil), shape...)
	ts[axis] = 1
	if shape[axis] == 0 {
		out := chunk.NewDense(d.DType(), ts)
		fillIdentity(f, out)
		return out
	}
	lo := make([]int, len(shape))
	lo[axis] = shape[axis] - 1
	return d.Region(chunk.Box{Min: lo, Max: shape})
}

func decodeScan(b []byte) (*scanParams, chunk.Grid, error) {
	var p scanParams
	if err := scheduler.DecodeParams(b, &p); err != nil {
		return nil, chunk.Grid{}, err
	}
	g, err := chunk.NewGrid(p.Chunks)
	if err != nil {
		return nil, chunk.Grid{}, err
	}
	if p.Axis < 0 || p.Axis >= g.NDim() {
		return nil, chunk.Grid{}, fmt.Errorf("reductions: scan axis %d of %d", p.Axis, g.NDim())
	}
	return &p, g, nil
}

func init() {
	registerScanOfProgram("reductions.scan_chunk", scanChunk)
	registerScanOfProgram("reductions.scan_chunk_total", chunkTotal)
	scheduler.RegisterBorrowing("reductions.scan_total", func(b []byte) (scheduler.Func, error) {
		p, _, err := decodeScan(b)
		if err != nil {
			return nil, err
		}
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			return lastSlice(ds[0], p.Axis, p.Op.fold()), nil
		}, nil
	})
	scheduler.RegisterBorrowing("reductions.scan_identity", func(b []byte) (scheduler.Func, error) {
		p, g, err := decodeScan(b)
		if err != nil {
			return nil, err
		}
		return func(block []int, _ []any) (any, error) {
			s := append([]int(nil), g.BlockShape(block)...)
			s[p.Axis] = 1
			d := chunk.NewDense(p.DType, s)
			fillIdentity(p.Op.fold(), d)
			return d, nil
		}, nil
	})
	scheduler.RegisterBorrowing("reductions.scan_carry", func(b []byte) (scheduler.Func, error) {
		p, _, err := decodeScan(b)
		if err != nil {
			return nil, err
		}
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			return combine(p.Op.fold(), ds)
		}, nil
	})
	scheduler.RegisterConsuming("reductions.scan_apply", func(b []byte) (scheduler.ConsumingFunc, error) {
		p, _, err := decodeScan(b)
		if err != nil {
			return nil, err
		}
		return func(block []int, in []any, own bool) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			out := ds[0]
			switch {
			case own && block[p.Axis] == 0:
				return out, nil
			case block[p.Axis] == 0:
				return out.Clone(), nil // a fresh chunk: the kernel borrows its inputs
			case !own:
				out = chunk.NewPooledDense(out.DType(), out.Shape()) // every element written
			}
			if err := withCarry(out, ds[0], ds[1], p.Axis, p.Op.fold()); err != nil {
				return nil, err
			}
			return out, nil
		}, nil
	})
}

// withCarry sets out (in's shape and dtype, or in itself) to in with
// carry (in's shape with axis of length 1) folded into every slice along
// axis with f. It copies and folds one lane (along the last axis) or one
// row of the slices at a time, so that each is folded while it is still
// in cache.
func withCarry(out, in, carry *chunk.Dense, axis int, f fold) error {
	shape := in.Shape()
	n := shape[axis]
	inner := chunk.Prod(shape[axis+1:])
	outer := chunk.Prod(shape[:axis])
	data, src, c := out.Data(), in.Data(), carry.Data()
	if inner == 1 {
		switch v := data.(type) {
		case []float64:
			carryLanes(v, src.([]float64), c.([]float64), n, f)
		case []float32:
			carryLanes(v, src.([]float32), c.([]float32), n, f)
		case []int64:
			carryLanes(v, src.([]int64), c.([]int64), n, f)
		case []uint64:
			carryLanes(v, src.([]uint64), c.([]uint64), n, f)
		case []complex64:
			carryLanes(v, src.([]complex64), c.([]complex64), n, f)
		case []complex128:
			carryLanes(v, src.([]complex128), c.([]complex128), n, f)
		default:
			return fmt.Errorf("reductions: scan over %T", data)
		}
		return nil
	}
	ob, ib, es := out.Bytes(), in.Bytes(), in.DType().Size()
	for o := 0; o < outer; o++ {
		for j := 0; j < n; j++ {
			at := (o*n + j) * inner
			if out != in {
				copy(ob[at*es:(at+inner)*es], ib[at*es:(at+inner)*es])
			}
			accumulateRow(f, data, at, sliceAt(c, o*inner), 0, inner)
		}
	}
	return nil
}

// registerScanOfProgram registers the borrowing kernel name of a scan
// step that evaluates the scan's program over each chunk: f gets the
// decoded parameters, the chunk's frame and its inputs.
func registerScanOfProgram(name string, f func(p *scanParams, fr blockwise.Frame, ds []*chunk.Dense) (*chunk.Dense, error)) {
	scheduler.RegisterBorrowing(name, func(b []byte) (scheduler.Func, error) {
		p, g, err := decodeScan(b)
		if err != nil {
			return nil, err
		}
		if p.Program == nil {
			return nil, fmt.Errorf("reductions: scan without a program")
		}
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			return f(p, blockwise.FrameOf(g, block), ds)
		}, nil
	})
}

// scanChunk returns the chunk that p.Program makes of ds in frame f,
// scanned along p.Axis on its own.
func scanChunk(p *scanParams, f blockwise.Frame, ds []*chunk.Dense) (*chunk.Dense, error) {
	ev, err := blockwise.NewEvaluator(p.Program, f, ds)
	if err != nil {
		return nil, err
	}
	defer ev.Release()
	if err := ev.ScanAlong(p.Axis, p.Op.fold() == foldProd, nil); err != nil {
		return nil, err
	}
	d := chunk.NewPooledDense(p.DType, f.Shape) // EvalTo writes every element
	if err := ev.EvalTo(d); err != nil {
		d.Recycle()
		return nil, err
	}
	return d, nil
}

// chunkTotal returns the fold (sum or product) along p.Axis (keepdims)
// of the chunk that p.Program makes of ds in frame f: what the chunk's
// scan ends with, as scan_total reads it off a scanned chunk, but folded
// by the reduction kernels (floats in float64, compensated) without a
// scan's chain of dependent steps.
func chunkTotal(p *scanParams, f blockwise.Frame, ds []*chunk.Dense) (*chunk.Dense, error) {
	ev, err := blockwise.NewEvaluator(p.Program, f, ds)
	if err != nil {
		return nil, err
	}
	defer ev.Release()
	reduced := make([]bool, len(f.Shape))
	reduced[p.Axis] = true
	op := Sum
	if p.Op.fold() == foldProd {
		op = Prod
	}
	t, err := reduceChunk(ev, f.Shape, reduced, p.Op.fold(), op.AccDType(p.DType))
	if err != nil || t.DType() == p.DType {
		return t, err
	}
	defer t.Recycle()
	return t.AsType(p.DType), nil
}
