package blockwise

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestScanAlong compares evaluators scanning along an axis (EvalTo, and
// tiles read on their own) with a naive scan, over random shapes (zero
// and one-length axes, axes longer and shorter than a tile), every scan
// dtype, sums and products, and a program that is an expression.
func TestScanAlong(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	dts := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int64, chunk.Uint64, chunk.Complex64, chunk.Complex128}
	for it := range 300 {
		nd := 1 + r.IntN(3)
		shape := make([]int, nd)
		for a := range shape {
			shape[a] = []int{0, 1, 2, 3, 7, 40, 1100}[r.IntN(7)]
		}
		if chunk.Prod(shape) > 50000 {
			shape[0] = 1
		}
		axis, dt, prod := r.IntN(nd), dts[r.IntN(len(dts))], r.IntN(2) == 0
		n := chunk.Prod(shape)
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(r.IntN(5) - 1)
			if dt == chunk.Uint64 {
				v[i] = float64(r.IntN(4))
			}
			if prod { // mostly 1, so that products stay exact
				v[i] = 1
				if r.IntN(60) == 0 {
					v[i] = 2
				}
			}
		}
		src, _ := chunk.FromSlice(shape, v)
		src = src.AsType(dt)
		b := NewBuilder(1)
		p := b.Program(b.Input(0, dt))
		if r.IntN(2) == 0 {
			p = b.Program(b.Binary(OpMul, dt, b.Input(0, dt), b.Const(1, dt))) // an expression
		}
		want := make([]complex128, n)
		inner, m := chunk.Prod(shape[axis+1:]), shape[axis]
		for i := range want {
			want[i] = complex(v[i], 0)
			if m > 0 && (i/inner)%m > 0 {
				if prod {
					want[i] *= want[i-inner]
				} else {
					want[i] += want[i-inner]
				}
			}
		}
		f := Frame{Shape: shape, Origin: make([]int, nd), Global: shape}
		for _, whole := range []bool{true, false} {
			ev, err := NewEvaluator(p, f, []*chunk.Dense{src})
			if err != nil {
				t.Fatal(err)
			}
			if err := ev.ScanAlong(axis, prod, nil); err != nil {
				t.Fatal(err)
			}
			got := chunk.NewDense(dt, shape)
			if whole {
				err = ev.EvalTo(got)
			} else {
				for off := 0; off < n; off += TileSize {
					m := min(TileSize, n-off)
					chunk.Convert(sliceOf(got.Data(), off, off+m), ev.Tile(off, m, nil)) // the evaluator's own buffer
				}
				err = ev.Err()
			}
			ev.Release()
			if err != nil {
				t.Fatal(err)
			}
			gc := chunk.Values[complex128](got.AsType(chunk.Complex128))
			for i := range want {
				if gc[i] != want[i] {
					t.Fatalf("it%d %v %v axis %d prod %v whole %v: element %d = %v, want %v", it, dt, shape, axis, prod, whole, i, gc[i], want[i])
				}
			}
		}
	}
}

// TestScanAlongErrors: a bad axis or dtype, and tiles out of order.
func TestScanAlongErrors(t *testing.T) {
	src, _ := chunk.FromSlice([]int{3000}, make([]float64, 3000))
	b := NewBuilder(1)
	p := b.Program(b.Input(0, chunk.Float64))
	f := Frame{Shape: []int{3000}, Origin: []int{0}, Global: []int{3000}}
	ev, _ := NewEvaluator(p, f, []*chunk.Dense{src})
	defer ev.Release()
	if err := ev.ScanAlong(1, false, nil); err == nil || !strings.Contains(err.Error(), "scan axis 1 of a 1-d chunk") {
		t.Errorf("bad axis: %v", err)
	}
	for _, c := range []*chunk.Dense{chunk.NewDense(chunk.Float32, []int{1}), chunk.NewDense(chunk.Float64, []int{2})} {
		if err := ev.ScanAlong(0, false, c); err == nil || !strings.Contains(err.Error(), "scan carry of") {
			t.Errorf("carry %v %v: %v", c.DType(), c.Shape(), err)
		}
	}
	if err := ev.ScanAlong(0, false, nil); err != nil {
		t.Fatal(err)
	}
	ev.Tile(0, TileSize, nil)
	ev.Tile(2*TileSize, 100, nil)
	if err := ev.Err(); err == nil || !strings.Contains(err.Error(), "scanned tile at 2048, want 1024") {
		t.Errorf("tiles out of order: %v", err)
	}
	i32, _ := chunk.FromSlice([]int{3}, []int32{1, 2, 3})
	b = NewBuilder(1)
	ev2, _ := NewEvaluator(b.Program(b.Input(0, chunk.Int32)), Frame{Shape: []int{3}, Origin: []int{0}, Global: []int{3}}, []*chunk.Dense{i32})
	defer ev2.Release()
	if err := ev2.ScanAlong(0, false, nil); err == nil || !strings.Contains(err.Error(), "scan of int32 values") {
		t.Errorf("int32: %v", err)
	}
}
