package zarr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/codec"
)

// arrayMeta is the parsed metadata of a v2 or v3 array.
type arrayMeta struct {
	format int
	dtype  chunk.DType
	shape  []int
	grid   []int // chunk shape of the chunk grid (the shard shape when sharded)
	fill   []byte
	pipe   pipeline   // codecs of each stored (inner) chunk
	shard  *shardSpec // nil unless sharding_indexed
	key    keyEncoding
	codecs []any // the codec entries of the metadata, for Codecs
	attrs  map[string]any
}

// shardSpec is a sharding_indexed codec.
type shardSpec struct {
	inner    []int // inner chunk shape
	perShard []int // inner chunks per shard along each axis
	atStart  bool  // index before the chunks
	indexBig bool  // index integers big-endian
	indexCRC bool  // index followed by its crc32c
}

// n returns the number of inner chunks of a shard.
func (s *shardSpec) n() int { return chunk.Prod(s.perShard) }

// indexSize returns the encoded size of a shard index.
func (s *shardSpec) indexSize() int {
	n := 16 * s.n()
	if s.indexCRC {
		n += 4
	}
	return n
}

// keyEncoding names chunks: v2 style "1.2" or default "c/1/2".
type keyEncoding struct {
	v2  bool
	sep string
}

// key returns the store key of the chunk at grid index idx of the array at
// path.
func (k keyEncoding) key(path string, idx []int) string {
	var b strings.Builder
	if path != "" {
		b.WriteString(path)
		b.WriteByte('/')
	}
	if k.v2 {
		if len(idx) == 0 {
			b.WriteByte('0')
		}
		for i, x := range idx {
			if i > 0 {
				b.WriteString(k.sep)
			}
			b.WriteString(strconv.Itoa(x))
		}
		return b.String()
	}
	b.WriteByte('c')
	for _, x := range idx {
		b.WriteString(k.sep)
		b.WriteString(strconv.Itoa(x))
	}
	return b.String()
}

// Limits that keep hostile metadata from overflowing index math or
// allocating absurd buffers.
const (
	maxDims     = 32
	maxElements = 1 << 53
)

// checkShape validates a shape and a chunk shape of the same length.
func checkShape(shape, chunks []int, es int) error {
	if len(shape) != len(chunks) {
		return fmt.Errorf("%w: shape %v and chunks %v differ in length", ErrCorrupt, shape, chunks)
	}
	if len(shape) > maxDims {
		return fmt.Errorf("%w: %d dimensions (at most %d)", ErrUnsupported, len(shape), maxDims)
	}
	total, cn := 1.0, 1.0
	for i := range shape {
		if shape[i] < 0 {
			return fmt.Errorf("%w: negative shape %v", ErrCorrupt, shape)
		}
		if chunks[i] <= 0 {
			return fmt.Errorf("%w: chunk shape %v has a non-positive size", ErrCorrupt, chunks)
		}
		total *= float64(shape[i])
		cn *= float64(chunks[i])
		// The chunk grid holds one entry per chunk of each axis.
		if k := (shape[i]-1)/chunks[i] + 1; k > store.MaxChunksPerAxis {
			return fmt.Errorf("%w: %d chunks along axis %d (at most %d)", ErrUnsupported, k, i, store.MaxChunksPerAxis)
		}
	}
	if total > maxElements {
		return fmt.Errorf("%w: shape %v is too large", ErrUnsupported, shape)
	}
	if cn*float64(es) > codec.MaxDecodedSize {
		return fmt.Errorf("%w: chunk shape %v is larger than %d bytes", ErrUnsupported, chunks, codec.MaxDecodedSize)
	}
	return nil
}

// v2Array is the JSON of a .zarray.
type v2Array struct {
	ZarrFormat         *int             `json:"zarr_format"`
	Shape              []int            `json:"shape"`
	Chunks             []int            `json:"chunks"`
	DType              json.RawMessage  `json:"dtype"`
	Compressor         map[string]any   `json:"compressor"`
	FillValue          json.RawMessage  `json:"fill_value"`
	Order              string           `json:"order"`
	Filters            []map[string]any `json:"filters"`
	DimensionSeparator string           `json:"dimension_separator"`
}

// formatOf returns the zarr_format of a metadata document, 0 if absent.
func formatOf(b []byte) int {
	var v struct {
		ZarrFormat json.RawMessage `json:"zarr_format"`
	}
	if json.Unmarshal(b, &v) != nil {
		return 0
	}
	n, err := strconv.Atoi(string(bytes.TrimSpace(v.ZarrFormat)))
	if err != nil {
		return -1
	}
	return n
}

// parseV2Metadata parses a .zarray document. Errors wrap ErrCorrupt or
// ErrUnsupported and name the offending field.
func parseV2Metadata(b []byte) (*arrayMeta, error) {
	var j v2Array
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("%w: .zarray: %v", ErrCorrupt, err)
	}
	if j.ZarrFormat == nil {
		return nil, fmt.Errorf("%w: .zarray has no zarr_format", ErrCorrupt)
	}
	if *j.ZarrFormat != 2 {
		return nil, fmt.Errorf("%w: zarr_format %d in .zarray", ErrUnsupported, *j.ZarrFormat)
	}
	m := &arrayMeta{format: 2, key: keyEncoding{v2: true, sep: "."}}
	var ds string
	if err := json.Unmarshal(j.DType, &ds); err != nil {
		return nil, fmt.Errorf("%w: structured or invalid dtype %s", ErrUnsupported, compact(j.DType))
	}
	dt, big, err := parseV2DType(ds)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	m.dtype, m.pipe.big = dt, big
	if j.Shape == nil || j.Chunks == nil {
		return nil, fmt.Errorf("%w: .zarray lacks shape or chunks", ErrCorrupt)
	}
	if err := checkShape(j.Shape, j.Chunks, dt.Size()); err != nil {
		return nil, err
	}
	m.shape, m.grid = j.Shape, j.Chunks
	switch j.Order {
	case "C":
	case "F":
		m.pipe.perm = reversed(len(m.shape))
	default:
		return nil, fmt.Errorf("%w: order %q", ErrCorrupt, j.Order)
	}
	switch j.DimensionSeparator {
	case "", ".":
	case "/":
		m.key.sep = "/"
	default:
		return nil, fmt.Errorf("%w: dimension_separator %q", ErrCorrupt, j.DimensionSeparator)
	}
	if m.fill, err = parseFill(j.FillValue, dt, false); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	for _, f := range j.Filters {
		c, err := v2Filter(f)
		if err != nil {
			return nil, err
		}
		m.pipe.bb = append(m.pipe.bb, c)
		m.codecs = append(m.codecs, f)
	}
	if j.Compressor != nil {
		cfg := make(map[string]any, len(j.Compressor)+1)
		for k, v := range j.Compressor {
			cfg[k] = v
		}
		if cfg["id"] == "blosc" {
			if _, ok := cfg["typesize"]; !ok {
				cfg["typesize"] = dt.Size()
			}
		}
		c, err := codec.Lookup("", cfg)
		if err != nil {
			return nil, fmt.Errorf("%w: compressor %s: %v", ErrUnsupported, compactAny(j.Compressor), err)
		}
		m.pipe.bb = append(m.pipe.bb, c)
		m.codecs = append(m.codecs, j.Compressor)
	}
	return m, nil
}

// v3Node is the JSON of a zarr.json.
type v3Node struct {
	ZarrFormat *int            `json:"zarr_format"`
	NodeType   string          `json:"node_type"`
	Shape      []int           `json:"shape"`
	DataType   json.RawMessage `json:"data_type"`
	ChunkGrid  struct {
		Name          string `json:"name"`
		Configuration struct {
			ChunkShape []int `json:"chunk_shape"`
		} `json:"configuration"`
	} `json:"chunk_grid"`
	ChunkKeyEncoding struct {
		Name          string `json:"name"`
		Configuration struct {
			Separator *string `json:"separator"`
		} `json:"configuration"`
	} `json:"chunk_key_encoding"`
	FillValue           json.RawMessage   `json:"fill_value"`
	Codecs              []json.RawMessage `json:"codecs"`
	Attributes          map[string]any    `json:"attributes"`
	StorageTransformers []any             `json:"storage_transformers"`
	DimensionNames      []any             `json:"dimension_names"`
}

// v3ArrayFields and v3GroupFields are the fields of a zarr.json that the
// v3 core spec defines (and, for groups, zarr-python's
// consolidated_metadata, which only lists what the group holds).
var (
	v3ArrayFields = []string{"zarr_format", "node_type", "shape", "data_type", "chunk_grid",
		"chunk_key_encoding", "fill_value", "codecs", "attributes", "storage_transformers", "dimension_names"}
	v3GroupFields = []string{"zarr_format", "node_type", "attributes", "consolidated_metadata"}
)

// checkV3Fields enforces the v3 core spec's rule for fields an
// implementation does not know: it must refuse the document, unless the
// field is an object holding "must_understand": false.
func checkV3Fields(b []byte, known []string) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return fmt.Errorf("%w: zarr.json: %v", ErrCorrupt, err)
	}
	var unknown []string
	for k, v := range fields {
		if slices.Contains(known, k) {
			continue
		}
		var ext struct {
			MustUnderstand *bool `json:"must_understand"`
		}
		if json.Unmarshal(v, &ext) == nil && ext.MustUnderstand != nil && !*ext.MustUnderstand {
			continue
		}
		unknown = append(unknown, strconv.Quote(k))
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return fmt.Errorf("%w: zarr.json has field(s) %s that this reader does not know and that are not marked \"must_understand\": false", ErrUnsupported, strings.Join(unknown, ", "))
	}
	return nil
}

// v3Codec is one entry of a codecs list.
type v3Codec struct {
	Name          string
	Configuration map[string]any
	raw           any
}

// onlyKeys refuses configuration keys the codecs this package builds
// itself do not define (gzip, zstd and blosc are checked by
// codec.Lookup), so that a misspelt or newer parameter is not ignored.
func (c v3Codec) onlyKeys() error {
	allowed := map[string][]string{"bytes": {"endian"}, "transpose": {"order"}, "crc32c": {}}
	keys, ok := allowed[c.Name]
	if !ok {
		return nil
	}
	for k := range c.Configuration {
		if !slices.Contains(keys, k) {
			return fmt.Errorf("%w: codec %s has an unknown configuration key %q", ErrUnsupported, c.Name, k)
		}
	}
	return nil
}

func parseV3Codecs(raws []json.RawMessage) ([]v3Codec, error) {
	out := make([]v3Codec, 0, len(raws))
	for _, r := range raws {
		var c v3Codec
		if err := json.Unmarshal(r, &c.Name); err == nil {
			c.raw = c.Name
		} else {
			var j struct {
				Name          string         `json:"name"`
				Configuration map[string]any `json:"configuration"`
			}
			if err := json.Unmarshal(r, &j); err != nil || j.Name == "" {
				return nil, fmt.Errorf("%w: codec %s", ErrCorrupt, compact(r))
			}
			c.Name, c.Configuration = j.Name, j.Configuration
			json.Unmarshal(r, &c.raw)
		}
		out = append(out, c)
	}
	return out, nil
}

// parseV3Metadata parses a zarr.json document of an array. Errors wrap
// ErrCorrupt or ErrUnsupported and name the offending field.
func parseV3Metadata(b []byte) (*arrayMeta, error) {
	var j v3Node
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("%w: zarr.json: %v", ErrCorrupt, err)
	}
	if j.ZarrFormat == nil {
		return nil, fmt.Errorf("%w: zarr.json has no zarr_format", ErrCorrupt)
	}
	if *j.ZarrFormat != 3 {
		return nil, fmt.Errorf("%w: zarr_format %d in zarr.json", ErrUnsupported, *j.ZarrFormat)
	}
	if j.NodeType != "array" {
		return nil, fmt.Errorf("%w: node_type %q, not an array", ErrCorrupt, j.NodeType)
	}
	if err := checkV3Fields(b, v3ArrayFields); err != nil {
		return nil, err
	}
	m := &arrayMeta{format: 3, attrs: j.Attributes}
	var name string
	if err := json.Unmarshal(j.DataType, &name); err != nil {
		return nil, fmt.Errorf("%w: data_type %s", ErrUnsupported, compact(j.DataType))
	}
	dt, ok := v3Names[name]
	if !ok {
		return nil, fmt.Errorf("%w: data_type %q", ErrUnsupported, name)
	}
	m.dtype = dt
	if j.ChunkGrid.Name != "regular" {
		return nil, fmt.Errorf("%w: chunk_grid %q", ErrUnsupported, j.ChunkGrid.Name)
	}
	if j.Shape == nil || j.ChunkGrid.Configuration.ChunkShape == nil {
		return nil, fmt.Errorf("%w: zarr.json lacks shape or chunk_shape", ErrCorrupt)
	}
	m.shape, m.grid = j.Shape, j.ChunkGrid.Configuration.ChunkShape
	if len(m.shape) != len(m.grid) {
		return nil, fmt.Errorf("%w: shape %v and chunk_shape %v differ in length", ErrCorrupt, m.shape, m.grid)
	}
	if err := checkShape(m.shape, m.grid, 1); err != nil {
		return nil, err
	}
	sep := j.ChunkKeyEncoding.Configuration.Separator
	switch j.ChunkKeyEncoding.Name {
	case "default":
		m.key = keyEncoding{sep: "/"}
	case "v2":
		m.key = keyEncoding{v2: true, sep: "."}
	default:
		return nil, fmt.Errorf("%w: chunk_key_encoding %q", ErrUnsupported, j.ChunkKeyEncoding.Name)
	}
	if sep != nil {
		if *sep != "." && *sep != "/" {
			return nil, fmt.Errorf("%w: chunk key separator %q", ErrCorrupt, *sep)
		}
		m.key.sep = *sep
	}
	if len(j.StorageTransformers) > 0 {
		return nil, fmt.Errorf("%w: storage_transformers", ErrUnsupported)
	}
	if j.DimensionNames != nil {
		if len(j.DimensionNames) != len(m.shape) {
			return nil, fmt.Errorf("%w: %d dimension_names for a %d-d array", ErrCorrupt, len(j.DimensionNames), len(m.shape))
		}
		for _, n := range j.DimensionNames {
			if _, ok := n.(string); !ok && n != nil {
				return nil, fmt.Errorf("%w: dimension name %v is neither a string nor null", ErrCorrupt, n)
			}
		}
	}
	var err error
	if m.fill, err = parseFill(j.FillValue, dt, true); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	cs, err := parseV3Codecs(j.Codecs)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		m.codecs = append(m.codecs, c.raw)
	}
	if len(cs) > 0 && cs[0].Name == "sharding_indexed" {
		if err := m.parseSharding(cs[0].Configuration); err != nil {
			return nil, err
		}
		if len(cs) > 1 {
			return nil, fmt.Errorf("%w: codec %q after sharding_indexed", ErrUnsupported, cs[1].Name)
		}
		return m, nil
	}
	if err := checkShape(m.shape, m.grid, dt.Size()); err != nil {
		return nil, err
	}
	if m.pipe, err = v3Pipeline(cs, dt, len(m.shape)); err != nil {
		return nil, err
	}
	return m, nil
}

// parseSharding reads the configuration of a sharding_indexed codec.
func (m *arrayMeta) parseSharding(cfg map[string]any) error {
	s := &shardSpec{}
	raw, _ := json.Marshal(cfg)
	var j struct {
		ChunkShape    []int             `json:"chunk_shape"`
		Codecs        []json.RawMessage `json:"codecs"`
		IndexCodecs   []json.RawMessage `json:"index_codecs"`
		IndexLocation *string           `json:"index_location"`
	}
	if err := json.Unmarshal(raw, &j); err != nil {
		return fmt.Errorf("%w: sharding_indexed configuration: %v", ErrCorrupt, err)
	}
	if len(j.ChunkShape) != len(m.shape) {
		return fmt.Errorf("%w: sharding_indexed chunk_shape %v for a %d-d array", ErrCorrupt, j.ChunkShape, len(m.shape))
	}
	if err := checkShape(m.shape, j.ChunkShape, m.dtype.Size()); err != nil {
		return err
	}
	s.inner = j.ChunkShape
	s.perShard = make([]int, len(s.inner))
	nInner := 1.0
	for i := range s.inner {
		if m.grid[i]%s.inner[i] != 0 {
			return fmt.Errorf("%w: shard shape %v is not a multiple of the inner chunk shape %v", ErrCorrupt, m.grid, s.inner)
		}
		s.perShard[i] = m.grid[i] / s.inner[i]
		nInner *= float64(s.perShard[i])
	}
	if nInner > 1<<26 {
		return fmt.Errorf("%w: %v inner chunks per shard", ErrUnsupported, nInner)
	}
	if j.IndexLocation != nil {
		switch *j.IndexLocation {
		case "start":
			s.atStart = true
		case "end":
		default:
			return fmt.Errorf("%w: sharding index_location %q", ErrCorrupt, *j.IndexLocation)
		}
	}
	cs, err := parseV3Codecs(j.Codecs)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.Name == "sharding_indexed" {
			return fmt.Errorf("%w: nested sharding_indexed", ErrUnsupported)
		}
	}
	if m.pipe, err = v3Pipeline(cs, m.dtype, len(m.shape)); err != nil {
		return err
	}
	ics, err := parseV3Codecs(j.IndexCodecs)
	if err != nil {
		return err
	}
	for i, c := range ics {
		switch {
		case c.Name == "bytes" && i == 0:
			if e, _ := c.Configuration["endian"].(string); e == "big" {
				s.indexBig = true
			}
		case c.Name == "crc32c" && i == 1 && len(ics) == 2:
			s.indexCRC = true
		default:
			return fmt.Errorf("%w: shard index codecs %v (want bytes, optionally followed by crc32c)", ErrUnsupported, names(ics))
		}
	}
	if len(ics) == 0 {
		return fmt.Errorf("%w: sharding_indexed without index_codecs", ErrCorrupt)
	}
	m.shard = s
	return nil
}

func names(cs []v3Codec) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

// v3Pipeline builds the pipeline of a v3 codec list without sharding.
func v3Pipeline(cs []v3Codec, dt chunk.DType, nd int) (pipeline, error) {
	var p pipeline
	stage := 0 // 0: array → array, 1: bytes → bytes
	for _, c := range cs {
		if err := c.onlyKeys(); err != nil {
			return p, err
		}
		switch c.Name {
		case "transpose":
			if stage != 0 {
				return p, fmt.Errorf("%w: transpose after the bytes codec", ErrCorrupt)
			}
			order, err := transposeOrder(c.Configuration["order"], nd)
			if err != nil {
				return p, err
			}
			if order == nil {
				continue
			}
			if p.perm == nil {
				p.perm = order
			} else {
				comp := make([]int, nd)
				for i, o := range order {
					comp[i] = p.perm[o]
				}
				p.perm = comp
			}
		case "bytes":
			if stage != 0 {
				return p, fmt.Errorf("%w: two array → bytes codecs", ErrCorrupt)
			}
			stage = 1
			switch e, _ := c.Configuration["endian"].(string); e {
			case "big":
				p.big = dt.Size() > 1
			case "little":
			case "":
				if dt.Size() > 1 {
					return p, fmt.Errorf("%w: bytes codec without endian for %v", ErrCorrupt, dt)
				}
			default:
				return p, fmt.Errorf("%w: bytes codec endian %q", ErrCorrupt, e)
			}
		case "sharding_indexed":
			return p, fmt.Errorf("%w: sharding_indexed after other codecs", ErrUnsupported)
		default:
			if stage != 1 {
				return p, fmt.Errorf("%w: codec %q before the bytes codec", ErrCorrupt, c.Name)
			}
			bc, err := v3BytesCodec(c, dt)
			if err != nil {
				return p, err
			}
			p.bb = append(p.bb, bc)
		}
	}
	if stage != 1 {
		return p, fmt.Errorf("%w: no array → bytes codec (bytes)", ErrCorrupt)
	}
	if isIdentity(p.perm) {
		p.perm = nil
	}
	return p, nil
}

// v3BytesCodec builds a v3 bytes → bytes codec.
func v3BytesCodec(c v3Codec, dt chunk.DType) (codec.Codec, error) {
	cfg := make(map[string]any, len(c.Configuration)+1)
	for k, v := range c.Configuration {
		cfg[k] = v
	}
	switch c.Name {
	case "crc32c":
		return crc32cCodec{}, nil
	case "gzip", "zstd", "blosc":
		if c.Name == "blosc" {
			if ts, ok := cfg["typesize"]; !ok || ts == nil {
				cfg["typesize"] = dt.Size()
			}
		}
		bc, err := codec.Lookup(c.Name, cfg)
		if err != nil {
			return nil, fmt.Errorf("%w: codec %s: %v", ErrUnsupported, c.Name, err)
		}
		return bc, nil
	}
	return nil, fmt.Errorf("%w: codec %q", ErrUnsupported, c.Name)
}

// transposeOrder parses a transpose codec's order: a permutation, or the
// legacy "C" / "F".
func transposeOrder(v any, nd int) ([]int, error) {
	switch o := v.(type) {
	case string:
		switch o {
		case "C":
			return nil, nil
		case "F":
			return reversed(nd), nil
		}
	case []any:
		if len(o) != nd {
			break
		}
		perm := make([]int, nd)
		seen := make([]bool, nd)
		for i, x := range o {
			f, ok := x.(float64)
			if !ok || f != math.Trunc(f) || f < 0 || int(f) >= nd || seen[int(f)] {
				return nil, fmt.Errorf("%w: transpose order %v", ErrCorrupt, v)
			}
			perm[i] = int(f)
			seen[int(f)] = true
		}
		return perm, nil
	}
	return nil, fmt.Errorf("%w: transpose order %v", ErrCorrupt, v)
}

func reversed(nd int) []int {
	p := make([]int, nd)
	for i := range p {
		p[i] = nd - 1 - i
	}
	return p
}

func isIdentity(p []int) bool {
	for i, x := range p {
		if x != i {
			return false
		}
	}
	return true
}

// compact shortens raw JSON for error messages.
func compact(b []byte) string {
	s := string(bytes.Join(bytes.Fields(b), nil))
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

func compactAny(v any) string {
	b, _ := json.Marshal(v)
	return compact(b)
}
