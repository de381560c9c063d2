package array

import (
	"errors"

	"github.com/chunkwise/chunkwise/scheduler"
)

// storeDoneTag is the encoding of storeDone, the value of a write task,
// so that it can come back from another process (a cluster's worker).
const storeDoneTag = 'W'

// MarshalBinary encodes the value of a finished write task.
func (storeDone) MarshalBinary() ([]byte, error) { return []byte{storeDoneTag}, nil }

func init() {
	scheduler.RegisterDecoder(storeDoneTag, func(b []byte) (any, error) {
		if len(b) != 1 {
			return nil, errors.New("array: corrupt encoding of a finished write")
		}
		return storeDone{}, nil
	})
}
