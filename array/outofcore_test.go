package array

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// The out-of-core tests run computations over a store four times larger
// than the memory of a real cgroup: the test binary re-executes itself
// (TestMain sees oocJobEnv) inside a memory-limited cgroup v1 group, runs
// one job there with the budget chunkwise derives from the cgroup, and
// the parent checks completion, exact results against an unlimited run
// in its own process, and the child's peak RSS.

const (
	oocJobEnv    = "CHUNKWISE_OOC_JOB"    // a JSON oocJob: run it and exit
	oocCgroupEnv = "CHUNKWISE_OOC_CGROUP" // the cgroup directory the child joins first
	oocLimit     = 256 << 20              // the cgroup's memory limit
)

// oocShape is 1 GiB of float64 in row chunks of 16 MiB.
var oocShape, oocRowChunks, oocColChunks = []int{8192, 16384}, []int{128, 16384}, []int{8192, 256}

type oocJob struct {
	Op  string // twopass, threeout, rechunk
	Src string // the source store
	Out string // result file (twopass, threeout) or destination store (rechunk)
	// Chunks of the destination store (rechunk).
	Chunks []int
}

// oocReport is what the child prints on its last line.
type oocReport struct {
	Budget int64
	Stats  scheduler.Stats
	// PeakRSS is the child's VmHWM, bytes. (Its rusage cannot say: a
	// child started with vfork inherits the parent's peak at exec.)
	PeakRSS int64
}

// peakRSS returns this process's VmHWM from /proc/self/status, or 0.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if n, err := strconv.ParseInt(f[0], 10, 64); err == nil && len(f) == 2 && f[1] == "kB" {
				return n << 10
			}
		}
	}
	return 0
}

func TestMain(m *testing.M) {
	if js := os.Getenv(oocJobEnv); js != "" {
		if err := runOOCJob(js); err != nil {
			fmt.Fprintln(os.Stderr, "out-of-core job:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// oocExprs are the computations of the twopass and threeout jobs.
func oocExprs(op string, x *Array) []*Array {
	if op == "twopass" {
		return []*Array{x.Sub(x.Mean(Axis(0))).Std(Axis(0))}
	}
	return []*Array{x.Mean(Axis(0)), x.Std(Axis(0)), x.Max(Axis(1))}
}

func runOOCJob(js string) error {
	if cg := os.Getenv(oocCgroupEnv); cg != "" {
		if err := os.WriteFile(filepath.Join(cg, "cgroup.procs"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
			return fmt.Errorf("joining the cgroup: %w", err)
		}
	}
	var j oocJob
	if err := json.Unmarshal([]byte(js), &j); err != nil {
		return err
	}
	ctx := context.Background()
	x, err := FromZarr(ctx, j.Src, nil)
	if err != nil {
		return err
	}
	ex := &scheduler.Local{} // the budget comes from the cgroup
	switch j.Op {
	case "twopass", "threeout":
		ds, err := ComputeAll(ctx, oocExprs(j.Op, x), WithExecutor(ex))
		if err != nil {
			return err
		}
		var out []byte
		for _, d := range ds {
			b, _ := d.MarshalBinary()
			out = binaryAppend(out, b)
		}
		if err := os.WriteFile(j.Out, out, 0o644); err != nil {
			return err
		}
	case "rechunk":
		err := x.Rechunk(chunk.Regular(j.Chunks...)).ToZarr(ctx, j.Out,
			zarr.CreateOptions{Format: 2, Codec: "lz4", Chunks: j.Chunks}, WithScratchDir(filepath.Dir(j.Out)))
		if err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown op %q", j.Op)
	}
	b, _ := json.Marshal(oocReport{Budget: scheduler.DefaultMemoryLimit(), Stats: ex.LastStats(), PeakRSS: peakRSS()})
	fmt.Println(string(b))
	return nil
}

// binaryAppend appends b to out after its length.
func binaryAppend(out, b []byte) []byte {
	return append(append(out, []byte(fmt.Sprintf("%d\n", len(b)))...), b...)
}

func splitResults(t *testing.T, b []byte) []*chunk.Dense {
	t.Helper()
	var ds []*chunk.Dense
	for len(b) > 0 {
		nl := strings.IndexByte(string(b), '\n')
		n, err := strconv.Atoi(string(b[:nl]))
		if err != nil || nl+1+n > len(b) {
			t.Fatalf("malformed result file")
		}
		d, err := chunk.UnmarshalDense(b[nl+1 : nl+1+n])
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
		b = b[nl+1+n:]
	}
	return ds
}

// memoryCgroup makes a cgroup v1 memory group limited to limit bytes
// below this process's own group and returns its directory; the group is
// removed when the test ends. Without cgroup v1 or root it skips — but
// fails under CI=true, where these tests must run.
func memoryCgroup(t *testing.T, limit int64) string {
	t.Helper()
	unavailable := func(why string, err error) string {
		if os.Getenv("CI") == "true" {
			t.Fatalf("cannot make a memory cgroup (%s: %v); CI must run the out-of-core tests as root with cgroup v1 memory at /sys/fs/cgroup/memory", why, err)
		}
		t.Skipf("no memory cgroup (%s: %v); run as root with cgroup v1 memory mounted", why, err)
		return ""
	}
	mount := "/sys/fs/cgroup/memory"
	if _, err := os.Stat(filepath.Join(mount, "memory.limit_in_bytes")); err != nil {
		return unavailable("cgroup v1 memory controller", err)
	}
	parent := mount
	if b, err := os.ReadFile("/proc/self/cgroup"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if parts := strings.SplitN(line, ":", 3); len(parts) == 3 && slices.Contains(strings.Split(parts[1], ","), "memory") {
				if p := filepath.Join(mount, parts[2]); isDir(p) {
					parent = p
				}
			}
		}
	}
	dir := filepath.Join(parent, fmt.Sprintf("chunkwise-test-%d-%d", os.Getpid(), time.Now().UnixNano()))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return unavailable("creating "+dir, err)
	}
	t.Cleanup(func() {
		// The child has exited; its charges move to the parent on removal.
		for i := 0; i < 50; i++ {
			if err := os.Remove(dir); err == nil || os.IsNotExist(err) {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Errorf("cgroup %s not removed", dir)
	})
	if err := os.WriteFile(filepath.Join(dir, "memory.limit_in_bytes"), []byte(strconv.FormatInt(limit, 10)), 0o644); err != nil {
		return unavailable("setting the limit", err)
	}
	return dir
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// runInCgroup runs job in a child test binary inside a fresh cgroup
// limited to oocLimit and returns its report and peak RSS in bytes.
func runInCgroup(t *testing.T, job oocJob) (oocReport, int64) {
	t.Helper()
	cg := memoryCgroup(t, oocLimit)
	js, _ := json.Marshal(job)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0])
	cmd.Env = append(os.Environ(), oocJobEnv+"="+string(js), oocCgroupEnv+"="+cg, "GOMAXPROCS=2")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		oom, _ := os.ReadFile(filepath.Join(cg, "memory.failcnt"))
		t.Fatalf("%s in a %d MiB cgroup: %v (memory.failcnt %s)\n%s", job.Op, oocLimit>>20, err, strings.TrimSpace(string(oom)), stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var rep oocReport
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &rep); err != nil {
		t.Fatalf("child report %q: %v", out, err)
	}
	rss := rep.PeakRSS
	if rss <= 0 {
		t.Fatalf("the child reported no peak RSS")
	}
	t.Logf("%s: peak RSS %d MiB, budget %d MiB, stats %+v", job.Op, rss>>20, rep.Budget>>20, rep.Stats)
	return rep, rss
}

// oocStore writes the 1 GiB source store once per test binary run.
func oocStore(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.zarr")
	x := NewRNG(11).Random(oocShape, chunk.Regular(oocRowChunks...))
	if err := x.ToZarr(context.Background(), src, zarr.CreateOptions{Format: 2, Codec: "lz4", Chunks: oocRowChunks}); err != nil {
		t.Fatal(err)
	}
	return src
}

// TestOutOfCoreInCgroup runs two-pass statistics, a three-output
// computation and store-to-store rechunks both ways over a 1 GiB store
// inside a 256 MiB cgroup.
func TestOutOfCoreInCgroup(t *testing.T) {
	memoryCgroup(t, oocLimit) // fail or skip early, before writing the store
	ctx := context.Background()
	src := oocStore(t)
	dir := filepath.Dir(src)
	want := int64(float64(oocLimit) * scheduler.DefaultBudgetFraction)
	checkRSS := func(rep oocReport, rss int64) {
		t.Helper()
		if rep.Budget != want {
			t.Errorf("budget from the cgroup %d, want %d", rep.Budget, want)
		}
		if float64(rss) > 1.1*float64(rep.Budget) {
			t.Errorf("peak RSS %d MiB over the budget %d MiB + 10%%", rss>>20, rep.Budget>>20)
		}
	}
	x, err := FromZarr(ctx, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"twopass", "threeout"} {
		t.Run(op, func(t *testing.T) {
			out := filepath.Join(dir, op+".bin")
			rep, rss := runInCgroup(t, oocJob{Op: op, Src: src, Out: out})
			checkRSS(rep, rss)
			if rep.Stats.Dropped == 0 {
				t.Errorf("no chunk was dropped to be re-read: the test did not exceed the budget (%+v)", rep.Stats)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			got := splitResults(t, b)
			ref, err := ComputeAll(ctx, oocExprs(op, x), WithMemoryLimit(-1))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(ref) {
				t.Fatalf("%d results, want %d", len(got), len(ref))
			}
			for i := range ref {
				if !slices.Equal(got[i].Bytes(), ref[i].Bytes()) {
					t.Errorf("result %d differs from the unlimited run", i)
				}
			}
		})
	}
	t.Run("rechunk", func(t *testing.T) {
		cols := filepath.Join(dir, "cols.zarr")
		rep, rss := runInCgroup(t, oocJob{Op: "rechunk", Src: src, Out: cols, Chunks: oocColChunks})
		checkRSS(rep, rss)
		rows := filepath.Join(dir, "rows.zarr")
		rep, rss = runInCgroup(t, oocJob{Op: "rechunk", Src: cols, Out: rows, Chunks: oocRowChunks})
		checkRSS(rep, rss)
		for _, p := range []string{cols, rows} {
			y, err := FromZarr(ctx, p, nil)
			if err != nil {
				t.Fatal(err)
			}
			same, err := y.Eq(x).All().Compute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if same.Float(0) != 1 {
				t.Errorf("%s differs from the source", p)
			}
		}
		if m, _ := filepath.Glob(filepath.Join(dir, "chunkwise-rechunk-*")); len(m) != 0 {
			t.Errorf("intermediate stores left behind: %v", m)
		}
	})
}
