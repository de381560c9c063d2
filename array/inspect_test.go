package array

import (
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

func TestWriteDOT(t *testing.T) {
	// A random array cannot be read transposed in place, so its transpose
	// is a task of its own.
	x := NewRNG(1).Random([]int{4, 4}, chunk.Regular(2, 2))
	var sb strings.Builder
	if err := WriteDOT(&sb, x.T().Sum(SplitEvery(2))); err != nil {
		t.Fatal(err)
	}
	dot := sb.String()
	for _, want := range []string{"digraph", "array.transpose", "reductions.", "->"} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT output lacks %q:\n%s", want, dot)
		}
	}
	bad := x.Add(Ones([]int{3}, chunk.Float64, nil))
	if err := WriteDOT(&sb, bad); err == nil {
		t.Error("WriteDOT of an array carrying an error succeeded")
	}
}
