package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/internal/browsertest"
	"github.com/chunkwise/chunkwise/internal/testcorpus"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/npy"
)

var bin string // the chunkwise binary built for the tests

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "chunkwise-cli")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "chunkwise")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building chunkwise: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	browsertest.Close()
	os.RemoveAll(dir)
	os.Exit(code)
}

func interop(t *testing.T, rel string) string {
	p := filepath.Join(testcorpus.Path(t, "interop"), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// run runs chunkwise with args and returns stdout, stderr and the exit code.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := run(t, args...)
	if code != 0 {
		t.Fatalf("chunkwise %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

func TestInfo(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"zarr2/tree", "flags array dtype=bool shape=(3, 3) chunks=(2, 2)"},
		{"zarr2/consolidated", "consolidated metadata"},
		{"zarr3/tree", "Zarr v3 group"},
		{"zarr3/v3_sharded_f8_zstd", "shards=(20, 14)"},
		{"hdf5/groups.h5", "values array dtype=<f8 shape=(12, 8) layout=chunked chunks=(5, 4) filters=[deflate"},
		{"npy/npy_v1_f4_F.npy", "order=F"},
	} {
		out := mustRun(t, "info", interop(t, tc.path))
		if !strings.Contains(out, tc.want) {
			t.Errorf("info %s: no %q in\n%s", tc.path, tc.want, out)
		}
	}
}

func readNPY(t *testing.T, p string) *chunk.Dense {
	t.Helper()
	d, err := npy.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func same(t *testing.T, what string, got, want *chunk.Dense) {
	t.Helper()
	if got.DType() != want.DType() || !chunk.EqualShapes(got.Shape(), want.Shape()) {
		t.Fatalf("%s: got %v %v, want %v %v", what, got.DType(), got.Shape(), want.DType(), want.Shape())
	}
	for i := 0; i < got.Len(); i++ {
		if g, w := got.Float(i), want.Float(i); g != w && !(math.IsNaN(g) && math.IsNaN(w)) {
			t.Fatalf("%s: element %d is %v, want %v", what, i, g, w)
		}
	}
}

func TestExport(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ src, array, expected string }{
		{"zarr2/v2_f8_none", "", "v2_f8_none"},
		{"zarr3/v3_sharded_f8_zstd", "", "v3_sharded_f8_zstd"},
		{"zarr2/tree", "sub/data", "tree_sub_data"},
		{"hdf5/groups.h5", "/a/b/values", "h5_groups_values"},
		{"npy/npy_v1_f4_F.npy", "", "npy_v1_f4_F"},
	} {
		exp := interop(t, "expected/"+tc.expected+".npy")
		out := filepath.Join(dir, tc.expected+".npy")
		args := []string{"export", interop(t, tc.src), "-o", out}
		if tc.array != "" {
			args = append(args, "--array", tc.array)
		}
		mustRun(t, args...)
		same(t, tc.src, readNPY(t, out), readNPY(t, exp))
	}
}

// TestImportConvert imports a .npy into every format with misaligned
// chunks, codecs and shards, converts each result into every other format
// with new chunks, exports it back and compares; every file written is
// also checked by verify_with_python.py when the Python tools exist.
func TestImportConvert(t *testing.T) {
	dir := t.TempDir()
	srcName := "v2_f8_none" // (37, 23), NaN, ±Inf, -0.0, subnormals
	src := interop(t, "expected/"+srcName+".npy")
	want := readNPY(t, src)
	var entries []map[string]any
	check := func(name, format, path, dataset string) {
		e := map[string]any{"name": name, "format": format, "path": path, "expected": "expected/" + srcName + ".npy", "shape": want.Shape()}
		if dataset != "" {
			e["dataset"] = dataset
		}
		entries = append(entries, e)
	}
	imports := []struct {
		name string
		args []string
	}{
		{"i-z2-lz4", []string{"--format", "zarr2", "--chunks", "10,7", "--codec", "lz4"}},
		{"i-z2-blosc", []string{"--format", "zarr2", "--chunks", "8,8", "--codec", "blosc-zstd"}},
		{"i-z2-bitshuffle", []string{"--format", "zarr2", "--chunks", "8,8", "--codec", "blosc-zstd-bitshuffle:3"}},
		{"i-z3-zstd", []string{"--format", "zarr3", "--chunks", "5,6", "--codec", "zstd"}},
		{"i-z3-shard", []string{"--format", "zarr3", "--chunks", "4,3", "--codec", "blosc-lz4", "--shard", "3,2"}},
		{"i-h5", []string{"--format", "hdf5", "--chunks", "16,16", "--codec", "gzip"}},
	}
	for _, im := range imports {
		dst := filepath.Join(dir, im.name)
		mustRun(t, append([]string{"import", src, dst}, im.args...)...)
		out := filepath.Join(dir, im.name+".npy")
		mustRun(t, "export", dst, "-o", out)
		same(t, im.name, readNPY(t, out), want)
		format, ds := im.args[1], ""
		if format == "hdf5" {
			ds = "data"
		}
		check(im.name, format, im.name, ds)
	}
	// Convert between every pair of formats, rechunking.
	formats := map[string]string{"zarr2": "i-z2-lz4", "zarr3": "i-z3-shard", "hdf5": "i-h5", "npy": "i-h5.npy"}
	for from, srcPath := range formats {
		for _, to := range []string{"zarr2", "zarr3", "hdf5", "npy"} {
			name := "c-" + from + "-" + to
			dst := filepath.Join(dir, name)
			codec := map[string]string{"zarr2": "zlib", "zarr3": "gzip", "hdf5": "gzip", "npy": "none"}[to]
			args := []string{"convert", filepath.Join(dir, srcPath), dst, "--format", to, "--codec", codec, "--chunks", "9,11"}
			if to == "hdf5" {
				args = append(args, "--dst-array", "/g/x")
			}
			mustRun(t, args...)
			out := dst + ".out.npy"
			eargs := []string{"export", dst, "-o", out}
			if to == "hdf5" {
				eargs = append(eargs, "--array", "/g/x")
			}
			mustRun(t, eargs...)
			same(t, name, readNPY(t, out), want)
			ds := ""
			if to == "hdf5" {
				ds = "/g/x"
			}
			check(name, to, name, ds)
		}
	}
	verify(t, dir, srcName, entries)
}

func verify(t *testing.T, dir, expName string, entries []map[string]any) {
	if testing.Short() {
		t.Log("-short: not running verify_with_python.py")
		return
	}
	script := testcorpus.Path(t, "verify_with_python.py")
	testcorpus.RequirePython(t, "zarr", "numcodecs", "h5py")
	os.MkdirAll(filepath.Join(dir, "expected"), 0o755)
	raw, err := os.ReadFile(filepath.Join(testcorpus.Path(t, "interop"), "expected", expName+".npy"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "expected", expName+".npy"), raw, 0o644)
	b, _ := json.MarshalIndent(map[string]any{"arrays": entries, "groups": []any{}}, "", " ")
	os.WriteFile(filepath.Join(dir, "manifest.json"), b, 0o644)
	out, err := exec.Command("/usr/bin/python3", script, dir).CombinedOutput()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	t.Logf("verify_with_python.py on %d outputs: %s", len(entries), lines[len(lines)-1])
	if err != nil {
		t.Errorf("verify_with_python.py failed (%v):\n%s", err, out)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	src := interop(t, "expected/v2_f8_none.npy")
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	junk := filepath.Join(dir, "junk.bin")
	os.WriteFile(junk, []byte("not an array at all"), 0o644)
	for _, args := range [][]string{
		{"info", filepath.Join(dir, "missing")},
		{"info", empty},
		{"info", junk},
		{"info"},
		{"export", src},
		{"export", filepath.Join(dir, "missing.zarr"), "-o", filepath.Join(dir, "x.npy")},
		{"export", interop(t, "zarr2/tree"), "-o", filepath.Join(dir, "x.npy")},
		{"import", src, filepath.Join(dir, "a"), "--format", "zarr4"},
		{"import", src, filepath.Join(dir, "a"), "--format", "zarr2", "--codec", "snappy"},
		{"import", src, filepath.Join(dir, "a"), "--format", "zarr2", "--chunks", "10"},
		{"import", src, filepath.Join(dir, "a"), "--format", "zarr2", "--chunks", "10,x"},
		{"import", src, filepath.Join(dir, "a"), "--format", "zarr2", "--chunks", "0,5"},
		{"import", src, filepath.Join(dir, "a"), "--format", "zarr3", "--codec", "lz4"},
		{"import", src, filepath.Join(dir, "a"), "--format", "hdf5", "--codec", "zstd"},
		{"import", src, filepath.Join(dir, "a"), "--format", "zarr2", "--shard", "2,2"},
		{"import", src, filepath.Join(dir, "a")},
		{"import", interop(t, "zarr2/v2_f8_none"), filepath.Join(dir, "a"), "--format", "zarr2"},
		{"convert", src, filepath.Join(dir, "a")},
		{"convert", junk, filepath.Join(dir, "a"), "--format", "zarr2"},
		{"nosuchcommand"},
	} {
		out, errs, code := run(t, args...)
		lines := strings.Split(strings.TrimSpace(errs), "\n")
		if code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "chunkwise: ") {
			t.Errorf("chunkwise %s: exit %d, stderr %q, stdout %q; want exit 1 and one line", strings.Join(args, " "), code, errs, out)
		}
	}
	// A typo of a command names it and suggests the right one, on one line.
	if _, errs, _ := run(t, "infoo", "x"); strings.TrimSpace(errs) != `chunkwise: unknown command "infoo" for "chunkwise"; Did you mean this? info` {
		t.Errorf("typo: stderr %q", errs)
	}
}

// TestPureGoBuild builds the CLI with CGO_ENABLED=0, as for a static
// binary: it works, and an HDF5 file gets a one-line error saying why it
// cannot be read, in every command that reads one.
func TestPureGoBuild(t *testing.T) {
	dir := t.TempDir()
	pure := filepath.Join(dir, "chunkwise")
	build := exec.Command("go", "build", "-o", pure, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	h5 := filepath.Join(dir, "x.h5")
	if err := os.WriteFile(h5, append([]byte("\x89HDF\r\n\x1a\n"), make([]byte, 504)...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := npy.WriteFile(filepath.Join(dir, "in.npy"), chunk.NewDense(chunk.Float64, []int{3})); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"info", h5}, {"stats", h5}, {"convert", "--format", "zarr3", h5, filepath.Join(dir, "out.zarr")}, {"convert", "--format", "hdf5", filepath.Join(dir, "in.npy"), filepath.Join(dir, "out.h5")}} {
		var stderr bytes.Buffer
		cmd := exec.Command(pure, args...)
		cmd.Stderr = &stderr
		err := cmd.Run()
		msg := strings.TrimSpace(stderr.String())
		if err == nil || !strings.Contains(msg, "built without cgo") || strings.Count(msg, "\n") > 0 {
			t.Errorf("chunkwise %s: err %v, stderr %q; want a one-line 'built without cgo' error", strings.Join(args, " "), err, msg)
		}
	}
	out, err := exec.Command(pure, "--help").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "built without cgo") {
		t.Errorf("chunkwise --help of a pure-Go build does not say it lacks HDF5: %v\n%s", err, out)
	}
}
