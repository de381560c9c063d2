package fileio

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteAt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	head := []byte("head")
	if _, err := f.Write(head); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 1, Piece - 1, Piece, Piece + 1, 3*Piece + 4016} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i*7 + n)
		}
		if err := WriteAt(f, b, 4016); err != nil {
			t.Fatal(err)
		}
		got := make([]byte, n+4)
		if n > 0 {
			if _, err := f.ReadAt(got[:n], 4016); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got[:n], b) {
				t.Fatalf("%d bytes: read back differs", n)
			}
		}
		if _, err := f.ReadAt(got[:4], 0); err != nil || !bytes.Equal(got[:4], head) {
			t.Fatalf("%d bytes: the bytes before the offset changed: %q, %v", n, got[:4], err)
		}
	}
	r, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	err = WriteAt(r, make([]byte, 2*Piece), 7)
	if err == nil || !strings.Contains(err.Error(), "offset 7") {
		t.Fatalf("writing to a read-only file: %v, want an error naming the offset", err)
	}
}
