package scheduler

import (
	"bytes"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

type testInner struct {
	F float32
	S string
}

type testParams struct {
	B     bool
	I     int
	I8    int8
	U16   uint16
	F     float64
	Fs    []float64
	Grid  [][]int
	Empty []int
	Nil   []int
	Raw   []byte
	Arr   [3]int64
	P     *testInner
	NilP  *testInner
	M     map[string]int
	Inner testInner
}

func randomParams(r *rand.Rand) testParams {
	specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0, 1e-310, math.MaxFloat64}
	f := func() float64 {
		if r.IntN(2) == 0 {
			return specials[r.IntN(len(specials))]
		}
		return r.NormFloat64() * 1e6
	}
	p := testParams{B: r.IntN(2) == 1, I: r.IntN(1<<40) - 1<<39, I8: int8(r.IntN(256) - 128), U16: uint16(r.IntN(1 << 16)),
		F: f(), Empty: []int{}, Raw: []byte("raw\x00bytes"), Arr: [3]int64{-1, r.Int64(), math.MinInt64},
		P: &testInner{F: float32(f()), S: "pointed"}, M: map[string]int{"b": 2, "a": 1, "zz": -3},
		Inner: testInner{F: float32(math.Inf(-1)), S: "ünïcode"}}
	for range r.IntN(5) {
		p.Fs = append(p.Fs, f())
		p.Grid = append(p.Grid, []int{r.IntN(100), r.IntN(100)})
	}
	return p
}

// sameBits compares like reflect.DeepEqual, but NaN equals NaN and -0
// differs from 0: the codec keeps bits.
func sameBits(a, b testParams) bool {
	return bytes.Equal(EncodeParams(a), EncodeParams(b)) && reflect.DeepEqual(fmtNaN(a), fmtNaN(b))
}

func fmtNaN(p testParams) testParams {
	fix := func(f float64) float64 {
		if f != f {
			return 12345.678 // NaN compares unequal to itself in DeepEqual
		}
		return f
	}
	p.F = fix(p.F)
	p.Fs = append([]float64(nil), p.Fs...)
	for i := range p.Fs {
		p.Fs[i] = fix(p.Fs[i])
	}
	if p.P != nil {
		q := *p.P
		q.F = float32(fix(float64(q.F)))
		p.P = &q
	}
	return p
}

func TestParamsRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for range 200 {
		p := randomParams(r)
		b := EncodeParams(p)
		var q testParams
		if err := DecodeParams(b, &q); err != nil {
			t.Fatalf("decode %+v: %v", p, err)
		}
		if !sameBits(p, q) || math.Float64bits(p.F) != math.Float64bits(q.F) {
			t.Fatalf("round trip: %+v became %+v", p, q)
		}
		if q.Nil != nil || q.Empty == nil || q.NilP != nil {
			t.Fatalf("nil and empty not kept apart: %+v", q)
		}
		// Canonical: map order does not matter; equal values, equal bytes.
		p.M = map[string]int{"zz": -3, "a": 1, "b": 2}
		if !bytes.Equal(EncodeParams(p), b) {
			t.Fatalf("equal values encode differently")
		}
	}
}

func TestParamsBadInput(t *testing.T) {
	b := EncodeParams(randomParams(rand.New(rand.NewPCG(1, 2))))
	var q testParams
	for i := range len(b) {
		if err := DecodeParams(b[:i], &q); err == nil {
			t.Fatalf("truncated to %d of %d bytes: no error", i, len(b))
		}
	}
	if err := DecodeParams(append(b, 0), &q); err == nil || !strings.Contains(err.Error(), "after the value") {
		t.Fatalf("extended: %v", err)
	}
	// A length claiming far more elements than there are bytes.
	var s []int64
	if err := DecodeParams([]byte{0xff, 0xff, 0xff, 0xff, 0x0f}, &s); err == nil {
		t.Fatal("a huge slice length was accepted")
	}
	var small struct{ X int8 }
	if err := DecodeParams(EncodeParams(struct{ X int }{300}), &small); err == nil {
		t.Fatal("an int8 overflow was accepted")
	}
	if err := DecodeParams(b, q); err == nil {
		t.Fatal("decoding into a non-pointer was accepted")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("EncodeParams of a function did not panic")
			}
		}()
		EncodeParams(struct{ F func() }{})
	}()
	type withCache struct {
		X     int
		cache []int
	}
	var wc withCache
	if err := DecodeParams(EncodeParams(withCache{7, []int{1}}), &wc); err != nil || wc.X != 7 || wc.cache != nil {
		t.Errorf("unexported fields are not left out: %+v, %v", wc, err)
	}
}

func FuzzDecodeParams(f *testing.F) {
	f.Add(EncodeParams(randomParams(rand.New(rand.NewPCG(3, 4)))))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var p testParams
		if DecodeParams(b, &p) == nil && !bytes.Equal(EncodeParams(p), b) {
			// Only map order may differ; re-encoding must be stable.
			var q testParams
			if err := DecodeParams(EncodeParams(p), &q); err != nil || !bytes.Equal(EncodeParams(q), EncodeParams(p)) {
				t.Fatalf("re-encoding is not stable: %v", err)
			}
		}
	})
}

func TestRegisterTyped(t *testing.T) {
	type addParams struct{ K float64 }
	RegisterTyped("test.typed-add", func(p addParams) (Func, error) {
		return func(_ []int, in []any) (any, error) { return in[0].(float64) + p.K, nil }, nil
	})
	prep, err := Lookup("test.typed-add")
	if err != nil {
		t.Fatal(err)
	}
	fn, err := prep(EncodeParams(addParams{math.Inf(-1)}))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := fn(nil, []any{1.0}); v != math.Inf(-1) {
		t.Fatalf("1 + -Inf = %v", v)
	}
	if _, err := prep([]byte{1, 2}); err == nil || !strings.Contains(err.Error(), "kernel parameters") {
		t.Fatalf("bad parameters: %v", err)
	}
}
