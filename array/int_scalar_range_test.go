package array

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestIntegerScalarsOutOfRange checks Go integers that the integer dtype
// of the other operand cannot hold, as NumPy 2 treats Python integers:
// comparisons are decided by which side of the range the number lies on,
// arithmetic is an error naming the number and the dtype (never a
// wrapped value), and Clip takes such a bound at the end of the range.
func TestIntegerScalarsOutOfRange(t *testing.T) {
	u8 := FromSlice([]uint8{0, 30, 255}, []int{3}, chunk.Regular(2))
	i8 := FromSlice([]int8{-128, 0, 127}, []int{3}, chunk.Regular(2))
	u64 := FromSlice([]uint64{0, math.MaxUint64}, []int{2}, nil)
	i64 := FromSlice([]int64{math.MinInt64, math.MaxInt64}, []int{2}, nil)
	bools := func(v ...bool) []bool { return v }
	for _, c := range []struct {
		what string
		got  *Array
		want []bool
	}{
		{"u8 < 300", u8.Lt(300), bools(true, true, true)},
		{"u8 <= 256", u8.Le(256), bools(true, true, true)},
		{"u8 != 256", u8.Ne(256), bools(true, true, true)},
		{"u8 == 256", u8.Eq(256), bools(false, false, false)},
		{"u8 > 300", u8.Gt(300), bools(false, false, false)},
		{"u8 >= 300", u8.Ge(300), bools(false, false, false)},
		{"u8 > -1", u8.Gt(-1), bools(true, true, true)},
		{"u8 >= -1", u8.Ge(-1), bools(true, true, true)},
		{"u8 != -1", u8.Ne(-1), bools(true, true, true)},
		{"u8 < -1", u8.Lt(-1), bools(false, false, false)},
		{"u8 == -1", u8.Eq(-1), bools(false, false, false)},
		{"i8 < 1000", i8.Lt(1000), bools(true, true, true)},
		{"i8 > -129", i8.Gt(-129), bools(true, true, true)},
		{"i8 == 128", i8.Eq(128), bools(false, false, false)},
		{"i8 == 127 (in range)", i8.Eq(127), bools(false, false, true)},
		{"u8 == 255 (in range)", u8.Eq(255), bools(false, false, true)},
		{"u64 == MaxUint64 (in range)", u64.Eq(uint64(math.MaxUint64)), bools(false, true)},
		{"i64 < MaxUint64", i64.Lt(uint64(math.MaxUint64)), bools(true, true)},
		{"i64 == 2^63", i64.Eq(uint64(1) << 63), bools(false, false)},
		{"u64 > -1", u64.Gt(-1), bools(true, true)},
		// Integers beyond 2^53 are exact, not rounded through a float64.
		{"i64 == 2^53+1", FromSlice([]int64{1<<53 + 1, 1 << 53}, []int{2}, nil).Eq(1<<53 + 1), bools(true, false)},
		{"i64 + 1 == 2^62+1", FromSlice([]int64{1 << 62, 1<<62 + 2}, []int{2}, nil).Add(1).Eq(1<<62 + 1), bools(true, false)},
		{"u64 - 1 == 2^64-2", u64.Sub(1).Eq(uint64(math.MaxUint64 - 1)), bools(false, true)},
	} {
		if c.got.Err() != nil {
			t.Errorf("%s: %v", c.what, c.got.Err())
			continue
		}
		d, err := c.got.Compute(bg)
		if err != nil {
			t.Errorf("%s: %v", c.what, err)
			continue
		}
		if got := d.Data().([]bool); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.what, got, c.want)
		}
	}
	for _, c := range []struct {
		what string
		got  *Array
		want string
	}{
		{"u8 + 300", u8.Add(300), "add: Go integer 300 out of bounds for uint8"},
		{"u8 - -1", u8.Sub(-1), "subtract: Go integer -1 out of bounds for uint8"},
		{"i8 * 200", i8.Mul(200), "multiply: Go integer 200 out of bounds for int8"},
		{"u8 max -5", u8.Maximum(-5), "maximum: Go integer -5 out of bounds for uint8"},
		{"u8 // -3", u8.FloorDiv(-3), "floor_divide: Go integer -3 out of bounds for uint8"},
		{"u8 & 256", u8.And(256), "bitwise_and: Go integer 256 out of bounds for uint8"},
		{"i64 + 2^63", i64.Add(uint64(1) << 63), "add: Go integer 9223372036854775808 out of bounds for int64"},
		{"u64 + -1", u64.Add(-1), "add: Go integer -1 out of bounds for uint64"},
		{"where(u8, -1)", Where(u8.Gt(10), u8, -1), "where: Go integer -1 out of bounds for uint8"},
		{"u8[0] = 300", u8.Set(300, At(0)), "setitem: Go integer 300 out of bounds for uint8"},
		{"i8[1:] = -129", i8.Set(-129, S(1, 3, 1)), "setitem: Go integer -129 out of bounds for int8"},
		{"u8[u8 > 3] = 256", u8.SetMask(u8.Gt(3), 256), "setitem: Go integer 256 out of bounds for uint8"},
		{"i8 << 300", i8.LeftShift(300), "left_shift: Go integer 300 out of bounds for int8"},
	} {
		err := c.got.Err()
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v, want one line with %q", c.what, err, c.want)
		}
	}
	// In range: NumPy wraps, and so does chunkwise.
	d, err := u8.Add(255).Compute(bg)
	if err != nil || !slices.Equal(d.Data().([]uint8), []uint8{255, 29, 254}) {
		t.Errorf("u8 + 255: %v %v, want [255 29 254]", d, err)
	}
	// Clip takes out-of-range integer bounds at the ends of the range.
	for _, c := range []struct {
		what   string
		got    *Array
		want   []int64
		wantDT chunk.DType
	}{
		{"u8 clip(-100, 100)", u8.Clip(-100, 100), []int64{0, 30, 100}, chunk.Uint8},
		{"u8 clip(10, 4550)", u8.Clip(10, 4550), []int64{10, 30, 255}, chunk.Uint8},
		{"i8 clip(-1000, 1000)", i8.Clip(-1000, 1000), []int64{-128, 0, 127}, chunk.Int8},
		{"i8 clip(300, 400)", i8.Clip(300, 400), []int64{127, 127, 127}, chunk.Int8},
	} {
		d, err := c.got.Compute(bg)
		if err != nil {
			t.Errorf("%s: %v", c.what, err)
			continue
		}
		if d.DType() != c.wantDT {
			t.Errorf("%s: dtype %v, want %v", c.what, d.DType(), c.wantDT)
		}
		for i, w := range c.want {
			if g := int64(d.Float(i)); g != w {
				t.Errorf("%s: element %d is %d, want %d", c.what, i, g, w)
			}
		}
	}
}
