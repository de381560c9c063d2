package zarr

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/chunkwise/chunkwise/chunk"
)

// NumPy's canonical quiet NaNs, which zarr-python writes and the corpus
// expects (Go's math.NaN has a different payload).
const (
	nan64 = 0x7ff8000000000000
	nan32 = 0x7fc00000
	nan16 = 0x7e00
)

// parseFill decodes a fill_value from metadata JSON into the little-endian
// bytes of one element of dt. null means no fill value and reads as zero
// (v2 only; v3 requires a value). Strings are "NaN", "Infinity",
// "-Infinity" and, in v3, "0x…" bit patterns of float types.
func parseFill(raw json.RawMessage, dt chunk.DType, v3 bool) ([]byte, error) {
	out := make([]byte, dt.Size())
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		if v3 {
			return nil, fmt.Errorf("fill_value is missing or null")
		}
		return out, nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("fill_value %s: %v", raw, err)
	}
	if err := fillBytes(out, v, dt, v3); err != nil {
		return nil, fmt.Errorf("fill_value %s for %v: %v", raw, dt, err)
	}
	return out, nil
}

// fillBytes writes the value v (a JSON value decoded with UseNumber, or a
// Go number, bool or string) as one little-endian element of dt into out.
func fillBytes(out []byte, v any, dt chunk.DType, v3 bool) error {
	if dt.IsComplex() {
		return fillComplex(out, v, dt, v3)
	}
	le := binary.LittleEndian
	switch x := v.(type) {
	case bool:
		var f uint64
		if x {
			f = 1
		}
		if dt != chunk.Bool && v3 {
			return fmt.Errorf("a boolean fill value for a numeric type")
		}
		return putInt(out, dt, f, false)
	case string:
		if !dt.IsFloat() {
			return fmt.Errorf("a string fill value for a non-float type")
		}
		var f float64
		switch x {
		case "NaN":
			putBits(out, map[int]uint64{2: nan16, 4: nan32, 8: nan64}[dt.Size()])
			return nil
		case "Infinity":
			f = math.Inf(1)
		case "-Infinity":
			f = math.Inf(-1)
		default:
			if !v3 || !strings.HasPrefix(x, "0x") || len(x) != 2+2*dt.Size() {
				return fmt.Errorf("unknown string")
			}
			bits, err := strconv.ParseUint(x[2:], 16, 64)
			if err != nil {
				return fmt.Errorf("bad hex bit pattern")
			}
			putBits(out, bits)
			return nil
		}
		putFloat(out, dt, f)
		return nil
	case json.Number:
		if v3 && dt == chunk.Bool {
			return fmt.Errorf("a number fill value for bool (want true or false)")
		}
		s := string(x)
		if dt.IsFloat() {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return err
			}
			putFloat(out, dt, f)
			return nil
		}
		if u, err := strconv.ParseUint(s, 10, 64); err == nil {
			return putInt(out, dt, u, false)
		}
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return putInt(out, dt, uint64(i), true)
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return fmt.Errorf("not an integer")
		}
		if f < 0 {
			return putInt(out, dt, uint64(int64(f)), true)
		}
		return putInt(out, dt, uint64(f), false)
	case float64:
		if dt.IsFloat() {
			putFloat(out, dt, x)
			return nil
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("not an integer")
		}
		return fillBytes(out, json.Number(strconv.FormatFloat(x, 'f', -1, 64)), dt, v3)
	case float32:
		if dt == chunk.Float32 {
			le.PutUint32(out, math.Float32bits(x))
			return nil
		}
		return fillBytes(out, float64(x), dt, v3)
	case int:
		return fillBytes(out, json.Number(strconv.Itoa(x)), dt, v3)
	case int8, int16, int32, int64:
		return fillBytes(out, json.Number(fmt.Sprint(x)), dt, v3)
	case uint, uint8, uint16, uint32, uint64:
		return fillBytes(out, json.Number(fmt.Sprint(x)), dt, v3)
	}
	return fmt.Errorf("unsupported fill value %v (%T)", v, v)
}

func putFloat(out []byte, dt chunk.DType, f float64) {
	switch dt {
	case chunk.Float16:
		putBits(out, uint64(chunk.HalfFromFloat64(f)))
	case chunk.Float32:
		putBits(out, uint64(math.Float32bits(float32(f))))
	default:
		putBits(out, math.Float64bits(f))
	}
}

// putBits writes the low len(out) bytes of bits, little-endian.
func putBits(out []byte, bits uint64) {
	for i := range out {
		out[i] = byte(bits >> (8 * i))
	}
}

// putInt writes the integer u (a two's complement int64 when signed) into
// out as dt, failing when it is out of range.
func putInt(out []byte, dt chunk.DType, u uint64, signed bool) error {
	if dt.IsFloat() {
		if signed {
			putFloat(out, dt, float64(int64(u)))
		} else {
			putFloat(out, dt, float64(u))
		}
		return nil
	}
	lo, hi := chunk.Limits(dt)
	var ok bool
	switch {
	case signed:
		ok = float64(int64(u)) >= lo && float64(int64(u)) <= hi
	case dt == chunk.Uint64:
		ok = true
	case dt == chunk.Int64:
		ok = u <= math.MaxInt64
	default:
		ok = float64(u) <= hi
	}
	if !ok {
		return fmt.Errorf("out of range")
	}
	switch dt.Size() {
	case 1:
		out[0] = byte(u)
	case 2:
		binary.LittleEndian.PutUint16(out, uint16(u))
	case 4:
		binary.LittleEndian.PutUint32(out, uint32(u))
	case 8:
		binary.LittleEndian.PutUint64(out, u)
	}
	return nil
}

// fillJSON returns the metadata JSON of the fill element b (little-endian)
// of dt: numbers, booleans, and "NaN"/"Infinity"/"-Infinity" for special
// floats. v3 writes NaNs other than NumPy's canonical one as "0x…" bit
// patterns; v2 has no such spelling and writes "NaN".
func fillJSON(b []byte, dt chunk.DType, v3 bool) json.RawMessage {
	if dt.IsComplex() { // [real, imag], as zarr-python writes it
		h, part := dt.Size()/2, chunk.RealOf(dt)
		return json.RawMessage("[" + string(fillJSON(b[:h], part, v3)) + ", " + string(fillJSON(b[h:], part, v3)) + "]")
	}
	le := binary.LittleEndian
	var s string
	switch dt {
	case chunk.Bool:
		s = strconv.FormatBool(b[0] != 0)
	case chunk.Int8:
		s = strconv.FormatInt(int64(int8(b[0])), 10)
	case chunk.Int16:
		s = strconv.FormatInt(int64(int16(le.Uint16(b))), 10)
	case chunk.Int32:
		s = strconv.FormatInt(int64(int32(le.Uint32(b))), 10)
	case chunk.Int64:
		s = strconv.FormatInt(int64(le.Uint64(b)), 10)
	case chunk.Uint8:
		s = strconv.FormatUint(uint64(b[0]), 10)
	case chunk.Uint16:
		s = strconv.FormatUint(uint64(le.Uint16(b)), 10)
	case chunk.Uint32:
		s = strconv.FormatUint(uint64(le.Uint32(b)), 10)
	case chunk.Uint64:
		s = strconv.FormatUint(le.Uint64(b), 10)
	case chunk.Float16, chunk.Float32, chunk.Float64:
		var f float64
		canonical := true
		switch dt {
		case chunk.Float16:
			bits := le.Uint16(b)
			f = float64(chunk.Half(bits).Float32())
			canonical = bits == nan16
			if math.IsNaN(f) && !canonical && v3 {
				return json.RawMessage(fmt.Sprintf(`"0x%04x"`, bits))
			}
		case chunk.Float32:
			bits := le.Uint32(b)
			f = float64(math.Float32frombits(bits))
			canonical = bits == nan32
			if math.IsNaN(f) && !canonical && v3 {
				return json.RawMessage(fmt.Sprintf(`"0x%08x"`, bits))
			}
		default:
			bits := le.Uint64(b)
			f = math.Float64frombits(bits)
			canonical = bits == nan64
			if math.IsNaN(f) && !canonical && v3 {
				return json.RawMessage(fmt.Sprintf(`"0x%016x"`, bits))
			}
		}
		switch {
		case math.IsNaN(f):
			s = `"NaN"`
		case math.IsInf(f, 1):
			s = `"Infinity"`
		case math.IsInf(f, -1):
			s = `"-Infinity"`
		default:
			bitSize := 64
			if dt == chunk.Float32 {
				bitSize = 32
			}
			s = strconv.FormatFloat(f, 'g', -1, bitSize)
			if !strings.ContainsAny(s, ".eEn") {
				s += ".0" // as Python's json writes floats
			}
		}
	}
	return json.RawMessage(s)
}

// fillValue returns the fill element b of dt as a Go value: bool, int64,
// uint64, float64 or complex128.
func fillValue(b []byte, dt chunk.DType) any {
	d, _ := chunk.FromBytes(dt, []int{1}, b)
	switch dt {
	case chunk.Complex64, chunk.Complex128:
		return chunk.Values[complex128](d.AsType(chunk.Complex128))[0]
	case chunk.Bool:
		return chunk.Values[bool](d)[0]
	case chunk.Uint64:
		return chunk.Values[uint64](d)[0]
	case chunk.Uint8, chunk.Uint16, chunk.Uint32:
		return uint64(d.Float(0))
	case chunk.Float16, chunk.Float32, chunk.Float64:
		return d.Float(0)
	}
	if dt == chunk.Int64 {
		return chunk.Values[int64](d)[0]
	}
	return int64(d.Float(0))
}

// fillComplex writes a complex fill value: a JSON [real, imag] pair (the
// spelling of both Zarr formats), a Go complex number, or a real number
// or string for the real part alone.
func fillComplex(out []byte, v any, dt chunk.DType, v3 bool) error {
	h, part := dt.Size()/2, chunk.RealOf(dt)
	re, im := v, any(0.0)
	switch x := v.(type) {
	case []any:
		if len(x) != 2 {
			return fmt.Errorf("a complex fill value needs [real, imag], not %d numbers", len(x))
		}
		re, im = x[0], x[1]
	case complex128:
		re, im = real(x), imag(x)
	case complex64:
		re, im = float64(real(x)), float64(imag(x))
	case bool:
		return fmt.Errorf("a boolean fill value for a complex type")
	}
	if err := fillBytes(out[:h], re, part, v3); err != nil {
		return err
	}
	return fillBytes(out[h:], im, part, v3)
}
