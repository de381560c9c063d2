package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/kv"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// Input formats, detected by content.
const (
	fmtZarr = "zarr"
	fmtHDF5 = "hdf5"
	fmtNPY  = "npy"
)

var hdf5Magic = []byte("\x89HDF\r\n\x1a\n")

// detect says what path holds, from its content: a directory with Zarr
// metadata, an HDF5 file (superblock at 0, 512, 1024 … bytes) or a .npy
// file.
func detect(path string) (string, error) {
	if strings.Contains(path, "://") {
		if _, err := kv.Open(path); err != nil {
			return "", err
		}
		return fmtZarr, nil // the only format read from URLs
	}
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if st.IsDir() {
		for _, m := range []string{"zarr.json", ".zarray", ".zgroup"} {
			if _, err := os.Stat(filepath.Join(path, m)); err == nil {
				return fmtZarr, nil
			}
		}
		return "", fmt.Errorf("%s: a directory without Zarr metadata (zarr.json, .zarray or .zgroup)", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 8)
	if _, err := io.ReadFull(f, head); err == nil {
		if bytes.HasPrefix(head, []byte("\x93NUMPY")) {
			return fmtNPY, nil
		}
		for off := int64(0); off < st.Size() && off <= 1<<20; off = max(off*2, 512) {
			if _, err := f.ReadAt(head, off); err != nil {
				break
			}
			if bytes.Equal(head, hdf5Magic) {
				return fmtHDF5, nil
			}
		}
	}
	return "", fmt.Errorf("%s: not a Zarr store, HDF5 file or .npy file", path)
}

// source is an opened input array.
type source struct {
	x      *array.Array
	format string // fmtZarr, fmtHDF5, fmtNPY
	name   string // array path inside the file ("" for the root / a .npy)
	chunks []int  // the stored chunk shape
}

// openSource opens the array name in path lazily, with the store's chunks
// (or spec, planned over them, when not nil). An empty name picks the
// only array of a group or file.
func openSource(ctx context.Context, path, name string, spec chunk.Spec) (*source, error) {
	format, err := detect(path)
	if err != nil {
		return nil, err
	}
	switch format {
	case fmtNPY:
		if name != "" {
			return nil, fmt.Errorf("%s: a .npy file holds one array; drop --array", path)
		}
		x, err := array.FromNPY(path, spec)
		if err != nil {
			return nil, err
		}
		return &source{x: x, format: format, chunks: firstChunks(x)}, nil
	case fmtHDF5:
		if name == "" {
			if name, err = onlyHDF5Dataset(path); err != nil {
				return nil, err
			}
		}
		x, err := fromHDF5(path, name, spec)
		if err != nil {
			return nil, err
		}
		return &source{x: x, format: format, name: name, chunks: firstChunks(x)}, nil
	default:
		if name == "" {
			if name, err = onlyZarrArray(ctx, path); err != nil {
				return nil, err
			}
		}
		x, err := array.FromZarrArray(ctx, path, name, spec)
		if err != nil {
			return nil, err
		}
		return &source{x: x, format: format, name: name, chunks: firstChunks(x)}, nil
	}
}

func firstChunks(x *array.Array) []int {
	c := make([]int, x.NDim())
	for i, ax := range x.Chunks() {
		c[i] = max(ax[0], 1)
	}
	return c
}

// onlyZarrArray returns "" when path is an array, or the path of the only
// array in the group at path.
func onlyZarrArray(ctx context.Context, path string) (string, error) {
	s, err := kv.Open(path)
	if err != nil {
		return "", err
	}
	a, g, err := zarr.OpenNode(ctx, s, "")
	if err != nil || a != nil {
		return "", err
	}
	var names []string
	var walk func(g *zarr.Group, prefix string) error
	walk = func(g *zarr.Group, prefix string) error {
		ms, err := g.Members(ctx)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Array != nil {
				names = append(names, prefix+m.Name)
			} else if err := walk(m.Group, prefix+m.Name+"/"); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(g, ""); err != nil {
		return "", err
	}
	return pickOne(path, names)
}

func pickOne(path string, names []string) (string, error) {
	switch len(names) {
	case 1:
		return names[0], nil
	case 0:
		return "", fmt.Errorf("%s holds no array", path)
	}
	sort.Strings(names)
	if len(names) > 8 {
		names = append(names[:8], "…")
	}
	return "", fmt.Errorf("%s holds several arrays (%s); choose one with --array", path, strings.Join(names, ", "))
}

// Output formats.
var outFormats = []string{"zarr2", "zarr3", "hdf5", "npy"}

// Codecs the CLI offers, by --codec name.
var codecs = []string{"none", "zlib", "gzip", "lz4", "zstd", "blosc-lz4", "blosc-zstd"}

// parseInts parses "100,100" into one positive int per axis of an
// ndim-dimensional array.
func parseInts(flag, s string, ndim int) ([]int, error) {
	parts := strings.Split(s, ",")
	if len(parts) != ndim {
		return nil, fmt.Errorf("--%s %q: want %d comma-separated sizes, one per axis", flag, s, ndim)
	}
	out := make([]int, ndim)
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("--%s %q: %q is not a positive integer", flag, s, p)
		}
		out[i] = n
	}
	return out, nil
}

// writeOptions are the flags shared by import and convert.
type writeOptions struct {
	format, name, chunks, codec, shard string
	overwrite, resume                  bool
	memory                             string // --memory-limit
}

func (o *writeOptions) check() error {
	if !contains(outFormats, o.format) {
		return fmt.Errorf("unknown --format %q (want one of %s)", o.format, strings.Join(outFormats, ", "))
	}
	if !contains(codecs, codecBase(o.codec)) {
		return fmt.Errorf("unknown --codec %q (want one of %s, a blosc one optionally with -shuffle, -noshuffle or -bitshuffle, any with :LEVEL)", o.codec, strings.Join(codecs, ", "))
	}
	switch {
	case o.format == "hdf5" && !contains([]string{"none", "zlib", "gzip"}, o.codec):
		return fmt.Errorf("--codec %s is not available for hdf5 (use none, gzip or zlib)", o.codec)
	case o.format == "zarr3" && codecBase(o.codec) == "lz4":
		return fmt.Errorf("--codec lz4 is numcodecs' LZ4, a Zarr v2 compressor; for zarr3 use blosc-lz4")
	case o.format == "npy" && o.codec != "none":
		return fmt.Errorf("--codec %s: .npy files are not compressed", o.codec)
	case o.shard != "" && o.format != "zarr3":
		return fmt.Errorf("--shard is for --format zarr3 only")
	case o.resume && (o.format != "zarr2" && o.format != "zarr3" || o.name != ""):
		return fmt.Errorf("--resume continues a Zarr array written at the root of DST (no array name)")
	}
	return nil
}

// codecBase is a --codec name without its level (":5") and, for blosc,
// its shuffle ("-bitshuffle"): the Zarr stores parse both.
func codecBase(c string) string {
	c, _, _ = strings.Cut(c, ":")
	if strings.HasPrefix(c, "blosc") {
		for _, s := range []string{"-noshuffle", "-bitshuffle", "-shuffle"} {
			c = strings.TrimSuffix(c, s)
		}
	}
	return c
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// write stores x at dst in the format of o, with a progress bar on a
// terminal.
func write(ctx context.Context, x *array.Array, srcChunks []int, dst string, o *writeOptions) error {
	if err := o.check(); err != nil {
		return err
	}
	chunks := srcChunks
	if o.chunks != "" {
		var err error
		if chunks, err = parseInts("chunks", o.chunks, x.NDim()); err != nil {
			return err
		}
	}
	for i := range chunks {
		chunks[i] = max(min(chunks[i], x.Shape()[i]), 1)
	}
	opts, err := withMemoryLimit(o.memory, progress(x))
	if err != nil {
		return err
	}
	switch o.format {
	case "npy":
		if x.NDim() > 0 && x.Size() > 0 {
			x = x.Rechunk(chunk.Regular(chunks...))
		}
		return x.ToNPY(ctx, dst, opts...)
	case "hdf5":
		name := o.name
		if name == "" {
			name = "data"
		}
		return toHDF5(ctx, x, dst, name, chunks, o.codec != "none", opts...)
	}
	co := zarr.CreateOptions{Format: 2, Chunks: chunks, Codec: o.codec, Overwrite: o.overwrite}
	if o.codec == "none" {
		co.Codec = ""
	}
	if o.format == "zarr3" {
		co.Format = 3
		if o.shard != "" {
			shard, err := parseInts("shard", o.shard, x.NDim())
			if err != nil {
				return err
			}
			// --shard counts inner chunks per shard along each axis.
			co.Shard = make([]int, len(shard))
			for i := range shard {
				co.Shard[i] = shard[i] * chunks[i]
			}
		}
	}
	co.DType, co.Shape = x.DType(), x.Shape()
	if o.resume {
		return x.ToZarr(ctx, dst, co, append(opts, array.WithResume())...)
	}
	s, err := kv.Open(dst)
	if err != nil {
		return err
	}
	if _, ok := s.(*kv.Dir); ok {
		if err := os.MkdirAll(dst, 0o755); err != nil {
			return err
		}
	}
	z, err := zarr.Create(ctx, s, o.name, co)
	if err != nil {
		return err
	}
	return x.Store(ctx, store.Writer(z), opts...)
}
