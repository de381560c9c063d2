package main

import (
	"fmt"
	"slices"

	"github.com/chunkwise/chunkwise/array"
)

// everydayOp is an operation users reach for daily.
type everydayOp struct {
	sub string
	f   func(x *array.Array) *array.Array
}

// everyday lists the operations of the everyday-ops survey, each over the
// sum-persisted array (random (20000, 10000), chunks (2000, 2000),
// persisted). It is not a SPEC workload: bench/everyday_dask.py times the
// same expressions in Dask.
var everyday = []everydayOp{
	{"max", func(x *array.Array) *array.Array { return x.Max() }},
	{"min0", func(x *array.Array) *array.Array { return x.Min(array.Axis(0)) }},
	{"argmax", func(x *array.Array) *array.Array { return x.ArgMax() }},
	{"argmin0", func(x *array.Array) *array.Array { return x.ArgMin(array.Axis(0)) }},
	{"nansum", func(x *array.Array) *array.Array { return x.NanSum() }},
	{"nanmax", func(x *array.Array) *array.Array { return x.NanMax() }},
	{"nanmean0", func(x *array.Array) *array.Array { return x.NanMean(array.Axis(0)) }},
	{"var", func(x *array.Array) *array.Array { return x.Var() }},
	{"prod", func(x *array.Array) *array.Array { return x.Prod() }},
	{"any", func(x *array.Array) *array.Array { return x.Gt(0.5).Any() }},
	{"count_nonzero", func(x *array.Array) *array.Array { return x.CountNonzero() }},
	{"gt_sum", func(x *array.Array) *array.Array { return x.Gt(0.5).Sum() }},
	{"cumsum0_sum", func(x *array.Array) *array.Array { return x.CumSum(0).Sum() }},
	{"sqrt_sum", func(x *array.Array) *array.Array { return x.Sqrt().Sum() }},
	{"exp_sum", func(x *array.Array) *array.Array { return x.Exp().Sum() }},
}

func init() {
	var subs []string
	for _, e := range everyday {
		subs = append(subs, e.sub)
	}
	register("everyday-ops", subs, everydayOps)
}

// everydayOps times one operation: the median of five computes in this
// process, after an untimed warm-up.
func everydayOps(sub string, scale float64) (Result, error) {
	i := slices.IndexFunc(everyday, func(e everydayOp) bool { return e.sub == sub })
	if i < 0 {
		return Result{}, fmt.Errorf("unknown sub-result %q", sub)
	}
	shape := []int{rows(20000, 2000, scale), 10000}
	x, err := persistedRandom(shape, []int{2000, 2000})
	if err != nil {
		return Result{}, err
	}
	var secs []float64
	var sum float64
	for k := 0; k < 6; k++ {
		s, c, err := timed(everyday[i].f(x))
		if err != nil {
			return Result{}, err
		}
		if k > 0 {
			secs = append(secs, s)
		}
		sum = c
	}
	slices.Sort(secs)
	return Result{Seconds: secs[len(secs)/2], Checksum: sum,
		Params: map[string]any{"shape": shape, "chunks": []int{2000, 2000}, "timing": "median of 5 computes after a warm-up"}}, nil
}
