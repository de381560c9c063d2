package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/s3test"
	"github.com/chunkwise/chunkwise/store/kv"
)

func init() {
	register("zarr-roundtrip-s3", []string{"write", "read-sum"}, zarrRoundtripS3)
}

// versitygw starts the Versity S3 Gateway (built by `make setup`) on a
// free port of 127.0.0.1 over dir, points the AWS environment at it, and
// returns a function that stops it.
func versitygw(dir string) (stop func(), err error) {
	bin := os.Getenv("CHUNKWISE_VERSITYGW")
	if bin == "" {
		c, err := s3test.CacheDir()
		if err != nil {
			return nil, err
		}
		bin = filepath.Join(c, "versitygw")
	}
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("no S3 server (run `make setup`): %w", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "bench"), 0o755); err != nil {
		return nil, err
	}
	srv, err := s3test.Launch(bin, dir)
	if err != nil {
		return nil, err
	}
	srv.SetEnv()
	if err := publicRead(srv, "bench"); err != nil {
		srv.Stop()
		return nil, err
	}
	return srv.Stop, nil
}

// publicRead lets anonymous clients read the objects of bucket, so that
// the Dask twin (bench/stores_s3_dask.py) reads them over plain HTTP
// (Debian has fsspec's HTTP file system but not s3fs).
func publicRead(srv *s3test.Server, bucket string) error {
	c, err := minio.New(strings.TrimPrefix(srv.Endpoint, "http://"), &minio.Options{
		Creds: credentials.NewStaticV4(srv.AccessKey, srv.SecretKey, ""), Region: "us-east-1"})
	if err != nil {
		return err
	}
	return c.SetBucketPolicy(context.Background(), bucket, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",`+
		`"Principal":"*","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::`+bucket+`/*"]}]}`)
}

// zarrRoundtripS3 is zarr-roundtrip against a local S3 server: the same
// array, chunks and codec, written to and read from s3://bench/…; compare
// its GB/s with zarr-roundtrip's (a directory) in the same run. Its Dask
// twin is bench/stores_s3_dask.py (read-sum).
func zarrRoundtripS3(sub string, scale float64) (Result, error) {
	ctx := context.Background()
	stop, err := versitygw(filepath.Join(cacheDir(), "s3"))
	if err != nil {
		return Result{}, err
	}
	defer stop()
	shape := []int{rows(20000, 1000, scale), 10000}
	nbytes := float64(shape[0] * shape[1] * 8)
	nchunks := float64(shape[0] / 1000 * shape[1] / 1000)
	params := map[string]any{"shape": shape, "chunks": []int{1000, 1000}, "compressor": "numcodecs LZ4 (acceleration 1)",
		"store": "zarr 2 in versitygw v1.8.0 (posix backend) on 127.0.0.1", "scale": scale}
	extra := map[string]any{"uncompressed_GB": nbytes / 1e9}
	url := fmt.Sprintf("s3://bench/rt_%dx%d.zarr", shape[0], shape[1])
	x := array.NewRNG(seed).Random(shape, chunk.Regular(1000, 1000))
	var secs float64
	switch sub {
	case "write":
		o := lz4v2
		o.Overwrite = true // the previous run's
		start := time.Now()
		if err := x.ToZarr(ctx, url+"-write", o); err != nil {
			return Result{}, err
		}
		secs = time.Since(start).Seconds()
		params["generation_counted"] = true
	case "read-sum":
		s, err := kv.Open(url)
		if err != nil {
			return Result{}, err
		}
		if _, err := s.Get(ctx, ".done"); err != nil { // write it once, untimed
			o := lz4v2
			o.Overwrite = true // an interrupted run's
			if err := x.ToZarr(ctx, url, o); err != nil {
				return Result{}, err
			}
			if err := s.Set(ctx, ".done", []byte("done")); err != nil {
				return Result{}, err
			}
		}
		start := time.Now()
		y, err := array.FromZarr(ctx, url, nil)
		if err != nil {
			return Result{}, err
		}
		d, err := y.Sum().Compute(ctx)
		if err != nil {
			return Result{}, err
		}
		secs = time.Since(start).Seconds()
		params["server_page_cache"] = "warm (store written earlier)"
		extra["sum"] = d.Float(0)
	default:
		return Result{}, fmt.Errorf("unknown sub-result %q", sub)
	}
	extra["GBps_uncompressed"] = nbytes / 1e9 / secs
	extra["chunk_requests_per_s"] = nchunks / secs // one PUT or GET per chunk
	sum, err := x.Index(array.S(0, 1000, 1), array.S(0, 1000, 1)).Sum().Compute(ctx)
	if err != nil {
		return Result{}, err
	}
	return Result{Seconds: secs, Checksum: sum.Float(0), Params: params, Extra: extra}, nil
}
