package array

import (
	"context"
	"fmt"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// RemotePersister is an executor that can leave computed values where
// it computed them, such as a cluster's workers (distributed.Client is
// one). Persist computes keys and returns for each a handle that stands
// for its value as a literal in later graphs run on the same executor.
//
// Persist and PersistAll with such an executor return arrays whose
// chunks stay there: later computations on that executor start from
// them; computing such an array on another executor fails with an error
// naming the handle's type.
type RemotePersister interface {
	scheduler.Executor
	Persist(ctx context.Context, g *scheduler.Graph, keys []scheduler.Key) ([]any, error)
}

// persistRemote is PersistAll on a RemotePersister.
func persistRemote(ctx context.Context, rp RemotePersister, arrays []*Array) ([]*Array, error) {
	if err := firstErr(arrays...); err != nil {
		return nil, err
	}
	var keys []scheduler.Key
	roots := make([]scheduler.Layer, len(arrays))
	for i, a := range arrays {
		if a.unknown != nil {
			return nil, fmt.Errorf("array: persist: %s has chunks of unknown size, which a remote executor cannot keep; compute it or give its chunks first", a.Name())
		}
		roots[i] = a.layer
		keys = append(keys, scheduler.Keys(a.layer)...)
	}
	handles, err := rp.Persist(ctx, scheduler.NewGraph(roots...), keys)
	if err != nil {
		return nil, err
	}
	out := make([]*Array, len(arrays))
	k := 0
	for i, a := range arrays {
		n := a.grid.NumBlocksTotal()
		out[i] = &Array{layer: &remoteLayer{name: a.Name(), nb: a.NumBlocks(), blocks: handles[k : k+n]},
			grid: a.grid, dtype: a.dtype}
		k += n
	}
	return out, nil
}

// remoteLayer holds chunks kept by a remote executor: each task is a
// literal whose value is the executor's handle.
type remoteLayer struct {
	name   string
	nb     []int
	blocks []any // C order of block index
}

func (l *remoteLayer) Name() string              { return l.name }
func (l *remoteLayer) Inputs() []scheduler.Layer { return nil }
func (l *remoteLayer) NumBlocks() []int          { return l.nb }
func (l *remoteLayer) Task(idx []int) scheduler.Task {
	return scheduler.Task{Value: l.blocks[chunk.Ravel(idx, l.nb)]}
}
