package array

import (
	"context"
	"math"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// neumaier is a compensated running sum.
type neumaier struct{ s, c float64 }

func (n *neumaier) add(x float64) {
	t := n.s + x
	if math.Abs(n.s) >= math.Abs(x) {
		n.c += (n.s - t) + x
	} else {
		n.c += (x - t) + n.s
	}
	n.s = t
}

func (n *neumaier) sum() float64 { return n.s + n.c }

// TestMeanStdLargeOffset checks mean and std of 10⁸ values 1e9 + U(0,1)
// (10⁶ with -short) to 1e-12 relative against a serial compensated
// reference over the same generated values. The array is generated, so
// no memory is held; the reference reads it back a slice at a time.
// Values lie in [1e9, 1e9+1), so x - 1e9 is exact and the reference
// sums the shifted values and their squares with Neumaier compensation.
func TestMeanStdLargeOffset(t *testing.T) {
	n, c := 100_000_000, 4_000_000
	if testing.Short() {
		n, c = 1_000_000, 100_000
	}
	ctx := context.Background()
	x := NewRNG(1).Uniform(0, 1, []int{n}, chunk.Regular(c)).Add(1e9)
	var s1, s2 neumaier
	const step = 1_000_000
	for lo := 0; lo < n; lo += step {
		hi := min(lo+step, n)
		v, err := ToSlice[float64](ctx, x.Slice([2]int{lo, hi}))
		if err != nil {
			t.Fatal(err)
		}
		for _, y := range v {
			d := y - 1e9
			s1.add(d)
			s2.add(d * d)
		}
	}
	md := s1.sum() / float64(n)
	wantMean := 1e9 + md
	wantVar := s2.sum()/float64(n) - md*md
	wantStd := math.Sqrt(wantVar)

	got, err := ComputeAll(ctx, []*Array{x.Mean(), x.Std(), x.NanMean(), x.Var()})
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, got, want float64) {
		t.Helper()
		if rel := math.Abs(got-want) / math.Abs(want); rel > 1e-12 {
			t.Errorf("%s = %.17g, want %.17g (relative error %.3g)", name, got, want, rel)
		}
	}
	check("mean", got[0].Float(0), wantMean)
	check("std", got[1].Float(0), wantStd)
	check("nanmean", got[2].Float(0), wantMean)
	check("var", got[3].Float(0), wantVar)
}

// TestVarColumnsLargeOffset checks Var along axis 0 — the kept innermost
// axis, where each chunk keeps shifted sums per column — on 1e9 + U(0,1)
// to 1e-12 relative, per column, against the compensated reference.
func TestVarColumnsLargeOffset(t *testing.T) {
	rows, cols := 100_000, 64
	if testing.Short() {
		rows = 10_000
	}
	ctx := context.Background()
	x := NewRNG(2).Uniform(0, 1, []int{rows, cols}, chunk.Regular(3000, 40)).Add(1e9)
	s1, s2 := make([]neumaier, cols), make([]neumaier, cols)
	const step = 10_000
	for lo := 0; lo < rows; lo += step {
		hi := min(lo+step, rows)
		v, err := ToSlice[float64](ctx, x.Slice([2]int{lo, hi}))
		if err != nil {
			t.Fatal(err)
		}
		for i, y := range v {
			d := y - 1e9
			s1[i%cols].add(d)
			s2[i%cols].add(d * d)
		}
	}
	got, err := ToSlice[float64](ctx, x.Var(Axis(0), SplitEvery(3)))
	if err != nil {
		t.Fatal(err)
	}
	for j := range cols {
		md := s1[j].sum() / float64(rows)
		want := s2[j].sum()/float64(rows) - md*md
		if rel := math.Abs(got[j]-want) / want; rel > 1e-12 {
			t.Errorf("column %d: var %.17g, want %.17g (relative error %.3g)", j, got[j], want, rel)
		}
	}
}
