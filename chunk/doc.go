// Package chunk holds the geometry and the data of chunks: the bottom of
// chunkwise's data flow.
//
// # Overview
//
// A Grid is the chunking of an N-d array: per-axis chunk sizes, regular
// or ragged, with block ↔ element index math (BlockBox, BlockOf). A Spec
// is a chunking request (Size, Sizes, Whole, Auto per axis) that Plan
// resolves for a shape, a dtype and a byte target into a Grid.
//
// A Dense is one chunk's value: a contiguous C-order buffer of a runtime
// DType holding a typed Go slice ([]float64 for Float64). Kernels are
// generic functions instantiated per element type and dispatched once per
// chunk, never per element.
//
// # Invariants
//
// A Grid and a Box are values; methods never modify them. A Dense handed
// to the scheduler is immutable: views (Reshape, Values, Bytes) share its
// memory and must not be written. Bytes and MarshalBinary use the
// machine's byte order, which chunkwise requires to be little-endian.
//
// # Errors
//
// Functions that take user input (NewGrid, RegularGrid, Spec.Plan,
// FromSlice, FromBytes, UnmarshalDense, ParseDType) return errors naming
// the offending axis or value. Functions documented to panic do so only
// for bugs in their caller inside chunkwise.
package chunk
