package kv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/internal/fileio"
)

// Dir is a store.Store over a directory: the value of key "a/b/c" is the
// file root/a/b/c. Make one with NewDir. It is safe for concurrent use,
// also by several processes, since every Set is an atomic rename.
type Dir struct {
	root string
}

// NewDir returns the store rooted at directory root. The directory need
// not exist yet: Set creates it and any parent directories of a key.
func NewDir(root string) *Dir { return &Dir{root: filepath.Clean(root)} }

// Root returns the directory the store lives in.
func (s *Dir) Root() string { return s.root }

func (s *Dir) path(key string) (string, error) {
	if err := CheckKey(key); err != nil {
		return "", err
	}
	return filepath.Join(s.root, filepath.FromSlash(key)), nil
}

// Get returns the contents of the file for key, or an error wrapping
// store.ErrNotFound when there is none (or it is a directory).
func (s *Dir) Get(ctx context.Context, key string) ([]byte, error) {
	v, err := s.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer v.Close()
	b := make([]byte, v.Size())
	if _, err := io.ReadFull(v.(dirValue).File, b); err != nil {
		return nil, fmt.Errorf("kv: %q: %w", key, err)
	}
	return b, nil
}

// readPool recycles the buffers GetPooled reads files into.
var readPool sync.Pool // of *[]byte

// GetPooled implements store.PooledGetter: the file for key is read into
// a recycled buffer, returned to the pool by release.
func (s *Dir) GetPooled(ctx context.Context, key string) ([]byte, func(), error) {
	v, err := s.Open(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	defer v.Close()
	f := v.(dirValue)
	n := int(f.size)
	bp, _ := readPool.Get().(*[]byte)
	if bp == nil || cap(*bp) < n {
		// Room for a little more, so that chunks of nearly one size (a
		// compressed array's) share buffers.
		b := make([]byte, n+n/8)
		bp = &b
	}
	b := (*bp)[:n]
	if _, err := io.ReadFull(f.File, b); err != nil {
		readPool.Put(bp)
		return nil, nil, fmt.Errorf("kv: %q: %w", key, err)
	}
	return b, func() { readPool.Put(bp) }, nil
}

// Open implements store.Opener: the value's file, for positioned reads.
func (s *Dir) Open(ctx context.Context, key string) (store.Value, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := s.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, s.wrap(key, err)
	}
	fi, err := f.Stat()
	switch {
	case err != nil:
		f.Close()
		return nil, s.wrap(key, err)
	case fi.IsDir():
		f.Close()
		return nil, fmt.Errorf("kv: %q in %s: %w", key, s.root, store.ErrNotFound)
	}
	return dirValue{f, fi.Size()}, nil
}

// dirValue is an open value file and its size.
type dirValue struct {
	*os.File
	size int64
}

func (v dirValue) Size() int64 { return v.size }

// wrap turns a not-exist (or is-a-directory) error into one wrapping
// store.ErrNotFound.
func (s *Dir) wrap(key string, err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) || isDirErr(err) {
		return fmt.Errorf("kv: %q in %s: %w", key, s.root, store.ErrNotFound)
	}
	return fmt.Errorf("kv: %q: %w", key, err)
}

func isDirErr(err error) bool {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if fi, e := os.Stat(pe.Path); e == nil && fi.IsDir() {
			return true
		}
	}
	return false
}

// GetRange returns length bytes of the file for key starting at offset. A
// negative offset counts from the end of the file and a negative length
// reads to its end. A range outside the file is an error; a missing key
// is an error wrapping store.ErrNotFound.
func (s *Dir) GetRange(ctx context.Context, key string, offset, length int64) ([]byte, error) {
	v, err := s.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer v.Close()
	f := v.(dirValue)
	lo, hi, err := rangeOf(int(f.size), offset, length)
	if err != nil {
		return nil, fmt.Errorf("%w (key %q)", err, key)
	}
	b := make([]byte, hi-lo)
	if _, err := f.ReadAt(b, int64(lo)); err != nil && !(err == io.EOF && len(b) == 0) {
		return nil, fmt.Errorf("kv: %q: %w", key, err)
	}
	return b, nil
}

// Set writes value to the file for key atomically (temporary file, then
// rename), creating parent directories as needed.
func (s *Dir) Set(ctx context.Context, key string, value []byte) error {
	_, err := s.set(ctx, key, value, "")
	return err
}

// SetOver is Set writing value over the regular file at path, which
// it moves into the store, instead of into a new file: the page-cache
// pages and disk blocks that file holds are reused rather than freshly
// allocated (a store-to-store copy writes each destination chunk over
// its part of the intermediate file). The file is moved first, under a
// temporary name, then overwritten, cut to len(value) and renamed to
// key's file, so that readers never see a partial value. It reports
// false, leaving the file where and as it was, when the file cannot be
// moved there (another file system); Set is then the way.
func (s *Dir) SetOver(ctx context.Context, key string, value []byte, path string) (bool, error) {
	return s.set(ctx, key, value, path)
}

// set writes value into a temporary file next to key's file (a new one,
// or the file at path moved there: false when it cannot be), then
// renames it to key's file. It reports whether the file at path moved.
func (s *Dir) set(ctx context.Context, key string, value []byte, path string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	p, err := s.path(key)
	if err != nil {
		return false, err
	}
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, fmt.Errorf("kv: %q: %w", key, err)
	}
	f, err := os.CreateTemp(dir, tmpPrefix+"*")
	if err != nil {
		return false, fmt.Errorf("kv: %q: %w", key, err)
	}
	tmp := f.Name()
	if path != "" { // the temporary file's name is taken over by the file at path
		f.Close()
		if err := os.Rename(path, tmp); err != nil {
			os.Remove(tmp)
			return false, nil
		}
		f, err = os.OpenFile(tmp, os.O_WRONLY, 0)
	}
	if err == nil {
		// In pieces: a value of 2 MiB or more written at once fills
		// the page cache with huge folios, which a virtual machine that
		// reports free memory to its host fills several times slower.
		err = fileio.WriteAt(f, value, 0)
		if err == nil && path != "" {
			err = f.Truncate(int64(len(value)))
		}
		err = errors.Join(err, f.Close())
	}
	if err == nil {
		// CreateTemp makes 0600 files; give chunks the usual permissions.
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, p)
	}
	if err != nil {
		os.Remove(tmp)
		return path != "", fmt.Errorf("kv: %q: %w", key, err)
	}
	return path != "", nil
}

// Delete removes the file for key; deleting a missing key is not an
// error. Directories left empty are not removed.
func (s *Dir) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p, err := s.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("kv: %q: %w", key, err)
	}
	return nil
}

// List returns the keys (files, not directories) that start with prefix,
// sorted. It walks only the directory that holds the prefix.
func (s *Dir) List(ctx context.Context, prefix string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	start := s.root
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
		if err := checkPrefix(prefix[:i+1]); err != nil {
			return nil, err
		}
		start = filepath.Join(s.root, filepath.FromSlash(prefix[:i]))
	}
	var keys []string
	err := filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), tmpPrefix) {
			return nil
		}
		rel, err := filepath.Rel(s.root, p)
		if err != nil {
			return err
		}
		if k := filepath.ToSlash(rel); strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("kv: list %q: %w", prefix, err)
	}
	slices.Sort(keys)
	return keys, nil
}

// ListDir returns the sorted names of the files and directories directly
// inside the directory prefix ("" for the root, or a key with or without
// a trailing slash). A missing directory has no children.
func (s *Dir) ListDir(ctx context.Context, prefix string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkPrefix(prefix); err != nil {
		return nil, err
	}
	ents, err := os.ReadDir(filepath.Join(s.root, filepath.FromSlash(strings.TrimSuffix(prefix, "/"))))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return nil, nil
		}
		return nil, fmt.Errorf("kv: list %q: %w", prefix, err)
	}
	names := make([]string, 0, len(ents))
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), tmpPrefix) {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

var _ store.Store = (*Dir)(nil)
