package distributed

import (
	"encoding/gob"
	"fmt"
	"math"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

type wirePair struct {
	A int
	B string
}

func init() { gob.Register(wirePair{}) }

func TestValueRoundTrip(t *testing.T) {
	d := chunk.NewDense(chunk.Int32, []int{3, 2})
	copy(chunk.Values[int32](d), []int32{1, -2, 3, -4, 5, -6})
	for _, v := range []any{0, -7, int64(math.MinInt64), 2.5, math.Inf(-1), "", "héllo", true, false, nil,
		[]int{1, 2}, map[string]float64{"x": 1}, wirePair{3, "c"}, d,
		[]float64{1.5, math.NaN(), -0.0}, []float32{}, []int64{math.MinInt64}, []uint16{7}, []bool{true, false}, []byte("raw")} {
		parts, err := encodeValue(v)
		if err != nil {
			t.Fatalf("%T: %v", v, err)
		}
		got, err := scheduler.DecodeValue(joined(parts))
		if err != nil {
			t.Fatalf("%T: %v", v, err)
		}
		if gd, ok := got.(*chunk.Dense); ok {
			if !equalDense(gd, d) {
				t.Fatalf("chunk came back as %v", chunk.Values[int32](gd))
			}
			continue
		}
		if fmt.Sprintf("%T %v", got, got) != fmt.Sprintf("%T %v", v, v) {
			t.Fatalf("%T %v came back as %T %v", v, v, got, got)
		}
	}
	nan, err := encodeValue(math.NaN())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := scheduler.DecodeValue(joined(nan)); err != nil || !math.IsNaN(got.(float64)) {
		t.Fatalf("NaN came back as %v, %v", got, err)
	}
	if _, err := encodeValue(make(chan int)); err == nil {
		t.Fatal("encoding a channel succeeded")
	}
}

// TestSliceEncoding checks that slices of numbers travel as their raw
// bytes (a header of two bytes, no gob), and that bad input is an error.
func TestSliceEncoding(t *testing.T) {
	x := make([]float64, 1000)
	parts, err := encodeValue(x)
	if err != nil || encodedSize(parts) != 2+8*1000 || parts[0][0] != sliceTag {
		t.Fatalf("[]float64 of 1000: %d bytes, %v", encodedSize(parts), err)
	}
	for _, bad := range [][]byte{{sliceTag}, {sliceTag, 0}, {sliceTag, byte(chunk.Float64), 1, 2, 3}} {
		if _, err := scheduler.DecodeValue(bad); err == nil {
			t.Errorf("%x decoded", bad)
		}
	}
}

func FuzzDecodeScalar(f *testing.F) {
	for _, v := range []any{1, int64(-5), 2.5, "s", true} {
		b, _ := appendScalar(nil, v)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := decodeScalar(b)
		if err != nil {
			return
		}
		again, ok := appendScalar(nil, v)
		if !ok {
			t.Fatalf("%x decodes to %T, which does not encode", b, v)
		}
		w, err := decodeScalar(again)
		if err != nil || fmt.Sprintf("%T %x", w, w) != fmt.Sprintf("%T %x", v, v) {
			t.Fatalf("%x decodes to %v, which round-trips to %v, %v", b, v, w, err)
		}
	})
}
