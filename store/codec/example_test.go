package codec_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"

	"github.com/chunkwise/chunkwise/store/codec"
)

// A Zarr v2 reader builds the codec from the array's "compressor" entry.
func ExampleLookup() {
	var cfg map[string]any
	err := json.Unmarshal([]byte(`{"id":"blosc","cname":"lz4","clevel":5,"shuffle":1,"blocksize":0}`), &cfg)
	if err != nil {
		log.Fatal(err)
	}
	c, err := codec.Lookup("", cfg)
	if err != nil {
		log.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("chunkwise"), 1000)
	enc, err := c.Encode(chunk)
	if err != nil {
		log.Fatal(err)
	}
	dec, err := c.Decode(enc)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.Equal(dec, chunk), len(enc) < len(chunk))
	// Output: true true
}

// A Zarr writer serialises the codec it used.
func ExampleConfig() {
	c, err := codec.Blosc("zstd", 3, codec.BitShuffle, 8, 0)
	if err != nil {
		log.Fatal(err)
	}
	b, _ := json.Marshal(codec.Config(c))
	fmt.Println(string(b))
	// Output: {"blocksize":0,"clevel":3,"cname":"zstd","id":"blosc","shuffle":2}
}
