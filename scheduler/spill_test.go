package scheduler

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/chunk"
)

const spillElems = 1024 // float64s per generated chunk: 8 KiB

// spillHook, when set, runs at the start of every spilltest.scale task.
var spillHook atomic.Pointer[func(block []int)]

// opaque reports its bytes but cannot be encoded: it must never spill.
type opaque struct{ v []float64 }

func (o *opaque) NBytes() int { return 8 * len(o.v) }

// tagged encodes with a tag that has no decoder: it must never spill.
type tagged struct{ opaque }

func (t *tagged) MarshalBinary() ([]byte, error) { return []byte{0x7d, 1, 2}, nil }

// vec is a value type of the tests with its own registered decoder.
type vec struct{ v []float64 }

const vecTag = 0x7e

func (v *vec) NBytes() int { return 8 * len(v.v) }

func (v *vec) MarshalBinary() ([]byte, error) {
	b := []byte{vecTag}
	for _, x := range v.v {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b, nil
}

func init() {
	RegisterDecoder(vecTag, func(b []byte) (any, error) {
		if len(b) == 0 || b[0] != vecTag || (len(b)-1)%8 != 0 {
			return nil, errors.New("bad vec")
		}
		v := &vec{v: make([]float64, (len(b)-1)/8)}
		for i := range v.v {
			v.v[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[1+8*i:]))
		}
		return v, nil
	})
	// spilltest.gen makes block i: spillElems values i + j/spillElems, as
	// the value type its parameters name.
	Register("spilltest.gen", func(params []byte) (Func, error) {
		kind := string(params)
		return func(block []int, _ []any) (any, error) {
			if kind == "regen" { // made in advance: nearly free to make again
				return regenChunks[block[0]], nil
			}
			s := make([]float64, spillElems)
			for j := range s {
				s[j] = float64(block[0]) + float64(j)/spillElems
			}
			switch kind {
			case "slowregen":
				time.Sleep(20 * time.Millisecond) // costlier than spilling 8 KiB
				return chunk.FromSlice([]int{spillElems}, s)
			case "dense":
				return chunk.FromSlice([]int{spillElems}, s)
			case "opaque":
				return &opaque{s}, nil
			case "tagged":
				return &tagged{opaque{s}}, nil
			case "vec":
				return &vec{s}, nil
			}
			return nil, fmt.Errorf("unknown kind %q", kind)
		}, nil
	})
	// spilltest.sum sums every element of its inputs into a 1-element chunk.
	RegisterFunc("spilltest.sum", func(_ []int, in []any) (any, error) {
		s := 0.0
		for _, v := range in {
			for _, x := range floatsOf(v) {
				s += x
			}
		}
		return chunk.FromSlice([]int{1}, []float64{s})
	})
	// spilltest.scale returns the sum of in[0] times in[1]'s single value,
	// as a 1-element chunk.
	RegisterFunc("spilltest.scale", func(block []int, in []any) (any, error) {
		if h := spillHook.Load(); h != nil {
			(*h)(block)
		}
		f := floatsOf(in[1])[0]
		s := 0.0
		for _, x := range floatsOf(in[0]) {
			s += x * f
		}
		return chunk.FromSlice([]int{1}, []float64{s})
	})
}

// regenChunks are spilltest.gen's "regen" blocks, made (and pinned, so
// never recycled) before any test times them: 1 MiB each, so that
// spilling one costs milliseconds against the microseconds of handing it
// out again, a margin no scheduling noise covers.
var regenChunks = func() []*chunk.Dense {
	out := make([]*chunk.Dense, regenBlocks)
	for i := range out {
		s := make([]float64, regenElems)
		for j := range s {
			s[j] = float64(i)*spillElems + float64(j%spillElems)/spillElems
		}
		out[i], _ = chunk.FromSlice([]int{regenElems}, s)
		out[i].Pin()
	}
	return out
}()

const regenBlocks, regenElems = 16, 128 * spillElems

func floatsOf(v any) []float64 {
	switch x := v.(type) {
	case *chunk.Dense:
		return chunk.Values[float64](x)
	case *opaque:
		return x.v
	case *tagged:
		return x.v
	case *vec:
		return x.v
	}
	panic(fmt.Sprintf("unexpected %T", v))
}

// twoPass builds the graph of Σ_i (Σ_j a_ij) · total, total = Σ_ij a_ij,
// over n generated chunks a_i: every chunk is read by the total's tree
// and again afterwards, so all n are live at once unless spilled. It
// returns the root layer and the expected result.
func twoPass(n int, kind string) (Layer, float64) {
	// Kinds regen and slowregen make dense chunks marked Recompute,
	// cheap and costly to make again.
	regen := kind == "regen" || kind == "slowregen"
	gen := &testLayer{name: "gen", n: n, task: func(int) Task {
		return Task{Kernel: "spilltest.gen", Params: []byte(kind), Recompute: regen}
	}}
	tree := func(name string, in Layer, width int) Layer {
		l, w := in, width
		for level := 1; w > 1 || level == 1; level++ {
			prev, pw := l, w
			w = (w + 3) / 4
			l = &testLayer{name: fmt.Sprintf("%s-%d", name, level), n: w, inputs: []Layer{prev}, task: func(i int) Task {
				var keys []Key
				for j := i * 4; j < min((i+1)*4, pw); j++ {
					keys = append(keys, NewKey(prev.Name(), []int{j}))
				}
				return Task{Kernel: "spilltest.sum", Inputs: keys}
			}}
		}
		return l
	}
	total := tree("total", gen, n)
	scaled := &testLayer{name: "scaled", n: n, inputs: []Layer{gen, total}, task: func(i int) Task {
		return Task{Kernel: "spilltest.scale", Inputs: []Key{NewKey("gen", []int{i}), NewKey(total.Name(), []int{0})}}
	}}
	root := tree("out", scaled, n)
	// Σ_ij a_ij = Σ_i (i·m + (m-1)/2), m = spillElems.
	m := float64(spillElems)
	var sum float64
	for i := range n {
		sum += float64(i)*m + (m-1)/2
	}
	if kind == "regen" { // each block holds the usual one 128 times, scaled by m
		sum = 0
		for i := range n {
			sum += 128 * (float64(i)*m*m + (m-1)/2)
		}
	}
	return root, sum * sum
}

func runTwoPass(t *testing.T, e *Local, n int, kind string) (float64, error) {
	t.Helper()
	root, want := twoPass(n, kind)
	vals, err := e.Run(context.Background(), NewGraph(root), []Key{NewKey(root.Name(), []int{0})})
	if err != nil {
		return 0, err
	}
	got := chunk.Values[float64](vals[0].(*chunk.Dense))[0]
	if math.Abs(got-want) > 1e-9*math.Abs(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	return got, nil
}

// leftovers lists every file or directory below dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if p != dir {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestSpillCompletesWithinBudget(t *testing.T) {
	const n, value = 64, spillElems * 8
	for _, workers := range []int{1, 2, 4} {
		t.Run(strconv.Itoa(workers), func(t *testing.T) {
			dir := t.TempDir()
			limit := int64(8 * value)
			e := &Local{Workers: workers, MemoryLimit: limit, SpillDir: dir}
			if _, err := runTwoPass(t, e, n, "dense"); err != nil {
				t.Fatal(err)
			}
			st := e.LastStats()
			t.Logf("%+v", st)
			// Spilled counts bytes written; a value read back and spilled
			// again is dropped, not rewritten, so it may be below Spills×value.
			if st.Spills == 0 || st.Spilled < value || st.Loads == 0 {
				t.Errorf("no spilling recorded: %+v", st)
			}
			if bound := limit + int64(workers)*value; st.PeakLive > bound {
				t.Errorf("peak live %d > limit + workers × value = %d", st.PeakLive, bound)
			}
			if l := leftovers(t, dir); len(l) > 0 {
				t.Errorf("spill files left behind: %v", l)
			}
		})
	}
}

func TestNoLimitDoesNotSpill(t *testing.T) {
	const n = 64
	e := &Local{Workers: 2}
	if _, err := runTwoPass(t, e, n, "dense"); err != nil {
		t.Fatal(err)
	}
	st := e.LastStats()
	if st.Spills != 0 || st.PeakLive < n*spillElems*8 {
		t.Errorf("stats without a limit: %+v, want peak ≥ %d and no spills", st, n*spillElems*8)
	}
}

func TestSpillDefaultDir(t *testing.T) {
	e := &Local{Workers: 2, MemoryLimit: 4 * spillElems * 8}
	if _, err := runTwoPass(t, e, 32, "dense"); err != nil {
		t.Fatal(err)
	}
	if e.LastStats().Spills == 0 {
		t.Fatal("did not spill")
	}
	def := filepath.Join(os.TempDir(), "chunkwise-spill-"+strconv.Itoa(os.Getpid()))
	if _, err := os.Stat(def); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("default spill directory %s still there (%v)", def, err)
	}
}

func TestSpillValueTypes(t *testing.T) {
	for _, tc := range []struct {
		kind  string
		spill bool
	}{
		{"dense", true},
		{"vec", true},     // BinaryMarshaler with a registered decoder
		{"opaque", false}, // no MarshalBinary
		{"tagged", false}, // MarshalBinary, but no decoder for its tag
	} {
		t.Run(tc.kind, func(t *testing.T) {
			dir := t.TempDir()
			e := &Local{Workers: 2, MemoryLimit: 4 * spillElems * 8, SpillDir: dir}
			if _, err := runTwoPass(t, e, 32, tc.kind); err != nil {
				t.Fatal(err)
			}
			st := e.LastStats()
			// Small tree partials (chunks) may spill in every case; a
			// generated value only when its type can be encoded.
			if got := st.Spilled >= spillElems*8; got != tc.spill {
				t.Errorf("spilled = %v, want %v (%+v)", got, tc.spill, st)
			}
			if !tc.spill && st.PeakLive < 32*spillElems*8 {
				t.Errorf("values that cannot spill should all stay live: peak %d", st.PeakLive)
			}
			if l := leftovers(t, dir); len(l) > 0 {
				t.Errorf("spill files left behind: %v", l)
			}
		})
	}
}

// spillFiles returns the spill files below dir.
func spillFiles(dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".lz4") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func withHook(t *testing.T, h func(block []int)) {
	spillHook.Store(&h)
	t.Cleanup(func() { spillHook.Store(nil) })
}

func TestSpillCorruptFileNamesKey(t *testing.T) {
	for _, damage := range []string{"flip", "truncate"} {
		t.Run(damage, func(t *testing.T) {
			dir := t.TempDir()
			var once sync.Once
			withHook(t, func([]int) {
				once.Do(func() {
					for _, p := range spillFiles(dir) {
						b, _ := os.ReadFile(p)
						if len(b) < 2 {
							continue
						}
						if damage == "flip" {
							b[len(b)/2] ^= 0xff
						} else {
							b = b[:len(b)/2]
						}
						os.WriteFile(p, b, 0o600)
					}
				})
			})
			e := &Local{Workers: 2, MemoryLimit: 4 * spillElems * 8, SpillDir: dir}
			_, err := runTwoPass(t, e, 32, "dense")
			var te *TaskError
			if !errors.As(err, &te) || te.Key.Name != "gen" || !strings.Contains(err.Error(), "spill") {
				t.Fatalf("got %v, want a TaskError naming a gen key and the spill file", err)
			}
			t.Log(err)
			if l := leftovers(t, dir); len(l) > 0 {
				t.Errorf("spill files left behind: %v", l)
			}
		})
	}
}

func TestSpillCleanupOnErrorAndCancel(t *testing.T) {
	for _, how := range []string{"error", "cancel"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var sawFiles atomic.Bool
			withHook(t, func(block []int) {
				if len(spillFiles(dir)) > 0 {
					sawFiles.Store(true)
				}
				if block[0] == 5 {
					if how == "cancel" {
						cancel()
					} else {
						panic("boom")
					}
				}
			})
			root, _ := twoPass(64, "dense")
			e := &Local{Workers: 4, MemoryLimit: 4 * spillElems * 8, SpillDir: dir}
			_, err := e.Run(ctx, NewGraph(root), []Key{NewKey(root.Name(), []int{0})})
			switch how {
			case "cancel":
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("got %v, want context.Canceled", err)
				}
			case "error":
				var te *TaskError
				if !errors.As(err, &te) || te.Key.Name != "scaled" {
					t.Fatalf("got %v, want a TaskError naming a scaled key", err)
				}
			}
			if !sawFiles.Load() || e.LastStats().Spills == 0 {
				t.Errorf("the run failed before it spilled (%+v); the test tests nothing", e.LastStats())
			}
			if l := leftovers(t, dir); len(l) > 0 {
				t.Errorf("spill files left behind: %v", l)
			}
		})
	}
}

func TestDenseHeaderIsMarshalBinary(t *testing.T) {
	for _, dt := range chunk.DTypes {
		for _, shape := range [][]int{{0}, {3}, {2, 300}, {1, 1, 129}, {}} {
			d := chunk.NewDense(dt, shape)
			want, err := d.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			got := append(denseHeader(d), d.Bytes()...)
			if !bytes.Equal(got, want) {
				t.Errorf("%v %v: header+data = %x, MarshalBinary = %x", dt, shape, got, want)
			}
		}
	}
}

func TestSpillFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	d, _ := chunk.FromSlice([]int{2, 3}, []int32{1, -2, 3, -4, 5, -6})
	for i, v := range []any{d, &vec{[]float64{1.5, -2, math.Inf(1)}}} {
		path := filepath.Join(dir, strconv.Itoa(i))
		rec, _, err := writeSpill(path, v)
		if err != nil {
			t.Fatal(err)
		}
		// The file is one lz4 frame of MarshalBinary's bytes.
		got, err := readSpill(rec)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := v.(interface{ MarshalBinary() ([]byte, error) }).MarshalBinary()
		b, _ := got.(interface{ MarshalBinary() ([]byte, error) }).MarshalBinary()
		if !bytes.Equal(a, b) {
			t.Errorf("%T: read back %x, wrote %x", v, b, a)
		}
	}
	if _, _, err := writeSpill(filepath.Join(dir, "x"), &opaque{}); !errors.Is(err, errNotEncodable) {
		t.Errorf("opaque value: %v, want errNotEncodable", err)
	}
}
