package zarr

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/codec"
)

// CreateOptions describe a new array for Create. The zero value of every
// field but DType, Shape and Chunks is a sensible default.
type CreateOptions struct {
	// Format is the Zarr format version, 2 or 3; 0 means 3.
	Format int
	// DType is the element type.
	DType chunk.DType
	// Shape is the array shape; Chunks the chunk shape (the inner chunk
	// shape when Shard is set). Both have one entry per axis.
	Shape, Chunks []int
	// Order is "C" (the default) or "F", the element order inside each
	// stored chunk. In v3 "F" is written as a transpose codec.
	Order string
	// FillValue is the value of missing chunks and of the padding of edge
	// chunks: nil (zero, or false), a Go bool, integer or float (NaN and
	// ±Inf allowed), or a string "NaN", "Infinity", "-Infinity" or, for
	// v3 floats, a "0x…" bit pattern. It must fit DType.
	FillValue any
	// Codec names the compressor: "" or "none", "zlib", "gzip", "lz4"
	// (v2 only), "zstd", "blosc" (lz4), "blosc-lz4", "blosc-lz4hc",
	// "blosc-zstd", "blosc-zlib" or "blosc-blosclz", a blosc name
	// optionally followed by "-noshuffle", "-shuffle" (the default) or
	// "-bitshuffle", and any name by ":LEVEL" (e.g. "zstd:5"). Defaults
	// are numcodecs': zlib and gzip level 1, zstd level 1, lz4
	// acceleration 1, blosc clevel 5.
	Codec string
	// Compressor, when not nil, is used instead of Codec: a codec from
	// store/codec (v3 accepts gzip, zstd and blosc).
	Compressor codec.Codec
	// Delta adds numcodecs' Delta filter before the compressor (v2 only,
	// numeric dtypes).
	Delta bool
	// BigEndian stores elements big-endian (">f8" in v2, the bytes
	// codec's endian "big" in v3).
	BigEndian bool
	// Separator is the chunk key separator, "." or "/"; "" means "." for
	// v2 and "/" for v3.
	Separator string
	// V2KeyEncoding selects the v2 chunk key encoding ("0.1") for a v3
	// array instead of the default ("c/0/1").
	V2KeyEncoding bool
	// Shard, v3 only, is the shard shape, a multiple of Chunks along each
	// axis; nil means no sharding.
	Shard []int
	// ShardIndexAtStart puts each shard's index before its chunks instead
	// of after them.
	ShardIndexAtStart bool
	// Checksum appends a crc32c codec to each (inner) chunk (v3 only).
	Checksum bool
	// Attributes are the array's user attributes.
	Attributes map[string]any
	// Overwrite replaces an existing array or group at the path, deleting
	// every key under it first. Without it, Create fails when the path
	// already holds a node.
	Overwrite bool
}

// Create writes the metadata of a new array at path in s ("" for the
// root), creating missing parent groups of the same format, and returns
// it open for writing. Chunks are written with WriteChunk; chunks never
// written read as the fill value. It returns an error naming the path and
// the option for invalid or unsupported options.
func Create(ctx context.Context, s store.Store, path string, opts CreateOptions) (*Array, error) {
	path, err := cleanPath(path)
	if err != nil {
		return nil, err
	}
	fail := func(format string, args ...any) (*Array, error) {
		return nil, fmt.Errorf("zarr: create %q: %s", path, fmt.Sprintf(format, args...))
	}
	if opts.Format == 0 {
		opts.Format = 3
	}
	if opts.Format != 2 && opts.Format != 3 {
		return fail("%v: Format %d (want 2 or 3)", ErrUnsupported, opts.Format)
	}
	dt := opts.DType
	if !dt.Valid() {
		return fail("invalid dtype %v", dt)
	}
	opts.Chunks = store.ChunksForShape(opts.Shape, opts.Chunks)
	if opts.Shard != nil {
		opts.Shard = store.ChunksForShape(opts.Shape, opts.Shard)
	}
	if err := checkShape(opts.Shape, opts.Chunks, dt.Size()); err != nil {
		return fail("%v", err)
	}
	if opts.BigEndian && dt.IsComplex() {
		return fail("%v: big-endian %v", ErrUnsupported, dt)
	}
	if opts.Order == "" {
		opts.Order = "C"
	}
	if opts.Order != "C" && opts.Order != "F" {
		return fail("order %q (want C or F)", opts.Order)
	}
	fill := make([]byte, dt.Size())
	if opts.FillValue != nil {
		if err := fillBytes(fill, opts.FillValue, dt, opts.Format == 3); err != nil {
			return fail("fill value %v for %v: %v", opts.FillValue, dt, err)
		}
	}
	cfg, err := compressorConfig(opts)
	if err != nil {
		return fail("%v", err)
	}
	if cfg != nil {
		// Check that the codec can be built, with the array's item size.
		if _, err := buildCodec(cfg, dt.Size()); err != nil {
			return fail("%v", err)
		}
	}
	sep := opts.Separator
	if sep != "" && sep != "." && sep != "/" {
		return fail("separator %q (want . or /)", sep)
	}
	var doc []byte
	var metaKey string
	switch opts.Format {
	case 2:
		if opts.Shard != nil || opts.Checksum || opts.V2KeyEncoding || opts.ShardIndexAtStart {
			return fail("%v: sharding, checksums and key encodings need Zarr v3", ErrUnsupported)
		}
		doc, err = v2Doc(opts, fill, cfg, sep)
		metaKey = ".zarray"
	case 3:
		if opts.Delta {
			return fail("%v: the delta filter is v2 only", ErrUnsupported)
		}
		doc, err = v3Doc(opts, fill, cfg, sep)
		metaKey = "zarr.json"
	}
	if err != nil {
		return fail("%v", err)
	}
	if err := prepareNode(ctx, s, path, opts.Format, opts.Overwrite); err != nil {
		return nil, err
	}
	if err := s.Set(ctx, join(path, metaKey), doc); err != nil {
		return nil, fmt.Errorf("zarr: create %q: %w", path, err)
	}
	if opts.Format == 2 && len(opts.Attributes) > 0 {
		b, err := marshal(opts.Attributes, "    ")
		if err != nil {
			return fail("attributes: %v", err)
		}
		if err := s.Set(ctx, join(path, ".zattrs"), b); err != nil {
			return nil, fmt.Errorf("zarr: create %q: %w", path, err)
		}
	}
	return Open(ctx, s, path)
}

// CreateGroup writes a group of the given format (2 or 3; 0 means 3) with
// attributes attrs at path in s, creating missing parent groups. An
// existing group at path is replaced only with overwrite.
func CreateGroup(ctx context.Context, s store.Store, path string, format int, attrs map[string]any, overwrite bool) (*Group, error) {
	path, err := cleanPath(path)
	if err != nil {
		return nil, err
	}
	if format == 0 {
		format = 3
	}
	if format != 2 && format != 3 {
		return nil, fmt.Errorf("zarr: create group %q: %w: format %d", path, ErrUnsupported, format)
	}
	if err := prepareNode(ctx, s, path, format, overwrite); err != nil {
		return nil, err
	}
	if err := writeGroup(ctx, s, path, format, attrs); err != nil {
		return nil, err
	}
	return OpenGroup(ctx, s, path)
}

func writeGroup(ctx context.Context, s store.Store, path string, format int, attrs map[string]any) error {
	var kvs []struct {
		key string
		doc any
	}
	if format == 2 {
		kvs = append(kvs, struct {
			key string
			doc any
		}{".zgroup", map[string]any{"zarr_format": 2}})
		if len(attrs) > 0 {
			kvs = append(kvs, struct {
				key string
				doc any
			}{".zattrs", attrs})
		}
	} else {
		if attrs == nil {
			attrs = map[string]any{}
		}
		kvs = append(kvs, struct {
			key string
			doc any
		}{"zarr.json", v3GroupDoc{ZarrFormat: 3, NodeType: "group", Attributes: attrs}})
	}
	for _, e := range kvs {
		indent := "    "
		if format == 3 {
			indent = "  "
		}
		b, err := marshal(e.doc, indent)
		if err != nil {
			return fmt.Errorf("zarr: group %q: %v", path, err)
		}
		if err := s.Set(ctx, join(path, e.key), b); err != nil {
			return fmt.Errorf("zarr: group %q: %w", path, err)
		}
	}
	return nil
}

type v3GroupDoc struct {
	ZarrFormat int            `json:"zarr_format"`
	NodeType   string         `json:"node_type"`
	Attributes map[string]any `json:"attributes"`
}

// prepareNode checks that path is free (or clears it with overwrite) and
// creates missing parent groups.
func prepareNode(ctx context.Context, s store.Store, path string, format int, overwrite bool) error {
	kind, err := nodeKind(ctx, s, path)
	if err != nil {
		return fmt.Errorf("zarr: create %q: %w", path, err)
	}
	if kind != "" {
		if !overwrite {
			return fmt.Errorf("zarr: create %q: an %s exists there (set Overwrite to replace it)", path, kind)
		}
		prefix := ""
		if path != "" {
			prefix = path + "/"
		}
		keys, err := s.List(ctx, prefix)
		if err != nil {
			return fmt.Errorf("zarr: create %q: %w", path, err)
		}
		for _, k := range keys {
			if err := s.Delete(ctx, k); err != nil {
				return fmt.Errorf("zarr: create %q: %w", path, err)
			}
		}
	}
	if path == "" {
		return nil
	}
	parts := strings.Split(path, "/")
	for i := range parts {
		parent := strings.Join(parts[:i], "/")
		kind, err := nodeKind(ctx, s, parent)
		if err != nil {
			return fmt.Errorf("zarr: create %q: %w", path, err)
		}
		switch kind {
		case "array":
			return fmt.Errorf("zarr: create %q: parent %q is an array", path, parent)
		case "":
			if err := writeGroup(ctx, s, parent, format, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// compressorConfig returns the numcodecs configuration of the compressor
// opts asks for, or nil for none.
func compressorConfig(opts CreateOptions) (map[string]any, error) {
	if opts.Compressor != nil {
		cfg := codec.Config(opts.Compressor)
		if cfg == nil {
			return nil, fmt.Errorf("%w: compressor %T is not a store/codec codec", ErrUnsupported, opts.Compressor)
		}
		return cfg, nil
	}
	name, level, hasLevel := opts.Codec, 0, false
	if n, l, ok := strings.Cut(name, ":"); ok {
		v, err := strconv.Atoi(l)
		if err != nil {
			return nil, fmt.Errorf("codec %q: bad level", opts.Codec)
		}
		name, level, hasLevel = n, v, true
	}
	lvl := func(def int) int {
		if hasLevel {
			return level
		}
		return def
	}
	switch name {
	case "", "none":
		if hasLevel {
			return nil, fmt.Errorf("codec %q: no level without a codec", opts.Codec)
		}
		return nil, nil
	case "zlib", "gzip":
		return map[string]any{"id": name, "level": lvl(1)}, nil
	case "zstd":
		return map[string]any{"id": "zstd", "level": lvl(1)}, nil
	case "lz4":
		return map[string]any{"id": "lz4", "acceleration": lvl(1)}, nil
	}
	if rest, ok := strings.CutPrefix(name, "blosc"); ok {
		cname, shuffle := "lz4", 1
		parts := strings.Split(strings.TrimPrefix(rest, "-"), "-")
		if rest != "" {
			if !strings.HasPrefix(rest, "-") || parts[0] == "" {
				return nil, fmt.Errorf("%w: codec %q", ErrUnsupported, opts.Codec)
			}
			cname = parts[0]
		}
		if len(parts) > 2 {
			return nil, fmt.Errorf("%w: codec %q", ErrUnsupported, opts.Codec)
		}
		if len(parts) == 2 {
			switch parts[1] {
			case "noshuffle":
				shuffle = 0
			case "shuffle":
				shuffle = 1
			case "bitshuffle":
				shuffle = 2
			default:
				return nil, fmt.Errorf("%w: codec %q: shuffle %q", ErrUnsupported, opts.Codec, parts[1])
			}
		}
		return map[string]any{"id": "blosc", "cname": cname, "clevel": lvl(5), "shuffle": shuffle, "blocksize": 0}, nil
	}
	return nil, fmt.Errorf("%w: codec %q", ErrUnsupported, opts.Codec)
}

// buildCodec builds the codec of a numcodecs configuration for elements
// of es bytes.
func buildCodec(cfg map[string]any, es int) (codec.Codec, error) {
	c := maps.Clone(cfg)
	if c["id"] == "blosc" {
		c["typesize"] = es
	}
	bc, err := codec.Lookup("", c)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	return bc, nil
}

// marshal encodes v as indented JSON without HTML escaping ("<f8" stays
// readable), as zarr-python writes metadata.
func marshal(v any, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// v2Doc returns the .zarray document.
func v2Doc(opts CreateOptions, fill []byte, cfg map[string]any, sep string) ([]byte, error) {
	dt := opts.DType
	doc := map[string]any{
		"zarr_format": 2,
		"shape":       nonNil(opts.Shape),
		"chunks":      nonNil(opts.Chunks),
		"dtype":       v2DTypeString(dt, opts.BigEndian),
		"fill_value":  fillJSON(fill, dt, false),
		"order":       opts.Order,
		"compressor":  nil,
		"filters":     nil,
	}
	if cfg != nil {
		doc["compressor"] = cfg
	}
	if sep == "/" {
		doc["dimension_separator"] = "/"
	}
	if opts.Delta {
		if dt == chunk.Bool {
			return nil, fmt.Errorf("%w: delta filter on bool", ErrUnsupported)
		}
		ds := v2DTypeString(dt, opts.BigEndian)
		doc["filters"] = []any{map[string]any{"id": "delta", "dtype": ds, "astype": ds}}
	}
	return marshal(doc, "    ")
}

func nonNil(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}

type v3Named struct {
	Name          string         `json:"name"`
	Configuration map[string]any `json:"configuration,omitempty"`
}

type v3ArrayDoc struct {
	ZarrFormat       int             `json:"zarr_format"`
	NodeType         string          `json:"node_type"`
	Shape            []int           `json:"shape"`
	DataType         string          `json:"data_type"`
	ChunkGrid        v3Named         `json:"chunk_grid"`
	ChunkKeyEncoding v3Named         `json:"chunk_key_encoding"`
	FillValue        json.RawMessage `json:"fill_value"`
	Codecs           []v3Named       `json:"codecs"`
	Attributes       map[string]any  `json:"attributes"`
}

// v3Doc returns the zarr.json document of an array.
func v3Doc(opts CreateOptions, fill []byte, cfg map[string]any, sep string) ([]byte, error) {
	dt := opts.DType
	nd := len(opts.Shape)
	var chunkCodecs []v3Named
	if opts.Order == "F" && nd > 1 {
		order := make([]any, nd)
		for i, p := range reversed(nd) {
			order[i] = p
		}
		chunkCodecs = append(chunkCodecs, v3Named{Name: "transpose", Configuration: map[string]any{"order": order}})
	}
	endian := "little"
	if opts.BigEndian && dt.Size() > 1 {
		endian = "big"
	}
	chunkCodecs = append(chunkCodecs, v3Named{Name: "bytes", Configuration: map[string]any{"endian": endian}})
	if cfg != nil {
		c, err := v3Compressor(cfg, dt.Size())
		if err != nil {
			return nil, err
		}
		chunkCodecs = append(chunkCodecs, c)
	}
	if opts.Checksum {
		chunkCodecs = append(chunkCodecs, v3Named{Name: "crc32c"})
	}
	grid := opts.Chunks
	codecs := chunkCodecs
	if opts.Shard != nil {
		if len(opts.Shard) != nd {
			return nil, fmt.Errorf("shard shape %v for a %d-d array", opts.Shard, nd)
		}
		for i := range opts.Shard {
			if opts.Shard[i] <= 0 || opts.Shard[i]%opts.Chunks[i] != 0 {
				return nil, fmt.Errorf("shard shape %v is not a multiple of the chunk shape %v", opts.Shard, opts.Chunks)
			}
		}
		if err := checkShape(opts.Shape, opts.Shard, 1); err != nil {
			return nil, err
		}
		loc := "end"
		if opts.ShardIndexAtStart {
			loc = "start"
		}
		grid = opts.Shard
		codecs = []v3Named{{Name: "sharding_indexed", Configuration: map[string]any{
			"chunk_shape": nonNil(opts.Chunks),
			"codecs":      chunkCodecs,
			"index_codecs": []v3Named{
				{Name: "bytes", Configuration: map[string]any{"endian": "little"}},
				{Name: "crc32c"},
			},
			"index_location": loc,
		}}}
	} else if opts.ShardIndexAtStart {
		return nil, fmt.Errorf("ShardIndexAtStart without Shard")
	}
	if sep == "" {
		sep = "/"
		if opts.V2KeyEncoding {
			sep = "."
		}
	}
	kenc := v3Named{Name: "default", Configuration: map[string]any{"separator": sep}}
	if opts.V2KeyEncoding {
		kenc.Name = "v2"
	}
	attrs := opts.Attributes
	if attrs == nil {
		attrs = map[string]any{}
	}
	doc := v3ArrayDoc{
		ZarrFormat:       3,
		NodeType:         "array",
		Shape:            nonNil(opts.Shape),
		DataType:         v3Name(dt),
		ChunkGrid:        v3Named{Name: "regular", Configuration: map[string]any{"chunk_shape": nonNil(grid)}},
		ChunkKeyEncoding: kenc,
		FillValue:        fillJSON(fill, dt, true),
		Codecs:           codecs,
		Attributes:       attrs,
	}
	return marshal(doc, "  ")
}

// v3Compressor converts a numcodecs configuration to a v3 codec entry.
func v3Compressor(cfg map[string]any, es int) (v3Named, error) {
	switch cfg["id"] {
	case "gzip":
		return v3Named{Name: "gzip", Configuration: map[string]any{"level": cfg["level"]}}, nil
	case "zstd":
		return v3Named{Name: "zstd", Configuration: map[string]any{"level": cfg["level"], "checksum": cfg["checksum"] == true}}, nil
	case "blosc":
		shuffle := "shuffle"
		if n, ok := cfg["shuffle"].(int); ok {
			switch n {
			case 0:
				shuffle = "noshuffle"
			case 2:
				shuffle = "bitshuffle"
			case 1:
			default:
				return v3Named{}, fmt.Errorf("%w: blosc shuffle %d in Zarr v3", ErrUnsupported, n)
			}
		}
		return v3Named{Name: "blosc", Configuration: map[string]any{
			"cname": cfg["cname"], "clevel": cfg["clevel"], "shuffle": shuffle,
			"typesize": es, "blocksize": cfg["blocksize"],
		}}, nil
	}
	return v3Named{}, fmt.Errorf("%w: codec %v in Zarr v3 (want gzip, zstd or blosc)", ErrUnsupported, cfg["id"])
}
