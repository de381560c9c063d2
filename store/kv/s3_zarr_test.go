package kv_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/s3test"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/kv"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// sameStores checks that a and b hold the same keys with the same bytes.
func sameStores(t *testing.T, a, b store.Store) {
	t.Helper()
	ctx := context.Background()
	ka, err := a.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	kb, err := b.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ka, kb) {
		t.Fatalf("keys differ:\n%v\n%v", ka, kb)
	}
	for _, k := range ka {
		va, _ := a.Get(ctx, k)
		vb, err := b.Get(ctx, k)
		if err != nil || !bytes.Equal(va, vb) {
			t.Fatalf("%s differs (%d and %d bytes, %v)", k, len(va), len(vb), err)
		}
	}
}

// TestS3ZarrRoundTrip writes arrays with ToZarr to s3:// URLs and to
// directories: the objects equal the files byte for byte; FromZarr reads
// them back equal to the data, with one range request per shard's index
// and per run of adjacent inner chunks, and a second compute is served by
// the decoded-chunk cache without any request.
func TestS3ZarrRoundTrip(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket(t, "arrays", "")
	p := s3test.NewProxy(t, srv.Endpoint)
	srv.Env(t)
	t.Setenv("AWS_ENDPOINT_URL", p.URL)
	ctx := context.Background()
	const rows, cols = 100, 70
	data := make([]float64, rows*cols)
	for i := range data {
		data[i] = math.Sin(float64(i)) * 1000
	}
	// Random bits do not compress: LZ4 and Blosc store them verbatim,
	// read straight into the chunk from the response body.
	noise := make([]float64, rows*cols)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range noise {
		noise[i] = math.Float64frombits(rng.Uint64() &^ (0x7ff << 52)) // finite
	}
	for _, c := range []struct {
		name string
		o    zarr.CreateOptions
		data []float64
	}{
		{"v2-zlib", zarr.CreateOptions{Format: 2, Codec: "zlib"}, data},
		{"v3-zstd", zarr.CreateOptions{Format: 3, Codec: "zstd"}, data},
		{"v3-sharded", zarr.CreateOptions{Format: 3, Codec: "zstd", Shard: []int{32, 64}, Checksum: true}, data},
		{"v2-lz4-verbatim", zarr.CreateOptions{Format: 2, Codec: "lz4"}, noise},
		{"v3-blosc-verbatim", zarr.CreateOptions{Format: 3, Codec: "blosc-lz4"}, noise},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := c.data
			x := array.FromSlice(data, []int{rows, cols}, chunk.Regular(16, 16))
			dir := filepath.Join(t.TempDir(), "x.zarr")
			url := "s3://arrays/run/" + c.name + ".zarr"
			if err := x.ToZarr(ctx, dir, c.o); err != nil {
				t.Fatal(err)
			}
			if err := x.ToZarr(ctx, url, c.o); err != nil {
				t.Fatal(err)
			}
			s3s, err := kv.NewS3("arrays", "run/"+c.name+".zarr", srv.Options())
			if err != nil {
				t.Fatal(err)
			}
			sameStores(t, kv.NewDir(dir), s3s)

			var spec chunk.Spec // the store's chunks
			if c.o.Shard != nil {
				spec = chunk.Regular(32, 64) // one array chunk per shard
			}
			y, err := array.FromZarr(ctx, url, spec)
			if err != nil {
				t.Fatal(err)
			}
			p.Requests("") // clear
			got, err := array.ToSlice[float64](ctx, y)
			if err != nil || !slices.Equal(got, data) {
				t.Fatalf("read back: equal %v, %v", slices.Equal(got, data), err)
			}
			gets := p.Requests("GET /arrays/run/" + c.name + ".zarr/")
			if c.o.Shard != nil {
				// 4×2 shards (2 cut by the edge), each: the index, then its
				// inner chunks in one range.
				if want := 2 * 4 * 2; gets != want {
					t.Errorf("%d chunk GETs for 8 shards, want %d", gets, want)
				}
			}
			if want := 7 * 5; c.o.Shard == nil && gets != want {
				t.Errorf("%d chunk GETs for %d chunks", gets, want) // one per chunk, verbatim or not
			}
			if _, err := array.ToSlice[float64](ctx, y); err != nil {
				t.Fatal(err)
			}
			if n := p.Requests("GET"); n != 0 {
				t.Errorf("second compute of a cached array made %d GETs", n)
			}
		})
	}
	// A write whose chunks fail reports the chunk, and FromZarr of a
	// missing store says so.
	x := array.FromSlice(data, []int{rows, cols}, chunk.Regular(16, 16))
	p.SetFault(s3test.Fault{Match: "PUT /arrays/broken.zarr/c", Status: 500})
	err := x.ToZarr(ctx, "s3://arrays/broken.zarr", zarr.CreateOptions{Format: 3})
	if err == nil || !strings.Contains(err.Error(), "s3://arrays/broken.zarr/c/") || !strings.Contains(err.Error(), "500") {
		t.Errorf("write through a 500 storm: %v", err)
	}
	p.SetFault(s3test.Fault{})
	if _, err := array.FromZarr(ctx, "s3://arrays/none.zarr", nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing store: %v", err)
	}
}

type corpusEntry struct {
	Name, Path, Format string
}

// TestRemoteInterop uploads the Zarr stores of the interop corpus to S3
// and serves them over HTTP: every array reads the same from S3, from
// HTTP and from the directory, and the groups list the same members.
func TestRemoteInterop(t *testing.T) {
	root := testcorpus.Path(t, "interop")
	var m struct {
		Arrays []corpusEntry
		Groups []corpusEntry
	}
	b, err := os.ReadFile(filepath.Join(root, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	srv := s3test.Start(t)
	s3s := srv.Bucket(t, "corpus", "interop")
	ctx := context.Background()
	for _, d := range []string{"zarr2", "zarr3"} {
		err := filepath.WalkDir(filepath.Join(root, d), func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			v, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			return s3s.Set(ctx, filepath.ToSlash(rel), v)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	h, err := kv.NewHTTP(fileServer(t, root), kv.Remote{})
	if err != nil {
		t.Fatal(err)
	}
	local := kv.NewDir(root)
	n := 0
	for _, e := range m.Arrays {
		if !strings.HasPrefix(e.Format, "zarr") {
			continue
		}
		want, werr := zarr.Open(ctx, local, e.Path)
		for _, r := range []store.Store{s3s, h} {
			got, err := zarr.Open(ctx, r, e.Path)
			if (err == nil) != (werr == nil) {
				t.Fatalf("%s via %v: open %v, locally %v", e.Name, r, err, werr)
			}
			if err != nil {
				continue
			}
			n++
			sameChunks(t, e.Name, want, got)
		}
	}
	for _, g := range m.Groups {
		if !strings.HasPrefix(g.Format, "zarr") {
			continue
		}
		want := members(t, local, g.Path)
		for _, r := range []store.Store{s3s, h} {
			if strings.HasPrefix(r.(interface{ String() string }).String(), "http") && !strings.Contains(g.Path, "consolidated") {
				continue // HTTP lists only consolidated groups
			}
			if got := members(t, r, g.Path); !slices.Equal(got, want) {
				t.Errorf("group %s via %v: members %v, want %v", g.Path, r, got, want)
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d remote reads of corpus arrays", n)
	}
	if _, err := zarr.OpenGroup(ctx, h, "zarr2/tree"); err != nil {
		t.Fatal(err)
	}
	g, _ := zarr.OpenGroup(ctx, h, "zarr2/tree")
	if _, err := g.Members(ctx); !errors.Is(err, kv.ErrUnsupported) {
		t.Errorf("members of an unconsolidated group over HTTP: %v, want ErrUnsupported", err)
	}
}

// members lists the names of the members of the group at path in s.
func members(t *testing.T, s store.Store, path string) []string {
	t.Helper()
	g, err := zarr.OpenGroup(context.Background(), s, path)
	if err != nil {
		t.Fatalf("group %s in %v: %v", path, s, err)
	}
	ms, err := g.Members(context.Background())
	if err != nil {
		t.Fatalf("group %s in %v: %v", path, s, err)
	}
	var names []string
	for _, m := range ms {
		names = append(names, m.Name)
	}
	return names
}

// sameChunks compares every chunk of two opened arrays (ReadChunk one by
// one on want, ReadChunks at once on got).
func sameChunks(t *testing.T, name string, want, got *zarr.Array) {
	t.Helper()
	ctx := context.Background()
	if !slices.Equal(want.Meta().Shape, got.Meta().Shape) || want.Meta().DType != got.Meta().DType {
		t.Fatalf("%s: meta %v, want %v", name, got.Meta(), want.Meta())
	}
	g, _ := want.Meta().Grid()
	var blocks [][]int
	chunk.EachIndex(g.NumBlocks(), func(b []int) { blocks = append(blocks, slices.Clone(b)) })
	ds, err := got.ReadChunks(ctx, blocks)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for i, b := range blocks {
		w, err := want.ReadChunk(ctx, b)
		if err != nil {
			t.Fatalf("%s %v: %v", name, b, err)
		}
		if !bytes.Equal(w.Bytes(), ds[i].Bytes()) {
			t.Errorf("%s chunk %v differs", name, b)
		}
	}
}

// TestS3WriteFailures writes an array through a proxy that refuses the
// PUTs of some chunks: the other chunks are all written, and the error
// names every chunk that failed (the first ten in its message).
func TestS3WriteFailures(t *testing.T) {
	s, p := s3test.Start(t).Proxied(t, "arrays", "", func(o *kv.S3Options) { o.Retries = -1 })
	ctx := context.Background()
	const rows, cols = 100, 70 // 7×5 chunks of 16×16
	data := make([]float64, rows*cols)
	for i := range data {
		data[i] = float64(i)
	}
	x := array.FromSlice(data, []int{rows, cols}, chunk.Regular(16, 16))
	for _, c := range []struct {
		match  string
		failed int
	}{{"PUT /arrays/part.zarr/c/3/", 5}, {"PUT /arrays/all.zarr/c/", 35}} {
		name := strings.Split(c.match, "/")[2]
		z, err := zarr.Create(ctx, s, name, zarr.CreateOptions{Format: 3, DType: chunk.Float64, Shape: []int{rows, cols}, Chunks: []int{16, 16}})
		if err != nil {
			t.Fatal(err)
		}
		p.SetFault(s3test.Fault{Match: c.match, Status: 500})
		err = x.Store(ctx, z)
		p.SetFault(s3test.Fault{})
		var we *array.WriteError
		if !errors.As(err, &we) || len(we.Failed) != c.failed || we.Writes != 35 {
			t.Fatalf("%s: %v, want a WriteError with %d of 35 failed", name, err, c.failed)
		}
		keys := map[string]bool{}
		for _, f := range we.Failed {
			k := f.Error()
			k = k[strings.Index(k, "s3://arrays/"+name+"/c/"):]
			k = k[:strings.Index(k, ": ")]
			keys[k] = true
		}
		if len(keys) != c.failed {
			t.Errorf("%s: %d distinct keys among %d failures", name, len(keys), c.failed)
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, fmt.Sprintf("array: store: %d of 35 chunk writes failed: ", c.failed)) ||
			strings.Count(msg, "injected fault") != min(c.failed, 10) ||
			(c.failed > 10) != strings.HasSuffix(msg, fmt.Sprintf("; and %d more", c.failed-10)) {
			t.Errorf("%s: message %q", name, msg)
		}
		// The failed chunks are absent; every other is written.
		g, _ := z.Meta().Grid()
		g.Blocks(func(b []int) {
			key := fmt.Sprintf("%s/c/%d/%d", name, b[0], b[1])
			_, err := s.Get(ctx, key)
			if keys["s3://arrays/"+key] != errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: chunk %v: %v", name, b, err)
				return
			}
			d, err := z.ReadChunk(ctx, b)
			if err != nil {
				t.Fatal(err)
			}
			if box := g.BlockBox(b); !keys["s3://arrays/"+key] && d.Float(0) != float64(box.Min[0]*cols+box.Min[1]) {
				t.Errorf("%s: chunk %v starts with %v", name, b, d.Float(0))
			}
		})
	}
}

// TestS3ConsolidatedV3 writes v3 arrays to S3 and consolidates their
// metadata into the group's zarr.json as zarr-python 3 does: listing the
// group then reads only that document, with no LIST request, over S3 and
// over HTTP (which cannot list), and the arrays read back.
func TestS3ConsolidatedV3(t *testing.T) {
	srv := s3test.Start(t)
	s, p := srv.Proxied(t, "cons", "", nil)
	ctx := context.Background()
	data := make([]float64, 30*20)
	for i := range data {
		data[i] = float64(i) / 7
	}
	x := array.FromSlice(data, []int{30, 20}, chunk.Regular(8, 8))
	meta := map[string]json.RawMessage{}
	for _, name := range []string{"a", "sub/b"} {
		z, err := zarr.Create(ctx, s, "g.zarr/"+name, zarr.CreateOptions{Format: 3, DType: chunk.Float64,
			Shape: []int{30, 20}, Chunks: []int{8, 8}, Codec: "zstd"})
		if err != nil {
			t.Fatal(err)
		}
		if err := x.Store(ctx, z); err != nil {
			t.Fatal(err)
		}
		if meta[name], err = s.Get(ctx, "g.zarr/"+name+"/zarr.json"); err != nil {
			t.Fatal(err)
		}
	}
	meta["sub"] = json.RawMessage(`{"zarr_format":3,"node_type":"group","attributes":{},"consolidated_metadata":null}`)
	doc, _ := json.Marshal(map[string]any{"zarr_format": 3, "node_type": "group", "attributes": map[string]any{},
		"consolidated_metadata": map[string]any{"kind": "inline", "must_understand": false, "metadata": meta}})
	if err := s.Set(ctx, "g.zarr/zarr.json", doc); err != nil {
		t.Fatal(err)
	}
	h, err := kv.NewHTTP(srv.Endpoint+"/cons", kv.Remote{})
	if err != nil {
		t.Fatal(err)
	}
	// versitygw answers anonymous GETs of a public bucket only.
	c, err := minio.New(strings.TrimPrefix(srv.Endpoint, "http://"), &minio.Options{
		Creds: credentials.NewStaticV4(srv.AccessKey, srv.SecretKey, ""), Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetBucketPolicy(ctx, "cons", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",`+
		`"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::cons/*"]}]}`); err != nil {
		t.Fatal(err)
	}
	p.Requests("")
	for _, st := range []store.Store{s, h} {
		if got := members(t, st, "g.zarr"); !slices.Equal(got, []string{"a", "sub"}) {
			t.Errorf("%v: members %v", st, got)
		}
		g, _ := zarr.OpenGroup(ctx, st, "g.zarr/sub")
		ms, err := g.Members(ctx)
		if err == nil && st == store.Store(h) {
			t.Errorf("%v: members of the unconsolidated subgroup listed over HTTP", st)
		}
		root, _ := zarr.OpenGroup(ctx, st, "g.zarr")
		ms, err = root.Members(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sub, err := ms[1].Group.Members(ctx)
		if err != nil || len(sub) != 1 || sub[0].Array == nil {
			t.Fatalf("%v: members of sub from the root's consolidated metadata: %v, %v", st, sub, err)
		}
		for _, a := range []*zarr.Array{ms[0].Array, sub[0].Array} {
			got, err := array.ToSlice[float64](ctx, array.FromStore(a, nil))
			if err != nil || !slices.Equal(got, data) {
				t.Errorf("%v: %s read back: %v", st, a.Path(), err)
			}
		}
	}
	if n := p.Requests("list-type"); n != 1 {
		t.Errorf("%d LIST requests, want 1 (the unconsolidated subgroup's)", n)
	}
}
