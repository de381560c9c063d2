package zarr

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/chunkwise/chunkwise/chunk"
)

// batchWorkers bounds the requests ReadChunks has in flight (a remote
// store bounds its own connections too).
const batchWorkers = 16

// coalesceGap is the largest hole between two inner chunks of a shard that
// ReadChunks reads over rather than splitting the range request.
const coalesceGap = 16 << 10

// ReadChunks returns the chunks at the given block indices, as ReadChunk
// would one by one, reading them in parallel. For a sharded array in a
// store that reads ranges, the inner chunks of each shard are fetched by
// as few range requests as possible: the shard's index once, then one
// request per run of adjacent inner chunks (holes up to 16 KiB are read
// over). On any error the chunks read so far are recycled and the first
// error, naming its chunk's key, is returned.
func (a *Array) ReadChunks(ctx context.Context, blocks [][]int) ([]*chunk.Dense, error) {
	for _, b := range blocks {
		if err := a.checkBlock(b); err != nil {
			return nil, err
		}
	}
	out := make([]*chunk.Dense, len(blocks))
	var jobs []func() error
	if rg, ok := a.s.(rangeGetter); ok && a.m.shard != nil {
		byShard := map[string][]int{}
		var keys []string
		for i, b := range blocks {
			k := a.ChunkKey(b)
			if byShard[k] == nil {
				keys = append(keys, k)
			}
			byShard[k] = append(byShard[k], i)
		}
		for _, k := range keys {
			jobs = append(jobs, func() error { return a.readShardRuns(ctx, rg, k, blocks, byShard[k], out) })
		}
	} else {
		for i, b := range blocks {
			jobs = append(jobs, func() error {
				d, err := a.ReadChunk(ctx, b)
				out[i] = d
				return err
			})
		}
	}
	if err := runLimited(ctx, jobs); err != nil {
		for _, d := range out {
			if d != nil {
				d.Recycle()
			}
		}
		return nil, err
	}
	return out, nil
}

// runLimited runs jobs on up to batchWorkers goroutines and returns the
// first error; once one fails, the jobs not yet started are skipped.
func runLimited(ctx context.Context, jobs []func() error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	next := make(chan func() error)
	for range min(batchWorkers, len(jobs)) {
		wg.Go(func() {
			for j := range next {
				if err := j(); err != nil {
					cancel(err)
				}
			}
		})
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
	if err := context.Cause(ctx); err != nil && ctx.Err() != nil {
		return err
	}
	return nil
}

// readShardRuns reads blocks[i] for each i in which (all in the shard at
// key) into out[i]: runs of adjacent inner chunks in one range each.
func (a *Array) readShardRuns(ctx context.Context, rg rangeGetter, key string, blocks [][]int, which []int, out []*chunk.Dense) error {
	s := a.m.shard
	idx, err := a.rangeIndex(ctx, rg, key)
	if err != nil {
		return err
	}
	type part struct {
		i      int // into blocks
		off, n uint64
	}
	var parts []part
	for _, i := range which {
		p := s.innerPos(blocks[i])
		var o, n uint64 = emptyEntry, emptyEntry
		if idx != nil {
			o, n = idx[2*p], idx[2*p+1]
		}
		if o == emptyEntry && n == emptyEntry {
			d := chunk.NewPooledDense(a.m.dtype, a.grid.BlockShape(blocks[i]))
			fillPattern(d.Bytes(), a.fill)
			out[i] = d
			continue
		}
		if o > math.MaxInt64/2 || n > math.MaxInt64/2 || (s.atStart && o < uint64(s.indexSize())) {
			return a.errorf("shard %q, inner chunk %v: %w: index entry %d (offset %d, %d bytes)", key, blocks[i], ErrCorrupt, p, o, n)
		}
		parts = append(parts, part{i, o, n})
	}
	slices.SortFunc(parts, func(x, y part) int { return cmp.Compare(x.off, y.off) })
	for lo := 0; lo < len(parts); {
		hi, end := lo+1, parts[lo].off+parts[lo].n
		for hi < len(parts) && parts[hi].off <= end+coalesceGap {
			end = max(end, parts[hi].off+parts[hi].n)
			hi++
		}
		start := parts[lo].off
		b, err := rg.GetRange(ctx, key, int64(start), int64(end-start))
		if err != nil {
			return a.errorf("shard %q, inner chunks %v to %v: %w: %w", key, blocks[parts[lo].i], blocks[parts[hi-1].i], ErrCorrupt, err)
		}
		for _, p := range parts[lo:hi] {
			blk := blocks[p.i]
			d := chunk.NewPooledDense(a.m.dtype, a.grid.BlockShape(blk)) // decoding writes all of it
			if err := a.decodeInto(d, b[p.off-start:p.off-start+p.n], fmt.Sprintf("shard %q, inner chunk %v", key, blk)); err != nil {
				d.Recycle()
				return err
			}
			out[p.i] = d
		}
		lo = hi
	}
	return nil
}
