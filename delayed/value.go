package delayed

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"

	"github.com/chunkwise/chunkwise/scheduler"
)

// Lazy is anything that names one value of a task graph: a key and the
// layer that computes it. *Value[T] implements it; other packages (array
// blocks, for instance) may too, and such values can be passed to Call
// and Compute alongside delayed values.
type Lazy interface {
	// Key is the key of the value.
	Key() scheduler.Key
	// Layer is the layer holding Key's task; its graph holds every
	// task the value depends on.
	Layer() scheduler.Layer
}

// Value is a lazy value of type T: the result of a delayed function call
// not yet run, or a literal. Values are immutable and safe to share
// between goroutines; computing one never changes it.
//
// A Value carries the first construction error of its call or of any
// value it depends on (a function that cannot take its arguments, say);
// Err returns it and every Compute returns it without running anything.
type Value[T any] struct {
	key   scheduler.Key
	layer scheduler.Layer
	err   error
}

// Key returns the key naming v in every process: for a pure function, a
// hash of the function's registered name and its arguments.
func (v *Value[T]) Key() scheduler.Key { return v.key }

// Layer returns the scheduler layer that computes v; its graph holds
// every task v depends on. For a value made by this package the layer
// holds one call: with no literal arguments it has no block grid
// (NumBlocks is empty) and Key has no block index; otherwise its grid is
// [1+k], the call is block 0 (v's Key) and its k literal arguments are
// blocks 1…k. The layer's Inputs are the layers of the delayed
// arguments.
func (v *Value[T]) Layer() scheduler.Layer { return v.layer }

// Err returns the construction error of v or of a value it depends on,
// or nil.
func (v *Value[T]) Err() error { return v.err }

// String returns v's key, as Dask prints it: Value[int]('inc-8f…').
func (v *Value[T]) String() string {
	return fmt.Sprintf("Value[%v]%v", reflect.TypeFor[T](), v.key)
}

// elemType returns T; it is called on nil receivers too.
func (*Value[T]) elemType() reflect.Type { return reflect.TypeFor[T]() }

// withResult returns a value of the same type whose layer holds x.
func (v *Value[T]) withResult(x any) Lazy {
	t, _ := x.(T)
	return persisted(v.layer, v.key, t)
}

type elemTyper interface{ elemType() reflect.Type }

type persister interface{ withResult(x any) Lazy }

type errer interface{ Err() error }

// node is the layer behind a value made by this package: one task and
// no block grid, or, for a call with literal arguments, a grid of
// 1+len(lits) blocks: the call at block 0 and its literal arguments
// after it, so that literals cost no layer of their own.
type node struct {
	name    string
	op      string // the called function's registered name; "" for literals
	task    scheduler.Task
	inputs  []scheduler.Layer
	lits    []any
	nb      []int
	literal bool // task is a literal made by Lit
}

func (n *node) Name() string { return n.name }

// Operation names the function the node calls, for pictures.
func (n *node) Operation() string         { return n.op }
func (n *node) Inputs() []scheduler.Layer { return n.inputs }
func (n *node) NumBlocks() []int          { return n.nb }
func (n *node) Task(idx []int) scheduler.Task {
	if len(idx) == 0 || idx[0] == 0 {
		return n.task
	}
	return scheduler.Task{Value: n.lits[idx[0]-1]}
}

// Lit returns x as a delayed value, so that plain values can be passed to
// the typed wrappers made by Func1 and its kin. Its key is a hash of a
// canonical encoding of x's type and contents (see the package
// documentation); x must not be modified afterwards. Values that cannot
// be encoded (functions, channels) get a fresh key.
func Lit[T any](x T) *Value[T] {
	var buf [64]byte
	b, ok := encodeLiteral(buf[:0], x)
	var name string
	if ok {
		name = hashName("lit", b)
	} else {
		name = freshName("lit")
	}
	return &Value[T]{key: scheduler.Key{Name: name}, layer: &node{name: name, task: scheduler.Task{Value: x}, literal: true}}
}

// FromLayer returns the value of key k of layer l as a *Value[T], for
// packages that expose blocks of their own layers as delayed values
// (array's ToDelayed). Computing it fails if the result is not a T.
func FromLayer[T any](l scheduler.Layer, k scheduler.Key) *Value[T] {
	return &Value[T]{key: k, layer: l}
}

// As returns v reinterpreted as a *Value[T]: the same key and task, with
// a type assertion when the value is used. Use it to pass the result of
// Call to a typed wrapper. As(nil) gives a value whose Err reports it. A
// result that is not a T makes the task that
// uses it (or Compute) fail with an error naming both types.
func As[T any](v Lazy) *Value[T] {
	if v == nil {
		return failed[T]("delayed.As", errNilValue)
	}
	var err error
	if e, ok := v.(errer); ok {
		err = e.Err()
	}
	return &Value[T]{key: v.Key(), layer: v.Layer(), err: err}
}

// persisted returns a value holding x for the value of key k of layer
// l: under the same key when l is this package's, since the rest of such
// a layer is the call's own literal arguments, and under a fresh name
// otherwise, since a foreign layer's other blocks must not be shadowed.
func persisted[T any](l scheduler.Layer, k scheduler.Key, x T) *Value[T] {
	n := &node{name: k.Name, task: scheduler.Task{Value: x}}
	if _, own := l.(*node); !own {
		n.name = hashName("persist", []byte(k.String()))
		k = scheduler.Key{Name: n.name}
	} else if idx := k.Block(); len(idx) > 0 {
		n.nb = []int{idx[0] + 1}
	}
	return &Value[T]{key: k, layer: n}
}

// hashName returns prefix-hex(sha256(b)[:16]).
func hashName(prefix string, b []byte) string {
	sum := sha256.Sum256(b)
	out := make([]byte, len(prefix)+1+32)
	copy(out, prefix)
	out[len(prefix)] = '-'
	hex.Encode(out[len(prefix)+1:], sum[:16])
	return string(out)
}

var (
	processNonce [16]byte
	freshCount   atomic.Uint64
)

func init() {
	if _, err := rand.Read(processNonce[:]); err != nil {
		panic("delayed: no randomness for impure keys: " + err.Error())
	}
}

// freshName returns a name unique across calls and processes.
func freshName(prefix string) string {
	var b [24]byte
	copy(b[:], processNonce[:])
	binary.LittleEndian.PutUint64(b[16:], freshCount.Add(1))
	return hashName(prefix, b[:])
}

// appendKey appends a canonical encoding of k.
func appendKey(b []byte, k scheduler.Key) []byte {
	b = binary.AppendUvarint(b, uint64(len(k.Name)))
	b = append(b, k.Name...)
	idx := k.Block()
	b = binary.AppendUvarint(b, uint64(len(idx)))
	for _, i := range idx {
		b = binary.AppendVarint(b, int64(i))
	}
	return b
}

var errNilValue = errors.New("nil delayed value")
