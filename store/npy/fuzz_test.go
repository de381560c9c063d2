package npy

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/chunkwise/chunkwise/internal/testcorpus"

	"github.com/chunkwise/chunkwise/chunk"
)

// FuzzReadHeader feeds arbitrary bytes to ReadHeader and Read, seeded
// from files NumPy wrote (testdata/ and the shared interop corpus). It
// checks that nothing panics, that accepted headers are self-consistent,
// and that an accepted array survives a write/read round trip.
func FuzzReadHeader(f *testing.F) {
	for _, pat := range []string{"testdata/*.npy", filepath.Join(testcorpus.Path(f, "interop/npy"), "*.npy")} {
		files, _ := filepath.Glob(pat)
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add(header(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 0), }"))
	f.Add(header(3, "{'descr': '>u2', 'fortran_order': True, 'shape': (1, 2, 1), }\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := ReadHeader(bytes.NewReader(b))
		if err != nil {
			return
		}
		if !h.DType.Valid() || h.DataOffset > int64(len(b)) || h.DataSize() < 0 {
			t.Fatalf("accepted inconsistent header %+v", h)
		}
		for _, n := range h.Shape {
			if n < 0 {
				t.Fatalf("accepted negative shape %v", h.Shape)
			}
		}
		d, err := Read(bytes.NewReader(b))
		if err != nil {
			return
		}
		if !chunk.EqualShapes(d.Shape(), h.Shape) || d.DType() != h.DType {
			t.Fatalf("Read gave %v%v for header %+v", d.DType(), d.Shape(), h)
		}
		var buf bytes.Buffer
		if err := WriteWith(&buf, d, Options{Fortran: h.Fortran, BigEndian: h.BigEndian}); err != nil {
			t.Fatal(err)
		}
		d2, err := Read(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(d.Bytes(), d2.Bytes()) {
			t.Fatal("round trip changed the data")
		}
	})
}
