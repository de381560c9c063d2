package kv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/chunkwise/chunkwise/store"
)

// S3Options configures an S3 store. S3OptionsFromEnv fills it the way the
// AWS tools do; the zero value talks to AWS with the credentials of the
// environment.
type S3Options struct {
	// Endpoint is the server's URL, "http://127.0.0.1:7070" or
	// "https://s3.example.com" ("" for AWS S3 in Region).
	Endpoint string
	// Region is the bucket's region (default "us-east-1").
	Region string
	// Addressing is "path" (https://host/bucket/key), "virtual"
	// (https://bucket.host/key) or "" (virtual-host for AWS, path-style
	// for other endpoints).
	Addressing string
	// AccessKey, SecretKey and SessionToken are static credentials; when
	// AccessKey is empty they come from the environment
	// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) or the
	// shared credentials file (AWS_SHARED_CREDENTIALS_FILE or
	// ~/.aws/credentials, profile AWS_PROFILE), and with none of these
	// requests are anonymous.
	AccessKey, SecretKey, SessionToken string
	// Anonymous sends unsigned requests (a public bucket) whatever the
	// environment holds.
	Anonymous bool
	// PartSize is the part size of multipart uploads (default and
	// minimum 5 MiB): a value larger than it is uploaded in parts, in
	// parallel.
	PartSize uint64
	// Remote holds the concurrency, retry and timeout limits. Error
	// answers (5xx, throttling) and refused connections are retried by
	// minio-go with its own backoff (200 ms doubling to 1 s), Retries
	// times; Backoff paces the retries of cut or stalled bodies.
	Remote
}

// S3 is a store.Store over the objects of an S3 bucket under a prefix:
// the value of key "a/b" is the object prefix+"a/b". Make one with NewS3.
// It is safe for concurrent use. Reads of part of a value are ranged GETs;
// values larger than the part size are uploaded in parts, in parallel.
// Failed requests are retried (see Remote) and every error names the
// object's s3:// URL.
type S3 struct {
	client         *minio.Client
	bucket, prefix string
	partSize       uint64
	lim            *limiter
}

// NewS3 returns the store of the objects under prefix (a key prefix
// without leading slash, "" for the whole bucket) in bucket. It makes no
// request: a missing bucket or wrong credentials show in the first
// operation's error. A bad endpoint, addressing or bucket name is an
// error.
func NewS3(bucket, prefix string, o S3Options) (*S3, error) {
	prefix = strings.Trim(prefix, "/")
	if prefix != "" {
		if err := CheckKey(prefix); err != nil {
			return nil, fmt.Errorf("kv: s3://%s/%s: %w", bucket, prefix, err)
		}
		prefix += "/"
	}
	if bucket == "" || strings.ContainsAny(bucket, "/\\ ") {
		return nil, fmt.Errorf("kv: s3: bad bucket name %q", bucket)
	}
	host, secure := "s3.amazonaws.com", true
	if o.Endpoint != "" {
		u, err := url.Parse(o.Endpoint)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || strings.Trim(u.Path, "/") != "" {
			return nil, fmt.Errorf("kv: s3 endpoint %q is not an http(s)://host[:port] URL", o.Endpoint)
		}
		host, secure = u.Host, u.Scheme == "https"
	}
	if o.Region == "" {
		o.Region = "us-east-1" // saves a GetBucketLocation request
	}
	lookup := minio.BucketLookupAuto
	switch o.Addressing {
	case "":
	case "path":
		lookup = minio.BucketLookupPath
	case "virtual":
		lookup = minio.BucketLookupDNS
	default:
		return nil, fmt.Errorf("kv: s3 addressing %q is neither \"path\" nor \"virtual\"", o.Addressing)
	}
	var creds *credentials.Credentials
	switch {
	case o.Anonymous:
		creds = credentials.New(&credentials.Static{Value: credentials.Value{SignerType: credentials.SignatureAnonymous}})
	case o.AccessKey != "":
		creds = credentials.NewStaticV4(o.AccessKey, o.SecretKey, o.SessionToken)
	default:
		// Anonymous when neither gives credentials.
		creds = credentials.NewChainCredentials([]credentials.Provider{
			&credentials.EnvAWS{}, &credentials.FileAWSCredentials{}})
	}
	lim := newLimiter(o.Remote)
	c, err := minio.New(host, &minio.Options{
		Creds: creds, Secure: secure, Region: o.Region, BucketLookup: lookup,
		Transport: remoteTransport(), MaxRetries: lim.Retries + 1,
	})
	if err != nil {
		return nil, fmt.Errorf("kv: s3 endpoint %q: %w", host, err)
	}
	ps := max(o.PartSize, 5<<20)
	return &S3{client: c, bucket: bucket, prefix: prefix, partSize: ps, lim: lim}, nil
}

// remoteTransport is the HTTP transport of remote stores: many idle
// connections per host (requests run in parallel) and bounded dial,
// TLS and header waits, so that a dead server fails fast.
func remoteTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   256,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 60 * time.Second,
		ExpectContinueTimeout: time.Second,
		DisableCompression:    true, // values are bytes, ranges are byte ranges
	}
}

// String returns the store's URL, s3://bucket/prefix.
func (s *S3) String() string { return "s3://" + s.bucket + "/" + strings.TrimSuffix(s.prefix, "/") }

// url names key in errors.
func (s *S3) url(key string) string { return "s3://" + s.bucket + "/" + s.prefix + key }

// fail wraps err for key: not-found errors wrap store.ErrNotFound, others
// carry the server's code.
func (s *S3) fail(key string, err error) error {
	var e minio.ErrorResponse
	errors.As(err, &e)
	switch e.Code {
	case minio.NoSuchKey:
		return fmt.Errorf("kv: %s: %w", s.url(key), store.ErrNotFound)
	case minio.NoSuchBucket:
		return fmt.Errorf("kv: %s: bucket %q does not exist", s.url(key), s.bucket)
	case "":
		return fmt.Errorf("kv: %s: %w", s.url(key), err)
	}
	return fmt.Errorf("kv: %s: %s (HTTP %d): %s", s.url(key), e.Code, e.StatusCode, e.Message)
}

// Get returns the object for key, or an error wrapping store.ErrNotFound
// when there is none. A missing bucket is an error of its own (not
// ErrNotFound), so that a reader does not take it for a missing chunk.
func (s *S3) Get(ctx context.Context, key string) ([]byte, error) {
	return s.GetRange(ctx, key, 0, -1)
}

// GetRange returns length bytes of the object for key starting at offset,
// in one ranged GET. A negative offset counts from the end of the object
// and a negative length reads to its end. A range outside the object is
// an error; a missing key is an error wrapping store.ErrNotFound.
func (s *S3) GetRange(ctx context.Context, key string, offset, length int64) ([]byte, error) {
	return s.getRange(ctx, key, offset, length, nil)
}

// GetPooled implements store.PooledGetter: Get into a recycled buffer,
// returned to the pool by release.
func (s *S3) GetPooled(ctx context.Context, key string) ([]byte, func(), error) {
	return pooled(func(buf *[]byte) ([]byte, error) { return s.getRange(ctx, key, 0, -1, buf) })
}

// Open implements store.Opener: one GET of the whole object, whose body
// positioned reads consume in order (a codec header, then the rest,
// straight into the caller's buffer); reads out of order are ranged GETs.
// The value holds one of the store's concurrency slots until closed.
func (s *S3) Open(ctx context.Context, key string) (store.Value, error) {
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	v, err := s.lim.open(ctx, func(ctx context.Context) (io.ReadCloser, int64, error) {
		body, info, _, err := minio.Core{Client: s.client}.GetObject(ctx, s.bucket, s.prefix+key, minio.GetObjectOptions{})
		return body, info.Size, err
	}, func(ctx context.Context, p []byte, off int64) error {
		return readInto(p, func(buf *[]byte) ([]byte, error) { return s.getRange(ctx, key, off, int64(len(p)), buf) })
	})
	if err != nil {
		return nil, s.fail(key, err)
	}
	return v, nil
}

// getRange is GetRange, reading into *buf when buf is not nil.
func (s *S3) getRange(ctx context.Context, key string, offset, length int64, buf *[]byte) ([]byte, error) {
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	if err := checkRange(offset, length); err != nil {
		return nil, fmt.Errorf("%w (%s)", err, s.url(key))
	}
	if length == 0 {
		return s.emptyRange(ctx, key, offset, length, nil)
	}
	var opts minio.GetObjectOptions
	switch {
	case offset < 0:
		opts.SetRange(0, offset) // the last -offset bytes
	case length > 0:
		opts.SetRange(offset, offset+length-1)
	case offset > 0:
		opts.SetRange(offset, 0)
	}
	var out []byte
	err := s.lim.do(ctx, func(ctx context.Context, alive func()) error {
		body, info, hdr, err := minio.Core{Client: s.client}.GetObject(ctx, s.bucket, s.prefix+key, opts)
		if err != nil {
			return err // minio-go retried what is worth retrying
		}
		defer body.Close()
		b, err := s.lim.readFull(ctx, body, info.Size, alive, buf)
		if err != nil {
			return err
		}
		out, err = cutRange(b, hdr.Get("Content-Range"), offset, length)
		return err
	})
	if minio.ToErrorResponse(err).StatusCode == http.StatusRequestedRangeNotSatisfiable {
		return s.emptyRange(ctx, key, offset, length, err)
	}
	if err != nil {
		return nil, s.fail(key, err)
	}
	return out, nil
}

// emptyRange answers a range that reads nothing (length 0, or one the
// server refused with err): empty when it lies inside the value, an error
// when it does not.
func (s *S3) emptyRange(ctx context.Context, key string, offset, length int64, err error) ([]byte, error) {
	var info minio.ObjectInfo
	serr := s.lim.do(ctx, func(ctx context.Context, _ func()) error {
		var err error
		info, err = s.client.StatObject(ctx, s.bucket, s.prefix+key, minio.StatObjectOptions{})
		return err
	})
	if serr != nil {
		return nil, s.fail(key, serr)
	}
	lo, hi, rerr := rangeOf(int(info.Size), offset, length)
	if rerr != nil {
		return nil, fmt.Errorf("%w (%s)", rerr, s.url(key))
	}
	if hi > lo {
		return nil, s.fail(key, err) // refused a range inside the value
	}
	return []byte{}, nil
}

// cutRange checks the bytes b a ranged GET returned (with Content-Range
// cr, "" for a whole value) against the request and returns the requested
// part: a response that does not cover it exactly is an error.
func cutRange(b []byte, cr string, offset, length int64) ([]byte, error) {
	if cr == "" {
		lo, hi, err := rangeOf(len(b), offset, length)
		if err != nil {
			return nil, err
		}
		return b[lo:hi], nil
	}
	var first, last, total int64
	if _, err := fmt.Sscanf(cr, "bytes %d-%d/%d", &first, &last, &total); err != nil || last-first+1 != int64(len(b)) {
		return nil, fmt.Errorf("kv: bad Content-Range %q for %d bytes", cr, len(b))
	}
	switch {
	case offset < 0:
		if total < -offset {
			return nil, fmt.Errorf("kv: range starts %d bytes before the start of a %d-byte value", -offset-total, total)
		}
		if length >= 0 {
			b = b[:length]
		}
	case length == 0:
		b = b[:0]
	case length > 0 && int64(len(b)) != length:
		return nil, fmt.Errorf("kv: range [%d, %d+%d) beyond a %d-byte value", offset, offset, length, total)
	}
	return b, nil
}

// Set uploads value as the object for key: in one PUT, or in parallel
// parts when it is larger than the part size.
func (s *S3) Set(ctx context.Context, key string, value []byte) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	err := s.lim.do(ctx, func(ctx context.Context, alive func()) error {
		alive()
		// An empty value goes up unsigned: there is no payload to sign, and
		// versitygw leaves the last chunk of an empty streaming-signed body
		// unread, then answers it with a 400 on the connection the next
		// request takes.
		_, err := s.client.PutObject(ctx, s.bucket, s.prefix+key, &aliveSeeker{bytes.NewReader(value), alive},
			int64(len(value)), minio.PutObjectOptions{PartSize: s.partSize, NumThreads: 4,
				ContentType: "application/octet-stream", DisableContentSha256: len(value) == 0})
		return err
	})
	if err != nil {
		return s.fail(key, err)
	}
	return nil
}

// aliveSeeker is a bytes.Reader that reports progress (an upload that
// sends bytes is not idle).
type aliveSeeker struct {
	*bytes.Reader
	alive func()
}

func (a *aliveSeeker) Read(p []byte) (int, error) {
	n, err := a.Reader.Read(p)
	if n > 0 {
		a.alive()
	}
	return n, err
}

func (a *aliveSeeker) ReadAt(p []byte, off int64) (int, error) {
	n, err := a.Reader.ReadAt(p, off)
	if n > 0 {
		a.alive()
	}
	return n, err
}

// Delete removes the object for key; deleting a missing key is not an
// error.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	err := s.lim.do(ctx, func(ctx context.Context, _ func()) error {
		return s.client.RemoveObject(ctx, s.bucket, s.prefix+key, minio.RemoveObjectOptions{})
	})
	if err != nil && minio.ToErrorResponse(err).Code != minio.NoSuchKey {
		return s.fail(key, err)
	}
	return nil
}

// List returns the keys that start with prefix, sorted.
func (s *S3) List(ctx context.Context, prefix string) ([]string, error) {
	return s.list(ctx, prefix, true)
}

// ListDir returns the sorted names of the objects and "directories"
// (common prefixes) directly under the directory prefix ("" for the
// root, or a key with or without a trailing slash).
func (s *S3) ListDir(ctx context.Context, prefix string) ([]string, error) {
	if err := checkPrefix(prefix); err != nil {
		return nil, err
	}
	return s.list(ctx, dirPrefix(prefix), false)
}

func (s *S3) list(ctx context.Context, prefix string, recursive bool) ([]string, error) {
	var names []string
	err := s.lim.do(ctx, func(ctx context.Context, alive func()) error {
		names = names[:0]
		for o := range s.client.ListObjectsIter(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix + prefix, Recursive: recursive}) {
			if o.Err != nil {
				return o.Err
			}
			alive()
			k := strings.TrimPrefix(o.Key, s.prefix)
			if !recursive {
				k = strings.TrimSuffix(strings.TrimPrefix(k, prefix), "/")
			}
			if k != "" {
				names = append(names, k)
			}
		}
		return nil
	})
	if err != nil {
		return nil, s.fail(prefix, fmt.Errorf("list: %w", err))
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// Remote reports true: every request is a network round trip, so readers
// keep what they can (store/zarr keeps the shard indices it read).
func (s *S3) Remote() bool { return true }

var _ store.Store = (*S3)(nil)
