package array

import (
	"errors"

	"github.com/chunkwise/chunkwise/scheduler"
)

// storeDoneTag is the encoding of storeDone, the value of a write task,
// so that it can come back from another process (a cluster's worker):
// the tag, then the failed write's error message.
const storeDoneTag = 'W'

// MarshalBinary encodes the value of a finished write task.
func (s storeDone) MarshalBinary() ([]byte, error) {
	b := []byte{storeDoneTag}
	if s.failed != nil {
		b = append(b, s.failed.Error()...)
	}
	return b, nil
}

func init() {
	scheduler.RegisterDecoder(storeDoneTag, func(b []byte) (any, error) {
		if len(b) < 1 {
			return nil, errors.New("array: corrupt encoding of a finished write")
		}
		var d storeDone
		if len(b) > 1 {
			d.failed = errors.New(string(b[1:]))
		}
		return d, nil
	})
}
