package reductions

import (
	"cmp"
	"math"
	"slices"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/vec"
)

// Complex reductions. Products multiply in the complex type. Minimum and
// maximum follow NumPy's order of complex numbers, lexicographic (the
// real parts, then the imaginary parts); a value with NaN in either part
// is NaN: min, max, argmin and argmax return the first one, and the Nan
// variants skip it, as NumPy's minimum/maximum and fmin/fmax do; top-k
// ranks it above every number. (Sums,
// means and variances are reduced part by part by package array.)

type cplx interface{ complex64 | complex128 }

// cnan reports whether either part of z is NaN.
func cnan[T cplx](z T) bool {
	c := complex128(z)
	return real(c) != real(c) || imag(c) != imag(c)
}

// cless reports whether a orders before b (neither NaN).
func cless[T cplx](a, b T) bool {
	x, y := complex128(a), complex128(b)
	return real(x) < real(y) || real(x) == real(y) && imag(x) < imag(y)
}

// foldComplex folds x into acc with op.
func foldComplex[T cplx](op fold, acc, x T) T {
	switch op {
	case foldSum:
		return acc + x
	case foldProd:
		return acc * x
	case foldMin, foldMax: // NaN propagates: the first one stays
		if cnan(acc) {
			return acc
		}
		if cnan(x) || (op == foldMin) == cless(x, acc) && x != acc {
			return x
		}
	case foldNanMin, foldNanMax: // NaN is skipped (and is the identity)
		if cnan(x) {
			return acc
		}
		if cnan(acc) || (op == foldNanMin) == cless(x, acc) && x != acc {
			return x
		}
	}
	return acc
}

func foldComplexRun[T cplx](op fold, acc T, v []T) T {
	for _, x := range v {
		acc = foldComplex(op, acc, x)
	}
	return acc
}

func foldComplexRow[T cplx](op fold, d, v []T) {
	v = v[:len(d)]
	for i, x := range v {
		d[i] = foldComplex(op, d[i], x)
	}
}

// fillComplexIdentity sets every element of the complex d to op's
// identity: a NaN for the Nan variants, ∓Inf in both parts for max and
// min.
func fillComplexIdentity(op fold, d *chunk.Dense) {
	var z complex128
	switch op {
	case foldProd:
		z = 1
	case foldMin:
		z = complex(math.Inf(1), math.Inf(1))
	case foldMax:
		z = complex(math.Inf(-1), math.Inf(-1))
	case foldNanMin, foldNanMax:
		z = complex(math.NaN(), 0)
	}
	switch s := d.Data().(type) {
	case []complex128:
		for i := range s {
			s[i] = z
		}
	case []complex64:
		for i := range s {
			s[i] = complex64(z)
		}
	}
}

// betterComplex is better for complex values.
func betterComplex[T cplx](op Op, x T, i int64, cur T, j int64) bool {
	return betterBy(op, x, i, cur, j, cnan[T], cless[T])
}

// argRunComplex meets the running bests with a run of x (see argRunT).
func argRunComplex[T cplx](op Op, val []T, ix []int64, x []T, at int, g int64, lastRed bool) {
	if lastRed {
		for k, v := range x {
			if i := g + int64(k); betterComplex(op, v, i, val[at], ix[at]) {
				val[at], ix[at] = v, i
			}
		}
		return
	}
	mergeArgComplex(op, val[at:at+len(x)], ix[at:at+len(x)], x, nil, g)
}

// mergeArgComplex meets the bests val, ix with the values pv at
// positions pix (or, when pix is nil, all at position g).
func mergeArgComplex[T cplx](op Op, val []T, ix []int64, pv []T, pix []int64, g int64) {
	for k, v := range pv {
		i := g
		if pix != nil {
			if i = pix[k]; i < 0 {
				continue
			}
		}
		if betterComplex(op, v, i, val[k], ix[k]) {
			val[k], ix[k] = v, i
		}
	}
}

// topLanesComplex is topLanes for complex values: each lane's candidates
// are sorted (NaN the largest; ties by index) and the first kk kept.
func topLanesComplex[T cplx](out []T, oix *chunk.Dense, vals, idx []*chunk.Dense, base []int64, axis, k int) {
	type cand struct {
		v T
		i int64
	}
	order := func(a, b cand) int { // better first
		an, bn := cnan(a.v), cnan(b.v)
		c := 0
		switch {
		case an || bn:
			c = cmp.Compare(vec.BoolInt(an), vec.BoolInt(bn))
		default:
			x, y := complex128(a.v), complex128(b.v)
			if c = cmp.Compare(real(x), real(y)); c == 0 {
				c = cmp.Compare(imag(x), imag(y))
			}
		}
		if k > 0 {
			c = -c // largest first
		}
		if c == 0 {
			c = cmp.Compare(a.i, b.i)
		}
		return c
	}
	shape := oix.Shape()
	kk := shape[axis]
	inner, outer := chunk.Prod(shape[axis+1:]), chunk.Prod(shape[:axis])
	ox := chunk.Values[int64](oix)
	var lane []cand
	for o := range outer {
		for i := range inner {
			lane = lane[:0]
			for p, v := range vals {
				n, vs := v.Shape()[axis], chunk.Values[T](v)
				var is []int64
				if idx != nil {
					is = chunk.Values[int64](idx[p])
				}
				for j := range n {
					at := (o*n+j)*inner + i
					c := cand{v: vs[at]}
					if is != nil {
						c.i = is[at]
					} else {
						c.i = base[p] + int64(j)
					}
					lane = append(lane, c)
				}
			}
			slices.SortFunc(lane, order)
			for j, c := range lane[:kk] {
				at := (o*kk+j)*inner + i
				out[at], ox[at] = c.v, c.i
			}
		}
	}
}
