package delayed

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"math"
	"reflect"

	"github.com/chunkwise/chunkwise/scheduler"
)

// The arguments of a call made with Wrap or Call travel to other
// processes (a cluster's workers) as the first input of its
// "delayed.call" task: MarshalBinary below, decoded by the decoder
// registered under callArgsTag. Plain arguments are encoded with
// encoding/gob into the function's parameter types, found again on the
// other side from the function's registered name; an argument whose
// parameter is an interface type is encoded as an interface value, so
// its concrete type must be registered with gob.Register in the binary
// (gob registers the basic types and slices of them itself).
const callArgsTag = 'A'

func init() {
	scheduler.RegisterDecoder(callArgsTag, decodeCallArgs)
}

// MarshalBinary encodes the call's arguments for another process. An
// argument that cannot be encoded is an error naming it.
func (ca *callArgs) MarshalBinary() ([]byte, error) {
	if ca.fn == nil || ca.fn.typ == nil {
		return nil, errors.New("delayed: call arguments without their function")
	}
	b := []byte{callArgsTag}
	b = binary.AppendUvarint(b, uint64(len(ca.fn.e.name)))
	b = append(b, ca.fn.e.name...)
	b = binary.AppendUvarint(b, uint64(len(ca.args)))
	for i := range ca.args {
		var err error
		if b, err = ca.args[i].encode(b, paramType(ca.fn.typ, i)); err != nil {
			return nil, fmt.Errorf("delayed: %s: argument %d: %w", ca.fn.e.name, i, err)
		}
	}
	return b, nil
}

func decodeCallArgs(b []byte) (any, error) {
	if len(b) == 0 || b[0] != callArgsTag {
		return nil, errors.New("delayed: not encoded call arguments")
	}
	r := &wireReader{b: b[1:]}
	name := string(r.bytes())
	if r.err != nil {
		return nil, r.err
	}
	f, err := lookup(name)
	if err != nil {
		return nil, err
	}
	n := r.uvarint()
	if r.err != nil {
		return nil, r.err
	}
	t := f.typ
	if n > uint64(len(b)) || !t.IsVariadic() && int(n) != t.NumIn() {
		return nil, fmt.Errorf("delayed: %s: %d encoded arguments for %v", name, n, t)
	}
	ca := &callArgs{args: make([]tmpl, n)}
	for i := range ca.args {
		if ca.args[i] = r.tmpl(paramType(t, i)); r.err != nil {
			return nil, fmt.Errorf("delayed: %s: decoding argument %d: %w", name, i, r.err)
		}
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("delayed: %s: trailing bytes after the arguments", name)
	}
	return ca, nil
}

// encode appends t, rebuilt into a value assignable to dst.
func (t *tmpl) encode(b []byte, dst reflect.Type) ([]byte, error) {
	b = append(b, byte(t.kind))
	switch t.kind {
	case tLit:
		switch {
		case !t.lit.IsValid() || t.lit.Kind() == reflect.Interface && t.lit.IsNil():
			return append(b, 2), nil
		case dst.Kind() != reflect.Interface && t.lit.Type() == dst:
			if raw, ok := appendBasic(append(b, 3), t.lit); ok {
				return raw, nil
			}
			return appendGob(append(b, 0), t.lit)
		}
		v := t.lit.Interface()
		return appendGob(append(b, 1), reflect.ValueOf(&v).Elem())
	case tDep:
		return binary.AppendUvarint(b, uint64(t.dep)), nil
	}
	if dst.Kind() == reflect.Interface || dst.Kind() != t.typ.Kind() {
		return nil, fmt.Errorf("a %v holding delayed values or futures for a parameter of type %v cannot be sent to another process; give the parameter the container's type", t.typ, dst)
	}
	var err error
	switch t.kind {
	case tSlice, tArray:
		b = binary.AppendUvarint(b, uint64(len(t.elems)))
		for i := range t.elems {
			if b, err = t.elems[i].encode(b, dst.Elem()); err != nil {
				return nil, fmt.Errorf("element %d: %w", i, err)
			}
		}
	case tMap:
		b = binary.AppendUvarint(b, uint64(len(t.elems)))
		for i := range t.elems {
			if b, err = appendGob(b, t.keys[i]); err != nil {
				return nil, fmt.Errorf("map key %v: %w", t.keys[i], err)
			}
			if b, err = t.elems[i].encode(b, dst.Elem()); err != nil {
				return nil, fmt.Errorf("map value %v: %w", t.keys[i], err)
			}
		}
	case tStruct:
		if t.typ != dst {
			return nil, fmt.Errorf("a %v for a parameter of type %v cannot be sent to another process", t.typ, dst)
		}
		for i := 0; i < dst.NumField(); i++ {
			if !dst.Field(i).IsExported() {
				return nil, fmt.Errorf("struct %v has unexported fields, which cannot be sent to another process", dst)
			}
		}
		lit := reflect.New(dst).Elem() // without the delayed fields, which are rebuilt
		lit.Set(t.lit)
		for _, i := range t.fields {
			lit.Field(i).Set(reflect.Zero(dst.Field(i).Type))
		}
		if b, err = appendGob(b, lit); err != nil {
			return nil, err
		}
		b = binary.AppendUvarint(b, uint64(len(t.fields)))
		for j, i := range t.fields {
			b = binary.AppendUvarint(b, uint64(i))
			if b, err = t.elems[j].encode(b, dst.Field(i).Type); err != nil {
				return nil, fmt.Errorf("field %s: %w", dst.Field(i).Name, err)
			}
		}
	}
	return b, nil
}

// appendGob appends the gob encoding of v, length first.
func appendGob(b []byte, v reflect.Value) ([]byte, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).EncodeValue(v); err != nil {
		return nil, fmt.Errorf("cannot encode %v: %w (a type behind an interface must be registered with gob.Register)", v.Type(), err)
	}
	b = binary.AppendUvarint(b, uint64(buf.Len()))
	return append(b, buf.Bytes()...), nil
}

// containerKind is the parameter kind each container template builds.
var containerKind = map[tmplKind]reflect.Kind{tSlice: reflect.Slice, tArray: reflect.Array,
	tMap: reflect.Map, tStruct: reflect.Struct}

// wireReader reads what MarshalBinary wrote; its first error sticks.
type wireReader struct {
	b   []byte
	err error
}

func (r *wireReader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
	r.b = nil
}

func (r *wireReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail(errors.New("truncated"))
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *wireReader) bytes() []byte {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail(errors.New("truncated"))
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *wireReader) byte() byte {
	if len(r.b) == 0 {
		r.fail(errors.New("truncated"))
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// gob decodes a value of type t.
func (r *wireReader) gob(t reflect.Type) reflect.Value {
	p := reflect.New(t)
	if err := gob.NewDecoder(bytes.NewReader(r.bytes())).DecodeValue(p); err != nil && r.err == nil {
		r.fail(fmt.Errorf("decoding a %v: %w", t, err))
	}
	return p.Elem()
}

func (r *wireReader) tmpl(dst reflect.Type) tmpl {
	kind := tmplKind(r.byte())
	if want, ok := containerKind[kind]; ok && dst.Kind() != want {
		r.fail(fmt.Errorf("a container for a parameter of type %v", dst))
		return tmpl{}
	}
	switch kind {
	case tLit:
		switch r.byte() {
		case 0:
			return tmpl{kind: tLit, lit: r.gob(dst), typ: dst}
		case 1:
			v := r.gob(reflect.TypeFor[any]())
			if r.err != nil || v.IsNil() {
				return tmpl{kind: tLit}
			}
			return tmpl{kind: tLit, lit: v.Elem(), typ: v.Elem().Type()}
		case 2:
			return tmpl{kind: tLit}
		case 3:
			return tmpl{kind: tLit, lit: r.basic(dst), typ: dst}
		}
	case tDep:
		return tmpl{kind: tDep, typ: dst, dep: int(r.uvarint())}
	case tSlice, tArray:
		n := r.uvarint()
		if n > uint64(len(r.b)) || kind == tArray && int(n) != dst.Len() {
			break
		}
		t := tmpl{kind: kind, typ: dst, elems: make([]tmpl, n)}
		for i := range t.elems {
			t.elems[i] = r.tmpl(dst.Elem())
		}
		return t
	case tMap:
		n := r.uvarint()
		if n > uint64(len(r.b)) {
			break
		}
		t := tmpl{kind: kind, typ: dst}
		for range n {
			t.keys = append(t.keys, r.gob(dst.Key()))
			t.elems = append(t.elems, r.tmpl(dst.Elem()))
		}
		return t
	case tStruct:
		t := tmpl{kind: kind, typ: dst, lit: r.gob(dst)}
		n := r.uvarint()
		if n > uint64(dst.NumField()) {
			break
		}
		for range n {
			i := r.uvarint()
			if i >= uint64(dst.NumField()) {
				r.fail(errors.New("bad field index"))
				return tmpl{}
			}
			t.fields = append(t.fields, int(i))
			t.elems = append(t.elems, r.tmpl(dst.Field(int(i)).Type))
		}
		return t
	}
	r.fail(errors.New("corrupt call arguments"))
	return tmpl{}
}

// retarget makes a container template whose delayed parts have no
// static result type (futures, Values of any) build a value of type pt
// instead, so that []*Future can feed a func([]int): it reports whether
// t's shape fits pt. Whether each result fits is checked when the call
// runs.
func (t *tmpl) retarget(pt reflect.Type) bool {
	switch t.kind {
	case tLit:
		return !t.lit.IsValid() || t.lit.Type().AssignableTo(pt)
	case tDep:
		if t.typ.Kind() == reflect.Interface || t.typ.AssignableTo(pt) {
			if t.typ.Kind() == reflect.Interface {
				t.typ = pt
			}
			return true
		}
		return false
	case tSlice, tArray:
		if pt.Kind() != t.typ.Kind() || t.kind == tArray && pt.Len() != len(t.elems) {
			return false
		}
		for i := range t.elems {
			if !t.elems[i].retarget(pt.Elem()) {
				return false
			}
		}
	case tMap:
		if pt.Kind() != reflect.Map || !t.typ.Key().AssignableTo(pt.Key()) {
			return false
		}
		for i := range t.elems {
			if !t.elems[i].retarget(pt.Elem()) {
				return false
			}
		}
	default:
		return false
	}
	t.typ = pt
	return true
}

// appendBasic appends v raw when it is of a basic kind (the parameter's
// own type, so the other side knows it): a varint, the float's bits, the
// string's bytes. It reports false for other kinds.
func appendBasic(b []byte, v reflect.Value) ([]byte, bool) {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return binary.AppendVarint(b, v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return binary.AppendUvarint(b, v.Uint()), true
	case reflect.Float32, reflect.Float64:
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Float())), true
	case reflect.Bool:
		if v.Bool() {
			return append(b, 1), true
		}
		return append(b, 0), true
	case reflect.String:
		b = binary.AppendUvarint(b, uint64(v.Len()))
		return append(b, v.String()...), true
	}
	return b, false
}

// basic reads what appendBasic wrote for type t.
func (r *wireReader) basic(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x, n := binary.Varint(r.b)
		if n <= 0 {
			r.fail(errors.New("truncated"))
			return v
		}
		r.b = r.b[n:]
		v.SetInt(x)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(r.uvarint())
	case reflect.Float32, reflect.Float64:
		if len(r.b) < 8 {
			r.fail(errors.New("truncated"))
			return v
		}
		v.SetFloat(math.Float64frombits(binary.LittleEndian.Uint64(r.b)))
		r.b = r.b[8:]
	case reflect.Bool:
		v.SetBool(r.byte() == 1)
	case reflect.String:
		v.SetString(string(r.bytes()))
	default:
		r.fail(fmt.Errorf("a %v is not a basic type", t))
	}
	return v
}
