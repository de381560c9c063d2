package kv

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/chunkwise/chunkwise/store"
)

func TestDirGetPooled(t *testing.T) {
	ctx := context.Background()
	s := NewDir(t.TempDir())
	var _ store.PooledGetter = s
	big := bytes.Repeat([]byte("chunk"), 1000)
	for _, v := range [][]byte{big, []byte("xy"), {}} {
		if err := s.Set(ctx, "a/c/0.0", v); err != nil {
			t.Fatal(err)
		}
		b, release, err := s.GetPooled(ctx, "a/c/0.0")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, v) {
			t.Fatalf("GetPooled = %d bytes, want %d", len(b), len(v))
		}
		release()
	}
	if _, _, err := s.GetPooled(ctx, "a/c/9.9"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing key: %v", err)
	}
	if _, _, err := s.GetPooled(ctx, "a/c"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("directory key: %v", err)
	}
	if _, _, err := s.GetPooled(ctx, "../x"); err == nil {
		t.Error("bad key accepted")
	}
}
