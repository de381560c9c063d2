//go:build cgo

package h5array

import (
	"context"
	"math/rand"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
	"github.com/chunkwise/chunkwise/store/hdf5"
)

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "a.h5")
	x := array.NewRNG(1).Random([]int{45, 31}, chunk.Regular(10, 7))
	want, err := x.Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Dataset chunks (16, 16) do not align with the array's (10, 7).
	if err := ToHDF5(ctx, x, p, "/g/data", Options{Chunks: []int{16, 16}, Options: hdf5.Options{Gzip: 1, Shuffle: true}}); err != nil {
		t.Fatal(err)
	}
	for _, spec := range []chunk.Spec{nil, chunk.Regular(32, 16), chunk.Regular(9, 9)} {
		y, err := FromHDF5(p, "/g/data", spec)
		if err != nil {
			t.Fatal(err)
		}
		got, err := y.Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < want.Len(); i++ {
			if got.Float(i) != want.Float(i) {
				t.Fatalf("spec %v: element %d is %v, want %v", spec, i, got.Float(i), want.Float(i))
			}
		}
	}
	if _, err := FromHDF5(p, "/nope", nil); err == nil {
		t.Fatal("missing dataset accepted")
	}
	if _, err := FromHDF5(filepath.Join(t.TempDir(), "none.h5"), "/x", nil); err == nil {
		t.Fatal("missing file accepted")
	}
}

// TestContiguousSlicesReadHyperslabs checks that slices of step 1 of
// contiguous datasets (h5py's, from the test corpus: a 2-d float64 with
// NaN, Inf, -0 and subnormals, a 1-d int32, a big-endian float64) read
// one hyperslab per block (store.RegionReader), not the synthetic chunk
// that holds them, and give the values of the whole dataset sliced.
func TestContiguousSlicesReadHyperslabs(t *testing.T) {
	ctx := context.Background()
	path := testcorpus.Path(t, "interop/hdf5/basic.h5")
	r := rand.New(rand.NewSource(17))
	for _, name := range []string{"/contiguous_f8", "/contiguous_i4_1d", "/contiguous_f8_be"} {
		x, err := FromHDF5(path, name, nil)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := x.Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held := array.FromDense(whole, chunk.Regular(x.Shape()...))
		for range 20 {
			var idx []array.Index
			for _, m := range x.Shape() {
				lo := r.Intn(m)
				idx = append(idx, array.S(lo, lo+1+r.Intn(m-lo), 1))
			}
			y, err := FromHDF5(path, name, chunk.Regular(3, 4)[:x.NDim()])
			if err != nil {
				t.Fatal(err)
			}
			got, want := y.Index(idx...), held.Index(idx...)
			if got.Size() < x.Size() && !strings.HasPrefix(got.Name(), "from-store-region") {
				t.Fatalf("%s %v: %s reads the dataset's chunks", name, idx, got.Name())
			}
			gv, err := got.Compute(ctx)
			if err != nil {
				t.Fatalf("%s %v: %v", name, idx, err)
			}
			wv, err := want.Compute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(gv.Bytes(), wv.Bytes()) {
				t.Fatalf("%s %v: got %v, want %v", name, idx, gv, wv)
			}
		}
	}
}
