package kv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/chunkwise/chunkwise/store"
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

// readInto runs get with p as its buffer, for a ranged read of len(p)
// bytes, and leaves the bytes read in p.
func readInto(p []byte, get func(buf *[]byte) ([]byte, error)) error {
	buf := p[:len(p):len(p)] // never beyond p
	b, err := get(&buf)
	if err == nil && len(b) > 0 && &b[0] != &p[0] {
		copy(p, b) // a server that ignored the range
	}
	return err
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
	// ReadBytes bounds the bytes of values being read at once (default
	// 64 MiB): a read whose response announces more than is left waits,
	// with its body unread, until earlier reads are done (a value open
	// for reading counts until closed), unless fewer than GOMAXPROCS
	// values are being read. The bytes on their way are the round trip
	// times the bandwidth, and 64 MiB keeps a 10 Gb/s link with a 50 ms
	// round trip busy; more large values in flight would only hold more
	// memory. Values of 8 MB are read 8 at a time, values of 1 MB up to
	// Concurrency at a time.
	ReadBytes int64
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
	if r.ReadBytes <= 0 {
		r.ReadBytes = 64 << 20
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

// limiter bounds the requests in flight and the bytes being read, and
// retries failed requests.
type limiter struct {
	Remote
	sem chan struct{}

	mu      sync.Mutex    // guards the fields below
	reading int           // values being read (admitted)
	bytes   int64         // their sizes
	done    chan struct{} // closed when a read ends
}

func newLimiter(r Remote) *limiter {
	r = r.withDefaults()
	return &limiter{Remote: r, sem: make(chan struct{}, r.Concurrency), done: make(chan struct{})}
}

// admit waits until a value of n bytes may be read (see
// Remote.ReadBytes), calling alive whenever an earlier read ends, and
// returns the function that ends this read. A read inside a slot ctx
// already holds (the rest of an open value) was admitted with it.
func (l *limiter) admit(ctx context.Context, n int64, alive func()) (end func(), err error) {
	if ctx.Value(heldSlot{}) == l {
		return func() {}, nil
	}
	n = max(n, 0)
	for {
		l.mu.Lock()
		if l.reading < runtime.GOMAXPROCS(0) || l.bytes+n <= l.ReadBytes {
			l.reading++
			l.bytes += n
			l.mu.Unlock()
			return sync.OnceFunc(func() {
				l.mu.Lock()
				l.reading--
				l.bytes -= n
				close(l.done)
				l.done = make(chan struct{})
				l.mu.Unlock()
			}), nil
		}
		done := l.done
		l.mu.Unlock()
		select {
		case <-done:
			alive()
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// readFull is the function readFull, admitted by admit.
func (l *limiter) readFull(ctx context.Context, body io.Reader, n int64, alive func(), buf *[]byte) ([]byte, error) {
	end, err := l.admit(ctx, n, alive)
	if err != nil {
		return nil, err
	}
	defer end()
	return readFull(body, n, alive, buf)
}

// retryable marks an error worth retrying.
type retryable struct{ err error }

func (e retryable) Error() string { return e.err.Error() }
func (e retryable) Unwrap() error { return e.err }

// heldSlot is the context key marking a request as made inside a
// concurrency slot its caller already holds (a stream's ranged reads):
// the value is the limiter.
type heldSlot struct{}

// acquire takes a concurrency slot (none when ctx already holds one of
// l's) and returns the function that gives it back.
func (l *limiter) acquire(ctx context.Context) (release func(), err error) {
	if ctx.Value(heldSlot{}) == l {
		return func() {}, nil
	}
	select {
	case l.sem <- struct{}{}:
		return func() { <-l.sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// do runs op in a concurrency slot, retrying it with exponential backoff
// while it fails with a retryable error, at most Retries times. op gets a
// context that is cancelled when alive is not called for IdleTimeout;
// op passes its body reads through aliveReader.
func (l *limiter) do(ctx context.Context, op func(ctx context.Context, alive func()) error) error {
	release, err := l.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	return l.retry(ctx, func() error {
		a := l.begin(ctx)
		defer a.end()
		return a.check(op(a.ctx, a.alive))
	})
}

// retry runs try until it succeeds or fails with an error that is not
// retryable, at most Retries+1 times, waiting with backoff in between.
func (l *limiter) retry(ctx context.Context, try func() error) error {
	wait := l.Backoff
	for attempt := 0; ; attempt++ {
		err := try()
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

// attempt is one try of a request: its context is cancelled when alive
// is not called for IdleTimeout, or by end.
type attempt struct {
	ctx     context.Context
	cancel  context.CancelCauseFunc
	idle    time.Duration
	stalled error
	mu      sync.Mutex // serialises timer resets
	timer   *time.Timer
}

func (l *limiter) begin(ctx context.Context) *attempt {
	a := &attempt{idle: l.IdleTimeout, stalled: fmt.Errorf("no data for %v", l.IdleTimeout)}
	a.ctx, a.cancel = context.WithCancelCause(ctx)
	a.timer = time.AfterFunc(a.idle, func() { a.cancel(a.stalled) })
	return a
}

// alive restarts the idle timeout.
func (a *attempt) alive() {
	a.mu.Lock()
	a.timer.Reset(a.idle)
	a.mu.Unlock()
}

// end stops the timer and cancels the attempt's context.
func (a *attempt) end() {
	a.timer.Stop()
	a.cancel(nil)
}

// check returns err, made retryable and saying so when the attempt
// failed because it stalled.
func (a *attempt) check(err error) error {
	if err == nil || context.Cause(a.ctx) != a.stalled {
		return err
	}
	var re retryable
	if errors.As(err, &re) {
		err = re.err
	}
	if !errors.Is(err, a.stalled) {
		err = fmt.Errorf("%w (%w)", err, a.stalled)
	}
	return retryable{err}
}

// open starts get, a GET of a whole value returning its body and size
// (negative when unknown), in a concurrency slot, with retries, and
// returns the value for positioned reads: reads that follow each other
// take the body's bytes as they come, any other read is ranged, a ranged
// GET run in the same slot. Once the response announces its size, the
// value waits to be admitted (see admit). The slot and the admission are
// held until the value is closed.
func (l *limiter) open(ctx context.Context, get func(ctx context.Context) (io.ReadCloser, int64, error),
	ranged func(ctx context.Context, p []byte, off int64) error) (store.Value, error) {
	release, err := l.acquire(ctx)
	if err != nil {
		return nil, err
	}
	v := &stream{ctx: context.WithValue(ctx, heldSlot{}, l), ranged: ranged, release: release}
	err = l.retry(ctx, func() error {
		v.a = l.begin(ctx)
		var err error
		v.body, v.size, err = get(v.a.ctx)
		if err != nil {
			v.a.end()
			return v.a.check(err)
		}
		return nil
	})
	if err != nil {
		release()
		return nil, err
	}
	if v.size < 0 { // no Content-Length: take all of it now
		defer v.Close()
		b, err := readFull(v.body, -1, v.a.alive, nil)
		if err != nil {
			return nil, err
		}
		return memValue{bytes.NewReader(b)}, nil
	}
	end, err := l.admit(ctx, v.size, v.a.alive)
	if err != nil {
		v.Close()
		return nil, err
	}
	v.a.alive()
	v.release = func() { end(); release() }
	return v, nil
}

// stream is a store.Value over the body of a GET of a whole value (see
// limiter.open). A ReadAt that starts where the previous one stopped
// reads on from the body, so that a chunk read as a codec header and
// then the rest costs one request; any other ReadAt, or the rest of one
// whose body broke off, is a ranged GET with retries: bytes are never
// taken from a response that did not deliver all of them.
type stream struct {
	ctx     context.Context // Open's, marked as holding the slot
	size    int64
	ranged  func(ctx context.Context, p []byte, off int64) error
	release func() // gives back the slot; nil once closed

	mu   sync.Mutex    // guards the fields below
	a    *attempt      // the GET's
	body io.ReadCloser // nil once closed or broken
	pos  int64         // where body is
}

// Size returns the value's length (the GET's Content-Length).
func (v *stream) Size() int64 { return v.size }

// ReadAt implements io.ReaderAt.
func (v *stream) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("kv: read at negative offset %d", off)
	}
	if off >= v.size {
		return 0, io.EOF // as bytes.Reader
	}
	var eof error
	if rest := v.size - off; int64(len(p)) > rest {
		p, eof = p[:rest], io.EOF
	}
	n := v.readBody(p, off)
	if n < len(p) {
		if err := v.ranged(v.ctx, p[n:], off+int64(n)); err != nil {
			return n, err
		}
	}
	return len(p), eof
}

// readBody reads p from the body when it is at off, and returns how many
// bytes it read; a body that fails is closed.
func (v *stream) readBody(p []byte, off int64) int {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.body == nil || off != v.pos {
		return 0
	}
	n, err := io.ReadFull(&aliveReader{v.body, v.a.alive}, p)
	v.pos += int64(n)
	if err != nil {
		v.closeBody()
	}
	return n
}

func (v *stream) closeBody() {
	if v.body != nil {
		v.body.Close()
		v.a.end()
		v.body = nil
	}
}

// Close ends the GET and gives back the concurrency slot.
func (v *stream) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.closeBody()
	if v.release != nil {
		v.release()
		v.release = nil
	}
	return nil
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
		*buf = make([]byte, int(n+n/8))
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
