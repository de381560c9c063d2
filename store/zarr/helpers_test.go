package zarr

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
	"github.com/chunkwise/chunkwise/store"
)

// corpusDir returns the interop corpus (../shared/testdata/interop).
func corpusDir(t testing.TB) string { return testcorpus.Path(t, "interop") }

type manifestEntry struct {
	Name     string          `json:"name"`
	Path     string          `json:"path"`
	Format   string          `json:"format"`
	DType    string          `json:"dtype"`
	Shape    []int           `json:"shape"`
	Chunks   []int           `json:"chunks"`
	Order    any             `json:"order"`
	Fill     json.RawMessage `json:"fill_value"`
	Expected string          `json:"expected"`
	Attrs    map[string]any  `json:"attrs"`
	Missing  []string        `json:"missing_chunks"`
	Codec    map[string]any  `json:"codec"`
}

type manifestGroup struct {
	Path     string         `json:"path"`
	Format   string         `json:"format"`
	Attrs    map[string]any `json:"attrs"`
	Children []string       `json:"children"`
}

type manifest struct {
	Arrays []manifestEntry `json:"arrays"`
	Groups []manifestGroup `json:"groups"`
}

func readManifest(t testing.TB, dir string) manifest {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// readNPY is a minimal .npy reader for tests: versions 1–3, simple dtypes.
func readNPY(b []byte) (descr string, fortran bool, shape []int, data []byte, err error) {
	if len(b) < 10 || string(b[:6]) != "\x93NUMPY" {
		return "", false, nil, nil, fmt.Errorf("not a .npy")
	}
	var hlen, start int
	if b[6] == 1 {
		hlen, start = int(binary.LittleEndian.Uint16(b[8:])), 10
	} else {
		hlen, start = int(binary.LittleEndian.Uint32(b[8:])), 12
	}
	h := string(b[start : start+hlen])
	descr = regexp.MustCompile(`'descr':\s*'([^']*)'`).FindStringSubmatch(h)[1]
	fortran = strings.Contains(h, "'fortran_order': True")
	sh := regexp.MustCompile(`'shape':\s*\(([^)]*)\)`).FindStringSubmatch(h)[1]
	for _, f := range strings.Split(sh, ",") {
		if f = strings.TrimSpace(f); f != "" {
			n, _ := strconv.Atoi(f)
			shape = append(shape, n)
		}
	}
	if shape == nil {
		shape = []int{}
	}
	return descr, fortran, shape, b[start+hlen:], nil
}

// writeNPY writes a C-order little-endian .npy (format 1.0).
func writeNPY(path string, d *chunk.Dense) error {
	descr := v2DTypeString(d.DType(), false)
	var sh []string
	for _, n := range d.Shape() {
		sh = append(sh, strconv.Itoa(n))
	}
	shape := strings.Join(sh, ", ")
	if len(sh) == 1 {
		shape += ","
	}
	h := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", descr, shape)
	for (10+len(h)+1)%64 != 0 {
		h += " "
	}
	h += "\n"
	var buf bytes.Buffer
	buf.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&buf, binary.LittleEndian, uint16(len(h)))
	buf.WriteString(h)
	buf.Write(d.Bytes())
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// readAll assembles every chunk of r into one buffer.
func readAll(ctx context.Context, r store.Reader) (*chunk.Dense, error) {
	m := r.Meta()
	g, err := m.Grid()
	if err != nil {
		return nil, err
	}
	out := chunk.NewDense(m.DType, m.Shape)
	var ferr error
	g.Blocks(func(idx []int) {
		if ferr != nil {
			return
		}
		c, err := r.ReadChunk(ctx, idx)
		if err != nil {
			ferr = err
			return
		}
		box := g.BlockBox(idx)
		if !chunk.EqualShapes(c.Shape(), box.Shape()) {
			ferr = fmt.Errorf("chunk %v has shape %v, want %v", idx, c.Shape(), box.Shape())
			return
		}
		chunk.CopyBox(out, box.Min, c, chunk.Box{Min: make([]int, len(box.Min)), Max: c.Shape()})
	})
	return out, ferr
}

// equalNaN reports whether two little-endian buffers of dt are equal,
// treating any two NaNs as equal.
func equalNaN(dt chunk.DType, a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	if len(a) != len(b) || !dt.IsFloat() {
		return false
	}
	es := dt.Size()
	for i := 0; i < len(a); i += es {
		x, y := a[i:i+es], b[i:i+es]
		if bytes.Equal(x, y) {
			continue
		}
		var fx, fy float64
		if es == 4 {
			fx, fy = float64(math.Float32frombits(binary.LittleEndian.Uint32(x))), float64(math.Float32frombits(binary.LittleEndian.Uint32(y)))
		} else {
			fx, fy = math.Float64frombits(binary.LittleEndian.Uint64(x)), math.Float64frombits(binary.LittleEndian.Uint64(y))
		}
		if !(math.IsNaN(fx) && math.IsNaN(fy)) {
			return false
		}
	}
	return true
}
