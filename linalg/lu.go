package linalg

import (
	"fmt"
	"slices"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// LU by column strips, right-looking with partial pivoting (LAPACK's
// blocked dgetrf, each block column a task): the m×n matrix is split
// into column tiles ts (a tile boundary at k = min(m, n)), and step j
// factors strip j — the rows from off[j] down of column tile j, as
// updated by the steps before — choosing its pivots among all those
// rows, then updates each strip c > j: its rows swapped, U[j][c] =
// L[j][j]⁻¹·(its top tile), and below it the product L[below j]·U[j][c]
// subtracted. A task holds at most two strips (m rows by one tile), so
// the matrix itself never needs to fit in one chunk. Dask's lu pivots
// within the diagonal block only; this is true partial pivoting, the
// factors SciPy's lu gives (up to rounding, and ties between pivots).

// luFactors is a tiled LU: the strips' layers and the tiles.
type luFactors struct {
	m, n  int
	ts    []int             // column tiles; rows of U and, for the first steps, of L
	off   []int             // offsets of ts
	rows  []int             // row tiles of L and P: ts[:steps], then the rows below k
	panel []scheduler.Layer // step j's factored strip, its pivots as an extra last row
	upd   [][]scheduler.Layer
	piv   []scheduler.Layer // step j's pivots, a 1×ts[j] row
}

type luPanelParams struct {
	Op     string // for errors
	Off    int    // the strip's first row and column
	Skip   int    // the input strip's first rows, U's tile from the step before
	Check  bool   // check the strip for NaN or Inf (step 0 reads every entry once)
	Strict bool   // a zero pivot is an error (for Solve and Inv)
}

type luUpdateParams struct {
	Op    string
	Skip  int // as for luPanelParams
	Step  int // Step and Col tell the updates' layers apart
	Col   int
	Check bool
}

// lowerParams: the offsets, below the strip's first row, of the later
// steps whose row swaps apply to it.
type lowerParams struct{ Later []int }

// permParams: the offset of each step's pivots and the number of rows.
type permParams struct {
	Off []int
	M   int
}

// stripTileSizes returns the column tiles of the m×n x for a
// factorization by strips: its column chunks when its row chunks are the
// same, else regular tiles of about the area of its largest chunk; a
// tile boundary falls at min(m, n).
func stripTileSizes(x *array.Array) []int {
	ts := tiles(x)
	k, at := min(x.Shape()[0], x.Shape()[1]), 0
	for i, t := range ts {
		if at < k && k < at+t {
			ts = slices.Clone(ts)
			ts[i] = k - at
			return slices.Insert(ts, i+1, at+t-k)
		}
		at += t
	}
	return ts
}

// stripTiles returns stripTileSizes(x), or op's error when a strip (all
// m rows by the widest tile) would exceed MaxChunkBytes.
func stripTiles(op string, x *array.Array) ([]int, error) {
	ts := stripTileSizes(x)
	m := x.Shape()[0]
	if b := int64(m) * int64(slices.Max(ts)) * 8; b > MaxChunkBytes() {
		return nil, fmt.Errorf("linalg: %s: not supported for a %v matrix: a strip of %d rows by %d columns needs %d MiB, over the limit of %d MiB (MaxChunkBytes)",
			op, x.Shape(), m, slices.Max(ts), b>>20, MaxChunkBytes()>>20)
	}
	return ts, nil
}

// luTiled factors the m×n float64 x (min(m, n) ≥ 1) with partial
// pivoting by strips; op names the user's operation in errors, strict
// makes a zero pivot one.
func luTiled(op string, x *array.Array, strict bool) (*luFactors, error) {
	m, n := x.Shape()[0], x.Shape()[1]
	k := min(m, n)
	ts, err := stripTiles(op, x)
	if err != nil {
		return nil, err
	}
	x = x.Rechunk(chunk.Spec{chunk.Whole(), chunk.Sizes(ts...)})
	if err := x.Err(); err != nil {
		return nil, err
	}
	f := &luFactors{m: m, n: n, ts: ts, off: offsets(ts)}
	steps := 0
	for steps < len(ts) && f.off[steps]+ts[steps] <= k {
		steps++
	}
	f.rows = slices.Clone(ts[:steps])
	for at, t := k, slices.Max(ts); at < m; at += t {
		f.rows = append(f.rows, min(t, m-at))
	}
	in := x.Layer()
	cur := make([]scheduler.Layer, len(ts))
	curKey := make([]scheduler.Key, len(ts))
	for c := range ts {
		cur[c], curKey[c] = in, key(in, 0, c)
	}
	one := func(l scheduler.Layer) scheduler.Key { return key(l, 0, 0) }
	f.upd = make([][]scheduler.Layer, steps)
	for j := range steps {
		skip := 0
		if j > 0 {
			skip = ts[j-1]
		}
		pp := scheduler.EncodeParams(luPanelParams{Op: op, Off: f.off[j], Skip: skip, Check: j == 0, Strict: strict})
		panel := newLayer(op, "linalg.lu_panel", pp, []int{1, 1}, []scheduler.Layer{cur[j]}, keysOf(curKey[j]))
		f.panel = append(f.panel, panel)
		f.piv = append(f.piv, rowsLayer(op, panel, m-f.off[j], m-f.off[j]+1, false))
		f.upd[j] = make([]scheduler.Layer, len(ts))
		for c := j + 1; c < len(ts); c++ {
			up := scheduler.EncodeParams(luUpdateParams{Op: op, Skip: skip, Step: j, Col: c, Check: j == 0})
			u := newLayer(op, "linalg.lu_update", up, []int{1, 1}, []scheduler.Layer{panel, cur[c]}, keysOf(one(panel), curKey[c]))
			f.upd[j][c] = u
			cur[c], curKey[c] = u, one(u)
		}
	}
	return f, nil
}

func keysOf(keys ...scheduler.Key) func([]int) []scheduler.Key {
	return func([]int) []scheduler.Key { return keys }
}

// u returns the k×n upper triangular factor, in tiles ts[:steps] by ts.
func (f *luFactors) u() *array.Array {
	steps := len(f.panel)
	tiles := layerGrid(steps, len(f.ts))
	for j := range tiles {
		tiles[j][j] = rowsLayer("lu-u", f.panel[j], 0, f.ts[j], true)
		for c := j + 1; c < len(f.ts); c++ {
			tiles[j][c] = rowsLayer("lu-u", f.upd[j][c], 0, f.ts[j], false)
		}
	}
	return blockOf(tiles, f.ts[:steps], f.ts)
}

// l returns the m×k unit lower triangular factor, in tiles f.rows by
// ts[:steps]: strip p with the row swaps of the later steps applied.
func (f *luFactors) l() *array.Array {
	steps := len(f.panel)
	roff := offsets(f.rows)
	tiles := layerGrid(len(f.rows), steps)
	for p := range steps {
		var later []int
		in := []scheduler.Layer{f.panel[p]}
		for q := p + 1; q < steps; q++ {
			later = append(later, f.off[q]-f.off[p])
			in = append(in, f.piv[q])
		}
		lp := single("lu-l", "linalg.lu_lower", scheduler.EncodeParams(lowerParams{Later: later}), in...)
		for i := p; i < len(f.rows); i++ {
			tiles[i][p] = rowsLayer("lu-l", lp, roff[i]-f.off[p], roff[i]-f.off[p]+f.rows[i], false)
		}
	}
	return blockOf(tiles, f.rows, f.ts[:len(f.panel)])
}

// perm returns the row permutation as a 1-d array of one chunk: row i
// of Pᵀ·a is row perm[i] of a.
func (f *luFactors) perm() *array.Array {
	keys := make([]scheduler.Key, len(f.piv))
	for i, l := range f.piv {
		keys[i] = key(l, 0, 0)
	}
	p := scheduler.EncodeParams(permParams{Off: f.off[:len(f.piv)], M: f.m})
	l := newLayer("lu-perm", "linalg.lu_perm", p, []int{1}, f.piv, keysOf(keys...))
	g, _ := chunk.NewGrid([][]int{{f.m}})
	return array.FromLayer(l, g, chunk.Float64)
}

// permuteRows returns the 2-d float64 x with its rows permuted, row i
// being row perm[i] of x, in row tiles rows and x's column chunks: each
// tile is a task reading perm and a column of x's chunks.
func permuteRows(perm, x *array.Array, rows []int) *array.Array {
	pl, xl := perm.Layer(), x.Layer()
	cs := x.Chunks()
	roff := offsets(rows)
	var ls []*array.Array
	for i, r := range rows {
		p := scheduler.EncodeParams(rowsParams{Lo: roff[i], Hi: roff[i] + r})
		l := newLayer("permute-rows", "linalg.permute_rows", p, []int{1, len(cs[1])}, []scheduler.Layer{pl, xl}, func(idx []int) []scheduler.Key {
			keys := []scheduler.Key{key(pl, 0)}
			for b := range cs[0] {
				keys = append(keys, key(xl, b, idx[1]))
			}
			return keys
		})
		g, _ := chunk.NewGrid([][]int{{r}, cs[1]})
		ls = append(ls, array.FromLayer(l, g, chunk.Float64))
	}
	return array.Concatenate(ls, 0)
}

// luSolve solves a·x = b for the n×n float64 a (n ≥ 1) and n×k float64
// b (k ≥ 1): x = U⁻¹·L⁻¹·Pᵀ·b, the triangular solves by tiles.
func luSolve(op string, a, b *array.Array) *array.Array {
	f, err := luTiled(op, a, true)
	if err != nil {
		return errArray(err)
	}
	y := permuteRows(f.perm(), b, f.rows)
	return solveTriangularTiled(f.u(), solveTriangularTiled(f.l(), y, Lower|UnitDiagonal), Upper)
}

// pivots reads the pivot row of a strip.
func pivots(m blas64.General) []int {
	p := make([]int, m.Cols)
	for i, v := range m.Data[:m.Cols] {
		p[i] = int(v)
	}
	return p
}

// swapRows applies the row swaps piv (row d+i with row d+piv[i], in
// order) to m.
func swapRows(m blas64.General, d int, piv []int) {
	for i, p := range piv {
		if p != i {
			blas64.Swap(blas64.Vector{N: m.Cols, Inc: 1, Data: m.Data[(d+i)*m.Stride:]}, blas64.Vector{N: m.Cols, Inc: 1, Data: m.Data[(d+p)*m.Stride:]})
		}
	}
}

func init() {
	scheduler.RegisterTyped("linalg.lu_panel", func(p luPanelParams) (scheduler.Func, error) {
		return matKernel(func(ms []blas64.General) (blas64.General, error) {
			s := rowsOf(ms[0], p.Skip, ms[0].Rows)
			if p.Check {
				if err := finite(p.Op, s, true, false); err != nil {
					return blas64.General{}, err
				}
			}
			out := newMat(s.Rows+1, s.Cols)
			w := rowsOf(out, 0, s.Rows)
			for i := range s.Rows {
				copy(w.Data[i*w.Stride:i*w.Stride+s.Cols], s.Data[i*s.Stride:])
			}
			ipiv := make([]int, s.Cols)
			if !lapack64.Getrf(w, ipiv) && p.Strict {
				for i := range ipiv {
					if w.Data[i*w.Stride+i] == 0 {
						return blas64.General{}, fmt.Errorf("linalg: singular matrix (zero pivot in column %d)", p.Off+i+1)
					}
				}
			}
			last := out.Data[s.Rows*out.Stride:]
			for i, v := range ipiv {
				last[i] = float64(v)
			}
			return out, nil
		}), nil
	})
	scheduler.RegisterTyped("linalg.lu_update", func(p luUpdateParams) (scheduler.Func, error) {
		return matKernel(func(ms []blas64.General) (blas64.General, error) {
			panel, s := ms[0], rowsOf(ms[1], p.Skip, ms[1].Rows)
			if p.Check {
				if err := finite(p.Op, s, true, false); err != nil {
					return blas64.General{}, err
				}
			}
			t, r := panel.Cols, s.Rows
			w := cloneMat(s)
			swapRows(w, 0, pivots(rowsOf(panel, r, r+1)))
			if w.Cols == 0 {
				return w, nil
			}
			top, below := rowsOf(w, 0, t), rowsOf(w, t, r)
			blas64.Trsm(blas.Left, blas.NoTrans, 1, blas64.Triangular{N: t, Stride: panel.Stride, Data: panel.Data, Uplo: blas.Lower, Diag: blas.Unit}, top)
			if below.Rows > 0 {
				l21 := rowsOf(panel, t, r)
				l21.Cols = t
				blas64.Gemm(blas.NoTrans, blas.NoTrans, -1, l21, top, 1, below)
			}
			return w, nil
		}), nil
	})
	scheduler.RegisterTyped("linalg.lu_lower", func(p lowerParams) (scheduler.Func, error) {
		return matKernel(func(ms []blas64.General) (blas64.General, error) {
			panel := ms[0]
			w := cloneMat(rowsOf(panel, 0, panel.Rows-1))
			for q, d := range p.Later {
				swapRows(w, d, pivots(ms[1+q]))
			}
			for i := range min(w.Rows, w.Cols) {
				row := w.Data[i*w.Stride : i*w.Stride+w.Cols]
				clear(row[i+1:])
				row[i] = 1
			}
			return w, nil
		}), nil
	})
	scheduler.RegisterTyped("linalg.lu_perm", func(p permParams) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			ms, err := mats(in)
			if err != nil {
				return nil, err
			}
			perm := make([]float64, p.M)
			for i := range perm {
				perm[i] = float64(i)
			}
			for j, o := range p.Off {
				for i, q := range pivots(ms[j]) {
					perm[o+i], perm[o+q] = perm[o+q], perm[o+i]
				}
			}
			return chunk.FromSlice([]int{p.M}, perm)
		}, nil
	})
	scheduler.RegisterTyped("linalg.permute_rows", func(p rowsParams) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			pd, ok := in[0].(*chunk.Dense)
			if !ok || pd.DType() != chunk.Float64 {
				return nil, fmt.Errorf("linalg: permute rows: the permutation is a %T", in[0])
			}
			perm := chunk.Values[float64](pd)
			ms, err := mats(in[1:])
			if err != nil {
				return nil, err
			}
			var starts []int // the first row of each of x's chunks
			at := 0
			for _, m := range ms {
				starts = append(starts, at)
				at += m.Rows
			}
			if p.Hi > len(perm) || at != len(perm) {
				return nil, fmt.Errorf("linalg: permute rows: a permutation of %d rows for %d", len(perm), at)
			}
			cols := 0
			if len(ms) > 0 {
				cols = ms[0].Cols
			}
			out := newMat(p.Hi-p.Lo, cols)
			for i := range out.Rows {
				src := int(perm[p.Lo+i])
				b, _ := slices.BinarySearch(starts, src+1)
				m := ms[b-1]
				r := src - starts[b-1]
				copy(out.Data[i*out.Stride:i*out.Stride+cols], m.Data[r*m.Stride:r*m.Stride+cols])
			}
			return denseOf(out), nil
		}, nil
	})
}
