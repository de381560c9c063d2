package array

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// Store-to-store copies
//
// Writing an array that is only a store read, however rechunked
// (FromZarr(…).Rechunk(…).ToZarr(…), chunkwise convert --chunks), is a
// copy from one chunking to another, and the array's own chunks do not
// matter: the copy is planned from the source store's chunks to the
// destination's under the memory budget, as rechunker and Cubed do
// (rechunker's algorithm):
//
//   - the per-task memory M is the budget's live share (half) divided
//     between two blocks in flight per worker;
//   - write blocks are the destination chunks (or shards: the units
//     written) enlarged by whole multiples, axis by axis from the first,
//     up to M;
//   - when reading the source in write blocks would decode each source
//     chunk at most twice (rows into row bands, say), the copy is direct:
//     each write block is read from the source and written out;
//   - otherwise (rows into columns) it goes through an intermediate file
//     (scratchFile), and the write blocks are the destination units
//     themselves (each is read from the intermediate file straight into
//     the buffer it is written from; a larger block would be cut into
//     units with one more copy of every byte). Read blocks are the source
//     chunks enlarged by whole multiples up to M and to the least common
//     multiple of the source chunk and the write block on each axis; the
//     intermediate chunks tile both read blocks and write blocks (on each
//     axis the greatest common divisor of the two, or the one that is not
//     the whole axis). Each intermediate chunk is assembled from its
//     parts of the source chunks (never a whole read block in memory) and
//     written there, then that file is read in write blocks and written
//     to the destination, over the intermediate's own pages where it can
//     (see scratchFile). Every byte is then read twice and written
//     twice, instead of each source chunk being decoded once per write
//     block that crosses it.
//
// Each stage is one computation: read blocks are store reads (dropped and
// re-read under memory pressure, never spilled) and the destination's
// chunks are written by the workers in parallel as they are assembled.
//
// Resuming: with WithResume, the write units a destination already holds
// are skipped, and the intermediate file lives at a path derived from
// the source and the plan under the scratch directory (WithScratchDir,
// default os.TempDir(); on the destination's file system, the second
// stage's writes reuse the intermediate's pages), with a journal of the
// chunks written, so a re-run after an interruption skips those as well.
// The intermediate is removed once the copy has finished.

// copyPlan is a store-to-store copy: read blocks, intermediate chunks
// (nil for a direct copy) and write blocks, in elements per axis.
type copyPlan struct {
	Read, Inter, Write []int
}

// planCopy plans copying an array of shape from source chunks src to
// destination write units dst, with maxMem bytes per block.
func planCopy(shape, src, dst []int, itemsize int, maxMem int64) copyPlan {
	write := consolidate(shape, dst, itemsize, maxMem, nil)
	inter := readAmplification(shape, src, write) > 2
	if inter {
		// Through an intermediate file, a write block larger than a
		// destination unit would only be cut into units again: one more
		// copy of every byte, and a larger block in memory.
		write = consolidate(shape, dst, itemsize, 0, nil)
	}
	limits := make([]int, len(shape))
	for a := range limits {
		limits[a] = lcm(src[a], write[a])
	}
	read := consolidate(shape, src, itemsize, maxMem, limits)
	p := copyPlan{Read: read, Write: write}
	if inter {
		p.Inter = make([]int, len(shape))
		for a, n := range shape {
			switch r, w := read[a], write[a]; {
			case r >= n || w >= n: // one block along the axis: the other's boundaries
				p.Inter[a] = min(r, w, n)
			default:
				p.Inter[a] = gcd(r, w)
			}
		}
	}
	return p
}

// consolidate enlarges chunks by whole multiples, axis by axis from the
// first, while a block stays within maxMem bytes and each axis within
// limits (nil: the shape). Chunks already larger than maxMem are kept.
func consolidate(shape, chunks []int, itemsize int, maxMem int64, limits []int) []int {
	out := append([]int(nil), chunks...)
	for a := range out {
		out[a] = max(min(out[a], shape[a]), 1)
	}
	for a := range out {
		lim := shape[a]
		if limits != nil {
			lim = min(lim, limits[a])
		}
		bytes := int64(itemsize)
		for _, c := range out {
			bytes *= int64(c)
		}
		head := max(maxMem/max(bytes, 1), 1)
		c := out[a]
		grown := int64(c) * head
		if grown > int64(lim) {
			grown = int64(lim)
		}
		out[a] = max(int(grown)/c*c, c)
		if out[a] >= shape[a] {
			out[a] = max(shape[a], 1)
		}
	}
	return out
}

// readAmplification returns how many times, on average, each source
// element is decoded when every write block reads the source chunks it
// overlaps: the product over axes of the aligned-out extent read per
// write block over the extent.
func readAmplification(shape, src, write []int) float64 {
	amp := 1.0
	for a, n := range shape {
		if n == 0 {
			continue
		}
		read := 0
		for lo := 0; lo < n; lo += write[a] {
			hi := min(lo+write[a], n)
			read += min((hi+src[a]-1)/src[a]*src[a], n) - lo/src[a]*src[a]
		}
		amp *= float64(read) / float64(n)
	}
	return amp
}

// storeCopySource returns the store read that x only rechunks — x's
// values are the reader's, chunked however — or nil.
func storeCopySource(x *Array) *readLayer {
	l := x.layer
	for {
		switch v := l.(type) {
		case *readLayer:
			if v.region {
				return nil // a part of the store's array
			}
			return v
		case *rechunkLayer:
			l = v.in
		default:
			return nil
		}
	}
}

// copyStore writes the store array src (read by rl) into t's writer,
// planned as above. Callers have checked shapes, dtypes and the region
// (the whole writer).
func copyStore(ctx context.Context, rl *readLayer, t target, c config, opts []Option) error {
	src := rl.ref.r
	m, wm := src.Meta(), t.w.Meta()
	units := wm.Chunks
	if sw, ok := t.w.(ShardWriter); ok && sw.ShardShape() != nil {
		units = sw.ShardShape()
	}
	plan := planCopy(m.Shape, m.Chunks, units, m.DType.Size(), copyMemory(c))
	if plan.Inter == nil {
		x := FromStore(src, chunk.Regular(plan.Write...))
		return storeTargets(ctx, []target{{x: x, w: t.w, stored: t.stored, planned: true}}, opts)
	}
	dir, resumable, err := scratchStore(c, rl, t.w, plan)
	if err != nil {
		return err
	}
	inter, err := openScratchFile(dir, m, plan.Inter, plan.Write, resumable)
	if err == nil {
		err = copyThrough(ctx, src, inter, plan, t, resumable, opts)
		err = errors.Join(err, inter.Close())
	}
	if err != nil {
		if !resumable {
			os.RemoveAll(dir)
		}
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("array: store: removing the intermediate file: %w", err)
	}
	return nil
}

// copyThrough runs the two stages of a copy through the intermediate
// file inter: the source into inter's chunks, then inter in write units
// into the destination.
func copyThrough(ctx context.Context, src store.Reader, inter *scratchFile, plan copyPlan, t target, resumable bool, opts []Option) error {
	var stored func([]int) bool
	if resumable {
		stored = func(c []int) bool { // in the intermediate, or its unit in the destination
			return inter.stored(c) || t.stored != nil && t.stored(inter.unitOf(c))
		}
	}
	x := FromStore(src, nil) // each intermediate chunk takes its parts of the source chunks
	if err := storeTargets(ctx, []target{{x: x, w: inter, stored: stored, planned: true}}, opts); err != nil {
		return err
	}
	y := FromStore(inter.unitReader(), nil)
	return storeTargets(ctx, []target{{x: y, w: &unitWriter{t.w, inter}, stored: t.stored, planned: true}}, opts)
}

// copyMemory is the bytes one block of a store copy may take: the
// budget's live share (half of it), for two blocks in flight per worker.
func copyMemory(c config) int64 {
	b := c.memory
	if b == 0 {
		b = scheduler.DefaultMemoryLimit()
	}
	if b <= 0 {
		b = 4 << 30 // no budget: blocks of 256 MiB at most, as below
	}
	w := c.workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	return min(b/2/int64(2*w), 256<<20)
}

// scratchStore returns the directory of the intermediate file of a
// copy. With WithResume and a source that can be named across processes
// (FromZarr, FromStoreSource) it is derived from the source, the
// destination's metadata and the plan, so a re-run finds it; otherwise
// it is a fresh temporary directory.
func scratchStore(c config, rl *readLayer, w store.Writer, plan copyPlan) (string, bool, error) {
	base := c.scratch
	if base == "" {
		base = os.TempDir()
	}
	var p readParams
	if err := scheduler.DecodeParams(rl.params, &p); err == nil && c.resume && p.Source != nil {
		id := scheduler.EncodeParams(struct {
			Src  Source
			Dst  store.Meta
			Plan copyPlan
		}{*p.Source, w.Meta(), plan})
		h := sha256.Sum256(id)
		dir := filepath.Join(base, "chunkwise-rechunk-"+hex.EncodeToString(h[:8]))
		return dir, true, os.MkdirAll(dir, 0o700)
	}
	if err := os.MkdirAll(base, 0o700); err != nil {
		return "", false, fmt.Errorf("array: store: scratch directory: %w", err)
	}
	dir, err := os.MkdirTemp(base, "chunkwise-rechunk-")
	return dir, false, err
}

// storedIn returns whether a write unit of the Zarr array z (a chunk,
// or a shard when z is sharded), in the directory store at root, is
// already written: its file exists (the directory store writes each by
// renaming a complete temporary file).
func storedIn(root string, z *zarr.Array) func([]int) bool {
	return func(unit []int) bool {
		_, err := os.Stat(filepath.Join(root, filepath.FromSlash(z.ShardKey(unit))))
		return err == nil
	}
}
