package linalg

import (
	"slices"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
	"gonum.org/v1/gonum/blas/blas64"
)

// QR by column strips (LAPACK's blocked dgeqrf, each block column a
// task), for matrices that are neither tall-and-skinny nor short-and-fat
// in their chunks: the m×n matrix is split into column tiles ts (a tile
// boundary at k = min(m, n)), and step j factors strip j — the rows from
// off[j] down of column tile j, as updated by the steps before — into
// Householder reflectors Hⱼ and R's diagonal tile, then applies Hⱼᵀ to
// the same rows of each strip c > j, whose top tile is then R's tile
// (j, c). Q's column tile p is H₀·…·Hₚ applied to columns off[p]… of
// the identity: a chain of tasks on one strip each. A task holds at most
// two strips (m rows by one tile), so the matrix never needs to fit in
// one chunk.

// qrStrips is the factored matrix: the strips' layers.
type qrStrips struct {
	m, n  int
	rows  []int // Q's row chunks (a's)
	ts    []int
	off   []int
	panel []scheduler.Layer   // step j: rows off[j]… of strip j factored by dgeqrf, τ as an extra last row
	upd   [][]scheduler.Layer // upd[j][c]: rows off[j]… of strip c with Hⱼᵀ applied
	rt    [][]scheduler.Layer // R's tiles (nil below the diagonal)
}

// qrStripParams: the input strip's first row From and the reflector's
// first row Off (rows above Off are dropped; when From > Off, zero rows
// are put on top); Trans applies Hᵀ (the factorization) rather than H
// (forming Q); Check checks the input for NaN or Inf (step 0 reads every
// entry once); Col tells a step's updates apart (their input may be one
// layer, a's).
type qrStripParams struct {
	From, Off, Col int
	Trans, Check   bool
}

// qrStripsOf factors the m×n float64 x (min(m, n) ≥ 1) by strips.
func qrStripsOf(x *array.Array) (*qrStrips, error) {
	m, n := x.Shape()[0], x.Shape()[1]
	ts, err := stripTiles("qr", x)
	if err != nil {
		return nil, err
	}
	f := &qrStrips{m: m, n: n, rows: x.Chunks()[0], ts: ts, off: offsets(ts)}
	x = x.Rechunk(chunk.Spec{chunk.Whole(), chunk.Sizes(ts...)})
	if err := x.Err(); err != nil {
		return nil, err
	}
	in := x.Layer()
	cur := make([]scheduler.Layer, len(ts))
	curKey := make([]scheduler.Key, len(ts))
	from := make([]int, len(ts)) // the first row of cur[c]
	for c := range ts {
		cur[c], curKey[c] = in, key(in, 0, c)
	}
	one := func(l scheduler.Layer) scheduler.Key { return key(l, 0, 0) }
	k := min(m, n)
	for j := 0; j < len(ts) && f.off[j]+ts[j] <= k; j++ {
		p := qrStripParams{From: from[j], Off: f.off[j], Trans: true, Check: j == 0}
		panel := newLayer("qr", "linalg.qr_panel", scheduler.EncodeParams(p), []int{1, 1}, []scheduler.Layer{cur[j]}, keysOf(curKey[j]))
		f.panel = append(f.panel, panel)
		f.upd = append(f.upd, make([]scheduler.Layer, len(ts)))
		for c := j + 1; c < len(ts); c++ {
			p.From, p.Col = from[c], c
			u := newLayer("qr", "linalg.qr_apply", scheduler.EncodeParams(p), []int{1, 1}, []scheduler.Layer{panel, cur[c]}, keysOf(one(panel), curKey[c]))
			f.upd[j][c] = u
			cur[c], curKey[c], from[c] = u, one(u), f.off[j]
		}
	}
	f.rt = layerGrid(len(f.panel), len(ts))
	for j := range f.rt {
		f.rt[j][j] = single("qr-r", "linalg.qr_r", nil, f.panel[j])
		for c := j + 1; c < len(ts); c++ {
			f.rt[j][c] = single("qr-r", "linalg.qr_r", nil, f.panel[j], f.upd[j][c])
		}
	}
	return f, nil
}

// r returns the k×n upper triangular factor, in tiles ts[:steps] by ts,
// its diagonal non-negative.
func (f *qrStrips) r() *array.Array { return blockOf(f.rt, f.ts[:len(f.panel)], f.ts) }

// q returns the m×k factor with orthonormal columns, in a's row chunks
// by ts[:steps]: column tile p is Hₚ applied to the identity's columns
// (its signs those that make R's diagonal non-negative), then Hₚ₋₁, …,
// H₀, each a task on the strip. The first task also reads R's row p of
// tiles (and ignores them): the scheduler runs tasks depth first from
// the results, so when Q is computed before R, this makes it cut R's
// tiles as the factorization goes rather than keep every updated strip
// until Q is done (for 4000² in 500² chunks, a peak of 410 MB rather
// than 940).
func (f *qrStrips) q() *array.Array {
	steps := len(f.panel)
	roff := offsets(f.rows)
	tiles := layerGrid(len(f.rows), steps)
	for p := range steps {
		z := single("qr-q", "linalg.qr_form", nil, append([]scheduler.Layer{f.panel[p]}, f.rt[p][p:]...)...)
		for q := p - 1; q >= 0; q-- {
			z = single("qr-q", "linalg.qr_apply", scheduler.EncodeParams(qrStripParams{From: f.off[q+1], Off: f.off[q]}), f.panel[q], z)
		}
		for i, r := range f.rows {
			tiles[i][p] = rowsLayer("qr-q", z, roff[i], roff[i]+r, false)
		}
	}
	return blockOf(tiles, f.rows, f.ts[:steps])
}

// stripsCheaper tells whether QR by strips holds less in one task than
// TSQR (m ≥ n) or the wide QR (m < n) would for x.
func stripsCheaper(x *array.Array) bool {
	m, n := x.Shape()[0], x.Shape()[1]
	strip := m * slices.Max(stripTileSizes(x))
	if m < n {
		return strip < m*max(m, slices.Max(x.Chunks()[1]))
	}
	rows := chunk.MergeSmall(x.Chunks()[0], n)
	return strip < max(slices.Max(rows), len(rows)*n)*n
}

// stripOf returns the strip a kernel works on: rows p.Off… of the input
// strip in (whose first row is p.From), padded with zero rows on top
// when p.From > p.Off, as a new matrix.
func stripOf(p qrStripParams, in blas64.General) (blas64.General, error) {
	if p.Check {
		if err := finite(tsqrOp, in, true, false); err != nil {
			return blas64.General{}, err
		}
	}
	if p.From <= p.Off {
		return cloneMat(rowsOf(in, p.Off-p.From, in.Rows)), nil
	}
	pad := p.From - p.Off
	w := newMat(pad+in.Rows, in.Cols)
	for i := range in.Rows {
		copy(w.Data[(pad+i)*w.Stride:(pad+i)*w.Stride+in.Cols], in.Data[i*in.Stride:])
	}
	return w, nil
}

// reflectors splits a factored panel into its Householder vectors (r×t,
// below the diagonal) and τ (its last row).
func reflectors(panel blas64.General) (v blas64.General, tau []float64) {
	r := panel.Rows - 1
	return rowsOf(panel, 0, r), panel.Data[r*panel.Stride : r*panel.Stride+panel.Cols]
}

func init() {
	scheduler.RegisterTyped("linalg.qr_panel", func(p qrStripParams) (scheduler.Func, error) {
		return matKernel(func(ms []blas64.General) (blas64.General, error) {
			s, err := stripOf(p, ms[0])
			if err != nil {
				return blas64.General{}, err
			}
			out := newMat(s.Rows+1, s.Cols)
			copy(out.Data, s.Data)
			geqrf(reflectors(out))
			return out, nil
		}), nil
	})
	scheduler.RegisterTyped("linalg.qr_apply", func(p qrStripParams) (scheduler.Func, error) {
		return matKernel(func(ms []blas64.General) (blas64.General, error) {
			w, err := stripOf(p, ms[1])
			if err != nil {
				return blas64.General{}, err
			}
			v, tau := reflectors(ms[0])
			ormqr(p.Trans, v, tau, w)
			return w, nil
		}), nil
	})
	scheduler.RegisterFunc("linalg.qr_form", matKernel(func(ms []blas64.General) (blas64.General, error) {
		v, tau := reflectors(ms[0])
		q := cloneMat(v)
		orgqr(q, tau)
		for j := range q.Cols {
			if v.Data[j*v.Stride+j] < 0 {
				for i := range q.Rows {
					q.Data[i*q.Stride+j] = -q.Data[i*q.Stride+j]
				}
			}
		}
		return q, nil
	}))
	scheduler.RegisterFunc("linalg.qr_r", matKernel(func(ms []blas64.General) (blas64.General, error) {
		v, _ := reflectors(ms[0])
		t := v.Cols
		src := ms[len(ms)-1]
		r := cloneMat(rowsOf(src, 0, t))
		for i := range t {
			row := r.Data[i*r.Stride : i*r.Stride+r.Cols]
			if v.Data[i*v.Stride+i] < 0 {
				for c := range row {
					row[c] = -row[c]
				}
			}
			if len(ms) == 1 {
				clear(row[:i])
			}
		}
		return r, nil
	}))
}
