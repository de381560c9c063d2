package linalg

import (
	"fmt"
	"math"
	"slices"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/vec"
	"github.com/chunkwise/chunkwise/scheduler"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// Tiled algorithms: a square matrix is split into tiles, block (i, j)
// rows tiles[i] by columns tiles[j], and each tile of the result is one
// task that reads the tiles it depends on — no task holds more than a
// few tiles, whatever the matrix's size (Dask's cholesky and
// solve_triangular, which need square chunks; here the matrix is
// rechunked to them when its chunks are not).

// tiles returns the tile sizes for the columns of the 2-d x (and its
// rows when square): its column chunks when its row chunks are the
// same, else regular tiles of about the area of its largest chunk.
func tiles(x *array.Array) []int {
	cs := x.Chunks()
	if slices.Equal(cs[0], cs[1]) {
		return cs[1]
	}
	n := x.Shape()[1]
	t := int(math.Round(math.Sqrt(float64(slices.Max(cs[0])) * float64(slices.Max(cs[1])))))
	t = min(max(t, 1), n)
	var out []int
	for at := 0; at < n; at += t {
		out = append(out, min(t, n-at))
	}
	return out
}

// tiled returns x rechunked to rows and cols.
func tiled(x *array.Array, rows, cols []int) *array.Array {
	return x.Rechunk(chunk.Spec{chunk.Sizes(rows...), chunk.Sizes(cols...)})
}

// offsets returns the start of each tile.
func offsets(ts []int) []int {
	off := make([]int, len(ts))
	for i := 1; i < len(ts); i++ {
		off[i] = off[i-1] + ts[i-1]
	}
	return off
}

type tileParams struct {
	Row, Col int  // the tile's place (which also tells tiles' layers apart)
	Diag     bool // a diagonal tile
	Off      int  // the first row of the tile, for errors
	Lower    bool // for solves: the matrix is lower triangular
	Unit     bool // for solves: with a unit diagonal
	Trans    bool // for solves: solve with the matrix's transpose
	Input    bool // for Cholesky: the first input is a's tile (checked for NaN and Inf)
	Update   bool // for Cholesky: apply the updates only, neither factor nor solve
}

// blockOf returns the array whose tiles are those of the one-block
// layers ls (nil for a zero tile), rows by cols.
func blockOf(ls [][]scheduler.Layer, rows, cols []int) *array.Array {
	var in []scheduler.Layer
	keys := make([][]scheduler.Key, len(ls))
	for i, row := range ls {
		keys[i] = make([]scheduler.Key, len(row))
		for j, l := range row {
			if l != nil {
				in, keys[i][j] = append(in, l), key(l, 0, 0)
			}
		}
	}
	return tileArray(in, keys, rows, cols)
}

// layerGrid returns rows×cols nil layers, for blockOf.
func layerGrid(rows, cols int) [][]scheduler.Layer {
	g := make([][]scheduler.Layer, rows)
	for i := range g {
		g[i] = make([]scheduler.Layer, cols)
	}
	return g
}

// single returns the one-block layer running kernel on the one block of
// each of in.
func single(op, kernel string, params []byte, in ...scheduler.Layer) scheduler.Layer {
	keys := make([]scheduler.Key, len(in))
	for i, l := range in {
		keys[i] = key(l, 0, 0)
	}
	return newLayer(op, kernel, params, []int{1, 1}, in, keysOf(keys...))
}

// tileLayer returns the one-block layer running kernel on keys, which
// belong to layers in.
func tileLayer(op, kernel string, p tileParams, in []scheduler.Layer, keys []scheduler.Key) scheduler.Layer {
	return newLayer(op, kernel, scheduler.EncodeParams(p), []int{1, 1}, in, func([]int) []scheduler.Key { return keys })
}

// choleskyTiled returns the lower Cholesky factor of the square float64
// x (n ≥ 1) in tiles: L[i][j] = A[i][j] − Σ_{p<j} L[i][p]·L[j][p]ᵀ, then
// on the diagonal its Cholesky factor and below it that times
// L[j][j]⁻ᵀ; tiles above the diagonal are zero. The updates of columns
// p < j−1 are a task of their own, which runs while column j−1 is being
// factored; the tile's last task applies column j−1's and factors or
// solves, so the chain from one diagonal tile to the next is short (one
// solve, one update and one factor) and both cores find work.
func choleskyTiled(x *array.Array) *array.Array {
	ts := tiles(x)
	x = tiled(x, ts, ts)
	if err := x.Err(); err != nil {
		return errArray(err)
	}
	in, nt, off := x.Layer(), len(ts), offsets(ts)
	l := layerGrid(nt, nt)
	for j := range nt {
		for i := j; i < nt; i++ {
			p := tileParams{Row: i, Col: j, Diag: i == j, Off: off[j], Input: true}
			layers, keys := []scheduler.Layer{in}, []scheduler.Key{key(in, i, j)}
			use := func(p int) { // column p's update: L[i][p]·L[j][p]ᵀ
				layers, keys = append(layers, l[i][p]), append(keys, key(l[i][p], 0, 0))
				if i != j {
					layers, keys = append(layers, l[j][p]), append(keys, key(l[j][p], 0, 0))
				}
			}
			if j >= 2 {
				for p := range j - 1 {
					use(p)
				}
				up := p
				up.Update = true
				u := tileLayer("cholesky", "linalg.chol_tile", up, layers, keys)
				p.Input = false
				layers, keys = []scheduler.Layer{u}, []scheduler.Key{key(u, 0, 0)}
			}
			if j >= 1 {
				use(j - 1)
			}
			if i != j {
				layers, keys = append(layers, l[j][j]), append(keys, key(l[j][j], 0, 0))
			}
			l[i][j] = tileLayer("cholesky", "linalg.chol_tile", p, layers, keys)
		}
	}
	return blockOf(l, ts, ts)
}

// solveTriangularTiled solves op(a)·x = b for the square float64 a (n ≥
// 1, triangular as tri says; op(a) = aᵀ when Transposed) and the n×k
// float64 b by tiles: X[i] = op(A)[i][i]⁻¹·(B[i] − Σ op(A)[i][p]·X[p]),
// p < i for a lower op(a) (p > i for an upper one), each column chunk of
// b apart; op(A)[i][p] is A[p][i] read transposed. Each tile's task
// lists the solutions before it nearest first, so the executor's
// depth-first order reaches the tiles of a's diagonal first: when a is a
// Cholesky factor in the same graph, the chain of diagonal factors (its
// critical path) runs first and the other tiles fill in around it.
func solveTriangularTiled(a, b *array.Array, tri Triangle) *array.Array {
	lower, unit, tr := tri&Lower != 0, tri&UnitDiagonal != 0, tri&Transposed != 0
	ts := tiles(a)
	a = tiled(a, ts, ts)
	b = b.Rechunk(chunk.Spec{chunk.Sizes(ts...), chunk.Sizes(b.Chunks()[1]...)})
	if err := firstErr(a, b); err != nil {
		return errArray(err)
	}
	ain, bin, nt, off := a.Layer(), b.Layer(), len(ts), offsets(ts)
	nc := len(b.Chunks()[1])
	xs := make([]scheduler.Layer, nt)
	order := make([]int, nt)
	for i := range order {
		order[i] = i
		if lower == tr { // op(a) is upper triangular
			order[i] = nt - 1 - i
		}
	}
	for step, i := range order {
		layers := []scheduler.Layer{ain, bin}
		prev := order[:step]
		for _, p := range prev {
			layers = append(layers, xs[p])
		}
		p := scheduler.EncodeParams(tileParams{Row: i, Diag: true, Off: off[i], Lower: lower, Unit: unit, Trans: tr})
		xs[i] = newLayer("solve_triangular", "linalg.tri_tile", p, []int{1, nc}, layers, func(idx []int) []scheduler.Key {
			c := idx[1]
			keys := []scheduler.Key{key(ain, i, i), key(bin, i, c)}
			for _, p := range slices.Backward(prev) {
				ap := key(ain, i, p)
				if tr {
					ap = key(ain, p, i)
				}
				keys = append(keys, ap, key(xs[p], 0, c))
			}
			return keys
		})
	}
	keys := make([][]scheduler.Key, nt)
	for i, l := range xs {
		keys[i] = make([]scheduler.Key, nc)
		for c := range nc {
			keys[i][c] = key(l, 0, c)
		}
	}
	return tileArray(xs, keys, ts, b.Chunks()[1])
}

func firstErr(xs ...*array.Array) error {
	for _, x := range xs {
		if err := x.Err(); err != nil {
			return err
		}
	}
	return nil
}

// finite checks that the triangle (lower or upper, or the whole matrix
// when whole) of m holds no NaN or Inf.
func finite(op string, m blas64.General, whole, lower bool) error {
	if whole && m.Stride == m.Cols {
		if allFinite(m.Data[:m.Rows*m.Cols]) {
			return nil
		}
		return fmt.Errorf("linalg: %s: NaN or Inf in the input", op)
	}
	for i := range m.Rows {
		lo, hi := 0, m.Cols
		if !whole && lower {
			hi = min(i+1, m.Cols)
		} else if !whole {
			lo = min(i, m.Cols)
		}
		if !allFinite(m.Data[i*m.Stride+lo : i*m.Stride+hi]) {
			return fmt.Errorf("linalg: %s: NaN or Inf in the input", op)
		}
	}
	return nil
}

// allFinite reports whether v holds no NaN and no ±Inf. One pass
// usually decides: a finite sum means every value is finite (a NaN or an
// Inf makes the sum NaN or infinite). An infinite sum may also come
// from large finite values, so then the extremes decide: the maximum is
// neither NaN nor +Inf and the minimum not -Inf.
func allFinite(v []float64) bool {
	if len(v) == 0 {
		return true
	}
	if s := vec.Sum(v); !math.IsNaN(s) && !math.IsInf(s, 0) {
		return true
	}
	mx := vec.MaxFloat64(v)
	return !math.IsNaN(mx) && !math.IsInf(mx, 1) && !math.IsInf(vec.MinFloat64(v), -1)
}

// checkedRows is the number of a tile's rows subtractChecked checks and
// then uses while they are in the cache (64 rows of 1000: 512 KiB).
const checkedRows = 64

// subtractChecked sets s −= op(a)·x, op(a) = aᵀ when tr, and checks a
// for NaN and Inf as it goes: checkedRows rows of a, then their part of
// the product, so that a tile larger than the cache is read from memory
// once rather than twice. On an error s is partly updated.
func subtractChecked(s, a, x blas64.General, tr bool) error {
	for r := 0; r < a.Rows; r += checkedRows {
		n := min(checkedRows, a.Rows-r)
		ar := blas64.General{Rows: n, Cols: a.Cols, Stride: a.Stride, Data: a.Data[r*a.Stride:]}
		if err := finite("solve_triangular", ar, true, false); err != nil {
			return err
		}
		if s.Rows == 0 || s.Cols == 0 || a.Cols == 0 {
			continue
		}
		// These rows of a meet these rows of s, or (transposed) of x.
		sr, xr := s, x
		if tr {
			xr = blas64.General{Rows: n, Cols: x.Cols, Stride: x.Stride, Data: x.Data[r*x.Stride:]}
		} else {
			sr = blas64.General{Rows: n, Cols: s.Cols, Stride: s.Stride, Data: s.Data[r*s.Stride:]}
		}
		if sr.Cols == 1 { // one right-hand side: a GEMV streams the rows once
			blas64.Gemv(trans(tr), -1, ar, blas64.Vector{N: xr.Rows, Inc: xr.Stride, Data: xr.Data}, 1, blas64.Vector{N: sr.Rows, Inc: sr.Stride, Data: sr.Data})
		} else {
			blas64.Gemm(trans(tr), blas.NoTrans, -1, ar, xr, 1, sr)
		}
	}
	return nil
}

func init() {
	// A tile's last task works in place on what its update task made
	// (it is that chunk's only reader); other tiles start from a copy.
	scheduler.RegisterConsuming("linalg.chol_tile", func(b []byte) (scheduler.ConsumingFunc, error) {
		var p tileParams
		if err := scheduler.DecodeParams(b, &p); err != nil {
			return nil, err
		}
		return ownKernel(func(s blas64.General, ms []blas64.General) error {
			if p.Input {
				if err := finite("cholesky", s, !p.Diag, true); err != nil {
					return err
				}
			}
			last := len(ms)
			if !p.Diag && !p.Update {
				last-- // L[j][j]
			}
			if p.Diag {
				for _, lp := range ms[1:last] {
					blas64.Syrk(blas.NoTrans, -1, lp, 1, blas64.Symmetric{N: s.Rows, Stride: s.Stride, Data: s.Data, Uplo: blas.Lower})
				}
			} else {
				for q := 1; q < last; q += 2 {
					blas64.Gemm(blas.NoTrans, blas.Trans, -1, ms[q], ms[q+1], 1, s)
				}
			}
			switch {
			case p.Update:
			case p.Diag:
				if k := potrf(s); k > 0 {
					return fmt.Errorf("linalg: cholesky: the matrix is not positive definite (leading minor of order %d)", p.Off+k)
				}
				for i := range s.Rows {
					clear(s.Data[i*s.Stride+i+1 : i*s.Stride+s.Cols])
				}
			default:
				ljj := ms[last]
				blas64.Trsm(blas.Right, blas.Trans, 1, blas64.Triangular{N: ljj.Rows, Stride: ljj.Stride, Data: ljj.Data, Uplo: blas.Lower, Diag: blas.NonUnit}, s)
			}
			return nil
		}), nil
	})
	scheduler.RegisterTypedBorrowing("linalg.tri_tile", func(p tileParams) (scheduler.Func, error) {
		return copyKernel(1, func(s blas64.General, ms []blas64.General) error {
			a := ms[0]
			if err := finite("solve_triangular", a, false, p.Lower); err != nil {
				return err
			}
			if !p.Unit {
				for i := range a.Rows {
					if a.Data[i*a.Stride+i] == 0 {
						return fmt.Errorf("linalg: singular triangular matrix (zero on the diagonal at %d)", p.Off+i)
					}
				}
			}
			if err := finite("solve_triangular", ms[1], true, false); err != nil {
				return err
			}
			for q := 2; q < len(ms); q += 2 {
				if err := finite("solve_triangular", ms[q+1], true, false); err != nil {
					return err
				}
				if err := subtractChecked(s, ms[q], ms[q+1], p.Trans); err != nil {
					return err
				}
			}
			triSolve(a, p.Lower, p.Unit, p.Trans, s)
			return nil
		}), nil
	})
}
