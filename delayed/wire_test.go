package delayed

import (
	"fmt"
	"strings"
	"testing"
)

type wirePoint struct {
	X, Y float64
	Tag  any
}

var wireF = Wrap("delayed_test.wire", func(a int, s string, xs []float64, m map[string]int, p wirePoint, v any, ys []int, u uint8, f32 float32, ok bool) string {
	return fmt.Sprint(a, s, xs, m, p, v, ys, u, f32, ok)
})

// callArgsOf returns the encoded arguments of the call behind v.
func callArgsOf(t *testing.T, v *Value[any]) *callArgs {
	t.Helper()
	if v.Err() != nil {
		t.Fatal(v.Err())
	}
	ca, ok := v.Layer().Task([]int{1}).Value.(*callArgs)
	if !ok {
		t.Fatalf("block 1 of the call is %T", v.Layer().Task([]int{1}).Value)
	}
	return ca
}

// TestCallArgsRoundTrip encodes the arguments of calls and decodes them
// as another process would: the rebuilt arguments equal the originals.
func TestCallArgsRoundTrip(t *testing.T) {
	dep := Lit(41)
	calls := []*Value[any]{
		wireF.Call(-3, "héllo", []float64{1.5, -2}, map[string]int{"a": 1, "b": 2}, wirePoint{1, 2, "t"}, 7, []int{4}, uint8(200), float32(0.25), true),
		wireF.Call(0, "", []float64(nil), map[string]int(nil), wirePoint{}, nil, []int{}, uint8(0), float32(-1), false),
		wireF.Call(1, "d", []float64{0}, map[string]int{"x": 9}, wirePoint{X: 3}, dep, []*Value[int]{dep, Lit(2)}, uint8(1), float32(2), true),
	}
	for i, v := range calls {
		ca := callArgsOf(t, v)
		b, err := ca.MarshalBinary()
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		x, err := decodeCallArgs(b)
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		back := x.(*callArgs)
		// The delayed parts' results, as the task would receive them.
		in := []any{nil, 41, 41, 2}
		for j := range ca.args {
			want, err1 := ca.args[j].make(in)
			got, err2 := back.args[j].make(in)
			if err1 != nil || err2 != nil {
				t.Fatalf("call %d argument %d: %v, %v", i, j, err1, err2)
			}
			if fmt.Sprint(want) != fmt.Sprint(got) {
				t.Fatalf("call %d argument %d: decoded %v, want %v", i, j, got, want)
			}
		}
	}
}

func TestCallArgsErrors(t *testing.T) {
	f := Wrap("delayed_test.wireChan", func(c chan int) int { return 0 })
	if _, err := callArgsOf(t, f.Call(make(chan int))).MarshalBinary(); err == nil || !strings.Contains(err.Error(), "argument 0") {
		t.Fatalf("encoding a channel: %v", err)
	}
	b, err := callArgsOf(t, wireF.Call(1, "s", []float64{1}, map[string]int{}, wirePoint{}, 1, []int{1}, uint8(1), float32(1), true)).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(b) {
		if _, err := decodeCallArgs(b[:n]); err == nil {
			t.Fatalf("decoding %d of %d bytes succeeded", n, len(b))
		}
	}
	unknown := append([]byte{callArgsTag, 3}, "zzz"...)
	if _, err := decodeCallArgs(append(unknown, 0)); err == nil || !strings.Contains(err.Error(), "no function registered") {
		t.Fatalf("decoding the call of an unknown function: %v", err)
	}
}

func FuzzDecodeCallArgs(f *testing.F) {
	b, err := (&callArgs{fn: wireF, args: callArgsOf(&testing.T{}, wireF.Call(1, "s", []float64{1}, map[string]int{"k": 1}, wirePoint{}, 1, []int{1}, uint8(1), float32(1), true)).args}).MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 || b[0] != callArgsTag {
			return
		}
		decodeCallArgs(b) // must not panic
	})
}
