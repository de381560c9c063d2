package array

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// TestReduceThroughLayout checks reductions of rearranged arrays (basic
// slices with any steps and integers, flips, rolls, repeats, tiles,
// takes, reflect/edge pads, concatenations, transposes, rechunks, and
// elementwise expressions of them), which reduce
// the source and rearrange the result (reduceThrough), against the
// naive reference over the rearrangement computed on its own: random
// shapes (rank 1–4, zero-length axes, ragged chunks), dtypes, axes,
// keepdims, persisted and computed sources.
func TestReduceThroughLayout(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	ops := []string{"sum", "max", "mean", "var", "argmax", "argmin", "nanmin"}
	dts := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int64, chunk.Uint8, chunk.Bool}
	ctx := context.Background()
	for it := range 400 {
		shape, spec := redShape(r)
		if len(shape) == 0 {
			continue
		}
		dt := dts[r.IntN(len(dts))]
		v := redData(r, chunk.Prod(shape), dt, 0)
		x := FromDense(redDense(t, dt, shape, v), spec)
		switch {
		case dt == chunk.Bool:
		case r.IntN(3) == 0:
			x = x.Mul(2).Add(1) // an expression: the rearrangement reads it
		case r.IntN(4) == 0: // of two inputs, read through the same axis map
			w := redData(r, chunk.Prod(shape), dt, 0)
			x = x.Mul(2).Add(FromDense(redDense(t, dt, shape, w), spec))
		}
		tol := 1e-9
		if dt == chunk.Float32 {
			tol = 1e-5
		}
		y, what := randLayout(r, x)
		if y.err != nil {
			t.Fatalf("it%d %s: %v", it, what, y.err)
		}
		if dt != chunk.Bool && r.IntN(4) == 0 { // an expression of the rearrangement
			y, what = y.Mul(3).Sub(2), what+"*3-2"
		}
		op := ops[r.IntN(len(ops))]
		nd := y.NDim()
		var axes []int
		for a := range nd {
			if r.IntN(2) == 0 {
				axes = append(axes, a)
			}
		}
		if op[:3] == "arg" && len(axes) > 1 {
			axes = axes[:1]
		}
		keep := r.IntN(3) == 0
		name := fmt.Sprintf("it%d/%v/%v/%v/%s/%s/axes%v/keep%v", it, dt, shape, spec, what, op, axes, keep)
		yd, err := y.Compute(ctx)
		if err != nil {
			t.Fatalf("%s: the rearrangement: %v", name, err)
		}
		want, wshape, werr := redRef(op, chunk.Values[float64](yd.AsType(chunk.Float64)), yd.Shape(), axes, 0)
		opts := []ReduceOption{Axis(axes...)}
		if keep {
			opts = append(opts, KeepDims())
		}
		red := map[string]func(...ReduceOption) *Array{"sum": y.Sum, "max": y.Max, "mean": y.Mean, "var": y.Var,
			"argmax": y.ArgMax, "argmin": y.ArgMin, "nanmin": y.NanMin}[op]
		got, gerr := red(opts...).Compute(ctx)
		if werr != nil || gerr != nil {
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("%s: error %v, want %v", name, gerr, werr)
			}
			continue
		}
		if keep {
			ks := slices.Clone(yd.Shape())
			for _, a := range axes {
				ks[a] = 1
			}
			wshape = ks
		}
		if !chunk.EqualShapes(got.Shape(), wshape) {
			t.Fatalf("%s: shape %v, want %v", name, got.Shape(), wshape)
		}
		for i, w := range want {
			g := got.Float(i)
			if !(g == w || math.Abs(g-w) <= tol*math.Max(math.Abs(w), 1) || math.IsNaN(g) && math.IsNaN(w)) {
				t.Fatalf("%s: element %d = %v, want %v", name, i, g, w)
			}
		}
	}
}

// randLayout returns a random rearrangement of x and its description.
func randLayout(r *rand.Rand, x *Array) (*Array, string) {
	shape := x.Shape()
	nd := len(shape)
	axis := r.IntN(nd)
	n := shape[axis]
	switch r.IntN(10) {
	case 0, 1:
		idx := make([]Index, nd)
		for a, m := range shape {
			steps := []int{1, -1, 2, -2, 3, -3}
			switch {
			case m > 0 && r.IntN(6) == 0:
				idx[a] = At(r.IntN(m) - r.IntN(2)*m)
			case r.IntN(3) == 0:
				idx[a] = All()
			default:
				idx[a] = S(r.IntN(m+3)-r.IntN(2)*(m+2), r.IntN(m+3)-r.IntN(2)*(m+2), steps[r.IntN(len(steps))])
			}
			if r.IntN(5) == 0 {
				idx[a] = S(None, None, -1)
			}
		}
		y := x.Index(idx...)
		if y.NDim() == 0 {
			return x.Flip(), "flip"
		}
		return y, fmt.Sprintf("index%v", idx)
	case 2:
		return x.Flip(axis), fmt.Sprintf("flip%d", axis)
	case 3:
		if r.IntN(3) == 0 { // over the flattened array: pieces of columns whose rows roll
			s := r.IntN(2*x.Size()+3) - x.Size() - 1
			return x.Roll(s), fmt.Sprintf("roll%d", s)
		}
		s := r.IntN(2*n+3) - n - 1
		return x.Roll(s, axis), fmt.Sprintf("roll%d/%d", s, axis)
	case 4:
		k := r.IntN(3)
		return x.Repeat(k, axis), fmt.Sprintf("repeat%d/%d", k, axis)
	case 5:
		reps := make([]int, nd)
		for a := range reps {
			reps[a] = 1
		}
		reps[axis] = 2
		return x.Tile(reps...), fmt.Sprintf("tile%v", reps)
	case 6:
		if n == 0 {
			return x.Flip(axis), fmt.Sprintf("flip%d", axis)
		}
		ints := make([]int, r.IntN(2*n+1))
		for i := range ints {
			ints[i] = r.IntN(n)
		}
		if r.IntN(2) == 0 { // a permutation
			ints = r.Perm(n)
		}
		return x.Take(ints, axis), fmt.Sprintf("take%v/%d", ints, axis)
	case 7:
		widths := make([][2]int, nd)
		widths[axis] = [2]int{r.IntN(3), r.IntN(3)}
		mode := []PadMode{PadReflect, PadEdge, PadConstant}[r.IntN(3)]
		if n == 0 {
			mode = PadConstant
		}
		return x.Pad(widths, mode, 7), fmt.Sprintf("pad%v/%v", widths, mode)
	case 8:
		if r.IntN(4) == 0 {
			return x.Rechunk(nil), "rechunk-auto"
		}
		cs := make([]int, nd)
		for a, m := range shape {
			cs[a] = 1 + r.IntN(m+1)
		}
		return x.Rechunk(chunk.Regular(cs...)), fmt.Sprintf("rechunk%v", cs)
	default:
		if r.IntN(2) == 0 {
			return Concatenate([]*Array{x, x.Flip(axis)}, axis), fmt.Sprintf("concat%d", axis)
		}
		perm := r.Perm(nd)
		return x.Transpose(perm...), fmt.Sprintf("transpose%v", perm)
	}
}

// TestReduceThroughLayoutPlans checks that the reductions move past the
// rearrangement: the result's last step is the rearrangement of a
// reduced source (so no rearranged copy of x is made), or, for a 2-d
// transpose, the reduction of the source itself; and that a selection
// that shrinks a kept axis is not moved after the reduction (which would
// then read more).
func TestReduceThroughLayoutPlans(t *testing.T) {
	x := FromSlice(make([]float64, 24), []int{4, 6}, chunk.Regular(2, 3))
	for _, c := range []struct {
		name string
		y    *Array
		last string // the layer type of the result
	}{
		{"reversed columns", x.Index(All(), S(None, None, -1)).Sum(Axis(0)), "*array.sliceLayer"},
		{"reversed rows", x.Index(S(None, None, -1)).Sum(Axis(0)), "*reductions.tree"},
		{"roll", x.Roll(2, 1).Max(Axis(0)), "*array.gatherLayer"},
		{"flat roll", x.Roll(9).Sum(Axis(0)), "*array.gatherLayer"},
		{"repeat", x.Repeat(2, 1).Sum(Axis(0)), "*array.gatherLayer"},
		{"transpose", x.T().Sum(Axis(0)), "*reductions.tree"},
		{"rechunk", x.Rechunk(chunk.Regular(4, 6)).Sum(Axis(0)), "*array.rechunkLayer"},
		{"rechunk of a transpose", x.T().Rechunk(chunk.Regular(6, 4)).Sum(Axis(1)), "*array.rechunkLayer"},
		{"rechunk keeping the kept axis", x.Rechunk(chunk.Regular(4, 3)).Mean(Axis(0)), "*reductions.tree"},
		{"expression of a rechunk", x.Rechunk(chunk.Regular(4, 6)).Add(1).Mul(2).Sum(Axis(0)), "*array.rechunkLayer"},
		// Selections that shrink a kept axis stay before the reduction.
		{"two columns", x.Index(All(), S(0, 2, 1)).Sum(Axis(0)), "*reductions.tree"},
		{"every other column", x.Index(S(None, None, -1), S(None, None, 2)).Sum(Axis(0)), "*reductions.tree"},
		{"take one column", x.Take([]int{1}, 1).Sum(Axis(0)), "*reductions.tree"},
	} {
		if got := fmt.Sprintf("%T", c.y.layer); got != c.last {
			t.Errorf("%s: result layer %s, want %s", c.name, got, c.last)
		}
	}
	// A flat roll is two pieces of columns whose rows roll: each piece's
	// reduction moves past its roll too (its columns sliced first), so
	// that no rolled piece is made.
	g, ok := x.Roll(9).Sum(Axis(0)).layer.(*gatherLayer)
	if !ok || len(g.srcs) != 2 {
		t.Fatalf("flat roll: result %T, want a gather of two pieces", g)
	}
	for i, s := range g.srcs {
		if _, ok := s.layer.(*gatherLayer); !ok {
			t.Errorf("flat roll: piece %d reduces to a %T, want the gather of a reduced slice", i, s.layer)
		}
	}
}

// TestReduceThroughRechunk checks that a reduction of a rechunk reduces
// the array the rechunk reads (through all its stages) and has the
// chunks the rechunk asked for along the kept axes (one along reduced
// axes kept as dimensions), with the values of the naive reference.
func TestReduceThroughRechunk(t *testing.T) {
	ctx := context.Background()
	v := make([]float64, 60*80)
	for i := range v {
		v[i] = float64((i*37)%97) - 40
	}
	x := FromSlice(v, []int{60, 80}, chunk.Regular(3, 4)) // many small chunks
	colSum, colMax := make([]float64, 80), make([]float64, 80)
	for j := range 80 {
		colMax[j] = math.Inf(-1)
		for i := range 60 {
			colSum[j] += v[i*80+j]
			colMax[j] = math.Max(colMax[j], v[i*80+j])
		}
	}
	for _, c := range []struct {
		name   string
		y      *Array
		chunks [][]int
		want   []float64
	}{
		{"auto", x.Rechunk(nil).Sum(Axis(0)), [][]int{{80}}, colSum},
		{"columns", x.Rechunk(chunk.Regular(60, 20)).Max(Axis(0)), [][]int{{20, 20, 20, 20}}, colMax},
		{"keepdims", x.Rechunk(chunk.Regular(60, 20)).Sum(Axis(0), KeepDims()), [][]int{{1}, {20, 20, 20, 20}}, colSum},
		{"all axes", x.Rechunk(chunk.Regular(7, 9)).ArgMin(), [][]int{}, []float64{float64(slices.Index(v, slices.Min(v)))}},
		{"twice", x.Rechunk(chunk.Regular(60, 1)).Rechunk(chunk.Regular(5, 80)).Sum(Axis(0)), [][]int{{80}}, colSum},
	} {
		var walk func(l scheduler.Layer)
		walk = func(l scheduler.Layer) {
			if rl, ok := l.(*rechunkLayer); ok && rl.src.NDim() == 2 && c.y.NDim() < 2 {
				t.Errorf("%s: the graph rechunks the 2-d array", c.name)
			}
			for _, in := range l.Inputs() {
				walk(in)
			}
		}
		walk(c.y.layer)
		if !slices.EqualFunc(c.y.Chunks(), c.chunks, slices.Equal) {
			t.Errorf("%s: chunks %v, want %v", c.name, c.y.Chunks(), c.chunks)
		}
		got, err := c.y.Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got.Len() != len(c.want) {
			t.Fatalf("%s: %d values, want %d", c.name, got.Len(), len(c.want))
		}
		for i, w := range c.want {
			if g := got.Float(i); g != w {
				t.Fatalf("%s: element %d = %v, want %v", c.name, i, g, w)
			}
		}
	}
}

// TestReduceTransposedReads checks reductions of expressions transposed
// after they were built (every input read through one axis map, which
// transposedReads undoes before reducing) against the naive reference:
// 3-d and 4-d, one input or two, every permutation drawn, random axes.
func TestReduceTransposedReads(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	ctx := context.Background()
	hits := 0
	for it := range 150 {
		nd := 3 + r.IntN(2)
		shape := make([]int, nd)
		size := make([]int, nd)
		for a := range shape {
			shape[a] = 1 + r.IntN(7)
			size[a] = 1 + r.IntN(shape[a])
		}
		spec := chunk.Regular(size...)
		dt := []chunk.DType{chunk.Float64, chunk.Int64}[r.IntN(2)]
		x := FromDense(redDense(t, dt, shape, redData(r, chunk.Prod(shape), dt, 0)), spec)
		e := x.Mul(2).Add(1)
		if r.IntN(2) == 0 {
			e = e.Sub(FromDense(redDense(t, dt, shape, redData(r, chunk.Prod(shape), dt, 0)), spec))
		}
		y := e.Transpose(r.Perm(nd)...)
		if _, _, ok := transposedReads(y); ok {
			hits++
		}
		var axes []int
		for a := range nd {
			if r.IntN(2) == 0 {
				axes = append(axes, a)
			}
		}
		op := []string{"sum", "max", "argmin"}[r.IntN(3)]
		if op == "argmin" {
			axes = []int{r.IntN(nd)}
		}
		yd, err := y.Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want, _, err := redRef(op, chunk.Values[float64](yd.AsType(chunk.Float64)), yd.Shape(), axes, 0)
		if err != nil {
			t.Fatal(err)
		}
		red := map[string]func(...ReduceOption) *Array{"sum": y.Sum, "max": y.Max, "argmin": y.ArgMin}[op]
		got, err := red(Axis(axes...)).Compute(ctx)
		if err != nil {
			t.Fatalf("it%d %v %s axes %v: %v", it, shape, op, axes, err)
		}
		for i, w := range want {
			if g := got.Float(i); g != w {
				t.Fatalf("it%d %v %s axes %v: element %d = %v, want %v", it, shape, op, axes, i, g, w)
			}
		}
	}
	if hits < 100 {
		t.Fatalf("transposedReads took %d of 150 transposed expressions", hits)
	}
}
