package zarr

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/store/kv"
)

// zarrJSON returns a valid zarr.json of an int32 array with the field
// changes applied (a nil value deletes the field).
func zarrJSON(t *testing.T, changes map[string]any) []byte {
	doc := map[string]any{
		"zarr_format":        3,
		"node_type":          "array",
		"shape":              []int{10, 6},
		"data_type":          "int32",
		"chunk_grid":         map[string]any{"name": "regular", "configuration": map[string]any{"chunk_shape": []int{5, 3}}},
		"chunk_key_encoding": map[string]any{"name": "default", "configuration": map[string]any{"separator": "/"}},
		"fill_value":         0,
		"codecs":             []any{map[string]any{"name": "bytes", "configuration": map[string]any{"endian": "little"}}},
		"attributes":         map[string]any{},
	}
	for k, v := range changes {
		if v == nil {
			delete(doc, k)
		} else {
			doc[k] = v
		}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func bytesCodec(cfg map[string]any) map[string]any {
	return map[string]any{"name": "bytes", "configuration": cfg}
}

var le = bytesCodec(map[string]any{"endian": "little"})

// TestV3CoreSpecMusts checks every rule of the Zarr v3 core spec that
// says an implementation must refuse metadata: each is a clear error
// naming what is wrong, and the valid variants open.
func TestV3CoreSpecMusts(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		changes map[string]any
		mention string // "" means the document is valid
		want    error
	}{
		{"valid", nil, "", nil},
		{"unknown field", map[string]any{"new_feature": map[string]any{"x": 1}}, `"new_feature"`, ErrUnsupported},
		{"unknown field must_understand true", map[string]any{"new_feature": map[string]any{"must_understand": true}}, `"new_feature"`, ErrUnsupported},
		{"unknown scalar field", map[string]any{"new_feature": 3}, `"new_feature"`, ErrUnsupported},
		{"unknown field must_understand false", map[string]any{"new_feature": map[string]any{"must_understand": false, "x": 1}}, "", nil},
		{"dimension_names", map[string]any{"dimension_names": []any{"y", nil}}, "", nil},
		{"dimension_names too few", map[string]any{"dimension_names": []any{"y"}}, "dimension_names", ErrCorrupt},
		{"dimension_names not strings", map[string]any{"dimension_names": []any{"y", 3}}, "dimension name", ErrCorrupt},
		{"unknown data type", map[string]any{"data_type": "int128"}, `"int128"`, ErrUnsupported},
		{"string data type", map[string]any{"data_type": "string"}, `"string"`, ErrUnsupported},
		{"data type extension object", map[string]any{"data_type": map[string]any{"name": "datetime64", "configuration": map[string]any{"unit": "s"}}}, "datetime64", ErrUnsupported},
		{"unknown codec", map[string]any{"codecs": []any{le, map[string]any{"name": "lzma"}}}, `"lzma"`, ErrUnsupported},
		{"codec with unknown configuration", map[string]any{"codecs": []any{le, map[string]any{"name": "gzip", "configuration": map[string]any{"level": 1, "window": 9}}}}, "window", ErrUnsupported},
		{"bytes codec unknown key", map[string]any{"codecs": []any{bytesCodec(map[string]any{"endian": "little", "order": "C"})}}, `"order"`, ErrUnsupported},
		{"bytes codec bad endian", map[string]any{"codecs": []any{bytesCodec(map[string]any{"endian": "middle"})}}, "middle", ErrCorrupt},
		{"bytes codec without endian", map[string]any{"codecs": []any{bytesCodec(map[string]any{})}}, "endian", ErrCorrupt},
		{"no array-to-bytes codec", map[string]any{"codecs": []any{map[string]any{"name": "gzip", "configuration": map[string]any{"level": 1}}}}, "bytes", ErrCorrupt},
		{"no codecs", map[string]any{"codecs": []any{}}, "bytes", ErrCorrupt},
		{"two array-to-bytes codecs", map[string]any{"codecs": []any{le, le}}, "two", ErrCorrupt},
		{"transpose after bytes", map[string]any{"codecs": []any{le, map[string]any{"name": "transpose", "configuration": map[string]any{"order": []int{1, 0}}}}}, "transpose", ErrCorrupt},
		{"transpose not a permutation", map[string]any{"codecs": []any{map[string]any{"name": "transpose", "configuration": map[string]any{"order": []int{0, 0}}}, le}}, "transpose", ErrCorrupt},
		{"unknown chunk grid", map[string]any{"chunk_grid": map[string]any{"name": "rectilinear", "configuration": map[string]any{}}}, `"rectilinear"`, ErrUnsupported},
		{"chunk shape of other rank", map[string]any{"chunk_grid": map[string]any{"name": "regular", "configuration": map[string]any{"chunk_shape": []int{5}}}}, "chunk_shape", ErrCorrupt},
		{"zero chunk size", map[string]any{"chunk_grid": map[string]any{"name": "regular", "configuration": map[string]any{"chunk_shape": []int{5, 0}}}}, "chunk shape", ErrCorrupt},
		{"no chunk grid", map[string]any{"chunk_grid": nil}, "chunk_grid", ErrUnsupported},
		{"unknown key encoding", map[string]any{"chunk_key_encoding": map[string]any{"name": "hashed"}}, `"hashed"`, ErrUnsupported},
		{"no key encoding", map[string]any{"chunk_key_encoding": nil}, "chunk_key_encoding", ErrUnsupported},
		{"bad separator", map[string]any{"chunk_key_encoding": map[string]any{"name": "default", "configuration": map[string]any{"separator": "-"}}}, `"-"`, ErrCorrupt},
		{"null fill value", map[string]any{"fill_value": nil}, "fill_value", ErrCorrupt},
		{"fractional fill for int", map[string]any{"fill_value": 1.5}, "fill_value", ErrCorrupt},
		{"fill out of range", map[string]any{"data_type": "uint8", "fill_value": 300}, "fill_value", ErrCorrupt},
		{"negative fill for unsigned", map[string]any{"data_type": "uint16", "fill_value": -1}, "fill_value", ErrCorrupt},
		{"NaN fill for int", map[string]any{"fill_value": "NaN"}, "fill_value", ErrCorrupt},
		{"bool fill for int", map[string]any{"fill_value": true}, "fill_value", ErrCorrupt},
		{"number fill for bool", map[string]any{"data_type": "bool", "fill_value": 1, "codecs": []any{bytesCodec(map[string]any{})}}, "fill_value", ErrCorrupt},
		{"bad hex fill", map[string]any{"data_type": "float32", "fill_value": "0x7fc0"}, "fill_value", ErrCorrupt},
		{"unknown string fill", map[string]any{"data_type": "float64", "fill_value": "nan"}, "fill_value", ErrCorrupt},
		{"hex fill", map[string]any{"data_type": "float32", "fill_value": "0x7fc00001"}, "", nil},
		{"storage transformer", map[string]any{"storage_transformers": []any{map[string]any{"name": "offset"}}}, "storage_transformers", ErrUnsupported},
		{"zarr_format 4", map[string]any{"zarr_format": 4}, "zarr_format 4", ErrUnsupported},
		{"negative shape", map[string]any{"shape": []int{-1, 6}}, "negative", ErrCorrupt},
		{"attributes not an object", map[string]any{"attributes": []int{1}}, "zarr.json", ErrCorrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := kv.NewMemory()
			s.Set(ctx, "a/zarr.json", zarrJSON(t, tc.changes))
			a, err := Open(ctx, s, "a")
			if tc.mention == "" {
				if err != nil {
					t.Fatalf("valid metadata refused: %v", err)
				}
				if _, err := a.ReadChunk(ctx, []int{0, 0}); err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatal("opened")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.mention) || !strings.Contains(msg, `"a"`) || !errors.Is(err, tc.want) {
				t.Fatalf("error %q: want %v naming %s and the array", msg, tc.want, tc.mention)
			}
			// As a node: the array's own error.
			if _, _, err2 := OpenNode(ctx, s, "a"); err2 == nil || err2.Error() != msg {
				t.Fatalf("OpenNode: %v, want %q", err2, msg)
			}
		})
	}
}

// TestV3GroupMustUnderstand applies the unknown-field rule to groups.
func TestV3GroupMustUnderstand(t *testing.T) {
	ctx := context.Background()
	for doc, ok := range map[string]bool{
		`{"zarr_format": 3, "node_type": "group", "attributes": {}}`:                                             true,
		`{"zarr_format": 3, "node_type": "group", "consolidated_metadata": null}`:                                true,
		`{"zarr_format": 3, "node_type": "group", "extra": {"must_understand": false}}`:                          true,
		`{"zarr_format": 3, "node_type": "group", "extra": {"must_understand": true}}`:                           false,
		`{"zarr_format": 3, "node_type": "group", "extra": 1}`:                                                   false,
		`{"zarr_format": 3, "node_type": "group", "attributes": {"extra": 1, "must_understand": "not checked"}}`: true,
	} {
		s := kv.NewMemory()
		s.Set(ctx, "zarr.json", []byte(doc))
		_, err := OpenGroup(ctx, s, "")
		if (err == nil) != ok || (err != nil && !strings.Contains(err.Error(), `"extra"`)) {
			t.Errorf("%s: %v", doc, err)
		}
	}
}
