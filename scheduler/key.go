package scheduler

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
)

// Key names one task's output: the name of a layer (an array's name, a
// hash of how it was made) and a block index within it. Keys are
// comparable and cheap to hash; equal keys name equal values in every
// process.
type Key struct {
	Name  string
	index string // the block index, packed as uvarints
}

// NewKey returns the key of block idx of layer name.
func NewKey(name string, idx []int) Key {
	if len(idx) == 0 {
		return Key{Name: name}
	}
	var buf [64]byte
	b := buf[:0]
	for _, i := range idx {
		b = binary.AppendUvarint(b, uint64(i))
	}
	return Key{Name: name, index: string(b)}
}

// Block returns the block index of k.
func (k Key) Block() []int { return k.AppendBlock(nil) }

// AppendBlock appends the block index of k to idx and returns it.
func (k Key) AppendBlock(idx []int) []int {
	s := k.index
	for len(s) > 0 {
		v, n := uvarint(s)
		idx = append(idx, int(v))
		s = s[n:]
	}
	return idx
}

func uvarint(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b < 0x80 {
			return x | uint64(b)<<shift, i + 1
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return x, len(s)
}

// String formats k as Dask does: ('name', 0, 3).
func (k Key) String() string {
	var sb strings.Builder
	sb.WriteString("('")
	sb.WriteString(k.Name)
	sb.WriteString("'")
	for _, i := range k.Block() {
		sb.WriteString(", ")
		sb.WriteString(strconv.Itoa(i))
	}
	sb.WriteString(")")
	return sb.String()
}

// Name returns a deterministic layer name for operation op over the given
// parts (encoded parameters, input names): op, a dash and a hash of the
// canonical encoding, like Dask's tokenize but stable across processes.
func Name(op string, parts ...[]byte) string {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	h.Write([]byte(op))
	for _, p := range parts {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(p)))])
		h.Write(p)
	}
	return op + "-" + hex.EncodeToString(h.Sum(nil)[:12])
}
