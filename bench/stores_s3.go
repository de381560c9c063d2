package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/s3test"
	"github.com/chunkwise/chunkwise/store/kv"
)

func init() {
	register("zarr-roundtrip-s3", []string{"write", "read-sum", "get"}, zarrRoundtripS3)
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
// twin is bench/stores_s3_dask.py (read-sum). Sub-result get is the
// server's ceiling: read-sum's chunk objects fetched by plain net/http
// GETs, 16 in flight, into reused buffers, with nothing decoded or summed.
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
	case "read-sum", "get":
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
		if sub == "get" {
			start := time.Now()
			n, err := getAll(strings.Replace(url, "s3://", os.Getenv("AWS_ENDPOINT_URL")+"/", 1), shape[0]/1000, shape[1]/1000)
			if err != nil {
				return Result{}, err
			}
			secs = time.Since(start).Seconds()
			extra["stored_GB"] = float64(n) / 1e9
			extra["stored_GBps"] = float64(n) / 1e9 / secs
			break
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

// getAll GETs the chunks "i.j" (i < rows, j < cols) under base, 16 at a
// time, each into its goroutine's reused buffer, and returns the bytes
// read: what a client that does nothing with the bytes gets from the
// server (the bucket is public, see publicRead).
func getAll(base string, rows, cols int) (int64, error) {
	var next, total atomic.Int64
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16, DisableCompression: true}}
	errs := make(chan error, 16)
	for range 16 {
		go func() {
			var buf []byte
			for {
				i := int(next.Add(1) - 1)
				if i >= rows*cols {
					errs <- nil
					return
				}
				resp, err := client.Get(fmt.Sprintf("%s/%d.%d", base, i/cols, i%cols))
				if err != nil {
					errs <- err
					return
				}
				if resp.StatusCode != http.StatusOK || resp.ContentLength < 0 {
					resp.Body.Close()
					errs <- fmt.Errorf("GET %s: %s, length %d", resp.Request.URL, resp.Status, resp.ContentLength)
					return
				}
				if int64(cap(buf)) < resp.ContentLength {
					buf = make([]byte, resp.ContentLength)
				}
				_, err = io.ReadFull(resp.Body, buf[:resp.ContentLength])
				resp.Body.Close()
				if err != nil {
					errs <- err
					return
				}
				total.Add(resp.ContentLength)
			}
		}()
	}
	var first error
	for range 16 {
		if err := <-errs; err != nil && first == nil {
			first = err
			next.Store(int64(rows * cols)) // stop the others
		}
	}
	return total.Load(), first
}
