package kv

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/chunkwise/chunkwise/store"
)

// Memory is an in-memory store.Store. The zero value is not usable; make
// one with NewMemory. It is safe for concurrent use.
type Memory struct {
	mu sync.RWMutex
	m  map[string][]byte // guarded by mu; values are never modified in place
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{m: make(map[string][]byte)} }

// Get returns a copy of the value at key, or an error wrapping
// store.ErrNotFound.
func (s *Memory) Get(ctx context.Context, key string) ([]byte, error) {
	return s.GetRange(ctx, key, 0, -1)
}

// GetRange returns a copy of length bytes of the value at key starting at
// offset. A negative offset counts from the end of the value and a
// negative length reads to its end. A range outside the value is an
// error; a missing key is an error wrapping store.ErrNotFound.
func (s *Memory) GetRange(ctx context.Context, key string, offset, length int64) ([]byte, error) {
	v, err := s.value(ctx, key)
	if err != nil {
		return nil, err
	}
	lo, hi, err := rangeOf(len(v), offset, length)
	if err != nil {
		return nil, fmt.Errorf("%w (key %q)", err, key)
	}
	return slices.Clone(v[lo:hi:hi]), nil
}

// Open implements store.Opener.
func (s *Memory) Open(ctx context.Context, key string) (store.Value, error) {
	v, err := s.value(ctx, key)
	if err != nil {
		return nil, err
	}
	return memValue{bytes.NewReader(v)}, nil
}

// value returns the stored value at key, shared (values are never
// modified in place).
func (s *Memory) value(ctx context.Context, key string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	s.mu.RLock()
	v, ok := s.m[key]
	s.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("kv: %q: %w", key, store.ErrNotFound)
	}
	return v, nil
}

// memValue is a stored value read in place (values are never modified).
type memValue struct{ *bytes.Reader }

func (memValue) Close() error { return nil }

// Set stores a copy of value at key.
func (s *Memory) Set(ctx context.Context, key string, value []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckKey(key); err != nil {
		return err
	}
	v := make([]byte, len(value))
	copy(v, value)
	s.mu.Lock()
	s.m[key] = v
	s.mu.Unlock()
	return nil
}

// Delete removes key; deleting a missing key is not an error.
func (s *Memory) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckKey(key); err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.m, key)
	s.mu.Unlock()
	return nil
}

// List returns the keys that start with prefix, sorted.
func (s *Memory) List(ctx context.Context, prefix string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var keys []string
	for k := range s.m {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	s.mu.RUnlock()
	slices.Sort(keys)
	return keys, nil
}

// ListDir returns the sorted, distinct names of the immediate children of
// the directory prefix ("" for the root, or a key with or without a
// trailing slash): keys directly under it and the first segment of deeper
// keys.
func (s *Memory) ListDir(ctx context.Context, prefix string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkPrefix(prefix); err != nil {
		return nil, err
	}
	prefix = dirPrefix(prefix)
	seen := make(map[string]bool)
	s.mu.RLock()
	for k := range s.m {
		if name, ok := childName(k, prefix); ok {
			seen[name] = true
		}
	}
	s.mu.RUnlock()
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	slices.Sort(names)
	return names, nil
}

var _ store.Store = (*Memory)(nil)
