package array

import (
	"fmt"
	"slices"
	"strings"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Einsum evaluates the Einstein summation subscripts over the operands as
// NumPy's einsum does: "ij,jk->ik" is a matrix product, "ii->i" a
// diagonal, "ii" a trace, "...ij,...jk" a stacked product with the
// leading axes broadcast, and without "->" the output is the letters
// that appear once, in ASCII order, after the ellipsis axes. Lengths of 1
// broadcast against any length, as in NumPy. The result dtype is NumPy's
// (the operands' common type; booleans give a boolean "any of the
// products"). Letters a summation drops are contracted chunk by chunk and
// added by a tree (see Blockwise, whose SplitEvery default it uses);
// chunks are unified along each letter.
//
// Bad subscripts (a wrong number of terms, a character that is not a
// letter, a letter count that is not the operand's number of axes, an
// output letter repeated or on no input) or lengths that disagree give
// an array carrying a one-line error.
func Einsum(subscripts string, operands ...*Array) *Array {
	if err := firstErr(operands...); err != nil {
		return errArray(err)
	}
	if len(operands) == 0 {
		return errorf("einsum", "no operands")
	}
	ndims := make([]int, len(operands))
	dt := operands[0].dtype
	for i, a := range operands {
		ndims[i] = a.NDim()
		dt = chunk.Promote(dt, a.dtype)
	}
	ins, out, err := parseEinsum(subscripts, ndims)
	if err != nil {
		return errorf("einsum", "%q: %v", subscripts, err)
	}
	return einsum("einsum", ins, out, dt, operands)
}

// einsum builds the contraction of operands, whose letters are ins (no
// ellipsis left), into out, computed in dtype dt; op names the layers and
// errors.
func einsum(op string, ins []string, out string, dt chunk.DType, operands []*Array) *Array {
	if dt == chunk.Float16 { // no float16 kernel: in float32, rounded at the end
		wide := make([]*Array, len(operands))
		for i, a := range operands {
			wide[i] = a.AsType(chunk.Promote(a.dtype, chunk.Float32))
		}
		return einsum(op, ins, out, chunk.Float32, wide).AsType(dt)
	}
	if len(operands) == 1 {
		if r, ok := einsumAsSum(operands[0], ins[0], out, dt); ok {
			return r
		}
	} else if r, ok := einsumAsProduct(operands, ins, out, dt); ok {
		return r
	}
	ins = slices.Clone(ins)
	args := make([]indexed, len(operands))
	for i, a := range operands {
		args[i] = indexed{a, ins[i]}
		// A transposed operand is read as its source with its letters
		// permuted: the chunk kernels read any layout (GEMM transposed
		// in place), so the transpose is never materialized.
		if src, perm, ok := transposedSource(a); ok {
			ix := make([]byte, len(perm))
			for o, ax := range perm {
				ix[ax] = ins[i][o]
			}
			ins[i] = string(ix)
			args[i] = indexed{src, ins[i]}
		}
	}
	p := scheduler.EncodeParams(einsumParams{Ins: ins, Out: out, DType: dt})
	return contract(op, "array.einsum", p, dt, out, args, nil, 0)
}

// einsumAsSum is the einsum of one real operand x whose letters ix are
// distinct ("ijk->k", "ij->ji"): a Sum over the letters out drops, then
// a Transpose to out's order, in dtype dt (integers wrap as NumPy's
// einsum does in their own width). ok is false for other subscripts.
func einsumAsSum(x *Array, ix, out string, dt chunk.DType) (r *Array, ok bool) {
	if dt.IsComplex() || dt == chunk.Bool {
		return nil, false
	}
	var drop []int
	kept := make([]byte, 0, len(out))
	for a := range len(ix) {
		if strings.IndexByte(ix, ix[a]) != a {
			return nil, false // a diagonal
		}
		if strings.IndexByte(out, ix[a]) < 0 {
			drop = append(drop, a)
		} else {
			kept = append(kept, ix[a])
		}
	}
	r = x
	if len(drop) > 0 {
		r = r.Sum(Axis(drop...))
	}
	if string(kept) != out {
		perm := make([]int, len(out))
		for o := range len(out) {
			perm[o] = slices.Index(kept, out[o])
		}
		r = r.Transpose(perm...)
	}
	if r.dtype != dt {
		r = r.AsType(dt)
	}
	return r, true
}

// einsumAsProduct is the einsum of several real operands with the same
// distinct letters, perhaps in other orders ("ij,ij->i", "ij,ji->j",
// "bij,bij->"): the elementwise product of the operands, each transposed
// to the first one's order, summed as einsumAsSum sums one operand. The
// fused expression reads operands whose chunks do not line up in place,
// where the contraction would rechunk them. ok is false for other
// subscripts (an operand with fewer letters, as in "ij,j->i", is a
// matrix-vector product, faster contracted), and for lengths that
// neither agree nor are 1 (the contraction reports those), and for dot
// products along rows that line up (see rowDots).
func einsumAsProduct(operands []*Array, ins []string, out string, dt chunk.DType) (r *Array, ok bool) {
	if dt.IsComplex() || dt == chunk.Bool || rowDots(operands, ins, out, dt) {
		return nil, false
	}
	hix := ins[0]
	length := map[byte]int{}
	for i, ix := range ins {
		if len(ix) != len(hix) {
			return nil, false
		}
		for a := range len(ix) {
			c := ix[a]
			if strings.IndexByte(ix, c) != a || strings.IndexByte(hix, c) < 0 {
				return nil, false // a diagonal, or a letter the first lacks
			}
			n, seen := length[c]
			m := operands[i].Shape()[a]
			switch {
			case !seen || n == 1:
				length[c] = m
			case m != n && m != 1:
				return nil, false
			}
		}
	}
	for i, a := range operands {
		perm := make([]int, len(hix))
		for h := range len(hix) {
			perm[h] = strings.IndexByte(ins[i], hix[h])
		}
		if !slices.IsSorted(perm) {
			a = a.Transpose(perm...)
		}
		if a.dtype != dt {
			a = a.AsType(dt)
		}
		if r == nil {
			r = a
		} else {
			r = r.Mul(a)
		}
	}
	return einsumAsSum(r, hix, out, dt)
}

// rowDots reports whether the einsum is a batch of float dot products
// along the operands' contiguous last letters ("ij,ij->i", "bij,bij->b"):
// every operand has the first's letters in its order, its shape and its
// chunks, none is a transpose, and out is a prefix of the letters. The
// contraction runs those as BLAS dots over each chunk's rows, faster
// than a fused product and sum (float64 4000² rows: 9.6 against 14 ms).
func rowDots(operands []*Array, ins []string, out string, dt chunk.DType) bool {
	if dt != chunk.Float64 && dt != chunk.Float32 || !strings.HasPrefix(ins[0], out) || len(out) == len(ins[0]) {
		return false
	}
	for i, a := range operands {
		if _, _, t := transposedSource(a); t || a.dtype != dt || ins[i] != ins[0] ||
			!slices.EqualFunc(a.Chunks(), operands[0].Chunks(), slices.Equal) {
			return false
		}
	}
	return true
}

func init() {
	registerIndexKernel("array.einsum", func(inner []byte) (blockKernel, error) {
		var p einsumParams
		if err := scheduler.DecodeParams(inner, &p); err != nil {
			return nil, err
		}
		if !p.DType.Valid() {
			return nil, fmt.Errorf("einsum: invalid dtype %v", p.DType)
		}
		return func(info *BlockInfo, in []*chunk.Dense) (*chunk.Dense, error) {
			return einsumDense(&p, info.Output.Box.Shape(), in)
		}, nil
	})
}

// parseEinsum turns NumPy subscripts for operands of the given numbers
// of axes into one letter string per operand and the output's, with
// every ellipsis replaced by letters the subscripts do not use.
func parseEinsum(subs string, ndims []int) ([]string, string, error) {
	subs = strings.ReplaceAll(subs, " ", "")
	lhs, out, explicit := strings.Cut(subs, "->")
	if strings.Contains(out, "->") {
		return nil, "", fmt.Errorf("more than one \"->\"")
	}
	terms := strings.Split(lhs, ",")
	if len(terms) != len(ndims) {
		return nil, "", fmt.Errorf("%d terms for %d operands", len(terms), len(ndims))
	}
	var used []byte
	for _, c := range []byte(strings.ReplaceAll(lhs+out, "...", "")) {
		if c != ',' && !isIndexLetter(c) {
			return nil, "", fmt.Errorf("%q is not a subscript letter", c)
		}
		used = append(used, c)
	}
	// Ellipsis letters: the ones no subscript uses, broadcast from the
	// right.
	var free []byte
	for c := byte('A'); c <= 'z'; c++ {
		if isIndexLetter(c) && !slices.Contains(used, c) {
			free = append(free, c)
		}
	}
	ell := 0
	ins := make([]string, len(terms))
	for i, t := range terms {
		n := len(strings.ReplaceAll(t, "...", ""))
		switch strings.Count(t, "...") {
		case 0:
			if n != ndims[i] {
				return nil, "", fmt.Errorf("term %q has %d letters for an operand of %d axes", t, n, ndims[i])
			}
		case 1:
			if n > ndims[i] {
				return nil, "", fmt.Errorf("term %q has %d letters for an operand of %d axes", t, n, ndims[i])
			}
			ell = max(ell, ndims[i]-n)
		default:
			return nil, "", fmt.Errorf("term %q has more than one ellipsis", t)
		}
	}
	if ell > len(free) {
		return nil, "", fmt.Errorf("too many axes under the ellipsis")
	}
	ellLetters := string(free[:ell])
	for i, t := range terms {
		k := ndims[i] - len(strings.ReplaceAll(t, "...", ""))
		ins[i] = strings.Replace(t, "...", ellLetters[ell-k:], 1)
	}
	if !explicit {
		count := map[byte]int{}
		for _, t := range ins {
			for _, c := range []byte(t) {
				count[c]++
			}
		}
		var once []byte
		for c, n := range count {
			if n == 1 && !strings.ContainsRune(ellLetters, rune(c)) {
				once = append(once, c)
			}
		}
		slices.Sort(once)
		return ins, ellLetters + string(once), nil
	}
	switch strings.Count(out, "...") {
	case 0:
		for _, t := range terms {
			if strings.Contains(t, "...") && ell > 0 {
				return nil, "", fmt.Errorf("the output drops the ellipsis axes; name them with \"...\"")
			}
		}
	case 1:
		out = strings.Replace(out, "...", ellLetters, 1)
	default:
		return nil, "", fmt.Errorf("the output has more than one ellipsis")
	}
	all := strings.Join(ins, "")
	for j := range len(out) {
		c := out[j]
		if strings.IndexByte(out[:j], c) >= 0 {
			return nil, "", fmt.Errorf("output letter %q repeats", c)
		}
		if strings.IndexByte(all, c) < 0 {
			return nil, "", fmt.Errorf("output letter %q is on no input", c)
		}
	}
	return ins, out, nil
}
