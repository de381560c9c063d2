//go:build cgo

package hdf5

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chunkwise/chunkwise/internal/testcorpus"
)

// FuzzDamagedFile opens HDF5 files of the corpus with bytes overwritten
// (at an offset, with a value, over a length; the metadata lives in the
// first kilobytes), opens their datasets and reads every chunk:
// damage must come back as an error, never a panic or a hang. libhdf5
// parses the metadata itself, so this also exercises its checks.
func FuzzDamagedFile(f *testing.F) {
	var seeds [][]byte
	var names [][]string // datasets of each seed
	for _, name := range []string{"basic.h5", "latest.h5", "groups.h5"} {
		p := testcorpus.Path(f, "interop/hdf5/"+name)
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, b)
		file, err := Open(p)
		if err != nil {
			f.Fatal(err)
		}
		objs, err := file.List()
		if err != nil {
			f.Fatal(err)
		}
		var ds []string
		for _, o := range objs {
			if o.Kind == KindDataset {
				ds = append(ds, o.Path)
			}
		}
		file.Close()
		names = append(names, ds)
	}
	for i := range seeds {
		for _, off := range []uint32{0, 8, 100, 500, 800, 1200, 2000, 4000} {
			f.Add(uint8(i), off, byte(0xff), uint8(1))
		}
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, which uint8, off uint32, val byte, n uint8) {
		k := int(which) % len(seeds)
		b := append([]byte(nil), seeds[k]...)
		for i := int(off) % len(b); i < len(b) && n > 0; i, n = i+1, n-1 {
			b[i] ^= val
		}
		p := filepath.Join(dir, "f.h5")
		if err := os.WriteFile(p, b, 0o666); err != nil {
			t.Fatal(err)
		}
		file, err := Open(p)
		if err != nil {
			return
		}
		defer file.Close()
		// Not file.List: libhdf5 1.10.8 itself crashes (as h5py does) on
		// some damaged variable-length string attributes, which List
		// reads; see TestDamagedMetadata.
		for _, name := range names[k] {
			d, err := file.Dataset(name)
			if err != nil {
				continue
			}
			g := d.grid
			if g.NumBlocksTotal() > 4096 || chunkBytes(d) > 1<<24 {
				continue // a header claiming a huge array: opened, not read
			}
			g.Blocks(func(idx []int) {
				d.ReadChunk(context.Background(), idx)
			})
		}
	})
}

func chunkBytes(d *Dataset) int {
	n := d.info.dtype.Size()
	for _, c := range d.chunks {
		n *= c
	}
	return n
}
