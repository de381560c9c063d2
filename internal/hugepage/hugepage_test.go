package hugepage

import (
	"runtime"
	"testing"
	"unsafe"
)

func TestMake(t *testing.T) {
	for _, n := range []int{0, 1, 1000, Min/8 - 1, Min / 8, Min/8 + 12345, 3 * Min / 8} {
		s := Make[float64](n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("Make(%d): len %d cap %d", n, len(s), cap(s))
		}
		for i, v := range s {
			if v != 0 {
				t.Fatalf("Make(%d)[%d] = %v, want 0", n, i, v)
			}
		}
		if n > 0 {
			s[n-1] = 1 // the whole slice is writable
		}
		if runtime.GOOS == "linux" && n*8 >= Min {
			if p := uintptr(unsafe.Pointer(&s[0])); p%huge != 0 {
				t.Errorf("Make(%d) starts at %#x, not on a 2 MiB boundary", n, p)
			}
		}
	}
	if b := Make[byte](Min + 1); len(b) != Min+1 {
		t.Fatalf("Make[byte]: len %d", len(b))
	}
}
