package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/npy"
)

func writeNPY(t *testing.T, dir, name string, d *chunk.Dense) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := npy.WriteFile(p, d); err != nil {
		t.Fatal(err)
	}
	return p
}

func stats(t *testing.T, path string, axis *int, chunks string) map[string]any {
	t.Helper()
	var out bytes.Buffer
	if err := runStats(context.Background(), &out, path, "", axis, chunks); err != nil {
		t.Fatalf("stats %s: %v", path, err)
	}
	if strings.Count(out.String(), "\n") != 1 {
		t.Errorf("output is not one line: %q", out.String())
	}
	var m map[string]any
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("output %q is not JSON: %v", out.String(), err)
	}
	return m
}

func near(got any, want float64) bool {
	g, ok := got.(float64)
	if !ok {
		return false
	}
	return math.Abs(g-want) <= 1e-9*math.Max(1, math.Abs(want))
}

func TestStatsWhole(t *testing.T) {
	dir := t.TempDir()
	shape := []int{37, 23}
	v := make([]float64, 37*23)
	for i := range v {
		v[i] = math.Sin(float64(i)) * 10
	}
	v[100] = math.NaN()
	d, _ := chunk.FromSlice(shape, v)
	p := writeNPY(t, dir, "x.npy", d)
	// Reference, serially.
	var sum, min, max float64 = 0, math.Inf(1), math.Inf(-1)
	amin, amax, n := 0, 0, 0
	for i, x := range v {
		if math.IsNaN(x) {
			continue
		}
		sum += x
		n++
		if x < min {
			min, amin = x, i
		}
		if x > max {
			max, amax = x, i
		}
	}
	for _, chunks := range []string{"", "5", "7,-1", "auto", "1,23"} {
		m := stats(t, p, nil, chunks)
		for _, k := range []string{"sum", "mean", "std", "min", "max"} {
			if m[k] != "NaN" {
				t.Errorf("chunks %q: %s = %v, want NaN", chunks, k, m[k])
			}
		}
		if m["argmin"] != 100.0 || m["argmax"] != 100.0 {
			t.Errorf("chunks %q: argmin/argmax %v %v, want the NaN at 100", chunks, m["argmin"], m["argmax"])
		}
		if !near(m["nansum"], sum) || !near(m["nanmean"], sum/float64(n)) {
			t.Errorf("chunks %q: nansum %v nanmean %v, want %v %v", chunks, m["nansum"], m["nanmean"], sum, sum/float64(n))
		}
	}
	// Without the NaN.
	v[100] = 0
	d, _ = chunk.FromSlice(shape, v)
	p = writeNPY(t, dir, "y.npy", d)
	sum, min, max = 0, math.Inf(1), math.Inf(-1)
	for i, x := range v {
		sum += x
		if x < min {
			min, amin = x, i
		}
		if x > max {
			max, amax = x, i
		}
	}
	mean := sum / float64(len(v))
	ss := 0.0
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	m := stats(t, p, nil, "10,10")
	for k, want := range map[string]float64{"sum": sum, "mean": mean, "std": math.Sqrt(ss / float64(len(v))),
		"min": min, "max": max, "argmin": float64(amin), "argmax": float64(amax), "nansum": sum, "nanmean": mean} {
		if !near(m[k], want) {
			t.Errorf("%s = %v, want %v", k, m[k], want)
		}
	}
	if m["dtype"] != "float64" || m["axis"] != nil {
		t.Errorf("dtype %v axis %v", m["dtype"], m["axis"])
	}
}

func TestStatsAxis(t *testing.T) {
	dir := t.TempDir()
	v := make([]int32, 6*5)
	for i := range v {
		v[i] = int32((i * 7) % 11)
	}
	d, _ := chunk.FromSlice([]int{6, 5}, v)
	p := writeNPY(t, dir, "i.npy", d)
	for _, axis := range []int{0, 1, -1} {
		a := (axis + 2) % 2
		m := stats(t, p, &axis, "4,2")
		outer := 5 // length of the result
		if a == 1 {
			outer = 6
		}
		sums := m["sum"].([]any)
		if len(sums) != outer {
			t.Fatalf("axis %d: %d sums", axis, len(sums))
		}
		for o := 0; o < outer; o++ {
			s, mn, am := 0, 1<<30, 0
			for k := 0; k < 11-outer; k++ {
				i := k*5 + o
				if a == 1 {
					i = o*5 + k
				}
				s += int(v[i])
				if int(v[i]) < mn {
					mn, am = int(v[i]), k
				}
			}
			if sums[o] != float64(s) || m["min"].([]any)[o] != float64(mn) || m["argmin"].([]any)[o] != float64(am) {
				t.Errorf("axis %d, %d: sum %v min %v argmin %v, want %d %d %d", axis, o, sums[o], m["min"].([]any)[o], m["argmin"].([]any)[o], s, mn, am)
			}
		}
	}
	var out bytes.Buffer
	bad := 2
	if err := runStats(context.Background(), &out, p, "", &bad, ""); err == nil {
		t.Error("axis 2 of a 2-d array accepted")
	}
	if err := runStats(context.Background(), &out, p, "", nil, "1,2,3"); err == nil {
		t.Error("3 chunk sizes for 2 axes accepted")
	}
}

// TestStatsBadFiles runs the command and checks that bad input gives one
// line on stderr and exit status 1.
func TestStatsBadFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "chunkwise")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	good, _ := chunk.FromSlice([]int{100}, make([]float64, 100))
	gp := writeNPY(t, dir, "good.npy", good)
	raw, _ := os.ReadFile(gp)
	os.WriteFile(filepath.Join(dir, "trunc.npy"), raw[:len(raw)-9], 0o644)
	os.WriteFile(filepath.Join(dir, "text.npy"), []byte("hello, world\n"), 0o644)
	hdr := "{'descr': '<U8', 'fortran_order': False, 'shape': (3,), }"
	hdr += strings.Repeat(" ", 117-len(hdr)) + "\n"
	os.WriteFile(filepath.Join(dir, "str.npy"), append([]byte("\x93NUMPY\x01\x00\x76\x00"+hdr), make([]byte, 96)...), 0o644)
	for _, name := range []string{"trunc.npy", "text.npy", "str.npy", "missing.npy"} {
		cmd := exec.Command(bin, "stats", filepath.Join(dir, name))
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 1 {
			t.Errorf("%s: exit %v, want status 1", name, err)
		}
		if s := stderr.String(); strings.Count(s, "\n") != 1 || !strings.HasPrefix(s, "chunkwise: ") {
			t.Errorf("%s: stderr %q is not one line", name, s)
		}
		if stdout.Len() > 0 {
			t.Errorf("%s: printed %q", name, stdout.String())
		}
	}
	out, err := exec.Command(bin, "stats", gp, "--chunks", "7").Output()
	if err != nil || !strings.Contains(string(out), `"sum":0`) {
		t.Errorf("good file: %s, %v", out, err)
	}
}

func TestStatsEmpty(t *testing.T) {
	dir := t.TempDir()
	d := chunk.NewDense(chunk.Float64, []int{0, 3})
	p := writeNPY(t, dir, "e.npy", d)
	m := stats(t, p, nil, "")
	if m["sum"] != 0.0 || m["mean"] != "NaN" || m["min"] != nil || m["argmax"] != nil {
		t.Errorf("empty: %v", m)
	}
	one := 1
	m = stats(t, p, &one, "")
	if s, ok := m["min"].([]any); !ok || len(s) != 0 {
		t.Errorf("empty along axis 1: min %v", m["min"])
	}
	zero := 0
	m = stats(t, p, &zero, "")
	if m["min"] != nil || len(m["sum"].([]any)) != 3 {
		t.Errorf("empty axis 0: %v", m)
	}
}

// TestStatsAnyFormat checks that stats reads Zarr stores and HDF5 files
// (the array picked alone or by --array) with the same results as the
// .npy they were imported from.
func TestStatsAnyFormat(t *testing.T) {
	dir := t.TempDir()
	v := make([]float64, 40*30)
	for i := range v {
		v[i] = math.Cos(float64(i)) * 3
	}
	d, _ := chunk.FromSlice([]int{40, 30}, v)
	p := writeNPY(t, dir, "x.npy", d)
	z, h := filepath.Join(dir, "x.zarr"), filepath.Join(dir, "x.h5")
	mustRun(t, "import", p, z, "--format", "zarr3", "--chunks", "16,7", "--codec", "blosc-lz4")
	mustRun(t, "import", p, h, "--format", "hdf5", "--array", "data", "--chunks", "9,30", "--codec", "gzip")
	want := stats(t, p, nil, "")
	for _, c := range []struct{ path, name, chunks string }{{z, "", ""}, {h, "", "13,-1"}, {h, "data", ""}} {
		var out bytes.Buffer
		if err := runStats(context.Background(), &out, c.path, c.name, nil, c.chunks); err != nil {
			t.Fatalf("stats %s: %v", c.path, err)
		}
		var m map[string]any
		if err := json.Unmarshal(out.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range statNames {
			if g, w := m[k].(float64), want[k].(float64); math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
				t.Errorf("%s %s: %v, want %v (from the .npy)", c.path, k, g, w)
			}
		}
	}
	if _, errs, code := run(t, "stats", z, "--array", "nope"); code != 1 || strings.Count(errs, "\n") != 1 {
		t.Errorf("missing --array: exit %d, stderr %q", code, errs)
	}
}
