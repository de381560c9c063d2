package blockwise

import (
	"cmp"
	"fmt"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Input is one argument of a blockwise layer: a layer, and for each of
// its axes the output axis whose block index it follows, or -1 for an axis
// of a single block (a broadcast axis). This is Dask's index notation:
// output "ij" with an input "ji" is Axes {1, 0}.
type Input struct {
	Layer scheduler.Layer
	Axes  []int
	// Blocks, when not nil, refines Axes: along input axis i with a
	// non-nil Blocks[i], output block b reads input block Blocks[i][b],
	// of which the output block is a window (the output's chunks cut the
	// input's finer there; Program.Bounds places the window).
	Blocks [][]int
}

// BlockOf returns the block of the input that output block idx reads,
// in buf's storage.
func (in Input) BlockOf(idx, buf []int) []int {
	buf = buf[:0]
	for i, a := range in.Axes {
		switch {
		case a < 0:
			buf = append(buf, 0)
		case in.Blocks != nil && in.Blocks[i] != nil:
			buf = append(buf, in.Blocks[i][idx[a]])
		default:
			buf = append(buf, idx[a])
		}
	}
	return buf
}

// Layer is a blockwise layer: output block idx is computed by one task
// that reads, from each input, the block its Axes select. It is a rule,
// not a map: Task builds a block's task on demand.
type Layer struct {
	name      string
	numBlocks []int
	kernel    string
	params    []byte
	inputs    []Input
	inline    bool
	op        string // what the layer does, for pictures (Labelled)
}

// New returns a blockwise layer. name must be deterministic (see
// scheduler.Name); inline marks cheap tasks that may be fused into their
// consumer.
func New(name string, numBlocks []int, kernel string, params []byte, inline bool, inputs ...Input) *Layer {
	return &Layer{name: name, numBlocks: numBlocks, kernel: kernel, params: params, inputs: inputs, inline: inline}
}

// Labelled sets what the layer does, for a person reading a picture of
// the graph (Operation), and returns l.
func (l *Layer) Labelled(op string) *Layer {
	l.op = op
	return l
}

// Operation says what the layer does ("" unless Labelled).
func (l *Layer) Operation() string { return l.op }

// Name implements scheduler.Layer.
func (l *Layer) Name() string { return l.name }

// NumBlocks implements scheduler.Layer.
func (l *Layer) NumBlocks() []int { return l.numBlocks }

// Inputs implements scheduler.Layer.
func (l *Layer) Inputs() []scheduler.Layer {
	ls := make([]scheduler.Layer, len(l.inputs))
	for i, in := range l.inputs {
		ls[i] = in.Layer
	}
	return ls
}

// Task implements scheduler.Layer.
func (l *Layer) Task(idx []int) scheduler.Task {
	keys := make([]scheduler.Key, len(l.inputs))
	var buf [8]int
	for i, in := range l.inputs {
		keys[i] = scheduler.NewKey(in.Layer.Name(), in.BlockOf(idx, buf[:0]))
	}
	// With no inputs the task generates its block (constants, ranges,
	// random numbers): cheaper to run again than to spill.
	return scheduler.Task{Kernel: l.kernel, Params: l.params, Inputs: keys, Inline: l.inline, Recompute: len(keys) == 0}
}

// ExprParams are the parameters of the "blockwise.expr" kernel: a
// program and the chunks of its output, so that each task knows where its
// block lies.
type ExprParams struct {
	Program *Program
	Chunks  [][]int
}

// ExprLayer returns the layer that evaluates p blockwise over the given
// inputs into chunks of grid g. Its tasks are inline: a consumer fuses
// them and, if it understands programs (reductions do), evaluates them
// tile by tile without a chunk-sized result.
func ExprLayer(p *Program, g chunk.Grid, inputs []Input) *Layer {
	return exprLayer("blockwise.expr", "", p, g, inputs)
}

// ExprLayerShapedByInput is ExprLayer over inputs whose chunk sizes are
// not known until computed (the selection of a boolean mask): each task's
// frame has the shape of its first input chunk, so p must not read
// element positions.
func ExprLayerShapedByInput(p *Program, g chunk.Grid, inputs []Input) *Layer {
	return exprLayer("blockwise.expr_shaped_by_input", "shaped-", p, g, inputs)
}

func exprLayer(kernel, prefix string, p *Program, g chunk.Grid, inputs []Input) *Layer {
	params := scheduler.EncodeParams(ExprParams{Program: p, Chunks: g.Chunks()})
	parts := [][]byte{params}
	for _, in := range inputs {
		ax := scheduler.EncodeParams(in.Axes)
		parts = append(parts, []byte(in.Layer.Name()), ax)
		if in.Blocks != nil {
			parts = append(parts, scheduler.EncodeParams(in.Blocks))
		}
	}
	return New(scheduler.Name(prefix+exprOpName(p), parts...), g.NumBlocks(), kernel, params, true, inputs...).Labelled(cmp.Or(p.Operations(), exprOpName(p)))
}

// exprOpName names an expression layer after its last operation, as Dask
// names layers "add-…", "sum-…".
func exprOpName(p *Program) string {
	op := p.Instrs[len(p.Instrs)-1].Op
	switch op {
	case OpInput:
		return "identity"
	case OpConst:
		return "full"
	case OpRandom, OpNormal, OpRandInt:
		return "random_" + op.String()
	}
	return op.String()
}

// DecodeExprParams parses and checks the parameters of an expression
// kernel.
func DecodeExprParams(b []byte) (*ExprParams, chunk.Grid, error) {
	var ep ExprParams
	if err := scheduler.DecodeParams(b, &ep); err != nil {
		return nil, chunk.Grid{}, fmt.Errorf("blockwise: bad expression parameters: %w", err)
	}
	if ep.Program == nil {
		return nil, chunk.Grid{}, fmt.Errorf("blockwise: expression parameters without a program")
	}
	if err := ep.Program.check(); err != nil {
		return nil, chunk.Grid{}, err
	}
	g, err := chunk.NewGrid(ep.Chunks)
	return &ep, g, err
}

// Denses converts task inputs to chunk buffers, or returns an error naming
// the first that is not one.
func Denses(in []any) ([]*chunk.Dense, error) {
	ds := make([]*chunk.Dense, len(in))
	for i, v := range in {
		d, ok := v.(*chunk.Dense)
		if !ok {
			return nil, fmt.Errorf("blockwise: input %d is a %T, not a chunk", i, v)
		}
		ds[i] = d
	}
	return ds, nil
}

func init() {
	registerExpr("blockwise.expr", false)
	registerExpr("blockwise.expr_shaped_by_input", true)
}

// registerExpr registers an expression kernel that evaluates its program
// in each task's frame (see FrameOfInput).
func registerExpr(name string, shapeFromInput bool) {
	scheduler.RegisterBorrowing(name, func(params []byte) (scheduler.Func, error) {
		ep, g, err := DecodeExprParams(params)
		if err != nil {
			return nil, err
		}
		return func(block []int, in []any) (any, error) {
			ds, err := Denses(in)
			if err != nil {
				return nil, err
			}
			return Eval(ep.Program, FrameOfInput(g, block, ds, shapeFromInput), ds)
		}, nil
	})
}
