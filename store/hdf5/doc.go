// Package hdf5 reads and writes HDF5 files for chunkwise through libhdf5
// (gonum.org/v1/hdf5 plus a small cgo shim of this package). It is the
// only package of the module that needs cgo: programs that do not import
// it build with CGO_ENABLED=0.
//
// # Overview
//
// Open and Create return a *File. File.List walks every group and dataset
// recursively with dtype, shape, layout, chunk shape, filter pipeline and
// attributes, for `chunkwise info`. File.Dataset opens a numeric dataset
// as a *Dataset, a store.Reader; File.CreateDataset makes a chunked one
// (gzip and shuffle optional) that is also a store.Writer. Contiguous and
// compact datasets get a synthetic chunk shape: the first axis split by
// chunk.Spec's automatic planning, the others whole.
//
// # Beyond h5py
//
// libhdf5 serialises its calls (Debian builds it thread-safe, behind one
// global lock), so h5py and Dask read HDF5 on one core. Here only the
// libhdf5 calls are serialised (one package-level mutex);
// the work around them runs in the calling goroutines, in parallel:
//
//   - Reading a chunked dataset whose pipeline is any of shuffle, deflate,
//     h5py's lzf (which libhdf5 reads only through a plugin) and
//     fletcher32 fetches the stored chunk bytes and verifies, inflates or
//     decompresses, unshuffles and byte-swaps them in Go. Chunks never
//     written read as the fill value. Any other pipeline (szip,
//     scale-offset, plugins) is read with H5Dread of the chunk's
//     hyperslab instead. A dataset of up to 1024 chunks finds a chunk's
//     file address with H5Dget_chunk_info_by_coord (HDF5 ≥ 1.10.5) and
//     reads a read-only file's bytes outside the lock; libhdf5 1.10
//     answers that call by walking the chunk index up to the chunk, so
//     a dataset of more chunks (h5py's small chunks: 62,500 took 53 s)
//     looks each chunk up by its coordinates with
//     H5Dget_chunk_storage_size and reads it with H5Dread_chunk, a time
//     linear in the chunks (0.28 s).
//   - A contiguous dataset of a file opened for reading is read in
//     place when libhdf5 gives its data's address (H5Dget_offset) and
//     its storage is all allocated: the data is a raw C-order array, read
//     as a .npy file's is (npy.OpenRaw: the file mapped, any box copied
//     out in any goroutine, no lock); otherwise (never written, stored in
//     an external file, compact) by hyperslab through libhdf5.
//   - WriteChunk pads, shuffles and deflates in Go, then stores the bytes
//     with H5Dwrite_chunk. An unfiltered dataset of chunks of 2 MiB or
//     more (at most 1024 of them) is created with its chunks' file space
//     allocated at once and fill values never written (unwritten chunks
//     read as zeros, the default fill value); WriteChunk then looks up a
//     chunk's address under the lock and writes its bytes itself, outside
//     it, in pieces of 1 MiB, which keeps the page cache's folios below
//     huge pages (a virtual machine that reports free memory to its host
//     fills new huge folios several times slower; see
//     store/internal/fileio).
//
// # Types
//
// Every dtype of package chunk is read in either byte order (bool is
// h5py's enum of int8 with FALSE = 0 and TRUE = 1) and written
// little-endian. Compound (including h5py's complex), string, other enum,
// array, opaque, reference and variable-length types, float16 and null
// dataspaces are rejected with an error that wraps ErrUnsupported and
// names the dataset; List still lists such datasets, with their HDF5 type
// class as DType.
//
// # Errors
//
// Errors name the file, the dataset and, for chunk I/O, the block, and
// end with the cause (libhdf5's own message, such as "inflate() failed",
// when libhdf5 failed). No function panics on bad input, and no read
// returns data from a damaged chunk that the format can detect:
//
//   - a deflated chunk must inflate to exactly the chunk's size, with a
//     matching Adler-32 and nothing after the stream, on the Go path as
//     libhdf5 checks it on the H5Dread path;
//   - fletcher32 checksums are verified (in Go as libhdf5 does, and by
//     libhdf5 on the H5Dread path);
//   - an index entry that claims more stored bytes than the chunk's size
//     can need is refused before anything is allocated, as is a chunk
//     shape above codec.MaxDecodedSize bytes; one that places a chunk
//     beyond the end of the file is refused (by libhdf5, against the end
//     of allocation its superblock records, for datasets of more than
//     1024 chunks).
//
// # Build
//
// Needs Debian's libhdf5-dev (1.10.5 or later). The #cgo directives in
// cgo.go point at Debian's serial layout (/usr/include/hdf5/serial,
// /usr/lib/<triplet>/hdf5/serial), so no CGO_CFLAGS or CGO_LDFLAGS are
// needed there; elsewhere export them to the library's include and lib
// directories.
package hdf5
