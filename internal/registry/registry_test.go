package registry

import (
	"strings"
	"testing"
)

func TestRule(t *testing.T) {
	m := New[func() int]("test function")
	one, two := constant(1), constant(2)
	e, err := m.Add("f", Code(one), one)
	if err != nil || e.Load()() != 1 {
		t.Fatalf("first Add: %v", err)
	}
	// The same code again: allowed, the newest value wins, the entry stays.
	e2, err := m.Add("f", Code(two), two)
	if err != nil || e2 != e || e.Load()() != 2 {
		t.Fatalf("same code again: entry %p vs %p, err %v, value %d", e2, e, err, e.Load()())
	}
	// Other code under the same name: an error naming registry and name, nothing changed.
	other := func() int { return 3 }
	if _, err := m.Add("f", Code(other), other); err == nil || !strings.Contains(err.Error(), `test function "f"`) {
		t.Fatalf("different function under a taken name: %v", err)
	}
	if f, _ := m.Get("f"); f() != 2 {
		t.Fatalf("a refused Add changed the value")
	}
	if _, err := m.Add("", Code(other), other); err == nil {
		t.Fatal("empty name accepted")
	}
	m.Delete("f")
	if _, ok := m.Get("f"); ok {
		t.Fatal("Delete left the name")
	}
	if _, err := m.Add("f", Code(other), other); err != nil {
		t.Fatalf("a deleted name cannot be reused: %v", err)
	}
	if Code(nil) != 0 || Code(3) != 0 || Code(one) == Code(other) {
		t.Fatal("Code does not tell functions apart")
	}
}

// constant returns a closure of one function literal. Not inlined: an
// inlined copy of a literal is compiled as code of its own.
//
//go:noinline
func constant(n int) func() int { return func() int { return n } }
