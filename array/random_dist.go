package array

import (
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// distParams describe a random array drawn element by element: element
// g (its C-order index in the whole array) draws from its own PCG
// stream seeded by (Seed, g), so values never depend on the chunking.
type distParams struct {
	Dist   string
	Seed   int64
	A, B   float64
	CDF    []float64 // "categorical": cumulative probabilities
	Chunks [][]int
}

// draw returns one sample for the distribution, reading src.
func (p *distParams) draw(src rand.Source) float64 {
	switch p.Dist {
	case "exponential":
		return distuv.Exponential{Rate: 1 / p.A, Src: src}.Rand()
	case "gamma":
		return distuv.Gamma{Alpha: p.A, Beta: 1 / p.B, Src: src}.Rand()
	case "beta":
		return distuv.Beta{Alpha: p.A, Beta: p.B, Src: src}.Rand()
	case "binomial":
		return distuv.Binomial{N: p.A, P: p.B, Src: src}.Rand()
	case "poisson":
		return distuv.Poisson{Lambda: p.A, Src: src}.Rand()
	case "lognormal":
		return distuv.LogNormal{Mu: p.A, Sigma: p.B, Src: src}.Rand()
	case "categorical":
		u := rand.New(src).Float64()
		i := sort.Search(len(p.CDF), func(i int) bool { return p.CDF[i] > u })
		if i == len(p.CDF) { // rounding left the total below u: the last likely one
			for i--; i > 0 && p.CDF[i-1] == p.CDF[i]; i-- {
			}
		}
		return float64(i)
	}
	return math.NaN()
}

func init() {
	scheduler.RegisterTyped("array.random_dist", func(p distParams) (scheduler.Func, error) {
		g, err := chunk.NewGrid(p.Chunks)
		if err != nil {
			return nil, err
		}
		dt := chunk.Float64
		switch p.Dist {
		case "binomial", "poisson", "categorical":
			dt = chunk.Int64
		}
		return func(block []int, _ []any) (any, error) {
			box := g.BlockBox(block)
			out := chunk.NewPooledDense(chunk.Float64, box.Shape()) // every element is drawn
			v := chunk.Values[float64](out)
			src := rand.NewPCG(0, 0)
			gi := make([]int, len(block))
			k := 0
			chunk.EachIndex(box.Shape(), func(idx []int) {
				for a, i := range idx {
					gi[a] = box.Min[a] + i
				}
				src.Seed(uint64(p.Seed), uint64(chunk.Ravel(gi, g.Shape())))
				v[k] = p.draw(src)
				k++
			})
			if dt == chunk.Float64 {
				return out, nil
			}
			r := out.AsType(dt)
			out.Recycle()
			return r, nil
		}, nil
	})
}

// dist returns the random array of the named distribution.
func (r *RNG) dist(name string, a, b float64, cdf []float64, shape []int, spec chunk.Spec) *Array {
	dt := chunk.Float64
	switch name {
	case "binomial", "poisson", "categorical":
		dt = chunk.Int64
	}
	g, err := spec.Plan(shape, dt, 0, nil)
	if err != nil {
		return errorf(name, "%v", err)
	}
	p := distParams{Dist: name, Seed: r.next(), A: a, B: b, CDF: cdf, Chunks: g.Chunks()}
	params := scheduler.EncodeParams(p)
	l := blockwise.New(scheduler.Name("random_"+name, params), g.NumBlocks(), "array.random_dist", params, false)
	return newLayerArray(l, g, dt)
}

// Exponential returns float64 samples of the exponential distribution
// with the given scale (mean; NumPy's exponential). Like every RNG
// method it is chunk-invariant; scale < 0 is an error.
func (r *RNG) Exponential(scale float64, shape []int, spec chunk.Spec) *Array {
	if !(scale >= 0) {
		return errorf("exponential", "scale %v must be non-negative", scale)
	}
	return r.dist("exponential", scale, 0, nil, shape, spec)
}

// Gamma returns float64 samples of the gamma distribution with shape k
// and scale (numpy's gamma(shape, scale)); negative k or scale is an
// error.
func (r *RNG) Gamma(k, scale float64, shape []int, spec chunk.Spec) *Array {
	if !(k >= 0) || !(scale >= 0) {
		return errorf("gamma", "shape %v and scale %v must be non-negative", k, scale)
	}
	return r.dist("gamma", k, scale, nil, shape, spec)
}

// Beta returns float64 samples of the beta distribution with parameters
// a and b, both positive (else an error).
func (r *RNG) Beta(a, b float64, shape []int, spec chunk.Spec) *Array {
	if !(a > 0) || !(b > 0) {
		return errorf("beta", "a %v and b %v must be positive", a, b)
	}
	return r.dist("beta", a, b, nil, shape, spec)
}

// Binomial returns int64 samples of the binomial distribution of n
// trials with success probability p; n < 0 or p outside [0, 1] is an
// error.
func (r *RNG) Binomial(n int64, p float64, shape []int, spec chunk.Spec) *Array {
	if n < 0 || !(p >= 0 && p <= 1) {
		return errorf("binomial", "n %d must be non-negative and p %v in [0, 1]", n, p)
	}
	return r.dist("binomial", float64(n), p, nil, shape, spec)
}

// Poisson returns int64 samples of the Poisson distribution with mean
// lam; lam < 0 is an error.
func (r *RNG) Poisson(lam float64, shape []int, spec chunk.Spec) *Array {
	if !(lam >= 0) {
		return errorf("poisson", "lam %v must be non-negative", lam)
	}
	return r.dist("poisson", lam, 0, nil, shape, spec)
}

// Lognormal returns float64 samples whose logarithm is normal with the
// given mean and sigma; sigma < 0 is an error.
func (r *RNG) Lognormal(mean, sigma float64, shape []int, spec chunk.Spec) *Array {
	if !(sigma >= 0) {
		return errorf("lognormal", "sigma %v must be non-negative", sigma)
	}
	return r.dist("lognormal", mean, sigma, nil, shape, spec)
}

// Permutation returns a random permutation of 0 … n-1 as int64, chunked
// by spec (numpy's permutation(n)): the order of n random keys, found
// by ArgTopK, so one task holds all n indices, as in Dask. n < 0 is an
// error.
func (r *RNG) Permutation(n int, spec chunk.Spec) *Array {
	if n < 0 {
		return errorf("permutation", "negative length %d", n)
	}
	if n == 0 {
		return Zeros([]int{0}, chunk.Int64, spec)
	}
	return r.Random([]int{n}, nil).ArgTopK(n, 0).Rechunk(spec)
}

// Shuffle returns x with its first axis in random order (numpy's
// permutation(x); NumPy's shuffle does the same in place). The
// permutation is lazy and x is gathered by TakeArray, keeping x's
// chunks. A 0-d x is an error.
func (r *RNG) Shuffle(x *Array) *Array {
	if bad := requireKnown("shuffle", x); bad != nil {
		return bad
	}
	if x.NDim() == 0 {
		return errorf("shuffle", "x must be an integer or at least 1-dimensional")
	}
	return x.TakeArray(r.Permutation(x.Shape()[0], chunk.Spec{chunk.Sizes(x.Chunks()[0]...)}), 0)
}

// Choice returns samples of the 1-d array a of the given shape (numpy's
// choice): with replacement, uniformly or with probabilities p (one per
// element of a, non-negative, summing to 1); without replacement the
// first prod(size) of a Permutation, or with p distinct elements drawn
// one after another with probabilities p renormalized over those left
// (NumPy's rule; made in one pass as the prod(size) smallest keys
// E_i/p_i of exponential E_i, ArgTopK). The samples are drawn lazily
// and gathered with TakeArray. a not 1-d, an empty a with samples to
// take, bad p, more samples than elements (or than non-zero p) without
// replacement are errors.
func (r *RNG) Choice(a *Array, size []int, replace bool, p []float64, spec chunk.Spec) *Array {
	if bad := requireKnown("choice", a); bad != nil {
		return bad
	}
	if a.NDim() != 1 {
		return errorf("choice", "a must be 1-dimensional")
	}
	n, m := a.Shape()[0], chunk.Prod(size)
	if n == 0 && m > 0 {
		return errorf("choice", "a cannot be empty unless no samples are taken")
	}
	var cdf []float64
	if p != nil {
		if len(p) != n {
			return errorf("choice", "a and p must have same size")
		}
		s, nonzero := 0.0, 0
		for _, v := range p {
			if !(v >= 0) {
				return errorf("choice", "probabilities are not non-negative")
			}
			s += v
			cdf = append(cdf, s)
			if v > 0 {
				nonzero++
			}
		}
		if math.Abs(s-1) > 1e-8 {
			return errorf("choice", "probabilities do not sum to 1")
		}
		if !replace && nonzero < m && m <= n {
			return errorf("choice", "fewer non-zero entries in p than size")
		}
	}
	var idx *Array
	switch {
	case !replace && m > n:
		return errorf("choice", "cannot take a larger sample than population when replace is False")
	case !replace && cdf != nil && m > 0:
		w := FromSlice(p, []int{n}, nil)
		keys := Where(w.Gt(0), r.Exponential(1, []int{n}, nil).Div(w), math.Inf(1))
		idx = keys.ArgTopK(-m, 0)
	case !replace:
		idx = r.Permutation(n, nil).Index(S(0, m, 1))
	case cdf != nil:
		idx = r.dist("categorical", 0, 0, cdf, []int{m}, nil)
	case n > 0:
		idx = r.Integers(0, int64(n), []int{m}, nil)
	default:
		idx = Zeros([]int{0}, chunk.Int64, nil)
	}
	return a.TakeArray(idx, 0).Reshape(size...).Rechunk(spec)
}
