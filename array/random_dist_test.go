package array

import (
	"math"
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

func TestRandomDistributions(t *testing.T) {
	const n = 20000
	for _, c := range []struct {
		name      string
		make      func(r *RNG, spec chunk.Spec) *Array
		mean, vr  float64
		integer   bool
		lo, hi    float64 // support
		skewHeavy bool
	}{
		{"exponential", func(r *RNG, s chunk.Spec) *Array { return r.Exponential(2, []int{n}, s) }, 2, 4, false, 0, math.Inf(1), true},
		{"gamma", func(r *RNG, s chunk.Spec) *Array { return r.Gamma(3, 0.5, []int{n}, s) }, 1.5, 0.75, false, 0, math.Inf(1), false},
		{"gamma small", func(r *RNG, s chunk.Spec) *Array { return r.Gamma(0.5, 2, []int{n}, s) }, 1, 2, false, 0, math.Inf(1), true},
		{"beta", func(r *RNG, s chunk.Spec) *Array { return r.Beta(2, 5, []int{n}, s) }, 2.0 / 7, 10.0 / (49 * 8), false, 0, 1, false},
		{"binomial", func(r *RNG, s chunk.Spec) *Array { return r.Binomial(20, 0.3, []int{n}, s) }, 6, 4.2, true, 0, 20, false},
		{"poisson", func(r *RNG, s chunk.Spec) *Array { return r.Poisson(4.5, []int{n}, s) }, 4.5, 4.5, true, 0, math.Inf(1), false},
		{"poisson large", func(r *RNG, s chunk.Spec) *Array { return r.Poisson(80, []int{n}, s) }, 80, 80, true, 0, math.Inf(1), false},
		{"lognormal", func(r *RNG, s chunk.Spec) *Array { return r.Lognormal(0.1, 0.4, []int{n}, s) },
			math.Exp(0.1 + 0.08), (math.Exp(0.16) - 1) * math.Exp(0.2+0.16), false, 0, math.Inf(1), true},
	} {
		a, err := c.make(NewRNG(7), chunk.Regular(3000)).AsType(chunk.Float64).Compute(bg)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		b, err := c.make(NewRNG(7), chunk.Spec{chunk.Sizes(1, 999, 19000)}).AsType(chunk.Float64).Compute(bg)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		v := chunk.Values[float64](a)
		if !slices.Equal(v, chunk.Values[float64](b)) {
			t.Errorf("%s: values depend on the chunking", c.name)
		}
		if other, _ := ToSlice[float64](bg, c.make(NewRNG(8), nil).AsType(chunk.Float64)); slices.Equal(v, other) {
			t.Errorf("%s: seeds 7 and 8 give the same values", c.name)
		}
		mean, m2 := 0.0, 0.0
		for _, x := range v {
			if x < c.lo || x > c.hi || (c.integer && x != math.Trunc(x)) {
				t.Fatalf("%s: sample %v outside the support", c.name, x)
			}
			mean += x
		}
		mean /= n
		for _, x := range v {
			m2 += (x - mean) * (x - mean)
		}
		vr := m2 / (n - 1)
		// The mean within 6 standard errors; the variance within 10% (20%
		// for heavy tails), far beyond chance at n = 20000.
		if se := math.Sqrt(c.vr / n); math.Abs(mean-c.mean) > 6*se {
			t.Errorf("%s: mean %v, want %v ± %v", c.name, mean, c.mean, 6*se)
		}
		tol := 0.1
		if c.skewHeavy {
			tol = 0.2
		}
		if math.Abs(vr-c.vr) > tol*c.vr {
			t.Errorf("%s: variance %v, want %v", c.name, vr, c.vr)
		}
	}
}

func TestPermutationShuffleChoice(t *testing.T) {
	p, err := ToSlice[int64](bg, NewRNG(3).Permutation(50, chunk.Regular(7)))
	if err != nil {
		t.Fatal(err)
	}
	q, _ := ToSlice[int64](bg, NewRNG(3).Permutation(50, chunk.Regular(50)))
	sorted := slices.Sorted(slices.Values(p))
	for i, v := range sorted {
		if v != int64(i) {
			t.Fatalf("permutation %v is not one of 0…49", p)
		}
	}
	if slices.IsSorted(p) || !slices.Equal(p, q) {
		t.Errorf("permutation %v: sorted, or depends on the chunking (%v)", p, q)
	}
	// Shuffle keeps whole rows.
	x := Arange(0, 60, 1, chunk.Int64, chunk.Regular(7)).Reshape(20, 3).Rechunk(chunk.Regular(6, 2))
	s, err := ToSlice[int64](bg, NewRNG(4).Shuffle(x))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for r := range 20 {
		if s[3*r+1] != s[3*r]+1 || s[3*r+2] != s[3*r]+2 || s[3*r]%3 != 0 || seen[s[3*r]] {
			t.Fatalf("shuffled rows %v", s)
		}
		seen[s[3*r]] = true
	}
	// Choice: with weights the frequencies follow them; without
	// replacement the samples are distinct.
	a := FromSlice([]float64{10, 20, 30, 40}, []int{4}, chunk.Regular(3))
	w := []float64{0.1, 0, 0.6, 0.3}
	c, err := ToSlice[float64](bg, NewRNG(5).Choice(a, []int{100, 100}, true, w, chunk.Regular(30, 30)))
	if err != nil || len(c) != 10000 {
		t.Fatalf("choice: %d samples, %v", len(c), err)
	}
	count := map[float64]float64{}
	for _, v := range c {
		count[v]++
	}
	for i, v := range []float64{10, 20, 30, 40} {
		if se := math.Sqrt(w[i] * (1 - w[i]) / 10000); math.Abs(count[v]/10000-w[i]) > 6*se+1e-9 {
			t.Errorf("choice with p: frequency of %v is %v, want %v", v, count[v]/10000, w[i])
		}
	}
	u, err := ToSlice[float64](bg, NewRNG(5).Choice(Arange(0, 30, 1, chunk.Float64, chunk.Regular(4)), []int{30}, false, nil, nil))
	if slices.Sort(u); err != nil || !slices.Equal(u, func() []float64 {
		r := make([]float64, 30)
		for i := range r {
			r[i] = float64(i)
		}
		return r
	}()) {
		t.Errorf("choice without replacement of all 30: %v %v", u, err)
	}
	// Weighted without replacement: draws one after another with p
	// renormalized over what is left, so the first is i with p_i and the
	// second i with sum_j p_j p_i / (1 - p_j).
	const trials = 600
	first, second := map[float64]float64{}, map[float64]float64{}
	for s := range trials {
		c, err := ToSlice[float64](bg, NewRNG(int64(100+s)).Choice(a, []int{2}, false, w, nil))
		if err != nil || len(c) != 2 || c[0] == c[1] || c[0] == 20 || c[1] == 20 {
			t.Fatalf("weighted choice without replacement: %v %v", c, err)
		}
		first[c[0]]++
		second[c[1]]++
	}
	for i, v := range []float64{10, 20, 30, 40} {
		want2 := 0.0
		for j := range w {
			if j != i && w[j] < 1 {
				want2 += w[j] * w[i] / (1 - w[j])
			}
		}
		for k, c := range []struct{ got, want float64 }{{first[v] / trials, w[i]}, {second[v] / trials, want2}} {
			if se := math.Sqrt(c.want * (1 - c.want) / trials); math.Abs(c.got-c.want) > 6*se+1e-9 {
				t.Errorf("weighted choice without replacement: draw %d is %v with frequency %v, want %v", k+1, v, c.got, c.want)
			}
		}
	}
	checkErrCases(t, []errCase{
		{"choice p zeros", NewRNG(1).Choice(a, []int{4}, false, w, nil), []string{"choice", "fewer non-zero entries in p than size"}},
		{"exponential", NewRNG(1).Exponential(-1, []int{2}, nil), []string{"exponential", "-1"}},
		{"gamma", NewRNG(1).Gamma(-1, 1, []int{2}, nil), []string{"gamma", "non-negative"}},
		{"beta", NewRNG(1).Beta(0, 1, []int{2}, nil), []string{"beta", "positive"}},
		{"binomial", NewRNG(1).Binomial(3, 1.5, []int{2}, nil), []string{"binomial", "1.5"}},
		{"poisson", NewRNG(1).Poisson(-2, []int{2}, nil), []string{"poisson", "-2"}},
		{"lognormal", NewRNG(1).Lognormal(0, -1, []int{2}, nil), []string{"lognormal", "sigma"}},
		{"permutation", NewRNG(1).Permutation(-1, nil), []string{"permutation", "negative"}},
		{"shuffle 0-d", NewRNG(1).Shuffle(a.Sum()), []string{"shuffle", "1-dimensional"}},
		{"choice 2-d", NewRNG(1).Choice(x, []int{2}, true, nil, nil), []string{"choice", "1-dimensional"}},
		{"choice p len", NewRNG(1).Choice(a, []int{2}, true, []float64{1}, nil), []string{"choice", "same size"}},
		{"choice p sum", NewRNG(1).Choice(a, []int{2}, true, []float64{0.5, 0.5, 0.5, 0}, nil), []string{"choice", "sum to 1"}},
		{"choice p neg", NewRNG(1).Choice(a, []int{2}, true, []float64{-0.5, 0.5, 0.5, 0.5}, nil), []string{"choice", "non-negative"}},
		{"choice too many", NewRNG(1).Choice(a, []int{5}, false, nil, nil), []string{"choice", "larger sample"}},
		{"choice empty", NewRNG(1).Choice(Zeros([]int{0}, chunk.Float64, nil), []int{2}, true, nil, nil), []string{"choice", "empty"}},
	})
}
