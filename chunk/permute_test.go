package chunk

import (
	"math/rand/v2"
	"testing"
)

// TestPermuteInto writes random permutations of random chunks (0-d to
// 4-d, zero and one-length axes, axes longer than blockTranspose's
// blocks, elements of 1 to 16 bytes) into a larger buffer at a random
// place, against the naive element loop, and checks nothing outside the
// box is written.
func TestPermuteInto(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	dts := []DType{Bool, Int16, Float32, Float64, Complex128}
	for it := range 600 {
		dt := dts[r.IntN(len(dts))]
		nd := r.IntN(5)
		in := make([]int, nd)
		for a := range in {
			in[a] = []int{0, 1, 2, 3, 5, 17, 40, transposeBlock + 7}[r.IntN(8)]
		}
		if Prod(in) > 1<<17 {
			continue
		}
		perm := r.Perm(nd)
		shape, big, at := make([]int, nd), make([]int, nd), make([]int, nd)
		for a, ia := range perm {
			shape[a] = in[ia]
			at[a] = r.IntN(3)
			big[a] = shape[a] + at[a] + r.IntN(3)
		}
		vals := make([]float64, Prod(in))
		for i := range vals {
			vals[i] = float64(uint32(i*2654435761) % 251) // scattered, zero included
		}
		f, _ := FromSlice(in, vals)
		src := f.AsType(dt)
		dst := NewDense(dt, big)
		PermuteInto(dst, at, src, perm)
		st := Strides(in)
		want := make([]float64, dst.Len())
		EachIndex(shape, func(idx []int) {
			q, o := 0, 0
			for a, i := range idx {
				q += i * st[perm[a]]
			}
			pos := make([]int, nd)
			for a := range idx {
				pos[a] = idx[a] + at[a]
			}
			o = Ravel(pos, big)
			want[o] = src.Float(q)
		})
		for i, w := range want {
			if g := dst.Float(i); g != w {
				t.Fatalf("it%d %v %v through %v at %v in %v: element %d = %v, want %v", it, dt, in, perm, at, big, i, g, w)
			}
		}
	}
}

// TestPermuteChannelsFirst moves the last axis of three channels of
// bytes first (an RGB image to CHW, fewLanes' packed triples) for widths
// around the vector loop's 16 pixels, against the naive loop.
func TestPermuteChannelsFirst(t *testing.T) {
	for _, w := range []int{1, 15, 16, 17, 31, 32, 33, 48, 100, 1000} {
		for _, dt := range []DType{Uint8, Int8, Bool} {
			h := 5
			in := make([]float64, h*w*3)
			for i := range in {
				v := uint8(uint32(i*2654435761) >> 24) // scattered bytes
				switch dt {
				case Bool:
					in[i] = float64(v % 2)
				case Int8:
					in[i] = float64(int8(v))
				default:
					in[i] = float64(v)
				}
			}
			f, _ := FromSlice([]int{h, w, 3}, in)
			src := f.AsType(dt)
			dst := NewDense(dt, []int{3, h, w})
			PermuteInto(dst, []int{0, 0, 0}, src, []int{2, 0, 1})
			for c := range 3 {
				for y := range h {
					for x := range w {
						if g, want := dst.Float((c*h+y)*w+x), src.Float((y*w+x)*3+c); g != want {
							t.Fatalf("%v width %d: channel %d at (%d, %d) = %v, want %v", dt, w, c, y, x, g, want)
						}
					}
				}
			}
		}
	}
}
