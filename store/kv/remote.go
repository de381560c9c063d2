package kv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/chunkwise/chunkwise/internal/hugepage"
)

// pooled runs get with a buffer from the pool that Dir.GetPooled uses
// too, for the store.PooledGetter method of remote stores.
func pooled(get func(buf *[]byte) ([]byte, error)) ([]byte, func(), error) {
	bp, _ := readPool.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	b, err := get(bp)
	if err != nil {
		readPool.Put(bp)
		return nil, nil, err
	}
	return b, func() { readPool.Put(bp) }, nil
}

// ErrReadOnly is wrapped by the errors of Set and Delete on a store that
// cannot be written (HTTP).
var ErrReadOnly = errors.New("kv: read-only store")

// Remote holds the limits a remote store (S3, HTTP) works within. The zero
// value of each field means its default.
type Remote struct {
	// Concurrency bounds the requests in flight at once from one store
	// (default 32); more wait for a slot.
	Concurrency int
	// Retries is how often a failed request (5xx, throttling, a dropped
	// connection, a truncated or stalled body) is retried before its
	// error is returned (default 5); negative means no retries.
	Retries int
	// Backoff is the first wait before a retry (default 100 ms); each
	// further retry waits twice as long (with jitter), at most 2 s.
	Backoff time.Duration
	// IdleTimeout aborts a request that receives no bytes for this long
	// (default 30 s): a server that stops answering cannot hang a read.
	IdleTimeout time.Duration
}

func (r Remote) withDefaults() Remote {
	if r.Concurrency <= 0 {
		r.Concurrency = 32
	}
	if r.Retries == 0 {
		r.Retries = 5
	}
	r.Retries = max(r.Retries, 0)
	if r.Backoff <= 0 {
		r.Backoff = 100 * time.Millisecond
	}
	if r.IdleTimeout <= 0 {
		r.IdleTimeout = 30 * time.Second
	}
	return r
}

// limiter bounds the requests in flight and retries failed ones.
type limiter struct {
	Remote
	sem chan struct{}
}

func newLimiter(r Remote) *limiter {
	r = r.withDefaults()
	return &limiter{Remote: r, sem: make(chan struct{}, r.Concurrency)}
}

// retryable marks an error worth retrying.
type retryable struct{ err error }

func (e retryable) Error() string { return e.err.Error() }
func (e retryable) Unwrap() error { return e.err }

// do runs op in a concurrency slot, retrying it with exponential backoff
// while it fails with a retryable error, at most Retries times. op gets a
// context that is cancelled when the returned idle timer is not reset for
// IdleTimeout; op passes its body reads through idleReader.
func (l *limiter) do(ctx context.Context, op func(ctx context.Context, alive func()) error) error {
	select {
	case l.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-l.sem }()
	wait := l.Backoff
	for attempt := 0; ; attempt++ {
		err := l.once(ctx, op)
		var re retryable
		if err == nil || !errors.As(err, &re) || ctx.Err() != nil {
			return err
		}
		if attempt >= l.Retries {
			return fmt.Errorf("%w (gave up after %d attempts)", re.err, attempt+1)
		}
		d := wait/2 + rand.N(wait/2+1)
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return fmt.Errorf("%w (then %w)", re.err, ctx.Err())
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// once runs op once under an idle timeout.
func (l *limiter) once(ctx context.Context, op func(ctx context.Context, alive func()) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var mu sync.Mutex
	stalled := fmt.Errorf("no data for %v", l.IdleTimeout)
	t := time.AfterFunc(l.IdleTimeout, func() { cancel(stalled) })
	defer t.Stop()
	alive := func() {
		mu.Lock()
		t.Reset(l.IdleTimeout)
		mu.Unlock()
	}
	err := op(ctx, alive)
	if err != nil && context.Cause(ctx) == stalled {
		var re retryable
		if errors.As(err, &re) {
			err = re.err
		}
		if !errors.Is(err, stalled) {
			err = fmt.Errorf("%w (%w)", err, stalled)
		}
		return retryable{err}
	}
	return err
}

// readFull reads exactly n bytes from body (n < 0: to EOF), calling alive
// after every read, and returns a retryable error when the body ends
// early, fails or holds more than n bytes: half-read data is never taken
// for the whole value. With a non-nil buf it reads into *buf (grown as
// needed) when n is known.
func readFull(body io.Reader, n int64, alive func(), buf *[]byte) ([]byte, error) {
	r := &aliveReader{body, alive}
	if n < 0 {
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, retryable{fmt.Errorf("reading the response: %w", err)}
		}
		return b, nil
	}
	var b []byte
	switch {
	case buf == nil:
		b = make([]byte, n)
	case int64(cap(*buf)) >= n:
		b = (*buf)[:n]
	default:
		// Room for a little more, so that chunks of nearly one size (a
		// compressed array's) share buffers.
		*buf = hugepage.Make[byte](int(n + n/8))
		b = (*buf)[:n]
	}
	if got, err := io.ReadFull(r, b); err != nil {
		return nil, retryable{fmt.Errorf("response truncated at %d of %d bytes: %w", got, n, err)}
	}
	var one [1]byte
	if k, _ := r.Read(one[:]); k > 0 {
		return nil, fmt.Errorf("response longer than the %d bytes announced", n)
	}
	return b, nil
}

// aliveReader calls alive after each read that made progress.
type aliveReader struct {
	r     io.Reader
	alive func()
}

func (a *aliveReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.alive()
	}
	return n, err
}

// checkRange validates a GetRange request before it is sent.
func checkRange(offset, length int64) error {
	if offset < 0 && length > -offset {
		return fmt.Errorf("kv: range of %d bytes from %d bytes before the end", length, -offset)
	}
	return nil
}
