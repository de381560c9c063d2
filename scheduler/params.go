package scheduler

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"

	"github.com/chunkwise/chunkwise/internal/registry"
)

// Kernel parameters travel as bytes (Task.Params) and name layers (their
// hash is part of a layer's name), so every kernel encodes them with one
// codec: EncodeParams and DecodeParams. The encoding is canonical — equal
// values give equal bytes in every process — and exact: floats keep their
// bits, NaN and ±Inf included, which JSON cannot spell.
//
// It covers the types parameters are made of: bools, integers, floats,
// strings, slices (nil and empty told apart), arrays, maps (entries in
// the order of their encoded keys), pointers (nil or not) and structs,
// their exported fields in declaration order (unexported fields, such as
// caches derived from the others, are not parameters and are left out).
// Interfaces, channels and functions have no encoding: EncodeParams
// panics on them, as on any bug in chunkwise, and DecodeParams returns an
// error.

// EncodeParams returns the canonical encoding of p, a value or a pointer
// to one (both encode the same: DecodeParams decodes into a pointer).
func EncodeParams(p any) []byte {
	v := reflect.ValueOf(p)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	b, err := appendValue(nil, v)
	if err != nil {
		panic("scheduler: kernel parameters: " + err.Error())
	}
	return b
}

// DecodeParams decodes b, the output of EncodeParams, into the value p
// points to. Bytes that are not such an encoding of p's type — truncated,
// extended, or out of range — are an error, never a panic, and never
// make it allocate more than b could describe.
func DecodeParams(b []byte, p any) error {
	v := reflect.ValueOf(p)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return fmt.Errorf("scheduler: DecodeParams into %T, not a non-nil pointer", p)
	}
	d := paramDecoder{b: b}
	if err := d.value(v.Elem()); err != nil {
		return fmt.Errorf("scheduler: kernel parameters (%T): %w", p, err)
	}
	if len(d.b) != 0 {
		return fmt.Errorf("scheduler: kernel parameters (%T): %d bytes after the value", p, len(d.b))
	}
	return nil
}

// RegisterTyped registers a kernel whose parameters are a P, encoded by
// EncodeParams: they are decoded once per distinct encoding and handed to
// prepare. Bytes that do not decode as a P fail the task with an error.
func RegisterTyped[P any](name string, prepare func(p P) (Func, error)) {
	register(name, registry.Code(prepare), kernel{prepare: typed(prepare)})
}

// RegisterTypedBorrowing is RegisterTyped for a kernel that borrows its
// inputs (see RegisterBorrowing).
func RegisterTypedBorrowing[P any](name string, prepare func(p P) (Func, error)) {
	register(name, registry.Code(prepare), kernel{prepare: typed(prepare), borrows: true})
}

func typed[P any](prepare func(p P) (Func, error)) PrepareFunc {
	return func(b []byte) (Func, error) {
		var p P
		if err := DecodeParams(b, &p); err != nil {
			return nil, err
		}
		return prepare(p)
	}
}

func appendValue(b []byte, v reflect.Value) ([]byte, error) {
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			return append(b, 1), nil
		}
		return append(b, 0), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return binary.AppendVarint(b, v.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return binary.AppendUvarint(b, v.Uint()), nil
	case reflect.Float32:
		return binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(v.Float()))), nil
	case reflect.Float64:
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Float())), nil
	case reflect.String:
		b = binary.AppendUvarint(b, uint64(v.Len()))
		return append(b, v.String()...), nil
	case reflect.Slice:
		if v.IsNil() {
			return append(b, 0), nil
		}
		b = binary.AppendUvarint(b, uint64(v.Len())+1)
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return append(b, v.Bytes()...), nil
		}
		return appendElems(b, v)
	case reflect.Array:
		return appendElems(b, v)
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, 0), nil
		}
		return appendValue(append(b, 1), v.Elem())
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			var err error
			if b, err = appendValue(b, v.Field(i)); err != nil {
				return b, err
			}
		}
		return b, nil
	case reflect.Map:
		if v.IsNil() {
			return append(b, 0), nil
		}
		type entry struct{ k, v []byte }
		entries := make([]entry, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			k, err := appendValue(nil, it.Key())
			if err != nil {
				return b, err
			}
			e, err := appendValue(nil, it.Value())
			if err != nil {
				return b, err
			}
			entries = append(entries, entry{k, e})
		}
		slices.SortFunc(entries, func(x, y entry) int { return bytes.Compare(x.k, y.k) })
		b = binary.AppendUvarint(b, uint64(len(entries))+1)
		for _, e := range entries {
			b = append(append(b, e.k...), e.v...)
		}
		return b, nil
	}
	return b, fmt.Errorf("%v has no encoding", v.Type())
}

func appendElems(b []byte, v reflect.Value) ([]byte, error) {
	for i := range v.Len() {
		var err error
		if b, err = appendValue(b, v.Index(i)); err != nil {
			return b, err
		}
	}
	return b, nil
}

type paramDecoder struct{ b []byte }

var errShort = errors.New("truncated")

func (d *paramDecoder) uvarint() (uint64, error) {
	x, n := binary.Uvarint(d.b)
	if n <= 0 {
		return 0, errShort
	}
	d.b = d.b[n:]
	return x, nil
}

func (d *paramDecoder) take(n int) ([]byte, error) {
	if n < 0 || n > len(d.b) {
		return nil, errShort
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s, nil
}

// length reads a slice or map length (encoded plus one; 0 is nil) and
// bounds it by the bytes left: every element takes at least one byte,
// except those of zero-size types, which are refused in numbers larger
// than the input.
func (d *paramDecoder) length() (n int, isNil bool, err error) {
	x, err := d.uvarint()
	if err != nil {
		return 0, false, err
	}
	if x == 0 {
		return 0, true, nil
	}
	if x-1 > uint64(len(d.b)) {
		return 0, false, fmt.Errorf("length %d exceeds the %d bytes left", x-1, len(d.b))
	}
	return int(x - 1), false, nil
}

func (d *paramDecoder) value(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Bool:
		s, err := d.take(1)
		if err != nil {
			return err
		}
		if s[0] > 1 {
			return fmt.Errorf("bool byte %d", s[0])
		}
		v.SetBool(s[0] == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x, n := binary.Varint(d.b)
		if n <= 0 {
			return errShort
		}
		d.b = d.b[n:]
		if v.OverflowInt(x) {
			return fmt.Errorf("%d overflows %v", x, v.Type())
		}
		v.SetInt(x)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		x, err := d.uvarint()
		if err != nil {
			return err
		}
		if v.OverflowUint(x) {
			return fmt.Errorf("%d overflows %v", x, v.Type())
		}
		v.SetUint(x)
	case reflect.Float32:
		s, err := d.take(4)
		if err != nil {
			return err
		}
		v.SetFloat(float64(math.Float32frombits(binary.LittleEndian.Uint32(s))))
	case reflect.Float64:
		s, err := d.take(8)
		if err != nil {
			return err
		}
		v.SetFloat(math.Float64frombits(binary.LittleEndian.Uint64(s)))
	case reflect.String:
		n, err := d.uvarint()
		if err != nil {
			return err
		}
		if n > uint64(len(d.b)) {
			return errShort
		}
		s, _ := d.take(int(n))
		v.SetString(string(s))
	case reflect.Slice:
		n, isNil, err := d.length()
		if err != nil || isNil {
			return err
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			s, err := d.take(n)
			if err != nil {
				return err
			}
			v.SetBytes(bytes.Clone(s))
			return nil
		}
		if v.Type().Elem().Size() == 0 {
			return fmt.Errorf("slice of zero-size %v", v.Type().Elem())
		}
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		return d.elems(v)
	case reflect.Array:
		return d.elems(v)
	case reflect.Pointer:
		s, err := d.take(1)
		if err != nil {
			return err
		}
		switch s[0] {
		case 0:
			v.SetZero()
			return nil
		case 1:
			p := reflect.New(v.Type().Elem())
			if err := d.value(p.Elem()); err != nil {
				return err
			}
			v.Set(p)
			return nil
		}
		return fmt.Errorf("pointer byte %d", s[0])
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			if err := d.value(v.Field(i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		n, isNil, err := d.length()
		if err != nil || isNil {
			return err
		}
		m := reflect.MakeMapWithSize(v.Type(), n)
		for range n {
			k := reflect.New(v.Type().Key()).Elem()
			e := reflect.New(v.Type().Elem()).Elem()
			if err := d.value(k); err != nil {
				return err
			}
			if err := d.value(e); err != nil {
				return err
			}
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	default:
		return fmt.Errorf("%v has no encoding", v.Type())
	}
	return nil
}

func (d *paramDecoder) elems(v reflect.Value) error {
	for i := range v.Len() {
		if err := d.value(v.Index(i)); err != nil {
			return err
		}
	}
	return nil
}
