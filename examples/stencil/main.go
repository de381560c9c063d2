// Command stencil runs a 2-d 5-point Laplacian over a large chunked array
// with array.MapOverlap (a one-element halo exchanged between chunks,
// periodic at the edges) and checks it against the same stencil computed
// serially over the whole, unchunked array.
//
//	go run ./examples/stencil [-n 8000] [-chunk 1000] [-boundary periodic|reflect|nearest|constant|none]
//
// It prints the timings of both and the largest absolute difference,
// which must be 0: the chunked and serial stencils add the same numbers in
// the same order.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
)

// laplace computes the 5-point Laplacian of one halo-extended float64
// block; MapOverlap trims the block's outer ring, which stays 0 here.
func laplace(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) {
	s := in[0].Shape()
	out := chunk.NewDense(chunk.Float64, s)
	stencil(chunk.Values[float64](out), chunk.Values[float64](in[0]), s[0], s[1])
	return out, nil
}

// stencil writes the Laplacian of the n×m grid src into the inner cells
// of dst.
func stencil(dst, src []float64, n, m int) {
	for i := 1; i < n-1; i++ {
		up, row, down := src[(i-1)*m:i*m], src[i*m:(i+1)*m], src[(i+1)*m:(i+2)*m]
		out := dst[i*m : (i+1)*m]
		for j := 1; j < m-1; j++ {
			out[j] = up[j] + down[j] + row[j-1] + row[j+1] - 4*row[j]
		}
	}
}

// pad returns src (n×m) with a one-cell border filled by the boundary
// rule, computed directly: the serial reference.
func pad(src []float64, n, m int, mode string) ([]float64, int, int) {
	pn, pm := n+2, m+2
	if mode == "none" {
		return src, n, m
	}
	p := make([]float64, pn*pm)
	idx := func(i, k int) int {
		if i >= 0 && i < k {
			return i
		}
		switch mode {
		case "periodic":
			return (i + k) % k
		case "reflect": // the edge element repeated once, then mirrored
			if i < 0 {
				return -i - 1
			}
			return 2*k - 1 - i
		case "nearest":
			return min(max(i, 0), k-1)
		}
		return -1 // constant
	}
	for i := -1; i <= n; i++ {
		for j := -1; j <= m; j++ {
			si, sj := idx(i, n), idx(j, m)
			v := 0.0
			if si >= 0 && sj >= 0 {
				v = src[si*m+sj]
			}
			p[(i+1)*pm+j+1] = v
		}
	}
	return p, pn, pm
}

func main() {
	n := flag.Int("n", 8000, "the array is n×n")
	c := flag.Int("chunk", 1000, "chunks are chunk×chunk")
	mode := flag.String("boundary", "periodic", "periodic, reflect, nearest, constant (0) or none")
	flag.Parse()
	var b array.Boundary
	switch *mode {
	case "periodic":
		b = array.BoundaryPeriodic()
	case "reflect":
		b = array.BoundaryReflect()
	case "nearest":
		b = array.BoundaryNearest()
	case "constant":
		b = array.BoundaryConstant(0)
	case "none":
		b = array.BoundaryNone()
	default:
		log.Fatalf("stencil: unknown boundary %q", *mode)
	}
	ctx := context.Background()
	x, err := array.NewRNG(1).Random([]int{*n, *n}, chunk.Regular(*c, *c)).Persist(ctx)
	if err != nil {
		log.Fatal(err)
	}

	start := time.Now()
	y := array.MapOverlap(laplace, chunk.Float64, []int{1}, []array.Boundary{b}, x)
	got, err := array.ToSlice[float64](ctx, y)
	if err != nil {
		log.Fatal(err)
	}
	chunked := time.Since(start)

	whole, err := array.ToSlice[float64](ctx, x)
	if err != nil {
		log.Fatal(err)
	}
	start = time.Now()
	p, pn, pm := pad(whole, *n, *n, *mode)
	ref := make([]float64, pn*pm)
	stencil(ref, p, pn, pm)
	serial := time.Since(start)

	maxErr := 0.0
	off := 1
	if *mode == "none" {
		off = 0 // the border cells have no neighbours: both leave them 0
	}
	for i := 0; i < *n; i++ {
		for j := 0; j < *n; j++ {
			maxErr = max(maxErr, math.Abs(got[i**n+j]-ref[(i+off)*pm+j+off]))
		}
	}
	fmt.Printf("5-point Laplacian of a %d×%d float64 array (%.2f GB), chunks %d×%d, boundary %s\n",
		*n, *n, float64(*n**n*8)/1e9, *c, *c, b)
	fmt.Printf("chunked (MapOverlap): %v\n", chunked.Round(time.Millisecond))
	fmt.Printf("serial reference:     %v\n", serial.Round(time.Millisecond))
	fmt.Printf("max abs error:        %g\n", maxErr)
	if maxErr != 0 {
		log.Fatal("stencil: chunked and serial results differ")
	}
}
