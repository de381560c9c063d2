package delayed

import (
	"bytes"
	"encoding/binary"
	"math"
	"reflect"
	"slices"
)

// maxDepth bounds the encoding of pointers, so that cyclic data gets a
// fresh key instead of recursing forever.
const maxDepth = 64

// encodeLiteral appends a canonical encoding of x, its type included, to
// b. It reports false when x holds something with no stable encoding
// (functions, channels, unsafe pointers, cycles).
func encodeLiteral[T any](b []byte, x T) ([]byte, bool) {
	switch v := any(x).(type) {
	case int:
		return binary.AppendVarint(append(b, 'i'), int64(v)), true
	case int64:
		return binary.AppendVarint(append(b, 'l'), v), true
	case float64:
		return binary.LittleEndian.AppendUint64(append(b, 'f'), math.Float64bits(v)), true
	case string:
		b = binary.AppendUvarint(append(b, 's'), uint64(len(v)))
		return append(b, v...), true
	case bool:
		if v {
			return append(b, 'T'), true
		}
		return append(b, 'F'), true
	case []float64:
		b = binary.AppendUvarint(append(b, 'F', 'S'), uint64(len(v)))
		for _, f := range v {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
		}
		return b, true
	case []byte:
		b = binary.AppendUvarint(append(b, 'B', 'S'), uint64(len(v)))
		return append(b, v...), true
	}
	rv := reflect.ValueOf(&x).Elem()
	b = appendType(b, rv.Type())
	return encodeValue(b, rv, 0)
}

func appendType(b []byte, t reflect.Type) []byte {
	s := t.String()
	if p := t.PkgPath(); p != "" {
		s = p + "." + t.Name()
	}
	b = binary.AppendUvarint(append(b, 'R'), uint64(len(s)))
	return append(b, s...)
}

var lazyType = reflect.TypeFor[Lazy]()

// encodeValue appends a canonical encoding of v: equal contents give
// equal bytes in every process. Delayed values inside are encoded by
// their keys; maps are sorted by the encoding of their keys; pointers
// by what they point to.
func encodeValue(b []byte, v reflect.Value, depth int) ([]byte, bool) {
	if depth > maxDepth {
		return b, false
	}
	if v.Type().Implements(lazyType) {
		if !v.CanInterface() {
			return b, false
		}
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return append(b, 'N'), true
		}
		return appendKey(append(b, 'K'), v.Interface().(Lazy).Key()), true
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			return append(b, 1), true
		}
		return append(b, 0), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return binary.AppendVarint(b, v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return binary.AppendUvarint(b, v.Uint()), true
	case reflect.Float32, reflect.Float64:
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Float())), true
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(real(c)))
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(imag(c))), true
	case reflect.String:
		s := v.String()
		b = binary.AppendUvarint(b, uint64(len(s)))
		return append(b, s...), true
	case reflect.Slice:
		if v.IsNil() {
			return append(b, 'N'), true
		}
		b = append(b, 'S')
		if v.Type().Elem().Kind() == reflect.Uint8 {
			b = binary.AppendUvarint(b, uint64(v.Len()))
			return append(b, v.Bytes()...), true
		}
		fallthrough
	case reflect.Array:
		n := v.Len()
		b = binary.AppendUvarint(b, uint64(n))
		var ok bool
		for i := 0; i < n; i++ {
			if b, ok = encodeValue(b, v.Index(i), depth); !ok {
				return b, false
			}
		}
		return b, true
	case reflect.Map:
		if v.IsNil() {
			return append(b, 'N'), true
		}
		var pairs [][]byte
		it := v.MapRange()
		for it.Next() {
			p, ok := encodeValue(nil, it.Key(), depth)
			if !ok {
				return b, false
			}
			if p, ok = encodeValue(p, it.Value(), depth); !ok {
				return b, false
			}
			pairs = append(pairs, p)
		}
		slices.SortFunc(pairs, bytes.Compare)
		b = binary.AppendUvarint(append(b, 'M'), uint64(len(pairs)))
		for _, p := range pairs {
			b = append(b, p...)
		}
		return b, true
	case reflect.Struct:
		var ok bool
		for i := 0; i < v.NumField(); i++ {
			if b, ok = encodeValue(b, v.Field(i), depth); !ok {
				return b, false
			}
		}
		return b, true
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, 'N'), true
		}
		return encodeValue(append(b, 'P'), v.Elem(), depth+1)
	case reflect.Interface:
		if v.IsNil() {
			return append(b, 'N'), true
		}
		e := v.Elem()
		return encodeValue(appendType(b, e.Type()), e, depth+1)
	}
	return b, false // func, chan, unsafe pointer
}
