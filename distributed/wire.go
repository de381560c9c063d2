package distributed

import (
	"bytes"
	"encoding"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// protocolVersion is the version of the messages below and of the data
// plane; workers announce it in their heartbeat and clients use only
// workers that speak theirs.
const protocolVersion = 2

// smallValue is the size under which an encoded value rides inside the
// NATS messages (a task's input, a result) and the client keeps a copy;
// anything larger travels over the HTTP data plane only.
const smallValue = 64 << 10

// maxMessage bounds the task and done messages a client or worker
// publishes, far below NATS's 1 MB payload limit.
const maxMessage = 512 << 10

// wireKey is a scheduler.Key in a message.
type wireKey struct {
	N string `json:"n"`
	B []int  `json:"b,omitempty"`
}

func toWire(k scheduler.Key) wireKey { return wireKey{N: k.Name, B: k.Block()} }

func (w wireKey) key() scheduler.Key { return scheduler.NewKey(w.N, w.B) }

// keyID is a key as one string (the data plane's query parameter): the
// name, a slash and the block index joined by commas.
func keyID(k scheduler.Key) string {
	var sb strings.Builder
	sb.WriteString(k.Name)
	sb.WriteByte('/')
	for i, b := range k.Block() {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.Itoa(b))
	}
	return sb.String()
}

func parseKeyID(s string) (scheduler.Key, error) {
	i := strings.LastIndexByte(s, '/')
	if i < 0 {
		return scheduler.Key{}, fmt.Errorf("bad key %q", s)
	}
	var idx []int
	if rest := s[i+1:]; rest != "" {
		for _, p := range strings.Split(rest, ",") {
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 {
				return scheduler.Key{}, fmt.Errorf("bad key %q", s)
			}
			idx = append(idx, n)
		}
	}
	return scheduler.NewKey(s[:i], idx), nil
}

// taskMsg is one message on the TASKS stream: units of work of one
// client, each a fused chain of tasks producing one key.
type taskMsg struct {
	Client string    `json:"client"`
	Batch  uint64    `json:"batch"`
	Units  []unitMsg `json:"units"`
	// Trace asks for each unit's trace with its result (events.go).
	Trace bool `json:"trace,omitempty"`
}

type unitMsg struct {
	Out    wireKey    `json:"out"`
	Tasks  []taskWire `json:"tasks"`
	Inputs []inputMsg `json:"inputs,omitempty"`
}

type taskWire struct {
	Key    wireKey   `json:"key"`
	Kernel string    `json:"kernel"`
	Params []byte    `json:"params,omitempty"`
	Inputs []wireKey `json:"inputs,omitempty"`
	Inline bool      `json:"inline,omitempty"`
}

// inputMsg is an external input of a unit: its encoded value when small,
// otherwise where to fetch it (data-plane URLs of the workers holding it).
type inputMsg struct {
	Key  wireKey  `json:"key"`
	Data []byte   `json:"data,omitempty"`
	URLs []string `json:"urls,omitempty"`
}

// doneMsg reports finished units of one task message to its client
// (subject events.<client>).
type doneMsg struct {
	Worker  string      `json:"worker"`
	Batch   uint64      `json:"batch"`
	Results []resultMsg `json:"results"`
	// LastTry says the worker starts the message's last delivery: if it
	// dies now, the client fails the message's units.
	LastTry bool `json:"last_try,omitempty"`
}

type resultMsg struct {
	Key  wireKey `json:"key"`
	Size int64   `json:"size"`           // encoded bytes
	Data []byte  `json:"data,omitempty"` // the encoded value, when small
	// Err is the failure of a task: ErrKey names it.
	Err    string   `json:"err,omitempty"`
	ErrKey *wireKey `json:"err_key,omitempty"`
	// Missing is an input the worker could not fetch from any of its
	// locations (its holder died): the unit did not run.
	Missing *wireKey `json:"missing,omitempty"`
	// Trace is the unit's trace, when the task message asked for it.
	Trace *taskTrace `json:"trace,omitempty"`
	// Written is the bytes a store write wrote (the WrittenBytes of its
	// value), for progress bars.
	Written int64 `json:"written,omitempty"`
}

// releaseMsg asks a worker to drop a client's values (core NATS, subject
// ctl.<worker>).
type releaseMsg struct {
	Client string    `json:"client"`
	Keys   []wireKey `json:"keys"`
}

// workerInfo is a worker's heartbeat in the KV bucket "workers".
type workerInfo struct {
	Name    string `json:"name"`
	URL     string `json:"url"`
	Slots   int    `json:"slots"`
	Memory  int64  `json:"memory"`
	Version int    `json:"version"`
}

// Value encodings beyond the scheduler's (chunks, reductions' partials,
// delayed call arguments): other Go values with encoding/gob behind the
// tag 'G', and nil as the single byte 'N'.
const (
	gobTag    = 'G'
	nilTag    = 'N'
	scalarTag = 'S' // int, int64, float64, string, bool without gob's type descriptors
	sliceTag  = 'V' // a slice of numbers or bools: its chunk dtype, then its raw little-endian bytes
)

// sliceChunk views a slice of numbers or bools ([]float64, []int32 …) as
// a 1-d chunk sharing its memory, so that it travels as raw bytes; nil
// for any other value.
func sliceChunk(v any) *chunk.Dense {
	switch x := v.(type) {
	case []float64:
		return vector(x)
	case []float32:
		return vector(x)
	case []int64:
		return vector(x)
	case []int32:
		return vector(x)
	case []int16:
		return vector(x)
	case []int8:
		return vector(x)
	case []uint64:
		return vector(x)
	case []uint32:
		return vector(x)
	case []uint16:
		return vector(x)
	case []chunk.Half:
		return vector(x)
	case []uint8:
		return vector(x)
	case []bool:
		return vector(x)
	}
	return nil
}

func vector[T chunk.Element](x []T) *chunk.Dense {
	d, _ := chunk.FromSlice([]int{len(x)}, x) // the length always fits
	return d
}

// decodeSlice decodes what encodeValue made of a slice: a fresh slice of
// its element type.
func decodeSlice(b []byte) (any, error) {
	if len(b) < 2 || !chunk.DType(b[1]).Valid() || (len(b)-2)%chunk.DType(b[1]).Size() != 0 {
		return nil, fmt.Errorf("distributed: corrupt slice value")
	}
	dt := chunk.DType(b[1])
	d, err := chunk.FromBytes(dt, []int{(len(b) - 2) / dt.Size()}, b[2:])
	if err != nil {
		return nil, fmt.Errorf("distributed: corrupt slice value: %w", err)
	}
	return d.Data(), nil
}

// Kinds of scalar values after scalarTag.
const (
	scInt byte = iota
	scInt64
	scFloat64
	scString
	scBool
)

// appendScalar appends the encoding of the common scalar types; ok is
// false for any other value.
func appendScalar(b []byte, v any) ([]byte, bool) {
	switch x := v.(type) {
	case int:
		return binary.AppendVarint(append(b, scalarTag, scInt), int64(x)), true
	case int64:
		return binary.AppendVarint(append(b, scalarTag, scInt64), x), true
	case float64:
		return binary.LittleEndian.AppendUint64(append(b, scalarTag, scFloat64), math.Float64bits(x)), true
	case string:
		return append(append(b, scalarTag, scString), x...), true
	case bool:
		if x {
			return append(b, scalarTag, scBool, 1), true
		}
		return append(b, scalarTag, scBool, 0), true
	}
	return b, false
}

func decodeScalar(b []byte) (any, error) {
	bad := fmt.Errorf("distributed: corrupt scalar value")
	if len(b) < 2 || b[0] != scalarTag {
		return nil, bad
	}
	p := b[2:]
	switch b[1] {
	case scInt, scInt64:
		v, n := binary.Varint(p)
		if n <= 0 || n != len(p) {
			return nil, bad
		}
		if b[1] == scInt {
			return int(v), nil
		}
		return v, nil
	case scFloat64:
		if len(p) != 8 {
			return nil, bad
		}
		return math.Float64frombits(binary.LittleEndian.Uint64(p)), nil
	case scString:
		return string(p), nil
	case scBool:
		if len(p) != 1 || p[0] > 1 {
			return nil, bad
		}
		return p[0] == 1, nil
	}
	return nil, bad
}

func init() {
	// Composite types gob does not register itself, so that results of
	// these types need no gob.Register in user code.
	for _, v := range []any{[]any{}, map[string]any{}, map[string]int{}, map[string]int64{},
		map[string]float64{}, map[string]string{}, map[int]int{}, map[int]float64{}, [][]float64{},
		[][]int{}, []map[string]any{}} {
		gob.Register(v)
	}
	scheduler.RegisterDecoder(gobTag, func(b []byte) (any, error) {
		var w gobValue
		if err := gob.NewDecoder(bytes.NewReader(b[1:])).Decode(&w); err != nil {
			return nil, fmt.Errorf("distributed: decoding a value: %w", err)
		}
		return w.V, nil
	})
	scheduler.RegisterDecoder(scalarTag, decodeScalar)
	scheduler.RegisterDecoder(sliceTag, decodeSlice)
	scheduler.RegisterDecoder(nilTag, func(b []byte) (any, error) {
		if len(b) != 1 {
			return nil, fmt.Errorf("distributed: corrupt nil value")
		}
		return nil, nil
	})
}

type gobValue struct{ V any }

// encodeValue returns v's encoding in pieces (see scheduler.EncodeValue):
// the scheduler's encodings for chunks and values with a registered
// decoder, gob for any other value. A value neither can encode is an
// error naming its type.
func encodeValue(v any) ([][]byte, error) {
	if b, ok := appendScalar(nil, v); ok {
		return [][]byte{b}, nil
	}
	if d := sliceChunk(v); d != nil {
		return [][]byte{{sliceTag, byte(d.DType())}, d.Bytes()}, nil
	}
	switch x := v.(type) {
	case nil:
		return [][]byte{{nilTag}}, nil
	case *chunk.Dense:
		return scheduler.EncodeValue(v)
	case encoding.BinaryMarshaler:
		if parts, err := scheduler.EncodeValue(v); err == nil {
			return parts, nil
		}
		if _, err := x.MarshalBinary(); err != nil {
			return nil, err // its own encoding failed: gob would call it again
		}
	}
	var buf bytes.Buffer
	buf.WriteByte(gobTag)
	if err := gob.NewEncoder(&buf).Encode(&gobValue{V: v}); err != nil {
		return nil, fmt.Errorf("a %T cannot be sent to another process: %v (register its type with gob.Register in the binary)", v, err)
	}
	return [][]byte{buf.Bytes()}, nil
}

// encodedSize is the total length of parts.
func encodedSize(parts [][]byte) int64 {
	var n int64
	for _, p := range parts {
		n += int64(len(p))
	}
	return n
}

// joined returns parts as one slice.
func joined(parts [][]byte) []byte {
	if len(parts) == 1 {
		return parts[0]
	}
	b := make([]byte, 0, encodedSize(parts))
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func writeParts(w io.Writer, parts [][]byte) error {
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	return nil
}
