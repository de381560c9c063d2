package delayed

import (
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"strconv"

	"github.com/chunkwise/chunkwise/scheduler"
)

// Function is a Go function of any signature registered for delayed
// calls through reflection: the general form beside the typed Func0…4
// and FuncN. Its methods are safe for concurrent use.
type Function struct {
	e      *entry
	typ    reflect.Type
	nout   int  // results other than a trailing error
	hasErr bool // the last result is an error
	impure bool
	err    error // f is not a function
}

var errorType = reflect.TypeFor[error]()

// Wrap registers f, a function of any signature, under name for delayed
// calls with Call and Results. See Func0 for the rules on names (a
// conflicting registration panics) and purity. A trailing error result
// is propagated like Func0E's. If f is not a function, every value the
// Function makes carries an error saying so.
func Wrap(name string, f any, opts ...FuncOption) *Function {
	fv := reflect.ValueOf(f)
	if fv.Kind() != reflect.Func || fv.IsNil() {
		return &Function{e: &entry{name: name}, err: fmt.Errorf("%T is not a function", f)}
	}
	t := fv.Type()
	fn := &Function{typ: t, impure: funcConfigOf(opts).impure, nout: t.NumOut()}
	if n := t.NumOut(); n > 0 && t.Out(n-1) == errorType {
		fn.hasErr = true
		fn.nout--
	}
	fn.e = register(name, f, func(in []any) (any, error) { return fn.run(fv, in) })
	return fn
}

// Type returns the wrapped function's type, or nil when Wrap was not
// given a function.
func (fn *Function) Type() reflect.Type { return fn.typ }

// Call is shorthand for Wrap(name, f).Call(args...).
func Call(name string, f any, args ...any) *Value[any] {
	return Wrap(name, f).Call(args...)
}

// Call returns a lazy value of calling the function on args. Each
// argument may be a plain value, a delayed value (any Lazy, typed or
// not), or a slice, array, map or struct holding delayed values at any
// depth — like Dask, which walks lists and dicts. Before the call, each
// delayed value is replaced by its result: a slice or map whose element
// type is *Value[T] becomes a slice or map of T ([]*Value[int] → []int);
// elements and struct fields of interface type (any) receive the result
// itself. Pointers are not followed. A struct field of type *Value[T], a
// delayed map key, or an argument that cannot be assigned to the
// parameter give a value whose Err says so.
//
// The value is the function's result; with several results (besides a
// trailing error) it is a []any of them, which Results splits into
// separate lazy values.
func (fn *Function) Call(args ...any) *Value[any] {
	if fn.err != nil {
		return failed[any](fn.e.name, fn.err)
	}
	return fn.call(args)
}

// Results returns one lazy value per result of the function (besides a
// trailing error), like Dask's nout: all come from a single call, which
// runs once. A function without results gives none; if f is not a
// function, the result is one value carrying that error; any other
// construction error is carried by every result.
func (fn *Function) Results(args ...any) []*Value[any] {
	if fn.err != nil {
		return []*Value[any]{failed[any](fn.e.name, fn.err)}
	}
	v := fn.call(args)
	if fn.nout == 0 {
		return nil
	}
	if fn.nout == 1 || v.err != nil {
		out := make([]*Value[any], fn.nout)
		for i := range out {
			out[i] = v
		}
		return out
	}
	out := make([]*Value[any], fn.nout)
	for i := range out {
		name := v.key.Name + "-" + strconv.Itoa(i)
		out[i] = &Value[any]{key: scheduler.Key{Name: name}, layer: &node{name: name,
			task: scheduler.Task{Kernel: kernelItem, Params: binary.AppendUvarint(nil, uint64(i)),
				Inputs: []scheduler.Key{v.key}, Inline: true},
			inputs: []scheduler.Layer{v.layer}}}
	}
	return out
}

// callArgs is a call's arguments with delayed values replaced by
// references to the task's inputs; it is the call's first input, a
// literal.
type callArgs struct {
	args []tmpl
	fn   *Function // the function called, for encoding (wire.go)
}

type tmplKind uint8

const (
	tLit tmplKind = iota
	tDep
	tSlice
	tArray
	tMap
	tStruct
)

// tmpl rebuilds one value at run time from the results of its delayed
// parts.
type tmpl struct {
	kind   tmplKind
	typ    reflect.Type  // the type built (tDep: the result's static type)
	lit    reflect.Value // tLit: the value; tStruct: the original struct
	dep    int           // tDep: index into the task's inputs
	elems  []tmpl        // tSlice, tArray, tMap values, tStruct fields
	keys   []reflect.Value
	fields []int
}

func (fn *Function) call(args []any) *Value[any] {
	t := fn.typ
	nin := t.NumIn()
	if t.IsVariadic() && len(args) < nin-1 || !t.IsVariadic() && len(args) != nin {
		return failed[any](fn.e.name, fmt.Errorf("called with %d arguments, the function (%v) takes %d", len(args), t, nin))
	}
	var deps []Lazy
	var err error
	ca := &callArgs{args: make([]tmpl, len(args)), fn: fn}
	for i, a := range args {
		var tp tmpl
		if tp, err = walk(reflect.ValueOf(a), &deps); err != nil {
			return failed[any](fn.e.name, fmt.Errorf("argument %d: %w", i, err))
		}
		pt := paramType(t, i)
		if tp.typ != nil && tp.typ.Kind() != reflect.Interface && !tp.typ.AssignableTo(pt) && !tp.retarget(pt) {
			return failed[any](fn.e.name, fmt.Errorf("argument %d is %v, the function takes %v", i, tp.typ, pt))
		}
		ca.args[i] = tp
	}
	b := newBuilder(len(deps) + 1)
	for _, d := range deps {
		if e, ok := d.(errer); ok && e.Err() != nil && b.err == nil {
			b.err = e.Err()
		}
	}
	var name string
	var enc []byte
	ok := !fn.impure
	if ok {
		enc = append(enc, "args\x00"...)
		enc = append(enc, fn.e.name...)
		enc = binary.AppendUvarint(enc, uint64(len(args)))
		for _, a := range args {
			if enc, ok = encodeValue(appendTypeOf(enc, a), reflect.ValueOf(&a).Elem(), 0); !ok {
				break
			}
		}
	}
	if ok {
		name = hashName("args", enc)
	} else {
		name = freshName("args")
	}
	b.keys = append(b.keys, scheduler.Key{Name: name})
	b.lits = append(b.lits, ca)
	b.litPos = append(b.litPos, 0)
	for _, d := range deps {
		b.keys = append(b.keys, d.Key())
		b.layers = append(b.layers, d.Layer())
	}
	return build[any](fn.e, fn.impure, &b)
}

func appendTypeOf(b []byte, a any) []byte {
	if a == nil {
		return append(b, 'N')
	}
	return appendType(b, reflect.TypeOf(a))
}

func paramType(t reflect.Type, i int) reflect.Type {
	if t.IsVariadic() && i >= t.NumIn()-1 {
		return t.In(t.NumIn() - 1).Elem()
	}
	return t.In(i)
}

// walk returns the template of v, appending its delayed parts to deps.
func walk(v reflect.Value, deps *[]Lazy) (tmpl, error) {
	if !v.IsValid() {
		return tmpl{kind: tLit}, nil
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return tmpl{kind: tLit, lit: v, typ: v.Type()}, nil
		}
		return walk(v.Elem(), deps)
	}
	t := v.Type()
	if t.Implements(lazyType) {
		if !v.CanInterface() {
			return tmpl{}, errors.New("a delayed value in an unexported field")
		}
		l := v.Interface().(Lazy)
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return tmpl{}, errNilValue
		}
		*deps = append(*deps, l)
		return tmpl{kind: tDep, typ: resultType(t), dep: len(*deps)}, nil
	}
	lit := tmpl{kind: tLit, lit: v, typ: t}
	st := subst(t)
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		if !hasLazy(t.Elem()) {
			return lit, nil
		}
		if v.Kind() == reflect.Slice && v.IsNil() {
			return tmpl{kind: tLit, lit: reflect.Zero(st), typ: st}, nil
		}
		kind := tSlice
		if v.Kind() == reflect.Array {
			kind = tArray
		}
		out := tmpl{kind: kind, typ: st, elems: make([]tmpl, v.Len())}
		for i := range out.elems {
			var err error
			if out.elems[i], err = walk(v.Index(i), deps); err != nil {
				return tmpl{}, fmt.Errorf("element %d: %w", i, err)
			}
		}
		return out, nil
	case reflect.Map:
		if !hasLazy(t.Elem()) {
			return lit, nil
		}
		if hasLazy(t.Key()) {
			return tmpl{}, errors.New("delayed values as map keys are not supported")
		}
		if v.IsNil() {
			return tmpl{kind: tLit, lit: reflect.Zero(st), typ: st}, nil
		}
		out := tmpl{kind: tMap, typ: st}
		it := v.MapRange()
		for it.Next() {
			e, err := walk(it.Value(), deps)
			if err != nil {
				return tmpl{}, fmt.Errorf("map value %v: %w", it.Key(), err)
			}
			out.keys = append(out.keys, it.Key())
			out.elems = append(out.elems, e)
		}
		return out, nil
	case reflect.Struct:
		out := tmpl{kind: tStruct, typ: t, lit: v}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !hasLazy(f.Type) {
				continue
			}
			n := len(*deps)
			e, err := walk(v.Field(i), deps)
			if err != nil {
				return tmpl{}, fmt.Errorf("field %s: %w", f.Name, err)
			}
			if len(*deps) == n {
				continue
			}
			if !f.IsExported() {
				return tmpl{}, fmt.Errorf("field %s: a delayed value in an unexported field", f.Name)
			}
			if st := subst(f.Type); st != f.Type {
				return tmpl{}, fmt.Errorf("field %s of type %v cannot hold its result (%v); give the field an interface type such as any", f.Name, f.Type, st)
			}
			out.fields = append(out.fields, i)
			out.elems = append(out.elems, e)
		}
		if len(out.fields) == 0 {
			return lit, nil
		}
		return out, nil
	}
	return lit, nil
}

// resultType is the type of the result of a Lazy of type t.
func resultType(t reflect.Type) reflect.Type {
	if t.Kind() != reflect.Interface {
		if et, ok := reflect.Zero(t).Interface().(elemTyper); ok {
			return et.elemType()
		}
	}
	return reflect.TypeFor[any]()
}

// hasLazy reports whether a value of type t may hold delayed values that
// walk replaces.
func hasLazy(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Slice, reflect.Array, reflect.Map:
		return t.Implements(lazyType) || hasLazy(t.Elem())
	case reflect.Struct:
		if t.Implements(lazyType) {
			return true
		}
		for i := 0; i < t.NumField(); i++ {
			if hasLazy(t.Field(i).Type) {
				return true
			}
		}
	}
	return t.Implements(lazyType)
}

// subst is the type t becomes when its delayed values are replaced by
// their results.
func subst(t reflect.Type) reflect.Type {
	if t.Implements(lazyType) {
		return resultType(t)
	}
	switch t.Kind() {
	case reflect.Slice:
		if e := subst(t.Elem()); e != t.Elem() {
			return reflect.SliceOf(e)
		}
	case reflect.Array:
		if e := subst(t.Elem()); e != t.Elem() {
			return reflect.ArrayOf(t.Len(), e)
		}
	case reflect.Map:
		if e := subst(t.Elem()); e != t.Elem() {
			return reflect.MapOf(t.Key(), e)
		}
	}
	return t
}

// make builds the value of t from the task's inputs.
func (t *tmpl) make(in []any) (reflect.Value, error) {
	switch t.kind {
	case tLit:
		return t.lit, nil
	case tDep:
		x := in[t.dep]
		if x == nil {
			return reflect.Zero(t.typ), nil
		}
		return reflect.ValueOf(x), nil
	case tSlice, tArray:
		var out reflect.Value
		if t.kind == tSlice {
			out = reflect.MakeSlice(t.typ, len(t.elems), len(t.elems))
		} else {
			out = reflect.New(t.typ).Elem()
		}
		for i := range t.elems {
			if err := t.elems[i].assign(out.Index(i), in); err != nil {
				return out, fmt.Errorf("element %d: %w", i, err)
			}
		}
		return out, nil
	case tMap:
		out := reflect.MakeMapWithSize(t.typ, len(t.keys))
		for i := range t.elems {
			v, err := t.elems[i].make(in)
			if err != nil {
				return out, err
			}
			if v, err = fit(v, t.typ.Elem()); err != nil {
				return out, fmt.Errorf("map value %v: %w", t.keys[i], err)
			}
			out.SetMapIndex(t.keys[i], v)
		}
		return out, nil
	case tStruct:
		out := reflect.New(t.typ).Elem()
		out.Set(t.lit)
		for j, i := range t.fields {
			if err := t.elems[j].assign(out.Field(i), in); err != nil {
				return out, fmt.Errorf("field %s: %w", t.typ.Field(i).Name, err)
			}
		}
		return out, nil
	}
	panic("delayed: bad template")
}

func (t *tmpl) assign(dst reflect.Value, in []any) error {
	v, err := t.make(in)
	if err != nil {
		return err
	}
	if v, err = fit(v, dst.Type()); err != nil {
		return err
	}
	dst.Set(v)
	return nil
}

// fit returns v as a value assignable to type want, or an error.
func fit(v reflect.Value, want reflect.Type) (reflect.Value, error) {
	if !v.IsValid() {
		return reflect.Zero(want), nil
	}
	if !v.Type().AssignableTo(want) {
		return v, fmt.Errorf("got %v, want %v", v.Type(), want)
	}
	return v, nil
}

// run calls f with the arguments rebuilt from in: in[0] is the
// *callArgs, the rest the results of its delayed parts.
func (fn *Function) run(f reflect.Value, in []any) (any, error) {
	ca := in[0].(*callArgs)
	args := make([]reflect.Value, len(ca.args))
	for i := range ca.args {
		v, err := ca.args[i].make(in)
		if err != nil {
			return nil, fmt.Errorf("argument %d: %w", i, err)
		}
		if args[i], err = fit(v, paramType(fn.typ, i)); err != nil {
			return nil, fmt.Errorf("argument %d: %w", i, err)
		}
	}
	out := f.Call(args)
	if fn.hasErr {
		if e := out[len(out)-1]; !e.IsNil() {
			return nil, e.Interface().(error)
		}
		out = out[:len(out)-1]
	}
	switch len(out) {
	case 0:
		return nil, nil
	case 1:
		return out[0].Interface(), nil
	}
	res := make([]any, len(out))
	for i, o := range out {
		res[i] = o.Interface()
	}
	return res, nil
}
