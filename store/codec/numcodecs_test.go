package codec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/internal/testcorpus"
)

// python is Debian's interpreter, where python3-numcodecs lives.
const python = testcorpus.Python

// requireNumcodecs skips the test when numcodecs is missing (fails it in
// CI).
func requireNumcodecs(t *testing.T) {
	t.Helper()
	testcorpus.RequirePython(t, "numcodecs", "numpy")
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}

// TestNumcodecsCrossCheck encodes data with this package and decodes it
// with numcodecs, and the other way round. For Blosc it also compares
// the frame header c-blosc writes (block size, split and shuffle flags)
// with this package's.
func TestNumcodecsCrossCheck(t *testing.T) {
	requireNumcodecs(t)
	dir := t.TempDir()
	type testCase struct {
		Name   string         `json:"name"`
		Config map[string]any `json:"config"`
		Dtype  string         `json:"dtype"`
		codec  Codec
		raw    []byte
	}
	dtypes := map[int]string{1: "u1", 2: "<u2", 3: "S3", 4: "<u4", 8: "<u8"}
	inputs := testInputs()
	var cases []*testCase
	add := func(name string, c Codec, typesize int, in []byte) {
		if len(in)%typesize != 0 {
			in = in[:len(in)/typesize*typesize]
		}
		if _, ok := c.(*BloscCodec); ok && len(in) == 0 {
			return // numcodecs' Blosc rejects an empty frame, even its own
		}
		cfg := Config(c)
		cases = append(cases, &testCase{Name: name, Config: cfg, Dtype: dtypes[typesize], codec: c, raw: in})
	}
	for _, iname := range []string{"smooth-4096", "ramp-1048579", "random-4096", "ramp-7", "ramp-0"} {
		in := inputs[iname]
		add("zlib1-"+iname, Zlib(1), 1, in)
		add("zlib9-"+iname, Zlib(9), 1, in)
		add("gzip5-"+iname, Gzip(5), 1, in)
		if len(in) > 0 { // numcodecs 0.11's LZ4 and Zstd reject their own empty encodings
			add("zstd1-"+iname, Zstd(1), 1, in)
			add("zstd9-"+iname, Zstd(9), 1, in)
			add("lz4-"+iname, LZ4(1), 1, in)
		}
		for _, cname := range bloscCnames {
			for _, sh := range []Shuffle{NoShuffle, ByteShuffle, BitShuffle, AutoShuffle} {
				for _, ts := range []int{1, 2, 3, 4, 8} {
					for _, clevel := range []int{0, 1, 5, 9} {
						for _, bs := range []int{0, 256, 100000} {
							// Every combination on 4 KiB; a cross-section on 1 MiB.
							if len(in) > 1<<16 && (clevel != 5 || ts == 2 || ts == 3 || bs != 0 && sh != ByteShuffle) {
								continue
							}
							c := mustBlosc(t, cname, clevel, sh, ts, bs)
							add(fmt.Sprintf("blosc-%s-%s-t%d-c%d-b%d-%s", cname, sh, ts, clevel, bs, iname), c, ts, in)
						}
					}
				}
			}
		}
	}
	for _, tc := range cases {
		enc, err := tc.codec.Encode(tc.raw)
		if err != nil {
			t.Fatalf("%s: %v", tc.Name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, tc.Name+".raw"), tc.raw, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, tc.Name+".go"), enc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	manifest, _ := json.Marshal(cases)
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, "testdata/crosscheck.py", dir).CombinedOutput()
	t.Logf("numcodecs decoding Go's output: %s", lastLine(out))
	if err != nil {
		t.Errorf("numcodecs failed on Go's output: %v\n%s", err, out)
	}
	headers := 0
	for _, tc := range cases {
		enc, err := os.ReadFile(filepath.Join(dir, tc.Name+".py"))
		if err != nil {
			continue // reported by the script
		}
		got, err := tc.codec.Decode(enc)
		if err != nil || !bytes.Equal(got, tc.raw) {
			t.Errorf("%s: decoding numcodecs' output: %v", tc.Name, err)
			continue
		}
		b, ok := tc.codec.(*BloscCodec)
		if !ok || len(tc.raw) == 0 {
			continue
		}
		mine, _ := b.Encode(tc.raw)
		// Version, versionlz, typesize, nbytes and blocksize must be
		// c-blosc's; so must the flags except the memcpyed bit, which
		// depends on how well each compressor did.
		if !bytes.Equal(mine[:2], enc[:2]) || !bytes.Equal(mine[3:12], enc[3:12]) ||
			mine[2]&^bloscFlagMemcpyed != enc[2]&^bloscFlagMemcpyed {
			t.Errorf("%s: header % x, c-blosc wrote % x", tc.Name, mine[:12], enc[:12])
		}
		headers++
	}
	t.Logf("%d cases, %d Blosc headers compared", len(cases), headers)
}
