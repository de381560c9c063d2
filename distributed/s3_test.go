package distributed

import (
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/s3test"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// TestS3OnWorkerProcesses has worker processes read a Zarr array from an
// s3:// URL (they reopen it from the array's source, with the S3 settings
// of their environment) and write one back to S3.
func TestS3OnWorkerProcesses(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket(t, "cluster", "")
	srv.Env(t) // before the workers start: they inherit it
	ctx := testCtx(t, 90*time.Second)
	x := array.NewRNG(11).Random([]int{200, 120}, chunk.Regular(50, 60))
	if err := x.ToZarr(ctx, "s3://cluster/x.zarr", zarr.CreateOptions{Format: 3, Codec: "zstd"}); err != nil {
		t.Fatal(err)
	}
	lc := cluster(t, Options{Workers: 2, NThreads: 1, Processes: true})
	z, err := array.FromZarr(ctx, "s3://cluster/x.zarr", nil)
	if err != nil {
		t.Fatal(err)
	}
	m := z.Mul(3).Mean(array.Axis(0))
	want, err := m.Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.Compute(ctx, array.WithExecutor(lc.Client()))
	if err != nil {
		t.Fatal(err)
	}
	if !equalDense(got, want) {
		t.Fatal("the mean of an S3 array differs on worker processes")
	}
	y := z.Add(1)
	if err := y.ToZarr(ctx, "s3://cluster/y.zarr", zarr.CreateOptions{Format: 2, Codec: "zlib"}, array.WithExecutor(lc.Client())); err != nil {
		t.Fatal(err)
	}
	back, err := array.FromZarr(ctx, "s3://cluster/y.zarr", nil)
	if err != nil {
		t.Fatal(err)
	}
	gotAll, err := back.Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantAll, err := y.Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !equalDense(gotAll, wantAll) {
		t.Fatal("the Zarr array the workers wrote to S3 differs")
	}
}
