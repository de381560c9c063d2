package zarr

import (
	"fmt"

	"github.com/chunkwise/chunkwise/chunk"
)

// v2Codes maps NumPy's kind+size codes (without byte order) to dtypes.
var v2Codes = map[string]chunk.DType{
	"b1": chunk.Bool,
	"i1": chunk.Int8, "i2": chunk.Int16, "i4": chunk.Int32, "i8": chunk.Int64,
	"u1": chunk.Uint8, "u2": chunk.Uint16, "u4": chunk.Uint32, "u8": chunk.Uint64,
	"f2": chunk.Float16, "f4": chunk.Float32, "f8": chunk.Float64,
	"c8": chunk.Complex64, "c16": chunk.Complex128,
}

// parseV2DType parses a Zarr v2 dtype string such as "<f8", ">i4" or
// "|u1" and reports whether its bytes are big-endian.
func parseV2DType(s string) (chunk.DType, bool, error) {
	if len(s) < 3 {
		return chunk.Invalid, false, fmt.Errorf("dtype %q", s)
	}
	dt, ok := v2Codes[s[1:]]
	if !ok {
		return chunk.Invalid, false, fmt.Errorf("dtype %q", s)
	}
	switch s[0] {
	case '<':
		return dt, false, nil
	case '>':
		return dt, dt.Size() > 1, nil
	case '|':
		if dt.Size() == 1 {
			return dt, false, nil
		}
	}
	return chunk.Invalid, false, fmt.Errorf("dtype %q", s)
}

// v2DTypeString returns the Zarr v2 dtype string of dt in the given byte
// order, as NumPy's dtype.str writes it.
func v2DTypeString(dt chunk.DType, big bool) string {
	var code string
	for c, d := range v2Codes {
		if d == dt {
			code = c
		}
	}
	switch {
	case dt.Size() == 1:
		return "|" + code
	case big:
		return ">" + code
	}
	return "<" + code
}

// v3Names maps Zarr v3 data_type names to dtypes.
var v3Names = map[string]chunk.DType{
	"bool": chunk.Bool,
	"int8": chunk.Int8, "int16": chunk.Int16, "int32": chunk.Int32, "int64": chunk.Int64,
	"uint8": chunk.Uint8, "uint16": chunk.Uint16, "uint32": chunk.Uint32, "uint64": chunk.Uint64,
	"float16": chunk.Float16, "float32": chunk.Float32, "float64": chunk.Float64,
	"complex64": chunk.Complex64, "complex128": chunk.Complex128,
}

// v3Name returns the Zarr v3 data_type name of dt; NumPy's names are the
// same.
func v3Name(dt chunk.DType) string { return dt.String() }
