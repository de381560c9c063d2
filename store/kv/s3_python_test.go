package kv_test

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/s3test"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/kv"
	"github.com/chunkwise/chunkwise/store/npy"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// TestPublicBucket writes a Zarr v2 array with chunkwise into an S3
// bucket that allows anonymous reads, then reads it back without
// credentials: zarr-python through fsspec's HTTP file system, chunkwise
// through an https:// URL (kv.HTTP) and an anonymous S3 store.
func TestPublicBucket(t *testing.T) {
	testcorpus.RequirePython(t, "zarr", "fsspec", "aiohttp", "numpy")
	srv := s3test.Start(t)
	srv.Bucket(t, "public", "")
	c, err := minio.New(srv.Endpoint[len("http://"):], &minio.Options{
		Creds: credentials.NewStaticV4(srv.AccessKey, srv.SecretKey, ""), Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",` +
		`"Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::public","arn:aws:s3:::public/*"]}]}`
	if err := c.SetBucketPolicy(ctx, "public", policy); err != nil {
		t.Fatal(err)
	}
	srv.Env(t)
	data := make([]float64, 41*29)
	for i := range data {
		data[i] = math.Cos(float64(i)) * float64(i)
	}
	data[3] = math.NaN()
	x := array.FromSlice(data, []int{41, 29}, chunk.Regular(10, 7))
	if err := x.ToZarr(ctx, "s3://public/arr.zarr", zarr.CreateOptions{Format: 2, Codec: "zlib"}); err != nil {
		t.Fatal(err)
	}
	web := srv.Endpoint + "/public/arr.zarr"

	out := filepath.Join(t.TempDir(), "py.npy")
	testcorpus.RunPython(t, `
import sys, fsspec, zarr, numpy as np
a = zarr.open_array(fsspec.get_mapper(sys.argv[1]), mode="r")
np.save(sys.argv[2], a[...])
`, web, out)
	d, err := npy.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]float64, d.Len())
	for i := range got {
		got[i] = d.Float(i)
	}
	if !slices.EqualFunc(got, data, func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }) {
		t.Error("zarr-python read other values over HTTP")
	}

	o := srv.Options()
	o.Anonymous, o.AccessKey = true, ""
	anon, err := kv.NewS3("public", "arr.zarr", o)
	if err != nil {
		t.Fatal(err)
	}
	h, err := kv.NewHTTP(web, kv.Remote{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []store.Store{anon, h} {
		z, err := zarr.Open(ctx, s, "")
		if err != nil {
			t.Fatalf("%v: %v", s, err)
		}
		got, err := array.ToSlice[float64](ctx, array.FromStore(z, nil))
		if err != nil || !slices.EqualFunc(got, data, func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }) {
			t.Errorf("%v: read other values, %v", s, err)
		}
	}
	// Anonymous writes are refused, with the URL in the error.
	if err := anon.Set(ctx, "x", []byte("no")); err == nil {
		t.Error("an anonymous write to a read-only public bucket succeeded")
	}
}
