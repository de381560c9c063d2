package scheduler

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

func init() {
	// test.garbage allocates params[0] MiB that nothing keeps.
	Register("test.garbage", func(b []byte) (Func, error) {
		mib := int(b[0])
		return func([]int, []any) (any, error) {
			s := make([]byte, mib<<20)
			for i := 0; i < len(s); i += 4096 {
				s[i] = 1
			}
			return len(s), nil
		}, nil
	})
}

func forcedGCs() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/forced:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestCollectAfterLargeRun checks that a run that allocated collectAfter
// bytes or more ends with a garbage collection, and a small one without.
func TestCollectAfterLargeRun(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1)) // only forced collections
	run := func(tasks, mib int) uint64 {
		l := &testLayer{name: "garbage", n: tasks, task: func(int) Task { return Task{Kernel: "test.garbage", Params: []byte{byte(mib)}} }}
		before := forcedGCs()
		if _, err := (&Local{Workers: 2}).Run(context.Background(), NewGraph(l), Keys(l)); err != nil {
			t.Fatal(err)
		}
		return forcedGCs() - before
	}
	if n := run(8, 10); n != 1 {
		t.Errorf("a run allocating 80 MiB ended with %d collections, want 1", n)
	}
	if n := run(4, 1); n != 0 {
		t.Errorf("a run allocating 4 MiB ended with %d collections, want 0", n)
	}
}
