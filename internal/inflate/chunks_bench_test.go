package inflate

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"math"
	"testing"
)

// smallChunks returns n zlib streams (level 1) of 2048-byte chunks, each
// 256 float64s of the sequence frac(i·φ): like the 16×16 float64 chunks
// of an HDF5 dataset, mostly literals in one dynamic block (Go's
// compressor, unlike zlib, stores no chunk whole, and ends each stream
// with an empty stored block).
func smallChunks(n int) [][]byte {
	var zs [][]byte
	chunk := make([]byte, 2048)
	for k := range n {
		for j := range 256 {
			x := float64(256*k+j) * 0.6180339887498949
			binary.LittleEndian.PutUint64(chunk[8*j:], math.Float64bits(x-math.Floor(x)))
		}
		var b bytes.Buffer
		w, _ := zlib.NewWriterLevel(&b, 1)
		w.Write(chunk)
		w.Close()
		zs = append(zs, b.Bytes())
	}
	return zs
}

// BenchmarkSmallChunks decodes small streams, where building the tables
// and the ends of the input and output weigh as much as the symbols.
func BenchmarkSmallChunks(b *testing.B) {
	zs := smallChunks(1800)
	dst := make([]byte, 0, 2048)
	for b.Loop() {
		for _, z := range zs {
			if _, err := Zlib(dst, z, 2048); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(zs)), "ns/chunk")
}
