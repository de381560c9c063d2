package testcorpus

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Python is the interpreter that has Debian's numpy, zarr, numcodecs and
// h5py.
const Python = "/usr/bin/python3"

// Dir returns the root of the test corpus (the folder holding interop/
// and numcodecs-fixtures/). When it cannot be found the test is skipped,
// or failed when CI=true.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, err := find()
	if err != nil {
		missing(tb, "%v (set CHUNKWISE_TESTDATA, or put the corpus at ../shared/testdata)", err)
	}
	return dir
}

// Path returns Dir(tb) joined with the slash-separated path rel, which
// must exist; otherwise the test is skipped, or failed when CI=true.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Dir(tb), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		missing(tb, "test corpus incomplete: %v", err)
	}
	return p
}

// RequirePython returns Python after checking that it imports every
// module named (e.g. "h5py", "zarr"). When it cannot, the test is
// skipped, or failed when CI=true (`make deps` installs them).
func RequirePython(tb testing.TB, modules ...string) string {
	tb.Helper()
	script := "import " + strings.Join(append([]string{"sys"}, modules...), ", ")
	if out, err := exec.Command(Python, "-c", script).CombinedOutput(); err != nil {
		missing(tb, "%s cannot import %s (run `make deps`): %v %s", Python, strings.Join(modules, ", "), err, lastLine(out))
	}
	return Python
}

// RunPython runs script with Python and the given arguments and fails the
// test, showing the script's output, when it exits non-zero.
func RunPython(tb testing.TB, script string, args ...string) string {
	tb.Helper()
	out, err := exec.Command(Python, append([]string{"-c", script}, args...)...).CombinedOutput()
	if err != nil {
		tb.Fatalf("python: %v\n%s", err, out)
	}
	return string(out)
}

// InCI reports whether the tests run in CI (CI=true), where nothing they
// need may be missing.
func InCI() bool { return os.Getenv("CI") == "true" }

func missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if InCI() {
		tb.Fatalf("CI=true and "+format, args...)
	}
	tb.Skipf(format, args...)
}

var (
	once    sync.Once
	dir     string
	findErr error
)

func find() (string, error) {
	once.Do(func() {
		if d := os.Getenv("CHUNKWISE_TESTDATA"); d != "" {
			if _, err := os.Stat(filepath.Join(d, "interop", "manifest.json")); err != nil {
				findErr = fmt.Errorf("CHUNKWISE_TESTDATA=%s holds no interop/manifest.json", d)
				return
			}
			dir = d
			return
		}
		wd, err := os.Getwd()
		if err != nil {
			findErr = err
			return
		}
		for d := wd; ; d = filepath.Dir(d) {
			cand := filepath.Join(d, "shared", "testdata")
			if _, err := os.Stat(filepath.Join(cand, "interop", "manifest.json")); err == nil {
				dir = cand
				return
			}
			if filepath.Dir(d) == d {
				break
			}
		}
		findErr = fmt.Errorf("test corpus shared/testdata not found above %s", wd)
	})
	return dir, findErr
}

func lastLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}
