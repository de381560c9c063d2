package array

import (
	"fmt"
	"slices"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/fastblas"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/cblas128"
	"gonum.org/v1/gonum/blas/cblas64"
)

// The per-chunk einsum: operands are contracted pairwise, left to right,
// each pair as a batch of matrix products (GEMM through gonum's blas64,
// blas32, cblas128 and cblas64, so a faster registered implementation
// speeds it up;
// integers in a plain loop on int64, whose wrap-around agrees with
// NumPy's arithmetic in the narrower result type).

// Importing array makes internal/fastblas (gonum's BLAS with
// chunkwise's own GEMM kernels) the BLAS of gonum's blas64 and blas32 in
// the process, for these products and for package linalg's LAPACK calls.
func init() { fastblas.Use() }

// einsumParams are the parameters of the per-chunk einsum: one letter
// string per operand (letters unique or repeated for a diagonal), the
// output's letters and the result dtype.
type einsumParams struct {
	Ins   []string
	Out   string
	DType chunk.DType
}

// computeType is the dtype einsum computes result dtype dt in.
func computeType(dt chunk.DType) chunk.DType {
	if dt.IsFloat() || dt.IsComplex() {
		return dt
	}
	return chunk.Int64
}

// einsumDense evaluates p on one set of chunks into a chunk of the given
// shape.
func einsumDense(p *einsumParams, shape []int, ds []*chunk.Dense) (*chunk.Dense, error) {
	if len(ds) != len(p.Ins) {
		return nil, fmt.Errorf("einsum of %d operands given %d chunks", len(p.Ins), len(ds))
	}
	ct := computeType(p.DType)
	var d *chunk.Dense
	var err error
	switch ct {
	case chunk.Float64:
		d, err = einsumT[float64](p, shape, ds, ct)
	case chunk.Float32:
		d, err = einsumT[float32](p, shape, ds, ct)
	case chunk.Complex128:
		d, err = einsumT[complex128](p, shape, ds, ct)
	case chunk.Complex64:
		d, err = einsumT[complex64](p, shape, ds, ct)
	default:
		d, err = einsumT[int64](p, shape, ds, ct)
	}
	if err != nil {
		return nil, err
	}
	out := d.AsType(p.DType)
	if out != d {
		d.Recycle() // the product in its compute dtype, ours alone
	}
	return out, nil
}

type gemmNum interface {
	float32 | float64 | int64 | complex64 | complex128
}

// view is a strided look at a buffer: one letter per axis, letters
// unique; an axis of length 1 has stride 0 so that it broadcasts.
type view[T gemmNum] struct {
	data    []T
	letters []byte
	shape   []int
	strides []int
	owner   *chunk.Dense // the pooled buffer of an intermediate result; nil for an operand's chunk
}

// pooled returns n elements of T from the chunk pool (their contents
// undefined until written) and the Dense that owns them. Fresh memory
// costs a page fault per page, more than a product writes on it; a
// product's output and scratch come from the pool and go back to it.
func pooled[T gemmNum](n int) (*chunk.Dense, []T) {
	d := chunk.NewPooledDense(chunk.DTypeOf[T](), []int{n})
	return d, chunk.Values[T](d)
}

func (v *view[T]) axis(c byte) int { return slices.Index(v.letters, c) }

// stride returns v's stride along c for a walk of length n: 0 where v
// lacks c or broadcasts it.
func (v *view[T]) stride(c byte) int {
	if k := v.axis(c); k >= 0 && v.shape[k] > 1 {
		return v.strides[k]
	}
	return 0
}

func newView[T gemmNum](d *chunk.Dense, ix string) (view[T], error) {
	v := view[T]{data: chunk.Values[T](d)}
	st := chunk.Strides(d.Shape())
	for j := range len(ix) {
		c, n := ix[j], d.Shape()[j]
		if k := v.axis(c); k >= 0 {
			if v.shape[k] != n {
				return v, fmt.Errorf("einsum: index %q repeated on axes of lengths %d and %d in a chunk", c, v.shape[k], n)
			}
			v.strides[k] += st[j]
			continue
		}
		v.letters = append(v.letters, c)
		v.shape = append(v.shape, n)
		v.strides = append(v.strides, st[j])
	}
	return v, nil
}

func einsumT[T gemmNum](p *einsumParams, shape []int, ds []*chunk.Dense, ct chunk.DType) (*chunk.Dense, error) {
	vs := make([]view[T], len(ds))
	for i, d := range ds {
		if len(d.Shape()) != len(p.Ins[i]) {
			return nil, fmt.Errorf("einsum: chunk of %d axes for index %q", len(d.Shape()), p.Ins[i])
		}
		c := d.AsType(ct)
		v, err := newView[T](c, p.Ins[i])
		if err != nil {
			return nil, err
		}
		if c != d {
			v.owner = c // a converted copy, ours to recycle or return as the rest are
		}
		vs[i] = v
	}
	acc := vs[0]
	for i := 1; i < len(vs); i++ {
		keep := p.Out
		for _, ix := range p.Ins[i+1:] {
			keep += ix
		}
		acc = contractPair(acc, vs[i], keep)
	}
	// Sum the letters not on the output and lay the rest out in its order.
	var rest []byte
	for _, c := range acc.letters {
		if !slices.Contains([]byte(p.Out), c) {
			rest = append(rest, c)
		}
	}
	letters := append([]byte(p.Out), rest...)
	ext := make([]int, len(letters))
	for k, c := range letters {
		ext[k] = acc.extent(c)
	}
	if !slices.Equal(ext[:len(p.Out)], shape) {
		return nil, fmt.Errorf("einsum: chunk result of shape %v, want %v", ext[:len(p.Out)], shape)
	}
	flat, owner := gatherView(acc, letters, ext)
	if owner == nil && acc.owner != nil && len(flat) > 0 && &flat[0] == &acc.data[0] {
		owner = acc.owner // the last product, already in the output's order
	} else if acc.owner != nil {
		acc.owner.Recycle()
	}
	r := chunk.Prod(ext[len(p.Out):])
	if r == 1 && owner != nil {
		return reshapeOwned(owner, shape)
	}
	d, out := pooled[T](chunk.Prod(shape))
	if r == 1 {
		copy(out, flat) // never hand back an operand's memory
	} else {
		for i := range out {
			var s T
			for _, x := range flat[i*r : (i+1)*r] {
				s += x
			}
			out[i] = s
		}
	}
	if owner != nil {
		owner.Recycle()
	}
	return reshapeOwned(d, shape)
}

// reshapeOwned returns d reshaped, which takes over d's recyclability.
func reshapeOwned(d *chunk.Dense, shape []int) (*chunk.Dense, error) {
	v, err := d.Reshape(shape)
	if err == nil {
		d.HandOver(v)
	}
	return v, err
}

// extent returns v's length along c (1 when v lacks it).
func (v *view[T]) extent(c byte) int {
	if k := v.axis(c); k >= 0 {
		return v.shape[k]
	}
	return 1
}

// contractPair contracts a and b over the letters they have that keep
// lacks: a batch of GEMMs over the letters both have and keep needs, with
// rows a's other kept letters and columns b's.
func contractPair[T gemmNum](a, b view[T], keep string) view[T] {
	kept := func(c byte) bool { return slices.Contains([]byte(keep), c) }
	var batch, ms, ns, ks []byte
	for _, c := range a.letters {
		switch {
		case b.axis(c) >= 0 && kept(c):
			batch = append(batch, c)
		case !kept(c):
			ks = append(ks, c)
		default:
			ms = append(ms, c)
		}
	}
	for _, c := range b.letters {
		switch {
		case a.axis(c) >= 0:
		case kept(c):
			ns = append(ns, c)
		default:
			ks = append(ks, c)
		}
	}
	ext := func(ls []byte) ([]int, int) {
		e := make([]int, len(ls))
		for i, c := range ls {
			// A length of 1 (or a missing letter) broadcasts, to 0 too.
			if e[i] = a.extent(c); e[i] == 1 {
				e[i] = b.extent(c)
			}
		}
		return e, chunk.Prod(e)
	}
	be, nb := ext(batch)
	me, m := ext(ms)
	ne, n := ext(ns)
	ke, k := ext(ks)
	// A transposed operand in place is read by GEMM as such (floats);
	// any other layout is gathered.
	_, isInt := any(a.data).([]int64)
	var aScratch, bScratch *chunk.Dense
	ap, ta := laidOut(a, concat(batch, ks, ms), slices.Concat(be, ke, me))
	if ta = ta && !isInt && !slices.Equal(ks, ms); !ta {
		ap, aScratch = gatherView(a, concat(batch, ms, ks), slices.Concat(be, me, ke))
	}
	bp, tb := laidOut(b, concat(batch, ns, ks), slices.Concat(be, ne, ke))
	if tb = tb && !isInt && !slices.Equal(ks, ns); !tb {
		bp, bScratch = gatherView(b, concat(batch, ks, ns), slices.Concat(be, ke, ne))
	}
	cd, c := pooled[T](nb * m * n)
	for i := range nb {
		if m == 1 && n == 1 { // a dot product ("ij,ij->i"), in either layout
			c[i] = dot(ap[i*k:(i+1)*k], bp[i*k:(i+1)*k])
			continue
		}
		gemm(ta, tb, m, n, k, ap[i*m*k:(i+1)*m*k], bp[i*k*n:(i+1)*k*n], c[i*m*n:(i+1)*m*n])
	}
	for _, d := range []*chunk.Dense{aScratch, bScratch, a.owner, b.owner} {
		if d != nil { // every Recycle of a non-pooled or recycled Dense does nothing
			d.Recycle()
		}
	}
	shape := slices.Concat(be, me, ne)
	return view[T]{data: c, letters: concat(batch, ms, ns), shape: shape, strides: chunk.Strides(shape), owner: cd}
}

func concat(ls ...[]byte) []byte { return slices.Concat(ls...) }

// laidOut returns v's memory when it holds v's elements in C order over
// letters with extents ext: the strides of the axes longer than 1 are C
// order's and v covers its data once (no diagonal, no broadcast).
func laidOut[T gemmNum](v view[T], letters []byte, ext []int) ([]T, bool) {
	n := chunk.Prod(ext)
	if len(v.data) != n || chunk.Prod(v.shape) != n {
		return nil, false
	}
	for i, s := range chunk.Strides(ext) {
		if ext[i] != 1 && v.stride(letters[i]) != s {
			return nil, false
		}
	}
	return v.data, true
}

// gatherView returns v's elements laid out in C order over letters with
// extents ext: v's own memory when it already is so laid out, else a
// pooled copy and the Dense that owns it, for the caller to recycle.
func gatherView[T gemmNum](v view[T], letters []byte, ext []int) ([]T, *chunk.Dense) {
	if d, ok := laidOut(v, letters, ext); ok {
		return d, nil
	}
	n := chunk.Prod(ext)
	st := make([]int, len(letters))
	for i, c := range letters {
		st[i] = v.stride(c)
	}
	owner, dst := pooled[T](n) // the walk below writes every element
	if n == 0 {
		return dst, owner
	}
	nd := len(ext)
	if nd == 0 {
		dst[0] = v.data[0]
		return dst, owner
	}
	idx := make([]int, nd)
	inner, is := ext[nd-1], st[nd-1]
	off := 0
	for o := 0; ; o += inner {
		row := dst[o : o+inner]
		for j := range row {
			row[j] = v.data[off+j*is]
		}
		k := nd - 2
		for ; k >= 0; k-- {
			idx[k]++
			off += st[k]
			if idx[k] < ext[k] {
				break
			}
			off -= st[k] * ext[k]
			idx[k] = 0
		}
		if k < 0 {
			return dst, owner
		}
	}
}

// gemm sets c (m×n) to a (m×k, or k×m stored when ta) times b (k×n, or
// n×k when tb), all C order and dense; ta and tb only for floats.
func gemm[T gemmNum](ta, tb bool, m, n, k int, a, b, c []T) {
	if m == 0 || n == 0 || k == 0 {
		clear(c)
		return
	}
	switch cc := any(c).(type) {
	case []float64:
		if syrk(ta, tb, n, k, any(a).([]float64), any(b).([]float64), cc) {
			return
		}
		if m == 1 || n == 1 { // a vector times a matrix: GEMV streams the matrix once, unpacked
			mat, vec, t := any(b).([]float64), any(a).([]float64), !tb // c = op(B)ᵀ·a
			rows, cols := rc(tb, k, n), rc(tb, n, k)
			if n == 1 {
				mat, vec, t = any(a).([]float64), any(b).([]float64), ta // c = op(A)·b
				rows, cols = rc(ta, m, k), rc(ta, k, m)
			}
			blas64.Gemv(trans(t), 1, blas64.General{Rows: rows, Cols: cols, Stride: cols, Data: mat},
				blas64.Vector{N: k, Inc: 1, Data: vec}, 0, blas64.Vector{N: len(cc), Inc: 1, Data: cc})
			return
		}
		blas64.Gemm(trans(ta), trans(tb), 1,
			blas64.General{Rows: rc(ta, m, k), Cols: rc(ta, k, m), Stride: rc(ta, k, m), Data: any(a).([]float64)},
			blas64.General{Rows: rc(tb, k, n), Cols: rc(tb, n, k), Stride: rc(tb, n, k), Data: any(b).([]float64)},
			0, blas64.General{Rows: m, Cols: n, Stride: n, Data: cc})
	case []float32:
		if syrk(ta, tb, n, k, any(a).([]float32), any(b).([]float32), cc) {
			return
		}
		blas32.Gemm(trans(ta), trans(tb), 1,
			blas32.General{Rows: rc(ta, m, k), Cols: rc(ta, k, m), Stride: rc(ta, k, m), Data: any(a).([]float32)},
			blas32.General{Rows: rc(tb, k, n), Cols: rc(tb, n, k), Stride: rc(tb, n, k), Data: any(b).([]float32)},
			0, blas32.General{Rows: m, Cols: n, Stride: n, Data: cc})
	case []complex128:
		cblas128.Gemm(trans(ta), trans(tb), 1,
			cblas128.General{Rows: rc(ta, m, k), Cols: rc(ta, k, m), Stride: rc(ta, k, m), Data: any(a).([]complex128)},
			cblas128.General{Rows: rc(tb, k, n), Cols: rc(tb, n, k), Stride: rc(tb, n, k), Data: any(b).([]complex128)},
			0, cblas128.General{Rows: m, Cols: n, Stride: n, Data: cc})
	case []complex64:
		cblas64.Gemm(trans(ta), trans(tb), 1,
			cblas64.General{Rows: rc(ta, m, k), Cols: rc(ta, k, m), Stride: rc(ta, k, m), Data: any(a).([]complex64)},
			cblas64.General{Rows: rc(tb, k, n), Cols: rc(tb, n, k), Stride: rc(tb, n, k), Data: any(b).([]complex64)},
			0, cblas64.General{Rows: m, Cols: n, Stride: n, Data: cc})
	case []int64:
		ai, bi := any(a).([]int64), any(b).([]int64)
		clear(cc)
		for i := range m {
			ci := cc[i*n : (i+1)*n]
			for p := range k {
				x := ai[i*k+p]
				if x == 0 {
					continue
				}
				for j, y := range bi[p*n : (p+1)*n] {
					ci[j] += x * y
				}
			}
		}
	}
}

// syrk sets c (n×n) to a·aᵀ or aᵀ·a when a GEMM's operands are one
// matrix read both ways (x.T @ x, einsum "ji,jk->ik"), as NumPy's matmul
// does: the BLAS's Dsyrk or Ssyrk computes the upper triangle, half the
// products, and the lower is mirrored. It reports whether it did.
func syrk[T float32 | float64](ta, tb bool, n, k int, a, b, c []T) bool {
	if ta == tb || len(a) == 0 || len(a) != len(b) || &a[0] != &b[0] {
		return false
	}
	t, lda := blas.NoTrans, k // a is n×k: c = a·aᵀ
	if ta {
		t, lda = blas.Trans, n // a is k×n: c = aᵀ·a
	}
	switch cc := any(c).(type) {
	case []float64:
		blas64.Implementation().Dsyrk(blas.Upper, t, n, k, 1, any(a).([]float64), lda, 0, cc, n)
	case []float32:
		blas32.Implementation().Ssyrk(blas.Upper, t, n, k, 1, any(a).([]float32), lda, 0, cc, n)
	}
	for i := range n {
		for j := range i {
			c[i*n+j] = c[j*n+i]
		}
	}
	return true
}

// dot returns the sum of a[i]*b[i]: floats through the registered BLAS,
// as a 1×k by k×1 GEMM would be, without its per-call set-up.
func dot[T gemmNum](a, b []T) T {
	switch av := any(a).(type) {
	case []float64:
		return any(blas64.Implementation().Ddot(len(av), av, 1, any(b).([]float64), 1)).(T)
	case []float32:
		return any(blas32.Implementation().Sdot(len(av), av, 1, any(b).([]float32), 1)).(T)
	}
	var s T
	for i, x := range a {
		s += x * b[i]
	}
	return s
}

// rc returns r, or c when t (a transposed operand's rows or columns).
func rc(t bool, r, c int) int {
	if t {
		return c
	}
	return r
}

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}
