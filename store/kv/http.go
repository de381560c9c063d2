package kv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chunkwise/chunkwise/store"
)

// HTTP is a read-only store.Store over a Zarr store served by a web
// server: the value of key "a/b" is the body of GET base/a/b. Make one
// with NewHTTP. It is safe for concurrent use. Reads of part of a value
// are Range requests; Set and Delete return errors wrapping ErrReadOnly,
// and List and ListDir errors wrapping ErrUnsupported, since HTTP has no
// listing (a group's members come from its consolidated metadata).
type HTTP struct {
	base   string // ends with "/"
	client *http.Client
	lim    *limiter
}

// ErrUnsupported is wrapped by the errors of operations a store cannot
// perform (listing over HTTP).
var ErrUnsupported = errors.New("kv: not supported")

// NewHTTP returns the store at base, an http:// or https:// URL. A URL of
// another scheme, without a host, or with a query or fragment is an
// error. It makes no request.
func NewHTTP(base string, r Remote) (*HTTP, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("kv: %q is not an http(s)://host/path URL", base)
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/"
	u.RawPath = ""
	return &HTTP{base: u.String(), client: &http.Client{Transport: remoteTransport()}, lim: newLimiter(r)}, nil
}

// String returns the store's base URL.
func (s *HTTP) String() string { return strings.TrimSuffix(s.base, "/") }

// Get returns the body of base/key, or an error wrapping
// store.ErrNotFound for a 404 or 410.
func (s *HTTP) Get(ctx context.Context, key string) ([]byte, error) {
	return s.GetRange(ctx, key, 0, -1)
}

// GetRange returns length bytes of the value at key starting at offset,
// in one Range request. A negative offset counts from the end of the
// value and a negative length reads to its end. A range outside the value
// is an error; a missing key is an error wrapping store.ErrNotFound.
func (s *HTTP) GetRange(ctx context.Context, key string, offset, length int64) ([]byte, error) {
	return s.getRange(ctx, key, offset, length, nil)
}

// GetPooled implements store.PooledGetter: Get into a recycled buffer,
// returned to the pool by release.
func (s *HTTP) GetPooled(ctx context.Context, key string) ([]byte, func(), error) {
	return pooled(func(buf *[]byte) ([]byte, error) { return s.getRange(ctx, key, 0, -1, buf) })
}

// getRange is GetRange, reading into *buf when buf is not nil.
func (s *HTTP) getRange(ctx context.Context, key string, offset, length int64, buf *[]byte) ([]byte, error) {
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	u := s.base + (&url.URL{Path: key}).EscapedPath()
	if err := checkRange(offset, length); err != nil {
		return nil, fmt.Errorf("%w (%s)", err, u)
	}
	if length == 0 {
		return s.emptyRange(ctx, u, offset, length, nil)
	}
	rng := ""
	switch {
	case offset < 0:
		rng = "bytes=" + strconv.FormatInt(offset, 10)
	case length > 0:
		rng = fmt.Sprintf("bytes=%d-%d", offset, offset+length-1)
	case offset > 0:
		rng = fmt.Sprintf("bytes=%d-", offset)
	}
	var out []byte
	err := s.lim.do(ctx, func(ctx context.Context, alive func()) error {
		resp, err := s.send(ctx, u, rng)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, err := s.lim.readFull(ctx, resp.Body, resp.ContentLength, alive, buf)
		if err != nil {
			return err
		}
		cr := ""
		if resp.StatusCode == http.StatusPartialContent {
			cr = resp.Header.Get("Content-Range")
			if cr == "" {
				return fmt.Errorf("HTTP 206 without Content-Range")
			}
		}
		out, err = cutRange(b, cr, offset, length)
		return err
	})
	if err == errRange416 {
		return s.emptyRange(ctx, u, offset, length, fmt.Errorf("range %s: %w", rng, err))
	}
	if err != nil {
		return nil, fmt.Errorf("kv: %s: %w", u, err)
	}
	return out, nil
}

// send makes a GET of u, with the Range header rng unless it is empty,
// and returns the response when its status is 200 or 206; otherwise the
// body is closed and the error is retryable for a timeout, throttling or
// 5xx, wraps store.ErrNotFound for 404 and 410, and is errRange416 for
// 416.
func (s *HTTP) send(ctx context.Context, u, rng string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	if rng != "" {
		req.Header.Set("Range", rng)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, retryable{err}
	}
	switch c := resp.StatusCode; {
	case c == http.StatusOK || c == http.StatusPartialContent:
		return resp, nil
	case c == http.StatusNotFound || c == http.StatusGone:
		err = store.ErrNotFound
	case c == http.StatusRequestedRangeNotSatisfiable:
		err = errRange416
	case c == http.StatusRequestTimeout || c == http.StatusTooManyRequests || c >= 500:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		err = retryable{fmt.Errorf("HTTP %s", resp.Status)}
	default:
		err = fmt.Errorf("HTTP %s", resp.Status)
	}
	resp.Body.Close()
	return nil, err
}

// Open implements store.Opener: one GET of the whole value, whose body
// positioned reads consume in order (a codec header, then the rest,
// straight into the caller's buffer); reads out of order are Range
// requests. The value holds one of the store's concurrency slots until
// closed.
func (s *HTTP) Open(ctx context.Context, key string) (store.Value, error) {
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	u := s.base + (&url.URL{Path: key}).EscapedPath()
	v, err := s.lim.open(ctx, func(ctx context.Context) (io.ReadCloser, int64, error) {
		resp, err := s.send(ctx, u, "")
		if err != nil {
			return nil, 0, err
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return nil, 0, fmt.Errorf("HTTP %s to a request without Range", resp.Status)
		}
		return resp.Body, resp.ContentLength, nil
	}, func(ctx context.Context, p []byte, off int64) error {
		return readInto(p, func(buf *[]byte) ([]byte, error) { return s.getRange(ctx, key, off, int64(len(p)), buf) })
	})
	if err != nil {
		return nil, fmt.Errorf("kv: %s: %w", u, err)
	}
	return v, nil
}

var errRange416 = errors.New("range not satisfiable (HTTP 416)")

// emptyRange answers a range that reads nothing (length 0, or one the
// server refused with err) from the size a HEAD request gives: empty when
// it lies inside the value, an error when it does not.
func (s *HTTP) emptyRange(ctx context.Context, u string, offset, length int64, err error) ([]byte, error) {
	var size int64
	herr := s.lim.do(ctx, func(ctx context.Context, _ func()) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodHead, u, nil)
		if err != nil {
			return err
		}
		resp, err := s.client.Do(req)
		if err != nil {
			return retryable{err}
		}
		resp.Body.Close()
		switch c := resp.StatusCode; {
		case c == http.StatusNotFound || c == http.StatusGone:
			return store.ErrNotFound
		case c == http.StatusRequestTimeout || c == http.StatusTooManyRequests || c >= 500:
			return retryable{fmt.Errorf("HTTP %s", resp.Status)}
		case c != http.StatusOK || resp.ContentLength < 0:
			return fmt.Errorf("HEAD: HTTP %s, length %d", resp.Status, resp.ContentLength)
		}
		size = resp.ContentLength
		return nil
	})
	if herr != nil {
		return nil, fmt.Errorf("kv: %s: %w", u, herr)
	}
	lo, hi, rerr := rangeOf(int(size), offset, length)
	if rerr != nil {
		return nil, fmt.Errorf("%w (%s)", rerr, u)
	}
	if hi > lo {
		return nil, fmt.Errorf("kv: %s: %w", u, err) // refused a range inside the value
	}
	return []byte{}, nil
}

// Set returns an error wrapping ErrReadOnly.
func (s *HTTP) Set(ctx context.Context, key string, value []byte) error {
	return fmt.Errorf("kv: %s%s: %w (HTTP)", s.base, key, ErrReadOnly)
}

// Delete returns an error wrapping ErrReadOnly.
func (s *HTTP) Delete(ctx context.Context, key string) error {
	return fmt.Errorf("kv: %s%s: %w (HTTP)", s.base, key, ErrReadOnly)
}

// List returns an error wrapping ErrUnsupported: HTTP cannot list.
func (s *HTTP) List(ctx context.Context, prefix string) ([]string, error) {
	return nil, fmt.Errorf("kv: %s: listing %w over HTTP (consolidated metadata, .zmetadata, lists a group's members)", s, ErrUnsupported)
}

// Remote reports true: every request is a network round trip, so readers
// keep what they can (store/zarr keeps the shard indices it read).
func (s *HTTP) Remote() bool { return true }

var _ store.Store = (*HTTP)(nil)
