package main

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/internal/s3test"
)

// TestS3URLs runs import, info, stats, convert and export on s3:// URLs
// against a real S3 server (the environment points the CLI at it, as a
// user's would): a store converted to S3 and back equals the one
// converted straight to a directory, byte for byte, and every command
// reads what the local one reads.
func TestS3URLs(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket(t, "cli", "")
	srv.Env(t)
	dir := t.TempDir()
	src := interop(t, "expected/v2_f8_none.npy")
	want := readNPY(t, src)

	url := "s3://cli/data/x.zarr"
	mustRun(t, "import", src, url, "--format", "zarr3", "--chunks", "8,8", "--codec", "zstd", "--shard", "2,2")
	info := mustRun(t, "info", url)
	if !strings.Contains(info, url+": Zarr v3 array") || !strings.Contains(info, "shards=(16, 16)") {
		t.Errorf("info %s:\n%s", url, info)
	}
	out := filepath.Join(dir, "back.npy")
	mustRun(t, "export", url, "-o", out)
	same(t, "export from S3", readNPY(t, out), want)

	local := filepath.Join(dir, "local.zarr")
	mustRun(t, "import", src, local, "--format", "zarr3", "--chunks", "8,8", "--codec", "zstd", "--shard", "2,2")
	got := strings.Replace(mustRun(t, "stats", url), url, "PATH", 1)
	if want := strings.Replace(mustRun(t, "stats", local), local, "PATH", 1); got != want {
		t.Errorf("stats differ:\nS3:\n%s\nlocal:\n%s", got, want)
	}

	// convert: S3 → S3 → directory equals directory → directory.
	mustRun(t, "convert", url, "s3://cli/conv.zarr", "--format", "zarr2", "--codec", "zlib", "--chunks", "9,11")
	viaS3 := filepath.Join(dir, "via-s3.zarr")
	mustRun(t, "convert", "s3://cli/conv.zarr", viaS3, "--format", "zarr2", "--codec", "zlib", "--chunks", "9,11")
	direct := filepath.Join(dir, "direct.zarr")
	mustRun(t, "convert", local, direct, "--format", "zarr2", "--codec", "zlib", "--chunks", "9,11")
	sameDirs(t, viaS3, direct)
	// the objects chunkwise wrote to S3 are the files it writes locally
	sameDirs(t, filepath.Join(srv.Dir, "cli", "conv.zarr"), direct)

	// Bad input: one clear line naming the URL, no hang.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"info", "s3://cli/none.zarr"}, "no array or group"},
		{[]string{"info", "s3://nobucket/x.zarr"}, `s3://nobucket/x.zarr/zarr.json: bucket "nobucket" does not exist`},
		{[]string{"export", "gs://b/x.zarr", "-o", out}, "unsupported scheme"},
		{[]string{"convert", local, "s3://cli/r.zarr", "--format", "zarr2", "--resume"}, "local directory"},
	} {
		_, errs, code := run(t, c.args...)
		if code == 0 || !strings.Contains(errs, c.want) {
			t.Errorf("chunkwise %s: exit %d, stderr %q; want an error saying %q", strings.Join(c.args, " "), code, errs, c.want)
		}
	}
}

// TestHTTPURLs runs info and export on http:// URLs of a Zarr store
// served by a plain net/http file server.
func TestHTTPURLs(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(interop(t, "")))}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	base := "http://" + ln.Addr().String()
	if out := mustRun(t, "info", base+"/zarr2/consolidated"); !strings.Contains(out, "consolidated metadata") {
		t.Errorf("info of a consolidated group over HTTP:\n%s", out)
	}
	out := filepath.Join(t.TempDir(), "x.npy")
	mustRun(t, "export", base+"/zarr3/v3_sharded_f8_zstd", "-o", out)
	same(t, "export over HTTP", readNPY(t, out), readNPY(t, interop(t, "expected/v3_sharded_f8_zstd.npy")))
	if _, errs, code := run(t, "info", base+"/zarr2/tree"); code == 0 || !strings.Contains(errs, "consolidated metadata") {
		t.Errorf("info of an unconsolidated group over HTTP: exit %d, %q", code, errs)
	}
	if _, errs, code := run(t, "import", interop(t, "expected/v2_f8_none.npy"), base+"/new.zarr", "--format", "zarr2"); code == 0 || !strings.Contains(errs, "read-only") {
		t.Errorf("import to HTTP: exit %d, %q", code, errs)
	}
}

// sameDirs checks that two directory trees hold the same files with the
// same bytes (versitygw keeps each object as a file of the same path).
func sameDirs(t *testing.T, a, b string) {
	t.Helper()
	files := func(root string) map[string][]byte {
		m := map[string][]byte{}
		filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
			if err == nil && !fi.IsDir() {
				rel, _ := filepath.Rel(root, p)
				m[rel], _ = os.ReadFile(p)
			}
			return nil
		})
		return m
	}
	fa, fb := files(a), files(b)
	if len(fa) == 0 || len(fa) != len(fb) {
		t.Fatalf("%s has %d files, %s %d", a, len(fa), b, len(fb))
	}
	for k, v := range fa {
		if !bytes.Equal(v, fb[k]) {
			t.Errorf("%s differs between %s and %s", k, a, b)
		}
	}
}
