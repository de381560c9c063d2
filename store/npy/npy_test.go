package npy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// randomDense returns a Dense of dt and shape with random contents (0/1
// for bool, arbitrary bit patterns otherwise).
func randomDense(rng *rand.Rand, dt chunk.DType, shape []int) *chunk.Dense {
	d := chunk.NewDense(dt, shape)
	if dt == chunk.Bool {
		v := chunk.Values[bool](d)
		for i := range v {
			v[i] = rng.IntN(2) == 1
		}
		return d
	}
	b := d.Bytes()
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	return d
}

func equalDense(t *testing.T, what string, got, want *chunk.Dense) {
	t.Helper()
	if got.DType() != want.DType() || !chunk.EqualShapes(got.Shape(), want.Shape()) {
		t.Fatalf("%s: got %v%v, want %v%v", what, got.DType(), got.Shape(), want.DType(), want.Shape())
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("%s: data differ", what)
	}
}

var testShapes = [][]int{{}, {0}, {0, 3}, {4, 0}, {1}, {1, 1}, {7}, {3, 4}, {5, 1, 6}, {2, 3, 4, 5}}

var layouts = []Options{
	{}, {Fortran: true}, {BigEndian: true}, {Fortran: true, BigEndian: true},
	{Version: 2}, {Version: 3, Fortran: true}, {Version: 2, BigEndian: true},
}

func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, dt := range chunk.DTypes {
		for _, shape := range testShapes {
			for _, o := range layouts {
				name := fmt.Sprintf("%v/%v/%+v", dt, shape, o)
				d := randomDense(rng, dt, shape)
				var buf bytes.Buffer
				if err := WriteWith(&buf, d, o); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if buf.Len() != int(must(ReadHeader(bytes.NewReader(buf.Bytes()))).DataOffset)+d.NBytes() {
					t.Fatalf("%s: file of %d bytes", name, buf.Len())
				}
				h := must(ReadHeader(bytes.NewReader(buf.Bytes())))
				if h.DataOffset%64 != 0 {
					t.Errorf("%s: data offset %d not 64-aligned", name, h.DataOffset)
				}
				wantV := max(o.Version, 1)
				if h.Major != wantV || h.Fortran != o.Fortran || h.BigEndian != (o.BigEndian && dt.Size() > 1) || h.DType != dt {
					t.Errorf("%s: header %+v", name, h)
				}
				got, err := Read(bytes.NewReader(buf.Bytes()))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				equalDense(t, name, got, d)
			}
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestFortranLayout(t *testing.T) {
	// A 2×3 int8 array in Fortran order stores columns first.
	d := must(chunk.FromSlice([]int{2, 3}, []int8{1, 2, 3, 4, 5, 6}))
	var buf bytes.Buffer
	if err := WriteWith(&buf, d, Options{Fortran: true}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	got := b[len(b)-6:]
	if want := []byte{1, 4, 2, 5, 3, 6}; !bytes.Equal(got, want) {
		t.Fatalf("Fortran data %v, want %v", got, want)
	}
	if !strings.Contains(string(b[:128]), "{'descr': '|i1', 'fortran_order': True, 'shape': (2, 3), }") {
		t.Fatalf("header %q", b[:64])
	}
}

func TestBigEndianLayout(t *testing.T) {
	d := must(chunk.FromSlice([]int{2}, []int32{1, -2}))
	var buf bytes.Buffer
	if err := WriteWith(&buf, d, Options{BigEndian: true}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if got, want := b[len(b)-8:], []byte{0, 0, 0, 1, 0xff, 0xff, 0xff, 0xfe}; !bytes.Equal(got, want) {
		t.Fatalf("big-endian data %x, want %x", got, want)
	}
	if !strings.Contains(string(b), "'>i4'") || !strings.Contains(string(b), "(2,)") {
		t.Fatalf("header %q", b[:64])
	}
}

func header(version int, dict string) []byte {
	b := []byte(magic)
	b = append(b, byte(version), 0)
	if version == 1 {
		b = append(b, byte(len(dict)), byte(len(dict)>>8))
	} else {
		b = append(b, byte(len(dict)), byte(len(dict)>>8), byte(len(dict)>>16), byte(len(dict)>>24))
	}
	return append(b, dict...)
}

func TestBadInput(t *testing.T) {
	ok := "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n"
	good := append(header(1, ok), make([]byte, 16)...)
	for _, tc := range []struct {
		name string
		in   []byte
		want error
		msg  string // substring of the error
	}{
		{"empty", nil, ErrTruncated, ""},
		{"not npy", []byte("PK\x03\x04 this is a zip file"), ErrNotNPY, "magic"},
		{"short magic", []byte("\x93NUM"), ErrTruncated, ""},
		{"short other", []byte("abc"), ErrNotNPY, ""},
		{"version 4", header(4, ok), ErrUnsupported, "version 4.0"},
		{"version 1.1", append([]byte(magic), 1, 1, 0, 0), ErrUnsupported, "version 1.1"},
		{"no header length", []byte(magic + "\x01\x00\x10"), ErrTruncated, "length"},
		{"truncated header", header(1, ok)[:30], ErrTruncated, "header"},
		{"truncated data", good[:len(good)-1], ErrTruncated, "data"},
		{"unicode", header(1, "{'descr': '<U8', 'fortran_order': False, 'shape': (2,), }"), ErrUnsupported, `"<U8"`},
		{"object", header(1, "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }"), ErrUnsupported, "\"|O\""},
		{"complex256", header(1, "{'descr': '<c32', 'fortran_order': False, 'shape': (2,), }"), ErrUnsupported, "complex256"},
		{"datetime", header(1, "{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (2,), }"), ErrUnsupported, "datetime"},
		{"structured", header(1, "{'descr': [('a', '<i4'), ('b', '<f8')], 'fortran_order': False, 'shape': (2,), }"), ErrUnsupported, "structured"},
		{"negative shape", header(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }"), ErrMalformed, "shape"},
		{"float shape", header(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2.5,), }"), ErrMalformed, ""},
		{"list shape", header(1, "{'descr': '<f8', 'fortran_order': False, 'shape': [2], }"), ErrMalformed, "shape"},
		{"huge shape", header(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"), ErrMalformed, "2^63"},
		{"missing key", header(1, "{'descr': '<f8', 'shape': (2,), }"), ErrMalformed, "keys"},
		{"extra key", header(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}"), ErrMalformed, `"x"`},
		{"not a dict", header(1, "('<f8', False, (2,))"), ErrMalformed, "dict"},
		{"garbage", header(1, "{'descr': '<f8', 'fortran_order': Fals"), ErrMalformed, ""},
		{"order string", header(1, "{'descr': '<f8', 'fortran_order': 'no', 'shape': (2,), }"), ErrMalformed, "fortran_order"},
		{"multibyte no order", header(1, "{'descr': '|f8', 'fortran_order': False, 'shape': (2,), }"), ErrUnsupported, "byte order"},
		{"huge v2 header", append([]byte(magic), 2, 0, 0xff, 0xff, 0xff, 0x7f), ErrMalformed, "header length"},
	} {
		_, err := Read(bytes.NewReader(tc.in))
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: error %v, want %v containing %q", tc.name, err, tc.want, tc.msg)
		}
	}
	if _, err := Read(bytes.NewReader(good)); err != nil {
		t.Fatalf("good input: %v", err)
	}
}

func TestHeaderVariants(t *testing.T) {
	// Spellings other writers (Python 2 NumPy, hand-written files) use.
	for _, tc := range []struct {
		dict  string
		shape []int
		dt    chunk.DType
	}{
		{`{"descr": "<i2", "fortran_order": False, "shape": (3L, 2L)}`, []int{3, 2}, chunk.Int16},
		{"{'shape': (), 'fortran_order': False, 'descr': '|b1'}", []int{}, chunk.Bool},
		{"{'descr':'<u8','fortran_order':True,'shape':(1,)}   \n", []int{1}, chunk.Uint64},
		{"{'descr': 'f4', 'fortran_order': False, 'shape': (2,)}", []int{2}, chunk.Float32},
	} {
		h, err := ReadHeader(bytes.NewReader(header(1, tc.dict)))
		if err != nil {
			t.Errorf("%s: %v", tc.dict, err)
			continue
		}
		if h.DType != tc.dt || !chunk.EqualShapes(h.Shape, tc.shape) {
			t.Errorf("%s: got %v %v", tc.dict, h.DType, h.Shape)
		}
	}
}

func TestFileChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	dir := t.TempDir()
	ctx := context.Background()
	for _, dt := range []chunk.DType{chunk.Bool, chunk.Int16, chunk.Float32, chunk.Float64, chunk.Complex128} {
		for _, o := range layouts[:4] {
			for _, tc := range []struct{ shape, chunks []int }{
				{[]int{13, 7, 5}, []int{4, 3, 2}},
				{[]int{13, 7, 5}, []int{4, 7, 5}},
				{[]int{9}, []int{4}},
				{[]int{}, []int{}},
				{[]int{0, 4}, []int{3, 2}},
				{[]int{100, 120}, []int{17, 5}}, // short runs: row reads
				{[]int{12, 5000}, []int{3, 4500}},
			} {
				name := fmt.Sprintf("%v/%+v/%v/%v", dt, o, tc.shape, tc.chunks)
				path := filepath.Join(dir, "a.npy")
				want := randomDense(rng, dt, tc.shape)
				w, err := CreateWith(path, dt, tc.shape, tc.chunks, o)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				g := must(w.Meta().Grid())
				var wg sync.WaitGroup
				var mu sync.Mutex
				var werr error
				g.Blocks(func(idx []int) {
					idx = append([]int(nil), idx...)
					wg.Add(1)
					go func() {
						defer wg.Done()
						if err := w.WriteChunk(ctx, idx, want.Region(g.BlockBox(idx))); err != nil {
							mu.Lock()
							werr = err
							mu.Unlock()
						}
					}()
				})
				wg.Wait()
				if werr != nil {
					t.Fatalf("%s: %v", name, werr)
				}
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
				got, err := ReadFile(path)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				equalDense(t, name+" ReadFile", got, want)
				// Read back with another chunking.
				chunks := make([]int, len(tc.shape))
				for a := range chunks {
					chunks[a] = max(tc.shape[a]/(2+a), 1)
				}
				for k, cs := range [][]int{tc.chunks, chunks, nil, tc.chunks} {
					r, err := OpenChunked(path, cs)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if k == 3 {
						r.dropMapping() // read with ReadAt
					}
					rg := must(r.Meta().Grid())
					rg.Blocks(func(idx []int) {
						c, err := r.ReadChunk(ctx, idx)
						if err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						equalDense(t, fmt.Sprintf("%s chunks %v block %v", name, cs, idx), c, want.Region(rg.BlockBox(idx)))
					})
					r.Close()
				}
			}
		}
	}
}

func TestDefaultChunks(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.npy")
	w, err := Create(path, chunk.Float64, []int{100000, 300})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := f.Meta()
	if m.Chunks[1] != 300 || m.Chunks[0] >= 100000 || m.Chunks[0]*300*8 > chunk.DefaultTarget {
		t.Fatalf("default chunks %v for shape %v", m.Chunks, m.Shape)
	}
	pathF := filepath.Join(dir, "bigF.npy")
	w, err = CreateWith(pathF, chunk.Float64, []int{300, 100000}, nil, Options{Fortran: true})
	if err != nil {
		t.Fatal(err)
	}
	if m := w.Meta(); m.Chunks[0] != 300 || m.Chunks[1] >= 100000 {
		t.Fatalf("default Fortran chunks %v", m.Chunks)
	}
	w.Close()
}

func TestFileErrors(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	path := filepath.Join(dir, "a.npy")
	d := must(chunk.FromSlice([]int{4, 4}, make([]float32, 16)))
	if err := WriteFile(path, d); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenChunked(path, []int{2}); err == nil {
		t.Error("chunk shape of the wrong length accepted")
	}
	if _, err := OpenChunked(path, []int{0, 2}); err == nil {
		t.Error("zero chunk size accepted")
	}
	f := must(OpenChunked(path, []int{2, 2}))
	if _, err := f.ReadChunk(ctx, []int{2, 0}); err == nil {
		t.Error("block outside the grid accepted")
	}
	if err := f.WriteChunk(ctx, []int{0, 0}, d); err == nil {
		t.Error("write to a read-only file accepted")
	}
	f.Close()
	// Truncate the data: Open must refuse.
	b := must(os.ReadFile(path))
	os.WriteFile(path, b[:len(b)-4], 0o666)
	if _, err := Open(path); !errors.Is(err, ErrTruncated) {
		t.Errorf("Open of a truncated file: %v", err)
	}
	if _, err := ReadFile(path); !errors.Is(err, ErrTruncated) {
		t.Errorf("ReadFile of a truncated file: %v", err)
	}
	w := must(CreateWith(path, chunk.Float32, []int{4, 4}, []int{2, 2}, Options{}))
	defer w.Close()
	if err := w.WriteChunk(ctx, []int{0, 0}, d); err == nil {
		t.Error("chunk of the wrong shape accepted")
	}
	if err := w.WriteChunk(ctx, []int{0, 0}, chunk.NewDense(chunk.Float64, []int{2, 2})); err == nil {
		t.Error("chunk of the wrong dtype accepted")
	}
	if _, err := Create(path, chunk.Invalid, []int{2}); err == nil {
		t.Error("invalid dtype accepted")
	}
	if _, err := Create(path, chunk.Int8, []int{-1}); err == nil {
		t.Error("negative shape accepted")
	}
	if err := Write(&bytes.Buffer{}, nil); err == nil {
		t.Error("nil Dense accepted")
	}
}

func TestNumPyComplexFile(t *testing.T) {
	// Written by NumPy: numpy.zeros(2, complex128).
	d, err := ReadFile("testdata/c16_zeros.npy")
	if err != nil || d.DType() != chunk.Complex128 || !slices.Equal(chunk.Values[complex128](d), []complex128{0, 0}) {
		t.Fatalf("ReadFile: %v %v", d, err)
	}
}

func TestNumPyUnsupportedFiles(t *testing.T) {
	for file, msg := range map[string]string{
		"testdata/U8_unsupported.npy":         `"<U8"`,
		"testdata/structured_unsupported.npy": "structured dtype",
	} {
		_, err := ReadFile(file)
		if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: %v, want ErrUnsupported naming %s", file, err, msg)
		}
	}
}

// TestReadLevels reads random chunkings of random files of up to 4 axes,
// some with long last axes, and checks every chunk against the array,
// covering each way readBox reads (copies out of the mapping; one call
// per run, one per span of axis 0, of a middle axis).
func TestReadLevels(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	dir := t.TempDir()
	ctx := context.Background()
	seen := map[string]bool{}
	for i := range 300 {
		nd := 1 + rng.IntN(4)
		shape := make([]int, nd)
		chunks := make([]int, nd)
		long := rng.IntN(2 * nd) // one axis up to 3000 long, half the time
		for a := range shape {
			shape[a] = 1 + rng.IntN(12)
			if a == long {
				shape[a] = 1 + rng.IntN(3000)
			}
			chunks[a] = max(1+rng.IntN(shape[a]), shape[a]/8)
		}
		dt := []chunk.DType{chunk.Float64, chunk.Int16, chunk.Uint8}[rng.IntN(3)]
		path := filepath.Join(dir, fmt.Sprintf("l%d.npy", i))
		want := randomDense(rng, dt, shape)
		if err := WriteFile(path, want); err != nil {
			t.Fatal(err)
		}
		r, err := OpenChunked(path, chunks)
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 {
			r.dropMapping() // read with ReadAt, as readLevel plans
		}
		g := must(r.Meta().Grid())
		g.Blocks(func(idx []int) {
			box := g.BlockBox(idx)
			level, span := readLevel(shape, box, dt.Size())
			_, inner := runOf(shape, box.Shape())
			switch {
			case span == 0:
				seen["runs"] = true
			case level == 0:
				seen["axis 0"] = true
			case level < inner:
				seen["middle"] = true
			}
			c, err := r.ReadChunk(ctx, idx)
			if err != nil {
				t.Fatalf("%v chunks %v: %v", shape, chunks, err)
			}
			equalDense(t, fmt.Sprintf("%v %v chunks %v block %v", dt, shape, chunks, idx), c, want.Region(box))
		})
		r.Close()
	}
	for _, k := range []string{"runs", "axis 0", "middle"} {
		if !seen[k] {
			t.Errorf("no chunk was read by %s", k)
		}
	}
}

// TestCutShort reads a file cut short after it was opened: every chunk
// read is an error wrapping ErrTruncated, whether the cut leaves the
// chunk's pages mapped (zeros within the last page) or not (a fault).
func TestCutShort(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		cut     int
		fortran bool // chunks read by transposing out of the mapping
	}{{8, false}, {3 * 8 * 4096, false}, {8, true}, {3 * 8 * 4096, true}} {
		cut := tc.cut
		path := filepath.Join(t.TempDir(), "a.npy")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		err = WriteWith(f, randomDense(rand.New(rand.NewPCG(1, 2)), chunk.Float64, []int{4, 4096}), Options{Fortran: tc.fortran})
		if err == nil {
			err = f.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
		r := must(OpenChunked(path, []int{1, 4096}))
		if runtime.GOOS == "linux" && r.mapped == nil {
			t.Fatal("the file was not mapped")
		}
		st := must(os.Stat(path))
		if err := os.Truncate(path, st.Size()-int64(cut)); err != nil {
			t.Fatal(err)
		}
		for i := range 4 {
			if _, err := r.ReadChunk(ctx, []int{i, 0}); !errors.Is(err, ErrTruncated) {
				t.Errorf("fortran %v, cut %d bytes: chunk %d: %v, want ErrTruncated", tc.fortran, cut, i, err)
			}
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := r.ReadChunk(ctx, []int{0, 0}); err == nil {
			t.Error("read after Close")
		}
	}
}

// TestCutShortWrite writes into a file cut short after Create mapped it:
// every chunk write is an error wrapping ErrTruncated, never a crash,
// whether chunks are filled and copied into the mapping or written with
// WriteAt (rows of 1 MiB), which must not lengthen the file again.
func TestCutShortWrite(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		cols, cut int
		direct    bool
	}{{4096, 8, false}, {4096, 3 * 8 * 4096, false}, {1 << 17, 8, true}, {1 << 17, 3 * 8 << 17, true}} {
		d := randomDense(rand.New(rand.NewPCG(1, 2)), chunk.Float64, []int{1, tc.cols})
		path := filepath.Join(t.TempDir(), "a.npy")
		f := must(CreateWith(path, chunk.Float64, []int{4, tc.cols}, []int{1, tc.cols}, Options{}))
		if runtime.GOOS == "linux" && f.mapped == nil {
			t.Fatal("the file was not mapped")
		}
		if f.mapped != nil && f.direct != tc.direct {
			t.Fatalf("rows of %d bytes: direct %v, want %v", 8*tc.cols, f.direct, tc.direct)
		}
		st := must(os.Stat(path))
		cut := tc.cut
		if err := os.Truncate(path, st.Size()-int64(cut)); err != nil {
			t.Fatal(err)
		}
		for i := range 4 {
			if err := f.WriteChunk(ctx, []int{i, 0}, d); !errors.Is(err, ErrTruncated) {
				t.Errorf("rows of %d bytes, cut %d bytes: chunk %d: %v, want ErrTruncated", 8*tc.cols, cut, i, err)
			}
		}
		if now := must(os.Stat(path)).Size(); now != st.Size()-int64(cut) {
			t.Errorf("rows of %d bytes, cut %d bytes: the writes made the file %d bytes long, want %d", 8*tc.cols, cut, now, st.Size()-int64(cut))
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		if err := f.WriteChunk(ctx, []int{0, 0}, d); err == nil {
			t.Error("write after Close")
		}
	}
}
