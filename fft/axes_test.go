package fft

import (
	"context"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
)

func TestTransposeTo(t *testing.T) {
	for rows := range 11 {
		for cols := range 11 {
			const sn, dn = 13, 12
			s := make([]int64, rows*sn)
			for i := range s {
				s[i] = int64(i)
			}
			buf := make([]int64, max(cols*dn, 0)+2)
			buf[0], buf[len(buf)-1] = -7, -7
			d := buf[1 : len(buf)-1]
			if rows > 0 && cols > 0 {
				transposeTo(d, dn, s, sn, rows, cols)
			}
			for c := range cols {
				for r := range dn {
					want := int64(0)
					if r < rows {
						want = s[r*sn+c]
					}
					if got := d[c*dn+r]; got != want {
						t.Fatalf("%dx%d: d[%d·%d+%d] = %d; want %d", rows, cols, c, dn, r, got, want)
					}
				}
			}
			if buf[0] != -7 || buf[len(buf)-1] != -7 {
				t.Fatalf("%dx%d: guard overwritten", rows, cols)
			}
		}
	}
}

// dft is the naive transform of one lane, unscaled, with NumPy's sign
// (exp(-2πi jk/n) forward).
func dft(x []complex128, inverse bool) []complex128 {
	n := len(x)
	sign := -1.0
	if inverse {
		sign = 1
	}
	y := make([]complex128, n)
	for k := range y {
		var s complex128
		for j, v := range x {
			s += v * cmplx.Rect(1, sign*2*math.Pi*float64(j*k%n)/float64(n))
		}
		y[k] = s
	}
	return y
}

// TestAlongAxesNaive compares the 1-d transforms along every axis of 3-d
// arrays (lanes gathered in batches when the axis is not the last, with
// batch remainders, zero-length axes and any chunking) with a naive DFT.
func TestAlongAxesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 12))
	for it := range 154 {
		shape := []int{r.IntN(7), 1 + r.IntN(19), 1 + r.IntN(13)}
		if it%10 == 0 {
			shape[1+r.IntN(2)] = 0
		}
		axis := r.IntN(3)
		if it >= 150 { // lanes 4 KiB apart or more, which transposeTo prefetches
			shape, axis = []int{2, 23 + r.IntN(9), 600}, 1
		}
		if shape[axis] == 0 {
			continue // a zero-length transformed axis is an error without N
		}
		dt := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Complex128, chunk.Complex64}[r.IntN(4)]
		in := randInput(r, dt, shape)
		x := array.FromDense(in, randSpec(r, shape))
		vals := chunk.Values[complex128](in.AsType(chunk.Complex128))
		m := shape[axis]
		n := max(1, m+r.IntN(5)-2) // cropped or zero-padded
		kinds := []struct {
			name string
			f    func(*array.Array, ...Option) *array.Array
			out  int // output length along axis
			lane func(v []complex128) []complex128
		}{
			{"fft", FFT, n, func(v []complex128) []complex128 { return dft(v, false) }},
			{"ifft", IFFT, n, func(v []complex128) []complex128 {
				y := dft(v, true)
				for i := range y {
					y[i] /= complex(float64(n), 0)
				}
				return y
			}},
		}
		if !dt.IsComplex() {
			kinds = append(kinds, struct {
				name string
				f    func(*array.Array, ...Option) *array.Array
				out  int
				lane func(v []complex128) []complex128
			}{"rfft", RFFT, n/2 + 1, func(v []complex128) []complex128 { return dft(v, false)[:n/2+1] }})
		}
		outer, inner := chunk.Prod(shape[:axis]), chunk.Prod(shape[axis+1:])
		for _, k := range kinds {
			got, err := k.f(x, Axes(axis), N(n)).Compute(context.Background())
			if err != nil {
				t.Fatalf("%s axis %d of %v%v: %v", k.name, axis, dt, shape, err)
			}
			g := chunk.Values[complex128](got)
			lane := make([]complex128, n)
			for o := range outer {
				for i := range inner {
					clear(lane)
					for j := range min(m, n) {
						lane[j] = vals[(o*m+j)*inner+i]
					}
					want := k.lane(lane)
					for j := range k.out {
						gv := g[(o*k.out+j)*inner+i]
						tol := 1e-9 * float64(n)
						if dt == chunk.Float32 || dt == chunk.Complex64 {
							tol = 1e-5 * float64(n)
						}
						if cmplx.Abs(gv-want[j]) > tol {
							t.Fatalf("%s axis %d n=%d of %v%v: lane (%d, %d) value %d = %v; want %v", k.name, axis, n, dt, shape, o, i, j, gv, want[j])
						}
					}
				}
			}
		}
	}
}
