// Package npy reads and writes NumPy's .npy files, whole or chunk by
// chunk.
//
// # Overview
//
// Read, ReadFile, Write and WriteFile move a whole array between a .npy
// file and a chunk.Dense. Open and OpenChunked return a *File, a lazy
// store.Reader that reads one chunk at a time with ReadAt calls covering
// only the bytes the chunk needs; Create and CreateWith return a *File
// that is also a store.Writer over a preallocated file, so many goroutines
// can write distinct chunks at once. ReadHeader parses just the header.
//
// # Format
//
// Format versions 1.0, 2.0 (4-byte header length) and 3.0 (UTF-8 header)
// are read; the writers choose 1.0 unless the header needs 2.0, or the
// version Options asks for. Data may be in C or Fortran order and in
// either byte order; every dtype of package chunk is supported ('|b1',
// '|i1', '<i2' … '<f8' and their '>' twins). Whatever the file's layout,
// a Dense is always C order and native (little-endian). Headers are padded
// so that the data starts at a multiple of 64 bytes, as NumPy does.
//
// # Errors
//
// Bad input is reported, never guessed at: errors wrap ErrNotNPY (bad
// magic), ErrTruncated (the file ends inside the header or the data),
// ErrUnsupported (format version 4 and later, or a dtype chunkwise cannot
// hold, such as '<U8', 'O', complex, float16, datetimes or structured
// dtypes; the error quotes the dtype) or ErrMalformed (a header that is
// not NumPy's dict, or a bad shape). Test for them with errors.Is.
//
// # Concurrency
//
// A *File is safe for concurrent ReadChunk calls and for concurrent
// WriteChunk calls on distinct blocks: each chunk's bytes are disjoint
// byte ranges of the file, written with WriteAt or copied into the file's
// mapping; the zeros written into the page cache before such copies (see
// File) are written once per piece of the file, under a lock, before any
// chunk is copied into that piece. Writers of one block from two
// goroutines at once race, as store.Writer's contract says.
package npy
