package codec

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Lookup returns the codec that numcodecs' get_codec builds from the
// JSON configuration config, whose "id" key names the codec. id, when not
// empty, is used instead of config["id"]. Missing keys take numcodecs'
// defaults; unknown keys are an error, so that a misspelt parameter is
// not silently dropped. Numbers may be any Go numeric type, as decoded
// by encoding/json (float64) or written in code.
//
// Accepted ids and keys:
//
//	blosc  cname, clevel, shuffle, blocksize, typesize
//	zlib   level
//	gzip   level
//	lz4    acceleration
//	zstd   level, checksum
//	shuffle elementsize
//
// Blosc's shuffle is an integer (-1, 0, 1, 2) or a zarr v3 name
// ("noshuffle", "shuffle", "bitshuffle"); typesize defaults to 1, which
// is what numcodecs uses for an untyped buffer: a caller that knows the
// array's dtype should pass its item size.
func Lookup(id string, config map[string]any) (Codec, error) {
	if id == "" {
		v, ok := config["id"]
		if !ok {
			return nil, fmt.Errorf("codec: configuration has no \"id\"")
		}
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("codec: \"id\" is %T, not a string", v)
		}
		id = s
	}
	p := params{id: id, config: config}
	var c Codec
	switch id {
	case "blosc":
		cname := p.str("cname", "lz4")
		clevel := p.int("clevel", 5)
		shuffle := p.shuffle("shuffle", ByteShuffle)
		blocksize := p.int("blocksize", 0)
		typesize := p.int("typesize", 1)
		if p.err == nil {
			c, p.err = Blosc(cname, clevel, shuffle, typesize, blocksize)
		}
	case "zlib":
		c = Zlib(p.int("level", 1))
	case "gzip":
		c = Gzip(p.int("level", 1))
	case "lz4":
		c = LZ4(p.int("acceleration", 1))
	case "shuffle":
		c = NewShuffle(p.int("elementsize", 4))
	case "zstd":
		level := p.int("level", 0)
		if p.bool("checksum", false) {
			c = ZstdChecksum(level)
		} else {
			c = Zstd(level)
		}
	default:
		return nil, fmt.Errorf("codec: unknown codec id %q; want one of blosc, gzip, lz4, shuffle, zlib, zstd", id)
	}
	if p.err == nil {
		p.checkUnused()
	}
	if p.err != nil {
		return nil, p.err
	}
	return c, nil
}

// Config returns numcodecs' JSON configuration of c, as its get_config
// writes it, ready for a Zarr v2 ".zarray" "compressor" entry. It returns
// nil for a codec not from this package.
//
// Blosc's typesize is not part of numcodecs' configuration (numcodecs
// takes it from the array), so it is left out; zstd's "checksum" is
// written only when true, which numcodecs before 0.13 does not accept.
func Config(c Codec) map[string]any {
	switch c := c.(type) {
	case *BloscCodec:
		return map[string]any{"id": "blosc", "cname": c.cname, "clevel": c.clevel,
			"shuffle": int(c.shuffle), "blocksize": c.blocksize}
	case *ZlibCodec:
		return map[string]any{"id": "zlib", "level": c.level}
	case *GzipCodec:
		return map[string]any{"id": "gzip", "level": c.level}
	case *LZ4Codec:
		return map[string]any{"id": "lz4", "acceleration": c.acceleration}
	case *ShuffleCodec:
		return map[string]any{"id": "shuffle", "elementsize": c.elementsize}
	case *ZstdCodec:
		m := map[string]any{"id": "zstd", "level": c.level}
		if c.checksum {
			m["checksum"] = true
		}
		return m
	}
	return nil
}

// params reads typed values from a configuration, keeping the first error.
type params struct {
	id     string
	config map[string]any
	used   []string
	err    error
}

func (p *params) get(key string) (any, bool) {
	p.used = append(p.used, key)
	v, ok := p.config[key]
	if !ok || v == nil {
		return nil, false
	}
	return v, true
}

func (p *params) fail(key string, v any, want string) {
	if p.err == nil {
		p.err = fmt.Errorf("codec: %s: %q is %v (%T), want %s", p.id, key, v, v, want)
	}
}

func (p *params) int(key string, def int) int {
	v, ok := p.get(key)
	if !ok {
		return def
	}
	if n, ok := toInt(v); ok {
		return n
	}
	p.fail(key, v, "an integer")
	return def
}

func (p *params) str(key, def string) string {
	v, ok := p.get(key)
	if !ok {
		return def
	}
	if s, ok := v.(string); ok {
		return s
	}
	p.fail(key, v, "a string")
	return def
}

func (p *params) bool(key string, def bool) bool {
	v, ok := p.get(key)
	if !ok {
		return def
	}
	if b, ok := v.(bool); ok {
		return b
	}
	p.fail(key, v, "a boolean")
	return def
}

func (p *params) shuffle(key string, def Shuffle) Shuffle {
	v, ok := p.get(key)
	if !ok {
		return def
	}
	if s, ok := v.(string); ok {
		for _, sh := range []Shuffle{NoShuffle, ByteShuffle, BitShuffle, AutoShuffle} {
			if s == sh.String() {
				return sh
			}
		}
	} else if n, ok := toInt(v); ok && n >= -1 && n <= 2 {
		return Shuffle(n)
	}
	p.fail(key, v, `-1, 0, 1, 2, "noshuffle", "shuffle" or "bitshuffle"`)
	return def
}

// checkUnused fails on keys other than "id" that no reader asked for.
func (p *params) checkUnused() {
	var extra []string
	for k := range p.config {
		if k == "id" {
			continue
		}
		found := false
		for _, u := range p.used {
			if u == k {
				found = true
				break
			}
		}
		if !found {
			extra = append(extra, k)
		}
	}
	if len(extra) > 0 {
		sort.Strings(extra)
		p.err = fmt.Errorf("codec: %s: unknown parameter(s) %s", p.id, strings.Join(extra, ", "))
	}
}

// toInt converts an integral number of any Go numeric type.
func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int8:
		return int(n), true
	case int16:
		return int(n), true
	case int32:
		return int(n), true
	case int64:
		return int(n), n == int64(int(n))
	case uint8:
		return int(n), true
	case uint16:
		return int(n), true
	case uint32:
		return int(n), true
	case uint64:
		return int(n), n <= math.MaxInt
	case float32:
		return int(n), float32(int(n)) == n
	case float64:
		return int(n), n == math.Trunc(n) && math.Abs(n) < 1<<53
	case interface{ Int64() (int64, error) }: // json.Number
		i, err := n.Int64()
		return int(i), err == nil
	}
	return 0, false
}
