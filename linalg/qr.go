package linalg

import (
	"fmt"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// QR returns the reduced QR factorization of the m×n matrix a: Q (m×k,
// orthonormal columns) and R (k×n, upper triangular), k = min(m, n),
// with a = Q·R, as NumPy's qr(a, mode="reduced"). R's diagonal is
// non-negative (NumPy keeps LAPACK's signs, which may flip a row of R
// and the column of Q that goes with it), which makes Q and R unique for
// a matrix of full rank.
//
// Which algorithm runs depends on a's chunks; it is the one whose
// largest task is the smallest:
//   - TSQR, for a tall matrix whose row chunks are about as high as it is
//     wide (tall-and-skinny): a is rechunked to one column of blocks each
//     at least n rows high, each block is factored, the stacked R
//     factors are factored again in one task, and Q's blocks are the
//     local Q's times their slice of that second Q — Q keeps a's row
//     chunks (merged where shorter than n).
//   - For a wide matrix whose column chunks are about as wide as it is
//     high: Q is the QR of a first block at least m wide and R = Qᵀ·a,
//     blockwise.
//   - Otherwise (square matrices, or chunks small beside both sides),
//     by column strips, LAPACK's blocked Householder QR with each block
//     column a task: a task holds at most two strips of
//     m rows by one tile, so the matrix never sits in one chunk; Q has
//     a's row chunks, R's tiles are the strips' widths. A strip over
//     MaxChunkBytes gives a "not supported" error.
//
// A non-2-d, boolean or unknown-shape a gives arrays carrying the error;
// NaN or Inf entries fail Compute. Results are float32 for a float32 a,
// float64 otherwise.
func QR(a *array.Array) (q, r *array.Array) {
	x, err := float64Matrix("qr", a)
	if err != nil {
		return errArray(err), errArray(err)
	}
	q, r = qr64(x)
	dt := resultType(a.DType())
	return q.AsType(dt), r.AsType(dt)
}

// qr64 is QR of a float64 matrix, results float64.
func qr64(x *array.Array) (q, r *array.Array) {
	m, n := x.Shape()[0], x.Shape()[1]
	k := min(m, n)
	if k == 0 {
		return array.Zeros([]int{m, k}, chunk.Float64, nil), array.Zeros([]int{k, n}, chunk.Float64, nil)
	}
	switch {
	case stripsCheaper(x):
		f, err := qrStripsOf(x)
		if err != nil {
			return errArray(err), errArray(err)
		}
		return f.q(), f.r()
	case m < n:
		return sfqr(x)
	}
	return tsqr(x)
}

// tsqrOp names the operations whose first step is a QR of a's blocks,
// for errors (NumPy's svd raises LinAlgError on NaN or Inf; the QR of
// this package does too, as a factor of NaNs is of no use).
const tsqrOp = "qr, svd or lstsq"

type tsqrParams struct {
	N, Block, Blocks int
	Rows             []int // the row blocks
}

// tsqrGraph is the graph of a TSQR: local factors per row block, then
// the stacked R factors factored in one task.
type tsqrGraph struct {
	rows          []int // row chunks
	n             int
	p             []byte // tsqrParams
	local, reduce scheduler.Layer
}

// newTSQR builds the TSQR of the tall float64 x (m ≥ n ≥ 1).
func newTSQR(x *array.Array) (*tsqrGraph, error) {
	n := x.Shape()[1]
	rows := chunk.MergeSmall(x.Chunks()[0], n)
	x = x.Rechunk(chunk.Spec{chunk.Sizes(rows...), chunk.Whole()})
	if x.Err() != nil {
		return nil, x.Err()
	}
	nb := len(rows)
	in := x.Layer()
	p := scheduler.EncodeParams(tsqrParams{N: n, Blocks: nb, Rows: rows})
	local := newLayer("tsqr-local", "linalg.qr_local", p, []int{nb, 1}, []scheduler.Layer{in},
		func(idx []int) []scheduler.Key { return []scheduler.Key{key(in, idx...)} })
	reduce := newLayer("tsqr-reduce", "linalg.qr_reduce", p, []int{1, 1}, []scheduler.Layer{local},
		func([]int) []scheduler.Key {
			keys := make([]scheduler.Key, nb)
			for i := range keys {
				keys[i] = key(local, i, 0)
			}
			return keys
		})
	return &tsqrGraph{rows: rows, n: n, p: p, local: local, reduce: reduce}, nil
}

// left returns the m×n array whose block i is the local Q of block i
// times rows i·n … (i+1)·n of the one chunk of right (the second Q, or
// that times more). The local Q is kept as qrTall leaves it, panels' Q
// and their second factor, so each block is one GEMM of its size.
func (t *tsqrGraph) left(op string, right scheduler.Layer) *array.Array {
	l := newLayer(op, "linalg.qr_q", t.p, []int{len(t.rows), 1}, []scheduler.Layer{t.local, right},
		func(idx []int) []scheduler.Key { return []scheduler.Key{key(t.local, idx...), key(right, 0, 0)} })
	g, _ := chunk.NewGrid([][]int{t.rows, {t.n}})
	return array.FromLayer(l, g, chunk.Float64)
}

// part returns rows lo … hi of the one chunk of l, n wide.
func (t *tsqrGraph) part(op string, l scheduler.Layer, lo, hi int) *array.Array {
	pl := rowsLayer(op, l, lo, hi, false)
	g, _ := chunk.NewGrid([][]int{{hi - lo}, {t.n}})
	return array.FromLayer(pl, g, chunk.Float64)
}

// tsqr factors the tall float64 x (m ≥ n ≥ 1).
func tsqr(x *array.Array) (q, r *array.Array) {
	t, err := newTSQR(x)
	if err != nil {
		return errArray(err), errArray(err)
	}
	nb, n := len(t.rows), t.n
	return t.left("tsqr-q", t.reduce), t.part("tsqr-r", t.reduce, nb*n, nb*n+n)
}

// tsvd is the SVD of the tall float64 x (m ≥ n ≥ 1) through TSQR: the
// SVD of R gives Ur, S and Vh in one task, which also forms Q₂·Ur, so
// that U's blocks are each one product of the local Q with its slice.
func tsvd(x *array.Array) (u, s, vh *array.Array) {
	t, err := newTSQR(x)
	if err != nil {
		return errArray(err), errArray(err), errArray(err)
	}
	nb, n := len(t.rows), t.n
	small := newLayer("tsqr-svd", "linalg.tsqr_svd", t.p, []int{1, 1}, []scheduler.Layer{t.reduce},
		func([]int) []scheduler.Key { return []scheduler.Key{key(t.reduce, 0, 0)} })
	return t.left("tsqr-u", small), t.part("tsqr-s", small, nb*n+n, nb*n+n+1).Reshape(n), t.part("tsqr-vh", small, nb*n, nb*n+n)
}

// sfqr factors the wide float64 x (1 ≤ m < n).
func sfqr(x *array.Array) (q, r *array.Array) {
	m := x.Shape()[0]
	cols := x.Chunks()[1]
	// Merge only what the first block needs; keep the other chunks.
	acc, i := 0, 0
	for ; i < len(cols) && acc < m; i++ {
		acc += cols[i]
	}
	cols = append([]int{acc}, cols[i:]...)
	x = x.Rechunk(chunk.Spec{chunk.Whole(), chunk.Sizes(cols...)})
	if x.Err() != nil {
		return x, x
	}
	in := x.Layer()
	ql := newLayer("sfqr-q", "linalg.qr_first", nil, []int{1, 1}, []scheduler.Layer{in},
		func([]int) []scheduler.Key { return []scheduler.Key{key(in, 0, 0)} })
	qg, _ := chunk.NewGrid([][]int{{m}, {m}})
	q = array.FromLayer(ql, qg, chunk.Float64)
	return q, tmul(q, checked(tsqrOp, x))
}

// checked returns x, each of its chunks checked for NaN or Inf first
// (failing the task that reads it with op's error).
func checked(op string, x *array.Array) *array.Array {
	in := x.Layer()
	l := newLayer("checked", "linalg.finite", scheduler.EncodeParams(op), in.NumBlocks(), []scheduler.Layer{in},
		func(idx []int) []scheduler.Key { return []scheduler.Key{key(in, idx...)} })
	g, _ := chunk.NewGrid(x.Chunks())
	return array.FromLayer(l, g, chunk.Float64)
}

func init() {
	scheduler.RegisterTyped("linalg.finite", func(op string) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			ms, err := mats(in)
			if err != nil {
				return nil, err
			}
			if err := finite(op, ms[0], true, false); err != nil {
				return nil, err
			}
			return in[0], nil
		}, nil
	})
	scheduler.RegisterTypedBorrowing("linalg.qr_local", func(p tsqrParams) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			ms, err := mats(in)
			if err != nil {
				return nil, err
			}
			// One buffer, [Q's panels; S; R] (see qrTall): a is copied to
			// the top and factored there.
			a := ms[0]
			if err := finite(tsqrOp, a, true, false); err != nil {
				return nil, err
			}
			m, n := a.Rows, a.Cols
			if m < n || n != p.N {
				return nil, fmt.Errorf("linalg: tsqr: a %d×%d block; want at least %d rows of %d", m, n, p.N, p.N)
			}
			_, np := tallPanels(m, n)
			if np == 1 {
				np = 0 // no S
			}
			rows := m + np*n + n
			d := chunk.NewPooledDense(chunk.Float64, []int{rows, n})
			w := blas64.General{Rows: rows, Cols: n, Stride: n, Data: chunk.Values[float64](d)}
			copy(w.Data, a.Data[:m*n])
			qrTall(rowsOf(w, 0, m), rowsOf(w, rows-n, rows), rowsOf(w, m, rows-n))
			return d, nil
		}, nil
	})
	scheduler.RegisterTypedBorrowing("linalg.qr_reduce", func(p tsqrParams) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			ms, err := mats(in)
			if err != nil {
				return nil, err
			}
			parts := make([]blas64.General, len(ms))
			for i, m := range ms {
				parts[i] = rowsOf(m, m.Rows-p.N, m.Rows)
			}
			q, r := qrMat(stackMats(parts...))
			return stack(q, r), nil
		}, nil
	})
	// A block of Q (or of Q times more) is written over its local factor
	// when this task is the factor's last reader, as it is in a TSQR: the
	// local factors are the largest values of the graph, and a fresh
	// block for each would add to them while Q fills.
	scheduler.RegisterConsuming("linalg.qr_q", func(b []byte) (scheduler.ConsumingFunc, error) {
		var p tsqrParams
		if err := scheduler.DecodeParams(b, &p); err != nil {
			return nil, err
		}
		return func(block []int, in []any, own bool) (any, error) {
			ms, err := mats(in)
			if err != nil {
				return nil, err
			}
			local, red := ms[0], ms[1]
			i := block[0]
			if red.Rows < p.Blocks*p.N || i >= p.Blocks || i >= len(p.Rows) || local.Rows < p.Rows[i]+p.N {
				return nil, fmt.Errorf("linalg: tsqr: right factor of %d rows for %d blocks of width %d", red.Rows, p.Blocks, p.N)
			}
			m := p.Rows[i]
			q, s, x := rowsOf(local, 0, m), rowsOf(local, m, local.Rows-p.N), rowsOf(red, i*p.N, (i+1)*p.N)
			if own && s.Rows > 0 { // mulPanels may write over q when there is an S
				mulPanels(q, s, x, q)
				d := in[0].(*chunk.Dense)
				v := d.View(0, []int{m, p.N})
				d.HandOver(v)
				return v, nil
			}
			d := chunk.NewPooledDense(chunk.Float64, []int{m, p.N})
			c := blas64.General{Rows: m, Cols: p.N, Stride: p.N, Data: chunk.Values[float64](d)}
			mulPanels(q, s, x, c)
			return d, nil
		}, nil
	})
	scheduler.RegisterTyped("linalg.tsqr_svd", func(p tsqrParams) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			ms, err := mats(in)
			if err != nil {
				return nil, err
			}
			red, k := ms[0], p.Blocks*p.N
			if red.Rows != k+p.N {
				return nil, fmt.Errorf("linalg: tsqr: reduced factor of %d rows for %d blocks of width %d", red.Rows, p.Blocks, p.N)
			}
			ur, sv, vt, err := svdMat(rowsOf(red, k, k+p.N))
			if err != nil {
				return nil, err
			}
			// [Q₂·Ur; Vh; S]
			out := newMat(k+p.N+1, p.N)
			blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, rowsOf(red, 0, k), ur, 0, rowsOf(out, 0, k))
			copy(out.Data[k*p.N:], vt.Data)
			copy(out.Data[(k+p.N)*p.N:], sv)
			return denseOf(out), nil
		}, nil
	})
	scheduler.RegisterFunc("linalg.qr_first", func(_ []int, in []any) (any, error) {
		ms, err := mats(in)
		if err != nil {
			return nil, err
		}
		if err := finite(tsqrOp, ms[0], true, false); err != nil {
			return nil, err
		}
		m := ms[0].Rows
		q, _ := qrMat(blas64.General{Rows: m, Cols: m, Stride: ms[0].Stride, Data: ms[0].Data})
		return denseOf(q), nil
	})
}

// stackMats returns the matrices, of one width, stacked vertically.
func stackMats(ms ...blas64.General) blas64.General {
	rows := 0
	for _, m := range ms {
		rows += m.Rows
	}
	out := newMat(rows, ms[0].Cols)
	at := 0
	for _, m := range ms {
		for i := range m.Rows {
			copy(out.Data[(at+i)*out.Stride:(at+i)*out.Stride+m.Cols], m.Data[i*m.Stride:i*m.Stride+m.Cols])
		}
		at += m.Rows
	}
	return out
}

// stack returns the matrices stacked vertically as a chunk.
func stack(ms ...blas64.General) *chunk.Dense { return denseOf(stackMats(ms...)) }
