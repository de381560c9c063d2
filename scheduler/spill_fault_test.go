package scheduler

import (
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"
)

// mountTmpfs mounts a fresh tmpfs of the given options at a temporary
// directory and unmounts it when the test ends. Without root it skips,
// but fails under CI=true, where these tests must run.
func mountTmpfs(t *testing.T, flags uintptr, opts string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", flags, opts); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mounting a tmpfs (%v): CI must run these tests as root", err)
		}
		t.Skipf("cannot mount a tmpfs (%v); run as root", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmounting %s: %v", dir, err)
		}
	})
	return dir
}

// TestSpillDiskFull spills onto a 32 KiB tmpfs: the first write that
// does not fit fails the run with an error naming the key of the value spilled and the
// full disk, and the files written before are removed.
func TestSpillDiskFull(t *testing.T) {
	dir := mountTmpfs(t, 0, "size=32k")
	e := &Local{Workers: 2, MemoryLimit: 6 * spillElems * 8, SpillDir: dir}
	_, err := runTwoPass(t, e, 32, "dense")
	var te *TaskError
	if !errors.As(err, &te) || te.Key.Name == "" || !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("got %v, want a TaskError naming the key and ENOSPC", err)
	}
	if !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("error %q does not say the disk is full", err)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("spill files left behind: %v", l)
	}
}

// TestSpillDirReadOnly spills into a read-only file system (root may
// write anywhere else): the run fails saying so instead of computing
// without the memory it was promised.
func TestSpillDirReadOnly(t *testing.T) {
	dir := mountTmpfs(t, syscall.MS_RDONLY, "size=1m")
	e := &Local{Workers: 2, MemoryLimit: 6 * spillElems * 8, SpillDir: dir + "/spill"}
	_, err := runTwoPass(t, e, 32, "dense")
	if !errors.Is(err, syscall.EROFS) || !strings.Contains(err.Error(), "spill directory") {
		t.Fatalf("got %v, want a spill directory error on a read-only file system", err)
	}
}
