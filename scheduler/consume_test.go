package scheduler

import (
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

func init() {
	// test.inc adds 1 to every element of its input: in place when it
	// owns it, else into a fresh chunk.
	RegisterConsuming("test.inc", func([]byte) (ConsumingFunc, error) {
		return func(_ []int, in []any, own bool) (any, error) {
			src := in[0].(*chunk.Dense)
			out := src
			if !own {
				out = chunk.NewPooledDense(chunk.Float64, src.Shape())
			}
			dst, s := chunk.Values[float64](out), chunk.Values[float64](src)
			for i := range dst {
				dst[i] = s[i] + 1
			}
			return out, nil
		}, nil
	})
}

// TestConsumingKernel checks when a consuming kernel may write into its
// input: only as its last consumer, never into an output or a chunk
// another kernel pinned, and the chunk it took is recycled once, with
// its result, not under it.
func TestConsumingKernel(t *testing.T) {
	const n = 6
	run := func(t *testing.T, want []Layer, roots ...Layer) ([]any, []*chunk.Dense) {
		t.Helper()
		return runRecycleOn(t, 1, want, roots...) // tasks in the order of want
	}
	checkInc := func(t *testing.T, vals []any) {
		t.Helper()
		for i, v := range vals {
			d := v.(*chunk.Dense)
			if d.Len() != pooledLen || chunk.Values[float64](d)[pooledLen-1] != float64(i+1) {
				t.Fatalf("inc %d: len %d, want %d elements of %d", i, d.Len(), pooledLen, i+1)
			}
		}
	}
	checkSums := func(t *testing.T, vals []any) {
		t.Helper()
		for i, v := range vals {
			if v.(float64) != float64(i*pooledLen) {
				t.Fatalf("sum %d = %v, want %v: its input was written under it", i, v, i*pooledLen)
			}
		}
	}
	took := func(vals []any, ds []*chunk.Dense) int {
		k := 0
		for _, v := range vals {
			if slices.Contains(ds, v.(*chunk.Dense)) {
				k++
			}
		}
		return k
	}

	t.Run("sole consumer", func(t *testing.T) {
		_, outs := recycleGraph(n, false, "test.inc")
		vals, ds := run(t, outs, outs...)
		checkInc(t, vals)
		if k := took(vals, ds); k != n {
			t.Errorf("%d of %d results are their input chunk, want all (written in place)", k, n)
		}
	})
	t.Run("consumer first, then a borrower", func(t *testing.T) {
		_, outs := recycleGraph(n, false, "test.inc", "test.borrowsum")
		vals, ds := run(t, outs, outs...)
		checkInc(t, vals[:n])
		checkSums(t, vals[n:])
		if k := took(vals[:n], ds); k != 0 {
			t.Errorf("%d results took a chunk that a later task read", k)
		}
		for i, d := range ds {
			if d.Len() != 0 {
				t.Errorf("chunk %d not recycled after its last consumer", i)
			}
		}
	})
	t.Run("borrower first, then the consumer", func(t *testing.T) {
		_, outs := recycleGraph(n, false, "test.inc", "test.borrowsum")
		vals, ds := run(t, []Layer{outs[1], outs[0]}, outs...)
		checkSums(t, vals[:n])
		checkInc(t, vals[n:])
		if k := took(vals[n:], ds); k != n {
			t.Errorf("%d of %d results are their input chunk, want all", k, n)
		}
	})
	t.Run("input requested", func(t *testing.T) {
		src, outs := recycleGraph(n, false, "test.inc")
		vals, _ := run(t, []Layer{src, outs[0]}, outs...)
		for i, v := range vals[:n] {
			if got := chunk.Values[float64](v.(*chunk.Dense))[0]; got != float64(i) {
				t.Fatalf("requested input %d holds %v, want %v", i, got, i)
			}
		}
		checkInc(t, vals[n:])
	})
	t.Run("input pinned", func(t *testing.T) {
		_, outs := recycleGraph(n, false, "test.passthrough", "test.inc")
		vals, _ := run(t, outs, outs...)
		checkInc(t, vals[n:])
		for i, v := range vals[:n] {
			if got := chunk.Values[float64](v.(*chunk.Dense))[0]; got != float64(i) {
				t.Fatalf("pass-through %d holds %v, want %v", i, got, i)
			}
		}
	})
	t.Run("fused input", func(t *testing.T) {
		_, outs := recycleGraph(n, true, "test.inc")
		vals, _ := run(t, outs, outs...)
		checkInc(t, vals)
	})
}
