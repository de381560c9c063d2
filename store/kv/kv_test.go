package kv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chunkwise/chunkwise/store"
)

type fullStore interface {
	store.Store
	GetRange(ctx context.Context, key string, offset, length int64) ([]byte, error)
	ListDir(ctx context.Context, prefix string) ([]string, error)
}

func backends(t *testing.T) map[string]fullStore {
	return map[string]fullStore{
		"memory": NewMemory(),
		"dir":    NewDir(filepath.Join(t.TempDir(), "root")),
	}
}

func TestStores(t *testing.T) {
	ctx := context.Background()
	for name, s := range backends(t) {
		t.Run(name, func(t *testing.T) {
			if _, err := s.Get(ctx, "a/.zarray"); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("Get missing: %v, want ErrNotFound", err)
			}
			keys := []string{"a/.zarray", "a/0.0", "a/0.1", "b/c/0/0", "b/zarr.json", "top"}
			for i, k := range keys {
				if err := s.Set(ctx, k, []byte(fmt.Sprintf("value %d", i))); err != nil {
					t.Fatal(err)
				}
			}
			v, err := s.Get(ctx, "a/0.1")
			if err != nil || string(v) != "value 2" {
				t.Fatalf("Get = %q, %v", v, err)
			}
			v[0] = 'X' // the caller owns the slice
			if v, _ := s.Get(ctx, "a/0.1"); string(v) != "value 2" {
				t.Fatalf("Get after modifying a returned slice = %q", v)
			}
			buf := []byte("new")
			if err := s.Set(ctx, "a/0.1", buf); err != nil {
				t.Fatal(err)
			}
			buf[0] = 'X'
			if v, _ := s.Get(ctx, "a/0.1"); string(v) != "new" {
				t.Fatalf("Set retained its value: %q", v)
			}
			if r, err := s.GetRange(ctx, "top", 2, 3); err != nil || string(r) != "lue" {
				t.Fatalf("GetRange = %q, %v", r, err)
			}
			if r, err := s.GetRange(ctx, "top", -1, -1); err != nil || string(r) != "5" {
				t.Fatalf("GetRange suffix = %q, %v", r, err)
			}
			if _, err := s.GetRange(ctx, "top", 5, 10); err == nil {
				t.Fatal("GetRange beyond the end: no error")
			}
			for _, tc := range []struct {
				prefix string
				want   []string
			}{
				{"", keys},
				{"a/", keys[:3]},
				{"a/0", keys[1:3]},
				{"b", keys[3:5]},
				{"zz", nil},
			} {
				got, err := s.List(ctx, tc.prefix)
				if err != nil || !slices.Equal(got, tc.want) {
					t.Errorf("List(%q) = %q, %v, want %q", tc.prefix, got, err, tc.want)
				}
			}
			for _, tc := range []struct {
				prefix string
				want   []string
			}{
				{"", []string{"a", "b", "top"}},
				{"b", []string{"c", "zarr.json"}},
				{"b/", []string{"c", "zarr.json"}},
				{"nope", nil},
			} {
				got, err := s.ListDir(ctx, tc.prefix)
				if err != nil || !slices.Equal(got, tc.want) {
					t.Errorf("ListDir(%q) = %q, %v, want %q", tc.prefix, got, err, tc.want)
				}
			}
			if err := s.Delete(ctx, "a/0.0"); err != nil {
				t.Fatal(err)
			}
			if err := s.Delete(ctx, "a/0.0"); err != nil {
				t.Fatalf("Delete of a missing key: %v", err)
			}
			if _, err := s.Get(ctx, "a/0.0"); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("Get deleted: %v", err)
			}
			if _, err := s.Get(ctx, "b/c"); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("Get of a directory: %v, want ErrNotFound", err)
			}
			for _, bad := range []string{"", "/abs", "a//b", "../x", "a/../../x", "a/./b", "a/", `a\b`} {
				if err := s.Set(ctx, bad, nil); !errors.Is(err, ErrInvalidKey) {
					t.Errorf("Set(%q) = %v, want ErrInvalidKey", bad, err)
				}
				if _, err := s.Get(ctx, bad); !errors.Is(err, ErrInvalidKey) {
					t.Errorf("Get(%q) = %v, want ErrInvalidKey", bad, err)
				}
			}
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			if _, err := s.Get(cctx, "top"); !errors.Is(err, context.Canceled) {
				t.Errorf("Get with a cancelled context: %v", err)
			}
		})
	}
}

func TestConcurrent(t *testing.T) {
	ctx := context.Background()
	for name, s := range backends(t) {
		t.Run(name, func(t *testing.T) {
			var wg sync.WaitGroup
			for g := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range 50 {
						k := fmt.Sprintf("x/%d", i%10)
						val := bytes.Repeat([]byte{byte(g)}, 1000)
						if err := s.Set(ctx, k, val); err != nil {
							t.Error(err)
							return
						}
						v, err := s.Get(ctx, k)
						if err != nil {
							t.Error(err)
							return
						}
						// Writes are atomic: a value is never a mix of two writers.
						if len(v) != 1000 || bytes.Count(v, v[:1]) != 1000 {
							t.Errorf("torn value of length %d", len(v))
							return
						}
						if _, err := s.List(ctx, "x/"); err != nil {
							t.Error(err)
						}
					}
				}()
			}
			wg.Wait()
			keys, _ := s.List(ctx, "")
			if len(keys) != 10 {
				t.Errorf("%d keys after concurrent writes, want 10 (no temp files): %q", len(keys), keys)
			}
		})
	}
}

func TestDirLayout(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	s := NewDir(root)
	if err := s.Set(ctx, "g/arr/0/1", []byte("chunk")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "g", "arr", "0", "1"))
	if err != nil || string(b) != "chunk" {
		t.Fatalf("file = %q, %v", b, err)
	}
	fi, _ := os.Stat(filepath.Join(root, "g", "arr", "0", "1"))
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
	// A stray temp file from a crashed writer is invisible.
	os.WriteFile(filepath.Join(root, "g", tmpPrefix+"123"), []byte("x"), 0o644)
	keys, _ := s.List(ctx, "")
	if !slices.Equal(keys, []string{"g/arr/0/1"}) {
		t.Errorf("List = %q", keys)
	}
	if _, err := s.Get(ctx, "g/arr/0/1/x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get below a file: %v, want ErrNotFound", err)
	}
}

// TestDirSetOver writes values over files longer and shorter than them,
// over an existing key and into a new directory: each file moves into
// the store as the key's file (mode 0644, no temporary file left); a
// file that cannot be moved (here: missing) is reported and the key is
// untouched; a bad key is an error.
func TestDirSetOver(t *testing.T) {
	ctx := context.Background()
	root, scratch := t.TempDir(), t.TempDir()
	s := NewDir(root)
	if err := s.Set(ctx, "a/0", []byte("old value")); err != nil {
		t.Fatal(err)
	}
	for i, c := range []struct {
		key, file, value string
	}{{"a/0", "a long scratch file's contents", "new"}, {"a/1", "ab", "longer than the file"}, {"b/c/2", "", "x"}, {"a/3", "abc", ""}} {
		path := filepath.Join(scratch, fmt.Sprint("unit", i))
		if err := os.WriteFile(path, []byte(c.file), 0o600); err != nil {
			t.Fatal(err)
		}
		moved, err := s.SetOver(ctx, c.key, []byte(c.value), path)
		if err != nil || !moved {
			t.Fatalf("SetOver(%q) = %v, %v", c.key, moved, err)
		}
		if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s still there after SetOver: %v", path, err)
		}
		if b, err := s.Get(ctx, c.key); err != nil || string(b) != c.value {
			t.Errorf("%s = %q, %v, want %q", c.key, b, err, c.value)
		}
		if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(c.key))); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: %v, mode %v, want 0644", c.key, err, fi.Mode().Perm())
		}
	}
	moved, err := s.SetOver(ctx, "a/0", []byte("lost"), filepath.Join(scratch, "missing"))
	if moved || err != nil {
		t.Errorf("SetOver from a missing file = %v, %v; want false, nil", moved, err)
	}
	if b, _ := s.Get(ctx, "a/0"); string(b) != "new" {
		t.Errorf("a/0 = %q after a SetOver that could not move its file", b)
	}
	var names []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), tmpPrefix) {
			names = append(names, p)
		}
		return nil
	})
	if names != nil {
		t.Errorf("temporary files left: %q", names)
	}
	if _, err := s.SetOver(ctx, "../x", nil, filepath.Join(scratch, "missing")); err == nil {
		t.Error("SetOver with a key outside the store: no error")
	}
}
