package array

import (
	"fmt"
	"slices"

	"github.com/chunkwise/chunkwise/chunk"
)

// The products below are contractions (see Blockwise and Einsum): each
// chunk product is a GEMM through gonum's blas64/blas32 for float64 and
// float32 (cblas128/cblas64 for complex128 and complex64), an integer
// loop for the other dtypes, and the products along
// the summed axis are added by a tree. Result dtypes are NumPy's: the
// operands' common type (int8 @ int8 stays int8 and wraps around).

// letters returns n distinct index letters, skipping those in not.
func letters(n int, not string) string {
	var b []byte
	for c := byte('A'); c <= 'z' && len(b) < n; c++ {
		if isIndexLetter(c) && !slices.Contains([]byte(not), c) {
			b = append(b, c)
		}
	}
	return string(b)
}

// MatMul returns the matrix product of a and b as NumPy's matmul: 2-d
// operands multiply as matrices; operands of more axes are stacks of
// matrices in their last two axes, the leading axes broadcast; a 1-d a
// is a row vector and a 1-d b a column vector, whose added axis is then
// removed. A 0-d operand, inner lengths that differ or leading axes that
// do not broadcast give an array carrying the error.
func MatMul(a, b *Array) *Array {
	if err := firstErr(a, b); err != nil {
		return errArray(err)
	}
	if bad := requireKnown("matmul", a, b); bad != nil {
		return bad
	}
	na, nb := a.NDim(), b.NDim()
	if na == 0 || nb == 0 {
		return errorf("matmul", "operands must have at least 1 axis; shapes %v and %v", a.Shape(), b.Shape())
	}
	ka, kb := a.Shape()[na-1], b.Shape()[max(nb-2, 0)]
	if ka != kb {
		return errorf("matmul", "inner lengths differ: shapes %v and %v (%d != %d)", a.Shape(), b.Shape(), ka, kb)
	}
	nbatch := max(na-2, nb-2, 0)
	batch := letters(nbatch, "ijk")
	var ia, ib, out string
	if na == 1 {
		ia = "j"
	} else {
		ia = batch[nbatch-(na-2):] + "ij"
	}
	if nb == 1 {
		ib = "j"
	} else {
		ib = batch[nbatch-(nb-2):] + "jk"
	}
	out = batch
	if na > 1 {
		out += "i"
	}
	if nb > 1 {
		out += "k"
	}
	return product("matmul", []string{ia, ib}, out, a, b)
}

// product is the contraction of a and b with the given letters, in
// their common dtype, reporting errors as op.
func product(op string, ins []string, out string, a, b *Array) *Array {
	return einsum(op, ins, out, chunk.Promote(a.dtype, b.dtype), []*Array{a, b})
}

// Dot returns NumPy's dot(x, y): the product by a scalar when either is
// 0-d, the inner product of two vectors, the matrix product of two
// matrices, and otherwise the sum over x's last axis and y's second to
// last (its last when y is 1-d). Lengths that differ give an array
// carrying the error.
func (x *Array) Dot(y *Array) *Array {
	if err := firstErr(x, y); err != nil {
		return errArray(err)
	}
	if x.NDim() == 0 || y.NDim() == 0 {
		return x.Mul(y)
	}
	return TensorDot(x, y, []int{x.NDim() - 1}, []int{max(y.NDim()-2, 0)})
}

// TensorDot returns NumPy's tensordot(a, b, axes=(axesA, axesB)): the
// sum of products over axesA of a paired with axesB of b (negative axes
// count from the end), with a's other axes then b's other axes in the
// result. Lists of different lengths, an axis out of range or repeated,
// or paired axes of different lengths give an array carrying the error.
func TensorDot(a, b *Array, axesA, axesB []int) *Array {
	if err := firstErr(a, b); err != nil {
		return errArray(err)
	}
	if bad := requireKnown("tensordot", a, b); bad != nil {
		return bad
	}
	if len(axesA) != len(axesB) {
		return errorf("tensordot", "%d axes of a paired with %d of b", len(axesA), len(axesB))
	}
	ia := letters(a.NDim(), "")
	ib := []byte(letters(b.NDim(), ia))
	na, err := normAxes(axesA, a.NDim())
	if err != nil {
		return errorf("tensordot", "a: %v", err)
	}
	nb, err := normAxes(axesB, b.NDim())
	if err != nil {
		return errorf("tensordot", "b: %v", err)
	}
	for i := range na {
		if la, lb := a.Shape()[na[i]], b.Shape()[nb[i]]; la != lb {
			return errorf("tensordot", "axis %d of a has length %d, axis %d of b %d", na[i], la, nb[i], lb)
		}
		ib[nb[i]] = ia[na[i]]
	}
	var out []byte
	for j := range a.NDim() {
		if !slices.Contains(na, j) {
			out = append(out, ia[j])
		}
	}
	for j := range b.NDim() {
		if !slices.Contains(nb, j) {
			out = append(out, ib[j])
		}
	}
	return product("tensordot", []string{ia, string(ib)}, string(out), a, b)
}

// normAxes checks axes against nd axes and makes them non-negative.
func normAxes(axes []int, nd int) ([]int, error) {
	out := make([]int, len(axes))
	for i, ax := range axes {
		if ax < -nd || ax >= nd {
			return nil, fmt.Errorf("axis %d out of range for %d axes", ax, nd)
		}
		out[i] = (ax + nd) % nd
		if slices.Contains(out[:i], out[i]) {
			return nil, fmt.Errorf("axis %d repeated", ax)
		}
	}
	return out, nil
}

// Inner returns NumPy's inner(a, b): the sum of products over the last
// axes of both (the product by a scalar when either is 0-d), with a's
// other axes then b's in the result. Last axes of different lengths give
// an array carrying the error.
func Inner(a, b *Array) *Array {
	if err := firstErr(a, b); err != nil {
		return errArray(err)
	}
	if a.NDim() == 0 || b.NDim() == 0 {
		return a.Mul(b)
	}
	return TensorDot(a, b, []int{-1}, []int{-1})
}

// Outer returns NumPy's outer(a, b): every element of a (flattened)
// times every element of b (flattened), of shape (a.Size(), b.Size()).
func Outer(a, b *Array) *Array {
	if err := firstErr(a, b); err != nil {
		return errArray(err)
	}
	return product("outer", []string{"i", "j"}, "ij", a.Ravel(), b.Ravel())
}

// Vdot returns NumPy's vdot(a, b): the 0-d sum of the products of a
// (conjugated when complex) and b flattened, which must have the same
// size.
func Vdot(a, b *Array) *Array {
	if err := firstErr(a, b); err != nil {
		return errArray(err)
	}
	if bad := requireKnown("vdot", a, b); bad != nil {
		return bad
	}
	if a.Size() != b.Size() {
		return errorf("vdot", "sizes differ: shapes %v and %v", a.Shape(), b.Shape())
	}
	return product("vdot", []string{"i", "i"}, "", a.Ravel().Conj(), b.Ravel())
}
