package npy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/smaps"
)

// TestMappingAdvisedHuge checks that a file's mapping, written by Create
// and read by Open, is advised for huge pages as chunk buffers are, and
// not with CHUNKWISE_MADVISE_HUGEPAGE=0 (make test runs it so too).
func TestMappingAdvisedHuge(t *testing.T) {
	on := os.Getenv("CHUNKWISE_MADVISE_HUGEPAGE") != "0"
	path := filepath.Join(t.TempDir(), "a.npy")
	w := must(CreateWith(path, chunk.Float64, []int{1024, 512}, []int{256, 512}, Options{}))
	for _, f := range []*File{w, nil} {
		if f == nil {
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			f = must(OpenChunked(path, []int{256, 512}))
		}
		if f.mapped == nil {
			t.Fatal("the file was not mapped")
		}
		flags, err := smaps.VmFlags(uintptr(unsafe.Pointer(&f.mapped[len(f.mapped)/2])))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(flags, " hg") != on {
			t.Errorf("the mapping of a 4 MiB file (writable %v): advised for huge pages %v, want %v: %s", f.writable, !on, on, flags)
		}
		if _, err := f.ReadChunk(context.Background(), []int{3, 0}); err != nil {
			t.Fatal(err)
		}
	}
}
