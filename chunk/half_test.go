package chunk

import (
	"encoding/json"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/chunkwise/chunkwise/internal/testcorpus"
)

// Every float16 bit pattern widens to the float32 NumPy gives, and
// float64 and float32 values (halfway cases, subnormals, the overflow
// edge, NaN payloads, random bits) round to NumPy's float16 bit for bit.
func TestHalfAgainstNumPy(t *testing.T) {
	testcorpus.RequirePython(t, "numpy")
	r := rand.New(rand.NewSource(16))
	var f64 []float64
	for h := range 1 << 16 { // each value, its neighbours' midpoints and a hair off them
		v := float64(Half(h).Float32())
		next := float64(Half(h + 1).Float32())
		f64 = append(f64, v)
		if h&0x7c00 != 0x7c00 && (h+1)&0x7c00 != 0x7c00 && h != 0x7bff && h != 0xfbff && h != 0x7fff {
			mid := (v + next) / 2
			f64 = append(f64, mid, math.Nextafter(mid, math.Inf(1)), math.Nextafter(mid, math.Inf(-1)))
		}
	}
	f64 = append(f64, 65504, 65519.99, 65520, -65520, 1e300, -1e-300, math.SmallestNonzeroFloat64, math.Ldexp(1, -25), math.Ldexp(1, -25)*1.0000001,
		math.Float64frombits(0x7ff0000000000001), math.Float64frombits(0xfff8000000000000|123<<30), math.Float64frombits(0x7ff00400000000ff))
	for range 20000 {
		f64 = append(f64, math.Float64frombits(r.Uint64()), float64(math.Float32frombits(r.Uint32())), r.NormFloat64()*math.Exp2(float64(r.Intn(40)-30)))
	}
	f32 := make([]float32, 0, len(f64))
	for _, v := range f64 {
		if f := float32(v); !math.IsNaN(v) {
			f32 = append(f32, f)
		}
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	d64, _ := FromSlice([]int{len(f64)}, f64)
	d32, _ := FromSlice([]int{len(f32)}, f32)
	p64, p32 := write("f64", d64.Bytes()), write("f32", d32.Bytes())
	out := testcorpus.RunPython(t, `
import sys, json, numpy as np
f64 = np.fromfile(sys.argv[1], "<f8"); f32 = np.fromfile(sys.argv[2], "<f4")
with np.errstate(all="ignore"):
    print(json.dumps({
        "widen": np.arange(1 << 16, dtype="<u2").view("<f2").astype("<f4").view("<u4").tolist(),
        "from64": f64.astype("<f2").view("<u2").tolist(),
        "from32": f32.astype("<f2").view("<u2").tolist()}))
`, p64, p32)
	var want struct{ Widen, From64, From32 []uint32 }
	if err := json.Unmarshal([]byte(out), &want); err != nil || len(want.Widen) != 1<<16 || len(want.From64) != len(f64) || len(want.From32) != len(f32) {
		t.Fatalf("numpy output: %v", err)
	}
	bad := 0
	for h, w := range want.Widen {
		if got := math.Float32bits(Half(h).Float32()); got != w && bad < 5 {
			bad++
			t.Errorf("float16 %#04x widens to %#08x, NumPy %#08x", h, got, w)
		}
	}
	for i, v := range f64 {
		if got := HalfFromFloat64(v); uint32(got) != want.From64[i] && bad < 10 {
			bad++
			t.Errorf("float64 %v (%#016x) rounds to %#04x, NumPy %#04x", v, math.Float64bits(v), got, want.From64[i])
		}
	}
	for i, v := range f32 {
		if got := HalfFromFloat64(float64(v)); uint32(got) != want.From32[i] && bad < 15 {
			bad++
			t.Errorf("float32 %v (%#08x) rounds to %#04x, NumPy %#04x", v, math.Float32bits(v), got, want.From32[i])
		}
	}
	// And through a Dense: AsType both ways, Fill, Float.
	h := NewDense(Float16, []int{3})
	h.Fill(0.1)
	if got := h.AsType(Float64).Float(2); got != float64(HalfFromFloat64(0.1).Float32()) || h.Float(0) != got {
		t.Errorf("Fill(0.1) reads back %v", got)
	}
	if got := Values[Half](d32.AsType(Float16)); len(got) != len(f32) || uint32(got[7]) != want.From32[7] {
		t.Errorf("AsType(Float16) differs from NumPy")
	}
}

// Converting float16 data widens every bit pattern (NaN payloads too) to
// Float32's bits, into float32, float64 and an integer type alike.
func TestConvertFromHalf(t *testing.T) {
	s := make([]Half, 1<<16)
	for i := range s {
		s[i] = Half(i)
	}
	d32, d64, i16 := make([]float32, len(s)), make([]float64, len(s)), make([]int16, len(s))
	convertFromHalf(d32, s)
	convertFromHalf(d64, s)
	convertFromHalf(i16, s)
	for i, h := range s {
		w := h.Float32()
		if math.Float32bits(d32[i]) != math.Float32bits(w) {
			t.Fatalf("%#04x: float32 %v, want %v", i, d32[i], w)
		}
		if math.Float64bits(d64[i]) != math.Float64bits(float64(w)) {
			t.Fatalf("%#04x: float64 %v, want %v", i, d64[i], w)
		}
		if wi := float32(int16(w)); !math.IsNaN(float64(w)) && !math.IsInf(float64(w), 0) && math.Abs(float64(w)) < 32768 && float32(i16[i]) != wi {
			t.Fatalf("%#04x: int16 %v, want %v", i, i16[i], wi)
		}
	}
}
