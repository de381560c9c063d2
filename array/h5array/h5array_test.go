//go:build cgo

package h5array

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
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
