package codec

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/chunkwise/chunkwise/internal/testcorpus"
)

// fixture is one (array, codec config, encoded bytes) triple.
type fixture struct {
	name    string // e.g. "blosc/codec.05/encoded.03"
	config  map[string]any
	raw     []byte // the .npy data section
	encoded []byte
}

// npyData returns the data section of a .npy file.
func npyData(b []byte) ([]byte, error) {
	if len(b) < 10 || string(b[:6]) != "\x93NUMPY" {
		return nil, errors.New("not a .npy file")
	}
	var hlen, off int
	switch b[6] {
	case 1:
		hlen, off = int(binary.LittleEndian.Uint16(b[8:])), 10
	case 2, 3:
		if len(b) < 12 {
			return nil, errors.New("short .npy header")
		}
		hlen, off = int(binary.LittleEndian.Uint32(b[8:])), 12
	default:
		return nil, fmt.Errorf(".npy version %d", b[6])
	}
	if off+hlen > len(b) {
		return nil, errors.New("short .npy header")
	}
	return b[off+hlen:], nil
}

// loadFixtures reads every fixture of the given codec folders. It skips
// the test when the fixtures are not present.
func loadFixtures(tb testing.TB, folders ...string) []fixture {
	tb.Helper()
	// numcodecs' golden fixtures (see their README.md).
	fixturesDir := testcorpus.Path(tb, "numcodecs-fixtures")
	var out []fixture
	for _, folder := range folders {
		configs, err := filepath.Glob(filepath.Join(fixturesDir, folder, "codec.*", "config.json"))
		if err != nil {
			tb.Fatal(err)
		}
		sort.Strings(configs)
		for _, cfgPath := range configs {
			cfgBytes, err := os.ReadFile(cfgPath)
			if err != nil {
				tb.Fatal(err)
			}
			var cfg map[string]any
			if err := json.Unmarshal(cfgBytes, &cfg); err != nil {
				tb.Fatalf("%s: %v", cfgPath, err)
			}
			encs, _ := filepath.Glob(filepath.Join(filepath.Dir(cfgPath), "encoded.*.dat"))
			sort.Strings(encs)
			for _, encPath := range encs {
				nn := filepath.Base(encPath)[len("encoded.") : len("encoded.")+2]
				npy, err := os.ReadFile(filepath.Join(fixturesDir, folder, "array."+nn+".npy"))
				if err != nil {
					tb.Fatal(err)
				}
				raw, err := npyData(npy)
				if err != nil {
					tb.Fatalf("array.%s.npy: %v", nn, err)
				}
				enc, err := os.ReadFile(encPath)
				if err != nil {
					tb.Fatal(err)
				}
				rel, _ := filepath.Rel(fixturesDir, encPath)
				out = append(out, fixture{name: rel, config: cfg, raw: raw, encoded: enc})
			}
		}
	}
	if len(out) == 0 {
		tb.Fatalf("no fixtures found under %s", fixturesDir)
	}
	return out
}

// TestNumcodecsFixtures decodes every numcodecs golden fixture for the
// codecs of this package and compares with the array bytes, then checks
// that re-encoding with the same configuration round-trips.
func TestNumcodecsFixtures(t *testing.T) {
	fixtures := loadFixtures(t, "blosc", "lz4", "zstd", "zlib", "gzip")
	counts := map[string]int{}
	for _, f := range fixtures {
		c, err := Lookup("", f.config)
		if err != nil {
			t.Errorf("%s: Lookup(%v): %v", f.name, f.config, err)
			continue
		}
		got, err := c.Decode(f.encoded)
		if err != nil {
			t.Errorf("%s: Decode: %v", f.name, err)
			continue
		}
		if !bytes.Equal(got, f.raw) {
			t.Errorf("%s: decoded %d bytes differ from the %d array bytes", f.name, len(got), len(f.raw))
			continue
		}
		// DecodeTo into a buffer of exactly the right size reuses it.
		buf := make([]byte, len(f.raw))
		got2, err := c.(DecoderTo).DecodeTo(buf, f.encoded)
		if err != nil || !bytes.Equal(got2, f.raw) || (len(buf) > 0 && &got2[0] != &buf[0]) {
			t.Errorf("%s: DecodeTo: err %v, equal %v", f.name, err, bytes.Equal(got2, f.raw))
		}
		enc, err := c.Encode(f.raw)
		if err != nil {
			t.Errorf("%s: Encode: %v", f.name, err)
			continue
		}
		back, err := c.Decode(enc)
		if err != nil || !bytes.Equal(back, f.raw) {
			t.Errorf("%s: re-encoded round trip: err %v", f.name, err)
		}
		counts[filepath.Dir(filepath.Dir(f.name))]++
	}
	t.Logf("decoded fixtures per codec: %v", counts)
}

// TestShuffleFixtures checks the byte shuffle against numcodecs' Shuffle
// codec fixtures, which use the same transposition.
func TestShuffleFixtures(t *testing.T) {
	for _, f := range loadFixtures(t, "shuffle") {
		es, _ := toInt(f.config["elementsize"])
		if es <= 1 {
			if !bytes.Equal(f.encoded, f.raw) {
				t.Errorf("%s: elementsize %d should be the identity", f.name, es)
			}
			continue
		}
		got := make([]byte, len(f.raw))
		ShuffleBytes(got, f.raw, es)
		if !bytes.Equal(got, f.encoded) {
			t.Errorf("%s: shuffle differs from numcodecs", f.name)
		}
		back := make([]byte, len(f.raw))
		UnshuffleBytes(back, f.encoded, es)
		if !bytes.Equal(back, f.raw) {
			t.Errorf("%s: unshuffle differs", f.name)
		}
	}
}
