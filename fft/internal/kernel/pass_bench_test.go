package kernel

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkPasses times each pass of the plans of a few lengths on its
// own (ns per element, reported as ns/elem), to compare radices.
func BenchmarkPasses(b *testing.B) {
	for _, n := range []int{2000, 4000, 4096, 1024, 8000} {
		p := NewComplex(n)
		r := rand.New(rand.NewPCG(1, 2))
		src, dst := randComplex(r, n), make([]complex128, n)
		for i := range p.passes {
			ps := &p.passes[i]
			b.Run(fmt.Sprintf("n=%d/%d:r=%d,m=%d,s=%d", n, i, ps.radix, ps.m, ps.s), func(b *testing.B) {
				for b.Loop() {
					ps.run(dst, src)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/elem")
			})
		}
	}
}
