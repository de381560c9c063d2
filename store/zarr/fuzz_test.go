package zarr

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"

	"github.com/chunkwise/chunkwise/store/kv"
)

// seedMetadata adds every metadata file of the interop corpus named file
// to f's corpus.
func seedMetadata(f *testing.F, file string) {
	paths, _ := filepath.Glob(filepath.Join(corpusDir(f), "zarr*", "*", file))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(goodV2))
}

// fuzzOpen parses doc as the metadata file of an array in a store, reads
// every chunk that exists and writes one, which must never panic.
func fuzzOpen(t *testing.T, file string, doc []byte, parse func([]byte) (*arrayMeta, error)) {
	m, err := parse(doc)
	if err != nil {
		return
	}
	if m.dtype.Size() == 0 || len(m.shape) != len(m.grid) {
		t.Fatalf("accepted metadata with dtype %v, shape %v, chunks %v", m.dtype, m.shape, m.grid)
	}
	ctx := context.Background()
	s := kv.NewMemory()
	s.Set(ctx, file, doc)
	a, err := Open(ctx, s, "")
	if err != nil {
		t.Fatalf("parse accepted but Open failed: %v", err)
	}
	g, err := a.Meta().Grid()
	if err != nil || g.NumBlocksTotal() == 0 || g.Size() > 1<<16 ||
		chunk.Prod(m.grid)*m.dtype.Size() > 1<<20 {
		return // valid but too large to exercise quickly
	}
	block := make([]int, g.NDim())
	d, err := a.ReadChunk(ctx, block)
	if err != nil {
		t.Fatalf("reading a missing chunk: %v", err)
	}
	if err := a.WriteChunk(ctx, block, d); err != nil {
		return // e.g. a codec that cannot encode with these parameters
	}
	back, err := a.ReadChunk(ctx, block)
	if err != nil {
		t.Fatalf("reading back a written chunk: %v", err)
	}
	if !equalNaN(d.DType(), back.Bytes(), d.Bytes()) {
		t.Fatalf("chunk round trip differs")
	}
}

func FuzzParseV2Metadata(f *testing.F) {
	seedMetadata(f, ".zarray")
	f.Fuzz(func(t *testing.T, doc []byte) {
		fuzzOpen(t, ".zarray", doc, parseV2Metadata)
	})
}

func FuzzParseV3Metadata(f *testing.F) {
	seedMetadata(f, "zarr.json")
	f.Fuzz(func(t *testing.T, doc []byte) {
		fuzzOpen(t, "zarr.json", doc, parseV3Metadata)
	})
}
