package chunk

import (
	"os"
	"strings"
	"testing"
	"unsafe"

	"github.com/chunkwise/chunkwise/internal/smaps"
)

// TestLargeBuffersAdvisedHuge: a buffer of 3 MiB lies in memory advised
// for huge pages and a small one advises nothing; with
// CHUNKWISE_MADVISE_HUGEPAGE=0 (make test runs it so too), nothing is
// advised.
func TestLargeBuffersAdvisedHuge(t *testing.T) {
	thp, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(thp), "[never]") {
		t.Fatalf("this test needs transparent huge pages (always or madvise): %q, %v", thp, err)
	}
	on := os.Getenv("CHUNKWISE_MADVISE_HUGEPAGE") != "0"
	if hugeOn != on {
		t.Fatalf("the advice is %v with CHUNKWISE_MADVISE_HUGEPAGE=%q", hugeOn, os.Getenv("CHUNKWISE_MADVISE_HUGEPAGE"))
	}
	d := NewDense(Float64, []int{3 << 20 / 8}) // 3 MiB: touches two or three 2 MiB blocks
	v := Values[float64](d)
	for i := range v {
		if v[i] != 0 {
			t.Fatalf("element %d of a new buffer is %v", i, v[i])
		}
	}
	for _, off := range []int{0, len(v) / 2, len(v) - 1} {
		a := uintptr(unsafe.Pointer(&v[off]))
		flags, err := smaps.VmFlags(a)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(flags, " hg") != on {
			t.Errorf("element %d of a 3 MiB buffer: advised for huge pages %v, want %v: %s", off, !on, on, flags)
		}
		hugeMu.Lock()
		_, ok := hugeBlocks[a&^(hugeBlock-1)]
		hugeMu.Unlock()
		if ok != on {
			t.Errorf("the block of element %d: recorded as advised %v, want %v", off, ok, on)
		}
	}
	// A small buffer alone advises nothing new.
	hugeMu.Lock()
	before := len(hugeBlocks)
	hugeMu.Unlock()
	NewDense(Float64, []int{1000})
	hugeMu.Lock()
	after := len(hugeBlocks)
	hugeMu.Unlock()
	if after != before {
		t.Errorf("an 8000-byte buffer advised %d blocks", after-before)
	}
}
